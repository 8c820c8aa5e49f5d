// aeif_cond_alpha and aeif_cond_exp: NEST 3.9's reference cases, NEST's defaults and checks,
// and closed forms and invariants for aeif_cond_exp, which has no reference case (rheobase and
// fixed point, an exponential conductance, the Delta_T = 0 limit, refractoriness).
//
// Tolerances. axon integrates AdEx with the algorithm NEST uses (RKF45, GSL's standard step
// control relative to h |dy/dt| with gsl_error_tol = 1e-6, the V_peak check after every solver
// step, the same update order), so the traces differ from NEST's by floating-point rounding
// only, amplified where V_m runs up the exponential towards V_peak. Measured over the reference
// cases: |dV_m| <= 3.4e-10 mV and |dw| <= 3e-12 pA with a current (largest just before a
// spike), |dV_m| <= 2e-13 mV, |dg| <= 5e-14 nS with spike input. The trace tolerances, 1e-6 mV
// for V_m, 1e-6 pA for w and 1e-9 nS for g, leave that margin for other compilers and flags yet
// sit at the solver's own tolerance, so a change to the scheme or the update order fails them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/aeif_cond_alpha.hpp"
#include "axon/models/aeif_cond_exp.hpp"
#include "axon/models/iaf_cond_exp.hpp"
#include "axon/models/models.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "support/reference.hpp"

using namespace axon;
using Catch::Matchers::Contains;

