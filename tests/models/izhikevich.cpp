// izhikevich against NEST 3.9's own outputs (tests/reference/nest, cases g_izhikevich_*), its
// defaults and checks, and the invariants of the model. NEST's Euler update is a handful of
// additions and products done in the same order here, so spike times and traces are expected to
// be NEST's bit for bit (tolerance 0); anything else is a change in the order of operations.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "axon/devices/dc_generator.hpp"
#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/izhikevich.hpp"
#include "axon/models/models.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "support/reference.hpp"

using namespace axon;
using test::slurp;

using Catch::Matchers::Contains;
using test::read_csv;
using test::reference_path;

namespace {

auto single_neuron(const izhikevich::parameters& p) {
    return network(node<"neuron">(population<izhikevich>(1, p)),
                   node<"mm">(multimeter<"V_m", "U_m">({.interval = 0.1})),
                   node<"sr">(spike_recorder{}), connect<"mm", "neuron">(),
                   connect<"neuron", "sr">());
}

std::vector<double> to_vector(std::span<const double> s) {
    return {s.begin(), s.end()};
}

/// The value NEST's GetDefaults printed for `key`, as text (a tiny reader for flat JSON).
std::string nest_default_text(const std::string& json, const std::string& key) {
    const std::regex pattern("\"" + key + "\": ([-+0-9.eE]+|true|false)");
    std::smatch m;
    if (!std::regex_search(json, m, pattern))
        throw std::runtime_error("no key " + key);
    return m[1];
}

} // namespace

TEST_CASE("RS, FS and CH: every spike and both traces as NEST, bit for bit",
          "[izhikevich][reference]") {
    struct reference_case {
        std::string name;
        izhikevich::parameters p;
        std::size_t n_spikes;
    };
    const auto [label, p, n_spikes] = GENERATE(values<reference_case>({
        {"RS", {.a = 0.02, .b = 0.2, .c = -65.0, .d = 8.0, .I_e = 10.0}, 23},
        {"FS", {.a = 0.1, .b = 0.2, .c = -65.0, .d = 2.0, .I_e = 10.0}, 130},
        {"CH", {.a = 0.02, .b = 0.2, .c = -51.0, .d = 2.0, .I_e = 10.0}, 79},
    }));
    CAPTURE(label);
    auto net = single_neuron(p);
    net.node<"neuron">().set({{"V_m", -65.0}, {"U_m", -13.0}}); // the cases' initial state
    auto rec = simulate(net, 1000.0);

    const std::string stem = "g_izhikevich_" + label;
    const auto spikes = read_csv(reference_path(stem + "_spikes.csv"));
    const auto& sr = rec.get<"sr">();
    CHECK(sr.times.size() == n_spikes);
    CHECK(sr.times == spikes.column("time_ms")); // NEST's doubles k * dt, not merely steps

    // NEST's trace stops 1 ms short of the end; compare the samples it has.
    const auto trace = read_csv(reference_path(stem + "_trace.csv"));
    const auto& mm = rec.get<"mm">();
    REQUIRE(mm.n_events() == 10000);
    REQUIRE(trace.rows() == 9990);
    std::vector<double> t = mm.times, v = to_vector(mm.column<"V_m">()),
                        u = to_vector(mm.column<"U_m">());
    t.resize(trace.rows());
    v.resize(trace.rows());
    u.resize(trace.rows());
    CHECK(t == trace.column("time_ms"));
    CHECK(test::max_abs_diff(v, trace.column("V_m")) == 0.0);
    CHECK(test::max_abs_diff(u, trace.column("U_m")) == 0.0);
}

