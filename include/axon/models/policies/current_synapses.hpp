// Synapse kinds of the current-based LIF family (psc): how a receptor's current evolves, what
// it injects into the membrane over one step, and what an arriving spike does. Exact
// integration on the grid (Rotter & Diesmann 1999, Biol. Cybern. 81:381-402).
//
// CurrentSynapse — minimal complete definition, for a model with parameters P and state S:
//   internal                   hidden per-neuron fields (AXON_FIELDS), e.g. current slopes
//   constants                  per-model constants of the receptors
//   calibrate(P, h)            the constants from the parameters and the resolution h
//   into_membrane(k, s, x, in) the receptors' contribution to V over this step, from the state
//                              at the start of the step (and, for delta synapses, the input)
//   advance(k, s, x, in)       the receptors' state at the end of the step, spikes included
//   discards_input_when_refractory  true when input during refractoriness is lost (delta)
//   vectorizable               true when the update is straight-line arithmetic (no calls)
//   scalar                     the type of the state and constants (double, or float for the
//                              single-precision models); the kernel computes in it
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/scalar.hpp"
#include "axon/models/policies/propagators.hpp"

namespace axon::synapses {

/// Alpha-shaped currents: I(t) = w e/tau t e^{-t/tau} after a spike of weight w (peak w at
/// t = tau). State I_syn_ex, I_syn_in; hidden slopes dI_syn_ex, dI_syn_in.
template <scalar T = double>
struct basic_alpha_current {
    using scalar = T;
    static constexpr bool discards_input_when_refractory = false;
    static constexpr bool vectorizable = true;

    struct internal {
        AXON_FIELDS(internal, (T, dI_syn_ex, 0.0), (T, dI_syn_in, 0.0), (T, I_stim, 0.0),
                    (std::int32_t, refractory, 0))
    };

    struct receptor {
        T P11, P21, P31, P32, jump;

        // computed in double and rounded once
        static receptor make(double tau_syn, double tau_m, double C_m, double h) {
            const auto into_v = propagators::alpha(tau_syn, tau_m, C_m, h);
            const double decay = std::exp(-h / tau_syn);
            return {to_scalar<T>(decay), to_scalar<T>(h * decay), to_scalar<T>(into_v.P31),
                    to_scalar<T>(into_v.P32), to_scalar<T>(std::numbers::e / tau_syn)};
        }
    };
    struct constants {
        receptor ex, in;
    };

    template <class P>
    static constants calibrate(const P& p, double h) {
        return {receptor::make(p.tau_syn_ex, p.tau_m, p.C_m, h),
                receptor::make(p.tau_syn_in, p.tau_m, p.C_m, h)};
    }

    template <class S>
    static T into_membrane(const constants& k, const S& s, const internal& x,
                           const synaptic_input&) {
        return k.ex.P31 * x.dI_syn_ex + k.ex.P32 * s.I_syn_ex + k.in.P31 * x.dI_syn_in +
               k.in.P32 * s.I_syn_in;
    }

    template <class S>
    static void advance(const constants& k, S& s, internal& x, const synaptic_input& in) {
        s.I_syn_ex = k.ex.P21 * x.dI_syn_ex + k.ex.P11 * s.I_syn_ex;
        x.dI_syn_ex = k.ex.P11 * x.dI_syn_ex + k.ex.jump * static_cast<T>(in.ex);
        s.I_syn_in = k.in.P21 * x.dI_syn_in + k.in.P11 * s.I_syn_in;
        x.dI_syn_in = k.in.P11 * x.dI_syn_in + k.in.jump * static_cast<T>(in.in);
    }
};
using alpha_current = basic_alpha_current<double>;

/// Exponentially decaying currents: I jumps by w at a spike and decays with tau_syn.
/// State I_syn_ex, I_syn_in.
template <scalar T = double>
struct basic_exp_current {
    using scalar = T;
    static constexpr bool discards_input_when_refractory = false;
    static constexpr bool vectorizable = true;

    struct internal {
        AXON_FIELDS(internal, (T, I_stim, 0.0), (std::int32_t, refractory, 0))
    };

    struct receptor {
        T decay, into_v;

        static receptor make(double tau_syn, double tau_m, double C_m, double h) {
            // an exponential current is the I component of the alpha system (P32)
            return {to_scalar<T>(std::exp(-h / tau_syn)),
                    to_scalar<T>(propagators::alpha(tau_syn, tau_m, C_m, h).P32)};
        }
    };
    struct constants {
        receptor ex, in;
    };

    template <class P>
    static constants calibrate(const P& p, double h) {
        return {receptor::make(p.tau_syn_ex, p.tau_m, p.C_m, h),
                receptor::make(p.tau_syn_in, p.tau_m, p.C_m, h)};
    }

    template <class S>
    static T into_membrane(const constants& k, const S& s, const internal&, const synaptic_input&) {
        return k.ex.into_v * s.I_syn_ex + k.in.into_v * s.I_syn_in;
    }

    template <class S>
    static void advance(const constants& k, S& s, internal&, const synaptic_input& in) {
        s.I_syn_ex = k.ex.decay * s.I_syn_ex + static_cast<T>(in.ex);
        s.I_syn_in = k.in.decay * s.I_syn_in + static_cast<T>(in.in);
    }
};
using exp_current = basic_exp_current<double>;

/// Delta synapses: a spike of weight w (mV) moves V by w in the step it arrives. Input that
/// arrives while the neuron is refractory is lost, unless refractory_input is set: then it is
/// kept, decayed with tau_m until the refractory period ends, and added then.
template <scalar T = double>
struct basic_delta_voltage {
    using scalar = T;
    static constexpr bool discards_input_when_refractory = true;
    static constexpr bool vectorizable = false; // refractory_input calls exp()

    struct internal {
        AXON_FIELDS(internal, (T, I_stim, 0.0), (std::int32_t, refractory, 0),
                    (T, refractory_input_sum, 0.0))
    };

    struct constants {
        bool keep_refractory_input;
        T h_over_tau_m;
    };

    template <class P>
    static constants calibrate(const P& p, double h) {
        return {p.refractory_input, to_scalar<T>(h / p.tau_m)};
    }

    template <class S>
    static T into_membrane(const constants&, const S&, internal& x, const synaptic_input& in) {
        const T kept = x.refractory_input_sum;
        x.refractory_input_sum = 0;
        return static_cast<T>(in.ex + in.in) + kept;
    }

    template <class S>
    static void advance(const constants&, S&, internal&, const synaptic_input&) {}

    /// Input arriving during refractoriness: lost, or kept as the membrane would have kept
    /// it, decayed over the rest of the refractory period.
    static void refractory_input(const constants& k, internal& x, const synaptic_input& in) {
        if (k.keep_refractory_input) {
            x.refractory_input_sum += static_cast<T>(in.ex + in.in) *
                                      std::exp(-static_cast<T>(x.refractory) * k.h_over_tau_m);
        }
    }
};
using delta_voltage = basic_delta_voltage<double>;

} // namespace axon::synapses
