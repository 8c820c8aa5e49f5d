// poisson_generator: a Poisson spike train at `rate` (Hz) for every target, each target its own
// independent train (as NEST, which draws for every target separately). In step k a target
// receives n spikes, n Poisson distributed with mean rate * dt / 1000, each with the
// connection's weight, after the connection's delay; spikes are emitted for start < t <= stop
// (shifted by origin), t = k dt the stamp of step k.
//
// Randomness (DESIGN rule 9): the count of target n in step k comes from the stream
// (rng_seed, this device's node id, n, k), so it does not depend on other targets, other nodes,
// the order of updates, or how the simulated time is split into simulate calls.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/random.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/settings.hpp"
#include "axon/devices/activity.hpp"

namespace axon {

class poisson_generator : public configurable<poisson_generator> {
    friend class configurable<poisson_generator>;

public:
    static constexpr std::string_view name = "poisson_generator";
    static constexpr node_kind kind = node_kind::stimulator;

    /// rate (Hz, the mean rate of every target's train).
    struct parameters {
        AXON_FIELDS(parameters, (double, rate, 0.0), (double, start, 0.0),
                    (double, stop, std::numeric_limits<double>::infinity()), (double, origin, 0.0))
    };

    poisson_generator() = default;
    poisson_generator(const parameters& p)
        : params_(checked(p)) {}

    void calibrate(const time_grid& grid, const device_context& ctx) {
        window_ = activity_window::from(grid, name, params_.origin, params_.start, params_.stop);
        ctx_ = ctx;
        mean_ = params_.rate * grid.resolution() / 1000.0;
        // beyond this the sampler's integer count overflows (and never returns)
        require(mean_ <= 1e15, name, "rate", params_.rate,
                detail::concat("at most 1e15 spikes per step (", 1e18 / grid.resolution(),
                               " Hz at this resolution)"));
        // the distribution's constants, computed once; copied (fresh) for every draw
        counts_ = std::poisson_distribution<long>(mean_ > 0.0 ? mean_ : 1.0);
    }

    /// Mean number of spikes per target and step (rate * dt / 1000).
    [[nodiscard]] double mean_per_step() const { return mean_; }

    /// The number of spikes target `target` (a global node id) receives from step k.
    [[nodiscard]] double spikes(step_t k, std::uint64_t target) const {
        if (mean_ <= 0.0 || !window_.contains(k))
            return 0.0;
        random_stream stream(ctx_.rng_seed, ctx_.node_id, target, k);
        auto counts = counts_; // a fresh copy: no state carried between draws
        return static_cast<double>(counts(stream));
    }

private:
    static void validate(const parameters& p) {
        require(std::isfinite(p.rate) && p.rate >= 0, name, "rate", p.rate,
                "it must be a finite number of Hz, >= 0");
        activity_window::check(name, p.origin, p.start, p.stop);
    }

    parameters params_;
    activity_window window_{};
    device_context ctx_{};
    double mean_ = 0.0;
    std::poisson_distribution<long> counts_{1.0};
};

} // namespace axon