TEST_CASE("defaults are NEST's", "[izhikevich][defaults]") {
    const auto json = slurp(reference_path("defaults/izhikevich.json"));
    const auto defaults = get_defaults<izhikevich>();
    for (auto name : reflect::field_names<izhikevich::parameters>) {
        CAPTURE(name);
        const auto text = nest_default_text(json, std::string(name));
        if (name == "consistent_integration")
            CHECK(defaults.at(std::string(name)).as<bool>() == (text == "true"));
        else
            CHECK(defaults.at(std::string(name)).as<double>() == std::stod(text));
    }
    for (auto name : {"V_m", "U_m"})
        CHECK(defaults.at(name).as<double>() == std::stod(nest_default_text(json, name)));
    // NEST lists recordables alphabetically; axon in declaration order.
    auto recordables = defaults.at("recordables").as<std::vector<std::string>>();
    CHECK(recordables == std::vector<std::string>{"V_m", "U_m"});
    std::sort(recordables.begin(), recordables.end());
    CHECK(recordables == std::vector<std::string>{"U_m", "V_m"});
}

TEST_CASE("values that are not numbers are rejected, and a failed set changes nothing",
          "[izhikevich][errors]") {
    // NEST accepts every number for this model (even c >= V_th); axon adds only finiteness.
    population<izhikevich> neuron(1, {.I_e = 10.0});
    const auto before = neuron.get();
    constexpr double inf = std::numeric_limits<double>::infinity();
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    struct bad {
        std::string name;
        double value;
        std::string rule;
    };
    const auto [name, v, rule] = GENERATE(values<bad>({
        {"a", nan, "finite"},
        {"b", inf, "finite"},
        {"c", -inf, "finite"},
        {"d", nan, "finite"},
        {"I_e", inf, "finite"},
        {"V_th", nan, "finite"},
        {"V_min", nan, "finite number"},
        {"V_min", inf, "below +inf"},
    }));
    CAPTURE(name, v);
    try {
        // a valid change that rides along and must not be applied either
        const std::string other = name == "I_e" ? "a" : "I_e";
        neuron.set({{other, 0.5}, {name, v}});
        FAIL("set accepted " << name << " = " << v);
    } catch (const value_error& e) {
        const std::string what = e.what();
        CHECK_THAT(what, Contains("izhikevich") && Contains(name) && Contains(rule));
    }
    CHECK(neuron.get() == before);
    CHECK_THROWS_AS((population<izhikevich>(1, {.a = nan})), value_error);
    CHECK_NOTHROW(neuron.set("V_min", -inf)); // no lower bound at all is allowed
    CHECK_THROWS_AS(neuron.set("consistent_integration", 1.0), type_error);
}

TEST_CASE("the resting point (-70, -14) of the default model is kept", "[izhikevich][law]") {
    // Fixed point of dV/dt = dU/dt = 0 with I = 0, b = 0.2: 0.04 V^2 + 4.8 V + 140 = 0 gives
    // V = -70 (stable) and U = b V = -14. Rounding of 0.04 * V * V may move it by ~1e-14 mV
    // per step at most, and the point attracts: 1e-9 mV over 1000 steps is generous.
    auto net = single_neuron({});
    net.node<"neuron">().set({{"V_m", -70.0}, {"U_m", -14.0}});
    auto rec = simulate(net, 100.0);
    for (double v : rec.get<"mm">().column<"V_m">())
        CHECK(v == Approx(-70.0).margin(1e-9));
    for (double u : rec.get<"mm">().column<"U_m">())
        CHECK(u == Approx(-14.0).margin(1e-9));
    CHECK(rec.get<"sr">().n_events() == 0);
}

TEST_CASE("a spike of weight w makes V_m jump by w mV in its arrival step", "[izhikevich]") {
    auto with_spike =
        network(node<"sg">(spike_generator({.spike_times = {10.0}})),
                node<"neuron">(population<izhikevich>(1)),
                node<"mm">(multimeter<"V_m", "U_m">({.interval = 0.1})),
                connect<"sg", "neuron">({.weight = 5.0, .delay = 1.0}), connect<"mm", "neuron">());
    auto without = single_neuron({});
    const auto a = simulate(with_spike, 20.0);
    const auto b = simulate(without, 20.0);
    const auto va = a.get<"mm">().column<"V_m">(), vb = b.get<"mm">().column<"V_m">();
    // emitted at 10 ms, delay 1 ms: arrives in step 110, the sample at 11.0 ms (index 109).
    for (std::size_t j = 0; j < 109; ++j)
        CHECK(va[j] == vb[j]);
    CHECK(va[109] - vb[109] == Approx(5.0).margin(1e-12)); // rounding of a ~-65 mV sum
    // U sees the jump only from the next step on (its update uses V at the start of the step).
    CHECK(a.get<"mm">().column<"U_m">()[109] == b.get<"mm">().column<"U_m">()[109]);
}

