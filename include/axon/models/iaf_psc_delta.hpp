// iaf_psc_delta: leaky integrate-and-fire neuron whose input spikes move the membrane
// potential by their weight (mV) at once, integrated exactly (Rotter & Diesmann 1999, Biol.
// Cybern. 81:381-402), as NEST's model of the same name.
//
//   dV/dt = -(V - E_L)/tau_m + (I_e + I_stim)/C_m + sum_k w_k delta(t - t_k)
//   V >= V_th: spike, V = V_reset, clamped for t_ref; input during t_ref is lost unless
//   refractory_input is set; V never goes below V_min.
//
// | parameter        | default     | unit | meaning                                  |
// |------------------|-------------|------|------------------------------------------|
// | E_L              | -70         | mV   | resting potential                        |
// | C_m              | 250         | pF   | membrane capacitance                     |
// | tau_m            | 10          | ms   | membrane time constant                   |
// | t_ref            | 2           | ms   | absolute refractory period               |
// | V_th             | -55         | mV   | spike threshold                          |
// | V_reset          | -70         | mV   | reset potential                          |
// | I_e              | 0           | pA   | constant external current                |
// | V_min            | lowest      | mV   | lower bound of the membrane potential    |
// | refractory_input | false       |      | keep input that arrives during t_ref     |
// State (recordable, settable): V_m (mV).
#pragma once

#include <limits>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/scalar.hpp"
#include "axon/models/policies/current_synapses.hpp"
#include "axon/models/policies/lif.hpp"

namespace axon {

/// iaf_psc_delta with its state and update kernel in the scalar type T: `iaf_psc_delta` (double,
/// NEST's) or `basic_iaf_psc_delta<float>` (single precision; parameters stay double, recordings
/// come out as double). tests/models/single_precision.cpp states how far the two may differ.
template <scalar T = double>
struct basic_iaf_psc_delta : lif_psc<basic_iaf_psc_delta<T>, synapses::basic_delta_voltage<T>> {
    static constexpr std::string_view name = "iaf_psc_delta";

    struct parameters {
        AXON_FIELDS(parameters, (double, E_L, -70.0), (double, C_m, 250.0), (double, tau_m, 10.0),
                    (double, t_ref, 2.0), (double, V_th, -55.0), (double, V_reset, -70.0),
                    (double, I_e, 0.0), (double, V_min, std::numeric_limits<double>::lowest()),
                    (bool, refractory_input, false))
    };

    struct state {
        AXON_FIELDS(state, (T, V_m, -70.0))
    };
};

using iaf_psc_delta = basic_iaf_psc_delta<double>;

static_assert(NeuronModel<iaf_psc_delta>);

} // namespace axon
