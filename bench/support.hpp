// Shared helpers for the benchmarks.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>

#include "axon/core/time.hpp"
#include "axon/network/population.hpp"

namespace axon::bench {

/// ns per neuron-step, as a Google Benchmark counter (time / (iterations * neurons)).
inline benchmark::Counter ns_per_neuron_step(const benchmark::State& state,
                                             double neurons_per_iteration) {
    return benchmark::Counter(static_cast<double>(state.iterations()) * neurons_per_iteration / 1e9,
                              benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

/// The update loop of N neurons of model M with parameters p (no input, no recorders), one
/// population update per iteration: registered as kernel/<model>/<N>.
template <class M>
void kernel(benchmark::State& state, typename M::parameters p) {
    const auto n = static_cast<std::size_t>(state.range(0));
    population<M> pop(n, p);
    pop.calibrate(time_grid{}, 1);
    step_t k = 0;
    for (auto _ : state) {
        pop.update(++k);
        benchmark::DoNotOptimize(pop.spikes().data());
    }
    state.counters["ns_per_neuron_step"] = ns_per_neuron_step(state, static_cast<double>(n));
}

} // namespace axon::bench
