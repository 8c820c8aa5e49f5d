// The concepts a node of a network models. Each big concept is split into small named parts
// so that the compiler's note names the exact missing piece.
//
// NeuronModel — a type describing one neuron model.
//   Minimal complete definition:
//     M::name                      the model name, convertible to std::string_view
//     M::parameters                an aggregate declared with AXON_FIELDS (defaults = NEST's)
//     M::state                     an aggregate declared with AXON_FIELDS; its fields are
//                                  the model's recordables and are settable like parameters
//     M::calibrate(params, dt)     the constants of the update (propagators), computed once
//     M::update(k, s, [x,] input)  advances one neuron by one step; returns true on a spike
//   Optional:
//     M::internal                  per-neuron state the user never sees (AXON_FIELDS)
//     M::validate(params)          throws axon::value_error for values the model rejects
//     M::validate_state(state)     the same for state values set by name (gates, conductances)
//   Laws (checked by tests/models/laws.hpp for every model):
//     zero input relaxes to rest; simulating T equals simulating T/2 twice;
//     refractoriness lasts a whole number of steps.
//
// Stimulator, Sampler, Collector — devices. Each declares `static constexpr node_kind kind`.
#pragma once

#include <concepts>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include <boost/hana/accessors.hpp>
#include <boost/hana/tuple.hpp>

#include "axon/core/time.hpp"

namespace axon {

/// What a node of the network is; decides which connections make sense.
enum class node_kind { population, stimulator, sampler, collector, weight_recorder };

/// The input one neuron receives in one step: summed spike weights by sign and the current
/// from stimulators (all in the model's units: pA for current-based synapses).
struct synaptic_input {
    double ex = 0.0;      // sum of positive weights arriving this step
    double in = 0.0;      // sum of negative weights arriving this step
    double current = 0.0; // current from stimulators arriving this step, pA
};

/// Spike weights a generator emits in one step, summed by sign: the target's excitatory and
/// inhibitory synapses receive them apart, as in NEST (a +w and a -w spike do not cancel).
struct weights_by_sign {
    double positive = 0.0;
    double negative = 0.0;

    friend bool operator==(const weights_by_sign&, const weights_by_sign&) = default;
};

/// An aggregate reflected with AXON_FIELDS (or BOOST_HANA_DEFINE_STRUCT).
template <class S>
concept reflected_aggregate = std::is_aggregate_v<S> && requires {
    typename S::hana_accessors_impl;
};

/// An empty per-neuron record, for models without hidden state.
struct no_internal {
    struct hana_accessors_impl {
        static constexpr auto apply() { return boost::hana::make_tuple(); }
    };
};

namespace detail {
template <class M>
struct internal_of {
    using type = no_internal;
};
template <class M>
requires requires {
    typename M::internal;
}
struct internal_of<M> {
    using type = typename M::internal;
};
} // namespace detail

/// The hidden per-neuron state of M (no_internal when M declares none).
template <class M>
using internal_t = typename detail::internal_of<M>::type;

template <class M>
concept has_model_name = requires {
    { M::name } -> std::convertible_to<std::string_view>;
};

template <class M>
concept has_parameters = requires {
    typename M::parameters;
}
&&reflected_aggregate<typename M::parameters>;

template <class M>
concept has_state = requires {
    typename M::state;
}
&&reflected_aggregate<typename M::state>;

template <class M>
concept calibratable = requires(const typename M::parameters& p, double dt) {
    {M::calibrate(p, dt)};
};

/// The constants M::calibrate computes.
template <class M>
requires calibratable<M>
using constants_t = decltype(M::calibrate(std::declval<const typename M::parameters&>(), 0.1));

template <class M>
concept updatable = calibratable<M> &&(
    requires(const constants_t<M>& k, typename M::state& s, internal_t<M>& x,
             const synaptic_input& in) {
        { M::update(k, s, x, in) } -> std::same_as<bool>;
    } ||
    requires(const constants_t<M>& k, typename M::state& s, const synaptic_input& in) {
        { M::update(k, s, in) } -> std::same_as<bool>;
    });

template <class M>
concept NeuronModel = has_model_name<M> && has_parameters<M> && has_state<M> && updatable<M>;

template <class D>
concept device = requires {
    { D::kind } -> std::convertible_to<node_kind>;
    { D::name } -> std::convertible_to<std::string_view>;
};

/// A device that injects current or spikes into neurons (dc_generator, ...).
template <class D>
concept Stimulator = device<D> &&(D::kind == node_kind::stimulator);

/// A device that reads neuron state at fixed intervals (multimeter, voltmeter).
template <class D>
concept Sampler = device<D> &&(D::kind == node_kind::sampler);

/// A device that receives the spikes of neurons (spike_recorder).
template <class D>
concept Collector = device<D> &&(D::kind == node_kind::collector);

/// A device that records the spikes crossing the synapses routed through it (weight_recorder).
template <class D>
concept WeightRecorder = device<D> &&(D::kind == node_kind::weight_recorder);

} // namespace axon
