// Networks: three published network benchmarks, the Brunel (2000) network of NEST's
// brunel_alpha_nest example and the COBA and CUBA networks of Brette et al. (2007), benchmarks
// 1 and 2 (CUBA as Brian2's CUBA example), each run for 1000 ms; and the cost of the progress
// line. bench/peers/ has the same networks in Brian2.
//
//   bench_kernels --benchmark_filter=network/brunel     build and simulation time, rate, memory
//   bench_kernels --benchmark_filter=network/cuba       simulation time, rate
//   bench_kernels --benchmark_filter=network/coba       simulation time, rate (coba: NEST's
//                                                       RKF45; coba_euler, coba_magnus: fixed
//                                                       steps, policies/exponential_schemes.hpp)
//   bench_kernels --benchmark_filter=network/print_time the progress line's cost
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <random>

#include "axon/devices/poisson_generator.hpp"
#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_cond_exp.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/iaf_psc_exp.hpp"
#include "axon/models/parrot_neuron.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "brunel.hpp"
#include "support.hpp"

namespace {

using namespace axon;
using axon::bench::bytes_of;
using axon::bench::events_of;
using axon::bench::stopwatch;

/// Adds the recurrent synaptic events of a run of a network of populations E and I (the spikes
/// of sr_E and sr_I times their rows' lengths), and the bytes and number of the synapses of its
/// four projections.
template <class Net>
void add_counts(const Net& net, double& events, double& bytes, double& synapses) {
    const auto& rec_E = net.template node<"sr_E">().events();
    const auto& rec_I = net.template node<"sr_I">().events();
    const node_id e0 = net.template first_id<"E">(), i0 = net.template first_id<"I">();
    const projection<>* from_E[] = {&net.template synapses<"E", "E">(),
                                    &net.template synapses<"E", "I">()};
    const projection<>* from_I[] = {&net.template synapses<"I", "E">(),
                                    &net.template synapses<"I", "I">()};
    for (const projection<>* p : from_E)
        events += static_cast<double>(events_of(rec_E, e0, *p));
    for (const projection<>* p : from_I)
        events += static_cast<double>(events_of(rec_I, i0, *p));
    for (const projection<>* p : {from_E[0], from_E[1], from_I[0], from_I[1]}) {
        bytes += static_cast<double>(bytes_of(*p));
        synapses += static_cast<double>(p->size());
    }
}

// ---- Brunel (2000), as NEST's brunel_alpha_nest example ---------------------------------

/// brunel_alpha_nest's parameters (examples/brunel.hpp): order 2500, so NE = 10 000,
/// NI = 2 500, CE = 1 000, CI = 250, g = 5, eta = 2, J = 0.1 mV, delay 1.5 ms, dt = 0.1 ms.
const examples::brunel brunel_net{.order = 2500};

/// One run: build (the four fixed_indegree projections, 15.6 million synapses) and simulate
/// 1000 ms on `threads` threads (1, 2, ... up to the machine's cores: bench::thread_counts). The
/// reported time is the simulation's; build_s, the rates (all neurons recorded), ns per recurrent
/// synaptic event (simulation time / events, everything included, as NEST's 72 ns) and bytes per
/// synapse are counters.
void network_brunel(benchmark::State& state) {
    std::uint32_t seed = 12345;
    double build_s = 0, build_wall = 0, sim_s = 0, sim_wall = 0, rate_E = 0, rate_I = 0, events = 0,
           bytes = 0, synapses = 0;
    for (auto _ : state) {
        const stopwatch t0;
        auto net = brunel_net.build(
            kernel{.rng_seed = seed++, .threads = static_cast<std::size_t>(state.range(0))});
        build_s += t0.cpu();
        build_wall += t0.wall();
        const stopwatch t1;
        simulate(net, 1000.0);
        // one thread: CPU time (steadier on a shared machine); several: wall time, as the
        // process's CPU time adds up every thread's
        const double s = state.range(0) == 1 ? t1.cpu() : t1.wall();
        sim_s += t1.cpu();
        sim_wall += t1.wall();
        state.SetIterationTime(s);

        const auto& rec_E = net.node<"sr_E">().events();
        const auto& rec_I = net.node<"sr_I">().events();
        rate_E += static_cast<double>(rec_E.n_events()) / static_cast<double>(brunel_net.NE());
        rate_I += static_cast<double>(rec_I.n_events()) / static_cast<double>(brunel_net.NI());
        add_counts(net, events, bytes, synapses);
    }
    const auto n = static_cast<double>(state.iterations());
    state.counters["build_s"] = build_s / n;
    state.counters["simulate_s"] = sim_s / n;
    state.counters["build_wall_s"] = build_wall / n;
    state.counters["simulate_wall_s"] = sim_wall / n;
    state.counters["rate_E_Hz"] = rate_E / n; // spikes per neuron in 1 s
    state.counters["rate_I_Hz"] = rate_I / n;
    state.counters["rate_Hz"] = (rate_E * static_cast<double>(brunel_net.NE()) +
                                 rate_I * static_cast<double>(brunel_net.NI())) /
                                n / static_cast<double>(brunel_net.NE() + brunel_net.NI());
    state.counters["ns_per_event"] = sim_s / events * 1e9;
    state.counters["bytes_per_synapse"] = bytes / synapses;
    state.counters["synapses"] = synapses / n;
    state.counters["J_ex_pA"] = examples::brunel::J_ex();
    state.counters["p_rate_Hz"] = brunel_net.p_rate();
}
BENCHMARK(network_brunel)
    ->Name("network/brunel")
    ->ArgName("threads")
    ->ArgsProduct({bench::thread_counts()})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

// ---- The Vogels-Abbott networks of Brette et al. (2007), benchmarks 1 and 2 ----------------

/// What both benchmarks share: Net::NE excitatory and Net::NI inhibitory neurons of model M
/// with the parameters `neuron`, every ordered pair connected with probability Net::p
/// (pairwise_bernoulli; weights Net::w_ex from E and Net::w_in from I), a delay of one step (the
/// least axon allows: Brian2's synapses act in the next step), a spike recorder on each
/// population. init(population, i, generator) sets neuron i's initial state, E first, then I,
/// from one std::mt19937_64 seeded with `seed`.
template <class M, class Net, class Init>
auto vogels_abbott(const typename M::parameters& neuron, std::uint32_t seed, Init init) {
    const connection_spec<> ex{
        .rule = pairwise_bernoulli{.p = Net::p}, .weight = Net::w_ex, .delay = 0.1};
    const connection_spec<> in{
        .rule = pairwise_bernoulli{.p = Net::p}, .weight = Net::w_in, .delay = 0.1};
    auto net = network(kernel{.resolution = 0.1, .rng_seed = seed},
                       node<"E">(population<M>(Net::NE, neuron)),
                       node<"I">(population<M>(Net::NI, neuron)), node<"sr_E">(spike_recorder{}),
                       node<"sr_I">(spike_recorder{}), connect<"E", "E">(ex), connect<"E", "I">(ex),
                       connect<"I", "E">(in), connect<"I", "I">(in), connect<"E", "sr_E">(),
                       connect<"I", "sr_I">());
    std::mt19937_64 g(seed);
    for (std::size_t i = 0; i < Net::NE; ++i)
        init(net.template node<"E">(), i, g);
    for (std::size_t i = 0; i < Net::NI; ++i)
        init(net.template node<"I">(), i, g);
    return net;
}

// ---- CUBA: Brette et al. (2007), benchmark 2, as Brian2's CUBA example --------------------

/// 4 000 iaf_psc_exp neurons (3 200 E, 800 I), every pair connected with p = 0.02. Brian2's
/// membrane is dv/dt = (ge + gi - (v - E_L)) / tau_m with ge, gi in mV jumping by we = 1.62 mV
/// and wi = -9 mV: a current I = C_m ge / tau_m, so a jump of w mV is a PSC of C_m w / tau_m
/// pA. C_m = 200 pF as in NEST's cuba.py (whose excitatory weight, 16.2 pA, is the same).
/// Initial V_m uniform in [V_reset, V_th], as Brian2; no external input (E_L lies above
/// threshold). Delay: one step, the least axon allows (Brian2's synapses act in the next step).
struct cuba {
    static constexpr std::size_t NE = 3'200, NI = 800;
    static constexpr double p = 0.02, C_m = 200.0, tau_m = 20.0;
    static constexpr double w_ex = C_m * 1.62 / tau_m; // 16.2 pA
    static constexpr double w_in = C_m * -9.0 / tau_m; // -90 pA
    static constexpr double V_th = -50.0, V_reset = -60.0;

