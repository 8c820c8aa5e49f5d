// Synapse models as compile-time policies: stdp_synapse against the closed-form pair rule,
// tsodyks_synapse against an independent numerical solution of its equations, the
// weight_recorder, copy_model for synapses, NEST's defaults, and reset.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <boost/numeric/odeint/integrate/integrate_adaptive.hpp>
#include <boost/numeric/odeint/stepper/generation.hpp>
#include <boost/numeric/odeint/stepper/runge_kutta_dopri5.hpp>

#include "axon/devices/poisson_generator.hpp"
#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/devices/weight_recorder.hpp"
#include "axon/models/copy_model.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/iaf_psc_delta.hpp"
#include "axon/models/models.hpp"
#include "axon/models/parrot_neuron.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "axon/synapses/stdp_synapse.hpp"
#include "axon/synapses/tsodyks_synapse.hpp"
#include "support/reference.hpp"

using namespace axon;
using Catch::Matchers::Contains;

namespace {

// ---- stdp_synapse ----

constexpr double tau_plus = 20.0, tau_minus = 20.0, lambda = 0.01, alpha = 1.0, Wmax = 100.0;

// Guetig et al. 2003 with mu_plus = mu_minus = 1 (NEST's defaults), in units of Wmax.
double facilitated(double w, double K) {
    return std::min(1.0, w / Wmax + lambda * (1.0 - w / Wmax) * K) * Wmax;
}
double depressed(double w, double K) {
    return std::max(0.0, w / Wmax - alpha * lambda * (w / Wmax) * K) * Wmax;
}

/// A presynaptic parrot fires at `pre` (ms), a postsynaptic iaf_psc_delta at `post` (driven
/// over threshold by a 100 mV input); they are joined by one stdp_synapse with delay d and
/// weight w0, routed through a weight_recorder. Returns the recorded (time, weight) rows and
/// the spike times actually fired.
struct pair_run {
    std::vector<double> times, weights, pre_spikes, post_spikes;
};

pair_run run_pair(std::vector<double> pre, std::vector<double> post, double d, double w0) {
    // the generators fire 1 ms (their delay) before the neurons do
    for (auto& t : pre)
        t -= 1.0;
    for (auto& t : post)
        t -= 1.0;
    auto net = network(
        node<"sg_pre">(spike_generator({.spike_times = pre})),
        node<"sg_post">(spike_generator({.spike_times = post})),
        node<"pre">(population<parrot_neuron>(1)), node<"post">(population<iaf_psc_delta>(1)),
        node<"wr">(weight_recorder{}), node<"sr_pre">(spike_recorder{}),
        node<"sr_post">(spike_recorder{}), connect<"sg_pre", "pre">({.weight = 1.0, .delay = 1.0}),
        connect<"sg_post", "post">({.weight = 100.0, .delay = 1.0}),
        connect<"pre", "post", stdp_synapse>({.weight = w0, .delay = d}).recorded_by<"wr">(),
        connect<"pre", "sr_pre">(), connect<"post", "sr_post">());
    simulate(net, 300.0);
    const auto& wr = net.node<"wr">().events();
    return {wr.times, wr.weights, net.node<"sr_pre">().events().times,
            net.node<"sr_post">().events().times};
}

} // namespace

TEST_CASE("stdp_synapse: a causal pair potentiates by the closed-form rule", "[stdp]") {
    // pre at t1, post at t2, pre again at t3. At t3 the synapse sees the post spike at
    // t2 + d: w <- facilitate(w, exp(-(t2 + d - t1)/tau_plus)), then depress by the post
    // trace at t3 - d: exp(-(t3 - d - t2)/tau_minus). Tolerance 1e-12 relative: the same
    // formula evaluated in another order.
    const double d = 1.0, w0 = 1.0, t1 = 20.0, t3 = 200.0; // w0 in mV: below threshold
    for (double gap : {2.0, 5.0, 10.0, 20.0, 40.0}) {      // gap = t2 + d - t1
        const double t2 = t1 + gap - d;
        const auto r = run_pair({t1, t3}, {t2}, d, w0);
        REQUIRE(r.pre_spikes.size() == 2);
        REQUIRE(r.post_spikes.size() == 1);
        CHECK(r.post_spikes[0] == Approx(t2).margin(1e-9));
        REQUIRE(r.weights.size() == 2);
        CHECK(r.times[0] == Approx(t1).margin(1e-9)); // the presynaptic spike's time stamp
        CHECK(r.weights[0] == w0);                    // nothing to pair with yet
        const double up = facilitated(w0, std::exp(-gap / tau_plus));
        const double expected = depressed(up, std::exp(-(t3 - d - t2) / tau_minus));
        INFO("gap " << gap << " ms");
        CHECK(r.weights[1] == Approx(expected).epsilon(1e-12));
        CHECK(r.weights[1] > w0);
    }
}

