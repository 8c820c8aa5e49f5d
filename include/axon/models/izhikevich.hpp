// izhikevich: the simple spiking neuron of Izhikevich (2003, IEEE Trans. Neural Netw.
// 14:1569-1572), two variables that reproduce regular spiking, fast spiking, chattering and other
// cortical firing patterns, with the names, defaults and update order of NEST's model.
//
//   dV/dt = 0.04 V^2 + 5 V + 140 - U + I_e + I_stim      (V in mV, t in ms, currents in "pA")
//   dU/dt = a (b V - U)
//   V >= V_th: spike, V = c, U = U + d.  An arriving spike of weight w (mV) makes V jump by w.
//   V never goes below V_min. There is no refractory period.
//
// consistent_integration = true (NEST's default): one forward-Euler step of dt for V and U, both
// from the values at the start of the step. false: Izhikevich's published scheme, two half steps
// for V, then U from the new V (meant for dt = 1 ms).
//
// | parameter              | default  | unit | meaning                                  |
// |------------------------|----------|------|------------------------------------------|
// | a                      | 0.02     | 1/ms | time scale of the recovery variable U    |
// | b                      | 0.2      | 1    | sensitivity of U to V                    |
// | c                      | -65      | mV   | V after a spike                          |
// | d                      | 8        | mV   | increment of U after a spike             |
// | I_e                    | 0        | pA   | constant external current                |
// | V_th                   | 30       | mV   | spike cut-off                            |
// | V_min                  | -DBL_MAX | mV   | lower bound of V                         |
// | consistent_integration | true     |      | NEST's Euler step (true) or the paper's  |
// State (recordable, settable): V_m (mV, starts at -65), U_m (mV, starts at -13 whatever b is,
// as in NEST).
#pragma once

#include <cmath>
#include <limits>
#include <string_view>
#include <type_traits>

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"

namespace axon {

struct izhikevich {
    static constexpr std::string_view name = "izhikevich";
    static constexpr bool vectorizable = true; // straight-line update: the loop vectorizes

    struct parameters {
        AXON_FIELDS(parameters,                                             //
                    (double, a, 0.02),                                      //
                    (double, b, 0.2),                                       //
                    (double, c, -65.0),                                     //
                    (double, d, 8.0),                                       //
                    (double, I_e, 0.0),                                     //
                    (double, V_th, 30.0),                                   //
                    (double, V_min, std::numeric_limits<double>::lowest()), //
                    (bool, consistent_integration, true))
    };

    struct state {
        AXON_FIELDS(state, (double, V_m, -65.0), (double, U_m, -13.0))
    };

    /// The stimulus current of the last step: it acts during the next step, as in NEST.
    struct internal {
        AXON_FIELDS(internal, (double, I_stim, 0.0))
    };

    struct constants {
        double h, a, b, c, d, I_e, V_th, V_min;
        bool consistent_integration;
    };

    /// NEST checks nothing for this model; axon only refuses numbers that are not numbers.
    /// (A template, so that it is compiled only where a population of izhikevich is.)
    template <class P = parameters>
    static void validate(const P& p) {
        reflect::for_each_field(p, [](std::string_view field, const auto& v) {
            if constexpr (std::is_same_v<std::remove_cvref_t<decltype(v)>, double>) {
                // -inf is a meaningful V_min ("no lower bound"), as NEST's own -DBL_MAX is.
                const bool may_be_infinite = field == "V_min";
                require(may_be_infinite
                            ? !std::isnan(v) && v != std::numeric_limits<double>::infinity()
                            : std::isfinite(v),
                        name, field, v,
                        may_be_infinite ? "it must be a number below +inf"
                                        : "it must be a finite number");
            }
        });
    }

    [[nodiscard]] static constants calibrate(const parameters& p, double h) {
        return {.h = h,
                .a = p.a,
                .b = p.b,
                .c = p.c,
                .d = p.d,
                .I_e = p.I_e,
                .V_th = p.V_th,
                .V_min = p.V_min,
                .consistent_integration = p.consistent_integration};
    }

    /// Calls f(std::true_type{}) or f(std::false_type{}) after consistent_integration, so that
    /// the population runs one loop per integration scheme (population.hpp, `variants`): a
    /// run-time choice inside the loop is not unswitched by g++ 12 (the loop is too large) and
    /// keeps it from vectorizing ("relevant stmt not supported: cstore = flag ? a : b").
    template <class F>
    static decltype(auto) with_variant(const constants& k, F&& f) {
        if (k.consistent_integration)
            return f(std::true_type{});
        return f(std::false_type{});
    }

    /// One step in NEST's order: integrate (with last step's stimulus and this step's spikes),
    /// lower bound, threshold and reset, then take the stimulus for the next step.
    static bool update(const constants& k, state& s, internal& x, const synaptic_input& in) {
        return with_variant(k, [&](auto consistent) { return update(k, s, x, in, consistent); });
    }

    /// The same for a scheme fixed at compile time. Branch-free (selects, no arithmetic under
    /// a condition), so that the loop over neurons vectorizes with any instruction set.
    template <bool Consistent>
    static bool update(const constants& k, state& s, internal& x, const synaptic_input& in,
                       std::bool_constant<Consistent>) {
        const double jump = in.ex + in.in;
        double v_new, u_new;
        if constexpr (Consistent) {
            const double v = s.V_m;
            const double u = s.U_m;
            // Summed in NEST's order, so that the numbers are NEST's to the last bit.
            v_new = v + (k.h * (0.04 * v * v + 5.0 * v + 140.0 - u + x.I_stim + k.I_e) + jump);
            u_new = u + k.h * k.a * (k.b * v - u);
        } else {
            // The paper's scheme: V in two half steps (for stability at dt = 1 ms), then U from
            // the new V. The spike jump enters once.
            const double half = 0.5 * k.h;
            double v = s.V_m;
            v += half * (0.04 * v * v + 5.0 * v + 140.0 - s.U_m + x.I_stim + k.I_e) + jump;
            v += half * (0.04 * v * v + 5.0 * v + 140.0 - s.U_m + x.I_stim + k.I_e);
            v_new = v;
            u_new = s.U_m + k.h * k.a * (k.b * v - s.U_m);
        }
        v_new = v_new < k.V_min ? k.V_min : v_new;

        const bool spike = v_new >= k.V_th;
        s.V_m = spike ? k.c : v_new;
        // Vectorized by g++ with AVX-512 (a masked add); with SSE2 or AVX2 g++ keeps the
        // addition under the condition, where it may trap (-ftrapping-math), and does not
        // vectorize the loop (u + (spike ? d : -0.0) is folded back into this form, and
        // u + d * double(spike) is a mask-to-double conversion that AVX-512 lacks).
        s.U_m = spike ? u_new + k.d : u_new;
        x.I_stim = in.current;
        return spike;
    }
};

static_assert(NeuronModel<izhikevich>);

} // namespace axon
