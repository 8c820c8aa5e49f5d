// spike_recorder: collects the spikes of the neurons connected to it (neuron -> recorder, as
// in NEST), stamped k * dt for a spike in step k, within its activity window.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/settings.hpp"
#include "axon/devices/activity.hpp"
#include "axon/record/recording.hpp"

namespace axon {

class spike_recorder : public configurable<spike_recorder> {
    friend class configurable<spike_recorder>;

public:
    static constexpr std::string_view name = "spike_recorder";
    static constexpr node_kind kind = node_kind::collector;

    struct parameters {
        AXON_FIELDS(parameters, (double, start, 0.0),
                    (double, stop, std::numeric_limits<double>::infinity()), (double, origin, 0.0))
    };

    spike_recorder() = default;
    spike_recorder(const parameters& p)
        : params_(p) {}

    [[nodiscard]] const spike_recording& events() const { return events_; }
    [[nodiscard]] std::size_t n_events() const { return events_.n_events(); }
    /// Forgets what was recorded (NEST: setting n_events to 0).
    void clear() { events_.clear(); }

    void calibrate(const time_grid& grid) {
        window_ = activity_window::from(grid, name, params_.origin, params_.start, params_.stop);
        grid_ = grid;
    }

    /// Records the spikes of step k; `fired` are indices within a population whose first
    /// global id is `first_id`.
    void collect(step_t k, std::span<const std::uint32_t> fired, node_id first_id) {
        if (fired.empty() || !window_.contains(k))
            return;
        const double t = grid_.ms(k);
        for (auto i : fired)
            events_.add(t, first_id + i);
    }

private:
    void add_status(dictionary& d) const {
        d.insert_or_assign("n_events", value(events_.n_events()));
    }

    parameters params_;
    activity_window window_{};
    time_grid grid_{};
    spike_recording events_;
};

} // namespace axon
