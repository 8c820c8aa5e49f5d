// Networks: the cost of delivering a spike to its targets, and two published network
// benchmarks, the Brunel (2000) network of NEST's brunel_alpha_nest example and the CUBA network
// of Brette et al. (2007), benchmark 2 (as Brian2's CUBA example), each run for 1000 ms.
//
//   bench_kernels --benchmark_filter=network/delivery   ns per synaptic event
//   bench_kernels --benchmark_filter=network/brunel     build and simulation time, rate, memory
//   bench_kernels --benchmark_filter=network/cuba       simulation time, rate
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <ostream>
#include <random>

#include "axon/devices/poisson_generator.hpp"
#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/iaf_psc_exp.hpp"
#include "axon/models/parrot_neuron.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "brunel.hpp"
#include "support.hpp"

namespace {

using namespace axon;

/// Seconds of CPU time and of wall-clock time since construction. The benchmarks report CPU
/// time (one thread: the wall time the run would take on an idle machine; the machines these
/// numbers come from are shared, and a preempted run's wall time says little), and the wall
/// time beside it.
class stopwatch {
public:
    [[nodiscard]] double cpu() const {
        return static_cast<double>(std::clock() - cpu_) / CLOCKS_PER_SEC;
    }
    [[nodiscard]] double wall() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    }

private:
    std::chrono::steady_clock::time_point wall_ = std::chrono::steady_clock::now();
    std::clock_t cpu_ = std::clock();
};

/// Bytes the synapses of a projection occupy (what its vectors hold, capacity included).
std::size_t bytes_of(const projection<>& p) {
    return p.row.capacity() * sizeof(p.row[0]) + p.target.capacity() * sizeof(p.target[0]) +
           p.weights.capacity() * sizeof(double) + p.delays.capacity() * sizeof(step_t) +
           sizeof(projection<>);
}

/// Synaptic events that the spikes of `senders` (global ids, first id `first`) caused through
/// projection p: the sum of their rows' lengths.
std::size_t events_of(const spike_recording& rec, node_id first, const projection<>& p) {
    std::size_t n = 0;
    for (const node_id sender : rec.senders) {
        const auto i = static_cast<std::size_t>(sender - first);
        n += p.row[i + 1] - p.row[i];
    }
    return n;
}

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
BENCHMARK(network_delivery)
    ->Name("network/delivery")
    ->ArgNames({"targets", "fanout"})
    ->Args({1'000, 1'000})   // in cache: a ring slot is 8 kB
    ->Args({10'000, 10'000}) // a ring slot is 80 kB (L2)
    ->Args({100'000, 1'000}) // a ring slot is 800 kB, the ring 38 MB: out of cache
    ->Args({100'000, 10'000})
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
    ->ArgNames({"targets", "fanout"})
    ->Args({1'000, 1'000})
    ->Args({10'000, 10'000})
    ->Args({100'000, 1'000})
    ->Args({100'000, 10'000})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(delivery_loop<true>)
    ->Name("network/delivery_loop/hoisted")
    ->ArgNames({"targets", "fanout"})
    ->Args({1'000, 1'000})
    ->Args({10'000, 10'000})
    ->Args({100'000, 1'000})
    ->Args({100'000, 10'000})
    ->Unit(benchmark::kMicrosecond);

// ---- Brunel (2000), as NEST's brunel_alpha_nest example ---------------------------------

/// brunel_alpha_nest's parameters (examples/brunel.hpp): order 2500, so NE = 10 000,
/// NI = 2 500, CE = 1 000, CI = 250, g = 5, eta = 2, J = 0.1 mV, delay 1.5 ms, dt = 0.1 ms.
const examples::brunel brunel_net{.order = 2500};

