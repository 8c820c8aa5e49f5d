// ac_generator: a sinusoidal current offset + amplitude * sin(omega t + phi), omega =
// 2 pi frequency, phi = phase in degrees, the same for every target, scaled by the connection
// weight and delivered after the connection's delay. start/stop/origin only window the current;
// they do not shift its time axis (as in NEST).
//
// Which t belongs to step k: NEST keeps the sine as a two-dimensional oscillator that starts at
// t = 0 with the phase phi and is advanced by one step before its value is sent, so the current
// emitted in step k (the interval ((k-1) dt, k dt]) is the sine at the step's end, t = k dt, the
// time NEST stamps that step's events with. axon evaluates the closed form at t = k dt.
#pragma once

#include <cmath>
#include <limits>
#include <numbers>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/settings.hpp"
#include "axon/devices/activity.hpp"

namespace axon {

class ac_generator : public configurable<ac_generator> {
    friend class configurable<ac_generator>;

public:
    static constexpr std::string_view name = "ac_generator";
    static constexpr node_kind kind = node_kind::stimulator;

    /// amplitude and offset (pA), frequency (Hz), phase (degrees); NEST's defaults.
    struct parameters {
        AXON_FIELDS(parameters, (double, amplitude, 0.0), (double, offset, 0.0),
                    (double, frequency, 0.0), (double, phase, 0.0), (double, start, 0.0),
                    (double, stop, std::numeric_limits<double>::infinity()), (double, origin, 0.0))
    };

    ac_generator() = default;
    ac_generator(const parameters& p)
        : params_(checked(p)) {}

    void calibrate(const time_grid& grid) {
        window_ = activity_window::from(grid, name, params_.origin, params_.start, params_.stop);
        grid_ = grid;
        omega_ = 2.0 * std::numbers::pi * params_.frequency / 1000.0; // rad per ms
        phi_ = params_.phase * std::numbers::pi / 180.0;
    }

    /// The current emitted in step k: the sine at t = k dt (0 outside the activity window).
    [[nodiscard]] double current(step_t k) const {
        if (!window_.contains(k))
            return 0.0;
        return params_.offset + params_.amplitude * std::sin(omega_ * grid_.ms(k) + phi_);
    }

private:
    static void validate(const parameters& p) {
        require(std::isfinite(p.amplitude), name, "amplitude", p.amplitude,
                "it must be a finite number of pA");
        require(std::isfinite(p.offset), name, "offset", p.offset,
                "it must be a finite number of pA");
        require(std::isfinite(p.frequency), name, "frequency", p.frequency,
                "it must be a finite number of Hz");
        require(std::isfinite(p.phase), name, "phase", p.phase,
                "it must be a finite number of degrees");
        activity_window::check(name, p.origin, p.start, p.stop);
    }

    parameters params_;
    activity_window window_{};
    time_grid grid_{};
    double omega_ = 0.0;
    double phi_ = 0.0;
};

} // namespace axon
