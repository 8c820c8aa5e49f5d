// step_current_generator: a piecewise constant current, the same for every target, scaled by
// the connection weight and delivered after the connection's delay. The current takes the
// value amplitude_values[i] from the step that reaches amplitude_times[i] on (the step k with
// k dt = amplitude_times[i]) until the next time; before the first time it is 0. Times are
// absolute (origin shifts only the activity window), strictly positive and strictly
// increasing once put on the grid; a time off the grid is an error unless allow_offgrid_times,
// which moves it to the end of its step.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string_view>
#include <vector>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/settings.hpp"
#include "axon/devices/activity.hpp"

namespace axon {

class step_current_generator : public configurable<step_current_generator> {
    friend class configurable<step_current_generator>;

public:
    static constexpr std::string_view name = "step_current_generator";
    static constexpr node_kind kind = node_kind::stimulator;

    /// amplitude_times (ms, strictly increasing), amplitude_values (pA, one per time).
    struct parameters {
        AXON_FIELDS(parameters, (std::vector<double>, amplitude_times, {}),
                    (std::vector<double>, amplitude_values, {}), (bool, allow_offgrid_times, false),
                    (double, start, 0.0), (double, stop, std::numeric_limits<double>::infinity()),
                    (double, origin, 0.0))
    };

    step_current_generator() = default;
    step_current_generator(const parameters& p)
        : params_(checked(p)) {}

    /// Puts the times on the grid; they must stay strictly increasing there.
    void calibrate(const time_grid& grid) {
        window_ = activity_window::from(grid, name, params_.origin, params_.start, params_.stop);
        std::vector<step_t> steps;
        steps.reserve(params_.amplitude_times.size());
        for (const double t : params_.amplitude_times) {
            step_t k;
            if (grid.on_grid(t)) {
                k = grid.steps(t, "step_current_generator: amplitude time");
            } else if (params_.allow_offgrid_times) {
                k = static_cast<step_t>(std::ceil(t / grid.resolution()));
            } else {
                throw time_error(
                    detail::concat("step_current_generator: amplitude time ", t,
                                   " ms is not a multiple of the resolution ", grid.resolution(),
                                   " ms; put it on the grid or set allow_offgrid_times"));
            }
            require(k >= 1, name, "amplitude_times", t,
                    "the current can only change at times > 0 ms");
            require(steps.empty() || steps.back() < k, name, "amplitude_times", t,
                    detail::concat("times must be strictly increasing on the grid of ",
                                   grid.resolution(),
                                   " ms; it falls into the step of the "
                                   "time before it"));
            steps.push_back(k);
        }
        steps_ = std::move(steps);
    }

    /// The current emitted in step k: the value of the last amplitude time reached by the end
    /// of step k (0 before the first, and outside the activity window).
    [[nodiscard]] double current(step_t k) const {
        if (!window_.contains(k))
            return 0.0;
        const auto it = std::upper_bound(steps_.begin(), steps_.end(), k);
        if (it == steps_.begin())
            return 0.0;
        return params_.amplitude_values[static_cast<std::size_t>(it - steps_.begin()) - 1];
    }

private:
    static void validate(const parameters& p) {
        const auto& t = p.amplitude_times;
        for (std::size_t i = 0; i < t.size(); ++i) {
            require(std::isfinite(t[i]) && t[i] > 0, name, "amplitude_times", t[i],
                    "times must be finite and > 0 ms");
            require(i == 0 || t[i - 1] < t[i], name, "amplitude_times", t[i],
                    detail::concat("times must be strictly increasing; it follows ",
                                   i ? t[i - 1] : 0.0));
        }
        require(p.amplitude_values.size() == t.size(), name, "amplitude_values",
                static_cast<double>(p.amplitude_values.size()),
                detail::concat("give one value per amplitude time (", t.size(), ")"));
        for (const double v : p.amplitude_values)
            require(std::isfinite(v), name, "amplitude_values", v,
                    "values must be finite numbers of pA");
        activity_window::check(name, p.origin, p.start, p.stop);
    }

    parameters params_;
    activity_window window_{};
    std::vector<step_t> steps_;
};

} // namespace axon
