// Synaptic-input policies for conductance-based neurons: an excitatory and an inhibitory
// conductance (nS) that drive the membrane towards their reversal potentials E_ex and E_in.
// A spike of weight w > 0 excites, w < 0 inhibits with |w|; weights are nS.
//
// ConductanceSynapses — what conductance_neuron asks of a synapse policy:
//   size                        how many ODE variables it adds (after the membrane's)
//   has_derivatives             true when it keeps dg_ex, dg_in per neuron (in `internal`)
//   constants, calibrate(p)     numbers taken from the parameters (E_ex, E_in, tau_syn_ex/in)
//   validate(p, model)          NEST's checks on its parameters (time constants > 0)
//   load(s, x, y), store(y, s, x)  move its variables between state/internal and y[0, size)
//   current(k, y, V)            the synaptic current g_ex (V - E_ex) + g_in (V - E_in), pA
//   derivatives(k, y, f)        its right-hand side into f[0, size)
//   receive(k, y, input)        what the spikes arriving this step do to it
// and, for fixed steps (policies/exponential_schemes.hpp), on the model's state s and hidden
// state x directly:
//   step_constants, step_calibrate(p, dt)  the exact propagators over one step dt
//   mean(k, s, x, g_ex, g_in)              the exact means of g_ex and g_in over the coming step
//   exact_step(k, s, x)                    advances the conductances by dt, exactly (Rotter &
//                                          Diesmann 1999: the solution of a linear ODE with
//                                          constant coefficients over a step is a matrix
//                                          exponential, computed once)
//   receive_state(k, s, x, input)          what the spikes arriving this step do to them
// The model's state needs g_ex and g_in; with has_derivatives, internal needs dg_ex, dg_in.
#pragma once

#include <cmath>
#include <cstddef>
#include <numbers>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"

namespace axon::policies {

namespace detail {
template <class P>
void require_synaptic_time_constants(const P& p, std::string_view model) {
    require(p.tau_syn_ex > 0, model, "tau_syn_ex", p.tau_syn_ex, "time constants must be > 0 ms");
    require(p.tau_syn_in > 0, model, "tau_syn_in", p.tau_syn_in, "time constants must be > 0 ms");
}
} // namespace detail

/// Exponentially decaying conductances: dg/dt = -g/tau_syn; a spike adds its weight to g
/// (iaf_cond_exp, aeif_cond_exp).
struct exp_conductances {
    static constexpr std::size_t size = 2; // g_ex, g_in
    static constexpr bool has_derivatives = false;

    struct constants {
        double E_ex, E_in, decay_ex, decay_in; // decay = 1 / tau_syn
    };

    template <class P>
    [[nodiscard]] static constants calibrate(const P& p) {
        return {p.E_ex, p.E_in, 1.0 / p.tau_syn_ex, 1.0 / p.tau_syn_in};
    }
    template <class P>
    static void validate(const P& p, std::string_view model) {
        detail::require_synaptic_time_constants(p, model);
    }

    template <class S, class X>
    static void load(const S& s, const X&, double* y) {
        y[0] = s.g_ex;
        y[1] = s.g_in;
    }
    template <class S, class X>
    static void store(const double* y, S& s, X&) {
        s.g_ex = y[0];
        s.g_in = y[1];
    }

    [[nodiscard]] static double current(const constants& k, const double* y, double V) {
        return y[0] * (V - k.E_ex) + y[1] * (V - k.E_in);
    }
    static void derivatives(const constants& k, const double* y, double* f) {
        f[0] = -y[0] * k.decay_ex;
        f[1] = -y[1] * k.decay_in;
    }
    static void receive(const constants&, double* y, const synaptic_input& in) {
        y[0] += in.ex;
        y[1] -= in.in;
    }

    struct step_constants {
        double P_ex, P_in; // e^{-dt/tau_syn}
        double mean_ex,
            mean_in; // tau_syn/dt (1 - e^{-dt/tau_syn}): mean of g e^{-s/tau_syn}, per g
    };
    template <class P>
    [[nodiscard]] static step_constants step_calibrate(const P& p, double dt) {
        return {std::exp(-dt / p.tau_syn_ex), std::exp(-dt / p.tau_syn_in),
                -p.tau_syn_ex / dt * std::expm1(-dt / p.tau_syn_ex),
                -p.tau_syn_in / dt * std::expm1(-dt / p.tau_syn_in)};
    }
    template <class S, class X>
    static void mean(const step_constants& k, const S& s, const X&, double& g_ex, double& g_in) {
        g_ex = s.g_ex * k.mean_ex;
        g_in = s.g_in * k.mean_in;
    }
    template <class S, class X>
    static void exact_step(const step_constants& k, S& s, X&) {
        s.g_ex *= k.P_ex;
        s.g_in *= k.P_in;
    }
    template <class S, class X>
    static void receive_state(const step_constants&, S& s, X&, const synaptic_input& in) {
        s.g_ex += in.ex;
        s.g_in -= in.in;
    }
};

/// Alpha-shaped conductances: g(t) = w e/tau t e^{-t/tau} after a spike of weight w, so the
/// peak, at t = tau, is w. As an ODE: ddg/dt = -dg/tau, dg/dt = dg - g/tau; a spike adds
/// w e/tau to dg (iaf_cond_alpha, aeif_cond_alpha).
struct alpha_conductances {
    static constexpr std::size_t size = 4; // g_ex, dg_ex, g_in, dg_in
    static constexpr bool has_derivatives = true;

