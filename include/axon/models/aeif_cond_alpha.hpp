// aeif_cond_alpha: adaptive exponential integrate-and-fire neuron (AdEx; Brette & Gerstner 2005,
// J. Neurophysiol. 94:3637-3642) with alpha-shaped synaptic conductances, integrated with
// adaptive RKF45 steps, with the names, defaults, update order and checks of NEST's model.
//
//   C_m dV/dt   = -g_L (V - E_L) + g_L Delta_T e^{(V - V_th)/Delta_T} - g_ex (V - E_ex)
//                 - g_in (V - E_in) - w + I_e + I_stim
//   tau_w dw/dt = a (V - E_L) - w
//   g(t)        = |w| e/tau_syn t e^{-t/tau_syn} after a spike (peak |w| nS at t = tau_syn)
//   V >= V_peak (checked after every solver step; V_th when Delta_T = 0): spike, V = V_reset,
//   w += b, V clamped for t_ref.
//
// | parameter     | default | unit | meaning                                   |
// |---------------|---------|------|-------------------------------------------|
// | E_L           | -70.6   | mV   | leak reversal potential                   |
// | C_m           | 281     | pF   | membrane capacitance                      |
// | g_L           | 30      | nS   | leak conductance                          |
// | t_ref         | 0       | ms   | absolute refractory period                |
// | V_th          | -50.4   | mV   | spike initiation threshold                |
// | V_peak        | 0       | mV   | spike detection threshold                 |
// | V_reset       | -60     | mV   | reset potential                           |
// | Delta_T       | 2       | mV   | slope factor of the exponential           |
// | a             | 4       | nS   | subthreshold adaptation                   |
// | b             | 80.5    | pA   | spike-triggered adaptation                |
// | tau_w         | 144     | ms   | adaptation time constant                  |
// | E_ex          | 0       | mV   | excitatory reversal potential             |
// | E_in          | -85     | mV   | inhibitory reversal potential             |
// | tau_syn_ex    | 0.2     | ms   | rise time of the excitatory conductance   |
// | tau_syn_in    | 2       | ms   | rise time of the inhibitory conductance   |
// | I_e           | 0       | pA   | constant external current                 |
// | gsl_error_tol | 1e-6    |      | the solver's error tolerance              |
// State (recordable, settable): V_m (mV), g_ex, g_in (nS), w (pA).
// dg_ex, dg_in are kept per neuron but are not recordable, as in NEST.
#pragma once

#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"
#include "axon/models/policies/conductance_neuron.hpp"

namespace axon {

struct aeif_cond_alpha
    : policies::conductance_neuron<aeif_cond_alpha, policies::adaptive_exponential_membrane,
                                   policies::alpha_conductances, policies::peak_within_step> {
    static constexpr std::string_view name = "aeif_cond_alpha";

    struct parameters {
        AXON_FIELDS(parameters,                //
                    (double, E_L, -70.6),      //
                    (double, C_m, 281.0),      //
                    (double, g_L, 30.0),       //
                    (double, t_ref, 0.0),      //
                    (double, V_th, -50.4),     //
                    (double, V_peak, 0.0),     //
                    (double, V_reset, -60.0),  //
                    (double, Delta_T, 2.0),    //
                    (double, a, 4.0),          //
                    (double, b, 80.5),         //
                    (double, tau_w, 144.0),    //
                    (double, E_ex, 0.0),       //
                    (double, E_in, -85.0),     //
                    (double, tau_syn_ex, 0.2), //
                    (double, tau_syn_in, 2.0), //
                    (double, I_e, 0.0),        //
                    (double, gsl_error_tol, 1e-6))
    };

    struct state {
        AXON_FIELDS(state, (double, V_m, -70.6), (double, g_ex, 0.0), (double, g_in, 0.0),
                    (double, w, 0.0))
    };
};

static_assert(NeuronModel<aeif_cond_alpha>);

} // namespace axon
