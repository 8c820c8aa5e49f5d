// dc_generator: a current delivered after the connection delay, within its activity window.
#include <catch2/catch.hpp>

#include <cmath>

#include "axon/devices/dc_generator.hpp"
#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "support/reference.hpp"

using namespace axon;
using Catch::Matchers::Contains;

TEST_CASE("dc current reaches the membrane after the delay: closed form", "[dc_generator]") {
    const double I = 300.0, delay = 0.5;
    auto net = network(
        node<"dc">(dc_generator({.amplitude = I})), node<"neuron">(population<iaf_psc_alpha>(1)),
        node<"mm">(multimeter<"V_m">({.interval = 0.1})),
        connect<"dc", "neuron">({.weight = 1.0, .delay = delay}), connect<"mm", "neuron">());
    auto rec = simulate(net, 50.0);
    // Emitted in step 1, the current arrives in step 1 + delay/dt and, as in NEST's
    // iaf_psc_alpha, acts from the following step: t0 = dt + delay.
    const double t0 = 0.1 + delay, tau = 10.0, C = 250.0;
    for (auto [t, v] : rec.get<"mm">().samples<"V_m">()) {
        const double expected =
            t <= t0 ? -70.0 : -70.0 + I * tau / C * (1 - std::exp(-(t - t0) / tau));
        CHECK(v == Approx(expected).margin(1e-9));
    }
}

TEST_CASE("a dc_generator drives the neuron like I_e, shifted by delay and one step",
          "[dc_generator]") {
    auto by_dc =
        network(node<"dc">(dc_generator({.amplitude = 188.0})),
                node<"neuron">(population<iaf_psc_alpha>(1)), node<"sr">(spike_recorder{}),
                connect<"dc", "neuron">({.weight = 2.0, .delay = 1.0}), connect<"neuron", "sr">());
    auto by_Ie = network(node<"neuron">(population<iaf_psc_alpha>(1, {.I_e = 376.0})),
                         node<"sr">(spike_recorder{}), connect<"neuron", "sr">());
    simulate(by_dc, 1000.0);
    simulate(by_Ie, 1000.0);
    auto dc = test::to_steps(by_dc.node<"sr">().events().times);
    auto ie = test::to_steps(by_Ie.node<"sr">().events().times);
    REQUIRE(dc.size() == ie.size());
    for (std::size_t i = 0; i < dc.size(); ++i)
        CHECK(dc[i] == ie[i] + 11);
}

TEST_CASE("dc_generator window: current only for origin + start < t <= origin + stop",
          "[dc_generator]") {
    auto net = network(node<"dc">(dc_generator({.amplitude = 100.0, .start = 5.0, .stop = 10.0})),
                       node<"neuron">(population<iaf_psc_alpha>(1)),
                       node<"mm">(multimeter<"V_m">({.interval = 0.1})),
                       connect<"dc", "neuron">({.delay = 0.1}), connect<"mm", "neuron">());
    auto rec = simulate(net, 30.0);
    const auto v = rec.get<"mm">().column<"V_m">();
    // emitted in steps 51..100, acting in steps 53..102
    CHECK(v[51] == -70.0);  // end of step 52
    CHECK(v[52] > -70.0);   // end of step 53
    CHECK(v[102] < v[101]); // step 103 relaxes again
}

TEST_CASE("dc_generator and connection errors", "[dc_generator][errors]") {
    CHECK_THROWS_WITH(dc_generator({.amplitude = std::nan("")}),
                      Contains("dc_generator") && Contains("amplitude"));
    dc_generator dc;
    dc.set("amplitude", 5.0);
    CHECK(dc.get("amplitude").as<double>() == 5.0);
    CHECK_THROWS_AS(dc.set("amplitud", 5.0), unknown_name_error);

    auto short_delay =
        network(node<"dc">(dc_generator({.amplitude = 1.0})),
                node<"n">(population<iaf_psc_alpha>(1)), connect<"dc", "n">({.delay = 0.0}));
    CHECK_THROWS_WITH(simulate(short_delay, 1.0), Contains("delay") && Contains("at least"));
    auto off_grid =
        network(node<"dc">(dc_generator({.amplitude = 1.0})),
                node<"n">(population<iaf_psc_alpha>(1)), connect<"dc", "n">({.delay = 0.15}));
    CHECK_THROWS_AS(simulate(off_grid, 1.0), time_error);
}
