// Microbenchmarks of a neuron model's update kernel with Google Benchmark: N neurons of any
// model (a user's own included) in a given state and input regime, timed one population
// update per iteration, reported in ns per neuron-step.
//
// Not part of axon/axon.hpp: it includes <benchmark/benchmark.h>, so a program that uses it
// links Google Benchmark itself (Debian's libbenchmark-dev; in CMake,
// find_package(benchmark) and benchmark::benchmark beside axon::axon).
//
//   #include <axon/benchmark.hpp>
//
//   void qif(benchmark::State& state) {
//       axon::bench::kernel<my::qif>(state, {.parameters = {.I_e = 200.0}});
//   }
//   BENCHMARK(qif)->Arg(10'000)->Arg(100'000); // N
//   BENCHMARK_MAIN();
//
// kernel<M>(state, {.I_e = 200.0}) is short for a setup with parameters only. Build the program
// optimized (-O2 or more, CMAKE_BUILD_TYPE=Release): an unoptimized kernel is 100 times slower,
// and its entries say so in their label.
//
// The namespace is axon::bench, not axon::benchmark: with `using namespace axon;` the latter
// would make every `benchmark::State` ambiguous.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/time.hpp"
#include "axon/core/value.hpp"
#include "axon/network/population.hpp"

namespace axon::bench {

/// ns per neuron-step, as a Google Benchmark counter: the time of the run divided by
/// iterations * neurons_per_iteration. Google Benchmark prints it with an "s" suffix (it is a
/// rate, inverted); the number is in ns.
inline ::benchmark::Counter ns_per_neuron_step(const ::benchmark::State& state,
                                               double neurons_per_iteration) {
    return ::benchmark::Counter(static_cast<double>(state.iterations()) * neurons_per_iteration /
                                    1e9,
                                ::benchmark::Counter::kIsRate | ::benchmark::Counter::kInvert);
}

/// Input that every neuron receives, as a network would deliver it into the population's
/// input buffer before the update: spike weights by sign (pA for current-based synapses, nS
/// for conductance-based ones) and a current (pA, as from a dc_generator), arriving in every
/// `every`-th step. Writing it is part of the timed loop (one add per neuron and channel,
/// what the delivery of one event per neuron and step costs at least); a population that
/// receives anything in a step also reads and clears its input arrays, which it skips
/// otherwise, so a driven kernel is the cost of a neuron in a network.
struct drive {
    double ex = 0.0;      // >= 0
    double in = 0.0;      // <= 0
    double current = 0.0; // pA
    step_t every = 1;     // steps, >= 1

    [[nodiscard]] bool any() const { return ex != 0.0 || in != 0.0 || current != 0.0; }
};

/// The population a kernel benchmark times. All run-time values; N is the benchmark's
/// argument (state.range(0)).
template <NeuronModel M>
struct setup {
    /// The model's parameters (e.g. {.I_e = 376.0} for a neuron that fires on its own).
    typename M::parameters parameters{};
    /// Every neuron's initial state.
    typename M::state initial{};
    /// When > 0, one neuron is first simulated for spread_ms from `initial` (with the drive),
    /// and the N neurons start from states along that trajectory, scattered so that
    /// neighbours are in different phases of their firing cycle (what an adaptive solver or a
    /// branch costs depends on the phase). Hidden per-neuron variables (refractory counters,
    /// solver step sizes) start at their defaults.
    double spread_ms = 0.0;
    /// Input arriving every input.every steps (none by default: the neurons run on I_e alone).
    bench::drive input{};
    /// The resolution dt, ms.
    double resolution = time_grid::default_resolution;
};

namespace detail {

template <class M>
void add_drive(population<M>& pop, const drive& d, step_t k) {
    if (!d.any() || k % d.every != 0)
        return;
    const std::size_t n = pop.size();
    if (d.ex != 0.0 || d.in != 0.0) {
        const auto slot = pop.inputs().spikes_for(k);
        for (std::size_t i = 0; i < n; ++i) {
            slot.ex[i] += d.ex;
            slot.in[i] += d.in;
        }
    }
    if (d.current != 0.0) {
        auto* current = pop.inputs().currents_for(k);
        for (std::size_t i = 0; i < n; ++i)
            current[i] += d.current;
    }
}

/// Scatters i over [0, n) (a multiplicative hash), so that neighbours get unrelated entries.
inline std::size_t scattered(std::size_t i, std::size_t n) {
    return static_cast<std::size_t>((static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL) %
                                    static_cast<std::uint64_t>(n));
}

template <class M>
void spread(population<M>& pop, const setup<M>& s, const time_grid& grid) {
    const step_t steps = grid.steps_rounded(s.spread_ms);
    if (steps < 1)
        return;
    population<M> one(1, s.parameters, s.initial);
    one.calibrate(grid, 1);
    std::vector<typename M::state> trajectory;
    trajectory.reserve(static_cast<std::size_t>(steps));
    for (step_t k = 1; k <= steps; ++k) {
        add_drive(one, s.input, k);
        one.update(k);
        trajectory.push_back(one.states().load(0));
    }
    for (std::size_t i = 0; i < pop.size(); ++i) {
        reflect::for_each_field(
            trajectory[scattered(i, trajectory.size())],
            [&](std::string_view name, const auto& v) { pop.set_state(i, name, axon::value(v)); });
    }
}

} // namespace detail

/// Times the update of N = state.range(0) neurons of model M set up as `s`, one step per
/// iteration, and reports the counters ns_per_neuron_step and rate_Hz (the neurons' mean
/// firing rate over the timed steps: a kernel of silent neurons may measure a path that a
/// simulation rarely takes). Register it with Google Benchmark's BENCHMARK and ->Arg(N).
template <NeuronModel M>
void kernel(::benchmark::State& state, const setup<M>& s = {}) {
    require(s.input.ex >= 0.0, "axon::bench::drive", "ex", s.input.ex,
            "excitatory weights are >= 0");
    require(s.input.in <= 0.0, "axon::bench::drive", "in", s.input.in,
            "inhibitory weights are <= 0");
    require(s.input.every >= 1, "axon::bench::drive", "every", static_cast<double>(s.input.every),
            "it counts steps and must be >= 1");
    const time_grid grid(s.resolution);
    const auto n = static_cast<std::size_t>(state.range(0));
    population<M> pop(n, s.parameters, s.initial);
    if (s.spread_ms > 0.0)
        detail::spread(pop, s, grid);
    pop.calibrate(grid, 1);

    step_t k = 0;
    std::size_t spikes = 0;
    for (auto _ : state) {
        ++k;
        detail::add_drive(pop, s.input, k);
        pop.update(k);
        spikes += pop.spikes().size();
        ::benchmark::DoNotOptimize(pop.spikes().data());
    }
#ifndef __OPTIMIZE__
    state.SetLabel("built without optimization: times mean little (use -O2 or a Release build)");
#endif
    const double neuron_steps = static_cast<double>(n) * static_cast<double>(k);
    state.counters["ns_per_neuron_step"] = ns_per_neuron_step(state, static_cast<double>(n));
    state.counters["rate_Hz"] =
        neuron_steps > 0 ? static_cast<double>(spikes) / (neuron_steps * s.resolution * 1e-3) : 0.0;
}

/// The same with parameters only: kernel<M>(state, {.I_e = 376.0}).
template <NeuronModel M>
void kernel(::benchmark::State& state, const typename M::parameters& p) {
    kernel<M>(state, setup<M>{.parameters = p});
}

} // namespace axon::bench
