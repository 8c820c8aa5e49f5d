// Weights and delays of a connection as constants, arrays (one value per synapse in the
// rule's order) or distributions (NEST's nest.random parameters), and the errors of each.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/devices/weight_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/parrot_neuron.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"

using namespace axon;
using Catch::Matchers::Contains;

namespace {

double mean(const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}
double stddev(const std::vector<double>& v) {
    const double m = mean(v);
    double s = 0.0;
    for (double x : v)
        s += (x - m) * (x - m);
    return std::sqrt(s / static_cast<double>(v.size() - 1));
}

/// 200 x 200 all_to_all synapses (40 000 draws) with the given weight.
std::vector<double> drawn_weights(parameter_value w, std::uint32_t seed = 11) {
    auto net = network(kernel{.rng_seed = seed}, node<"a">(population<parrot_neuron>(200)),
                       node<"b">(population<parrot_neuron>(200)),
                       connect<"a", "b">({.weight = std::move(w)}));
    return net.synapses<"a", "b">().weights;
}

} // namespace

TEST_CASE("arrays give one value per synapse, in the order the rule makes them",
          "[connections][weights]") {
    auto net =
        network(node<"a">(population<parrot_neuron>(2)), node<"b">(population<parrot_neuron>(3)),
                connect<"a", "b">({.weight = std::vector<double>{1, 2, 3, 4, 5, 6},
                                   .delay = std::vector<double>{1, 1, 2, 2, 3, 3}}),
                connect<"b", "a">({.rule = fixed_outdegree{.outdegree = 1},
                                   .weight = std::vector<double>{-1, -2, -3}}));
    // all_to_all goes target by target: (a0,b0)=1, (a1,b0)=2, (a0,b1)=3, ...
    const auto& p = net.synapses<"a", "b">();
    REQUIRE(p.row == std::vector<std::uint32_t>{0, 3, 6});
    CHECK(p.target == std::vector<std::uint32_t>{0, 1, 2, 0, 1, 2});
    CHECK(p.weights == std::vector<double>{1, 3, 5, 2, 4, 6});
    CHECK(p.delays == std::vector<step_t>{10, 20, 30, 10, 20, 30});
    CHECK(p.max_delay() == 30);
    // fixed_outdegree goes source by source
    CHECK(net.synapses<"b", "a">().weights == std::vector<double>{-1, -2, -3});
}

TEST_CASE("each synapse's own delay: a spike reaches each target after its delay",
          "[connections][delays]") {
    auto net = network(
        node<"sg">(spike_generator({.spike_times = {10.0}})),
        node<"a">(population<parrot_neuron>(1)), node<"b">(population<parrot_neuron>(3)),
        node<"sr">(spike_recorder{}), connect<"sg", "a">(),
        connect<"a", "b">({.delay = std::vector<double>{1.0, 2.5, 4.0}}), connect<"b", "sr">());
    simulate(net, 30.0);
    const auto& e = net.node<"sr">().events();
    // a fires at 11 ms; b0, b1, b2 after 1, 2.5 and 4 ms
    REQUIRE(e.times.size() == 3);
    CHECK(e.times[0] == Approx(12.0));
    CHECK(e.times[1] == Approx(13.5));
    CHECK(e.times[2] == Approx(15.0));
    CHECK(e.senders == std::vector<node_id>{3, 4, 5});
}

TEST_CASE("distributions: the drawn values have the distribution's moments",
          "[connections][weights][random]") {
    // 40 000 draws: the sample mean is within 5 standard errors, the sample std within 3 %
    // (its standard error is about std/sqrt(2n) = 0.35 %); false failure probability < 1e-6.
    const double n = 40000.0;
    SECTION("uniform") {
        const auto w = drawn_weights(axon::random::uniform{.min = 2.0, .max = 6.0});
        CHECK(*std::min_element(w.begin(), w.end()) >= 2.0);
        CHECK(*std::max_element(w.begin(), w.end()) < 6.0);
        CHECK(mean(w) == Approx(4.0).margin(5 * (4.0 / std::sqrt(12.0)) / std::sqrt(n)));
        CHECK(stddev(w) == Approx(4.0 / std::sqrt(12.0)).epsilon(0.03));
    }
    SECTION("normal") {
        const auto w = drawn_weights(axon::random::normal{.mean = 20.0, .std = 3.0});
        CHECK(mean(w) == Approx(20.0).margin(5 * 3.0 / std::sqrt(n)));
        CHECK(stddev(w) == Approx(3.0).epsilon(0.03));
    }
    SECTION("lognormal: mean and std of the underlying normal, as NEST") {
        const auto w = drawn_weights(axon::random::lognormal{.mean = 1.0, .std = 0.5});
        std::vector<double> logs(w.size());
        std::transform(w.begin(), w.end(), logs.begin(), [](double x) { return std::log(x); });
        CHECK(mean(logs) == Approx(1.0).margin(5 * 0.5 / std::sqrt(n)));
        CHECK(stddev(logs) == Approx(0.5).epsilon(0.03));
    }
    SECTION("exponential: beta is the mean, as NEST") {
        const auto w = drawn_weights(axon::random::exponential{.beta = 2.5});
        CHECK(*std::min_element(w.begin(), w.end()) >= 0.0);
        CHECK(mean(w) == Approx(2.5).margin(5 * 2.5 / std::sqrt(n)));
        CHECK(stddev(w) == Approx(2.5).epsilon(0.03));
    }
}