    static auto build(std::uint32_t seed) {
        const iaf_psc_exp::parameters neuron{.E_L = -49.0,
                                             .C_m = C_m,
                                             .tau_m = tau_m,
                                             .t_ref = 5.0,
                                             .V_th = V_th,
                                             .V_reset = V_reset,
                                             .tau_syn_ex = 5.0,
                                             .tau_syn_in = 10.0};
        std::uniform_real_distribution<double> v(V_reset, V_th);
        return vogels_abbott<iaf_psc_exp, cuba>(
            neuron, seed,
            [&](auto& pop, std::size_t i, std::mt19937_64& g) { pop.set_state(i, "V_m", v(g)); });
    }
};

/// One run of 1000 ms on a fresh network of type Net (cuba or coba); the reported time is the
/// simulation's.
template <class Net>
void network_brette(benchmark::State& state) {
    std::uint32_t seed = 12345;
    double build_s = 0, build_wall = 0, sim_s = 0, sim_wall = 0, spikes = 0, events = 0, bytes = 0,
           synapses = 0;
    for (auto _ : state) {
        const stopwatch t0;
        auto net = Net::build(seed++);
        build_s += t0.cpu();
        build_wall += t0.wall();
        const stopwatch t1;
        simulate(net, 1000.0);
        const double s = t1.cpu();
        sim_s += s;
        sim_wall += t1.wall();
        state.SetIterationTime(s);

        const auto& rec_E = net.template node<"sr_E">().events();
        const auto& rec_I = net.template node<"sr_I">().events();
        spikes += static_cast<double>(rec_E.n_events() + rec_I.n_events());
        add_counts(net, events, bytes, synapses);
    }
    const auto n = static_cast<double>(state.iterations());
    state.counters["build_s"] = build_s / n;
    state.counters["simulate_s"] = sim_s / n;
    state.counters["build_wall_s"] = build_wall / n;
    state.counters["simulate_wall_s"] = sim_wall / n;
    state.counters["rate_Hz"] = spikes / n / static_cast<double>(Net::NE + Net::NI);
    state.counters["ns_per_event"] = sim_s / events * 1e9;
    state.counters["bytes_per_synapse"] = bytes / synapses;
    state.counters["synapses"] = synapses / n;
}
BENCHMARK(network_brette<cuba>)
    ->Name("network/cuba")
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

// ---- COBA: Brette et al. (2007), benchmark 1 (after Vogels & Abbott 2005) ---------------

/// R. Brette et al. (2007), Simulation of networks of spiking neurons: a review of tools and
/// strategies. J. Comput. Neurosci. 23, 349-398; benchmark 1. 4 000 iaf_cond_exp neurons
/// (3 200 E, 800 I), every pair connected with p = 0.02. The benchmark's membrane: area
/// 20 000 um^2 at 1 uF/cm^2, so C_m = 200 pF, and tau_m = 20 ms, so g_L = 10 nS; E_L = V_reset
/// = -60 mV, V_th = -50 mV, t_ref = 5 ms; E_ex = 0 mV, E_in = -80 mV, tau_syn_ex = 5 ms,
/// tau_syn_in = 10 ms; a spike adds 6 nS (E) or 67 nS (I; a negative weight in NEST's
/// convention). No external input: the activity lives on from the initial conductances of
/// Brette's Brian script for the benchmark, g_ex = g_L (4 + 1.5 z) and g_in = g_L (20 + 12 z),
/// z standard normal, clipped at 0 (a conductance must be >= 0), with V_m uniform in
/// [V_reset, V_th] as network/cuba (bench/peers/brian2_coba.py does the same). Delay: one
/// step, as network/cuba. M is iaf_cond_exp (network/coba) or the same model on fixed steps,
/// basic_iaf_cond_exp<exponential_euler> (network/coba_euler; Brian2's script integrates with
/// forward Euler) or <exponential_magnus> (network/coba_magnus).
template <class M = iaf_cond_exp>
struct coba {
    static constexpr std::size_t NE = 3'200, NI = 800;
    static constexpr double p = 0.02, C_m = 200.0, g_L = 10.0;
    static constexpr double w_ex = 6.0, w_in = -67.0; // nS
    static constexpr double V_th = -50.0, V_reset = -60.0;