namespace {

constexpr double trace_tolerance_mV = 1e-6;
constexpr double w_tolerance_pA = 1e-6;
constexpr double conductance_tolerance_nS = 1e-9;

double json_number(const std::string& json, const std::string& key) {
    const std::regex pattern("\"" + key + "\": (\"?)([-+0-9.eainf]+)\\1");
    std::smatch m;
    if (!std::regex_search(json, m, pattern))
        throw std::runtime_error("no key " + key);
    return std::stod(m[2]);
}

std::string read_all(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<double> first(std::span<const double> c, std::size_t n) {
    return {c.begin(), c.begin() + static_cast<long>(std::min(n, c.size()))};
}

long largest_step_shift(const std::vector<double>& a, const std::vector<double>& b) {
    const auto sa = test::to_steps(a), sb = test::to_steps(b);
    long worst = 0;
    for (std::size_t i = 0; i < std::min(sa.size(), sb.size()); ++i)
        worst = std::max(worst, std::abs(sa[i] - sb[i]));
    return worst;
}

template <class M>
void check_aeif_rejections(std::string_view model) {
    population<M> neuron(1, {.I_e = 10.0});
    const auto before = neuron.get();
    struct bad {
        std::string name;
        double value;
        std::string rule;
    };
    const auto [name, v, rule] = GENERATE(values<bad>({
        {"C_m", 0.0, "> 0"},
        {"tau_w", 0.0, "> 0"},
        {"tau_syn_ex", -1.0, "> 0"},
        {"tau_syn_in", 0.0, "> 0"},
        {"t_ref", -1.0, ">= 0"},
        {"V_peak", -60.0, ">= V_th"},
        {"Delta_T", -1.0, ">= 0"},
        {"Delta_T", 0.01, "overflow"}, // (V_peak - V_th)/Delta_T = 5040
        {"V_reset", 0.0, "smaller than V_peak"},
        {"gsl_error_tol", 0.0, "> 0"},
        {"a", std::numeric_limits<double>::quiet_NaN(), "finite"},
        {"b", std::numeric_limits<double>::infinity(), "finite"},
    }));
    CAPTURE(model, name, v);
    try {
        neuron.set({{"I_e", 500.0}, {name, v}});
        FAIL("set accepted " << name << " = " << v);
    } catch (const value_error& e) {
        const std::string what = e.what();
        CHECK_THAT(what, Contains(std::string(model)) && Contains(name) && Contains(rule));
    }
    CHECK(neuron.get() == before); // I_e = 500 was not applied either
}

} // namespace

TEST_CASE("aeif_cond_alpha, I_e = 800 pA: spikes, V_m and w as NEST",
          "[aeif_cond_alpha][reference]") {
    auto net =
        network(node<"neuron">(population<aeif_cond_alpha>(1, {.I_e = 800.0})),
                node<"mm">(multimeter<"V_m", "g_ex", "g_in", "w">({.interval = 0.1})),
                node<"sr">(spike_recorder{}), connect<"mm", "neuron">(), connect<"neuron", "sr">());
    net.node<"neuron">().set({{"V_m", -70.6}, {"g_ex", 0.0}, {"g_in", 0.0}, {"w", 0.0}});
    auto rec = simulate(net, 500.0);

    const auto spikes = test::read_csv(test::reference_path("i_aeif_cond_alpha_Ie800_spikes.csv"));
    const auto& times = rec.get<"sr">().times;
    REQUIRE(times.size() == 9);
    REQUIRE(spikes.rows() == 9);
    CHECK(largest_step_shift(times, spikes.column("time_ms")) <= 1); // measured: 0

    const auto trace = test::read_csv(test::reference_path("i_aeif_cond_alpha_Ie800_trace.csv"));
    const auto& mm = rec.get<"mm">();
    const auto n = trace.rows();
    CHECK(first(mm.times, n) == trace.column("time_ms"));
    const double dV = test::max_abs_diff(first(mm.column<"V_m">(), n), trace.column("V_m"));
    const double dw = test::max_abs_diff(first(mm.column<"w">(), n), trace.column("w"));
    INFO("largest |V_m - NEST| = " << dV << " mV, |w - NEST| = " << dw << " pA");
    CHECK(dV < trace_tolerance_mV);
    CHECK(dw < w_tolerance_pA);
    CHECK(test::max_abs_diff(first(mm.column<"g_ex">(), n), trace.column("g_ex")) == 0.0);
}

TEST_CASE("aeif_cond_alpha, spike input: V_m, w and conductances as NEST",
          "[aeif_cond_alpha][reference]") {
    auto net = network(
        node<"neuron">(population<aeif_cond_alpha>(1)),
        node<"sg1">(spike_generator({.spike_times = {10.0, 20.5, 30.3, 50.0, 50.0, 75.2}})),
        node<"sg2">(spike_generator({.spike_times = {60.0, 61.0}})),
        node<"mm">(multimeter<"V_m", "g_ex", "g_in", "w">({.interval = 0.1})),
        node<"sr">(spike_recorder{}), connect<"sg1", "neuron">({.weight = 20.0, .delay = 1.0}),
        connect<"sg2", "neuron">({.weight = -15.0, .delay = 1.0}), connect<"mm", "neuron">(),
        connect<"neuron", "sr">());
    net.node<"neuron">().set({{"V_m", -70.6}, {"g_ex", 0.0}, {"g_in", 0.0}, {"w", 0.0}});
    auto rec = simulate(net, 150.0);
    CHECK(rec.get<"sr">().n_events() == 0);

    const auto trace = test::read_csv(test::reference_path("i_aeif_cond_alpha_sg_trace.csv"));
    const auto& mm = rec.get<"mm">();
    const auto n = trace.rows();
    CHECK(first(mm.times, n) == trace.column("time_ms"));
    const double dV = test::max_abs_diff(first(mm.column<"V_m">(), n), trace.column("V_m"));
    const double dw = test::max_abs_diff(first(mm.column<"w">(), n), trace.column("w"));
    INFO("largest |V_m - NEST| = " << dV << " mV, |w - NEST| = " << dw << " pA");
    CHECK(dV < trace_tolerance_mV);
    CHECK(dw < w_tolerance_pA);
    CHECK(test::max_abs_diff(first(mm.column<"g_ex">(), n), trace.column("g_ex")) <
          conductance_tolerance_nS);
    CHECK(test::max_abs_diff(first(mm.column<"g_in">(), n), trace.column("g_in")) <
          conductance_tolerance_nS);
}

TEST_CASE("aeif_cond_alpha and aeif_cond_exp defaults are NEST's", "[aeif_cond][defaults]") {
    const auto json = read_all(test::reference_path("defaults/aeif_cond_alpha.json"));
    const auto alpha = get_defaults<aeif_cond_alpha>();
    for (auto name : reflect::field_names<aeif_cond_alpha::parameters>) {
        CAPTURE(name);
        CHECK(alpha.at(std::string(name)).as<double>() == json_number(json, std::string(name)));
    }
    for (auto name : {"V_m", "g_ex", "g_in", "w"})
        CHECK(alpha.at(name).as<double>() == json_number(json, name));
    auto recordables = alpha.at("recordables").as<std::vector<std::string>>();
    std::sort(recordables.begin(), recordables.end());
    CHECK(recordables == std::vector<std::string>{"V_m", "g_ex", "g_in", "w"});

    // aeif_cond_exp has no defaults file; NEST's documentation (and model source) for 3.9
    // give these numbers, the same as aeif_cond_alpha's.
    const std::map<std::string, double> nest_docs = {
        {"C_m", 281.0},     {"g_L", 30.0},           {"E_L", -70.6},
        {"V_th", -50.4},    {"Delta_T", 2.0},        {"V_peak", 0.0},
        {"V_reset", -60.0}, {"t_ref", 0.0},          {"a", 4.0},
        {"b", 80.5},        {"tau_w", 144.0},        {"E_ex", 0.0},
        {"E_in", -85.0},    {"tau_syn_ex", 0.2},     {"tau_syn_in", 2.0},
        {"I_e", 0.0},       {"gsl_error_tol", 1e-6}, {"V_m", -70.6},
        {"g_ex", 0.0},      {"g_in", 0.0},           {"w", 0.0},
        {"tau_minus", 20.0}}; // every neuron's: the postsynaptic trace of STDP
    const auto exp = get_defaults<aeif_cond_exp>();
    for (const auto& [name, v] : nest_docs) {
        CAPTURE(name);
        CHECK(exp.at(name).as<double>() == v);
    }
    CHECK(exp.size() == nest_docs.size() + 2); // + recordables, model
}

TEST_CASE("aeif_cond_*: values NEST rejects are rejected, and a failed set changes nothing",
          "[aeif_cond][errors]") {
    SECTION("aeif_cond_alpha") {
        check_aeif_rejections<aeif_cond_alpha>("aeif_cond_alpha");
    }
    SECTION("aeif_cond_exp") {
        check_aeif_rejections<aeif_cond_exp>("aeif_cond_exp");
    }
}

TEST_CASE("aeif_cond_exp: a runaway solution is an error naming the model", "[aeif_cond_exp]") {
    auto net = network(node<"neuron">(population<aeif_cond_exp>(1, {.I_e = -1e7})),
                       node<"sr">(spike_recorder{}), connect<"neuron", "sr">());
    CHECK_THROWS_WITH(simulate(net, 10.0),
                      Contains("aeif_cond_exp") && Contains("numerical instability"));
}

TEST_CASE("aeif_cond_exp: rheobase and the resting fixed point without adaptation",
          "[aeif_cond_exp][law]") {
    // With a = 0 (and w = 0) the membrane is g_L (V - E_L) - g_L Delta_T e^{(V - V_th)/Delta_T}
    // = I at rest. Its largest left side, at V = V_th, is the rheobase
    // I_rh = g_L (V_th - E_L - Delta_T) = 30 nS * 18.2 mV = 546 pA.
    const double I_rh = 30.0 * (-50.4 + 70.6 - 2.0);
    auto run = [](double I_e, double T) {
        auto net =
            network(node<"neuron">(population<aeif_cond_exp>(1, {.a = 0.0, .I_e = I_e})),
                    node<"mm">(multimeter<"V_m">({.interval = 1.0})), node<"sr">(spike_recorder{}),
                    connect<"mm", "neuron">(), connect<"neuron", "sr">());
        auto rec = simulate(net, T);
        return std::pair{rec.get<"sr">().n_events(), rec.get<"mm">().column<"V_m">().back()};
    };
    CHECK(run(0.99 * I_rh, 1000.0).first == 0);
    CHECK(run(1.01 * I_rh, 1000.0).first > 0);

    // Below the rheobase V_m settles on the stable root, found here by bisection.
    const double I = 400.0;
    auto excess = [&](double V) {
        return 30.0 * (V + 70.6) - 30.0 * 2.0 * std::exp((V + 50.4) / 2.0) - I;
    };
    double lo = -70.6, hi = -50.4; // excess rises from < 0 to > 0 on this interval
    for (int i = 0; i < 200; ++i)
        (excess(0.5 * (lo + hi)) < 0 ? lo : hi) = 0.5 * (lo + hi);
    const auto [spikes, V_end] = run(I, 300.0);
    CHECK(spikes == 0);
    // after 300 ms (~30 membrane time constants) V_m sits on the root to the solver's accuracy
    CHECK(V_end == Approx(lo).margin(1e-6));
}

TEST_CASE("aeif_cond_exp: a conductance set in the state decays exponentially", "[aeif_cond_exp]") {
    auto net = network(node<"neuron">(population<aeif_cond_exp>(1)),
                       node<"mm">(multimeter<"g_ex", "g_in">({.interval = 0.1})),
                       connect<"mm", "neuron">());
    net.node<"neuron">().set({{"g_ex", 20.0}, {"g_in", 10.0}});
    auto rec = simulate(net, 20.0);
    const auto ex = rec.get<"mm">().column<"g_ex">();
    const auto in = rec.get<"mm">().column<"g_in">();
    // g(t) = g0 e^{-t/tau_syn}. The error per solver step is held below 1e-6 (1 + h |dg/dt|),
    // a few 1e-6 nS at the steepest part of the decay: 1e-5 nS (measured: 3.7e-7 nS).
    double worst = 0;
    for (std::size_t j = 0; j < ex.size(); ++j) {
        const double t = 0.1 * static_cast<double>(j + 1);
        worst = std::max(worst, std::abs(ex[j] - 20.0 * std::exp(-t / 0.2)));
        worst = std::max(worst, std::abs(in[j] - 10.0 * std::exp(-t / 2.0)));
    }
    INFO("largest |g - closed form| = " << worst << " nS");
    CHECK(worst < 1e-5);
}

TEST_CASE("aeif_cond_exp with Delta_T = a = b = 0 is iaf_cond_exp", "[aeif_cond_exp][law]") {
    // NEST documents that Delta_T = 0 gives LIF dynamics with threshold V_th; with the
    // iaf_cond_exp defaults both solve the same equations, each to its own solver tolerance.
    auto aeif =
        network(node<"neuron">(population<aeif_cond_exp>(1, {.E_L = -70.0,
                                                             .C_m = 250.0,
                                                             .g_L = 16.6667,
                                                             .t_ref = 2.0,
                                                             .V_th = -55.0,
                                                             .V_peak = -55.0,
                                                             .V_reset = -60.0,
                                                             .Delta_T = 0.0,
                                                             .a = 0.0,
                                                             .b = 0.0,
                                                             .I_e = 500.0})),
                node<"mm">(multimeter<"V_m">({.interval = 0.1})), node<"sr">(spike_recorder{}),
                connect<"mm", "neuron">(), connect<"neuron", "sr">());
    auto iaf =
        network(node<"neuron">(population<iaf_cond_exp>(1, {.I_e = 500.0})),
                node<"mm">(multimeter<"V_m">({.interval = 0.1})), node<"sr">(spike_recorder{}),
                connect<"mm", "neuron">(), connect<"neuron", "sr">());
    aeif.node<"neuron">().set("V_m", -70.0);
    auto a = simulate(aeif, 500.0);
    auto b = simulate(iaf, 500.0);
    CHECK(test::to_steps(a.get<"sr">().times) == test::to_steps(b.get<"sr">().times));
    const auto va = a.get<"mm">().column<"V_m">();
    const auto vb = b.get<"mm">().column<"V_m">();
    const double dV =
        test::max_abs_diff({va.begin(), va.end()}, std::vector<double>(vb.begin(), vb.end()));
    INFO("largest |V_m(aeif) - V_m(iaf)| = " << dV << " mV");
    // Both solutions are far more accurate than their controls demand on this smooth problem
    // (measured: 2e-14 mV); 1e-6 mV, aeif's own tolerance, bounds them.
    CHECK(dV < 1e-6);
}

TEST_CASE("aeif_cond_alpha: with t_ref V_m stays at V_reset for whole steps after a spike",
          "[aeif_cond_alpha][law]") {
    auto net =
        network(node<"neuron">(population<aeif_cond_alpha>(1, {.t_ref = 2.0, .I_e = 800.0})),
                node<"mm">(multimeter<"V_m", "w">({.interval = 0.1})), node<"sr">(spike_recorder{}),
                connect<"mm", "neuron">(), connect<"neuron", "sr">());
    auto rec = simulate(net, 500.0);
    const auto v = rec.get<"mm">().column<"V_m">();
    const auto spikes = test::to_steps(rec.get<"sr">().times);
    REQUIRE(spikes.size() > 2);
    const long ref_steps = 20;
    for (long k : spikes) {
        if (static_cast<std::size_t>(k + ref_steps) >= v.size())
            break;
        // the spike step ends at V_reset too: the reset happens inside it
        for (long j = k; j <= k + ref_steps; ++j)
            CHECK(v[static_cast<std::size_t>(j - 1)] == -60.0);
        CHECK(v[static_cast<std::size_t>(k + ref_steps)] > -60.0);
    }
}

TEMPLATE_TEST_CASE("aeif: simulating T equals simulating T/2 twice", "[aeif_cond][law]",
                   aeif_cond_alpha, aeif_cond_exp) {
    auto make = [] {
        return network(node<"neuron">(population<TestType>(1, {.I_e = 800.0})),
                       node<"mm">(multimeter<"V_m", "w">({.interval = 0.1})),
                       node<"sr">(spike_recorder{}), connect<"mm", "neuron">(),
                       connect<"neuron", "sr">());
    };
    auto once = make();
    auto twice = make();
    simulate(once, 300.0);
    simulate(twice, 150.0);
    auto rec = simulate(twice, 150.0);
    CHECK(rec.template get<"sr">().times == once.template node<"sr">().events().times);
    CHECK(rec.template get<"mm">().values == once.template node<"mm">().events().values);
}

TEST_CASE("negative conductances are rejected when set, and nothing changes",
          "[aeif_cond][errors]") {
    population<aeif_cond_alpha> neuron(1);
    const auto before = neuron.get();
    CHECK_THROWS_WITH(neuron.set({{"w", 5.0}, {"g_ex", -1.0}}),
                      Catch::Matchers::Contains("aeif_cond_alpha") &&
                          Catch::Matchers::Contains("g_ex"));
    CHECK_THROWS_AS(neuron.set_state(0, "g_in", -0.5), value_error);
    CHECK(neuron.get() == before);
}