TEST_CASE("stdp_synapse: an acausal pair depresses by the closed-form rule", "[stdp]") {
    // post at t0, pre at t1 with t1 - d > t0: w <- depress(w, exp(-(t1 - d - t0)/tau_minus));
    // the facilitation step pairs the post spike with K+ = 0 and changes nothing.
    const double d = 1.5, w0 = 1.0, t0 = 30.0;
    for (double gap : {1.0, 4.0, 10.0, 25.0}) { // gap = t1 - d - t0
        const double t1 = t0 + d + gap;
        const auto r = run_pair({t1}, {t0}, d, w0);
        REQUIRE(r.weights.size() == 1);
        INFO("gap " << gap << " ms");
        CHECK(r.weights[0] == Approx(depressed(w0, std::exp(-gap / tau_minus))).epsilon(1e-12));
        CHECK(r.weights[0] < w0);
    }
}

TEST_CASE("stdp_synapse: a post spike exactly one delay before a pre spike pairs only later",
          "[stdp]") {
    // A post spike at t1 - d is in the facilitation window of the pre spike at t1, but pairs
    // there with K+ = 0; the post trace read at t1 - d does not yet contain it (it is read
    // just before). So the weight stays at t1, and the spike depresses at t3.
    const double d = 1.0, w0 = 1.0, t1 = 20.0, t3 = 120.0;
    const auto r = run_pair({t1, t3}, {t1 - d}, d, w0);
    REQUIRE(r.weights.size() == 2);
    CHECK(r.weights[0] == Approx(w0).epsilon(1e-12));
    CHECK(r.weights[1] == Approx(depressed(w0, std::exp(-(t3 - t1) / tau_minus))).epsilon(1e-12));
}

TEST_CASE("stdp_synapse: tau_minus is the target neuron's", "[stdp]") {
    const double d = 1.0, w0 = 1.0, t0 = 30.0, t1 = 45.0;
    auto post = population<iaf_psc_delta>(1);
    post.set("tau_minus", 5.0);
    CHECK(post.get("tau_minus").as<double>() == 5.0);
    auto net = network(
        node<"sg_pre">(spike_generator({.spike_times = {t1 - 1.0}})),
        node<"sg_post">(spike_generator({.spike_times = {t0 - 1.0}})),
        node<"pre">(population<parrot_neuron>(1)), node<"post">(post),
        node<"wr">(weight_recorder{}), connect<"sg_pre", "pre">(),
        connect<"sg_post", "post">({.weight = 100.0}),
        connect<"pre", "post", stdp_synapse>({.weight = w0, .delay = d}).recorded_by<"wr">());
    simulate(net, 100.0);
    const auto& w = net.node<"wr">().events().weights;
    REQUIRE(w.size() == 1);
    CHECK(w[0] == Approx(depressed(w0, std::exp(-(t1 - d - t0) / 5.0))).epsilon(1e-12));

    auto p = population<iaf_psc_alpha>(1);
    CHECK_THROWS_WITH(p.set("tau_minus", 0.0), Contains("tau_minus") && Contains("> 0"));
    CHECK(p.tau_minus() == 20.0);
}

