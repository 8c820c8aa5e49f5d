// exponential_euler and exponential_magnus: fixed-step schemes for the conductance-based LIF
// models, chosen at compile time instead of NEST's adaptive RKF45 (conductance_neuron.hpp):
//
//   using fast = axon::basic_iaf_cond_exp<axon::exponential_euler>;   // or basic_iaf_cond_alpha
//   using fast2 = axon::basic_iaf_cond_exp<axon::exponential_magnus>;
//
// Same parameters (the same type), state, names, checks and update order as the RKF45 models;
// one exponential and one division per neuron and step instead of an adaptive solve, in a
// straight-line update that the population loop vectorizes.
//
// Both schemes, within one step (t, t + dt]:
//  - the conductances advance exactly: e^{-dt/tau_syn} for exponential ones, the 2x2 propagator
//    of the alpha kernel for alpha ones (exact integration of linear ODEs, Rotter & Diesmann
//    1999, Biol. Cybern. 81:381-402);
//  - V_m follows the exact solution of its ODE with the conductances replaced by constants
//    g_ex, g_in, which makes it linear in V with constant coefficients:
//      G = g_L + g_ex + g_in,   V_inf = (g_L E_L + g_ex E_ex + g_in E_in + I_e + I_stim) / G,
//      V(t + dt) = V_inf + (V(t) - V_inf) e^{-dt G / C_m},
//    computed relative to E_L, so that a neuron at rest stays at E_L exactly.
// exponential_euler holds the conductances at their values at the start of the step: the
// exponential Euler method (MacGregor 1987, Neural and Brain Modeling, Academic Press; Brian2's
// `exponential_euler`, which it picks for equations linear in the state variable). Its error is
// first order: the membrane sees g(t) where the conductance has decayed to g(t + s), an excess
// charge of g (dt - tau_syn (1 - e^{-dt/tau_syn})) ~ g dt^2 / (2 tau_syn) per step, about half a
// step's worth of conductance per synaptic event (a relative error of dt / (2 tau_syn) in the
// charge of a PSP: 1 % at tau_syn = 5 ms, 27 % at NEST's default tau_syn_ex = 0.2 ms).
// exponential_magnus uses the exact means of the conductances over the step instead (they are
// linear in the state at the start of the step, so this costs one multiply-add per conductance):
// the first term of the Magnus expansion of the affine system (W. Magnus 1954, Commun. Pure
// Appl. Math. 7:649-673; S. Blanes, F. Casas, J. A. Oteo & J. Ros 2009, Phys. Rep. 470:151-238),
// second order in dt, and the synaptic charge is exact. Without synaptic conductances (constant
// current only) both are exact. tests/models/iaf_cond_euler.cpp states their accuracy against
// NEST and the RKF45 models.
//
// NEST's order within a step is kept: (1) integrate, V_m held while refractory; (2) refractory
// countdown (V_m = V_reset), or V_m >= V_th: spike, V_m = V_reset, refractory for t_ref; (3) the
// spikes arriving in this step enter the conductances; (4) the stimulus current arriving in this
// step acts from the next. So the schemes differ from NEST's by integration error only. One
// detail of NEST's right-hand side, V capped at V_th, is not applied: it matters only while V is
// above V_th, and a V that crosses V_th from below within a step ends the step above it either
// way (it moves monotonically towards V_inf > V_th), so the same spike follows; only a V_m set
// above V_th by hand starts a step differently.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"
#include "axon/models/policies/conductance_neuron.hpp"
#include "axon/models/policies/conductance_synapses.hpp"
#include "axon/models/policies/exp_lanes.hpp"
#include "axon/models/policies/membranes.hpp"
#include "axon/models/policies/spike_rules.hpp"

namespace axon::policies {

/// Hidden per-neuron state for fixed steps: the stimulus current of the last step, the
/// refractory countdown in steps and, for alpha-shaped conductances, their derivatives (no
/// solver step size, unlike conductance_internal).
template <bool WithDerivatives>
struct fixed_step_internal {
    AXON_FIELDS(fixed_step_internal, (double, I_stim, 0.0), (std::int32_t, refractory, 0))
};
template <>
struct fixed_step_internal<true> {
    AXON_FIELDS(fixed_step_internal, (double, dg_ex, 0.0), (double, dg_in, 0.0),
                (double, I_stim, 0.0), (std::int32_t, refractory, 0))
};

/// Which constant conductances V_m sees over a step.
enum class step_conductance { at_start, mean };

template <class Derived, class Membrane, class Synapses, class SpikeRule, step_conductance Held>
struct exponential_neuron {
    static_assert(std::is_same_v<Membrane, leaky_membrane> &&
                      std::is_same_v<SpikeRule, threshold_at_step_end>,
                  "exponential_euler and exponential_magnus need a membrane that is linear in V_m "
                  "(leaky_membrane, the iaf_cond_* models) with the threshold checked at the end "
                  "of the step; the AdEx membrane needs adaptive_rkf45");

