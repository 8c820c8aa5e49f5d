// The time grid. Simulation time is an integer number of steps of the resolution dt, so
// 10^7 steps do not drift; milliseconds are derived (step * dt) only where a user sees them.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "axon/core/error.hpp"

namespace axon {

using step_t = std::int64_t;

/// The simulation resolution and conversions between milliseconds and steps. As in NEST,
/// time is counted in tics of 1 us (1000 per ms); the resolution is a whole number of tics,
/// and a step's time in ms is its tics times 0.001, so stamps are NEST's doubles exactly
/// (step 593 at dt = 0.1 is 59.300000000000004 ms, step 3 is 0.3 ms).
class time_grid {
public:
    static constexpr double default_resolution = 0.1; // ms, as NEST
    static constexpr std::int64_t tics_per_ms = 1000; // NEST's default tic of 1 us
    static constexpr double ms_per_tic = 1.0 / tics_per_ms;

    constexpr time_grid() = default;
    explicit time_grid(double resolution_ms)
        : dt_(resolution_ms) {
        if (!(std::isfinite(resolution_ms) && resolution_ms > 0.0)) {
            throw time_error(detail::concat("resolution = ", resolution_ms,
                                            " ms is not allowed; it must be finite and > 0"));
        }
        tics_per_step_ = std::llround(resolution_ms * tics_per_ms);
        if (tics_per_step_ < 1 ||
            std::abs(resolution_ms * tics_per_ms - static_cast<double>(tics_per_step_)) > 1e-6) {
            throw time_error(detail::concat("resolution = ", resolution_ms,
                                            " ms is not allowed; it must be a multiple of ",
                                            ms_per_tic, " ms"));
        }
    }

    [[nodiscard]] constexpr double resolution() const { return dt_; }

    /// Time in ms of the end of step k (NEST stamps events of step k with this time).
    [[nodiscard]] constexpr double ms(step_t k) const {
        return static_cast<double>(k * tics_per_step_) * ms_per_tic;
    }

    /// True when `ms` is a whole number of steps (after rounding to tics, as NEST does).
    [[nodiscard]] bool on_grid(double ms) const {
        const double tics = std::round(ms * tics_per_ms);
        return std::isfinite(tics) && std::fmod(tics, static_cast<double>(tics_per_step_)) == 0.0;
    }

    /// Steps in `ms`, which must be a multiple of the resolution; `what` names the quantity
    /// in the error ("multimeter: interval").
    [[nodiscard]] step_t steps(double ms, std::string_view what) const {
        if (std::abs(ms * tics_per_ms) >= 1e18) {
            throw time_error(
                detail::concat(what, " = ", ms, " ms is too large: times must stay below 1e15 ms"));
        }
        if (!on_grid(ms)) {
            throw time_error(detail::concat(
                what, " = ", ms, " ms is not a multiple of the resolution ", dt_, " ms"));
        }
        return std::llround(ms * tics_per_ms) / tics_per_step_;
    }

    /// Steps in `ms` rounded to the nearest step; infinite or huge values saturate, so
    /// `stop = inf` means "never".
    [[nodiscard]] step_t steps_rounded(double ms) const {
        constexpr auto far = std::numeric_limits<step_t>::max() / 4;
        const double q = std::round(ms / dt_);
        if (!(q < static_cast<double>(far)))
            return far;
        if (!(q > -static_cast<double>(far)))
            return -far;
        return static_cast<step_t>(q);
    }

private:
    double dt_ = default_resolution;
    std::int64_t tics_per_step_ = 100;
};

} // namespace axon
