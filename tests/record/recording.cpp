// Recordings per sender (by_sender), in time windows (between, half-open: t0 <= t < t1 on
// NEST's tic grid) and as std::vector / std::span, against NEST's spike trains of dc-driven
// neurons, closed-form relaxation to rest, and recordings built by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "axon/core/error.hpp"
#include "axon/core/time.hpp"
#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/network/network.hpp"
#include "axon/record/recording.hpp"
#include "axon/simulate.hpp"
#include "support/reference.hpp"

using namespace axon;
using Catch::Matchers::Contains;

namespace {

/// NEST's spike times of iaf_psc_alpha driven by I_e (pA) for 1000 ms, V_reset = -70 mV.
std::vector<double> nest_train(const std::string& file) {
    return test::read_csv(test::reference_path(file)).column("time_ms");
}

/// The rows of `train` with t0 <= t < t1, where t0 and t1 are grid times given in steps.
std::vector<double> slice(const std::vector<double>& train, long k0, long k1) {
    std::vector<double> out;
    for (double t : train) {
        const long k = std::lround(t * 10.0);
        if (k0 <= k && k < k1)
            out.push_back(t);
    }
    return out;
}

/// Four neurons (ids 1 to 4) at I_e = 1000, 376, 0 and 450 pA on one spike_recorder, 1000 ms:
/// their spikes interleave in the recording, in time order.
spike_recording four_trains() {
    auto net = network(node<"a">(population<iaf_psc_alpha>(1, {.V_reset = -70.0, .I_e = 1000.0})),
                       node<"b">(population<iaf_psc_alpha>(1, {.V_reset = -70.0, .I_e = 376.0})),
                       node<"c">(population<iaf_psc_alpha>(1, {.V_reset = -70.0, .I_e = 0.0})),
                       node<"d">(population<iaf_psc_alpha>(1, {.V_reset = -70.0, .I_e = 450.0})),
                       node<"sr">(spike_recorder{}), connect<"a", "sr">(), connect<"b", "sr">(),
                       connect<"c", "sr">(), connect<"d", "sr">());
    simulate(net, 1000.0);
    return net.node<"sr">().events();
}

} // namespace

TEST_CASE("by_sender: each neuron's spike train, ids ascending, NEST's times",
          "[recording][by_sender][reference]") {
    const auto sr = four_trains();
    const std::vector<std::pair<node_id, std::vector<double>>> expected{
        {1, nest_train("b_iaf_psc_alpha_Ie1000_spikes.csv")},
        {2, nest_train("b_iaf_psc_alpha_Ie376_spikes.csv")},
        // neuron 3 (I_e = 0) never fires, so it is not a sender
        {4, nest_train("b_iaf_psc_alpha_Ie450_spikes.csv")}};
    REQUIRE(sr.n_events() == 147 + 16 + 50);
    REQUIRE(sr.senders.front() != sr.senders.back()); // the trains interleave

    std::vector<std::pair<node_id, std::vector<double>>> got;
    for (auto [id, times] : sr.by_sender())
        got.emplace_back(id, to_vector(times)); // == on doubles: NEST's stamps bit for bit
    CHECK(got == expected);
    CHECK(sr.sender_ids() == std::vector<node_id>{1, 2, 4});
    CHECK(ranges::size(sr.by_sender()) == 3);
    // one sender's view, the same as the filtered times_of view
    CHECK(to_vector(sr.times_of(4)) == expected[2].second);

    // a sender's view keeps what it needs: it outlives the by_sender() range it came from
    const auto first = [&] {
        const auto groups = sr.by_sender();
        return *ranges::begin(groups);
    }();
    CHECK(first.first == 1);
    CHECK(to_vector(first.second) == expected[0].second);
}

