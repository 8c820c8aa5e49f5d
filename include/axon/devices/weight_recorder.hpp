// weight_recorder: records (sender, target, time, weight) for every spike that crosses a
// synapse routed through it, within its activity window, as NEST's device of the same name.
// A connection is routed through it by name:
//
//   connect<"pre", "post", axon::stdp_synapse>({...}).recorded_by<"wr">()
//
// The time is the presynaptic spike's stamp; the weight is the one delivered (for
// stdp_synapse the weight after the update, for tsodyks_synapse weight * u * x). The backend is
// part of the type (record/backends.hpp): weight_recorder_to<csv> writes columns
// sender,target,time_ms,weight.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "axon/core/concepts.hpp"
#include "axon/core/random.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/settings.hpp"
#include "axon/devices/activity.hpp"
#include "axon/record/backends.hpp"
#include "axon/record/recording.hpp"

namespace axon {

/// Parameters of NEST's weight_recorder.
struct weight_recorder_parameters {
    AXON_FIELDS(weight_recorder_parameters, (double, start, 0.0),
                (double, stop, std::numeric_limits<double>::infinity()), (double, origin, 0.0))
};

/// A weight_recorder whose rows go to Backend (memory, csv, screen, npy).
template <class Backend = memory>
class weight_recorder_to : public configurable<weight_recorder_to<Backend>> {
    friend class configurable<weight_recorder_to>;

public:
    static constexpr std::string_view name = "weight_recorder";
    static constexpr node_kind kind = node_kind::weight_recorder;
    static constexpr std::array<std::string_view, 4> columns{"sender", "target", "time_ms",
                                                             "weight"};
    using parameters = weight_recorder_parameters;
    using backend = Backend;

    weight_recorder_to() = default;
    weight_recorder_to(const parameters& p, Backend b = {})
        : params_(p)
        , out_(std::move(b)) {}
    explicit weight_recorder_to(Backend b) requires(!std::is_same_v<Backend, memory>)
        : out_(std::move(b)) {}

    /// The recorded rows (memory backend only).
    [[nodiscard]] const weight_recording& events() const {
        static_assert(std::is_same_v<Backend, memory>,
                      "this recorder writes to a file or stream and keeps no events: read its "
                      "file, or record to axon::memory (weight_recorder)");
        return out_.recording();
    }
    [[nodiscard]] std::size_t n_events() const { return out_.n_events(); }
    /// Forgets what was recorded; a file starts over.
    void clear() { out_.clear(); }
    /// Writes what was recorded so far to the file or stream.
    void flush() { out_.flush(); }
    /// The file written to, once the recorder was calibrated (file backends).
    [[nodiscard]] std::string filename() const { return out_.path(); }
    /// Bytes held for rows not yet written out (bounded for file backends).
    [[nodiscard]] std::size_t buffer_capacity() const { return out_.buffer_capacity(); }

    void calibrate(const time_grid& grid, const device_context& ctx = {}) {
        window_ = activity_window::from(grid, name, params_.origin, params_.start, params_.stop);
        grid_ = grid;
        out_.open(name, ctx.node_id, columns, ctx.process);
    }

    /// True when spikes of step k are recorded.
    [[nodiscard]] bool active(step_t k) const { return window_.contains(k); }

    /// Records one spike of step k from `sender` delivered to `target` with `weight`.
    void record(step_t k, node_id sender, node_id target, double weight) {
        if constexpr (std::is_same_v<Backend, memory>)
            out_.recording().add(grid_.ms(k), sender, target, weight);
        else
            out_.row({sender, target}, {grid_.ms(k), weight});
    }

private:
    void add_status(dictionary& d) const {
        d.insert_or_assign("n_events", value(out_.n_events()));
        d.insert_or_assign("record_to", value(std::string(Backend::name)));
    }

    parameters params_;
    activity_window window_{};
    time_grid grid_{};
    record::sink<Backend, weight_recording, 2, 2> out_;
};

/// NEST's weight_recorder, recording to memory.
using weight_recorder = weight_recorder_to<memory>;

} // namespace axon
