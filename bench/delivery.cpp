// Spike delivery: ns per synaptic event for static synapses, 1e3 to 1e4 targets per spike, in
// the network and as the bare delivery loop; and the poisson_generator's draw.
//
//   bench_kernels --benchmark_filter=network/delivery     ns per synaptic event
//   bench_kernels --benchmark_filter=network/poisson_draw ns per (target, step)
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "axon/devices/poisson_generator.hpp"
#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/iaf_psc_exp.hpp"
#include "axon/models/parrot_neuron.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "support.hpp"

namespace {

using namespace axon;
using axon::bench::stopwatch;

// ---- spike delivery ----------------------------------------------------------------------

/// Every step, n_sources parrot neurons fire and each spike reaches `fanout` of n_targets
/// silent iaf_psc_alpha neurons (fixed_outdegree, targets in random order, delay 1.5 ms). The
/// parrots keep themselves firing: one kick from a spike_generator, then a one_to_one loop
/// onto themselves with a delay of one step.
auto delivery_network(std::size_t n_targets, std::size_t fanout, std::size_t n_sources) {
    return network(
        kernel{.resolution = 0.1, .rng_seed = 12345},
        node<"kick">(spike_generator({.spike_times = {0.1}})),
        node<"S">(population<parrot_neuron>(n_sources)),
        node<"T">(population<iaf_psc_alpha>(n_targets)), //
        connect<"kick", "S">({.delay = 0.1}),
        connect<"S", "S">({.rule = one_to_one{}, .delay = 0.1}),
        // a tiny weight: the targets receive input every step but never fire
        connect<"S", "T">(
            {.rule = fixed_outdegree{.outdegree = fanout}, .weight = 1e-3, .delay = 1.5}));
}

/// Events per step are 1e5 in every case (n_sources = 1e5 / fanout): the same work, spread
/// over fewer or more target neurons.
constexpr std::size_t events_per_step = 100'000;

/// ns per synaptic event, by difference: two networks that differ only in the fan-out of S -> T
/// (`fanout` and 1) run the same number of steps, interleaved; the neuron updates (parrots and
/// targets, input read and cleared in both), the parrots' own loop and the driver cost the
/// same in both, so (time with fanout - time with 1) / (extra events) is the cost of one event:
/// reading the synapse, adding the weight into the target's ring buffer slot.
void network_delivery(benchmark::State& state) {
    const auto n_targets = static_cast<std::size_t>(state.range(0));
    const auto fanout = static_cast<std::size_t>(state.range(1));
    const std::size_t n_sources = events_per_step / fanout;
    auto full = delivery_network(n_targets, fanout, n_sources);
    auto base = delivery_network(n_targets, 1, n_sources);
    constexpr step_t warmup = 32, steps = 100;
    full.run(warmup); // the parrots fire from step 2 on; every ring slot is touched once
    base.run(warmup);
    double t_full = 0.0, t_base = 0.0, wall_full = 0.0;
    for (auto _ : state) {
        const stopwatch a;
        full.run(steps);
        const double dt_full = a.cpu();
        wall_full += a.wall();
        const stopwatch b;
        base.run(steps);
        t_base += b.cpu();
        t_full += dt_full;
        state.SetIterationTime(dt_full);
    }
    if (full.node<"S">().spikes().size() != n_sources) {
        state.SkipWithError("the parrots stopped firing");
        return;
    }
    const double extra =
        static_cast<double>(full.synapses<"S", "T">().size() - base.synapses<"S", "T">().size());
    const double events =
        extra * static_cast<double>(steps) * static_cast<double>(state.iterations());
    state.counters["ns_per_event"] = (t_full - t_base) / events * 1e9;
    state.counters["ns_per_event_gross"] =
        t_full /
        (static_cast<double>(full.synapses<"S", "T">().size()) * static_cast<double>(steps) *
         static_cast<double>(state.iterations())) *
        1e9;
    state.counters["base_share"] = t_base / t_full;
    state.counters["wall_over_cpu"] = wall_full / t_full;
}
/// The sizes every delivery entry runs: targets N and fan-out F.
void targets_and_fanouts(benchmark::internal::Benchmark* b) {
    b->ArgNames({"targets", "fanout"})
        ->Args({1'000, 1'000})   // in cache: a ring slot is 8 kB
        ->Args({10'000, 10'000}) // a ring slot is 80 kB (L2)
        ->Args({100'000, 1'000}) // a ring slot is 800 kB, the ring 38 MB: out of cache
        ->Args({100'000, 10'000});
}
BENCHMARK(network_delivery)
    ->Name("network/delivery")
    ->Apply(targets_and_fanouts)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

/// The delivery loop alone, on the same synapses, without the network around it: the
/// library's loop (input_ring::add_spike per synapse, as network_type::step does) and the same
/// loop with the slot's arrays looked up once per step (Hoisted), to show what that is worth.
template <bool Hoisted>
void delivery_loop(benchmark::State& state) {
    const auto n_targets = static_cast<std::size_t>(state.range(0));
    const auto fanout = static_cast<std::size_t>(state.range(1));
    const std::size_t n_sources = events_per_step / fanout;
    const auto net = delivery_network(n_targets, fanout, n_sources);
    const projection<>& p = net.synapses<"S", "T">();
    population<iaf_psc_alpha> target(n_targets);
    target.calibrate(time_grid{}, p.delay);
    input_ring& inputs = target.inputs();
    step_t k = 0;
    for (auto _ : state) {
        const step_t arrival = ++k + p.delay;
        if constexpr (Hoisted) {
            double* ex = inputs.ex(arrival);
            double* in = inputs.in(arrival);
            (void)inputs.currents_for(arrival); // marks the slot as written
            for (std::uint32_t i = 0; i < n_sources; ++i) {
                for (auto s = p.row[i]; s < p.row[i + 1]; ++s) {
                    const double w = p.weight_of(s);
                    (w >= 0 ? ex : in)[p.target[s]] += w;
                }
            }
        } else {
            for (std::uint32_t i = 0; i < n_sources; ++i)
                for (auto s = p.row[i]; s < p.row[i + 1]; ++s)
                    inputs.add_spike(arrival, p.target[s], p.weight_of(s));
        }
        benchmark::ClobberMemory();
    }
    state.counters["ns_per_event"] = benchmark::Counter(
        static_cast<double>(state.iterations()) * static_cast<double>(p.size()) / 1e9,
        benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(delivery_loop<false>)
    ->Name("network/delivery_loop/add_spike")
    ->Apply(targets_and_fanouts)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(delivery_loop<true>)
    ->Name("network/delivery_loop/hoisted")
    ->Apply(targets_and_fanouts)
    ->Unit(benchmark::kMicrosecond);

// ---- the Poisson drive ---------------------------------------------------------------------

/// A generator that draws a block of targets at once (spikes(k, first, out)).
template <class G>
concept draws_blocks = requires(const G& g, std::span<double> out) {
    g.spikes(step_t{}, node_id{}, out);
};

/// The poisson_generator's draw: ns per (target, step), for 12 500 targets (Brunel's) and a
/// mean of `mean` spikes per step (dt = 0.1 ms: 1.78 is Brunel's drive, 6.8 and 8.8 the
/// tutorial's). `one`: spikes(k, target), one target at a time; `block`: spikes(k, first, out),
/// 256 targets at a time, as the network's loop calls it.
template <bool Block, class Generator = poisson_generator>
void poisson_draw(benchmark::State& state, double mean) {
    constexpr std::size_t targets = 12'500, chunk = 256;
    Generator pg({.rate = mean * 1e4});
    pg.calibrate(time_grid{}, {.node_id = 1, .rng_seed = 12345});
    std::vector<double> out(chunk);
    step_t k = 0;
    double spikes = 0.0;
    for (auto _ : state) {
        ++k;
        for (std::size_t at = 0; at < targets; at += chunk) {
            const std::size_t n = std::min(chunk, targets - at);
            if constexpr (Block) {
                if constexpr (draws_blocks<Generator>) {
                    pg.spikes(k, 2 + at, std::span<double>(out.data(), n));
                } else {
                    state.SkipWithError("this poisson_generator draws one target at a time");
                    return;
                }
            } else {
                for (std::size_t i = 0; i < n; ++i)
                    out[i] = pg.spikes(k, 2 + at + i);
            }
            spikes += out[0];
            benchmark::DoNotOptimize(out.data());
            benchmark::ClobberMemory();
        }
    }
    const double draws = static_cast<double>(state.iterations()) * targets;
    state.counters["ns_per_draw"] =
        benchmark::Counter(draws / 1e9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    // the first target of every 256 as a check: its mean is `mean`
    state.counters["mean_count"] =
        spikes / (static_cast<double>(state.iterations()) * ((targets + chunk - 1) / chunk));
}

[[maybe_unused]] const bool poisson_draws_registered = [] {
    for (const char* mean : {"0.001", "1.78", "6.8", "8.8", "40", "256"}) {
        const double m = std::stod(mean);
        benchmark::RegisterBenchmark(("network/poisson_draw/one/mean:" + std::string(mean)).c_str(),
                                     poisson_draw<false>, m)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(
            ("network/poisson_draw/block/mean:" + std::string(mean)).c_str(), poisson_draw<true>, m)
            ->Unit(benchmark::kMicrosecond);
    }
    return true;
}();

} // namespace
