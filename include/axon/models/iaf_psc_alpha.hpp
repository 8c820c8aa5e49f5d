// iaf_psc_alpha: leaky integrate-and-fire neuron with alpha-shaped postsynaptic currents,
// integrated exactly on the grid (Rotter & Diesmann 1999, Biol. Cybern. 81:381-402), with the
// names, defaults, update order and checks of NEST's model of the same name.
//
//   dV/dt     = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m
//   I_syn(t)  = sum_k w_k e/tau_syn (t - t_k) e^{-(t - t_k)/tau_syn}   (peak w at t_k + tau_syn)
//   V >= V_th: spike, V = V_reset, clamped for t_ref; V never goes below V_min.
//
// | parameter  | default | unit | meaning                                   |
// |------------|---------|------|-------------------------------------------|
// | E_L        | -70     | mV   | resting potential                         |
// | C_m        | 250     | pF   | membrane capacitance                      |
// | tau_m      | 10      | ms   | membrane time constant                    |
// | t_ref      | 2       | ms   | absolute refractory period                |
// | V_th       | -55     | mV   | spike threshold                           |
// | V_reset    | -70     | mV   | reset potential                           |
// | tau_syn_ex | 2       | ms   | rise time of the excitatory current       |
// | tau_syn_in | 2       | ms   | rise time of the inhibitory current       |
// | I_e        | 0       | pA   | constant external current                 |
// | V_min      | -inf    | mV   | lower bound of the membrane potential     |
// State (recordable, settable): V_m (mV), I_syn_ex, I_syn_in (pA).
#pragma once

#include <limits>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/scalar.hpp"
#include "axon/models/policies/current_synapses.hpp"
#include "axon/models/policies/lif.hpp"

namespace axon {

/// iaf_psc_alpha with its state and update kernel in the scalar type T: `iaf_psc_alpha` (double,
/// NEST's) or `basic_iaf_psc_alpha<float>` (single precision; parameters stay double, recordings
/// come out as double). tests/models/single_precision.cpp states how far the two may differ.
template <scalar T = double>
struct basic_iaf_psc_alpha : lif_psc<basic_iaf_psc_alpha<T>, synapses::basic_alpha_current<T>> {
    static constexpr std::string_view name = "iaf_psc_alpha";

    struct parameters {
        AXON_FIELDS(parameters,                //
                    (double, E_L, -70.0),      //
                    (double, C_m, 250.0),      //
                    (double, tau_m, 10.0),     //
                    (double, t_ref, 2.0),      //
                    (double, V_th, -55.0),     //
                    (double, V_reset, -70.0),  //
                    (double, tau_syn_ex, 2.0), //
                    (double, tau_syn_in, 2.0), //
                    (double, I_e, 0.0),        //
                    (double, V_min, -std::numeric_limits<double>::infinity()))
    };

    struct state {
        AXON_FIELDS(state, (T, V_m, -70.0), (T, I_syn_ex, 0.0), (T, I_syn_in, 0.0))
    };
};

using iaf_psc_alpha = basic_iaf_psc_alpha<double>;

static_assert(NeuronModel<iaf_psc_alpha>);

} // namespace axon
