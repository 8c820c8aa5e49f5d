// tsodyks_synapse: short-term depression and facilitation (Tsodyks, Uziel, Markram 2000,
// J Neurosci 20:RC50), as NEST's model of the same name. Resources are recovered (x), active
// (y) or inactive (z = 1 - x - y); u is the utilisation. Between spikes
//   dy/dt = -y / tau_psc,   dz/dt = y / tau_psc - z / tau_rec,   du/dt = -u / tau_fac
// (u does not decay when tau_fac = 0), solved exactly over the interval. At a spike
//   u <- u + U (1 - u);   r = u x;   x <- x - r;   y <- y + r
// and the target receives weight * r.
#pragma once

#include <cmath>
#include <string_view>

#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/time.hpp"
#include "axon/synapses/synapse.hpp"

namespace axon {

struct tsodyks_synapse {
    static constexpr std::string_view name = "tsodyks_synapse";

    struct parameters {
        AXON_FIELDS(parameters, (double, weight, 1.0), (double, delay, 1.0), (double, U, 0.5),
                    (double, tau_psc, 3.0), (double, tau_rec, 800.0), (double, tau_fac, 0.0))
    };
    struct state {
        AXON_FIELDS(state, (double, x, 1.0), (double, y, 0.0), (double, u, 0.0))
    };
    struct internal {
        AXON_FIELDS(internal, (step_t, t_last, 0)) // step of the last presynaptic spike
    };

    struct constants {
        double U, tau_psc, tau_rec, tau_fac, dt;
    };

    static constants calibrate(const parameters& p, double dt) {
        return {p.U, p.tau_psc, p.tau_rec, p.tau_fac, dt};
    }

    static void validate(const parameters& p, const state& s) {
        require(p.U >= 0.0 && p.U <= 1.0, name, "U", p.U, "it must lie in [0, 1]");
        require(p.tau_psc > 0.0, name, "tau_psc", p.tau_psc, "it must be > 0");
        require(p.tau_rec > 0.0, name, "tau_rec", p.tau_rec, "it must be > 0");
        require(p.tau_fac >= 0.0, name, "tau_fac", p.tau_fac, "it must be >= 0");
        require(p.tau_psc != p.tau_rec, name, "tau_psc", p.tau_psc,
                "it must differ from tau_rec (the exact solution divides by their difference)");
        require(s.x >= 0.0 && s.x <= 1.0, name, "x", s.x, "it must lie in [0, 1]");
        require(s.y >= 0.0 && s.y <= 1.0, name, "y", s.y, "it must lie in [0, 1]");
        require(s.u >= 0.0 && s.u <= 1.0, name, "u", s.u, "it must lie in [0, 1]");
        require(s.x + s.y <= 1.0, name, "x + y", s.x + s.y, "it must be <= 1");
    }

    static double transmit(const constants& c, state& s, internal& x, double& w,
                           const transmission& t) {
        const double h = static_cast<double>(t.spike - x.t_last) * c.dt;
        const double Pyy = std::exp(-h / c.tau_psc);
        const double Pzz = std::exp(-h / c.tau_rec);
        // z(h) = (z0 - A) e^{-h/tau_rec} + A e^{-h/tau_psc} with A = y0 tau_rec/(tau_psc - tau_rec)
        const double A = s.y * c.tau_rec / (c.tau_psc - c.tau_rec);
        const double z = (1.0 - s.x - s.y - A) * Pzz + A * Pyy;
        s.y *= Pyy;
        s.x = 1.0 - s.y - z;
        s.u = c.tau_fac > 0.0 ? s.u * std::exp(-h / c.tau_fac) : 0.0;
        s.u += c.U * (1.0 - s.u);
        const double released = s.u * s.x;
        s.x -= released;
        s.y += released;
        x.t_last = t.spike;
        return w * released;
    }
};

static_assert(plastic_synapse<tsodyks_synapse>);

} // namespace axon
