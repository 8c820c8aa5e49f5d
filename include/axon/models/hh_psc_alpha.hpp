// hh_psc_alpha: the Hodgkin-Huxley neuron (Hodgkin & Huxley 1952, J. Physiol. 117:500; rate
// functions as in Gerstner & Kistler 2002, Spiking Neuron Models) with alpha-shaped synaptic
// currents, with the names, defaults, spike detection and checks of NEST's model of that name.
//
//   C_m dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
//               + I_syn_ex + I_syn_in + I_e + I_stim
//   dx/dt     = alpha_x(V) (1 - x) - beta_x(V) x                       for x = m, h, n
//     alpha_m = 0.1 (V + 40) / (1 - e^{-(V + 40)/10})    beta_m = 4 e^{-(V + 65)/18}
//     alpha_h = 0.07 e^{-(V + 65)/20}                     beta_h = 1 / (1 + e^{-(V + 35)/10})
//     alpha_n = 0.01 (V + 55) / (1 - e^{-(V + 55)/10})   beta_n = 0.125 e^{-(V + 65)/80}
//   I_syn(t)  = sum_k w_k e/tau_syn (t - t_k) e^{-(t - t_k)/tau_syn}   (peak w at t_k + tau_syn)
//   Spike: at the end of a step where V >= 0 mV and V fell during the step (the step after the
//   peak), unless within t_ref of the last spike. V is not reset: the gates repolarise it.
//
// Integrated as NEST integrates it: adaptive Runge-Kutta-Fehlberg 4(5) steps (rkf45.hpp) with
// GSL's standard step-size control under an absolute error bound of 1e-3 on every variable and
// no relative bound; each neuron keeps its last step size from one dt to the next, as NEST does.
// The traces agree with NEST's to 1e-9 mV (tests/models/hh_psc_alpha.cpp). A population
// advances its neurons eight at a time (update_many: the eight lanes of one solver,
// rkf45_lanes.hpp), each lane with its own step size, to the same numbers as update.
//
// | parameter  | default | unit | meaning                                   |
// |------------|---------|------|-------------------------------------------|
// | t_ref      | 2       | ms   | spikes are not detected for t_ref         |
// | g_Na       | 12000   | nS   | sodium peak conductance                   |
// | g_K        | 3600    | nS   | potassium peak conductance                |
// | g_L        | 30      | nS   | leak conductance                          |
// | C_m        | 100     | pF   | membrane capacitance                      |
// | E_Na       | 50      | mV   | sodium reversal potential                 |
// | E_K        | -77     | mV   | potassium reversal potential              |
// | E_L        | -54.402 | mV   | leak reversal potential                   |
// | tau_syn_ex | 0.2     | ms   | rise time of the excitatory current       |
// | tau_syn_in | 2       | ms   | rise time of the inhibitory current       |
// | I_e        | 0       | pA   | constant external current                 |
// State (recordable, settable): V_m (mV, -65), the gates Act_m, Inact_h, Act_n (at their
// equilibrium for V = -65 mV, as in NEST), I_syn_ex, I_syn_in (pA).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string_view>
#include <type_traits>

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"
#include "axon/models/policies/exp_lanes.hpp"
#include "axon/models/policies/lanes.hpp"
#include "axon/models/policies/rkf45.hpp"
#include "axon/models/policies/rkf45_lanes.hpp"

AXON_LANES_BEGIN

namespace axon {

struct hh_psc_alpha {
    static constexpr std::string_view name = "hh_psc_alpha";

    struct parameters {
        AXON_FIELDS(parameters,                //
                    (double, t_ref, 2.0),      //
                    (double, g_Na, 12000.0),   //
                    (double, g_K, 3600.0),     //
                    (double, g_L, 30.0),       //
                    (double, C_m, 100.0),      //
                    (double, E_Na, 50.0),      //
                    (double, E_K, -77.0),      //
                    (double, E_L, -54.402),    //
                    (double, tau_syn_ex, 0.2), //
                    (double, tau_syn_in, 2.0), //
                    (double, I_e, 0.0))
    };

