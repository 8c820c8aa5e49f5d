// multimeter, voltmeter and spike_recorder: NEST's sampling times, activity windows
// (origin + start < t <= origin + stop), n_events, clearing, and per-sender views.
//
// NEST's rule at the edges of the window (nestkernel/device.h, RecordingDevice): a recorder
// picks up events with time stamps in (origin + start, origin + stop], so an event stamped
// exactly origin + start is NOT recorded and one stamped exactly origin + stop is. The stamps
// themselves stay absolute (origin only moves the window). A multimeter samples at multiples of
// its interval (shifted by offset) whatever start is (universal_data_logger_impl.h) and keeps
// the samples that fall inside the window.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "support/reference.hpp"

using namespace axon;
using Catch::Matchers::Contains;

namespace {
auto sampled(multimeter_parameters p, double T) {
    auto net = network(node<"neuron">(population<iaf_psc_alpha>(1)),
                       node<"mm">(multimeter<"V_m">(p)), connect<"mm", "neuron">());
    simulate(net, T);
    return test::to_steps(net.node<"mm">().events().times);
}
std::vector<long> range_steps(long first, long last, long every) {
    std::vector<long> out;
    for (long k = first; k <= last; k += every)
        out.push_back(k);
    return out;
}
} // namespace

TEST_CASE("multimeter samples at multiples of interval, first at interval, last at T",
          "[multimeter]") {
    CHECK(sampled({}, 10.0) == range_steps(10, 100, 10)); // NEST's default interval 1 ms
    CHECK(sampled({.interval = 0.1}, 1.0) == range_steps(1, 10, 1));
    CHECK(sampled({.interval = 0.3}, 1.0) == range_steps(3, 9, 3));
}

TEST_CASE("multimeter activity window and offset", "[multimeter]") {
    // samples at exactly start (2 ms) are not recorded, samples at exactly stop (5 ms) are
    CHECK(sampled({.start = 2.0, .stop = 5.0}, 10.0) == range_steps(30, 50, 10));
    CHECK(sampled({.start = 2.0, .stop = 5.0, .origin = 3.0}, 10.0) == range_steps(60, 80, 10));
    CHECK(sampled({.interval = 1.0, .offset = 0.5}, 4.0) == range_steps(5, 35, 10));
    // start and stop off the sampling grid do not move it: samples at 3, 4, 5 ms
    CHECK(sampled({.start = 2.5, .stop = 5.5}, 10.0) == range_steps(30, 50, 10));
    // a window of one step holds the one sample at its stop; start == stop holds none
    CHECK(sampled({.interval = 0.1, .start = 0.6, .stop = 0.7}, 1.0) == range_steps(7, 7, 1));
    CHECK(sampled({.interval = 0.1, .start = 0.7, .stop = 0.7}, 1.0).empty());
}

TEST_CASE("spike_recorder window edges: a spike at start is not recorded, one at stop is",
          "[spike_recorder][reference]") {
    // the seed tutorial's neuron fires at NEST's 59.3, 120.6, 181.9, 243.2, ... ms
    const auto nest = test::read_csv(test::reference_path("a_seed_iaf_376_spikes.csv"));
    const auto& t = nest.column("time_ms");
    REQUIRE(t.size() == 16);
    const auto recorded = [](spike_recorder_parameters p) {
        auto net =
            network(node<"neuron">(population<iaf_psc_alpha>(1, {.V_reset = -70.0, .I_e = 376.0})),
                    node<"sr">(spike_recorder(p)), connect<"neuron", "sr">());
        simulate(net, 1000.0);
        return net.node<"sr">().events().times;
    };
    // start and stop exactly at spikes: (59.3, 181.9] holds 120.6 and 181.9
    CHECK(recorded({.start = 59.3, .stop = 181.9}) == std::vector<double>{t[1], t[2]});
    // origin moves the window, (50 + 9.3, 50 + 131.9]; the stamps stay NEST's absolute times
    CHECK(recorded({.start = 9.3, .stop = 131.9, .origin = 50.0}) ==
          std::vector<double>{t[1], t[2]});
    // one step before a spike to the spike: that spike alone; start == stop: nothing
    CHECK(recorded({.start = 59.2, .stop = 59.3}) == std::vector<double>{t[0]});
    CHECK(recorded({.start = 59.3, .stop = 59.3}).empty());
    // stop at a spike and start at 0: every spike up to and including it
    CHECK(recorded({.stop = 243.2}) == std::vector<double>(t.begin(), t.begin() + 4));
}

