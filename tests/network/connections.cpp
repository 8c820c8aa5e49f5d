// Neuron-to-neuron connections: spikes arrive after the delay in the target's ring buffer,
// exactly as a spike_generator's would; connection rules make the synapses NEST's rules
// describe, and impossible requests fail before anything is simulated.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"

using namespace axon;
using Catch::Matchers::Contains;

TEST_CASE("a neuron's spikes act on its target as a spike_generator's with the same times",
          "[connections]") {
    // n1 fires regularly; n2 receives its spikes (300 pA, 1.5 ms). The same n2 driven by a
    // spike_generator replaying n1's spike times must have the very same V_m, bit for bit.
    auto chain = network(
        node<"n1">(population<iaf_psc_alpha>(1, {.I_e = 450.0})),
        node<"n2">(population<iaf_psc_alpha>(1)), node<"mm">(multimeter<"V_m">({.interval = 0.1})),
        node<"sr">(spike_recorder{}), connect<"n1", "n2">({.weight = 300.0, .delay = 1.5}),
        connect<"mm", "n2">(), connect<"n1", "sr">());
    simulate(chain, 200.0);
    const auto times = chain.node<"sr">().events().times;
    REQUIRE(times.size() > 5);

    auto replay = network(
        node<"sg">(spike_generator({.spike_times = times})),
        node<"n2">(population<iaf_psc_alpha>(1)), node<"mm">(multimeter<"V_m">({.interval = 0.1})),
        connect<"sg", "n2">({.weight = 300.0, .delay = 1.5}), connect<"mm", "n2">());
    simulate(replay, 200.0);
    CHECK(chain.node<"mm">().events().values == replay.node<"mm">().events().values);
}

TEST_CASE("one_to_one and all_to_all", "[connections][rules]") {
    auto net =
        network(node<"a">(population<iaf_psc_alpha>(3)), node<"b">(population<iaf_psc_alpha>(3)),
                node<"c">(population<iaf_psc_alpha>(2)),
                connect<"a", "b">({.rule = one_to_one{}, .weight = 2.0}),
                connect<"a", "c">({.weight = -1.0, .delay = 2.0}),
                connect<"b", "b">({.rule = all_to_all{.allow_autapses = false}}));
    const auto& ab = net.synapses<"a", "b">();
    CHECK(ab.size() == 3);
    for (std::uint32_t i = 0; i < 3; ++i) {
        CHECK(ab.row[i + 1] - ab.row[i] == 1);
        CHECK(ab.target[ab.row[i]] == i);
        CHECK(ab.weight_of(ab.row[i]) == 2.0);
    }
    CHECK(net.synapses<"a", "c">().size() == 6);
    CHECK(net.synapses<"a", "c">().delay == 20);
    const auto& bb = net.synapses<"b", "b">();
    CHECK(bb.size() == 6);
    for (std::uint32_t i = 0; i < 3; ++i)
        for (auto s = bb.row[i]; s < bb.row[i + 1]; ++s)
            CHECK(bb.target[s] != i);
}

TEST_CASE("fixed_indegree, fixed_outdegree, fixed_total_number, pairwise_bernoulli",
          "[connections][rules]") {
    auto net = network(
        node<"e">(population<iaf_psc_alpha>(200)), node<"i">(population<iaf_psc_alpha>(50)),
        connect<"e", "i">({.rule = fixed_indegree{.indegree = 20, .allow_multapses = false}}),
        connect<"i", "e">({.rule = fixed_outdegree{.outdegree = 30}}),
        connect<"e", "e">({.rule = fixed_total_number{.N = 1000, .allow_autapses = false}}),
        connect<"i", "i">({.rule = pairwise_bernoulli{.p = 0.2}}));

    const auto& ei = net.synapses<"e", "i">();
    std::map<std::uint32_t, std::set<std::uint32_t>> sources_of;
    for (std::uint32_t s = 0; s < 200; ++s)
        for (auto k = ei.row[s]; k < ei.row[s + 1]; ++k)
            sources_of[ei.target[k]].insert(s);
    REQUIRE(sources_of.size() == 50);
    for (const auto& [t, sources] : sources_of)
        CHECK(sources.size() == 20); // no multapses: 20 distinct sources each

    const auto& ie = net.synapses<"i", "e">();
    for (std::uint32_t s = 0; s < 50; ++s)
        CHECK(ie.row[s + 1] - ie.row[s] == 30);

    const auto& ee = net.synapses<"e", "e">();
    CHECK(ee.size() == 1000);
    for (std::uint32_t s = 0; s < 200; ++s)
        for (auto k = ee.row[s]; k < ee.row[s + 1]; ++k)
            CHECK(ee.target[k] != s);

    // 2500 pairs with p = 0.2: mean 500, standard deviation 20; accept 5 sigma
    const auto n = static_cast<double>(net.synapses<"i", "i">().size());
    CHECK(std::abs(n - 500.0) < 100.0);
}

TEST_CASE("the same seed gives the same synapses; another seed others", "[connections][rules]") {
    auto make = [](std::uint32_t seed) {
        return network(kernel{.rng_seed = seed}, node<"e">(population<iaf_psc_alpha>(100)),
                       node<"i">(population<iaf_psc_alpha>(100)),
                       connect<"e", "i">({.rule = fixed_indegree{.indegree = 10}}));
    };
    const auto a = make(1), b = make(1), c = make(2);
    CHECK(a.synapses<"e", "i">().target == b.synapses<"e", "i">().target);
    CHECK(a.synapses<"e", "i">().target != c.synapses<"e", "i">().target);
}

TEST_CASE("impossible connection requests fail before anything is built",
          "[connections][rules][errors]") {
    CHECK_THROWS_WITH(network(node<"a">(population<iaf_psc_alpha>(3)),
                              node<"b">(population<iaf_psc_alpha>(4)),
                              connect<"a", "b">({.rule = one_to_one{}})),
                      Contains("connect<\"a\", \"b\">") && Contains("one_to_one") &&
                          Contains("3") && Contains("4"));
    CHECK_THROWS_WITH(
        network(
            node<"a">(population<iaf_psc_alpha>(3)), node<"b">(population<iaf_psc_alpha>(4)),
            connect<"a", "b">({.rule = fixed_indegree{.indegree = 5, .allow_multapses = false}})),
        Contains("indegree 5") && Contains("allow_multapses"));
    CHECK_THROWS_WITH(network(node<"a">(population<iaf_psc_alpha>(3)),
                              node<"b">(population<iaf_psc_alpha>(4)),
                              connect<"a", "b">({.rule = pairwise_bernoulli{.p = 1.5}})),
                      Contains("[0, 1]"));
    CHECK_THROWS_WITH(network(node<"a">(population<iaf_psc_alpha>(3)),
                              node<"b">(population<iaf_psc_alpha>(4)),
                              connect<"a", "b">({.delay = 0.0})),
                      Contains("delay") && Contains("at least"));
    CHECK_THROWS_AS(network(node<"a">(population<iaf_psc_alpha>(3)),
                            node<"b">(population<iaf_psc_alpha>(4)),
                            connect<"a", "b">({.delay = 0.25})),
                    time_error);
}
