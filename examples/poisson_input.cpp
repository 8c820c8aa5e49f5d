// The tutorial's Poisson section ("one neuron with noise"): one iaf_psc_alpha neuron (tau_m =
// 11 ms, I_e = 0) driven only by a poisson_generator through an excitatory static synapse
// (weight 1 pA, delay 1 ms) for 1000 ms, at 68 000 Hz and then at 88 000 Hz (NEST's reference
// case k_poisson). The structure is one type; the rate and the seed are run-time values.
// Usage: poisson_input [OUT_DIR]   writes, for each RATE in 68000 and 88000,
//   OUT_DIR/rate_RATEHz.csv         sender,time_ms,V_m,I_syn_ex,I_syn_in (rng_seed 1, every 0.1 ms)
//   OUT_DIR/rate_RATEHz_spikes.csv  sender,time_ms (rng_seed 1)
// and OUT_DIR/spike_counts.csv      rate_Hz,rng_seed,n_spikes_1000ms for rng_seed 1..10
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

#include "axon/axon.hpp"
#include "csv.hpp"

namespace {

constexpr double simtime = 1000.0; // ms

/// nest.ResetKernel(); SetKernelStatus({"rng_seed": seed}); the tutorial's network at `rate`.
auto tutorial_network(double rate, std::uint32_t seed) {
    return axon::network(
        axon::kernel{.rng_seed = seed},
        axon::node<"neuron">(axon::population<axon::iaf_psc_alpha>(1, {.tau_m = 11.0, .I_e = 0.0})),
        axon::node<"noise">(axon::poisson_generator({.rate = rate})),
        axon::node<"multimeter">(
            axon::multimeter<"V_m", "I_syn_ex", "I_syn_in">({.interval = 0.1})),
        axon::node<"spikerecorder">(axon::spike_recorder{}),
        axon::connect<"noise", "neuron">({.weight = 1.0, .delay = 1.0}),
        axon::connect<"multimeter", "neuron">(), axon::connect<"neuron", "spikerecorder">());
}

} // namespace

int main(int argc, char** argv) {
    const std::filesystem::path out = argc > 1 ? argv[1] : "out/poisson_input";
    std::filesystem::create_directories(out);
    auto counts_csv =
        examples::open_csv((out / "spike_counts.csv").string(), "rate_Hz,rng_seed,n_spikes_1000ms");

    std::cout << "iaf_psc_alpha (tau_m = 11 ms, I_e = 0 pA) <- poisson_generator, weight 1 pA, "
                 "delay 1 ms, "
              << simtime << " ms\n";
    for (const double rate : {68000.0, 88000.0}) {
        // The recorded run: rng_seed 1, traces and spikes to CSV.
        auto net = tutorial_network(rate, 1);
        auto rec = axon::simulate(net, simtime);
        const auto& mm = rec.get<"multimeter">();
        const auto& sr = rec.get<"spikerecorder">();
        const std::string stem = "rate_" + examples::shortest(rate) + "Hz";
        examples::write_samples(
            (out / (stem + ".csv")).string(), mm.senders, mm.times, {"V_m", "I_syn_ex", "I_syn_in"},
            {mm.column<"V_m">(), mm.column<"I_syn_ex">(), mm.column<"I_syn_in">()});
        examples::write_spikes((out / (stem + "_spikes.csv")).string(), sr);

        const auto I_ex = mm.column<"I_syn_ex">();
        const double mean_I_ex =
            std::accumulate(I_ex.begin(), I_ex.end(), 0.0) / static_cast<double>(I_ex.size());
        std::cout << "\n"
                  << rate << " Hz input:\n"
                  << "  rng_seed 1: " << sr.n_events() << " spikes, firing rate "
                  << static_cast<double>(sr.n_events()) / (rec.time() / 1000.0)
                  << " Hz; mean I_syn_ex " << mean_I_ex << " pA\n"
                  << "    wrote " << (out / (stem + ".csv")).string() << " and "
                  << (out / (stem + "_spikes.csv")).string() << '\n';

        // The firing rate over ten seeds, as NEST's reference ran it (rng_seed 1..10).
        std::vector<double> rates;
        for (std::uint32_t seed = 1; seed <= 10; ++seed) {
            auto run = tutorial_network(rate, seed);
            const auto n = axon::simulate(run, simtime).get<"spikerecorder">().n_events();
            counts_csv << examples::shortest(rate) << ',' << seed << ',' << n << '\n';
            rates.push_back(static_cast<double>(n) / (simtime / 1000.0));
        }
        const double mean = std::accumulate(rates.begin(), rates.end(), 0.0) / 10.0;
        double ss = 0.0;
        for (double r : rates)
            ss += (r - mean) * (r - mean);
        std::cout << "  rng_seed 1..10: firing rate " << mean << " Hz on average (sd "
                  << std::sqrt(ss / 9.0) << ", min " << *std::ranges::min_element(rates) << ", max "
                  << *std::ranges::max_element(rates) << ")\n";
    }
    std::cout << "\nwrote " << (out / "spike_counts.csv").string() << '\n';
}