TEST_CASE("stdp_synapse: weights stay within [0, Wmax] and the spike history stays bounded",
          "[stdp]") {
    // 40 Poisson-driven presynaptic parrots onto 10 neurons driven to fire at ~40 Hz, with
    // strong learning (lambda = 0.5) so both bounds are reached.
    auto net = network(kernel{.rng_seed = 7}, node<"pg">(poisson_generator({.rate = 30.0})),
                       node<"drive">(poisson_generator({.rate = 20000.0})),
                       node<"pre">(population<parrot_neuron>(40)),
                       node<"post">(population<iaf_psc_alpha>(10)), node<"sr">(spike_recorder{}),
                       connect<"pg", "pre">(), connect<"drive", "post">({.weight = 20.0}),
                       connect<"post", "sr">(),
                       connect<"pre", "post", stdp_synapse>(
                           {.weight = axon::random::uniform{.min = 1.0, .max = 99.0},
                            .delay = axon::random::uniform{.min = 0.5, .max = 3.0},
                            .synapse = {.lambda = 0.5, .alpha = 1.2, .Wmax = 100.0}}));
    simulate(net, 2000.0);
    const auto& p = net.synapses<"pre", "post">();
    REQUIRE(p.size() == 400);
    CHECK(std::all_of(p.weights.begin(), p.weights.end(),
                      [](double w) { return w >= 0.0 && w <= 100.0; }));
    CHECK(std::count(p.weights.begin(), p.weights.end(), 0.0) +
              std::count(p.weights.begin(), p.weights.end(), 100.0) >
          0);
    // Every synapse reads each post spike once; what all have read is forgotten, so a
    // neuron's history reaches back no further than its least recently active input.
    const auto& fired = net.node<"sr">().events();
    for (std::size_t i = 0; i < 10; ++i) {
        const auto history = net.archive<"post">().history(i);
        const auto n_spikes =
            std::count(fired.senders.begin(), fired.senders.end(), net.first_id<"post">() + i);
        CHECK(n_spikes > 100);
        CHECK(history.size() < static_cast<std::size_t>(n_spikes) / 4);
    }
}

TEST_CASE("stdp_synapse: reset puts the weights back", "[stdp][simulate]") {
    auto make = [] {
        return network(kernel{.rng_seed = 3}, node<"pg">(poisson_generator({.rate = 50.0})),
                       node<"drive">(poisson_generator({.rate = 20000.0})),
                       node<"pre">(population<parrot_neuron>(5)),
                       node<"post">(population<iaf_psc_alpha>(3)), connect<"pg", "pre">(),
                       connect<"drive", "post">({.weight = 20.0}),
                       connect<"pre", "post", stdp_synapse>({.weight = 40.0}));
    };
    auto net = make();
    simulate(net, 500.0);
    const auto once = net.synapses<"pre", "post">().weights;
    CHECK(once != std::vector<double>(15, 40.0));
    net.reset();
    CHECK(net.synapses<"pre", "post">().weights == std::vector<double>(15, 40.0));
    simulate(net, 500.0);
    CHECK(net.synapses<"pre", "post">().weights == once);
}

TEST_CASE("stdp_synapse: values NEST rejects are rejected before anything is built",
          "[stdp][errors]") {
    auto with = [](connection_spec<stdp_synapse> spec) {
        return network(node<"a">(population<parrot_neuron>(2)),
                       node<"b">(population<iaf_psc_alpha>(2)),
                       connect<"a", "b", stdp_synapse>(spec));
    };
    CHECK_THROWS_AS(with({.weight = -1.0}), value_error);
    CHECK_THROWS_WITH(with({.weight = -1.0}),
                      Contains("stdp_synapse: weight = -1") && Contains("sign of Wmax"));
    CHECK_THROWS_WITH(with({.synapse = {.tau_plus = 0.0}}), Contains("tau_plus = 0"));
    CHECK_THROWS_WITH(with({.synapse = {.Wmax = 0.0}}), Contains("Wmax = 0"));
    CHECK_THROWS_WITH(with({.state = {.Kplus = -1.0}}), Contains("Kplus = -1"));
    CHECK_NOTHROW(with({.weight = -5.0, .synapse = {.Wmax = -100.0}}));
}

// ---- tsodyks_synapse ----

