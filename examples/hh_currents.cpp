// The tutorial's Hodgkin-Huxley section: one hh_psc_alpha neuron driven by a constant current of
// 360, 620 and 650 pA for 200 ms gives one spike, a few, and a regular train (NEST's
// hh_psc_alpha, reference cases f_hh_psc_alpha_Ie*).
// Usage: hh_currents [OUT_DIR]   writes OUT_DIR/hh_<I>.csv (sender,time_ms,V_m) for each current
#include <filesystem>
#include <iostream>
#include <string>

#include "axon/axon.hpp"
#include "axon/models/hh_psc_alpha.hpp"
#include "csv.hpp"

int main(int argc, char** argv) {
    const std::filesystem::path out = argc > 1 ? argv[1] : "out/hh_currents";
    std::filesystem::create_directories(out);

    for (const double I_e : {360.0, 620.0, 650.0}) {
        // The structure is the same for every current; only a value changes: a loop, no rebuild.
        auto net = axon::network(
            axon::node<"neuron">(axon::population<axon::hh_psc_alpha>(1, {.I_e = I_e})),
            axon::node<"multimeter">(axon::multimeter<"V_m">({.interval = 0.1})),
            axon::node<"spikerecorder">(axon::spike_recorder{}),
            axon::connect<"multimeter", "neuron">(), axon::connect<"neuron", "spikerecorder">());
        auto rec = axon::simulate(net, 200.0);

        const auto& mm = rec.get<"multimeter">();
        const auto& sr = rec.get<"spikerecorder">();
        const auto file = out / ("hh_" + examples::shortest(I_e) + ".csv");
        examples::write_samples(file.string(), mm.senders, mm.times, {"V_m"}, {mm.column<"V_m">()});

        std::cout << "I_e = " << I_e << " pA: " << sr.n_events() << " spike"
                  << (sr.n_events() == 1 ? "" : "s") << " in 200 ms";
        if (sr.n_events() > 0)
            std::cout << ", at";
        for (double t : sr.times)
            std::cout << ' ' << t;
        std::cout << (sr.n_events() > 0 ? " ms" : "") << "\n    wrote " << file.string() << '\n';
    }
}
