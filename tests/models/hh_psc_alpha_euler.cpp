// basic_hh_psc_alpha<exponential_euler>: hh_psc_alpha on one exponential Euler step per dt,
// against NEST 3.9's spike trains (tests/reference/nest, cases f_hh_psc_alpha_*), against NEST's
// scheme at finer steps (hh_psc_alpha, which matches NEST's traces to 1e-9 mV:
// tests/models/hh_psc_alpha.cpp), against closed forms, and its checks.
//
// Tolerances and why:
// - The scheme holds the other variables at their values at the start of each step, a first-
//   order error: at dt = 0.1 ms a neuron driven by 650 pA fires every 19.2 ms instead of NEST's
//   18.2 (5.7 % slower), and its first spike comes 0.5 ms late. The test allows 7 % on the mean
//   interval and 0.8 ms on a first spike (measured: 0.5 ms at 650 pA, 0.7 ms at 360 pA).
// - First order, measured: over 200 ms at 650 pA the largest difference of a spike time from
//   NEST's scheme at the same dt is 106-109 ms per ms of dt (10.9, 5.35, 2.65 and 1.05 ms at
//   dt = 0.1, 0.05, 0.025, 0.01). The test asks for 90-125 ms per ms: a second-order error, or
//   none, would fall below it, an error that does not shrink with dt above it.
// - An equilibrium of the equations is one of the scheme (each variable's step goes to its
//   value at the fixed point): at rest it agrees with NEST's scheme to rounding (measured
//   identical to 12 digits after 500 ms; allowed 1e-9 mV).
// - The synaptic currents advance exactly: within 1e-12 relative of the alpha function.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>
#include <vector>

#include "axon/core/error.hpp"
#include "axon/core/time.hpp"
#include "axon/models/hh_psc_alpha.hpp"
#include "axon/network/population.hpp"
#include "support/reference.hpp"

using namespace axon;
using Catch::Matchers::Contains;

namespace {

using euler = basic_hh_psc_alpha<exponential_euler>;

/// Spike times (ms) of one neuron of model M driven by I_e over t_end ms at resolution dt;
/// V_end gets its V_m at the end.
template <class M>
std::vector<double> spike_times(double dt, double I_e, double t_end, double* V_end = nullptr) {
    population<M> pop(1, typename M::parameters{.I_e = I_e});
    pop.calibrate(time_grid(dt), 1);
    std::vector<double> out;
    const auto steps = static_cast<step_t>(std::lround(t_end / dt));
    for (step_t k = 1; k <= steps; ++k) {
        pop.update(k);
        if (!pop.spikes().empty())
            out.push_back(static_cast<double>(k) * dt);
    }
    if (V_end != nullptr)
        *V_end = pop.states().load(0).V_m;
    return out;
}

std::vector<double> nest_spikes(const std::string& stem) {
    return test::read_csv(test::reference_path(stem + "_spikes.csv")).column("time_ms");
}

double mean_interval(const std::vector<double>& t) {
    return (t.back() - t.front()) / static_cast<double>(t.size() - 1);
}

} // namespace

TEST_CASE("hh_psc_alpha<exponential_euler>: NEST's spike trains within the first-order error",
          "[hh_psc_alpha][euler]") {
    const auto nest650 = nest_spikes("f_hh_psc_alpha_Ie650");
    const auto ours650 = spike_times<euler>(0.1, 650.0, 200.0);
    REQUIRE(ours650.size() == nest650.size()); // 11
    CHECK(std::abs(ours650.front() - nest650.front()) <= 0.8);
    CHECK(mean_interval(ours650) == Approx(mean_interval(nest650)).epsilon(0.07));
    CHECK(mean_interval(ours650) > mean_interval(nest650)); // it fires slower, not faster

    const auto nest360 = nest_spikes("f_hh_psc_alpha_Ie360");
    const auto ours360 = spike_times<euler>(0.1, 360.0, 200.0);
    REQUIRE(ours360.size() == nest360.size()); // 1: a single spike, then rest
    CHECK(std::abs(ours360.front() - nest360.front()) <= 0.8);

    // 620 pA lies just above the onset of repetitive firing, where NEST fires three spikes and
    // stops: at dt = 0.1 ms the scheme's error stops it after two, at dt = 0.05 ms it fires three
    const auto nest620 = nest_spikes("f_hh_psc_alpha_Ie620");
    CHECK(spike_times<euler>(0.1, 620.0, 200.0).size() == 2);
    CHECK(spike_times<euler>(0.05, 620.0, 200.0).size() == nest620.size());
}

