// iaf_psc_alpha's parameters: NEST's defaults, get/set by name, and NEST's checks, with
// messages that name the model, the parameter, the value and what is allowed.
#include <catch2/catch.hpp>

#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <string>

#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/models.hpp"
#include "axon/network/population.hpp"
#include "support/reference.hpp"

using namespace axon;
using test::nest_default;
using test::slurp;

using Catch::Matchers::Contains;

namespace {} // namespace

TEST_CASE("defaults are NEST's", "[iaf_psc_alpha][defaults]") {
    const auto json = slurp(test::reference_path("defaults/iaf_psc_alpha.json"));
    const auto defaults = get_defaults<iaf_psc_alpha>();
    for (auto name : reflect::field_names<iaf_psc_alpha::parameters>) {
        CAPTURE(name);
        CHECK(defaults.at(std::string(name)).as<double>() == nest_default(json, std::string(name)));
    }
    CHECK(defaults.at("V_m").as<double>() == nest_default(json, "V_m"));
    const auto recordables = defaults.at("recordables").as<std::vector<std::string>>();
    CHECK(recordables == std::vector<std::string>{"V_m", "I_syn_ex", "I_syn_in"});
}

TEST_CASE("get and set by name", "[iaf_psc_alpha][get_set]") {
    population<iaf_psc_alpha> neuron(1);
    CHECK(neuron.get("I_e").as<double>() == 0.0);
    neuron.set("I_e", 376.0);
    CHECK(neuron.get("I_e").as<double>() == 376.0);
    neuron.set({{"V_reset", -72.0}, {"V_th", -54.0}});
    const auto both = neuron.get({"V_reset", "V_th"});
    CHECK(both.size() == 2);
    CHECK(both.at("V_reset").as<double>() == -72.0);
    CHECK(both.at("V_th").as<double>() == -54.0);
    neuron.set("V_m", -60); // integers are fine numbers, and state is settable
    CHECK(neuron.get("V_m").as<double>() == -60.0);
    // the parameters, tau_minus (the neuron side of STDP) and the three state variables
    CHECK(neuron.get().size() == reflect::field_count<iaf_psc_alpha::parameters> + 4);
    CHECK(neuron.get("tau_minus").as<double>() == 20.0);
}

TEST_CASE("a state variable of a larger population reads as a list", "[iaf_psc_alpha][get_set]") {
    population<iaf_psc_alpha> pop(3);
    pop.set_state(1, "V_m", -60.0);
    CHECK(pop.get("V_m").as<std::vector<double>>() == std::vector<double>{-70.0, -60.0, -70.0});
    CHECK_THROWS_AS(pop.set_state(3, "V_m", -60.0), value_error);
}

TEST_CASE("values NEST rejects are rejected, and a failed set changes nothing",
          "[iaf_psc_alpha][errors]") {
    population<iaf_psc_alpha> neuron(1, {.I_e = 10.0});
    const auto before = neuron.get();

    struct bad {
        std::string name;
        double value;
        std::string rule;
    };
    const auto [name, v, rule] = GENERATE(values<bad>({
        {"C_m", 0.0, "> 0"},
        {"C_m", -1.0, "> 0"},
        {"tau_m", 0.0, "> 0"},
        {"tau_syn_ex", -2.0, "> 0"},
        {"tau_syn_in", 0.0, "> 0"},
        {"t_ref", -0.1, ">= 0"},
        {"V_reset", -55.0, "smaller than V_th"},
        {"V_reset", -40.0, "smaller than V_th"},
        {"E_L", std::numeric_limits<double>::quiet_NaN(), "finite"},
        {"C_m", std::numeric_limits<double>::infinity(), "finite"},
    }));
    CAPTURE(name, v);
    try {
        neuron.set({{"I_e", 500.0}, {name, v}});
        FAIL("set accepted " << name << " = " << v);
    } catch (const value_error& e) {
        const std::string what = e.what();
        CHECK_THAT(what, Contains("iaf_psc_alpha") && Contains(name) && Contains(rule));
    }
    CHECK(neuron.get() == before); // I_e = 500 was not applied either
    CHECK_THROWS_AS((population<iaf_psc_alpha>(1, {.C_m = -5.0})), value_error);
}

TEST_CASE("unknown names and wrong types name what is allowed", "[iaf_psc_alpha][errors]") {
    population<iaf_psc_alpha> neuron(1);
    const auto before = neuron.get();
    CHECK_THROWS_WITH(neuron.set("I_ex", 1.0), Contains("iaf_psc_alpha") && Contains("'I_ex'") &&
                                                   Contains("I_e") && Contains("V_m"));
    CHECK_THROWS_AS(neuron.get("tau"), unknown_name_error);
    CHECK_THROWS_AS(neuron.get({"I_e", "nope"}), unknown_name_error);
    CHECK_THROWS_AS(neuron.set("I_e", "376"), type_error);
    CHECK_THROWS_WITH(neuron.set("V_m", true),
                      Contains("iaf_psc_alpha: V_m") && Contains("number"));
    CHECK_THROWS_AS(neuron.set({{"I_e", 1.0}, {"bogus", 2.0}}), unknown_name_error);
    CHECK(neuron.get() == before);
}

TEST_CASE("models() lists the models and devices; with_model maps a name to a type", "[models]") {
    const auto names = models();
    CHECK(std::is_sorted(names.begin(), names.end()));
    for (auto n : {"iaf_psc_alpha", "multimeter", "voltmeter", "spike_recorder", "dc_generator"})
        CHECK(std::find(names.begin(), names.end(), n) != names.end());
    std::string seen;
    with_model("iaf_psc_alpha", [&](auto m) { seen = decltype(m)::type::name; });
    CHECK(seen == "iaf_psc_alpha");
    CHECK_THROWS_WITH(with_model("iaf_psc_beta", [](auto) {}),
                      Contains("iaf_psc_beta") && Contains("iaf_psc_alpha"));
}