namespace {

/// The amplitudes weight * u * x of a regular train, from the model's equations integrated
/// numerically between spikes (Dormand-Prince, tolerance 1e-13): an independent check of the
/// closed-form propagators.
std::vector<double> tsodyks_by_integration(const tsodyks_synapse::parameters& p, double first,
                                           double isi, int n) {
    namespace odeint = boost::numeric::odeint;
    using state = std::array<double, 3>; // y, z, u
    auto rhs = [&](const state& s, state& ds, double) {
        ds[0] = -s[0] / p.tau_psc;
        ds[1] = s[0] / p.tau_psc - s[1] / p.tau_rec;
        ds[2] = p.tau_fac > 0.0 ? -s[2] / p.tau_fac : 0.0;
    };
    state s{0.0, 0.0, 0.0};
    std::vector<double> out;
    double t = 0.0;
    for (int k = 0; k < n; ++k) {
        const double spike = first + k * isi;
        odeint::integrate_adaptive(
            odeint::make_controlled(1e-13, 1e-13, odeint::runge_kutta_dopri5<state>()), rhs, s, t,
            spike, 0.01);
        t = spike;
        if (p.tau_fac == 0.0)
            s[2] = 0.0; // without facilitation u does not carry over
        s[2] += p.U * (1.0 - s[2]);
        const double x = 1.0 - s[0] - s[1];
        const double released = s[2] * x;
        s[0] += released;
        out.push_back(p.weight * released);
    }
    return out;
}

std::vector<double> tsodyks_by_axon(const tsodyks_synapse::parameters& p, double first, double isi,
                                    int n) {
    std::vector<double> times;
    for (int k = 0; k < n; ++k)
        times.push_back(first + k * isi - 1.0);
    auto net = network(node<"sg">(spike_generator({.spike_times = times})),
                       node<"pre">(population<parrot_neuron>(1)),
                       node<"post">(population<iaf_psc_alpha>(1)), node<"wr">(weight_recorder{}),
                       connect<"sg", "pre">(),
                       connect<"pre", "post", tsodyks_synapse>({.synapse = p}).recorded_by<"wr">());
    simulate(net, first + n * isi + 10.0);
    return net.node<"wr">().events().weights;
}

} // namespace

TEST_CASE("tsodyks_synapse: PSC amplitudes of a regular train follow the model's equations",
          "[tsodyks]") {
    // Depressing (NEST's defaults) and facilitating parameter sets at 20 and 100 Hz; the
    // amplitudes agree with the numerical solution to 1e-10 (its tolerance is 1e-13 per step).
    const std::array<tsodyks_synapse::parameters, 2> sets{
        tsodyks_synapse::parameters{.weight = 250.0},
        tsodyks_synapse::parameters{
            .weight = 250.0, .U = 0.1, .tau_psc = 2.0, .tau_rec = 100.0, .tau_fac = 1000.0}};
    for (const auto& p : sets) {
        for (double isi : {50.0, 10.0}) {
            const auto expected = tsodyks_by_integration(p, 10.0, isi, 20);
            const auto got = tsodyks_by_axon(p, 10.0, isi, 20);
            REQUIRE(got.size() == expected.size());
            for (std::size_t k = 0; k < got.size(); ++k) {
                INFO("tau_fac " << p.tau_fac << ", isi " << isi << " ms, spike " << k);
                CHECK(got[k] == Approx(expected[k]).epsilon(1e-10));
            }
        }
    }
    // the first spike releases U of the resources; then depression or facilitation shows
    const auto dep = tsodyks_by_axon(sets[0], 10.0, 10.0, 5);
    CHECK(dep[0] == Approx(250.0 * 0.5).epsilon(1e-12));
    CHECK(dep[4] < dep[0]);
    const auto fac = tsodyks_by_axon(sets[1], 10.0, 10.0, 5);
    CHECK(fac[0] == Approx(250.0 * 0.1).epsilon(1e-12));
    CHECK(fac[4] > fac[0]);
}