    // The gates start at alpha/(alpha + beta) for V = -65 mV; the numbers are NEST's, written
    // out because std::exp is not constexpr (tests recompute them from the rate functions).
    struct state {
        AXON_FIELDS(state,                                 //
                    (double, V_m, -65.0),                  //
                    (double, Act_m, 0.05293248525724958),  //
                    (double, Inact_h, 0.5961207535084603), //
                    (double, Act_n, 0.3176769140606974),   //
                    (double, I_syn_ex, 0.0),               //
                    (double, I_syn_in, 0.0))
    };

    /// Hidden per-neuron state: current derivatives, the stimulus of the last step (it acts
    /// during the next step, as in NEST), the solver's step size carried from one dt to the next
    /// (0 until the first step: start with dt) and the refractory countdown.
    struct internal {
        AXON_FIELDS(internal, (double, dI_syn_ex, 0.0), (double, dI_syn_in, 0.0),
                    (double, I_stim, 0.0), (double, solver_step, 0.0),
                    (std::int32_t, refractory, 0))
    };

    struct constants {
        double h;
        double g_Na, g_K, g_L, E_Na, E_K, E_L, C_m, tau_syn_ex, tau_syn_in, I_e;
        double psc_ex, psc_in;
        double inv_C_m, inv_tau_syn_ex, inv_tau_syn_in; // divisions are long: multiply instead
        std::int32_t refractory_steps;
    };

    /// NEST's error control: an absolute error bound of 1e-3 per solver step on every variable
    /// (mV for V, 1 for gates, pA for currents), no relative bound.
    static constexpr ode::error_control tolerance{
        .eps_abs = 1e-3, .eps_rel = 0.0, .a_y = 1.0, .a_dydt = 0.0};

    /// Gating variables set by name must not be negative (NEST's check on the state).
    static void validate_state(const state& s) {
        require(s.Act_m >= 0, name, "Act_m", s.Act_m, "gating variables must be >= 0");
        require(s.Inact_h >= 0, name, "Inact_h", s.Inact_h, "gating variables must be >= 0");
        require(s.Act_n >= 0, name, "Act_n", s.Act_n, "gating variables must be >= 0");
    }

    /// (A template, so that it is compiled only where a population of hh_psc_alpha is.)
    template <class P = parameters>
    static void validate(const P& p) {
        reflect::for_each_field(p, [](std::string_view field, double v) {
            require(std::isfinite(v), name, field, v, "it must be a finite number");
        });
        require(p.C_m > 0, name, "C_m", p.C_m, "the capacitance must be > 0 pF");
        require(p.t_ref >= 0, name, "t_ref", p.t_ref, "the refractory time must be >= 0 ms");
        require(p.tau_syn_ex > 0, name, "tau_syn_ex", p.tau_syn_ex,
                "time constants must be > 0 ms");
        require(p.tau_syn_in > 0, name, "tau_syn_in", p.tau_syn_in,
                "time constants must be > 0 ms");
        require(p.g_Na >= 0, name, "g_Na", p.g_Na, "conductances must be >= 0 nS");
        require(p.g_K >= 0, name, "g_K", p.g_K, "conductances must be >= 0 nS");
        require(p.g_L >= 0, name, "g_L", p.g_L, "conductances must be >= 0 nS");
    }

    [[nodiscard]] static constants calibrate(const parameters& p, double h) {
        return {
            .h = h,
            .g_Na = p.g_Na,
            .g_K = p.g_K,
            .g_L = p.g_L,
            .E_Na = p.E_Na,
            .E_K = p.E_K,
            .E_L = p.E_L,
            .C_m = p.C_m,
            .tau_syn_ex = p.tau_syn_ex,
            .tau_syn_in = p.tau_syn_in,
            .I_e = p.I_e,
            .psc_ex = std::numbers::e / p.tau_syn_ex,
            .psc_in = std::numbers::e / p.tau_syn_in,
            .inv_C_m = 1.0 / p.C_m,
            .inv_tau_syn_ex = 1.0 / p.tau_syn_ex,
            .inv_tau_syn_in = 1.0 / p.tau_syn_in,
            .refractory_steps = static_cast<std::int32_t>(std::lround(p.t_ref / h)),
        };
    }

