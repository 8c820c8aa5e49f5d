// A model written by a user, as the README shows: one struct with parameters, state,
// calibrate and update. It gets populations, get/set by name, recording and validation
// without any other code.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"
#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/models.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "support/reference.hpp"

namespace {

/// A perfect (non-leaky) integrate-and-fire neuron: C dV/dt = I_e + I_stim, reset at V_th.
struct perfect_integrator {
    static constexpr std::string_view name = "perfect_integrator";

    struct parameters {
        AXON_FIELDS(parameters, (double, C_m, 250.0), (double, V_th, -55.0),
                    (double, V_reset, -70.0), (double, I_e, 0.0))
    };
    struct state {
        AXON_FIELDS(state, (double, V_m, -70.0))
    };
    struct constants {
        double dV_per_pA, V_th, V_reset, I_e;
    };

    static void validate(const parameters& p) {
        axon::require(p.C_m > 0, name, "C_m", p.C_m, "the capacitance must be > 0 pF");
    }
    static constants calibrate(const parameters& p, double dt) {
        return {dt / p.C_m, p.V_th, p.V_reset, p.I_e};
    }
    static bool update(const constants& k, state& s, const axon::synaptic_input& in) {
        s.V_m += (k.I_e + in.current) * k.dV_per_pA;
        if (s.V_m < k.V_th)
            return false;
        s.V_m = k.V_reset;
        return true;
    }
};

static_assert(axon::NeuronModel<perfect_integrator>);
static_assert(!axon::NeuronModel<int>);

} // namespace

using namespace axon;

TEST_CASE("a user's model simulates, records and fires on schedule", "[custom_model]") {
    // dt = 0.125 ms and I_e = C_m make every step add exactly 0.125 mV: 15 mV take 120 steps.
    auto net =
        network(kernel{.resolution = 0.125},
                node<"neuron">(population<perfect_integrator>(1, {.C_m = 100.0, .I_e = 100.0})),
                node<"mm">(multimeter<"V_m">({.interval = 0.125})), node<"sr">(spike_recorder{}),
                connect<"mm", "neuron">(), connect<"neuron", "sr">());
    auto rec = simulate(net, 100.0);
    const auto steps = test::to_steps(rec.get<"sr">().times, 0.125);
    REQUIRE(steps.size() == 6);
    for (std::size_t i = 0; i < steps.size(); ++i)
        CHECK(steps[i] == 120 * static_cast<long>(i + 1));
    const auto v = rec.get<"mm">().column<"V_m">();
    CHECK(v[0] == -69.875);
    CHECK(v[118] == -55.125);
    CHECK(v[119] == -70.0); // reset in step 120
}

TEST_CASE("a user's model gets get/set, validation and defaults", "[custom_model]") {
    population<perfect_integrator> pop(2);
    pop.set({{"I_e", 5.0}, {"V_m", -60.0}});
    CHECK(pop.get("I_e").as<double>() == 5.0);
    CHECK(pop.get("V_m").as<std::vector<double>>() == std::vector<double>{-60.0, -60.0});
    CHECK_THROWS_AS(pop.set("C_m", 0.0), value_error);
    CHECK(pop.get("C_m").as<double>() == 250.0);
    const auto d = get_defaults<perfect_integrator>();
    CHECK(d.at("recordables").as<std::vector<std::string>>() == std::vector<std::string>{"V_m"});
    CHECK(d.at("model").as<std::string>() == "perfect_integrator");
}

// The README's second example, examples/qif.hpp, a model that lives outside the library.
#include "qif.hpp"

TEST_CASE("the user's QIF: rheobase and firing period of the continuous model",
          "[custom_model][qif]") {
    auto period_at = [](double I) {
        auto net = network(node<"n">(population<examples::qif>(1, {.I_e = I})),
                           node<"sr">(spike_recorder{}), connect<"n", "sr">());
        simulate(net, 1000.0);
        const auto& t = net.node<"sr">().events().times;
        return t.size() > 2 ? t[2] - t[1] : 0.0; // between two spikes from V_reset
    };
    // rheobase g_L (V_c - E_L) / 4 = 25 nS * 15 mV / 4 = 93.75 pA
    CHECK(period_at(93.0) == 0.0);
    // Forward Euler is first order in dt: at dt = 0.1 ms the period is within 1 % of the
    // continuous model's closed form (0.6 % measured at 200 pA, where V moves fastest).
    for (double I : {100.0, 200.0, 400.0}) {
        CAPTURE(I);
        CHECK(period_at(I) == Approx(examples::qif::period({}, I)).epsilon(0.01));
    }
}
