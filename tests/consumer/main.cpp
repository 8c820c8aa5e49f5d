// Built against the installed package: the seed network must give NEST's 16 spikes.
#include <axon/axon.hpp>

int main() {
    auto net = axon::network(
        axon::node<"neuron">(axon::population<axon::iaf_psc_alpha>(1, {.I_e = 376.0})),
        axon::node<"sr">(axon::spike_recorder{}), axon::connect<"neuron", "sr">());
    auto rec = axon::simulate(net, 1000.0);
    return rec.get<"sr">().n_events() == 16 ? 0 : 1;
}