    /// The ODE state vector, in the order of NEST's.
    using vector = std::array<double, 8>;
    enum component : std::size_t { V, m, h, n, dI_ex, I_ex, dI_in, I_in };

    /// x / (1 - e) with e = e^{-x/10}, and its limit 10 at x = 0, where the quotient is 0/0
    /// (NEST returns NaN there; a V_m set to exactly -40 or -55 mV must not poison the state).
    template <class T>
    [[nodiscard, gnu::always_inline]] static T ratio(T x, T e) {
        const T q = x / (1.0 - e);
        if constexpr (std::is_same_v<T, double>)
            return x == 0.0 ? 10.0 : q;
        else
            return simd::select(x == 0.0, simd::broadcast(10.0), q);
    }

    /// The exponentials of the rate functions at u = V + 65 mV: e^{-u/80}, e^{-u/18},
    /// e^{-u/20}, e^{-u/10}.
    template <class T>
    struct rate_exponentials {
        T e80, e18, e20, e10;
    };

    /// All four from one exponential: with b = e^{-u/720} (720 is the least common multiple of
    /// 80 and 18), e^{-u/80} = b^9, e^{-u/18} = b^40, e^{-u/20} = b^36 and e^{-u/10} = b^72, by
    /// repeated squaring. The powers multiply the relative error of b (within an ulp of
    /// std::exp: exp_lanes.hpp) by up to 72 and add their own roundings: within 80 ulp of the
    /// exact values (61 measured; tested). That moves the traces from NEST's by 6.7e-10 mV at
    /// most instead of 4.0e-10 (tests/models/hh_psc_alpha.cpp allows 1e-8), for a fifth less
    /// arithmetic in the right-hand side, whose exponentials were its largest part.
    template <class T>
    [[nodiscard, gnu::always_inline]] static rate_exponentials<T> exponentials(const T& u) {
        return powers(ode::exp_lanes(u * (-1.0 / 720)));
    }
    /// The four from b = e^{-u/720}.
    template <class T>
    [[nodiscard, gnu::always_inline]] static rate_exponentials<T> powers(const T& b) {
        const T b2 = b * b;
        const T b4 = b2 * b2;
        const T b8 = b4 * b4;
        const T e80 = b8 * b;
        const T e40 = e80 * e80;
        const T e20 = e40 * e40;
        return {.e80 = e80, .e18 = (b8 * b8) * (b8 * b8) * b8, .e20 = e20, .e10 = e20 * e20};
    }

    /// The opening and closing rates of the three gates (1/ms).
    template <class T>
    struct rate_values {
        T alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n;
    };

    /// The rates at V from the exponentials of u = V + 65 mV. The exponentials of -(V+55)/10,
    /// -(V+40)/10 and -(V+35)/10 are e^{-u/10} times e^1, e^2.5 and e^3.
    template <class T>
    [[nodiscard, gnu::always_inline]] static rate_values<T> rates(const T& v,
                                                                  const rate_exponentials<T>& e) {
        // e^1, e^2.5, e^3 (tests/models/hh_psc_alpha.cpp recomputes them)
        constexpr double e1 = 2.718281828459045, e2_5 = 12.182493960703473, e3 = 20.085536923187668;
        return {.alpha_m = 0.1 * ratio(v + 40.0, e.e10 * e2_5),
                .beta_m = 4.0 * e.e18,
                .alpha_h = 0.07 * e.e20,
                .beta_h = 1.0 / (1.0 + e.e10 * e3),
                .alpha_n = 0.01 * ratio(v + 55.0, e.e10 * e1),
                .beta_n = 0.125 * e.e80};
    }

