// Threads: kernel{.threads = T} gives bit-identical results for every T, by construction (each
// thread updates and receives for its own neurons; every neuron sums its inputs in one order;
// random streams are keyed by node and step). Checked on the Brunel network and on a network
// with every kind of connection: devices, per-synapse weights and delays, STDP and Tsodyks
// synapses, a weight_recorder and a multimeter.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <thread>
#include <vector>

#include "axon/axon.hpp"
#include "axon/network/step_barrier.hpp"
#include "brunel.hpp"
#include "support/mixed_network.hpp"

using namespace axon;
using Catch::Matchers::Contains;

namespace {

std::vector<double> copy(std::span<const double> s) {
    return {s.begin(), s.end()};
}

auto mixed(std::size_t threads) {
    return tests::mixed_network(kernel{.rng_seed = 7, .threads = threads});
}

/// The spike recorder `Recorder` holds the same spikes in both networks.
template <fixed_string Recorder, class Net>
void same_spikes(Net& got, Net& want) {
    INFO("spike recorder " << Recorder.view());
    CHECK(got.template node<Recorder>().events().times ==
          want.template node<Recorder>().events().times);
    CHECK(got.template node<Recorder>().events().senders ==
          want.template node<Recorder>().events().senders);
}

} // namespace

TEST_CASE("threads: every kind of connection gives the same results for 1, 2 and 3 threads",
          "[threads]") {
    auto one = mixed(1);
    simulate(one, 150.0);
    simulate(one, 50.0); // and across two simulate calls
    const auto& sr = one.node<"sr_E">().events();
    // the network does something worth comparing
    REQUIRE(sr.n_events() > 300);
    REQUIRE(one.node<"sr_I">().events().n_events() > 100);
    REQUIRE(one.node<"sr_post">().events().n_events() > 10);
    REQUIRE(one.node<"wr">().events().n_events() > 1000);

    for (const std::size_t T : {2, 3}) {
        INFO("threads = " << T);
        auto net = mixed(T);
        CHECK(net.threads() == T);
        simulate(net, 150.0);
        simulate(net, 50.0);
        same_spikes<"sr_E">(net, one);
        same_spikes<"sr_I">(net, one);
        same_spikes<"sr_post">(net, one);
        const auto& mm = net.node<"mm">().events();
        const auto& mm1 = one.node<"mm">().events();
        CHECK(copy(mm.column<"V_m">()) == copy(mm1.column<"V_m">()));
        CHECK(copy(mm.column<"I_syn_ex">()) == copy(mm1.column<"I_syn_ex">()));
        const auto& wr = net.node<"wr">().events();
        const auto& wr1 = one.node<"wr">().events();
        CHECK(wr.times == wr1.times);
        CHECK(wr.senders == wr1.senders);
        CHECK(wr.targets == wr1.targets);
        CHECK(wr.weights == wr1.weights);
        CHECK(net.synapses<"E", "post">().weights == one.synapses<"E", "post">().weights);
    }
}

TEST_CASE("threads: the Brunel network's spikes are bit-identical for 1, 2 and 3 threads",
          "[threads]") {
    // order 200: NE = 800, NI = 200, CE = 80, CI = 20, 100 000 synapses; 200 ms
    const examples::brunel b{.order = 200};
    auto one = b.build(kernel{.rng_seed = 11});
    simulate(one, 200.0);
    const auto& e1 = one.node<"sr_E">().events();
    const auto& i1 = one.node<"sr_I">().events();
    REQUIRE(e1.n_events() > 1000);
    for (const std::size_t T : {2, 3}) {
        INFO("threads = " << T);
        auto net = b.build(kernel{.rng_seed = 11, .threads = T});
        simulate(net, 200.0);
        CHECK(net.node<"sr_E">().events().times == e1.times);
        CHECK(net.node<"sr_E">().events().senders == e1.senders);
        CHECK(net.node<"sr_I">().events().times == i1.times);
        CHECK(net.node<"sr_I">().events().senders == i1.senders);
    }
    // the number may change between simulate calls (each thread's stretch of every row is
    // found again)
    one.set_threads(3);
    simulate(one, 50.0);
    one.set_threads(2);
    simulate(one, 50.0);
    auto straight = b.build(kernel{.rng_seed = 11, .threads = 2});
    simulate(straight, 300.0);
    CHECK(one.node<"sr_E">().events().times == straight.node<"sr_E">().events().times);
    CHECK(one.node<"sr_E">().events().senders == straight.node<"sr_E">().events().senders);
}

