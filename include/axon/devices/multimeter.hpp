// multimeter<"V_m", ...>: samples the named state variables of the neurons it is connected to
// (multimeter -> neuron, as in NEST) every `interval` ms. A sample stamped k * dt holds the
// state at the end of step k; the first sample is at t = interval (shifted by `offset`).
// voltmeter is a multimeter on V_m.
#pragma once

#include <cstddef>
#include <limits>
#include <string_view>
#include <utility>

#include "axon/core/concepts.hpp"
#include "axon/core/fixed_string.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/settings.hpp"
#include "axon/devices/activity.hpp"
#include "axon/record/recording.hpp"

namespace axon {

/// Recorder parameters of NEST's multimeter (interval default 1 ms, as NEST).
struct multimeter_parameters {
    AXON_FIELDS(multimeter_parameters, (double, interval, 1.0), (double, offset, 0.0),
                (double, start, 0.0), (double, stop, std::numeric_limits<double>::infinity()),
                (double, origin, 0.0))
};

template <fixed_string Label, fixed_string... Names>
class basic_multimeter : public configurable<basic_multimeter<Label, Names...>> {
    friend class configurable<basic_multimeter>;

    static_assert(sizeof...(Names) > 0,
                  "a multimeter needs at least one quantity to record: multimeter<\"V_m\">");

public:
    static constexpr std::string_view name = Label.view();
    static constexpr node_kind kind = node_kind::sampler;
    static constexpr std::array<std::string_view, sizeof...(Names)> record_from{Names.view()...};
    using parameters = multimeter_parameters;
    using recording = sample_recording<Names...>;

    basic_multimeter(const parameters& p = {})
        : params_(this->checked(p)) {}

    [[nodiscard]] const recording& events() const { return events_; }
    [[nodiscard]] std::size_t n_events() const { return events_.n_events(); }
    void clear() { events_.clear(); }

    /// Turns the times into steps; intervals that are not multiples of dt are errors.
    void calibrate(const time_grid& grid) {
        const auto what = [](std::string_view p) { return detail::concat(name, ": ", p); };
        require(params_.interval > 0, name, "interval", params_.interval, "it must be > 0 ms");
        interval_ = grid.steps(params_.interval, what("interval"));
        require(interval_ >= 1, name, "interval", params_.interval,
                detail::concat("it must be at least the resolution ", grid.resolution(), " ms"));
        offset_ = grid.steps(params_.offset, what("offset"));
        window_ = activity_window::from(grid, name, params_.origin, params_.start, params_.stop);
        grid_ = grid;
    }

    /// True when step k is a sampling step inside the activity window.
    [[nodiscard]] bool due(step_t k) const {
        return k >= 1 && k >= offset_ && (k - offset_) % interval_ == 0 && window_.contains(k);
    }

    /// Appends one row per neuron of `pop` (state at the end of step k).
    template <class Population>
    void sample(step_t k, const Population& pop, node_id first_id) {
        const double t = grid_.ms(k);
        const auto n = pop.size();
        for (std::size_t i = 0; i < n; ++i) {
            events_.times.push_back(t);
            events_.senders.push_back(first_id + i);
        }
        std::size_t j = 0;
        ((append(events_.values[j++], pop.states().template column<Names>())), ...);
    }

private:
    static void validate(const parameters& p) {
        require(p.interval > 0, name, "interval", p.interval, "it must be > 0 ms");
        require(p.offset >= 0, name, "offset", p.offset, "it must be >= 0 ms");
    }
    void add_status(dictionary& d) const {
        d.insert_or_assign("n_events", value(events_.n_events()));
        d.insert_or_assign("record_from",
                           value(std::vector<std::string>(record_from.begin(), record_from.end())));
    }

    template <class Column>
    static void append(std::vector<double>& out, const Column& column) {
        out.insert(out.end(), column.begin(), column.end());
    }

    parameters params_;
    step_t interval_ = 1, offset_ = 0;
    activity_window window_{};
    time_grid grid_{};
    recording events_;
};

/// A multimeter recording Names... ("V_m", "I_syn_ex", ...).
template <fixed_string... Names>
using multimeter = basic_multimeter<"multimeter", Names...>;

namespace detail {
template <class State, std::size_t I>
inline constexpr std::string_view state_name = reflect::field_names<State>[I];

template <class State, std::size_t... I>
auto multimeter_for_state(std::index_sequence<I...>)
    -> basic_multimeter<"multimeter", fixed_string_of<state_name<State, I>>...>;
} // namespace detail

/// A multimeter recording every recordable (state variable) of model M.
template <class M>
using multimeter_for = decltype(detail::multimeter_for_state<typename M::state>(
    std::make_index_sequence<reflect::field_count<typename M::state>>{}));

/// A multimeter on V_m.
using voltmeter = basic_multimeter<"voltmeter", "V_m">;

} // namespace axon