    static auto build(std::uint32_t seed) {
        const typename M::parameters neuron{.E_L = -60.0,
                                            .C_m = C_m,
                                            .g_L = g_L,
                                            .t_ref = 5.0,
                                            .V_th = V_th,
                                            .V_reset = V_reset,
                                            .E_ex = 0.0,
                                            .E_in = -80.0,
                                            .tau_syn_ex = 5.0,
                                            .tau_syn_in = 10.0};
        std::uniform_real_distribution<double> v(V_reset, V_th);
        std::normal_distribution<double> z;
        return vogels_abbott<M, coba>(
            neuron, seed, [&](auto& pop, std::size_t i, std::mt19937_64& g) {
                pop.set_state(i, "V_m", v(g));
                pop.set_state(i, "g_ex", std::max(0.0, g_L * (4.0 + 1.5 * z(g))));
                pop.set_state(i, "g_in", std::max(0.0, g_L * (20.0 + 12.0 * z(g))));
            });
    }
};
BENCHMARK(network_brette<coba<>>)
    ->Name("network/coba")
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(network_brette<coba<basic_iaf_cond_exp<exponential_euler>>>)
    ->Name("network/coba_euler")
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(network_brette<coba<basic_iaf_cond_exp<exponential_magnus>>>)
    ->Name("network/coba_magnus")
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

} // namespace

// ---- print_time ---------------------------------------------------------------------------

/// The seed tutorial's neuron x 10 000 with a spike_recorder, 100 ms per iteration, with and
/// without the progress line (written to a stream that discards it): the step loop is the same
/// loop cut into a hundred pieces, so the two should not differ measurably.
void network_print_time(benchmark::State& state) {
    const bool shown = state.range(0) != 0;
    auto net = network(kernel{.print_time = shown},
                       node<"n">(population<iaf_psc_alpha>(10000, {.I_e = 376.0})),
                       node<"sr">(spike_recorder{}), connect<"n", "sr">());
    std::ostream discard(nullptr); // no buffer: every write is dropped
    if (shown)
        net.print_time_to(&discard);
    for (auto _ : state)
        simulate(net, 100.0);
    state.counters["ns_per_neuron_step"] =
        benchmark::Counter(static_cast<double>(state.iterations()) * 1000 * 10000,
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(network_print_time)
    ->Name("network/print_time")
    ->ArgName("shown")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);