TEST_CASE("distributions: the same seed draws the same values, another seed others",
          "[connections][weights][random]") {
    const axon::random::normal d{.mean = 5.0, .std = 1.0};
    CHECK(drawn_weights(d, 1) == drawn_weights(d, 1));
    CHECK(drawn_weights(d, 1) != drawn_weights(d, 2));
    // weights and delays come from streams of their own: drawing delays too changes no weight
    auto net = network(kernel{.rng_seed = 1}, node<"a">(population<parrot_neuron>(200)),
                       node<"b">(population<parrot_neuron>(200)),
                       connect<"a", "b">({.weight = d, .delay = axon::random::uniform{1.0, 2.0}}));
    CHECK(net.synapses<"a", "b">().weights == drawn_weights(d, 1));
}

TEST_CASE("drawn delays are rounded to the grid", "[connections][delays][random]") {
    auto net = network(node<"a">(population<parrot_neuron>(100)),
                       node<"b">(population<parrot_neuron>(100)),
                       connect<"a", "b">({.delay = axon::random::uniform{.min = 0.5, .max = 2.0}}));
    const auto& p = net.synapses<"a", "b">();
    REQUIRE(p.delays.size() == 10000);
    CHECK(*std::min_element(p.delays.begin(), p.delays.end()) == 5);
    CHECK(*std::max_element(p.delays.begin(), p.delays.end()) == 20);
    // 16 grid values between 0.5 and 2.0 ms, each drawn
    auto sorted = p.delays;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::unique(sorted.begin(), sorted.end()) - sorted.begin() == 16);
}

TEST_CASE("weights and delays that cannot be used are errors before anything is built",
          "[connections][weights][errors]") {
    auto two_by_two = [](connection_spec<> spec) {
        return network(node<"a">(population<parrot_neuron>(2)),
                       node<"b">(population<parrot_neuron>(2)), connect<"a", "b">(spec));
    };
    CHECK_THROWS_WITH(two_by_two({.weight = std::vector<double>{1, 2, 3}}),
                      Contains("connect<\"a\", \"b\">") && Contains("3 values for 4 synapses"));
    CHECK_THROWS_WITH(two_by_two({.rule = pairwise_bernoulli{.p = 0.5},
                                  .weight = std::vector<double>{1, 2, 3, 4}}),
                      Contains("pairwise_bernoulli"));
    CHECK_THROWS_WITH(two_by_two({.delay = std::vector<double>{1, 1, 0.05, 1}}),
                      Contains("delay") && Contains("0.050000000000000003"));
    CHECK_THROWS_WITH(two_by_two({.delay = axon::random::uniform{.min = 0.0, .max = 0.1}}),
                      Contains("delay (drawn)") && Contains("between the resolution"));
    CHECK_THROWS_WITH(two_by_two({.delay = axon::random::lognormal{.mean = 40.0, .std = 1.0}}),
                      Contains("delay (drawn)") && Contains("2^20 steps"));
    CHECK_THROWS_WITH(two_by_two({.delay = 1e6}),
                      Contains("delay = 1000000") && Contains("at most 2^20 steps"));
    CHECK_THROWS_WITH(two_by_two({.weight = axon::random::normal{.mean = 1.0, .std = -1.0}}),
                      Contains("weight std = -1"));
    CHECK_THROWS_WITH(two_by_two({.weight = axon::random::uniform{.min = 2.0, .max = 1.0}}),
                      Contains("min < max"));
    CHECK_THROWS_WITH(two_by_two({.weight = axon::random::exponential{.beta = 0.0}}),
                      Contains("beta = 0"));
    CHECK_THROWS_WITH(two_by_two({.weight = std::vector<double>{1, NAN, 3, 4}}),
                      Contains("finite"));
    CHECK_THROWS_AS(two_by_two({.weight = std::vector<double>{1, 2, 3}}), value_error);

    // a device's connection takes constants only
    auto device_net = network(node<"sg">(spike_generator({.spike_times = {1.0}})),
                              node<"b">(population<parrot_neuron>(2)),
                              connect<"sg", "b">({.weight = axon::random::normal{}}));
    CHECK_THROWS_WITH(simulate(device_net, 1.0),
                      Contains("spike_generator") && Contains("must be a constant"));
}
