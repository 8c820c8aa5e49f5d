// Membrane policies for conductance-based neurons integrated with an ODE solver: the leaky
// integrate-and-fire membrane and the adaptive exponential one (AdEx; Brette & Gerstner 2005,
// J. Neurophysiol. 94:3637-3642), with NEST's integration settings for each family.
//
// Membrane — what conductance_neuron asks of a membrane policy:
//   size                           its ODE variables, first in the vector (y[0] is V_m)
//   constants, calibrate(p)        numbers taken from the parameters
//   validate(p, model)             NEST's checks on its parameters
//   tolerance(p), initial_step(p, dt)   the solver's error control and first step size
//   load(s, y), store(y, s)        move its variables between the state and y[0, size)
//   derivatives(k, y, refractory, I_stim, I_syn, f)
//                                  its right-hand side into f[0, size); I_syn(V) is the
//                                  synaptic current at V; V_m is held at V_reset while
//                                  refractory
//   threshold(k), reset(k, y)      when a spike happens and what it does
//   clamp(k, y)                    holds V_m at V_reset during refractoriness
//   check(k, y, model)             throws when the solution has run away
// The model's state needs V_m (and w for the AdEx membrane).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string_view>

#include "axon/core/error.hpp"
#include "axon/models/policies/rkf45.hpp"

namespace axon::policies {

/// C_m dV/dt = -g_L (V - E_L) - I_syn(V) + I_e + I_stim. In the right-hand side V is capped at
/// V_th (NEST's guard against runaway trial steps); the threshold is checked by the spike rule.
/// NEST integrates iaf_cond_* with an absolute error of 1e-3 on every variable.
struct leaky_membrane {
    static constexpr std::size_t size = 1; // V_m

    struct constants {
        double E_L, g_L, inv_C_m, I_e, V_th, V_reset;
    };

    template <class P>
    [[nodiscard]] static constants calibrate(const P& p) {
        return {p.E_L, p.g_L, 1.0 / p.C_m, p.I_e, p.V_th, p.V_reset};
    }
    template <class P>
    static void validate(const P& p, std::string_view model) {
        require(p.V_reset < p.V_th, model, "V_reset", p.V_reset,
                axon::detail::concat("it must be smaller than V_th = ", p.V_th, " mV"));
        require(p.C_m > 0, model, "C_m", p.C_m, "the capacitance must be > 0 pF");
    }
    template <class P>
    [[nodiscard]] static ode::error_control tolerance(const P&) {
        return {.eps_abs = 1e-3, .eps_rel = 0.0, .a_y = 1.0, .a_dydt = 0.0};
    }
    template <class P>
    [[nodiscard]] static double initial_step(const P&, double dt) {
        return dt;
    }

    template <class S>
    static void load(const S& s, double* y) {
        y[0] = s.V_m;
    }
    template <class S>
    static void store(const double* y, S& s) {
        s.V_m = y[0];
    }

    template <class Current>
    static void derivatives(const constants& k, const double* y, bool refractory, double I_stim,
                            Current&& I_syn, double* f) {
        if (refractory) {
            f[0] = 0.0;
            return;
        }
        const double V = std::min(y[0], k.V_th);
        f[0] = (-k.g_L * (V - k.E_L) - I_syn(V) + k.I_e + I_stim) * k.inv_C_m;
    }

    [[nodiscard]] static double threshold(const constants& k) { return k.V_th; }
    static void reset(const constants& k, double* y) { y[0] = k.V_reset; }
    static void clamp(const constants& k, double* y) { y[0] = k.V_reset; }
    static void check(const constants&, const double*, std::string_view) {}
};

/// The AdEx membrane (Brette & Gerstner 2005):
///   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T e^{(V - V_th)/Delta_T} - I_syn(V) - w + I_e + I_stim
///   tau_w dw/dt = a (V - E_L) - w
/// A spike happens when V reaches V_peak (V_th when Delta_T = 0, a plain LIF threshold):
/// V = V_reset, w += b. In the right-hand side V is capped at V_peak so the exponential cannot
/// overflow. NEST integrates it with absolute and relative error gsl_error_tol, relative to
/// h |dy/dt|, starting from a step of at most 0.01 ms.
struct adaptive_exponential_membrane {
    static constexpr std::size_t size = 2; // V_m, w

    struct constants {
        double E_L, g_L, inv_C_m, I_e, V_th, Delta_T, inv_Delta_T, V_peak, V_reset, a, b, inv_tau_w,
            spike_at;
    };