TEST_CASE("tsodyks_synapse: values NEST rejects are rejected", "[tsodyks][errors]") {
    auto with = [](connection_spec<tsodyks_synapse> spec) {
        return network(node<"a">(population<parrot_neuron>(1)),
                       node<"b">(population<iaf_psc_alpha>(1)),
                       connect<"a", "b", tsodyks_synapse>(spec));
    };
    CHECK_THROWS_WITH(with({.synapse = {.U = 1.5}}),
                      Contains("tsodyks_synapse: U = 1.5") && Contains("[0, 1]"));
    CHECK_THROWS_WITH(with({.synapse = {.tau_rec = -1.0}}), Contains("tau_rec = -1"));
    CHECK_THROWS_WITH(with({.synapse = {.tau_psc = 800.0}}), Contains("differ from tau_rec"));
    CHECK_THROWS_WITH(with({.state = {.x = 0.8, .y = 0.5}}), Contains("x + y"));
}

// ---- weight_recorder, static synapses, copies, defaults ----

TEST_CASE("weight_recorder: sender, target, time and weight of each spike through a "
          "static synapse, within its window",
          "[weight_recorder]") {
    auto net = network(node<"sg">(spike_generator({.spike_times = {4.0, 9.0, 19.0}})),
                       node<"pre">(population<parrot_neuron>(2)),
                       node<"post">(population<iaf_psc_alpha>(3)),
                       node<"wr">(weight_recorder({.start = 6.0})), connect<"sg", "pre">(),
                       connect<"pre", "post">({.weight = std::vector<double>{1, 2, 3, 4, 5, 6}})
                           .recorded_by<"wr">());
    simulate(net, 30.0);
    const auto& e = net.node<"wr">().events();
    // the parrots fire at 5, 10 and 20 ms; 5 ms is before start
    REQUIRE(e.n_events() == 12);
    CHECK(e.times.front() == Approx(10.0));
    const node_id pre = net.first_id<"pre">(), post = net.first_id<"post">();
    CHECK(e.senders[0] == pre);
    CHECK(e.targets[0] == post);
    // all_to_all makes synapses by target: (0,0)=1, (1,0)=2, (0,1)=3, (1,1)=4, ...
    auto w = e.weights_of(pre + 1, post + 2); // a filter view: not const-iterable
    CHECK(std::vector<std::pair<double, double>>(w.begin(), w.end()) ==
          std::vector<std::pair<double, double>>{{10.0, 6.0}, {20.0, 6.0}});
    CHECK(net.node<"wr">().get().at("n_events").as<std::int64_t>() == 12);
    net.reset();
    CHECK(net.node<"wr">().n_events() == 0);
}

using excitatory = copy_model<"excitatory", static_synapse,
                              static_synapse::parameters{.weight = 87.8, .delay = 1.5}>;
using stdp_fast = copy_model<"stdp_fast", stdp_synapse, stdp_synapse::parameters{.tau_plus = 10.0}>;

TEST_CASE("copy_model makes synapse models with their own defaults", "[copy_model][synapses]") {
    auto net = network(node<"a">(population<parrot_neuron>(2)),
                       node<"b">(population<iaf_psc_alpha>(2)), connect<"a", "b", excitatory>(),
                       connect<"b", "a", stdp_fast>({.rule = one_to_one{}}));
    const auto& p = net.synapses<"a", "b">();
    CHECK(p.weight == 87.8); // one weight, kept once
    CHECK(p.weights.empty());
    CHECK(p.delay == 15);
    CHECK(net.synapses<"b", "a">().params.tau_plus == 10.0);
    CHECK(net.synapses<"b", "a">().params.Wmax == 100.0);
    CHECK(get_defaults<stdp_fast>().at("tau_plus").as<double>() == 10.0);
    CHECK(get_defaults<stdp_fast>().at("synapse_model").as<std::string>() == "stdp_fast");
    CHECK(get_defaults<stdp_synapse>().at("tau_plus").as<double>() == 20.0);
}

TEMPLATE_TEST_CASE("synapse defaults are NEST's", "[synapses][defaults]", static_synapse,
                   stdp_synapse, tsodyks_synapse) {
    const auto json =
        test::slurp(test::reference_path("defaults/" + std::string(TestType::name) + ".json"));
    const auto defaults = get_defaults<TestType>();
    for (const auto& [name, v] : defaults) {
        if (name == "synapse_model")
            continue;
        INFO(name);
        CHECK(v.template as<double>() == test::nest_default(json, name));
    }
    CHECK(synapse_models() ==
          std::vector<std::string_view>{"static_synapse", "stdp_synapse", "tsodyks_synapse"});
}
