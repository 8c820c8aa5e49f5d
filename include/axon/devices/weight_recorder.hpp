// weight_recorder: records (sender, target, time, weight) for every spike that crosses a
// synapse routed through it, within its activity window, as NEST's device of the same name.
// A connection is routed through it by name:
//
//   connect<"pre", "post", axon::stdp_synapse>({...}).recorded_by<"wr">()
//
// The time is the presynaptic spike's stamp; the weight is the one delivered (for
// stdp_synapse the weight after the update, for tsodyks_synapse weight * u * x).
#pragma once

#include <limits>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/settings.hpp"
#include "axon/devices/activity.hpp"
#include "axon/record/recording.hpp"

namespace axon {

class weight_recorder : public configurable<weight_recorder> {
    friend class configurable<weight_recorder>;

public:
    static constexpr std::string_view name = "weight_recorder";
    static constexpr node_kind kind = node_kind::weight_recorder;

    struct parameters {
        AXON_FIELDS(parameters, (double, start, 0.0),
                    (double, stop, std::numeric_limits<double>::infinity()), (double, origin, 0.0))
    };

    weight_recorder() = default;
    weight_recorder(const parameters& p)
        : params_(p) {}

    [[nodiscard]] const weight_recording& events() const { return events_; }
    [[nodiscard]] std::size_t n_events() const { return events_.n_events(); }
    /// Forgets what was recorded.
    void clear() { events_.clear(); }

    void calibrate(const time_grid& grid) {
        window_ = activity_window::from(grid, name, params_.origin, params_.start, params_.stop);
        grid_ = grid;
    }

    /// True when spikes of step k are recorded.
    [[nodiscard]] bool active(step_t k) const { return window_.contains(k); }

    /// Records one spike of step k from `sender` delivered to `target` with `weight`.
    void record(step_t k, node_id sender, node_id target, double weight) {
        events_.add(grid_.ms(k), sender, target, weight);
    }

private:
    void add_status(dictionary& d) const {
        d.insert_or_assign("n_events", value(events_.n_events()));
    }

    parameters params_;
    activity_window window_{};
    time_grid grid_{};
    weight_recording events_;
};

} // namespace axon
