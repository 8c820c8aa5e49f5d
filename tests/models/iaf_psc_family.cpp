// iaf_psc_exp and iaf_psc_delta against NEST 3.9's outputs, and what the three members of
// the current-based LIF family share (defaults, checks). Exact integration: spike steps must
// be identical and V_m within 1e-9 mV of NEST (rounding differences of ~1e-14 mV per step in
// a contracting system stay far below it).
#include <catch2/catch.hpp>

#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/iaf_psc_delta.hpp"
#include "axon/models/iaf_psc_exp.hpp"
#include "axon/models/models.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "support/reference.hpp"

using namespace axon;
using test::nest_default;

using Catch::Matchers::Contains;

namespace {

constexpr double trace_tolerance_mV = 1e-9;

/// The first rows of a recorded column, as many as the reference has (NEST's traces stop
/// 1 ms short of the end).
std::vector<double> head(std::span<const double> column, std::size_t rows) {
    REQUIRE(column.size() >= rows);
    return {column.begin(), column.begin() + static_cast<long>(rows)};
}

/// The reference case "<case>": I_e only, V_m traced at 0.1 ms, 1000 ms.
template <class M>
void check_dc_case(const std::string& name) {
    auto net =
        network(node<"neuron">(population<M>(1, {.I_e = 376.0})),
                node<"mm">(multimeter<"V_m">({.interval = 0.1})), node<"sr">(spike_recorder{}),
                connect<"mm", "neuron">(), connect<"neuron", "sr">());
    auto rec = simulate(net, 1000.0);
    const auto spikes = test::read_csv(test::reference_path(name + "_spikes.csv"));
    CHECK(test::to_steps(rec.template get<"sr">().times) ==
          test::to_steps(spikes.column("time_ms")));
    const auto trace = test::read_csv(test::reference_path(name + "_trace.csv"));
    const auto& mm = rec.template get<"mm">();
    CHECK(head(mm.times, trace.rows()) == trace.column("time_ms"));
    CHECK(test::max_abs_diff(head(mm.template column<"V_m">(), trace.rows()), trace.column("V_m")) <
          trace_tolerance_mV);
}

/// The reference case with the two spike generators of case d (weights 200 and -150).
template <class M, fixed_string... Recorded>
auto run_sg_case() {
    auto net = network(
        node<"neuron">(population<M>(1)),
        node<"sg1">(spike_generator({.spike_times = {10.0, 20.5, 30.3, 50.0, 50.0, 75.2}})),
        node<"sg2">(spike_generator({.spike_times = {60.0, 61.0}})),
        node<"mm">(multimeter<Recorded...>({.interval = 0.1})), node<"sr">(spike_recorder{}),
        connect<"sg1", "neuron">({.weight = 200.0, .delay = 1.0}),
        connect<"sg2", "neuron">({.weight = -150.0, .delay = 1.0}), connect<"mm", "neuron">(),
        connect<"neuron", "sr">());
    simulate(net, 150.0);
    return net;
}

} // namespace

TEST_CASE("iaf_psc_exp, I_e = 376 pA: NEST's spikes and V_m", "[iaf_psc_exp][reference]") {
    check_dc_case<iaf_psc_exp>("e_iaf_psc_exp_Ie376");
}

TEST_CASE("iaf_psc_delta, I_e = 376 pA: NEST's spikes and V_m", "[iaf_psc_delta][reference]") {
    check_dc_case<iaf_psc_delta>("e_iaf_psc_delta_Ie376");
}

TEST_CASE("iaf_psc_exp driven by spike generators: NEST's traces", "[iaf_psc_exp][reference]") {
    auto net = run_sg_case<iaf_psc_exp, "V_m", "I_syn_ex", "I_syn_in">();
    const auto& mm = net.node<"mm">().events();
    const auto trace = test::read_csv(test::reference_path("e_iaf_psc_exp_sg_trace.csv"));
    CHECK(net.node<"sr">().n_events() == 0);
    for (auto column : {"V_m", "I_syn_ex", "I_syn_in"}) {
        CAPTURE(column);
        const auto i = static_cast<std::size_t>(
            std::find(mm.names.begin(), mm.names.end(), column) - mm.names.begin());
        CHECK(test::max_abs_diff(head(mm.values[i], trace.rows()), trace.column(column)) <
              trace_tolerance_mV);
    }
}

