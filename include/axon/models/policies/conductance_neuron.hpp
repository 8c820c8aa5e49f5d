// conductance_neuron: the CRTP facade that turns a membrane, a kind of conductance synapse and a
// spike rule into a NeuronModel integrated with adaptive RKF45 steps, in NEST's update order.
// A model derives from it and declares only its name, parameters and state:
//
//   struct iaf_cond_exp
//       : policies::conductance_neuron<iaf_cond_exp, policies::leaky_membrane,
//                                      policies::exp_conductances,
//                                      policies::threshold_at_step_end> {
//       static constexpr std::string_view name = "iaf_cond_exp";
//       struct parameters { AXON_FIELDS(parameters, ...) };   // NEST's names and defaults
//       struct state { AXON_FIELDS(state, (double, V_m, -70.0), ...) };
//   };
//
// The facade provides internal, constants, validate, calibrate and update. Parameters must
// include t_ref and whatever the policies read; state what their load/store name. When state
// has a field t_ref_remaining (iaf_cond_alpha's recordable) it reports the refractory time
// left after each step, in ms (it is an output: setting it has no effect).
//
// One step, as NEST's conductance models do it: integrate the ODEs over (t, t + dt] with
// adaptive solver steps (V_m held at V_reset while refractory; the spike rule may fire inside
// the step); then refractoriness counts down or the spike rule checks at the end; then the
// spikes arriving in this step enter the conductances; the stimulus current that arrived acts
// from the next step on.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"
#include "axon/models/policies/conductance_synapses.hpp"
#include "axon/models/policies/membranes.hpp"
#include "axon/models/policies/rkf45.hpp"
#include "axon/models/policies/spike_rules.hpp"

namespace axon::policies {

/// Hidden per-neuron state of a conductance neuron: the stimulus current of the last step, the
/// solver's last step size (kept between steps, as NEST does), the refractory countdown in
/// steps and, for alpha-shaped conductances, their derivatives.
template <bool WithDerivatives>
struct conductance_internal {
    AXON_FIELDS(conductance_internal, (double, I_stim, 0.0), (double, h, 0.0),
                (std::int32_t, refractory, 0))
};
template <>
struct conductance_internal<true> {
    AXON_FIELDS(conductance_internal, (double, dg_ex, 0.0), (double, dg_in, 0.0),
                (double, I_stim, 0.0), (double, h, 0.0), (std::int32_t, refractory, 0))
};

/// Counts accepted solver steps when passed to conductance_neuron::advance (benchmarks); the
/// plain update uses no_step_count, which costs nothing.
struct step_count {
    std::int64_t steps = 0;
    void accepted() { ++steps; }
};
struct no_step_count {
    void accepted() {}
};

template <class Derived, class Membrane, class Synapses, class SpikeRule>
struct conductance_neuron {
    using internal = conductance_internal<Synapses::has_derivatives>;
    static constexpr std::size_t ode_size = Membrane::size + Synapses::size;

    struct constants {
        typename Membrane::constants membrane;
        typename Synapses::constants synapses;
        ode::error_control tolerance;
        double dt;
        double initial_step;
        std::int32_t refractory_steps;
    };

    template <class P>
    static void validate(const P& p) {
        reflect::for_each_field(p, [](std::string_view field, const auto& v) {
            if constexpr (std::is_floating_point_v<std::remove_cvref_t<decltype(v)>>)
                require(std::isfinite(v), Derived::name, field, v, "it must be a finite number");
        });
        Membrane::validate(p, Derived::name);
        Synapses::validate(p, Derived::name);
        require(p.t_ref >= 0, Derived::name, "t_ref", p.t_ref,
                "the refractory time must be >= 0 ms");
    }

    /// Conductances set by name must not be negative (NEST's check on the state).
    template <class S>
    static void validate_state(const S& s) {
        require(s.g_ex >= 0, Derived::name, "g_ex", s.g_ex, "conductances must be >= 0 nS");
        require(s.g_in >= 0, Derived::name, "g_in", s.g_in, "conductances must be >= 0 nS");
    }

    template <class P>
    [[nodiscard]] static constants calibrate(const P& p, double dt) {
        return {.membrane = Membrane::calibrate(p),
                .synapses = Synapses::calibrate(p),
                .tolerance = Membrane::tolerance(p),
                .dt = dt,
                .initial_step = Membrane::initial_step(p, dt),
                .refractory_steps = static_cast<std::int32_t>(std::lround(p.t_ref / dt))};
    }

    template <class S>
    static bool update(const constants& k, S& s, internal& x, const synaptic_input& in) {
        no_step_count none;
        return advance(k, s, x, in, none);
    }

    /// update(), reporting every accepted solver step to counter.accepted().
    template <class S, class Counter>
    static bool advance(const constants& k, S& s, internal& x, const synaptic_input& in,
                        Counter& counter) {
        using vector = std::array<double, ode_size>;
        constexpr std::size_t m = Membrane::size; // synaptic variables start here
        vector y;
        Membrane::load(s, y.data());
        Synapses::load(s, x, y.data() + m);

        const bool was_refractory = x.refractory > 0;
        bool clamped = was_refractory;
        bool spiked = false;
        const double I_stim = x.I_stim;
        auto system = [&k, &clamped, I_stim](const vector& v, vector& f) AXON_ODE_INLINE {
            const double* g = v.data() + m;
            Membrane::derivatives(
                k.membrane, v.data(), clamped, I_stim,
                [&](double V) { return Synapses::current(k.synapses, g, V); }, f.data());
            Synapses::derivatives(k.synapses, g, f.data() + m);
        };
        if (!(x.h > 0))
            x.h = k.initial_step;
        const auto result = ode::integrate(system, y, k.dt, x.h, k.tolerance, [&](vector& v) {
            counter.accepted();
            Membrane::check(k.membrane, v.data(), Derived::name);
            spiked |= SpikeRule::template after_solver_step<Membrane>(k.membrane, v.data(), clamped,
                                                                      k.refractory_steps);
        });
        if (result != ode::outcome::done)
            ode::throw_solver_error(result);

        if (was_refractory) {
            --x.refractory;
            Membrane::clamp(k.membrane, y.data());
        } else {
            spiked |= SpikeRule::template at_step_end<Membrane>(k.membrane, y.data());
            if (spiked)
                x.refractory = k.refractory_steps;
        }
        Synapses::receive(k.synapses, y.data() + m, in);

        Membrane::store(y.data(), s);
        Synapses::store(y.data() + m, s, x);
        x.I_stim = in.current;
        if constexpr (requires { s.t_ref_remaining; })
            s.t_ref_remaining = k.dt * x.refractory;
        return spiked;
    }
};

} // namespace axon::policies

namespace axon {

/// The integration scheme of the conductance-based LIF models (basic_iaf_cond_exp<Scheme>,
/// basic_iaf_cond_alpha<Scheme>): NEST's adaptive RKF45 with its error control, the default
/// (iaf_cond_exp, iaf_cond_alpha). The others are exponential_euler and exponential_magnus, on
/// fixed steps (policies/exponential_schemes.hpp).
struct adaptive_rkf45 {
    template <class Derived, class Membrane, class Synapses, class SpikeRule>
    using neuron = policies::conductance_neuron<Derived, Membrane, Synapses, SpikeRule>;
};

} // namespace axon
