// Brunel's (2000) balanced random network of excitatory and inhibitory iaf_psc_alpha neurons,
// as NEST's brunel_alpha_nest example builds it: NE = 4 K excitatory and NI = K inhibitory
// neurons, each receiving CE = NE / 10 excitatory and CI = NI / 10 inhibitory inputs
// (fixed_indegree), a synaptic efficacy J of 0.1 mV (PSP peak) expressed as the PSC amplitude
// that gives it, relative inhibition g = 5, all delays 1.5 ms, and an external Poisson drive eta
// = 2 times the rate that alone brings the mean membrane potential to threshold.
//
// N. Brunel (2000), Dynamics of sparsely connected networks of excitatory and inhibitory
// spiking neurons. J. Comput. Neurosci. 8, 183-208.
//
// Shared by examples/brunel.cpp and the benchmarks (bench/networks.cpp).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include <boost/math/special_functions/lambert_w.hpp>

#include "axon/axon.hpp"

namespace examples {

/// Peak of the membrane potential (mV) that an alpha-shaped current of 1 pA peak causes in a
/// leaky membrane that starts at rest. The current (e/tau_s) t e^{-t/tau_s} gives
///   V(t) = e / (tau_s C b) [(e^{-t/tau_m} - e^{-t/tau_s}) / b - t e^{-t/tau_s}],
///   b = 1/tau_s - 1/tau_m,
/// whose maximum, where dV/dt = 0, lies at t = (-W_{-1}(-e^{-1/a} / a) - 1/a) / b with
/// a = tau_m / tau_s (W_{-1} the lower branch of Lambert's W).
inline double psp_peak_per_pA(double tau_m, double C_m, double tau_s) {
    const double a = tau_m / tau_s;
    const double b = 1.0 / tau_s - 1.0 / tau_m;
    const double t = (-boost::math::lambert_wm1(-std::exp(-1.0 / a) / a) - 1.0 / a) / b;
    return std::exp(1.0) / (tau_s * C_m * b) *
           ((std::exp(-t / tau_m) - std::exp(-t / tau_s)) / b - t * std::exp(-t / tau_s));
}

/// The network's sizes and derived constants for a given order K (brunel_alpha_nest: K = 2500,
/// so NE = 10 000, NI = 2 500, CE = 1 000, CI = 250).
struct brunel {
    std::size_t order = 2500;
    static constexpr double g = 5.0, eta = 2.0, J = 0.1, delay = 1.5, resolution = 0.1;
    static constexpr double tau_syn = 0.5, tau_m = 20.0, C_m = 250.0, theta = 20.0;

    [[nodiscard]] std::size_t NE() const { return 4 * order; }
    [[nodiscard]] std::size_t NI() const { return order; }
    [[nodiscard]] std::size_t CE() const { return NE() / 10; }
    [[nodiscard]] std::size_t CI() const { return NI() / 10; }
    /// The excitatory PSC amplitude (pA) whose PSP peaks at J mV; inhibitory is -g times it.
    [[nodiscard]] static double J_ex() { return J / psp_peak_per_pA(tau_m, C_m, tau_syn); }
    [[nodiscard]] static double J_in() { return -g * J_ex(); }
    /// The Poisson generator's rate (Hz): eta times the external rate per synapse that alone
    /// brings the mean membrane potential to threshold, for CE synapses.
    [[nodiscard]] double p_rate() const {
        const auto CE_ = static_cast<double>(CE());
        const double nu_th = theta * C_m / (J_ex() * CE_ * std::exp(1.0) * tau_m * tau_syn);
        return 1000.0 * eta * nu_th * CE_;
    }

    [[nodiscard]] static axon::iaf_psc_alpha::parameters neuron() {
        return {.E_L = 0.0,
                .C_m = C_m,
                .tau_m = tau_m,
                .t_ref = 2.0,
                .V_th = theta,
                .V_reset = 0.0,
                .tau_syn_ex = tau_syn,
                .tau_syn_in = tau_syn};
    }

    /// The network with one spike recorder per population ("sr_E", "sr_I") on every neuron,
    /// recording to `backend` (memory by default). Node ids follow NEST's order of creation:
    /// E is 1..NE, I follows.
    /// `k`: kernel settings, or distributed settings (axon::mpi::world(...) under MPI).
    template <class Settings = axon::kernel, class Backend = axon::memory>
    [[nodiscard]] auto build(Settings k, Backend backend_E = {}, Backend backend_I = {}) const {
        axon::settings_of(k).resolution = resolution;
        const axon::connection_spec<> ex{
            .rule = axon::fixed_indegree{.indegree = CE()}, .weight = J_ex(), .delay = delay};
        const axon::connection_spec<> in{
            .rule = axon::fixed_indegree{.indegree = CI()}, .weight = J_in(), .delay = delay};
        using recorder = axon::spike_recorder_to<Backend>;
        return axon::network(
            k, axon::node<"E">(axon::population<axon::iaf_psc_alpha>(NE(), neuron(), {.V_m = 0.0})),
            axon::node<"I">(axon::population<axon::iaf_psc_alpha>(NI(), neuron(), {.V_m = 0.0})),
            axon::node<"noise">(axon::poisson_generator({.rate = p_rate()})),
            axon::node<"sr_E">(recorder({}, std::move(backend_E))),
            axon::node<"sr_I">(recorder({}, std::move(backend_I))),   //
            axon::connect<"E", "E">(ex), axon::connect<"E", "I">(ex), //
            axon::connect<"I", "E">(in), axon::connect<"I", "I">(in), //
            axon::connect<"noise", "E">({.weight = J_ex(), .delay = delay}),
            axon::connect<"noise", "I">({.weight = J_ex(), .delay = delay}),
            axon::connect<"E", "sr_E">(), axon::connect<"I", "sr_I">());
    }
};

} // namespace examples
