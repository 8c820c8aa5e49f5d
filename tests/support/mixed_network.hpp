// A network with every kind of input and synapse the step loop handles, for the tests that
// compare runs which must give bit-identical results (threads, processes).
#pragma once

#include "axon/axon.hpp"

namespace tests {

/// Every kind of input and synapse the step loop handles. E has 300 neurons, so two and three
/// threads get parts of 128/172 and 64/128/108 neurons (part edges are multiples of 64).
template <class Settings>
auto mixed_network(Settings settings) {
    using namespace axon;
    return network(
        settings, node<"E">(population<iaf_psc_alpha>(300)),
        node<"I">(population<iaf_psc_exp>(100)), node<"post">(population<iaf_psc_alpha>(70)),
        node<"drive">(poisson_generator({.rate = 8000.0})),
        node<"noise">(noise_generator({.mean = 50.0, .std = 100.0, .dt = 0.5})),
        node<"dc">(dc_generator({.amplitude = 30.0})),
        node<"sg">(spike_generator(
            {.spike_times = {5.0, 5.0, 40.0}, .spike_weights = {300.0, -200.0, 500.0}})),
        node<"mm">(multimeter<"V_m", "I_syn_ex">({.interval = 0.5})), node<"wr">(weight_recorder{}),
        node<"sr_E">(spike_recorder{}), node<"sr_I">(spike_recorder{}),
        node<"sr_post">(spike_recorder{}), connect<"drive", "E">({.weight = 10.0}),
        connect<"drive", "I">({.weight = 20.0}), connect<"noise", "I">(), connect<"dc", "E">(),
        connect<"sg", "E">({.delay = 2.0}),
        connect<"E", "E">({.rule = fixed_indegree{.indegree = 30},
                           .weight = random::normal{.mean = 5.0, .std = 2.0},
                           .delay = random::uniform{.min = 0.5, .max = 3.0}}),
        connect<"E", "I">({.rule = pairwise_bernoulli{.p = 0.1}, .weight = 20.0}),
        connect<"I", "E">(
            {.rule = fixed_outdegree{.outdegree = 40}, .weight = -25.0, .delay = 1.5}),
        connect<"E", "post", stdp_synapse>({.rule = fixed_indegree{.indegree = 50},
                                            .weight = random::uniform{.min = 20.0, .max = 60.0}})
            .recorded_by<"wr">(),
        connect<"I", "post", tsodyks_synapse>(
            {.rule = all_to_all{}, .weight = -10.0, .synapse = {.U = 0.4, .tau_fac = 100.0}}),
        connect<"mm", "I">(), connect<"E", "sr_E">(), connect<"I", "sr_I">(),
        connect<"post", "sr_post">());
}

} // namespace tests
