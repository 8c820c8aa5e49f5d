// What a synapse model is. Synapse models are compile-time policies, like neuron models: the
// connection names one (connect<"E", "I", axon::stdp_synapse>(...)), its parameters are shared
// by every synapse of the projection, its state is kept per synapse, structure-of-arrays.
//
// SynapseModel — a type describing one synapse model.
//   Minimal complete definition (a static synapse: weight and delay only):
//     S::name                       the model name, convertible to std::string_view
//     S::parameters                 an aggregate declared with AXON_FIELDS; it has `weight`
//                                   and `delay` (ms), the defaults of a connection
//     S::state                      per-synapse state (AXON_FIELDS; may have no fields)
//   A plastic synapse adds:
//     S::calibrate(params, dt)      constants computed once per run
//     S::transmit(c, s, x, w, t)    called for every spike that crosses the synapse: updates
//                                   the state s, hidden state x and weight w, and returns the
//                                   weight delivered to the target
//   Optional:
//     S::internal                   hidden per-synapse state (AXON_FIELDS)
//     S::validate(params, state)    throws axon::value_error for values the model rejects
//     S::uses_post_spikes = true    transmit reads the target neuron's spike history
#pragma once

#include <concepts>
#include <cstddef>
#include <utility>

#include "axon/core/concepts.hpp"
#include "axon/core/time.hpp"

namespace axon {

class spike_archive;

/// What a plastic synapse learns when its presynaptic neuron fires.
struct transmission {
    step_t spike = 0;              // step in which the presynaptic neuron fired
    step_t delay = 1;              // this synapse's delay in steps
    double dt = 0.1;               // resolution, ms
    spike_archive* post = nullptr; // spike history of the target population (if used)
    std::size_t target = 0;        // the target neuron, within its population
};

template <class S>
concept has_weight_and_delay = requires(const typename S::parameters& p) {
    { p.weight } -> std::convertible_to<double>;
    { p.delay } -> std::convertible_to<double>;
};

template <class S>
concept SynapseModel =
    has_model_name<S> && has_parameters<S> && has_state<S> && has_weight_and_delay<S>;

/// The constants S::calibrate computes (for plastic synapses).
template <class S>
using synapse_constants_t =
    decltype(S::calibrate(std::declval<const typename S::parameters&>(), 0.1));

/// A synapse whose weight or delivered amplitude depends on its history.
template <class S>
concept plastic_synapse = SynapseModel<S> && requires(const typename S::parameters& p) {
    S::calibrate(p, 0.1);
} && requires(const synapse_constants_t<S>& c, typename S::state& s, internal_t<S>& x, double& w,
              const transmission& t) {
    { S::transmit(c, s, x, w, t) } -> std::convertible_to<double>;
};

/// True when S reads the target neuron's spike history (STDP).
template <class S>
inline constexpr bool uses_post_spikes = requires {
    requires S::uses_post_spikes;
};

} // namespace axon
