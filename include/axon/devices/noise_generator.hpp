// noise_generator: a piecewise constant Gaussian current, a value of its own for every target.
// For t0 + j dt < t <= t0 + (j+1) dt (t0 the onset of the activity window, dt the parameter
// below) target n receives
//     I = mean + N_{j,n} sqrt(std^2 + std_mod^2 sin(omega t_j + phi)),
// N_{j,n} standard normal, independent between intervals and targets; omega = 2 pi frequency,
// phi = phase in degrees, t_j the end of the first step of interval j. Scaled by the
// connection weight and delivered after the connection's delay.
//
// Randomness (DESIGN rule 9): N_{j,n} is drawn from the stream (rng_seed, this device's node
// id, n, first step of interval j), so a value is held for the whole interval without any
// state, and it does not depend on other targets, other nodes or the order of updates.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/random.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/settings.hpp"
#include "axon/devices/activity.hpp"

namespace axon {

class noise_generator : public configurable<noise_generator> {
    friend class configurable<noise_generator>;

public:
    static constexpr std::string_view name = "noise_generator";
    static constexpr node_kind kind = node_kind::stimulator;

    /// mean, std, std_mod (pA), dt (ms; NEST's default is 10 resolutions, 1 ms at the default
    /// resolution of 0.1 ms), frequency (Hz) and phase (degrees) of the modulation of std.
    struct parameters {
        AXON_FIELDS(parameters, (double, mean, 0.0), (double, std, 0.0), (double, dt, 1.0),
                    (double, std_mod, 0.0), (double, frequency, 0.0), (double, phase, 0.0),
                    (double, start, 0.0), (double, stop, std::numeric_limits<double>::infinity()),
                    (double, origin, 0.0))
    };

    noise_generator() = default;
    noise_generator(const parameters& p)
        : params_(checked(p)) {}

    /// dt must be a whole number (>= 1) of steps.
    void calibrate(const time_grid& grid, const device_context& ctx) {
        window_ = activity_window::from(grid, name, params_.origin, params_.start, params_.stop);
        interval_ = grid.steps(params_.dt, "noise_generator: dt");
        require(interval_ >= 1, name, "dt", params_.dt,
                detail::concat("it must be a multiple of the resolution ", grid.resolution(),
                               " ms and at least one step"));
        grid_ = grid;
        ctx_ = ctx;
        omega_ = 2.0 * std::numbers::pi * params_.frequency / 1000.0; // rad per ms
        phi_ = params_.phase * std::numbers::pi / 180.0;
    }

    /// The first step of the noise interval that holds step k (k inside the window).
    [[nodiscard]] step_t interval_begin(step_t k) const {
        const step_t first = window_.first + 1;
        return first + (k - first) / interval_ * interval_;
    }

    /// The current target `target` (a global node id) receives from step k.
    [[nodiscard]] double current(step_t k, std::uint64_t target) const {
        if (!window_.contains(k))
            return 0.0;
        const step_t begin = interval_begin(k);
        double sigma = params_.std;
        if (params_.std_mod != 0.0) {
            const double s = std::sin(omega_ * grid_.ms(begin) + phi_);
            sigma = std::sqrt(
                std::max(0.0, params_.std * params_.std + params_.std_mod * params_.std_mod * s));
        }
        if (sigma == 0.0)
            return params_.mean;
        random_stream stream(ctx_.rng_seed, ctx_.node_id, target, begin);
        std::normal_distribution<double> normal(params_.mean, sigma);
        return normal(stream);
    }

private:
    static void validate(const parameters& p) {
        require(std::isfinite(p.mean), name, "mean", p.mean, "it must be a finite number of pA");
        require(std::isfinite(p.std) && p.std >= 0, name, "std", p.std,
                "it must be a finite number of pA, >= 0");
        require(std::isfinite(p.std_mod) && p.std_mod >= 0 && p.std_mod <= p.std, name, "std_mod",
                p.std_mod, detail::concat("it must be finite, >= 0 and <= std = ", p.std, " pA"));
        require(std::isfinite(p.dt) && p.dt > 0, name, "dt", p.dt,
                "it must be a finite number of ms, > 0 and a multiple of the resolution");
        require(std::isfinite(p.frequency), name, "frequency", p.frequency,
                "it must be a finite number of Hz");
        require(std::isfinite(p.phase), name, "phase", p.phase,
                "it must be a finite number of degrees");
        activity_window::check(name, p.origin, p.start, p.stop);
    }

    parameters params_;
    activity_window window_{};
    time_grid grid_{};
    device_context ctx_{};
    step_t interval_ = 10;
    double omega_ = 0.0;
    double phi_ = 0.0;
};

} // namespace axon