/// One run: build (the four fixed_indegree projections, 15.6 million synapses) and simulate
/// 1000 ms on `threads` threads. The reported time is the simulation's; build_s, the rates (all
/// neurons recorded), ns per recurrent synaptic event (simulation time / events, everything
/// included, as NEST's 72 ns) and bytes per synapse are counters.
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
        const node_id e0 = net.first_id<"E">(), i0 = net.first_id<"I">();
        events += static_cast<double>(events_of(rec_E, e0, net.synapses<"E", "E">()) +
                                      events_of(rec_E, e0, net.synapses<"E", "I">()) +
                                      events_of(rec_I, i0, net.synapses<"I", "E">()) +
                                      events_of(rec_I, i0, net.synapses<"I", "I">()));
        const projection<>* all[] = {&net.synapses<"E", "E">(), &net.synapses<"E", "I">(),
                                     &net.synapses<"I", "E">(), &net.synapses<"I", "I">()};
        for (const projection<>* p : all) {
            bytes += static_cast<double>(bytes_of(*p));
            synapses += static_cast<double>(p->size());
        }
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
    ->Arg(1)
    ->Arg(2)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

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
        const connection_spec<> ex{
            .rule = pairwise_bernoulli{.p = p}, .weight = w_ex, .delay = 0.1};
        const connection_spec<> in{
            .rule = pairwise_bernoulli{.p = p}, .weight = w_in, .delay = 0.1};
        auto net =
            network(kernel{.resolution = 0.1, .rng_seed = seed},
                    node<"E">(population<iaf_psc_exp>(NE, neuron)),
                    node<"I">(population<iaf_psc_exp>(NI, neuron)), node<"sr_E">(spike_recorder{}),
                    node<"sr_I">(spike_recorder{}), connect<"E", "E">(ex), connect<"E", "I">(ex), //
                    connect<"I", "E">(in), connect<"I", "I">(in), connect<"E", "sr_E">(),
                    connect<"I", "sr_I">());
        std::mt19937_64 g(seed);
        std::uniform_real_distribution<double> v(V_reset, V_th);
        for (std::size_t i = 0; i < NE; ++i)
            net.node<"E">().set_state(i, "V_m", v(g));
        for (std::size_t i = 0; i < NI; ++i)
            net.node<"I">().set_state(i, "V_m", v(g));
        return net;
    }
};

/// One run of 1000 ms on a fresh network; the reported time is the simulation's.
void network_cuba(benchmark::State& state) {
    std::uint32_t seed = 12345;
    double build_s = 0, build_wall = 0, sim_s = 0, sim_wall = 0, spikes = 0, events = 0, bytes = 0,
           synapses = 0;
    for (auto _ : state) {
        const stopwatch t0;
        auto net = cuba::build(seed++);
        build_s += t0.cpu();
        build_wall += t0.wall();
        const stopwatch t1;
        simulate(net, 1000.0);
        const double s = t1.cpu();
        sim_s += s;
        sim_wall += t1.wall();
        state.SetIterationTime(s);

        const auto& rec_E = net.node<"sr_E">().events();
        const auto& rec_I = net.node<"sr_I">().events();
        spikes += static_cast<double>(rec_E.n_events() + rec_I.n_events());
        const node_id e0 = net.first_id<"E">(), i0 = net.first_id<"I">();
        events += static_cast<double>(events_of(rec_E, e0, net.synapses<"E", "E">()) +
                                      events_of(rec_E, e0, net.synapses<"E", "I">()) +
                                      events_of(rec_I, i0, net.synapses<"I", "E">()) +
                                      events_of(rec_I, i0, net.synapses<"I", "I">()));
        const projection<>* all[] = {&net.synapses<"E", "E">(), &net.synapses<"E", "I">(),
                                     &net.synapses<"I", "E">(), &net.synapses<"I", "I">()};
        for (const projection<>* p : all) {
            bytes += static_cast<double>(bytes_of(*p));
            synapses += static_cast<double>(p->size());
        }
    }
    const auto n = static_cast<double>(state.iterations());
    state.counters["build_s"] = build_s / n;
    state.counters["simulate_s"] = sim_s / n;
    state.counters["build_wall_s"] = build_wall / n;
    state.counters["simulate_wall_s"] = sim_wall / n;
    state.counters["rate_Hz"] = spikes / n / static_cast<double>(cuba::NE + cuba::NI);
    state.counters["ns_per_event"] = sim_s / events * 1e9;
    state.counters["bytes_per_synapse"] = bytes / synapses;
    state.counters["synapses"] = synapses / n;
}
BENCHMARK(network_cuba)
    ->Name("network/cuba")
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