TEST_CASE("between(t0, t1): the spikes with t0 <= t < t1, bounds on NEST's tic grid",
          "[recording][between][reference]") {
    const auto sr = four_trains();
    const auto i376 = nest_train("b_iaf_psc_alpha_Ie376_spikes.csv");
    REQUIRE(i376[0] == time_grid(0.1).ms(593)); // 59.300000000000004, NEST's k * dt
    REQUIRE(i376[2] == time_grid(0.1).ms(1819));

    // neuron 2 fires at 59.3, 120.6 and 181.9 ms: a spike at t0 is in, a spike at t1 is out,
    // although its stamp 59.300000000000004 is not the double 59.3
    const auto w = sr.between(59.3, 181.9);
    CHECK(to_vector(w.times_of(2)) == std::vector<double>{i376[0], i376[1]});
    for (double t : w.times) {
        CHECK(std::lround(t * 10.0) >= 593);
        CHECK(std::lround(t * 10.0) < 1819);
    }
    // every sender's spikes of that window, as NEST's trains sliced
    for (auto [id, times] : w.by_sender()) {
        const auto* file = id == 1   ? "b_iaf_psc_alpha_Ie1000_spikes.csv"
                           : id == 2 ? "b_iaf_psc_alpha_Ie376_spikes.csv"
                                     : "b_iaf_psc_alpha_Ie450_spikes.csv";
        CAPTURE(id);
        CHECK(to_vector(times) == slice(nest_train(file), 593, 1819));
    }

    // a window is contiguous rows of the recording: its columns are spans into it
    const auto first = static_cast<std::size_t>(w.times.data() - sr.times.data());
    REQUIRE(first + w.n_events() <= sr.n_events());
    CHECK(w.senders.data() == sr.senders.data() + first);
    CHECK(
        std::vector<double>(w.times.begin(), w.times.end()) ==
        std::vector<double>(sr.times.begin() + static_cast<std::ptrdiff_t>(first),
                            sr.times.begin() + static_cast<std::ptrdiff_t>(first + w.n_events())));

    // half-open windows tile the run: nothing counted twice or lost at the seams
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(sr.between(0.0, 500.0).n_events() + sr.between(500.0, 1000.0).n_events() +
              sr.between(1000.0, inf).n_events() ==
          sr.n_events());
    CHECK(sr.between(-inf, inf).n_events() == sr.n_events());
    CHECK(sr.between(1000.0, inf).n_events() == sr.between(1000.0, 1000.1).n_events());
    CHECK(sr.between(59.3, 59.3).n_events() == 0);
    CHECK(sr.between(59.3, 59.4).n_events() == 1); // neuron 2's first spike, alone in that step
    // a window of a window
    CHECK(to_vector(w.between(100.0, 200.0).times_of(2)) == std::vector<double>{i376[1]});
}

TEST_CASE("between(t0, t1) rejects a reversed or undefined window", "[recording][errors]") {
    spike_recording sr;
    sr.add(1.0, 1);
    CHECK_THROWS_AS(sr.between(5.0, 1.0), value_error);
    CHECK_THROWS_WITH(sr.between(5.0, 1.0),
                      Contains("t1 = 1") && Contains("must be >= t0 = 5") && Contains("between"));
    CHECK_THROWS_AS(sr.between(std::nan(""), 1.0), value_error);
    CHECK_THROWS_AS(sr.between(0.0, std::nan("")), value_error);
}

