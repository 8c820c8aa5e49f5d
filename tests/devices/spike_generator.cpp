// spike_generator: NEST's reference case d (two generators into one iaf_psc_alpha), grid
// rounding, spike weights, and the checks on spike times.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "support/reference.hpp"

using namespace axon;
using Catch::Matchers::Contains;

TEST_CASE("two spike generators into iaf_psc_alpha: NEST's traces",
          "[spike_generator][reference]") {
    // Exact integration, so the same tolerance as the other iaf_psc_alpha cases: 1e-9.
    auto net = network(
        node<"neuron">(population<iaf_psc_alpha>(1)),
        node<"sg1">(spike_generator({.spike_times = {10.0, 20.5, 30.3, 50.0, 50.0, 75.2}})),
        node<"sg2">(spike_generator({.spike_times = {60.0, 61.0}})),
        node<"mm">(multimeter<"V_m", "I_syn_ex", "I_syn_in">({.interval = 0.1})),
        node<"sr">(spike_recorder{}), connect<"sg1", "neuron">({.weight = 200.0, .delay = 1.0}),
        connect<"sg2", "neuron">({.weight = -150.0, .delay = 1.0}), connect<"mm", "neuron">(),
        connect<"neuron", "sr">());
    net.node<"neuron">().set("V_m", -70.0);
    auto rec = simulate(net, 150.0);
    CHECK(rec.get<"sr">().n_events() == 0);

    const auto trace = test::read_csv(test::reference_path("d_iaf_psc_alpha_sg_trace.csv"));
    const auto& mm = rec.get<"mm">();
    REQUIRE(mm.n_events() >= trace.rows());
    auto head = [&](std::span<const double> c) {
        return std::vector<double>(c.begin(), c.begin() + static_cast<long>(trace.rows()));
    };
    CHECK(head(mm.times) == trace.column("time_ms"));
    CHECK(test::max_abs_diff(head(mm.column<"V_m">()), trace.column("V_m")) < 1e-9);
    CHECK(test::max_abs_diff(head(mm.column<"I_syn_ex">()), trace.column("I_syn_ex")) < 1e-9);
    CHECK(test::max_abs_diff(head(mm.column<"I_syn_in">()), trace.column("I_syn_in")) < 1e-9);
}

TEST_CASE("spike weights multiply the connection weight; equal times add up by sign",
          "[spike_generator]") {
    spike_generator sg(
        {.spike_times = {1.0, 1.0, 2.0, 3.0, 3.0}, .spike_weights = {2.0, 3.0, -1.0, 4.0, -4.0}});
    sg.calibrate(time_grid{});
    CHECK(sg.spikes(10) == weights_by_sign{5.0, 0.0});
    CHECK(sg.spikes(20) == weights_by_sign{0.0, -1.0});
    CHECK(sg.spikes(15) == weights_by_sign{});
    CHECK(sg.spikes(30) == weights_by_sign{4.0, -4.0});
}

TEST_CASE("a +w and a -w spike at one time reach both synapse types, as in NEST",
          "[spike_generator]") {
    // iaf_psc_alpha with tau_syn_ex != tau_syn_in: the two currents are each the closed-form
    // alpha function w e t / tau exp(-t / tau) and do not cancel. Arrival at 2 ms (1 + delay
    // 1); at 2 + s ms the current is w e (s / tau) exp(-s / tau). Tolerance 1e-9 pA: the exact
    // propagator, rounding only.
    auto net = network(
        node<"sg">(spike_generator({.spike_times = {1.0, 1.0}, .spike_weights = {1.0, -1.0}})),
        node<"n">(population<iaf_psc_alpha>(1, {.tau_syn_ex = 2.0, .tau_syn_in = 5.0})),
        node<"mm">(multimeter<"I_syn_ex", "I_syn_in">({.interval = 0.1})),
        connect<"sg", "n">({.weight = 100.0}), connect<"mm", "n">());
    simulate(net, 10.0);
    const auto& mm = net.node<"mm">().events();
    const auto ex = mm.column<"I_syn_ex">(), in = mm.column<"I_syn_in">();
    const double e = std::exp(1.0);
    for (std::size_t j = 0; j < mm.times.size(); ++j) {
        const double s = mm.times[j] - 2.0;
        if (s < 0.0)
            continue;
        CHECK(ex[j] == Approx(100.0 * e * s / 2.0 * std::exp(-s / 2.0)).margin(1e-9));
        CHECK(in[j] == Approx(-100.0 * e * s / 5.0 * std::exp(-s / 5.0)).margin(1e-9));
    }
}

TEST_CASE("spike times off the grid", "[spike_generator][errors]") {
    spike_generator strict({.spike_times = {1.05}});
    CHECK_THROWS_WITH(strict.calibrate(time_grid{}),
                      Contains("1.05") && Contains("allow_offgrid_times"));
    spike_generator lenient({.spike_times = {1.05}, .allow_offgrid_times = true});
    lenient.calibrate(time_grid{});
    CHECK(lenient.spikes(11) == weights_by_sign{1.0, 0.0}); // moved to the end of its step, 1.1 ms
}

TEST_CASE("spike_generator settings are checked", "[spike_generator][errors]") {
    CHECK_THROWS_WITH(spike_generator({.spike_times = {2.0, 1.0}}), Contains("sorted"));
    CHECK_THROWS_AS(spike_generator({.spike_times = {-1.0}}), value_error);
    CHECK_THROWS_WITH(spike_generator({.spike_times = {1.0, 2.0}, .spike_weights = {1.0}}),
                      Contains("spike_weights"));
    spike_generator sg({.spike_times = {1.0}});
    CHECK_THROWS_AS(sg.set("spike_times", std::vector<double>{3.0, 2.0}), value_error);
    CHECK(sg.get("spike_times").as<std::vector<double>>() == std::vector<double>{1.0});
}