    /// The right-hand side, for one neuron (T = double) or eight (T = simd::f64x8, one per
    /// lane: the same operations on each), with the stimulus current held over the step.
    template <class T>
    [[gnu::always_inline]] static void derivatives(const constants& k, const T& I_stim,
                                                   const std::array<T, 8>& y, std::array<T, 8>& f) {
        const T v = y[V];
        const rate_values<T> r = rates(v, exponentials<T>(v + 65.0));
        const T alpha_m = r.alpha_m, beta_m = r.beta_m, alpha_h = r.alpha_h, beta_h = r.beta_h,
                alpha_n = r.alpha_n, beta_n = r.beta_n;

        const T I_Na = k.g_Na * y[m] * y[m] * y[m] * y[h] * (v - k.E_Na);
        const T I_K = k.g_K * y[n] * y[n] * y[n] * y[n] * (v - k.E_K);
        const T I_L = k.g_L * (v - k.E_L);

        f[V] = (-(I_Na + I_K + I_L) + I_stim + k.I_e + y[I_ex] + y[I_in]) * k.inv_C_m;
        f[m] = alpha_m * (1.0 - y[m]) - beta_m * y[m];
        f[h] = alpha_h * (1.0 - y[h]) - beta_h * y[h];
        f[n] = alpha_n * (1.0 - y[n]) - beta_n * y[n];
        f[dI_ex] = -y[dI_ex] * k.inv_tau_syn_ex;
        f[I_ex] = y[dI_ex] - y[I_ex] * k.inv_tau_syn_ex;
        f[dI_in] = -y[dI_in] * k.inv_tau_syn_in;
        f[I_in] = y[dI_in] - y[I_in] * k.inv_tau_syn_in;
    }

    /// The right-hand side for one neuron.
    struct dynamics {
        const constants& k;
        double I_stim;
        AXON_ODE_INLINE void operator()(const vector& y, vector& f) const {
            derivatives(k, I_stim, y, f);
        }
    };

    /// Advances V, the gates and the currents over one dt with adaptive steps; returns the
    /// number of accepted solver steps (the benchmark reports it; update ignores it).
    static int integrate(const constants& k, state& s, internal& x) {
        vector y{s.V_m,       s.Act_m,    s.Inact_h,   s.Act_n,
                 x.dI_syn_ex, s.I_syn_ex, x.dI_syn_in, s.I_syn_in};
        const dynamics f{k, x.I_stim};
        double step = x.solver_step > 0.0 ? x.solver_step : k.h; // 0 until the first step
        int accepted = 0;
        const auto result =
            ode::integrate(f, y, k.h, step, tolerance, [&accepted](const vector&) { ++accepted; });
        if (result != ode::outcome::done)
            solver_failed(result, y[V]);
        x.solver_step = step;
        s.V_m = y[V];
        s.Act_m = y[m];
        s.Inact_h = y[h];
        s.Act_n = y[n];
        x.dI_syn_ex = y[dI_ex];
        s.I_syn_ex = y[I_ex];
        x.dI_syn_in = y[dI_in];
        s.I_syn_in = y[I_in];
        return accepted;
    }

    /// One step in NEST's order: integrate, add arriving spikes to the current derivatives,
    /// detect a spike, then take the stimulus for the next step.
    static bool update(const constants& k, state& s, internal& x, const synaptic_input& in) {
        const double V_before = s.V_m;
        integrate(k, s, x);
        return after_integration(k, s, x, V_before, in);
    }

    /// update for a range of neurons (population::update_loop calls it; see neuron_block):
    /// eight at a time in the lanes of one solver where lanes pay (simd::lanes_pay), one at
    /// a time elsewhere.
    template <class Neurons>
    static void update_many(const constants& k, Neurons& neurons) {
        if constexpr (simd::lanes_pay) {
            update_lanes(k, neurons);
        } else {
            for (std::size_t j = 0; j < neurons.size(); ++j) {
                state s;
                internal x;
                neurons.load(j, s, x);
                const bool spiked = update(k, s, x, neurons.input(j));
                neurons.store(j, s, x, spiked);
            }
        }
    }

