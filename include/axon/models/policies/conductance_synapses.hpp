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
// The model's state needs g_ex and g_in; with has_derivatives, internal needs dg_ex, dg_in.
#pragma once

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
};

} // namespace axon::policies
