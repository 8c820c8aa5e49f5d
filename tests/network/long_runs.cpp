// Long runs (reliability issue): 10^7 steps of a population keep exact time, equal
// ten runs of 10^6 steps bit for bit, and stamp spikes at late times exactly where NEST does.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <cstring>
#include <vector>

#include "axon/core/soa.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "support/reference.hpp"

using namespace axon;

namespace {

constexpr step_t total_steps = 10'000'000; // 10^6 ms at dt = 0.1 ms

/// NEST's stamp of an event in step k at dt = 0.1 ms: NEST counts time in tics of 1 us (100 per
/// step) and converts to ms only for output, as tics * 0.001 (Time::get_ms). Written out here
/// rather than taken from axon::time_grid, so the test does not check axon against itself.
double nest_ms(step_t k) {
    return static_cast<double>(k * 100) * 0.001;
}

/// A population of two neurons driven by I_e = 376 pA, NEST's b_iaf_psc_alpha_Ie376 case: the
/// first starts at rest as in NEST's run, the second 10 mV above it, so they are not in step.
/// (Two neurons, not more: under the sanitizers every neuron-step costs.)
auto dc_network() {
    auto net = network(node<"pop">(population<iaf_psc_alpha>(2, {.I_e = 376.0})),
                       node<"sr">(spike_recorder{}), connect<"pop", "sr">());
    net.node<"pop">().set_state(1, "V_m", -60.0);
    return net;
}

/// One network simulated for 10^7 steps in one call, shared by the tests below (under the
/// sanitizers a run takes seconds).
const auto& long_run() {
    static const auto net = [] {
        auto n = dc_network();
        simulate(n, 1'000'000.0);
        return n;
    }();
    return net;
}

/// True when every column of a and b holds the same bits.
template <class S>
bool same_bits(const soa<S>& a, const soa<S>& b) {
    bool same = a.size() == b.size();
    a.each([&]<std::size_t I>(const auto& column) {
        const auto& other = b.template column_at<I>();
        same = same && column.size() == other.size() &&
               std::memcmp(column.data(), other.data(), column.size() * sizeof(column[0])) == 0;
    });
    return same;
}

/// The spike times of one sender.
std::vector<double> times_of(const spike_recording& events, node_id sender) {
    std::vector<double> out;
    for (std::size_t i = 0; i < events.times.size(); ++i)
        if (events.senders[i] == sender)
            out.push_back(events.times[i]);
    return out;
}

} // namespace

TEST_CASE("10^7 steps in one call equal ten calls of 10^6 steps, bit for bit",
          "[simulate][time][long]") {
    const auto& once = long_run();
    auto tenths = dc_network();
    for (int i = 0; i < 10; ++i)
        simulate(tenths, 100'000.0);

    // time is a step count: no sum of ten (or 10^7) floating-point increments
    CHECK(once.steps() == total_steps);
    CHECK(tenths.steps() == total_steps);
    CHECK(once.time() == 1'000'000.0);
    CHECK(tenths.time() == 1'000'000.0);

    const auto& a = once.node<"sr">().events();
    const auto& b = tenths.node<"sr">().events();
    CHECK(a.times.size() > 2 * 16'000);
    CHECK(a.times == b.times);
    CHECK(a.senders == b.senders);
    const auto x = once.node<"pop">().save();
    const auto y = tenths.node<"pop">().save();
    CHECK(same_bits(x.s, y.s)); // V_m, I_syn_ex, I_syn_in
    CHECK(same_bits(x.x, y.x)); // slopes, stimulus current, refractory counts
}

// Why this is the comparison with NEST at late times. With a constant current and no other
// input, the state right after every spike is the same (V_m = V_reset, no synaptic current,
// a full refractory count), in NEST as in axon, so both fire exactly periodically in steps
// after the first spike: NEST's 1000-ms reference train fixes the first step k0 and the period
// p, and NEST would stamp the j-th spike of a 10^6-ms run nest_ms(k0 + j p), whatever the run's
// length. Comparing axon's stamps with these doubles for equality checks both that no step is
// lost or gained over 10^7 steps and that the stamp is computed from the integer step, not
// accumulated: a clock that adds dt each step is off by about 1.6e-4 ms after 10^7 steps
// (checked below), which equality sees at once and a comparison of rounded steps would not.
TEST_CASE("spike times after 10^7 steps are NEST's, extrapolated on the integer step grid",
          "[simulate][time][long][reference]") {
    // the clock that this test would catch: dt summed 10^7 times drifts
    double summed = 0.0;
    for (step_t k = 0; k < total_steps; ++k)
        summed += 0.1;
    CHECK(std::abs(summed - nest_ms(total_steps)) > 1e-5);

    const auto nest =
        test::read_csv(test::reference_path("b_iaf_psc_alpha_Ie376_spikes.csv")).column("time_ms");
    REQUIRE(nest.size() == 16);
    const step_t k0 = std::lround(nest[0] / 0.1);     // 593
    const step_t p = std::lround(nest[1] / 0.1) - k0; // 613
    std::vector<double> schedule;
    for (step_t k = k0; k <= total_steps; k += p)
        schedule.push_back(nest_ms(k));
    // NEST's own train is this schedule, to the bit
    CHECK(std::vector<double>(schedule.begin(), schedule.begin() + std::ssize(nest)) == nest);

    const auto& events = long_run().node<"sr">().events();
    const auto ours = times_of(events, 1);
    CHECK(ours.size() == 16'313);
    CHECK(ours == schedule); // every stamp, the last one at 999 984.9 ms included

    // the neuron started above rest: its own first spike, then NEST's period, on the same grid
    const auto other = times_of(events, 2);
    REQUIRE(other.size() > 2);
    const step_t k1 = std::lround(other[0] / 0.1);
    CHECK(k1 < k0);
    std::size_t off_grid = 0;
    for (std::size_t j = 0; j < other.size(); ++j)
        off_grid += other[j] != nest_ms(k1 + p * static_cast<step_t>(j));
    CHECK(off_grid == 0);
    CHECK(k1 + p * static_cast<step_t>(other.size()) > total_steps); // none is missing at the end
}