    template <class P>
    [[nodiscard]] static constants calibrate(const P& p) {
        return {.E_L = p.E_L,
                .g_L = p.g_L,
                .inv_C_m = 1.0 / p.C_m,
                .I_e = p.I_e,
                .V_th = p.V_th,
                .Delta_T = p.Delta_T,
                .inv_Delta_T = p.Delta_T > 0 ? 1.0 / p.Delta_T : 0.0,
                .V_peak = p.V_peak,
                .V_reset = p.V_reset,
                .a = p.a,
                .b = p.b,
                .inv_tau_w = 1.0 / p.tau_w,
                .spike_at = p.Delta_T > 0 ? p.V_peak : p.V_th};
    }
    template <class P>
    static void validate(const P& p, std::string_view model) {
        require(p.V_peak >= p.V_th, model, "V_peak", p.V_peak,
                axon::detail::concat("it must be >= V_th = ", p.V_th, " mV"));
        require(p.Delta_T >= 0, model, "Delta_T", p.Delta_T, "the slope factor must be >= 0 mV");
        if (p.Delta_T > 0) {
            // e^{(V_peak - V_th)/Delta_T} must leave room (1e20) for the rest of the sum
            const double max_exponent = std::log(std::numeric_limits<double>::max() / 1e20);
            require((p.V_peak - p.V_th) / p.Delta_T < max_exponent, model, "Delta_T", p.Delta_T,
                    axon::detail::concat("(V_peak - V_th) / Delta_T must be < ", max_exponent,
                                         " or the exponential overflows at a spike; increase "
                                         "Delta_T or lower V_peak"));
        }
        require(p.V_reset < p.V_peak, model, "V_reset", p.V_reset,
                axon::detail::concat("it must be smaller than V_peak = ", p.V_peak, " mV"));
        require(p.C_m > 0, model, "C_m", p.C_m, "the capacitance must be > 0 pF");
        require(p.tau_w > 0, model, "tau_w", p.tau_w, "time constants must be > 0 ms");
        require(p.gsl_error_tol > 0, model, "gsl_error_tol", p.gsl_error_tol,
                "the solver's error tolerance must be > 0");
    }
    template <class P>
    [[nodiscard]] static ode::error_control tolerance(const P& p) {
        return {.eps_abs = p.gsl_error_tol, .eps_rel = p.gsl_error_tol, .a_y = 0.0, .a_dydt = 1.0};
    }
    template <class P>
    [[nodiscard]] static double initial_step(const P&, double dt) {
        return std::min(0.01, dt);
    }

    template <class S>
    static void load(const S& s, double* y) {
        y[0] = s.V_m;
        y[1] = s.w;
    }
    template <class S>
    static void store(const double* y, S& s) {
        s.V_m = y[0];
        s.w = y[1];
    }

    template <class Current>
    static void derivatives(const constants& k, const double* y, bool refractory, double I_stim,
                            Current&& I_syn, double* f) {
        const double V = refractory ? k.V_reset : std::min(y[0], k.V_peak);
        const double w = y[1];
        if (refractory) {
            f[0] = 0.0;
        } else {
            const double I_spike =
                k.Delta_T == 0.0 ? 0.0 : k.g_L * k.Delta_T * std::exp((V - k.V_th) * k.inv_Delta_T);
            f[0] = (-k.g_L * (V - k.E_L) + I_spike - I_syn(V) - w + k.I_e + I_stim) * k.inv_C_m;
        }
        f[1] = (k.a * (V - k.E_L) - w) * k.inv_tau_w;
    }

    [[nodiscard]] static double threshold(const constants& k) { return k.spike_at; }
    static void reset(const constants& k, double* y) {
        y[0] = k.V_reset;
        y[1] += k.b; // spike-triggered adaptation
    }
    static void clamp(const constants& k, double* y) { y[0] = k.V_reset; }

    /// NEST's bounds: V_m may diverge upwards (it is reset at V_peak), not downwards; w stays
    /// within +-1e6 pA.
    static void check(const constants&, const double* y, std::string_view model) {
        if (y[0] < -1e3 || y[1] < -1e6 || y[1] > 1e6) {
            throw error(axon::detail::concat(model, ": numerical instability (V_m = ", y[0],
                                             " mV, w = ", y[1],
                                             " pA); reduce the input or the resolution"));
        }
    }
};

} // namespace axon::policies