TEST_CASE("threads: an error in any thread stops every thread and reaches the caller",
          "[threads][errors]") {
    // in a parallel phase: hh_psc_alpha's state turns non-finite from V_m = 1e6 mV, in
    // whichever thread owns neuron 150 (the third of three)
    auto hh = network(kernel{.threads = 3}, node<"hh">(population<hh_psc_alpha>(200)));
    hh.node<"hh">().set_state(150, "V_m", 1e6);
    CHECK_THROWS_WITH(simulate(hh, 10.0), Contains("hh_psc_alpha: the state became non-finite"));

    // in a serial phase: a multimeter's file on a full disk fails as its buffer fills
    if (std::filesystem::exists("/dev/full")) {
        const auto dir = std::filesystem::temp_directory_path() / "axon_threads_full";
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        std::filesystem::create_symlink("/dev/full", dir / "multimeter-201-0.csv");
        auto net = network(
            kernel{.threads = 2}, node<"n">(population<iaf_psc_alpha>(200)),
            node<"mm">(multimeter_to<csv, "V_m">({.interval = 0.1}, {.folder = dir.string()})),
            connect<"mm", "n">());
        CHECK_THROWS_WITH(simulate(net, 100.0), Contains("No space left"));
        std::filesystem::remove_all(dir);
    }
}

TEST_CASE("threads: the number must lie between 1 and max_threads", "[threads][errors]") {
    auto make = [](std::size_t T) {
        return network(kernel{.threads = T}, node<"n">(population<iaf_psc_alpha>(1)));
    };
    CHECK_THROWS_WITH(make(0), Contains("kernel: threads = 0 is not allowed") &&
                                   Contains("between 1 and 1024"));
    CHECK_THROWS_AS(make(max_threads + 1), value_error);
    auto net = make(4);
    CHECK_THROWS_AS(net.set_threads(0), value_error);
    CHECK(net.threads() == 4);
}

// ---- The barrier the threads meet at (axon/network/step_barrier.hpp) ----------------------

namespace {

/// `threads` threads pass `phases` phases of a step_barrier that spins for `spin`. In each
/// phase every thread writes its own slot (no atomics); the completion checks it sees every
/// slot of this phase, and then publishes the phase number, which every thread must see once
/// it passes. Returns the number of violations, and counts the completions in `completions`.
int run_barrier(std::size_t threads, int phases, std::chrono::nanoseconds spin, int& completions) {
    std::vector<int> slot(threads, 0);
    int published = 0;
    int violations = 0; // written by the completion only
    std::atomic<int> seen_wrong{0};
    completions = 0;
    detail::step_barrier sync(
        static_cast<std::ptrdiff_t>(threads),
        [&]() noexcept {
            ++completions;
            for (const int s : slot)
                violations += s != completions;
            published = completions;
        },
        spin);
    const auto work = [&](std::size_t t) {
        for (int p = 1; p <= phases; ++p) {
            slot[t] = p;
            sync.arrive_and_wait();
            if (published != p)
                seen_wrong.fetch_add(1, std::memory_order_relaxed);
        }
    };
    {
        std::vector<std::jthread> workers;
        for (std::size_t t = 1; t < threads; ++t)
            workers.emplace_back(work, t);
        work(0);
    }
    return violations + seen_wrong.load();
}

} // namespace

TEST_CASE("threads: the step barrier orders every phase, spinning or sleeping", "[threads]") {
    using namespace std::chrono_literals;
    // 2000 phases: thousands of hand-overs between spinning, sleeping and waking threads
    // (more threads than this machine's cores make them sleep and wake)
    for (const std::size_t threads : {1, 2, 3, 5}) {
        for (const auto spin : {std::chrono::nanoseconds(0), std::chrono::nanoseconds(100us)}) {
            INFO(threads << " threads, spin " << spin.count() << " ns");
            int completions = 0;
            CHECK(run_barrier(threads, 2000, spin, completions) == 0);
            CHECK(completions == 2000);
        }
    }
}

TEST_CASE("threads: a thread that drops out of the step barrier is no longer waited for",
          "[threads]") {
    int completions = 0;
    detail::step_barrier sync(
        3, [&]() noexcept { ++completions; }, std::chrono::nanoseconds(0));
    {
        std::jthread dropper([&] {
            sync.arrive_and_wait(); // phase 1 with all three
            sync.arrive_and_drop(); // phase 2 counts it, then it leaves
        });
        std::jthread other([&] {
            for (int p = 0; p < 50; ++p)
                sync.arrive_and_wait();
        });
        for (int p = 0; p < 50; ++p)
            sync.arrive_and_wait();
    }
    CHECK(completions == 50);
}
