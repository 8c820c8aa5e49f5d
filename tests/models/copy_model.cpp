// copy_model: a new model type with its own name and defaults, which behaves exactly like
// the original given the same parameters.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/copy_model.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/models.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"

using namespace axon;

namespace {
using iaf_fast =
    copy_model<"iaf_fast", iaf_psc_alpha, iaf_psc_alpha::parameters{.tau_m = 5.0, .I_e = 800.0}>;
static_assert(NeuronModel<iaf_fast>);
static_assert(iaf_fast::name == "iaf_fast");

template <class M>
auto trace(typename M::parameters p) {
    auto net =
        network(node<"n">(population<M>(1, p)), node<"mm">(multimeter<"V_m">({.interval = 0.1})),
                node<"sr">(spike_recorder{}), connect<"mm", "n">(), connect<"n", "sr">());
    simulate(net, 200.0);
    return std::pair(
        net.template node<"sr">().events().times,
        std::vector<double>(net.template node<"mm">().events().template column<"V_m">().begin(),
                            net.template node<"mm">().events().template column<"V_m">().end()));
}
} // namespace

TEST_CASE("a copy has its own name and defaults", "[copy_model]") {
    const auto d = get_defaults<iaf_fast>();
    CHECK(d.at("model").as<std::string>() == "iaf_fast");
    CHECK(d.at("tau_m").as<double>() == 5.0);
    CHECK(d.at("I_e").as<double>() == 800.0);
    CHECK(d.at("C_m").as<double>() == 250.0); // not named: the original's
    CHECK(get_defaults<iaf_psc_alpha>().at("tau_m").as<double>() == 10.0);
    // designated initializers start from the copy's defaults
    population<iaf_fast> pop(1, {.V_reset = -65.0});
    CHECK(pop.get("tau_m").as<double>() == 5.0);
    CHECK(pop.get("V_reset").as<double>() == -65.0);
}

TEST_CASE("a copy behaves exactly as the original with the same parameters", "[copy_model]") {
    const auto copy = trace<iaf_fast>({});
    const auto original = trace<iaf_psc_alpha>({.tau_m = 5.0, .I_e = 800.0});
    CHECK(copy.first.size() > 5);
    CHECK(copy == original);
}

TEST_CASE("models(net) lists the copies a network uses", "[copy_model]") {
    auto net = network(node<"a">(population<iaf_fast>(2)), node<"b">(population<iaf_psc_alpha>(1)));
    const auto names = models(net);
    CHECK(std::find(names.begin(), names.end(), "iaf_fast") != names.end());
    CHECK(std::count(names.begin(), names.end(), "iaf_psc_alpha") == 1);
    CHECK(std::is_sorted(names.begin(), names.end()));
}

TEST_CASE("a copy checks values as the original does", "[copy_model]") {
    population<iaf_fast> pop(1);
    CHECK_THROWS_AS(pop.set("tau_m", -1.0), value_error);
    CHECK(pop.get("tau_m").as<double>() == 5.0);
}
