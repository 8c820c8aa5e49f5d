// The update kernels of every built-in model, and of a user's model (examples/qif.hpp), as
// kernel/<model>/<N>: ns per neuron-step through axon/benchmark.hpp, the header users time
// their own models with; and the peer workloads of the performance issue.
//
//   bench_kernels --benchmark_filter=kernel/    ns per neuron-step
#include <cstddef>
#include <string_view>
#include <vector>

#include "axon/core/reflect.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/aeif_cond_alpha.hpp"
#include "axon/models/aeif_cond_exp.hpp"
#include "axon/models/hh_psc_alpha.hpp"
#include "axon/models/iaf_cond_alpha.hpp"
#include "axon/models/iaf_cond_exp.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/iaf_psc_delta.hpp"
#include "axon/models/iaf_psc_exp.hpp"
#include "axon/models/izhikevich.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "qif.hpp"
#include "support.hpp"

// The exact-integration LIF models: kernels and the peer workload of the performance issue.

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
/// on all of them, 1000 ms at dt = 0.1 ms (NEST: 18-24 ns, Brian2: 4-5 ns per neuron-step), on
/// 1, 2, ... threads (bench::thread_counts). The time is CPU time on one thread (steadier on a
/// shared machine), wall time on several.
void network_iaf_psc_alpha_recorded(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto threads = static_cast<std::size_t>(state.range(1));
    for (auto _ : state) {
        auto net = network(node<"pop">(population<iaf_psc_alpha>(n, {.I_e = 376.0})),
                           node<"sr">(spike_recorder{}), connect<"pop", "sr">());
        net.set_threads(threads);
        const bench::stopwatch t;
        simulate(net, 1000.0);
        state.SetIterationTime(threads == 1 ? t.cpu() : t.wall());
        benchmark::DoNotOptimize(net.node<"sr">().n_events());
    }
    // (a rate counter divides by the manual time: the time set above)
    state.counters["ns_per_neuron_step"] =
        bench::ns_per_neuron_step(state, static_cast<double>(n) * 1e4);
}
BENCHMARK(network_iaf_psc_alpha_recorded)
    ->Name("network/iaf_psc_alpha_spike_recorder")
    ->ArgNames({"N", "threads"})
    ->ArgsProduct({{1'000, 10'000, 100'000}, bench::thread_counts()})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

} // namespace

// The conductance-based models (iaf_cond_*, aeif_cond_*): one adaptive RKF45 solve per neuron
// per step, driven to fire with a constant current as in NEST's reference cases.

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

// The same models on fixed steps (policies/exponential_schemes.hpp): one exponential per
// neuron-step, a loop that vectorizes.
void kernel_iaf_cond_exp_euler(benchmark::State& state) {
    firing_kernel<basic_iaf_cond_exp<exponential_euler>>(state, {.I_e = 500.0});
}
BENCHMARK(kernel_iaf_cond_exp_euler)
    ->Name("kernel/iaf_cond_exp<exponential_euler>")
    ->Arg(10'000)
    ->Arg(100'000);

void kernel_iaf_cond_exp_magnus(benchmark::State& state) {
    firing_kernel<basic_iaf_cond_exp<exponential_magnus>>(state, {.I_e = 500.0});
}
BENCHMARK(kernel_iaf_cond_exp_magnus)
    ->Name("kernel/iaf_cond_exp<exponential_magnus>")
    ->Arg(10'000)
    ->Arg(100'000);

void kernel_iaf_cond_alpha_euler(benchmark::State& state) {
    firing_kernel<basic_iaf_cond_alpha<exponential_euler>>(state, {.I_e = 500.0});
}
BENCHMARK(kernel_iaf_cond_alpha_euler)
    ->Name("kernel/iaf_cond_alpha<exponential_euler>")
    ->Arg(10'000)
    ->Arg(100'000);

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

// The nonlinear point models: izhikevich (an Euler step, a few flops) and hh_psc_alpha (an
// adaptive Runge-Kutta solve per neuron per step), driven like the NEST reference cases.

namespace {

using namespace axon;

/// Regular spiking (NEST's default a, b, c, d) with I_e = 10, as case g_izhikevich_RS.
void kernel_izhikevich(benchmark::State& state) {
    bench::kernel<izhikevich>(state, {.I_e = 10.0});
}
BENCHMARK(kernel_izhikevich)->Name("kernel/izhikevich")->Arg(10'000)->Arg(100'000);

/// I_e = 650 pA, the spike train of case f_hh_psc_alpha_Ie650. The neurons start spread over a
/// 500 ms trajectory (bench::setup::spread_ms): an adaptive solve costs what the phase of the
/// spike cycle asks, and neurons that all start at rest would time whichever phase the number
/// of iterations ends in. solver_steps_per_dt is the mean over that trajectory, counted on one
/// neuron outside the timed loop.
void kernel_hh_psc_alpha(benchmark::State& state) {
    constexpr double trajectory_ms = 500.0;
    const hh_psc_alpha::parameters p{.I_e = 650.0};
    bench::kernel<hh_psc_alpha>(state, {.parameters = p, .spread_ms = trajectory_ms});

    const double dt = time_grid{}.resolution();
    const auto k = hh_psc_alpha::calibrate(p, dt);
    hh_psc_alpha::state s{};
    hh_psc_alpha::internal x{};
    const auto steps = static_cast<int>(trajectory_ms / dt);
    double solver_steps = 0;
    for (int i = 0; i < steps; ++i)
        solver_steps += hh_psc_alpha::integrate(k, s, x);
    state.counters["solver_steps_per_dt"] = solver_steps / steps;
}
BENCHMARK(kernel_hh_psc_alpha)->Name("kernel/hh_psc_alpha")->Arg(10'000)->Arg(100'000);

/// The same neurons on one exponential Euler step per dt (Brian2's method for them,
/// bench/peers/brian2_hh.py), spread over the same trajectory.
void kernel_hh_psc_alpha_euler(benchmark::State& state) {
    using M = basic_hh_psc_alpha<exponential_euler>;
    bench::kernel<M>(state, {.parameters = {.I_e = 650.0}, .spread_ms = 500.0});
}
BENCHMARK(kernel_hh_psc_alpha_euler)
    ->Name("kernel/hh_psc_alpha<exponential_euler>")
    ->Arg(10'000)
    ->Arg(100'000);

} // namespace

// A user's model gets a kernel benchmark for free: the QIF of examples/qif.hpp.

namespace {

void kernel_qif(benchmark::State& state) {
    axon::bench::kernel<examples::qif>(state, {.I_e = 200.0});
}
BENCHMARK(kernel_qif)->Name("kernel/qif")->Arg(10'000)->Arg(100'000);

} // namespace