    using internal = fixed_step_internal<Synapses::has_derivatives>;
    static constexpr bool vectorizable = true; // straight-line update, no branch per neuron
    /// The stimulus current of the last step, set to in.current by each update and read only by
    /// the next (the population may skip that column while no current arrives).
    static constexpr std::string_view held_current = "I_stim";

    struct constants {
        double E_L, g_L, I_e, V_th, V_reset;
        double E_ex_rel, E_in_rel; // E_ex - E_L, E_in - E_L
        double minus_dt_over_C_m;  // -dt / C_m: the exponent is this times G
        double dt;
        std::int32_t refractory_steps;
        typename Synapses::step_constants synapses;
    };

    /// The RKF45 model's checks, and g_L > 0: the closed form divides by G >= g_L.
    template <class P>
    static void validate(const P& p) {
        conductance_neuron<Derived, Membrane, Synapses, SpikeRule>::validate(p);
        require(p.g_L > 0, Derived::name, "g_L", p.g_L,
                "the fixed-step schemes need a leak conductance > 0 nS");
    }

    template <class S>
    static void validate_state(const S& s) {
        conductance_neuron<Derived, Membrane, Synapses, SpikeRule>::validate_state(s);
    }

    template <class P>
    [[nodiscard]] static constants calibrate(const P& p, double dt) {
        return {.E_L = p.E_L,
                .g_L = p.g_L,
                .I_e = p.I_e,
                .V_th = p.V_th,
                .V_reset = p.V_reset,
                .E_ex_rel = p.E_ex - p.E_L,
                .E_in_rel = p.E_in - p.E_L,
                .minus_dt_over_C_m = -dt / p.C_m,
                .dt = dt,
                .refractory_steps = static_cast<std::int32_t>(std::lround(p.t_ref / dt)),
                .synapses = Synapses::step_calibrate(p, dt)};
    }

    /// Inlined into the population's loop whatever the compiler's size heuristics say: a call
    /// there keeps the loop scalar.
    template <class S>
    [[gnu::always_inline]] static inline bool update(const constants& k, S& s, internal& x,
                                                     const synaptic_input& in) {
        // (1) V_m relative to E_L, with constant conductances over the step. The free value is
        // computed for every neuron and kept where it is not refractory (no branch).
        double g_ex = s.g_ex, g_in = s.g_in;
        if constexpr (Held == step_conductance::mean)
            Synapses::mean(k.synapses, s, x, g_ex, g_in);
        const double G = k.g_L + g_ex + g_in; // >= g_L > 0
        const double y_inf = (g_ex * k.E_ex_rel + g_in * k.E_in_rel + k.I_e + x.I_stim) / G;
        // e^{-dt G / C_m} (the argument is <= 0)
        const double decay = ode::exp_flushed(k.minus_dt_over_C_m * G);
        const double v_free = (y_inf + (s.V_m - k.E_L - y_inf) * decay) + k.E_L;
        Synapses::exact_step(k.synapses, s, x);

        // (2) refractory countdown, or the threshold
        const bool refractory = x.refractory > 0;
        // `&`, not `&&`: with a branch the compiler would compute v_free on one path only
        const bool spike = !refractory & (v_free >= k.V_th);
        s.V_m = (refractory || spike) ? k.V_reset : v_free;
        // refractory ? r - 1 : (spike ? t_ref steps : r), with r = 0 when not refractory: as
        // arithmetic, since g++ sinks a conversion to double of a selected value (t_ref_remaining)
        // into branches, which keeps the loop scalar
        x.refractory += k.refractory_steps * static_cast<std::int32_t>(spike) -
                        static_cast<std::int32_t>(refractory);

        // (3) the spikes of this step, (4) the current of this step for the next
        Synapses::receive_state(k.synapses, s, x, in);
        x.I_stim = in.current;
        if constexpr (requires { s.t_ref_remaining; })
            s.t_ref_remaining = k.dt * x.refractory;
        return spike;
    }

    /// update(), reporting its one step to counter.accepted() (as conductance_neuron::advance,
    /// for the kernel benchmarks).
    template <class S, class Counter>
    static bool advance(const constants& k, S& s, internal& x, const synaptic_input& in,
                        Counter& counter) {
        counter.accepted();
        return update(k, s, x, in);
    }
};

} // namespace axon::policies

namespace axon {

/// Fixed steps, exponential Euler (conductances held at the start of the step; Brian2's
/// scheme): basic_iaf_cond_exp<exponential_euler>, basic_iaf_cond_alpha<exponential_euler>.
struct exponential_euler {
    template <class Derived, class Membrane, class Synapses, class SpikeRule>
    using neuron = policies::exponential_neuron<Derived, Membrane, Synapses, SpikeRule,
                                                policies::step_conductance::at_start>;
};

/// Fixed steps at the same cost, with the conductances' exact means over the step (second
/// order): basic_iaf_cond_exp<exponential_magnus>, basic_iaf_cond_alpha<exponential_magnus>.
struct exponential_magnus {
    template <class Derived, class Membrane, class Synapses, class SpikeRule>
    using neuron = policies::exponential_neuron<Derived, Membrane, Synapses, SpikeRule,
                                                policies::step_conductance::mean>;
};

} // namespace axon
