// Snippets that must not compile. Each AXON_CASE_* is built by CTest, which checks that the
// compiler's message contains the sentence the library wrote for that misuse.
#include "axon/axon.hpp"

using namespace axon;

struct not_a_model {
    static constexpr std::string_view name = "not_a_model";
    struct parameters {
        AXON_FIELDS(parameters, (double, C_m, 1.0))
    };
    // no state, no calibrate, no update
};

struct no_update {
    static constexpr std::string_view name = "no_update";
    struct parameters {
        AXON_FIELDS(parameters, (double, C_m, 1.0))
    };
    struct state {
        AXON_FIELDS(state, (double, V_m, 0.0))
    };
    static parameters calibrate(const parameters& p, double) { return p; }
    // no update
};

int main() {
#if defined(AXON_CASE_NEURON_TO_MULTIMETER)
    auto net = network(node<"neuron">(population<iaf_psc_alpha>(1)), node<"mm">(voltmeter{}),
                       connect<"neuron", "mm">());
#elif defined(AXON_CASE_RECORDER_TO_NEURON)
    auto net = network(node<"neuron">(population<iaf_psc_alpha>(1)), node<"sr">(spike_recorder{}),
                       connect<"sr", "neuron">());
#elif defined(AXON_CASE_NOT_RECORDABLE)
    auto net = network(node<"neuron">(population<iaf_psc_alpha>(1)),
                       node<"mm">(multimeter<"V_m", "w">{}), connect<"mm", "neuron">());
#elif defined(AXON_CASE_STIMULATOR_TO_RECORDER)
    auto net =
        network(node<"dc">(dc_generator{}), node<"sr">(spike_recorder{}), connect<"dc", "sr">());
#elif defined(AXON_CASE_DUPLICATE_NAME)
    auto net = network(node<"neuron">(population<iaf_psc_alpha>(1)),
                       node<"neuron">(population<iaf_psc_alpha>(1)));
#elif defined(AXON_CASE_UNKNOWN_NODE)
    auto net = network(node<"neuron">(population<iaf_psc_alpha>(1)), node<"sr">(spike_recorder{}),
                       connect<"neurons", "sr">());
#elif defined(AXON_CASE_NOT_A_MODEL)
    population<not_a_model> pop(1);
    (void)pop;
    int net = 0;
#elif defined(AXON_CASE_NO_UPDATE)
    population<no_update> pop(1);
    (void)pop;
    int net = 0;
#elif defined(AXON_CASE_COPY_MODEL_UNKNOWN_FIELD)
    using izhikevich_XX =
        copy_model<"izhikevich_XX", izhikevich, izhikevich::parameters{.a = 0.1, .e = 2.0}>;
    population<izhikevich_XX> pop(1);
    (void)pop;
    int net = 0;
#elif defined(AXON_CASE_COLUMN_NOT_RECORDED)
    auto net = network(node<"neuron">(population<iaf_psc_alpha>(1)), node<"mm">(voltmeter{}),
                       connect<"mm", "neuron">());
    auto rec = simulate(net, 1.0);
    (void)rec.get<"mm">().column<"I_syn_ex">();
#elif defined(AXON_CASE_SYNAPSE_ON_DEVICE)
    auto net = network(node<"pg">(poisson_generator{}), node<"n">(population<iaf_psc_alpha>(1)),
                       connect<"pg", "n", stdp_synapse>());
#elif defined(AXON_CASE_RECORDED_BY_NOT_WEIGHT_RECORDER)
    auto net = network(node<"a">(population<parrot_neuron>(1)),
                       node<"b">(population<iaf_psc_alpha>(1)), node<"sr">(spike_recorder{}),
                       connect<"a", "b", stdp_synapse>().recorded_by<"sr">());
#elif defined(AXON_CASE_WEIGHT_RECORDER_CONNECTED)
    auto net = network(node<"a">(population<parrot_neuron>(1)), node<"wr">(weight_recorder{}),
                       connect<"a", "wr">());
#elif defined(AXON_CASE_NOT_A_SYNAPSE)
    auto net = network(node<"a">(population<parrot_neuron>(1)),
                       node<"b">(population<iaf_psc_alpha>(1)), connect<"a", "b", iaf_psc_alpha>());
#else
    int net = 0; // the control case compiles
#endif
    (void)net;
}