    /// update for a range of neurons, eight at a time in the lanes of one solver
    /// (rkf45_lanes.hpp): the same numbers, to the last bit, as update on each neuron
    /// (tests/models/hh_psc_alpha.cpp).
    template <class Neurons>
    static void update_lanes(const constants& k, Neurons& neurons) {
        using lanes = ode::lane_states<8>;
        using simd::f64x8;
        f64x8 I_stim{};
        f64x8 V_before{};
        const auto system = [&](const std::array<f64x8, 8>& y, std::array<f64x8, 8>& f)
                                AXON_ODE_INLINE { derivatives(k, I_stim, y, f); };
        // Neurons j, j + 1, ... into the lanes in `bits`, each field read as a run of
        // consecutive neurons (simd::expand).
        const double* const columns[] = {
            neurons.template state_column<"V_m">(),
            neurons.template state_column<"Act_m">(),
            neurons.template state_column<"Inact_h">(),
            neurons.template state_column<"Act_n">(),
            neurons.template internal_column<"dI_syn_ex">(),
            neurons.template state_column<"I_syn_ex">(),
            neurons.template internal_column<"dI_syn_in">(),
            neurons.template state_column<"I_syn_in">(),
        };
        const double* const steps = neurons.template internal_column<"solver_step">();
        const double* const stimuli = neurons.template internal_column<"I_stim">();
        const std::int32_t* const refractory = neurons.template internal_column<"refractory">();
        const auto start = [&](std::size_t j, unsigned bits, lanes& in) {
            for (std::size_t i = 0; i < 8; ++i)
                simd::expand(in.y[i], bits, columns[i] + j);
            const simd::i64x8 taken = simd::mask_of(bits);
            simd::expand(in.steps, bits, steps + j);
            const f64x8 step = in.steps;
            // 0 until the first step: start with dt
            in.steps = simd::select(taken & ~(step > 0.0), simd::broadcast(k.h), step);
            simd::expand(I_stim, bits, stimuli + j);
            V_before = simd::select(taken, in.y[V], V_before);
        };
        const auto finish = [&](std::size_t j, std::size_t l, const lanes& out,
                                ode::outcome result) {
            if (result != ode::outcome::done)
                solver_failed(result, out.get(V, l));
            state s{.V_m = out.get(V, l),
                    .Act_m = out.get(m, l),
                    .Inact_h = out.get(h, l),
                    .Act_n = out.get(n, l),
                    .I_syn_ex = out.get(I_ex, l),
                    .I_syn_in = out.get(I_in, l)};
            internal x{.dI_syn_ex = out.get(dI_ex, l),
                       .dI_syn_in = out.get(dI_in, l),
                       .I_stim = I_stim[l],
                       .solver_step = out.step(l),
                       .refractory = refractory[j]};
            const bool spiked = after_integration(k, s, x, V_before[l], neurons.input(j));
            neurons.store(j, s, x, spiked);
        };
        ode::integrate_lanes<8>(system, neurons.size(), k.h, tolerance, start, finish);
    }

private:
    /// What follows the integration of a step: arriving spikes, spike detection, stimulus.
    static bool after_integration(const constants& k, state& s, internal& x, double V_before,
                                  const synaptic_input& in) {
        x.dI_syn_ex += k.psc_ex * in.ex;
        x.dI_syn_in += k.psc_in * in.in;
        bool spike = false;
        if (x.refractory > 0) {
            --x.refractory;
        } else if (s.V_m >= 0.0 && V_before > s.V_m) { // above 0 mV and past the peak
            x.refractory = k.refractory_steps;
            spike = true;
        }
        x.I_stim = in.current;
        return spike;
    }