TEST_CASE("multimeter rows per sender and in a window (closed-form relaxation to rest)",
          "[recording][by_sender][between]") {
    auto net = network(node<"pop">(population<iaf_psc_alpha>(3)),
                       node<"mm">(multimeter<"V_m", "I_syn_ex">({.interval = 1.0})),
                       connect<"mm", "pop">());
    auto& pop = net.node<"pop">();
    pop.set_state(0, "V_m", -60.0);
    pop.set_state(2, "V_m", -80.0);
    simulate(net, 5.0);
    const auto& mm = net.node<"mm">().events();
    REQUIRE(mm.n_events() == 15);
    // no input: V_m relaxes to E_L = -70 mV with tau_m = 10 ms
    const auto v_at = [](node_id s, double t) {
        const double v0 = s == 1 ? -60.0 : s == 2 ? -70.0 : -80.0;
        return -70.0 + (v0 + 70.0) * std::exp(-t / 10.0);
    };

    node_id expected_id = 1;
    for (auto [id, rows] : mm.by_sender()) {
        CHECK(id == expected_id);
        CHECK(rows.sender() == id);
        REQUIRE(rows.n_events() == 5);
        // rows are the sender's positions in the recording: one row per neuron per sample
        CHECK(to_vector(rows.rows()) ==
              std::vector<std::size_t>{id - 1, id + 2, id + 5, id + 8, id + 11});
        CHECK(to_vector(rows.times()) == std::vector<double>{1.0, 2.0, 3.0, 4.0, 5.0});
        for (auto [t, v] : rows.samples<"V_m">())
            CHECK(v == Approx(v_at(id, t)).margin(1e-12));
        for (double i : rows.column<"I_syn_ex">())
            CHECK(i == 0.0);
        ++expected_id;
    }
    CHECK(expected_id == 4);

    // the samples at t = 2 and 3 ms of every neuron, as contiguous rows
    const auto w = mm.between(2.0, 4.0);
    REQUIRE(w.n_events() == 6);
    CHECK(to_vector(w.times) == std::vector<double>{2.0, 2.0, 2.0, 3.0, 3.0, 3.0});
    const std::span<const double> v = w.column<"V_m">();
    CHECK(v.data() == mm.column<"V_m">().data() + 3);
    for (std::size_t r = 0; r < v.size(); ++r)
        CHECK(v[r] == Approx(v_at(w.senders[r], w.times[r])).margin(1e-12));
    for (auto [id, rows] : w.by_sender()) {
        CHECK(to_vector(rows.rows()) == std::vector<std::size_t>{id - 1, id + 2});
        CHECK(to_vector(rows.column<"V_m">()) == std::vector<double>{v[id - 1], v[id + 2]});
    }
}

TEST_CASE("weight rows per presynaptic sender and in a window", "[recording][by_sender]") {
    weight_recording wr; // built by hand: sender, target, weight at four times
    wr.add(1.0, 7, 9, 0.5);
    wr.add(1.0, 3, 9, 1.5);
    wr.add(2.0, 7, 8, 2.5);
    wr.add(4.0, 3, 8, 3.5);
    std::vector<node_id> ids;
    for (auto [id, rows] : wr.by_sender()) {
        ids.push_back(id);
        if (id == 3) {
            CHECK(to_vector(rows.times()) == std::vector<double>{1.0, 4.0});
            CHECK(to_vector(rows.targets()) == std::vector<node_id>{9, 8});
            CHECK(to_vector(rows.weights()) == std::vector<double>{1.5, 3.5});
        } else {
            CHECK(to_vector(rows.times()) == std::vector<double>{1.0, 2.0});
            CHECK(to_vector(rows.targets()) == std::vector<node_id>{9, 8});
            CHECK(to_vector(rows.weights()) == std::vector<double>{0.5, 2.5});
        }
    }
    CHECK(ids == std::vector<node_id>{3, 7});
    const auto w = wr.between(1.0, 4.0);
    CHECK(to_vector(w.weights) == std::vector<double>{0.5, 1.5, 2.5});
    CHECK(to_vector(w.weights_of(7, 8)) == std::vector<std::pair<double, double>>{{2.0, 2.5}});
}

TEST_CASE("an empty recording has no senders and empty windows", "[recording]") {
    const spike_recording sr;
    CHECK(ranges::size(sr.by_sender()) == 0);
    CHECK(sr.between(0.0, 10.0).n_events() == 0);
    const sample_recording<"V_m"> mm;
    CHECK(ranges::size(mm.by_sender()) == 0);
    CHECK(mm.between(0.0, 10.0).column<"V_m">().empty());
    CHECK(to_vector(std::span<const double>(sr.times)).empty());
}
