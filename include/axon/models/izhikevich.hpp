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
    static void validate(const parameters& p) {
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

    /// One step in NEST's order: integrate (with last step's stimulus and this step's spikes),
    /// lower bound, threshold and reset, then take the stimulus for the next step.
    static bool update(const constants& k, state& s, internal& x, const synaptic_input& in) {
        const double jump = in.ex + in.in;
        if (k.consistent_integration) {
            const double v = s.V_m;
            const double u = s.U_m;
            // Summed in NEST's order, so that the numbers are NEST's to the last bit.
            s.V_m = v + (k.h * (0.04 * v * v + 5.0 * v + 140.0 - u + x.I_stim + k.I_e) + jump);
            s.U_m = u + k.h * k.a * (k.b * v - u);
        } else {
            // The paper's scheme: V in two half steps (for stability at dt = 1 ms), then U from
            // the new V. The spike jump enters once.
            const double half = 0.5 * k.h;
            double v = s.V_m;
            v += half * (0.04 * v * v + 5.0 * v + 140.0 - s.U_m + x.I_stim + k.I_e) + jump;
            v += half * (0.04 * v * v + 5.0 * v + 140.0 - s.U_m + x.I_stim + k.I_e);
            s.V_m = v;
            s.U_m += k.h * k.a * (k.b * v - s.U_m);
        }
        if (s.V_m < k.V_min)
            s.V_m = k.V_min;

        const bool spike = s.V_m >= k.V_th;
        if (spike) {
            s.V_m = k.c;
            s.U_m += k.d;
        }
        x.I_stim = in.current;
        return spike;
    }
};

static_assert(NeuronModel<izhikevich>);

} // namespace axon