    [[noreturn]] static void solver_failed(ode::outcome result, double V) {
        if (result == ode::outcome::no_progress) {
            throw numerical_error(
                "hh_psc_alpha: the adaptive solver made no progress over one step: the "
                "parameters or the state are numerically unstable (NEST reports this as "
                "NumericalInstability)");
        }
        throw numerical_error(detail::concat(
            "hh_psc_alpha: the state became non-finite over one step (V_m = ", V,
            " mV): the parameters or the state are numerically unstable (NEST reports "
            "this as NumericalInstability)"));
    }
};

static_assert(NeuronModel<hh_psc_alpha>);

struct adaptive_rkf45;    // NEST's scheme (policies/conductance_neuron.hpp)
struct exponential_euler; // fixed steps (policies/exponential_schemes.hpp)

/// hh_psc_alpha with its integration scheme chosen at compile time, as for the conductance
/// models (basic_iaf_cond_exp): basic_hh_psc_alpha<adaptive_rkf45> is hh_psc_alpha;
/// basic_hh_psc_alpha<exponential_euler> takes one fixed step per dt (below).
template <class Scheme = adaptive_rkf45>
struct basic_hh_psc_alpha;

template <>
struct basic_hh_psc_alpha<adaptive_rkf45> : hh_psc_alpha {};

/// hh_psc_alpha on one exponential Euler step per dt (MacGregor 1987, Neural and Brain
/// Modeling; Brian2's `exponential_euler`, the method of its Hodgkin-Huxley examples and of
/// bench/peers/brian2_hh.py): each gate, and V with the gates' conductances, is linear in
/// itself once the others are held at their values at the start of the step, and advances by
/// the exact solution of that linear equation (x = m, h, n):
///   x(t + dt) = x_inf + (x - x_inf) e^{-(alpha_x + beta_x) dt},
///   x_inf = alpha_x / (alpha_x + beta_x),
///   V(t + dt) = V_inf + (V - V_inf) e^{-G dt / C_m},   G = g_Na m^3 h + g_K n^4 + g_L,
///   V_inf = (g_Na m^3 h E_Na + g_K n^4 E_K + g_L E_L + I_syn_ex + I_syn_in + I_e + I_stim) / G.
/// The synaptic currents advance exactly (alpha kernels are linear: Rotter & Diesmann 1999).
/// Same parameters, state, names, checks, spike rule and order within a step as hh_psc_alpha;
/// five exponentials and seven divisions per neuron and step in a straight-line update that
/// the population loop vectorizes, instead of an adaptive solve. The error is first order in
/// dt: tests/models/hh_psc_alpha_euler.cpp states it against NEST's spike trains and scheme.
template <>
struct basic_hh_psc_alpha<exponential_euler> {
    static constexpr std::string_view name = hh_psc_alpha::name;
    using parameters = hh_psc_alpha::parameters;
    using state = hh_psc_alpha::state;

    /// Hidden per-neuron state: current derivatives, the stimulus of the last step, the
    /// refractory countdown (no solver step size).
    struct internal {
        AXON_FIELDS(internal, (double, dI_syn_ex, 0.0), (double, dI_syn_in, 0.0),
                    (double, I_stim, 0.0), (std::int32_t, refractory, 0))
    };

    static constexpr bool vectorizable = true; // straight-line update, no branch per neuron
    /// The stimulus current of the last step (the population may skip that column while no
    /// current arrives).
    static constexpr std::string_view held_current = "I_stim";

    /// hh_psc_alpha's constants (conductances, potentials, I_e, the currents' jumps per unit
    /// weight, the refractory steps), and the step's.
    struct constants {
        hh_psc_alpha::constants hh;
        double minus_h_over_C_m;     // -dt / C_m: the exponent of V's step is this times G
        double decay_ex, h_decay_ex; // e^{-dt/tau_syn_ex}, dt e^{-dt/tau_syn_ex}
        double decay_in, h_decay_in; // the same for tau_syn_in
    };

