// The conductance-based models (iaf_cond_*, aeif_cond_*): one adaptive RKF45 solve per neuron
// per step, driven to fire with a constant current as in NEST's reference cases.
#include <cstddef>
#include <string_view>
#include <vector>

#include "axon/core/reflect.hpp"
#include "axon/models/aeif_cond_alpha.hpp"
#include "axon/models/aeif_cond_exp.hpp"
#include "axon/models/iaf_cond_alpha.hpp"
#include "axon/models/iaf_cond_exp.hpp"
#include "support.hpp"

namespace {

using namespace axon;

/// kernel/<model>/<N> for a neuron that fires: the cost of an adaptive solve depends on where
/// the neuron is in its firing cycle (the AdEx upswing needs several solver steps per dt), and a
/// run of a few hundred steps from rest would not reach the first spike. So one neuron is first
/// simulated for 500 ms, counting its accepted solver steps through advance(), the counting twin
/// of update(), and the N neurons then start spread over that trajectory; the timed loop is the
/// population's plain update, as in bench::kernel. solver_steps_per_dt is the mean over the
/// trajectory the neurons are spread over.
template <class M>
void firing_kernel(benchmark::State& state, const typename M::parameters& p) {
    constexpr std::size_t trajectory_steps = 5000; // 500 ms at dt = 0.1 ms
    const auto k = M::calibrate(p, time_grid{}.resolution());
    std::vector<typename M::state> trajectory;
    typename M::state s{};
    typename M::internal x{};
    policies::step_count count;
    for (std::size_t i = 0; i < trajectory_steps; ++i) {
        M::advance(k, s, x, synaptic_input{}, count);
        trajectory.push_back(s);
    }

    const auto n = static_cast<std::size_t>(state.range(0));
    population<M> pop(n, p);
    for (std::size_t i = 0; i < n; ++i) {
        reflect::for_each_field(
            trajectory[(i * 7919) % trajectory_steps],
            [&](std::string_view name, double v) { pop.set_state(i, name, v); });
    }
    pop.calibrate(time_grid{}, 1);
    step_t step = 0;
    for (auto _ : state) {
        pop.update(++step);
        benchmark::DoNotOptimize(pop.spikes().data());
    }
    state.counters["ns_per_neuron_step"] = bench::ns_per_neuron_step(state, static_cast<double>(n));
    state.counters["solver_steps_per_dt"] =
        static_cast<double>(count.steps) / static_cast<double>(trajectory_steps);
}

/// I_e = 500 pA, the spike train of case i_iaf_cond_exp_Ie500 (77 spikes in 500 ms).
void kernel_iaf_cond_exp(benchmark::State& state) {
    firing_kernel<iaf_cond_exp>(state, {.I_e = 500.0});
}
BENCHMARK(kernel_iaf_cond_exp)->Name("kernel/iaf_cond_exp")->Arg(10'000)->Arg(100'000);

void kernel_iaf_cond_alpha(benchmark::State& state) {
    firing_kernel<iaf_cond_alpha>(state, {.I_e = 500.0});
}
BENCHMARK(kernel_iaf_cond_alpha)->Name("kernel/iaf_cond_alpha")->Arg(10'000)->Arg(100'000);

/// I_e = 800 pA, the spike train of case i_aeif_cond_alpha_Ie800 (9 spikes in 500 ms).
void kernel_aeif_cond_alpha(benchmark::State& state) {
    firing_kernel<aeif_cond_alpha>(state, {.I_e = 800.0});
}
BENCHMARK(kernel_aeif_cond_alpha)->Name("kernel/aeif_cond_alpha")->Arg(10'000)->Arg(100'000);

void kernel_aeif_cond_exp(benchmark::State& state) {
    firing_kernel<aeif_cond_exp>(state, {.I_e = 800.0});
}
BENCHMARK(kernel_aeif_cond_exp)->Name("kernel/aeif_cond_exp")->Arg(10'000)->Arg(100'000);

} // namespace