TEST_CASE("iaf_psc_delta driven by spike generators: NEST's spikes and trace",
          "[iaf_psc_delta][reference]") {
    auto net = run_sg_case<iaf_psc_delta, "V_m">();
    const auto spikes = test::read_csv(test::reference_path("e_iaf_psc_delta_sg_spikes.csv"));
    CHECK(test::to_steps(net.node<"sr">().events().times) ==
          test::to_steps(spikes.column("time_ms")));
    const auto trace = test::read_csv(test::reference_path("e_iaf_psc_delta_sg_trace.csv"));
    CHECK(test::max_abs_diff(head(net.node<"mm">().events().column<"V_m">(), trace.rows()),
                             trace.column("V_m")) < trace_tolerance_mV);
}

TEST_CASE("iaf_psc_delta: input during t_ref is lost unless refractory_input", "[iaf_psc_delta]") {
    // A spike at 1 ms forces a spike at step 20 (arrival); a 5 mV input arriving 1 ms later
    // falls into t_ref = 2 ms.
    auto run = [](bool keep) {
        auto net = network(
            node<"n">(population<iaf_psc_delta>(1, {.refractory_input = keep})),
            node<"sg">(spike_generator({.spike_times = {1.0, 2.0}, .spike_weights = {4.0, 1.0}})),
            node<"mm">(multimeter<"V_m">({.interval = 0.1})),
            connect<"sg", "n">({.weight = 5.0, .delay = 1.0}), connect<"mm", "n">());
        simulate(net, 10.0);
        return std::vector<double>(net.node<"mm">().events().column<"V_m">().begin(),
                                   net.node<"mm">().events().column<"V_m">().end());
    };
    const auto lost = run(false);
    const auto kept = run(true);
    CHECK(lost[19] == -70.0); // reset after the 20 mV jump
    CHECK(lost[45] == -70.0); // the 5 mV input vanished
    CHECK(kept[45] > -70.0);  // ... or is added when t_ref ends
    CHECK(kept[45] < -65.0);  // decayed on the way
}

TEMPLATE_TEST_CASE("defaults are NEST's", "[iaf_psc][defaults]", iaf_psc_alpha, iaf_psc_exp,
                   iaf_psc_delta) {
    std::ifstream in(test::reference_path("defaults/" + std::string(TestType::name) + ".json"));
    std::stringstream json;
    json << in.rdbuf();
    const auto defaults = get_defaults<TestType>();
    for (auto name : reflect::field_names<typename TestType::parameters>) {
        CAPTURE(name);
        const auto& v = defaults.at(std::string(name));
        if (std::holds_alternative<bool>(v.get()))
            continue; // flags print as true/false
        CHECK(v.template as<double>() == nest_default(json.str(), std::string(name)));
    }
    for (auto name : reflect::field_names<typename TestType::state>)
        CHECK(json.str().find("\"" + std::string(name) + "\"") != std::string::npos);
}

TEMPLATE_TEST_CASE("the family rejects what NEST rejects, and nothing is half-applied",
                   "[iaf_psc][errors]", iaf_psc_alpha, iaf_psc_exp, iaf_psc_delta) {
    population<TestType> neuron(1);
    const auto before = neuron.get();
    CHECK_THROWS_WITH(neuron.set({{"I_e", 5.0}, {"V_reset", -50.0}}),
                      Contains(std::string(TestType::name)) && Contains("V_reset") &&
                          Contains("smaller than V_th"));
    CHECK_THROWS_WITH(neuron.set("C_m", 0.0), Contains("C_m") && Contains("> 0"));
    CHECK_THROWS_WITH(neuron.set("tau_m", -1.0), Contains("tau_m"));
    CHECK_THROWS_WITH(neuron.set("t_ref", -0.5), Contains("t_ref"));
    CHECK_THROWS_WITH(neuron.set("E_L", std::numeric_limits<double>::quiet_NaN()),
                      Contains("finite"));
    CHECK(neuron.get() == before);
}