    static void validate_state(const state& s) { hh_psc_alpha::validate_state(s); }

    /// hh_psc_alpha's checks, and g_L > 0: the step divides by G >= g_L.
    template <class P = parameters>
    static void validate(const P& p) {
        hh_psc_alpha::validate(p);
        require(p.g_L > 0, name, "g_L", p.g_L,
                "the exponential Euler scheme needs a leak conductance > 0 nS");
    }

    [[nodiscard]] static constants calibrate(const parameters& p, double h) {
        const double decay_ex = std::exp(-h / p.tau_syn_ex), decay_in = std::exp(-h / p.tau_syn_in);
        return {.hh = hh_psc_alpha::calibrate(p, h),
                .minus_h_over_C_m = -h / p.C_m,
                .decay_ex = decay_ex,
                .h_decay_ex = h * decay_ex,
                .decay_in = decay_in,
                .h_decay_in = h * decay_in};
    }

    /// One step in NEST's order: integrate, add arriving spikes to the current derivatives,
    /// detect a spike, then take the stimulus for the next step. Inlined into the population's
    /// loop whatever the compiler's size heuristics say: a call there keeps the loop scalar.
    [[gnu::always_inline]] static inline bool update(const constants& k, state& s, internal& x,
                                                     const synaptic_input& in) {
        const double v = s.V_m, m = s.Act_m, h_ = s.Inact_h, n = s.Act_n;
        const auto r = hh_psc_alpha::rates(
            v, hh_psc_alpha::powers(ode::exp_flushed((v + 65.0) * (-1.0 / 720))));
        const double g_Na = k.hh.g_Na * (m * m * m * h_), g_K = k.hh.g_K * ((n * n) * (n * n));
        const double G = g_Na + g_K + k.hh.g_L; // >= g_L > 0
        const double V_inf = (g_Na * k.hh.E_Na + g_K * k.hh.E_K + k.hh.g_L * k.hh.E_L + s.I_syn_ex +
                              s.I_syn_in + k.hh.I_e + x.I_stim) /
                             G;
        s.V_m = V_inf + (v - V_inf) * ode::exp_flushed(k.minus_h_over_C_m * G);
        s.Act_m = gate(k, m, r.alpha_m, r.beta_m);
        s.Inact_h = gate(k, h_, r.alpha_h, r.beta_h);
        s.Act_n = gate(k, n, r.alpha_n, r.beta_n);
        s.I_syn_ex = k.decay_ex * s.I_syn_ex + k.h_decay_ex * x.dI_syn_ex;
        s.I_syn_in = k.decay_in * s.I_syn_in + k.h_decay_in * x.dI_syn_in;
        x.dI_syn_ex = k.decay_ex * x.dI_syn_ex + k.hh.psc_ex * in.ex;
        x.dI_syn_in = k.decay_in * x.dI_syn_in + k.hh.psc_in * in.in;
        // NEST's rule: above 0 mV and past the peak, unless refractory; as arithmetic on the
        // countdown (`&`, not `&&`: no branch)
        const bool refractory = x.refractory > 0;
        const bool spike = !refractory & (s.V_m >= 0.0) & (v > s.V_m);
        x.refractory += k.hh.refractory_steps * static_cast<std::int32_t>(spike) -
                        static_cast<std::int32_t>(refractory);
        x.I_stim = in.current;
        return spike;
    }

private:
    /// A gate x after one step at the rates alpha and beta (1/ms).
    [[gnu::always_inline]] static inline double gate(const constants& k, double x, double alpha,
                                                     double beta) {
        const double rate = alpha + beta; // > 0
        const double x_inf = alpha / rate;
        return x_inf + (x - x_inf) * ode::exp_flushed(-k.hh.h * rate);
    }
};

static_assert(NeuronModel<basic_hh_psc_alpha<adaptive_rkf45>>);
static_assert(NeuronModel<basic_hh_psc_alpha<exponential_euler>>);

} // namespace axon

AXON_LANES_END