TEST_CASE("hh_psc_alpha<exponential_euler>: first-order convergence to NEST's scheme",
          "[hh_psc_alpha][euler]") {
    for (const double dt : {0.1, 0.05, 0.025, 0.01}) {
        INFO("dt = " << dt << " ms");
        const auto ours = spike_times<euler>(dt, 650.0, 200.0);
        const auto nest_scheme = spike_times<hh_psc_alpha>(dt, 650.0, 200.0);
        REQUIRE(ours.size() == nest_scheme.size());
        double worst = 0.0;
        for (std::size_t i = 0; i < ours.size(); ++i)
            worst = std::max(worst, std::abs(ours[i] - nest_scheme[i]));
        CHECK(worst / dt >= 90.0);
        CHECK(worst / dt <= 125.0);
    }
}

TEST_CASE("basic_hh_psc_alpha<adaptive_rkf45> is hh_psc_alpha", "[hh_psc_alpha][euler]") {
    const auto ours = spike_times<basic_hh_psc_alpha<adaptive_rkf45>>(0.1, 650.0, 200.0);
    CHECK(ours == spike_times<hh_psc_alpha>(0.1, 650.0, 200.0));
    CHECK(ours.size() == nest_spikes("f_hh_psc_alpha_Ie650").size());
}

TEST_CASE("hh_psc_alpha<exponential_euler>: rest is NEST's scheme's rest",
          "[hh_psc_alpha][euler]") {
    double ours = 0.0, nest_scheme = 0.0;
    CHECK(spike_times<euler>(0.1, 0.0, 500.0, &ours).empty());
    CHECK(spike_times<hh_psc_alpha>(0.1, 0.0, 500.0, &nest_scheme).empty());
    CHECK(std::abs(ours - nest_scheme) <= 1e-9);
    CHECK(std::abs(ours + 65.0) < 1e-3); // NEST's defaults rest near -65 mV
}

TEST_CASE("hh_psc_alpha<exponential_euler>: synaptic currents follow the alpha function exactly",
          "[hh_psc_alpha][euler]") {
    // one excitatory and one inhibitory spike arrive in step 1; with I_e = 0 the neuron stays
    // below threshold and the currents are w e/tau t e^{-t/tau}, t from the end of step 1
    const double dt = 0.1, w_ex = 30.0, w_in = -20.0;
    const euler::parameters p{};
    population<euler> pop(1, p);
    pop.calibrate(time_grid(dt), 2);
    const auto slot = pop.inputs().spikes_for(1);
    slot.add(0, w_ex);
    slot.add(0, w_in);
    const auto alpha = [](double w, double tau, double t) {
        return w * std::numbers::e / tau * t * std::exp(-t / tau);
    };
    for (step_t k = 1; k <= 100; ++k) {
        pop.update(k);
        const double t = static_cast<double>(k - 1) * dt;
        const auto s = pop.states().load(0);
        INFO("t = " << t << " ms");
        CHECK(s.I_syn_ex == Approx(alpha(w_ex, p.tau_syn_ex, t)).epsilon(1e-12).margin(1e-300));
        CHECK(s.I_syn_in == Approx(alpha(w_in, p.tau_syn_in, t)).epsilon(1e-12).margin(1e-300));
    }
}

TEST_CASE("hh_psc_alpha<exponential_euler>: checks name the model, the parameter and the value",
          "[hh_psc_alpha][euler][errors]") {
    CHECK_THROWS_AS(population<euler>(1, euler::parameters{.g_L = 0.0}), value_error);
    CHECK_THROWS_WITH(population<euler>(1, euler::parameters{.g_L = 0.0}),
                      Contains("hh_psc_alpha") && Contains("g_L") &&
                          Contains("leak conductance > 0 nS"));
    // hh_psc_alpha's own checks hold too
    CHECK_THROWS_WITH(population<euler>(1, euler::parameters{.C_m = -1.0}), Contains("C_m"));
}
