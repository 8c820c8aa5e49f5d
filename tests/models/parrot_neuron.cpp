// parrot_neuron repeats a generator's spikes, delayed by the connection.
#include <catch2/catch.hpp>

#include <vector>

#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/models.hpp"
#include "axon/models/parrot_neuron.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "support/reference.hpp"

using namespace axon;

TEST_CASE("a parrot repeats each arriving spike in its arrival step", "[parrot_neuron]") {
    auto net = network(node<"sg">(spike_generator({.spike_times = {1.0, 2.5, 2.5, 7.0}})),
                       node<"parrots">(population<parrot_neuron>(2)), node<"sr">(spike_recorder{}),
                       connect<"sg", "parrots">({.weight = 1.0, .delay = 1.5}),
                       connect<"parrots", "sr">());
    auto rec = simulate(net, 10.0);
    const auto& sr = rec.get<"sr">();
    CHECK(sr.sender_ids() == std::vector<node_id>{2, 3});
    std::vector<double> first;
    for (double t : sr.times_of(2))
        first.push_back(t);
    CHECK(test::to_steps(first) == std::vector<long>{25, 40, 85});
    CHECK(get_defaults<parrot_neuron>().at("recordables").as<std::vector<std::string>>().empty());
}
