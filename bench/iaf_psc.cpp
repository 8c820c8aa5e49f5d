// The exact-integration LIF models: kernels and the peer workload of the performance issue.
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/iaf_psc_delta.hpp"
#include "axon/models/iaf_psc_exp.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "support.hpp"

namespace {

using namespace axon;

void kernel_iaf_psc_alpha(benchmark::State& state) {
    bench::kernel<iaf_psc_alpha>(state, {.I_e = 376.0});
}
BENCHMARK(kernel_iaf_psc_alpha)
    ->Name("kernel/iaf_psc_alpha")
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000);

void kernel_iaf_psc_exp(benchmark::State& state) {
    bench::kernel<iaf_psc_exp>(state, {.I_e = 376.0});
}
BENCHMARK(kernel_iaf_psc_exp)->Name("kernel/iaf_psc_exp")->Arg(10'000)->Arg(100'000);

void kernel_iaf_psc_delta(benchmark::State& state) {
    bench::kernel<iaf_psc_delta>(state, {.I_e = 376.0});
}
BENCHMARK(kernel_iaf_psc_delta)->Name("kernel/iaf_psc_delta")->Arg(10'000)->Arg(100'000);

// The single-precision variants (state and kernel in float: twice the SIMD lanes, half the
// bytes per neuron-step).
void kernel_iaf_psc_alpha_float(benchmark::State& state) {
    bench::kernel<basic_iaf_psc_alpha<float>>(state, {.I_e = 376.0});
}
BENCHMARK(kernel_iaf_psc_alpha_float)
    ->Name("kernel/iaf_psc_alpha<float>")
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000);

void kernel_iaf_psc_exp_float(benchmark::State& state) {
    bench::kernel<basic_iaf_psc_exp<float>>(state, {.I_e = 376.0});
}
BENCHMARK(kernel_iaf_psc_exp_float)->Name("kernel/iaf_psc_exp<float>")->Arg(10'000)->Arg(100'000);

void kernel_iaf_psc_delta_float(benchmark::State& state) {
    bench::kernel<basic_iaf_psc_delta<float>>(state, {.I_e = 376.0});
}
BENCHMARK(kernel_iaf_psc_delta_float)
    ->Name("kernel/iaf_psc_delta<float>")
    ->Arg(10'000)
    ->Arg(100'000);

/// The peer workload: N unconnected neurons with I_e = 376 pA and one spike_recorder
/// on all of them, 1000 ms at dt = 0.1 ms (NEST: 18-24 ns, Brian2: 4-5 ns per neuron-step).
void network_iaf_psc_alpha_recorded(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        auto net = network(node<"pop">(population<iaf_psc_alpha>(n, {.I_e = 376.0})),
                           node<"sr">(spike_recorder{}), connect<"pop", "sr">());
        simulate(net, 1000.0);
        benchmark::DoNotOptimize(net.node<"sr">().n_events());
    }
    state.counters["ns_per_neuron_step"] =
        bench::ns_per_neuron_step(state, static_cast<double>(n) * 1e4);
}
BENCHMARK(network_iaf_psc_alpha_recorded)
    ->Name("network/iaf_psc_alpha_spike_recorder")
    ->Arg(1'000)
    ->Arg(10'000)
    ->Unit(benchmark::kMillisecond);

} // namespace