TEST_CASE("multimeter settings are checked", "[multimeter][errors]") {
    multimeter<"V_m"> mm;
    CHECK_THROWS_WITH(mm.set("interval", 0.0), Contains("multimeter") && Contains("interval"));
    CHECK_THROWS_AS(mm.set("intervall", 1.0), unknown_name_error);
    CHECK(mm.get("interval").as<double>() == 1.0);
    CHECK(mm.get("record_from").as<std::vector<std::string>>() == std::vector<std::string>{"V_m"});
    CHECK(voltmeter::name == "voltmeter");

    auto net =
        network(node<"neuron">(population<iaf_psc_alpha>(1)),
                node<"mm">(multimeter<"V_m">({.interval = 0.25})), connect<"mm", "neuron">());
    // an interval that is not a multiple of the resolution dt = 0.1 ms is an error
    CHECK_THROWS_AS(simulate(net, 1.0), time_error);
    CHECK_THROWS_WITH(simulate(net, 1.0), Contains("multimeter: interval") && Contains("0.25") &&
                                              Contains("multiple of the resolution"));
    auto stop_before_start = network(node<"neuron">(population<iaf_psc_alpha>(1)),
                                     node<"mm">(multimeter<"V_m">({.start = 5.0, .stop = 1.0})),
                                     connect<"mm", "neuron">());
    CHECK_THROWS_WITH(simulate(stop_before_start, 1.0), Contains("stop") && Contains(">= start"));
}

TEST_CASE("n_events counts and clear forgets", "[multimeter][spike_recorder]") {
    auto net = network(node<"neuron">(population<iaf_psc_alpha>(1, {.I_e = 1000.0})),
                       node<"vm">(voltmeter({.interval = 0.5})), node<"sr">(spike_recorder{}),
                       connect<"vm", "neuron">(), connect<"neuron", "sr">());
    simulate(net, 100.0);
    CHECK(net.node<"vm">().n_events() == 200);
    CHECK(net.node<"vm">().get("n_events").as<std::int64_t>() == 200);
    const auto spikes = net.node<"sr">().n_events();
    CHECK(spikes > 10);
    net.node<"vm">().clear();
    net.node<"sr">().clear();
    simulate(net, 100.0);
    CHECK(net.node<"vm">().n_events() == 200);
    CHECK(net.node<"vm">().events().times.front() == 100.5);
    // what a recorder that was never cleared saw after 100 ms
    auto uncleared = network(node<"neuron">(population<iaf_psc_alpha>(1, {.I_e = 1000.0})),
                             node<"sr">(spike_recorder{}), connect<"neuron", "sr">());
    simulate(uncleared, 200.0);
    std::vector<double> later;
    for (double t : uncleared.node<"sr">().events().times)
        if (t > 100.0)
            later.push_back(t);
    CHECK(net.node<"sr">().events().times == later);
    CHECK(spikes > later.size() - 2);
}

TEST_CASE("spike_recorder window and senders of a population", "[spike_recorder]") {
    auto net =
        network(node<"pop">(population<iaf_psc_alpha>(3, {.I_e = 1000.0})),
                node<"sr">(spike_recorder({.start = 20.0, .stop = 60.0})), connect<"pop", "sr">());
    auto& pop = net.node<"pop">();
    pop.set_state(1, "V_m", -60.0); // neuron 2 fires earlier
    auto rec = simulate(net, 100.0);
    const auto& sr = rec.get<"sr">();
    REQUIRE(sr.n_events() > 0);
    for (double t : sr.times) {
        CHECK(t > 20.0);
        CHECK(t <= 60.0);
    }
    CHECK(sr.sender_ids() == std::vector<node_id>{1, 2, 3});
    // neurons 1 and 3 are identical, so their trains are too; neuron 2 differs
    std::vector<double> a, b, c;
    for (double t : sr.times_of(1))
        a.push_back(t);
    for (double t : sr.times_of(2))
        b.push_back(t);
    for (double t : sr.times_of(3))
        c.push_back(t);
    CHECK(a == c);
    CHECK(a != b);
}

TEST_CASE("multimeter on a population: one row per neuron per sample, reachable per sender",
          "[multimeter]") {
    auto net = network(node<"pop">(population<iaf_psc_alpha>(3)),
                       node<"mm">(multimeter<"V_m", "I_syn_ex">({.interval = 1.0})),
                       connect<"mm", "pop">());
    auto& pop = net.node<"pop">();
    pop.set_state(0, "V_m", -60.0);
    pop.set_state(2, "V_m", -80.0);
    auto rec = simulate(net, 5.0);
    const auto& mm = rec.get<"mm">();
    CHECK(mm.n_events() == 15);
    CHECK(mm.sender_ids() == std::vector<node_id>{1, 2, 3});
    for (node_id s : {1u, 2u, 3u}) {
        const double v0 = s == 1 ? -60.0 : s == 2 ? -70.0 : -80.0;
        int n = 0;
        for (auto [t, v] : mm.samples<"V_m">(s)) {
            // closed form relaxation to E_L = -70 with tau_m = 10 ms
            CHECK(v == Approx(-70.0 + (v0 + 70.0) * std::exp(-t / 10.0)).margin(1e-12));
            ++n;
        }
        CHECK(n == 5);
    }
    for (double i : mm.column<"I_syn_ex">())
        CHECK(i == 0.0);
}
