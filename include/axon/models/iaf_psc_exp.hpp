// iaf_psc_exp: leaky integrate-and-fire neuron with exponentially decaying postsynaptic
// currents, integrated exactly (Rotter & Diesmann 1999, Biol. Cybern. 81:381-402), as NEST's
// model of the same name (without its stochastic-threshold extension, delta = 0).
//
//   dV/dt    = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m
//   I_syn(t) = sum_k w_k e^{-(t - t_k)/tau_syn}    (a spike of weight w pA adds w)
//   V >= V_th: spike, V = V_reset, clamped for t_ref.
//
// | parameter  | default | unit | meaning                                   |
// |------------|---------|------|-------------------------------------------|
// | E_L        | -70     | mV   | resting potential                         |
// | C_m        | 250     | pF   | membrane capacitance                      |
// | tau_m      | 10      | ms   | membrane time constant                    |
// | t_ref      | 2       | ms   | absolute refractory period                |
// | V_th       | -55     | mV   | spike threshold                           |
// | V_reset    | -70     | mV   | reset potential                           |
// | tau_syn_ex | 2       | ms   | decay time of the excitatory current      |
// | tau_syn_in | 2       | ms   | decay time of the inhibitory current      |
// | I_e        | 0       | pA   | constant external current                 |
// State (recordable, settable): V_m (mV), I_syn_ex, I_syn_in (pA).
#pragma once

#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/scalar.hpp"
#include "axon/models/policies/current_synapses.hpp"
#include "axon/models/policies/lif.hpp"

namespace axon {

/// iaf_psc_exp with its state and update kernel in the scalar type T: `iaf_psc_exp` (double,
/// NEST's) or `basic_iaf_psc_exp<float>` (single precision; parameters stay double, recordings come
/// out as double). tests/models/single_precision.cpp states how far the two may differ.
template <scalar T = double>
struct basic_iaf_psc_exp : lif_psc<basic_iaf_psc_exp<T>, synapses::basic_exp_current<T>> {
    static constexpr std::string_view name = "iaf_psc_exp";

    struct parameters {
        AXON_FIELDS(parameters, (double, E_L, -70.0), (double, C_m, 250.0), (double, tau_m, 10.0),
                    (double, t_ref, 2.0), (double, V_th, -55.0), (double, V_reset, -70.0),
                    (double, tau_syn_ex, 2.0), (double, tau_syn_in, 2.0), (double, I_e, 0.0))
    };

    struct state {
        AXON_FIELDS(state, (T, V_m, -70.0), (T, I_syn_ex, 0.0), (T, I_syn_in, 0.0))
    };
};

using iaf_psc_exp = basic_iaf_psc_exp<double>;

static_assert(NeuronModel<iaf_psc_exp>);

} // namespace axon
