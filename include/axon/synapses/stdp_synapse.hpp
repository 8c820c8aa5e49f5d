// stdp_synapse: pair-based spike-timing dependent plasticity with all-to-all pairing and the
// power-law weight dependence of Guetig et al. 2003 (J Neurosci 23:3697), as NEST's model of
// the same name (Morrison, Diesmann, Gerstner 2008, Biol Cybern 98:459).
//
// The presynaptic trace K+ (time constant tau_plus) is kept per synapse; the postsynaptic
// trace K- (tau_minus) belongs to the target neuron (population parameter "tau_minus"). The
// whole delay counts as dendritic: a postsynaptic spike at t_post meets the synapse at
// t_post + delay. When the presynaptic neuron fires at t:
//   for every postsynaptic spike with t_last < t_post + delay <= t:
//       w <- facilitate(w, K+(t_last) exp(-(t_post + delay - t_last) / tau_plus))
//   w <- depress(w, K-(t - delay))        (K- just before t - delay)
//   the spike is delivered with w; K+ <- K+ exp(-(t - t_last) / tau_plus) + 1; t_last <- t
// with, in units of Wmax (w~ = w / Wmax),
//   facilitate: w~ + lambda (1 - w~)^mu_plus K,        capped at 1
//   depress:    w~ - alpha lambda w~^mu_minus K,        floored at 0.
#pragma once

#include <cmath>
#include <string_view>

#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/time.hpp"
#include "axon/synapses/spike_archive.hpp"
#include "axon/synapses/synapse.hpp"

namespace axon {

struct stdp_synapse {
    static constexpr std::string_view name = "stdp_synapse";
    static constexpr bool uses_post_spikes = true;

    struct parameters {
        AXON_FIELDS(parameters, (double, weight, 1.0), (double, delay, 1.0),
                    (double, tau_plus, 20.0), (double, lambda, 0.01), (double, alpha, 1.0),
                    (double, mu_plus, 1.0), (double, mu_minus, 1.0), (double, Wmax, 100.0))
    };
    struct state {
        AXON_FIELDS(state, (double, Kplus, 0.0))
    };
    struct internal {
        AXON_FIELDS(internal, (step_t, t_last, 0)) // step of the last presynaptic spike
    };

    struct constants {
        double tau_plus, lambda, alpha, mu_plus, mu_minus, Wmax, dt;
    };

    static constants calibrate(const parameters& p, double dt) {
        return {p.tau_plus, p.lambda, p.alpha, p.mu_plus, p.mu_minus, p.Wmax, dt};
    }

    static void validate(const parameters& p, const state& s) {
        require(p.tau_plus > 0.0, name, "tau_plus", p.tau_plus, "it must be > 0");
        require(std::isfinite(p.lambda), name, "lambda", p.lambda, "it must be a finite number");
        require(std::isfinite(p.alpha), name, "alpha", p.alpha, "it must be a finite number");
        require(std::isfinite(p.mu_plus) && p.mu_plus >= 0.0, name, "mu_plus", p.mu_plus,
                "it must be finite and >= 0");
        require(std::isfinite(p.mu_minus) && p.mu_minus >= 0.0, name, "mu_minus", p.mu_minus,
                "it must be finite and >= 0");
        require(std::isfinite(p.Wmax) && p.Wmax != 0.0, name, "Wmax", p.Wmax,
                "it must be finite and non-zero");
        require(s.Kplus >= 0.0, name, "Kplus", s.Kplus, "it must be >= 0");
    }

    /// Weights must have the sign of Wmax (as NEST requires).
    static void validate_weight(const parameters& p, double w) {
        require(w * p.Wmax >= 0.0, name, "weight", w,
                detail::concat("it must have the sign of Wmax = ", p.Wmax));
    }

    static double facilitate(const constants& c, double w, double K) {
        const double x = w / c.Wmax + c.lambda * std::pow(1.0 - w / c.Wmax, c.mu_plus) * K;
        return x < 1.0 ? x * c.Wmax : c.Wmax;
    }
    static double depress(const constants& c, double w, double K) {
        const double x = w / c.Wmax - c.alpha * c.lambda * std::pow(w / c.Wmax, c.mu_minus) * K;
        return x > 0.0 ? x * c.Wmax : 0.0;
    }

    static double transmit(const constants& c, state& s, internal& x, double& w,
                           const transmission& t) {
        spike_archive& post = *t.post;
        const step_t d = t.delay;
        post.read(t.target, x.t_last - d, t.spike - d, [&](step_t t_post) {
            const double since_pre = static_cast<double>(t_post + d - x.t_last) * c.dt;
            w = facilitate(c, w, s.Kplus * std::exp(-since_pre / c.tau_plus));
        });
        w = depress(c, w, post.K_minus(t.target, t.spike - d));
        s.Kplus =
            s.Kplus * std::exp(-static_cast<double>(t.spike - x.t_last) * c.dt / c.tau_plus) + 1.0;
        x.t_last = t.spike;
        return w;
    }
};

static_assert(plastic_synapse<stdp_synapse>);

} // namespace axon
