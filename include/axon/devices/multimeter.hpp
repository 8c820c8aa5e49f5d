// multimeter<"V_m", ...>: samples the named state variables of the neurons it is connected to
// (multimeter -> neuron, as in NEST) every `interval` ms. A sample stamped k * dt holds the
// state at the end of step k; the first sample is at t = interval (shifted by `offset`).
// voltmeter is a multimeter on V_m. The backend is part of the type (record/backends.hpp):
// multimeter<"V_m"> keeps its samples in memory, multimeter_to<csv, "V_m">({.interval = 0.1},
// {.folder = "out"}) writes columns sender,time_ms,V_m.
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "axon/core/concepts.hpp"
#include "axon/core/fixed_string.hpp"
#include "axon/core/random.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/settings.hpp"
#include "axon/devices/activity.hpp"
#include "axon/record/backends.hpp"
#include "axon/record/recording.hpp"

namespace axon {

/// Recorder parameters of NEST's multimeter (interval default 1 ms, as NEST).
struct multimeter_parameters {
    AXON_FIELDS(multimeter_parameters, (double, interval, 1.0), (double, offset, 0.0),
                (double, start, 0.0), (double, stop, std::numeric_limits<double>::infinity()),
                (double, origin, 0.0))
};

/// A multimeter called Label recording Names... to Backend (memory, csv, screen, npy).
template <class Backend, fixed_string Label, fixed_string... Names>
class basic_multimeter_to : public configurable<basic_multimeter_to<Backend, Label, Names...>> {
    friend class configurable<basic_multimeter_to>;

    static_assert(sizeof...(Names) > 0,
                  "a multimeter needs at least one quantity to record: multimeter<\"V_m\">");

public:
    static constexpr std::string_view name = Label.view();
    static constexpr node_kind kind = node_kind::sampler;
    static constexpr std::array<std::string_view, sizeof...(Names)> record_from{Names.view()...};
    using parameters = multimeter_parameters;
    using recording = sample_recording<Names...>;
    using backend = Backend;
    static constexpr std::array<std::string_view, 2 + sizeof...(Names)> columns{"sender", "time_ms",
                                                                                Names.view()...};

    basic_multimeter_to(const parameters& p = {}, Backend b = {})
        : params_(this->checked(p))
        , out_(std::move(b)) {}
    explicit basic_multimeter_to(Backend b) requires(!std::is_same_v<Backend, memory>)
        : out_(std::move(b)) {}

    /// The recorded samples (memory backend only).
    [[nodiscard]] const recording& events() const {
        static_assert(std::is_same_v<Backend, memory>,
                      "this multimeter writes to a file or stream and keeps no events: read its "
                      "file, or record to axon::memory (multimeter<...>)");
        return out_.recording();
    }
    [[nodiscard]] std::size_t n_events() const { return out_.n_events(); }
    /// Forgets what was recorded; a file starts over.
    void clear() { out_.clear(); }
    /// Writes what was recorded so far to the file or stream.
    void flush() { out_.flush(); }
    /// The file written to, once the multimeter was calibrated (file backends).
    [[nodiscard]] std::string filename() const { return out_.path(); }
    /// Bytes held for rows not yet written out (bounded for file backends).
    [[nodiscard]] std::size_t buffer_capacity() const { return out_.buffer_capacity(); }

    /// Turns the times into steps; intervals that are not multiples of dt are errors. Opens
    /// the file (or stream) of a file backend the first time.
    void calibrate(const time_grid& grid, const device_context& ctx = {}) {
        const auto what = [](std::string_view p) { return detail::concat(name, ": ", p); };
        require(params_.interval > 0, name, "interval", params_.interval, "it must be > 0 ms");
        interval_ = grid.steps(params_.interval, what("interval"));
        require(interval_ >= 1, name, "interval", params_.interval,
                detail::concat("it must be at least the resolution ", grid.resolution(), " ms"));
        offset_ = grid.steps(params_.offset, what("offset"));
        window_ = activity_window::from(grid, name, params_.origin, params_.start, params_.stop);
        grid_ = grid;
        out_.open(name, ctx.node_id, columns, ctx.process);
    }

