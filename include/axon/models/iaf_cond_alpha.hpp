// iaf_cond_alpha: leaky integrate-and-fire neuron with alpha-shaped synaptic conductances
// (Kuhn, Aertsen & Rotter 2004, J. Neurosci. 24:2345-2356), integrated with adaptive RKF45
// steps, with the names, defaults, update order and checks of NEST's model;
// basic_iaf_cond_alpha<exponential_euler> and <exponential_magnus> are the same model on fixed
// steps.
//
//   C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//   g(t)      = |w| e/tau_syn t e^{-t/tau_syn} after a spike (peak |w| nS at t = tau_syn)
//   V >= V_th at the end of a step: spike, V = V_reset, clamped for t_ref.
//
// | parameter  | default | unit | meaning                                   |
// |------------|---------|------|-------------------------------------------|
// | E_L        | -70     | mV   | leak reversal potential                   |
// | C_m        | 250     | pF   | membrane capacitance                      |
// | g_L        | 16.6667 | nS   | leak conductance                          |
// | t_ref      | 2       | ms   | absolute refractory period                |
// | V_th       | -55     | mV   | spike threshold                           |
// | V_reset    | -60     | mV   | reset potential                           |
// | E_ex       | 0       | mV   | excitatory reversal potential             |
// | E_in       | -85     | mV   | inhibitory reversal potential             |
// | tau_syn_ex | 0.2     | ms   | rise time of the excitatory conductance   |
// | tau_syn_in | 2       | ms   | rise time of the inhibitory conductance   |
// | I_e        | 0       | pA   | constant external current                 |
// State (recordable): V_m (mV), g_ex, g_in (nS), t_ref_remaining (ms, an output).
// dg_ex, dg_in are kept per neuron but are not recordable, as in NEST.
#pragma once

#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"
#include "axon/models/policies/conductance_neuron.hpp"
#include "axon/models/policies/exponential_schemes.hpp"

namespace axon {

namespace detail {
struct iaf_cond_alpha_parameters {
    AXON_FIELDS(iaf_cond_alpha_parameters, //
                (double, E_L, -70.0),      //
                (double, C_m, 250.0),      //
                (double, g_L, 16.6667),    //
                (double, t_ref, 2.0),      //
                (double, V_th, -55.0),     //
                (double, V_reset, -60.0),  //
                (double, E_ex, 0.0),       //
                (double, E_in, -85.0),     //
                (double, tau_syn_ex, 0.2), //
                (double, tau_syn_in, 2.0), //
                (double, I_e, 0.0))
};
struct iaf_cond_alpha_state {
    AXON_FIELDS(iaf_cond_alpha_state, (double, V_m, -70.0), (double, g_ex, 0.0),
                (double, g_in, 0.0), (double, t_ref_remaining, 0.0))
};
} // namespace detail

/// iaf_cond_alpha with its integration scheme chosen at compile time: `iaf_cond_alpha` (NEST's
/// adaptive RKF45), `basic_iaf_cond_alpha<exponential_euler>` or
/// `basic_iaf_cond_alpha<exponential_magnus>` (fixed steps; see policies/exponential_schemes.hpp,
/// and tests/models/iaf_cond_euler.cpp for their accuracy).
template <class Scheme = adaptive_rkf45>
struct basic_iaf_cond_alpha
    : Scheme::template neuron<basic_iaf_cond_alpha<Scheme>, policies::leaky_membrane,
                              policies::alpha_conductances, policies::threshold_at_step_end> {
    static constexpr std::string_view name = "iaf_cond_alpha";

    /// NEST's parameters and state, the same types under every scheme
    using parameters = detail::iaf_cond_alpha_parameters;
    using state = detail::iaf_cond_alpha_state;
};

using iaf_cond_alpha = basic_iaf_cond_alpha<adaptive_rkf45>;

static_assert(NeuronModel<iaf_cond_alpha>);
static_assert(NeuronModel<basic_iaf_cond_alpha<exponential_euler>>);
static_assert(NeuronModel<basic_iaf_cond_alpha<exponential_magnus>>);

} // namespace axon
