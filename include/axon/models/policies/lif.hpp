// The facade of the current-based LIF family (iaf_psc_alpha, iaf_psc_exp, iaf_psc_delta): a
// leaky membrane integrated exactly (Rotter & Diesmann 1999, Biol. Cybern. 81:381-402), a
// synapse kind (policies/current_synapses.hpp), threshold and reset, and absolute
// refractoriness, in NEST's order within a step:
//   1. unless refractory, V moves by the exact propagators, using the stimulus current of the
//      previous step and the synaptic state at the start of the step;
//   2. the synaptic state advances and takes the spikes arriving in this step;
//   3. V >= V_th: spike, V = V_reset, refractory for t_ref;
//   4. the stimulus current arriving in this step is kept for the next.
// A model derives from lif_psc<itself, Synapse> and declares only its name and its reflected
// parameters and state (NEST's names); the facade supplies internal, calibrate, validate and
// update. The kernel computes in the synapse's scalar type (double, or float for the
// single-precision variants: basic_iaf_psc_alpha<float>, ...): the state is kept in it and the
// constants, computed in double from the double parameters, are rounded to it once.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/scalar.hpp"
#include "axon/models/policies/current_synapses.hpp"
#include "axon/models/policies/propagators.hpp"

namespace axon {

template <class Model, class Synapse>
struct lif_psc {
    using scalar = typename Synapse::scalar;
    using internal = typename Synapse::internal;
    static constexpr bool vectorizable = Synapse::vectorizable;
    /// I_stim holds the stimulus current of the previous step and is read nowhere else: while
    /// no current arrives the population does not store it back (population.hpp).
    static constexpr std::string_view held_current = "I_stim";

    struct constants {
        scalar E_L, I_e, V_th, V_reset, V_min;
        scalar P30, expm1_m; // constant current into V; e^{-h/tau_m} - 1
        std::int32_t refractory_steps;
        typename Synapse::constants synapse;
    };

    /// NEST's checks for the family, plus finiteness (V_min may be -inf).
    template <class P>
    static void validate(const P& p) {
        constexpr auto name = Model::name;
        reflect::for_each_field(p, [&](std::string_view field, const auto& v) {
            if constexpr (std::is_floating_point_v<std::remove_cvref_t<decltype(v)>>) {
                const bool may_be_infinite = field == "V_min";
                require(may_be_infinite ? !std::isnan(v) : std::isfinite(v), name, field, v,
                        "it must be a finite number");
            }
        });
        require(p.V_reset < p.V_th, name, "V_reset", p.V_reset,
                detail::concat("it must be smaller than V_th = ", p.V_th, " mV"));
        require(p.C_m > 0, name, "C_m", p.C_m, "the capacitance must be > 0 pF");
        require(p.tau_m > 0, name, "tau_m", p.tau_m, "time constants must be > 0 ms");
        if constexpr (requires { p.tau_syn_ex; }) {
            require(p.tau_syn_ex > 0, name, "tau_syn_ex", p.tau_syn_ex,
                    "time constants must be > 0 ms");
            require(p.tau_syn_in > 0, name, "tau_syn_in", p.tau_syn_in,
                    "time constants must be > 0 ms");
        }
        require(p.t_ref >= 0, name, "t_ref", p.t_ref, "the refractory time must be >= 0 ms");
    }

    template <class P>
    [[nodiscard]] static constants calibrate(const P& p, double h) {
        double V_min = -std::numeric_limits<double>::infinity();
        if constexpr (requires { p.V_min; })
            V_min = p.V_min;
        return {
            .E_L = to_scalar<scalar>(p.E_L),
            .I_e = to_scalar<scalar>(p.I_e),
            .V_th = to_scalar<scalar>(p.V_th),
            .V_reset = to_scalar<scalar>(p.V_reset),
            .V_min = to_scalar<scalar>(V_min),
            .P30 = to_scalar<scalar>(propagators::constant_to_membrane(p.tau_m, p.C_m, h)),
            .expm1_m = to_scalar<scalar>(std::expm1(-h / p.tau_m)),
            .refractory_steps = static_cast<std::int32_t>(std::lround(p.t_ref / h)),
            .synapse = Synapse::calibrate(p, h),
        };
    }

    template <class S>
    static bool update(const constants& k, S& s, internal& x, const synaptic_input& in) {
        if constexpr (Synapse::discards_input_when_refractory) {
            // Delta synapses: the free update consumes kept input, so it runs only when free.
            if (x.refractory == 0) {
                s.V_m = free_membrane(k, s, x, in);
            } else {
                Synapse::refractory_input(k.synapse, x, in);
                --x.refractory;
            }
        } else {
            // Branch-free, so that the loop over neurons vectorizes with any instruction set:
            // the free update is computed for every neuron and kept only where it is not
            // refractory (the same operations in the same order as a branch: the same bits).
            // g++ does not if-convert floating-point arithmetic inside a branch (it may trap,
            // -ftrapping-math) unless AVX-512 can mask it, so a branch here keeps plain -O3
            // (SSE2) and -mavx2 scalar.
            const scalar v_free = free_membrane(k, s, x, in);
            const bool refractory = x.refractory != 0;
            s.V_m = refractory ? s.V_m : v_free;
            x.refractory -= refractory ? 1 : 0;
        }
        Synapse::advance(k.synapse, s, x, in);

        const bool spike = s.V_m >= k.V_th;
        x.refractory = spike ? k.refractory_steps : x.refractory;
        s.V_m = spike ? k.V_reset : s.V_m;
        x.I_stim = static_cast<scalar>(in.current);
        return spike;
    }

private:
    /// V at the end of the step for a neuron that is not refractory.
    template <class S>
    static scalar free_membrane(const constants& k, const S& s, internal& x,
                                const synaptic_input& in) {
        const scalar y = s.V_m - k.E_L; // NEST integrates V relative to E_L
        const scalar y_new = k.P30 * (x.I_stim + k.I_e) +
                             Synapse::into_membrane(k.synapse, s, x, in) + k.expm1_m * y + y;
        return std::max(y_new + k.E_L, k.V_min);
    }
};

} // namespace axon