TEST_CASE("a dc_generator drives the neuron like I_e, from the step after it arrives",
          "[izhikevich]") {
    // Start at rest, so that the delayed current gives the same trajectory shifted by
    // delay + 1 step: 10 + 1 = 11 samples. Resting is exact to ~1e-14 mV (see above) and the
    // two runs then see the same arithmetic, so 1e-9 mV is generous.
    auto dc = network(node<"dc">(dc_generator({.amplitude = 10.0})),
                      node<"neuron">(population<izhikevich>(1)),
                      node<"mm">(multimeter<"V_m">({.interval = 0.1})), connect<"dc", "neuron">(),
                      connect<"mm", "neuron">());
    auto ie = single_neuron({.I_e = 10.0});
    dc.node<"neuron">().set({{"V_m", -70.0}, {"U_m", -14.0}});
    ie.node<"neuron">().set({{"V_m", -70.0}, {"U_m", -14.0}});
    const auto a = simulate(dc, 50.0);
    const auto b = simulate(ie, 50.0);
    const auto va = a.get<"mm">().column<"V_m">(), vb = b.get<"mm">().column<"V_m">();
    for (std::size_t j = 0; j + 11 < va.size(); ++j)
        CHECK(va[j + 11] == Approx(vb[j]).margin(1e-9));
}

TEST_CASE("the published scheme: V in two half steps, then U from the new V", "[izhikevich]") {
    // One step of dt = 0.1 ms from (V, U) = (-65, -13) with I_e = 10, by hand.
    auto net = single_neuron({.I_e = 10.0, .consistent_integration = false});
    auto rec = simulate(net, 0.1);
    double v = -65.0;
    const double u = -13.0;
    v += 0.05 * (0.04 * v * v + 5.0 * v + 140.0 - u + 10.0);
    v += 0.05 * (0.04 * v * v + 5.0 * v + 140.0 - u + 10.0);
    const double u_new = u + 0.1 * 0.02 * (0.2 * v - u);
    CHECK(rec.get<"mm">().column<"V_m">()[0] == Approx(v).margin(1e-12));
    CHECK(rec.get<"mm">().column<"U_m">()[0] == Approx(u_new).margin(1e-12));
}

TEST_CASE("simulating T equals simulating T/2 twice", "[izhikevich][law]") {
    const izhikevich::parameters ch{.c = -51.0, .d = 2.0, .I_e = 10.0};
    auto once = single_neuron(ch);
    auto twice = single_neuron(ch);
    simulate(once, 500.0);
    simulate(twice, 250.0);
    auto rec = simulate(twice, 250.0);
    CHECK(rec.get<"sr">().times == once.node<"sr">().events().times);
    CHECK(rec.get<"mm">().values == once.node<"mm">().events().values);
}

TEST_CASE("V_m never stays at or above V_th after a step; V_min bounds it from below",
          "[izhikevich][law]") {
    auto net = single_neuron({.d = 2.0, .I_e = 10.0, .V_min = -66.0});
    net.node<"neuron">().set({{"V_m", -80.0}, {"U_m", -13.0}});
    auto rec = simulate(net, 200.0);
    const auto v = rec.get<"mm">().column<"V_m">();
    CHECK(*std::max_element(v.begin(), v.end()) < 30.0);
    CHECK(*std::min_element(v.begin(), v.end()) >= -66.0);
    CHECK(v[0] == -66.0); // -80 + one Euler step stays far below -66
    CHECK(rec.get<"sr">().n_events() > 0);
}