    /// True when step k is a sampling step inside the activity window.
    [[nodiscard]] bool due(step_t k) const {
        return k >= 1 && k >= offset_ && (k - offset_) % interval_ == 0 && window_.contains(k);
    }

    /// Appends one row per neuron of `pop` in [lo, hi) (state at the end of step k).
    template <class Population>
    void sample(step_t k, const Population& pop, node_id first_id, std::size_t lo = 0,
                std::size_t hi = std::numeric_limits<std::size_t>::max()) {
        const double t = grid_.ms(k);
        hi = std::min(hi, pop.size());
        lo = std::min(lo, hi);
        if constexpr (std::is_same_v<Backend, memory>) {
            auto& events = out_.recording();
            for (std::size_t i = lo; i < hi; ++i) {
                events.times.push_back(t);
                events.senders.push_back(first_id + i);
            }
            std::size_t j = 0;
            ((append(events.values[j++], pop.states().template column<Names>(), lo, hi)), ...);
        } else {
            [&](const auto&... column) {
                for (std::size_t i = lo; i < hi; ++i)
                    out_.row({first_id + i}, {t, static_cast<double>(column[i])...});
            }(pop.states().template column<Names>()...);
        }
    }

private:
    static void validate(const parameters& p) {
        require(p.interval > 0, name, "interval", p.interval, "it must be > 0 ms");
        require(p.offset >= 0, name, "offset", p.offset, "it must be >= 0 ms");
    }
    void add_status(dictionary& d) const {
        d.insert_or_assign("n_events", value(out_.n_events()));
        d.insert_or_assign("record_to", value(std::string(Backend::name)));
        d.insert_or_assign("record_from",
                           value(std::vector<std::string>(record_from.begin(), record_from.end())));
    }

    template <class Column>
    static void append(std::vector<double>& out, const Column& column, std::size_t lo,
                       std::size_t hi) {
        out.insert(out.end(), column.begin() + static_cast<std::ptrdiff_t>(lo),
                   column.begin() + static_cast<std::ptrdiff_t>(hi));
    }

    parameters params_;
    step_t interval_ = 1, offset_ = 0;
    activity_window window_{};
    time_grid grid_{};
    record::sink<Backend, recording, 1, 1 + sizeof...(Names)> out_;
};

/// A multimeter called Label recording Names... to memory.
template <fixed_string Label, fixed_string... Names>
using basic_multimeter = basic_multimeter_to<memory, Label, Names...>;

/// A multimeter recording Names... ("V_m", "I_syn_ex", ...).
template <fixed_string... Names>
using multimeter = basic_multimeter_to<memory, "multimeter", Names...>;

/// A multimeter recording Names... to Backend: multimeter_to<csv, "V_m">.
template <class Backend, fixed_string... Names>
using multimeter_to = basic_multimeter_to<Backend, "multimeter", Names...>;

namespace detail {
template <class State, std::size_t I>
inline constexpr std::string_view state_name = reflect::field_names<State>[I];

template <class Backend, class State, std::size_t... I>
auto multimeter_for_state(std::index_sequence<I...>)
    -> basic_multimeter_to<Backend, "multimeter", fixed_string_of<state_name<State, I>>...>;
} // namespace detail

/// A multimeter recording every recordable (state variable) of model M, to Backend.
template <class M, class Backend = memory>
using multimeter_for = decltype(detail::multimeter_for_state<Backend, typename M::state>(
    std::make_index_sequence<reflect::field_count<typename M::state>>{}));

/// A multimeter on V_m.
using voltmeter = basic_multimeter_to<memory, "voltmeter", "V_m">;

/// A multimeter on V_m recording to Backend.
template <class Backend>
using voltmeter_to = basic_multimeter_to<Backend, "voltmeter", "V_m">;

} // namespace axon
