// spike_recorder: collects the spikes of the neurons connected to it (neuron -> recorder, as
// in NEST), stamped k * dt for a spike in step k, within its activity window. The backend is
// part of the type (record/backends.hpp): spike_recorder keeps the spikes in memory,
// spike_recorder_to<csv>({.start = 5.0}, {.folder = "out"}) writes columns sender,time_ms.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
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

/// Parameters of NEST's spike_recorder.
struct spike_recorder_parameters {
    AXON_FIELDS(spike_recorder_parameters, (double, start, 0.0),
                (double, stop, std::numeric_limits<double>::infinity()), (double, origin, 0.0))
};

/// A spike_recorder whose spikes go to Backend (memory, csv, screen, npy).
template <class Backend = memory>
class spike_recorder_to : public configurable<spike_recorder_to<Backend>> {
    friend class configurable<spike_recorder_to>;

public:
    static constexpr std::string_view name = "spike_recorder";
    static constexpr node_kind kind = node_kind::collector;
    static constexpr std::array<std::string_view, 2> columns{"sender", "time_ms"};
    using parameters = spike_recorder_parameters;
    using backend = Backend;

    spike_recorder_to() = default;
    spike_recorder_to(const parameters& p, Backend b = {})
        : params_(p)
        , out_(std::move(b)) {}
    explicit spike_recorder_to(Backend b) requires(!std::is_same_v<Backend, memory>)
        : out_(std::move(b)) {}

    /// The recorded spikes (memory backend only).
    [[nodiscard]] const spike_recording& events() const {
        static_assert(std::is_same_v<Backend, memory>,
                      "this recorder writes to a file or stream and keeps no events: read its "
                      "file, or record to axon::memory (spike_recorder)");
        return out_.recording();
    }
    [[nodiscard]] std::size_t n_events() const { return out_.n_events(); }
    /// Forgets what was recorded (NEST: setting n_events to 0); a file starts over.
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

    /// Records the spikes of step k; `fired` are indices within a population whose first
    /// global id is `first_id`.
    void collect(step_t k, std::span<const std::uint32_t> fired, node_id first_id) {
        if (fired.empty() || !window_.contains(k))
            return;
        const double t = grid_.ms(k);
        if constexpr (std::is_same_v<Backend, memory>) {
            auto& events = out_.recording();
            for (auto i : fired)
                events.add(t, first_id + i);
        } else {
            for (auto i : fired)
                out_.row({first_id + i}, {t});
        }
    }

private:
    void add_status(dictionary& d) const {
        d.insert_or_assign("n_events", value(static_cast<std::int64_t>(out_.n_events())));
        d.insert_or_assign("record_to", value(std::string(Backend::name)));
    }

    parameters params_;
    activity_window window_{};
    time_grid grid_{};
    record::sink<Backend, spike_recording, 1, 1> out_;
};

/// NEST's spike_recorder, recording to memory: spike_recorder{}, spike_recorder({.start = 5}).
using spike_recorder = spike_recorder_to<memory>;

} // namespace axon
