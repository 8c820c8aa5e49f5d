// Your own model: the quadratic integrate-and-fire neuron of examples/qif.hpp, written as one
// struct outside the library, gets populations, get/set by name, multimeters, spike recorders
// and benchmarks without any other code. Three currents around the rheobase (93.75 pA).
// Usage: custom_model [OUT_DIR]   writes OUT_DIR/qif_<I>.csv and qif_<I>_spikes.csv
#include <filesystem>
#include <iostream>
#include <string>

#include "axon/axon.hpp"
#include "csv.hpp"
#include "qif.hpp"

int main(int argc, char** argv) {
    const std::filesystem::path out = argc > 1 ? argv[1] : "out/custom_model";
    std::filesystem::create_directories(out);

    std::cout << "defaults of the user's model:\n";
    for (const auto& [name, v] : axon::get_defaults<examples::qif>())
        std::cout << "  " << name << " = " << v << '\n';

    for (double I : {90.0, 100.0, 200.0}) {
        auto net = axon::network(axon::node<"neuron">(axon::population<examples::qif>(1)),
                                 axon::node<"mm">(axon::multimeter<"V_m">({.interval = 0.1})),
                                 axon::node<"sr">(axon::spike_recorder{}),
                                 axon::connect<"mm", "neuron">(), axon::connect<"neuron", "sr">());
        net.node<"neuron">().set("I_e", I); // get/set by name, derived from AXON_FIELDS
        auto rec = axon::simulate(net, 500.0);
        const auto& sr = rec.get<"sr">();
        const std::string stem = "qif_" + std::to_string(static_cast<int>(I));
        const auto& mm = rec.get<"mm">();
        examples::write_samples((out / (stem + ".csv")).string(), mm.senders, mm.times, {"V_m"},
                                {mm.column<"V_m">()});
        examples::write_spikes((out / (stem + "_spikes.csv")).string(), sr);
        std::cout << "I_e = " << I << " pA: " << sr.n_events() << " spikes";
        if (sr.n_events() > 1) {
            const double measured = sr.times[1] - sr.times[0];
            std::cout << ", period " << measured << " ms (continuous model: "
                      << examples::qif::period(examples::qif::parameters{}, I) << " ms)";
        }
        std::cout << '\n';
    }
}
