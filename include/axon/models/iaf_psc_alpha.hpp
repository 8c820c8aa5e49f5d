// iaf_psc_alpha: leaky integrate-and-fire neuron with alpha-shaped postsynaptic currents,
// integrated exactly on the grid (Rotter & Diesmann 1999, Biol. Cybern. 81:381-402), with the
// names, defaults, update order and checks of NEST's model of the same name.
//
//   dV/dt     = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m
//   I_syn(t)  = sum_k w_k e/tau_syn (t - t_k) e^{-(t - t_k)/tau_syn}   (peak w at t_k + tau_syn)
//   V >= V_th: spike, V = V_reset, clamped for t_ref; V never goes below V_min.
//
// | parameter  | default | unit | meaning                                   |
// |------------|---------|------|-------------------------------------------|
// | E_L        | -70     | mV   | resting potential                         |
// | C_m        | 250     | pF   | membrane capacitance                      |
// | tau_m      | 10      | ms   | membrane time constant                    |
// | t_ref      | 2       | ms   | absolute refractory period                |
// | V_th       | -55     | mV   | spike threshold                           |
// | V_reset    | -70     | mV   | reset potential                           |
// | tau_syn_ex | 2       | ms   | rise time of the excitatory current       |
// | tau_syn_in | 2       | ms   | rise time of the inhibitory current       |
// | I_e        | 0       | pA   | constant external current                 |
// | V_min      | -inf    | mV   | lower bound of the membrane potential     |
// State (recordable, settable): V_m (mV), I_syn_ex, I_syn_in (pA).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"
#include "axon/models/policies/propagators.hpp"

namespace axon {

struct iaf_psc_alpha {
    static constexpr std::string_view name = "iaf_psc_alpha";

    struct parameters {
        AXON_FIELDS(parameters,                //
                    (double, E_L, -70.0),      //
                    (double, C_m, 250.0),      //
                    (double, tau_m, 10.0),     //
                    (double, t_ref, 2.0),      //
                    (double, V_th, -55.0),     //
                    (double, V_reset, -70.0),  //
                    (double, tau_syn_ex, 2.0), //
                    (double, tau_syn_in, 2.0), //
                    (double, I_e, 0.0),        //
                    (double, V_min, -std::numeric_limits<double>::infinity()))
    };

    struct state {
        AXON_FIELDS(state, (double, V_m, -70.0), (double, I_syn_ex, 0.0), (double, I_syn_in, 0.0))
    };

    /// Hidden per-neuron state: current derivatives, the stimulus current of the last step
    /// (it acts during the next step, as in NEST) and the refractory countdown.
    struct internal {
        AXON_FIELDS(internal, (double, dI_syn_ex, 0.0), (double, dI_syn_in, 0.0),
                    (double, I_stim, 0.0), (std::int32_t, refractory, 0))
    };

    struct constants {
        double E_L, I_e, V_th, V_reset, V_min;
        double P11_ex, P21_ex, P31_ex, P32_ex, psc_ex;
        double P11_in, P21_in, P31_in, P32_in, psc_in;
        double P30, expm1_m;
        std::int32_t refractory_steps;
    };

    static void validate(const parameters& p) {
        for_each_finite_check(p);
        require(p.V_reset < p.V_th, name, "V_reset", p.V_reset,
                detail::concat("it must be smaller than V_th = ", p.V_th, " mV"));
        require(p.C_m > 0, name, "C_m", p.C_m, "the capacitance must be > 0 pF");
        require(p.tau_m > 0, name, "tau_m", p.tau_m, "time constants must be > 0 ms");
        require(p.tau_syn_ex > 0, name, "tau_syn_ex", p.tau_syn_ex,
                "time constants must be > 0 ms");
        require(p.tau_syn_in > 0, name, "tau_syn_in", p.tau_syn_in,
                "time constants must be > 0 ms");
        require(p.t_ref >= 0, name, "t_ref", p.t_ref, "the refractory time must be >= 0 ms");
    }

    [[nodiscard]] static constants calibrate(const parameters& p, double h) {
        const auto ex = propagators::alpha(p.tau_syn_ex, p.tau_m, p.C_m, h);
        const auto in = propagators::alpha(p.tau_syn_in, p.tau_m, p.C_m, h);
        return {
            .E_L = p.E_L,
            .I_e = p.I_e,
            .V_th = p.V_th,
            .V_reset = p.V_reset,
            .V_min = p.V_min,
            .P11_ex = std::exp(-h / p.tau_syn_ex),
            .P21_ex = h * std::exp(-h / p.tau_syn_ex),
            .P31_ex = ex.P31,
            .P32_ex = ex.P32,
            .psc_ex = std::numbers::e / p.tau_syn_ex,
            .P11_in = std::exp(-h / p.tau_syn_in),
            .P21_in = h * std::exp(-h / p.tau_syn_in),
            .P31_in = in.P31,
            .P32_in = in.P32,
            .psc_in = std::numbers::e / p.tau_syn_in,
            .P30 = propagators::constant_to_membrane(p.tau_m, p.C_m, h),
            .expm1_m = std::expm1(-h / p.tau_m),
            .refractory_steps = static_cast<std::int32_t>(std::lround(p.t_ref / h)),
        };
    }

    /// One step, in NEST's order: membrane (with last step's currents), synaptic currents,
    /// arriving spikes, threshold, then the stimulus current for the next step.
    static bool update(const constants& k, state& s, internal& x, const synaptic_input& in) {
        if (x.refractory == 0) {
            const double y = s.V_m - k.E_L;
            const double y_new = k.P30 * (x.I_stim + k.I_e) + k.P31_ex * x.dI_syn_ex +
                                 k.P32_ex * s.I_syn_ex + k.P31_in * x.dI_syn_in +
                                 k.P32_in * s.I_syn_in + k.expm1_m * y + y;
            s.V_m = std::max(y_new + k.E_L, k.V_min);
        } else {
            --x.refractory;
        }
        s.I_syn_ex = k.P21_ex * x.dI_syn_ex + k.P11_ex * s.I_syn_ex;
        x.dI_syn_ex = k.P11_ex * x.dI_syn_ex + k.psc_ex * in.ex;
        s.I_syn_in = k.P21_in * x.dI_syn_in + k.P11_in * s.I_syn_in;
        x.dI_syn_in = k.P11_in * x.dI_syn_in + k.psc_in * in.in;

        const bool spike = s.V_m >= k.V_th;
        if (spike) {
            x.refractory = k.refractory_steps;
            s.V_m = k.V_reset;
        }
        x.I_stim = in.current;
        return spike;
    }

private:
    static void for_each_finite_check(const parameters& p) {
        reflect::for_each_field(p, [](std::string_view field, double v) {
            const bool may_be_infinite = field == "V_min";
            require(may_be_infinite ? !std::isnan(v) : std::isfinite(v), name, field, v,
                    "it must be a finite number");
        });
    }
};

static_assert(NeuronModel<iaf_psc_alpha>);

} // namespace axon
