// spike_generator: emits spikes at given times (relative to origin), each target receiving
// every spike with the connection's weight (times the spike's own weight, when given) after
// the connection's delay. Times are put on the grid as NEST does.
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

class spike_generator : public configurable<spike_generator> {
    friend class configurable<spike_generator>;

public:
    static constexpr std::string_view name = "spike_generator";
    static constexpr node_kind kind = node_kind::stimulator;

    /// spike_times (ms, sorted), spike_weights (empty, or one factor per spike),
    /// allow_offgrid_times: a time off the grid is moved to the end of its step instead of
    /// being an error.
    struct parameters {
        AXON_FIELDS(parameters, (std::vector<double>, spike_times, {}),
                    (std::vector<double>, spike_weights, {}), (bool, allow_offgrid_times, false),
                    (double, start, 0.0), (double, stop, std::numeric_limits<double>::infinity()),
                    (double, origin, 0.0))
    };

    spike_generator() = default;
    spike_generator(const parameters& p)
        : params_(checked(p)) {}

    /// Puts every spike on the grid (a spike at t is emitted in step t/dt and stamped t).
    void calibrate(const time_grid& grid) {
        window_ = activity_window::from(grid, name, params_.origin, params_.start, params_.stop);
        const step_t origin = grid.steps(params_.origin, "spike_generator: origin");
        steps_.clear();
        weights_.clear();
        for (std::size_t i = 0; i < params_.spike_times.size(); ++i) {
            const double t = params_.spike_times[i];
            step_t k;
            if (grid.on_grid(t)) {
                k = grid.steps(t, "spike_generator: spike time");
            } else if (params_.allow_offgrid_times) {
                require(t / grid.resolution() < 1e15, name, "spike_times", t,
                        "spike times must stay below 1e15 steps");
                k = static_cast<step_t>(std::ceil(t / grid.resolution()));
            } else {
                throw time_error(detail::concat(
                    "spike_generator: spike time ", t, " ms is not a multiple of the resolution ",
                    grid.resolution(), " ms; put it on the grid or set allow_offgrid_times"));
            }
            steps_.push_back(origin + k);
            weights_.push_back(params_.spike_weights.empty() ? 1.0 : params_.spike_weights[i]);
        }
    }

    /// The weights of the spikes emitted in step k, summed by sign (two spikes at one time
    /// add up).
    [[nodiscard]] weights_by_sign spikes(step_t k) const {
        weights_by_sign out;
        if (!window_.contains(k))
            return out;
        const auto [first, last] = std::equal_range(steps_.begin(), steps_.end(), k);
        for (auto it = first; it != last; ++it) {
            const double w = weights_[static_cast<std::size_t>(it - steps_.begin())];
            (w >= 0.0 ? out.positive : out.negative) += w;
        }
        return out;
    }

private:
    static void validate(const parameters& p) {
        const auto& t = p.spike_times;
        for (std::size_t i = 0; i < t.size(); ++i) {
            require(std::isfinite(t[i]) && t[i] >= 0, name, "spike_times", t[i],
                    "spike times must be finite and >= 0 ms");
            require(i == 0 || t[i - 1] <= t[i], name, "spike_times", t[i],
                    detail::concat("spike times must be sorted; it follows ", i ? t[i - 1] : 0.0));
        }
        require(p.spike_weights.empty() || p.spike_weights.size() == t.size(), name,
                "spike_weights", static_cast<double>(p.spike_weights.size()),
                detail::concat("give no weights or one per spike time (", t.size(), ")"));
        for (double w : p.spike_weights)
            require(std::isfinite(w) && std::abs(w) <= 1e100, name, "spike_weights", w,
                    "weights must be finite, of magnitude at most 1e100 (beyond, the sums of "
                    "inputs overflow)");
    }

    parameters params_;
    activity_window window_{};
    std::vector<step_t> steps_;
    std::vector<double> weights_;
};

} // namespace axon
