// Model kernels and small networks, in ns per neuron-step. Figures, not pass/fail: see
// bench/README.md for the numbers and the machine.
#include <benchmark/benchmark.h>

#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/network/network.hpp"
#include "axon/network/population.hpp"
#include "axon/simulate.hpp"

namespace {

/// ns per neuron-step, as a Google Benchmark counter (time / (iterations * neurons)).
benchmark::Counter ns_per_neuron_step(const benchmark::State& state, double neurons_per_iteration) {
    return benchmark::Counter(static_cast<double>(state.iterations()) * neurons_per_iteration / 1e9,
                              benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

/// The update loop alone: N iaf_psc_alpha with I_e = 376 pA, no input, no recorders.
void kernel_iaf_psc_alpha(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    axon::population<axon::iaf_psc_alpha> pop(n, {.I_e = 376.0});
    pop.calibrate(axon::time_grid{}, 1);
    axon::step_t k = 0;
    for (auto _ : state) {
        pop.update(++k);
        benchmark::DoNotOptimize(pop.spikes().data());
    }
    state.counters["ns_per_neuron_step"] = ns_per_neuron_step(state, static_cast<double>(n));
}
BENCHMARK(kernel_iaf_psc_alpha)
    ->Name("kernel/iaf_psc_alpha")
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000);

/// The peer workload: N unconnected neurons with I_e = 376 pA and one spike_recorder
/// on all of them, 1000 ms at dt = 0.1 ms (NEST: 18-24 ns, Brian2: 4-5 ns per neuron-step).
void network_iaf_psc_alpha_recorded(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        auto net = axon::network(
            axon::node<"pop">(axon::population<axon::iaf_psc_alpha>(n, {.I_e = 376.0})),
            axon::node<"sr">(axon::spike_recorder{}), axon::connect<"pop", "sr">());
        axon::simulate(net, 1000.0);
        benchmark::DoNotOptimize(net.node<"sr">().n_events());
    }
    state.counters["ns_per_neuron_step"] = ns_per_neuron_step(state, static_cast<double>(n) * 1e4);
}
BENCHMARK(network_iaf_psc_alpha_recorded)
    ->Name("network/iaf_psc_alpha_spike_recorder")
    ->Arg(1'000)
    ->Arg(10'000)
    ->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
