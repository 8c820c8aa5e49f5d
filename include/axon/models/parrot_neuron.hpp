// parrot_neuron: repeats the spikes it receives, in the step they arrive, as NEST's model of
// the same name. Used to turn a generator's spikes into spikes of a neuron (with a node id and
// a place in a spike_recorder).
//
// axon sums the weights arriving in a step, so the parrot fires when a non-zero weight
// arrives; several spikes in one step give one spike (a population emits at most one spike
// per neuron and step). It has no parameters and no state.
#pragma once

#include <string_view>

#include <boost/hana/tuple.hpp>

#include "axon/core/concepts.hpp"

namespace axon {

struct parrot_neuron {
    static constexpr std::string_view name = "parrot_neuron";
    static constexpr bool vectorizable = true;

    struct parameters {
        struct hana_accessors_impl {
            static constexpr auto apply() { return boost::hana::make_tuple(); }
        };
    };
    struct state {
        struct hana_accessors_impl {
            static constexpr auto apply() { return boost::hana::make_tuple(); }
        };
    };
    struct constants {};

    static constants calibrate(const parameters&, double) { return {}; }

    static bool update(const constants&, state&, const synaptic_input& in) {
        return in.ex != 0.0 || in.in != 0.0;
    }
};

static_assert(NeuronModel<parrot_neuron>);

} // namespace axon