    struct constants {
        double E_ex, E_in, decay_ex, decay_in, jump_ex, jump_in; // jump = e / tau_syn
    };

    template <class P>
    [[nodiscard]] static constants calibrate(const P& p) {
        return {p.E_ex,
                p.E_in,
                1.0 / p.tau_syn_ex,
                1.0 / p.tau_syn_in,
                std::numbers::e / p.tau_syn_ex,
                std::numbers::e / p.tau_syn_in};
    }
    template <class P>
    static void validate(const P& p, std::string_view model) {
        detail::require_synaptic_time_constants(p, model);
    }

    template <class S, class X>
    static void load(const S& s, const X& x, double* y) {
        y[0] = s.g_ex;
        y[1] = x.dg_ex;
        y[2] = s.g_in;
        y[3] = x.dg_in;
    }
    template <class S, class X>
    static void store(const double* y, S& s, X& x) {
        s.g_ex = y[0];
        x.dg_ex = y[1];
        s.g_in = y[2];
        x.dg_in = y[3];
    }

    [[nodiscard]] static double current(const constants& k, const double* y, double V) {
        return y[0] * (V - k.E_ex) + y[2] * (V - k.E_in);
    }
    static void derivatives(const constants& k, const double* y, double* f) {
        f[0] = y[1] - y[0] * k.decay_ex;
        f[1] = -y[1] * k.decay_ex;
        f[2] = y[3] - y[2] * k.decay_in;
        f[3] = -y[3] * k.decay_in;
    }
    static void receive(const constants& k, double* y, const synaptic_input& in) {
        y[1] += in.ex * k.jump_ex;
        y[3] -= in.in * k.jump_in;
    }

    /// P = e^{-dt/tau_syn}, jump = e / tau_syn; over a step g(s) = e^{-s/tau}(g + s dg), whose
    /// mean is g A + dg B with A = tau/dt (1 - P), B = tau^2/dt (1 - P) - tau P.
    struct step_constants {
        double P_ex, P_in, dt, jump_ex, jump_in, A_ex, A_in, B_ex, B_in;
    };
    template <class P>
    [[nodiscard]] static step_constants step_calibrate(const P& p, double dt) {
        const auto A = [dt](double tau) { return -tau / dt * std::expm1(-dt / tau); };
        const auto B = [dt](double tau) {
            return -tau * tau / dt * std::expm1(-dt / tau) - tau * std::exp(-dt / tau);
        };
        return {.P_ex = std::exp(-dt / p.tau_syn_ex),
                .P_in = std::exp(-dt / p.tau_syn_in),
                .dt = dt,
                .jump_ex = std::numbers::e / p.tau_syn_ex,
                .jump_in = std::numbers::e / p.tau_syn_in,
                .A_ex = A(p.tau_syn_ex),
                .A_in = A(p.tau_syn_in),
                .B_ex = B(p.tau_syn_ex),
                .B_in = B(p.tau_syn_in)};
    }
    template <class S, class X>
    static void mean(const step_constants& k, const S& s, const X& x, double& g_ex, double& g_in) {
        g_ex = s.g_ex * k.A_ex + x.dg_ex * k.B_ex;
        g_in = s.g_in * k.A_in + x.dg_in * k.B_in;
    }
    /// Over a step h: dg(t + h) = P dg(t), g(t + h) = P (g(t) + h dg(t)).
    template <class S, class X>
    static void exact_step(const step_constants& k, S& s, X& x) {
        s.g_ex = k.P_ex * (s.g_ex + k.dt * x.dg_ex);
        x.dg_ex *= k.P_ex;
        s.g_in = k.P_in * (s.g_in + k.dt * x.dg_in);
        x.dg_in *= k.P_in;
    }
    template <class S, class X>
    static void receive_state(const step_constants& k, S&, X& x, const synaptic_input& in) {
        x.dg_ex += in.ex * k.jump_ex;
        x.dg_in -= in.in * k.jump_in;
    }
};

} // namespace axon::policies
