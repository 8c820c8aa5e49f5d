// The network and the driver: NEST's node numbering, time that continues across simulate
// calls, reset, the resolution, and errors about time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <vector>

#include "axon/devices/dc_generator.hpp"
#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "support/reference.hpp"

using namespace axon;
using Catch::Matchers::Contains;

namespace {
auto seed_network(kernel k = {}) {
    return network(k, node<"neuron">(population<iaf_psc_alpha>(1, {.I_e = 376.0})),
                   node<"mm">(multimeter<"V_m">({.interval = 0.1})), node<"sr">(spike_recorder{}),
                   connect<"mm", "neuron">(), connect<"neuron", "sr">());
}
} // namespace

TEST_CASE("nodes are numbered as NEST numbers them", "[network]") {
    auto net = network(node<"a">(population<iaf_psc_alpha>(3)), node<"mm">(voltmeter{}),
                       node<"b">(population<iaf_psc_alpha>(2)), connect<"mm", "b">());
    CHECK(net.first_id<"a">() == 1);
    CHECK(net.first_id<"mm">() == 4);
    CHECK(net.first_id<"b">() == 5);
    simulate(net, 1.0);
    CHECK(net.node<"mm">().events().sender_ids() == std::vector<node_id>{5, 6});
}

TEST_CASE("simulate twice continues in time and appends", "[simulate]") {
    auto net = seed_network();
    simulate(net, 600.0);
    CHECK(net.time() == 600.0);
    auto rec = simulate(net, 400.0);
    CHECK(rec.time() == 1000.0);
    const auto reference = test::read_csv(test::reference_path("a_seed_iaf_376_spikes.csv"));
    CHECK(test::to_steps(rec.get<"sr">().times) == test::to_steps(reference.column("time_ms")));
    CHECK(rec.get<"mm">().n_events() == 10000);
}

TEST_CASE("print_time: a progress line, and the very same results", "[simulate][progress]") {
    auto quiet = seed_network();
    auto shown = seed_network(kernel{.print_time = true});
    std::ostringstream out;
    shown.print_time_to(&out);
    simulate(quiet, 250.0);
    simulate(shown, 250.0);
    CHECK(shown.node<"mm">().events().values == quiet.node<"mm">().events().values);
    CHECK(shown.node<"sr">().events().times == quiet.node<"sr">().events().times);
    const auto text = out.str();
    // a hundred updates, each rewriting the line, then a newline
    CHECK(std::count(text.begin(), text.end(), '\r') == 100);
    CHECK_THAT(text, Contains("[ 50 %] 125.0 of 250.0 ms simulated, real-time factor"));
    CHECK_THAT(text, Contains("[100 %] 250.0 of 250.0 ms simulated"));
    CHECK(text.back() == '\n');
    // a second call continues from where the first ended
    out.str("");
    simulate(shown, 50.0);
    CHECK_THAT(out.str(), Contains("[100 %] 300.0 of 300.0 ms simulated"));
}

TEST_CASE("reset starts over with the same parameters and initial state", "[simulate]") {
    auto net = seed_network();
    net.node<"neuron">().set("V_m", -65.0);
    simulate(net, 300.0);
    const auto first_spikes = net.node<"sr">().events().times;
    const auto first_trace = net.node<"mm">().events().values;
    net.reset();
    CHECK(net.time() == 0.0);
    CHECK(net.node<"sr">().n_events() == 0);
    CHECK(net.node<"neuron">().get("V_m").as<double>() == -65.0);
    simulate(net, 300.0);
    CHECK(net.node<"sr">().events().times == first_spikes);
    CHECK(net.node<"mm">().events().values == first_trace);
}

TEST_CASE("the resolution is a kernel setting of the network", "[simulate][time]") {
    auto net = seed_network(kernel{.resolution = 0.05});
    CHECK(net.resolution() == 0.05);
    auto rec = simulate(net, 10.0);
    CHECK(rec.get<"mm">().n_events() == 100); // interval 0.1 ms = 2 steps
    CHECK(rec.get<"mm">().times.back() == 10.0);
    CHECK_THROWS_AS(network(kernel{.resolution = 0.0}), time_error);
    CHECK_THROWS_AS(network(kernel{.resolution = -0.1}), time_error);
}

TEST_CASE("time must fit the grid", "[simulate][time][errors]") {
    auto net = seed_network();
    CHECK_THROWS_WITH(simulate(net, 10.05),
                      Contains("simulate") && Contains("multiple of the resolution"));
    CHECK_THROWS_AS(simulate(net, -1.0), time_error);
    CHECK(net.time() == 0.0);
}
