// The activity window every NEST device shares: a device is active for events stamped t with
// origin + start < t <= origin + stop. Kept in steps once the resolution is known.
#pragma once

#include <cmath>
#include <string_view>

#include "axon/core/error.hpp"
#include "axon/core/time.hpp"

namespace axon {

/// (first, last] in steps: active for steps k with first < k <= last.
struct activity_window {
    step_t first = 0;
    step_t last = 0;

    [[nodiscard]] constexpr bool contains(step_t k) const { return first < k && k <= last; }

    /// NEST's checks of a device's window: origin and start finite, start <= stop (stop may be
    /// infinite).
    static void check(std::string_view device, double origin, double start, double stop) {
        require(std::isfinite(origin), device, "origin", origin, "it must be finite");
        require(std::isfinite(start), device, "start", start, "it must be finite");
        require(!std::isnan(stop) && stop >= start, device, "stop", stop,
                detail::concat("it must be >= start = ", start, " ms"));
    }

    /// From a device's origin, start and stop (ms); each must lie on the grid, stop may be
    /// infinite, and start must not come after stop.
    static activity_window from(const time_grid& grid, std::string_view device, double origin,
                                double start, double stop) {
        check(device, origin, start, stop);
        const auto what = [&](std::string_view p) { return detail::concat(device, ": ", p); };
        const step_t o = grid.steps(origin, what("origin"));
        const step_t s = grid.steps(start, what("start"));
        const step_t e =
            std::isinf(stop) ? grid.steps_rounded(stop) : grid.steps(stop, what("stop"));
        return {o + s, std::isinf(stop) ? e : o + e};
    }
};

} // namespace axon
