// A model written outside the library, as a user writes one: the quadratic integrate-and-fire
// neuron (Latham et al. 2000, J. Neurophysiol. 83:808; Ermentrout & Kopell 1986), in the
// form
//
//   C_m dV/dt = g_L (V - E_L)(V - V_c) / (V_c - E_L) + I_e + I_stim,   g_L = C_m / tau_m
//   V >= V_peak: spike, V = V_reset.
//
// Below V_c the membrane relaxes to E_L; above it, V runs away to V_peak. The rheobase is
// g_L (V_c - E_L) / 4. Integrated with forward Euler on the grid (first order in dt).
#pragma once

#include <cmath>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"

namespace examples {

struct qif {
    static constexpr std::string_view name = "qif";
    static constexpr bool vectorizable = true; // straight-line update

    struct parameters {
        AXON_FIELDS(parameters, (double, E_L, -65.0), (double, V_c, -50.0), (double, C_m, 250.0),
                    (double, tau_m, 10.0), (double, V_peak, 30.0), (double, V_reset, -70.0),
                    (double, I_e, 0.0))
    };
    struct state {
        AXON_FIELDS(state, (double, V_m, -65.0))
    };
    struct internal {
        AXON_FIELDS(internal, (double, I_stim, 0.0))
    };
    struct constants {
        double E_L, V_c, V_peak, V_reset, I_e;
        double quadratic; // h / tau_m / (V_c - E_L)
        double current;   // h / C_m
    };

    static void validate(const parameters& p) {
        axon::require(p.C_m > 0, name, "C_m", p.C_m, "the capacitance must be > 0 pF");
        axon::require(p.tau_m > 0, name, "tau_m", p.tau_m, "tau_m must be > 0 ms");
        axon::require(p.V_c > p.E_L, name, "V_c", p.V_c, "it must be above E_L");
        axon::require(p.V_peak > p.V_c, name, "V_peak", p.V_peak, "it must be above V_c");
        axon::require(p.V_reset < p.V_peak, name, "V_reset", p.V_reset, "it must be below V_peak");
    }

    static constants calibrate(const parameters& p, double h) {
        return {p.E_L, p.V_c, p.V_peak, p.V_reset, p.I_e, h / p.tau_m / (p.V_c - p.E_L), h / p.C_m};
    }

    static bool update(const constants& k, state& s, internal& x, const axon::synaptic_input& in) {
        const double v = s.V_m;
        s.V_m = v + k.quadratic * (v - k.E_L) * (v - k.V_c) + k.current * (k.I_e + x.I_stim);
        x.I_stim = in.current;
        const bool spike = s.V_m >= k.V_peak;
        s.V_m = spike ? k.V_reset : s.V_m;
        return spike;
    }

    /// The firing period (ms) of the continuous model at constant current I above rheobase:
    /// with u = V - (E_L + V_c)/2, dV/dt = k (u^2 + beta^2), so
    /// T = (atan(u_peak / beta) - atan(u_reset / beta)) / (k beta).
    static double period(const parameters& p, double I) {
        const double half_width = (p.V_c - p.E_L) / 2;
        const double k = 1.0 / (p.tau_m * 2 * half_width);
        const double beta = std::sqrt(I / (p.C_m * k) - half_width * half_width);
        const double mid = (p.E_L + p.V_c) / 2;
        return (std::atan((p.V_peak - mid) / beta) - std::atan((p.V_reset - mid) / beta)) /
               (k * beta);
    }
};

static_assert(axon::NeuronModel<qif>);

} // namespace examples
