// The seed tutorial ("putting it all together") in axon: one iaf_psc_alpha neuron driven by
// I_e = 376 pA, a multimeter on V_m every 0.1 ms and a spike recorder, 1000 ms.
// Usage: seed_tutorial [OUT_DIR]   writes OUT_DIR/V_m.csv and OUT_DIR/spikes.csv
#include <filesystem>
#include <iostream>
#include <string>

#include "axon/axon.hpp"
#include "csv.hpp"

int main(int argc, char** argv) {
    const std::filesystem::path out = argc > 1 ? argv[1] : "out/seed_tutorial";
    std::filesystem::create_directories(out);

    // nest.Models()
    std::cout << "models:";
    for (auto name : axon::models())
        std::cout << ' ' << name;
    std::cout << "\n\n";

    // nest.Create("iaf_psc_alpha"), a multimeter and a spike recorder, and their connections
    auto net = axon::network(axon::node<"neuron">(axon::population<axon::iaf_psc_alpha>(1)),
                             axon::node<"multimeter">(axon::multimeter<"V_m">({.interval = 0.1})),
                             axon::node<"spikerecorder">(axon::spike_recorder{}),
                             axon::connect<"multimeter", "neuron">(),
                             axon::connect<"neuron", "spikerecorder">());
    auto& neuron = net.node<"neuron">();

    // neuron.get(), neuron.get("I_e"), neuron.get(["V_reset", "V_th"]), GetDefaults recordables
    std::cout << "neuron parameters and state:\n";
    for (const auto& [name, v] : neuron.get())
        std::cout << "  " << name << " = " << v << '\n';
    std::cout << "I_e = " << neuron.get("I_e") << " pA\n";
    for (const auto& [name, v] : neuron.get({"V_reset", "V_m", "V_th"}))
        std::cout << name << " = " << v << " mV\n";
    std::cout << "recordables: " << axon::get_defaults<axon::iaf_psc_alpha>().at("recordables")
              << "\n\n";

    // neuron.set(I_e=376.0, V_reset=-70.0)
    neuron.set({{"I_e", 376.0}, {"V_reset", -70.0}});

    // nest.Simulate(1000.0)
    auto rec = axon::simulate(net, 1000.0);

    const auto& mm = rec.get<"multimeter">();
    const auto& sr = rec.get<"spikerecorder">();
    examples::write_samples((out / "V_m.csv").string(), mm.senders, mm.times, {"V_m"},
                            {mm.column<"V_m">()});
    examples::write_spikes((out / "spikes.csv").string(), sr);

    std::cout << "simulated " << rec.time() << " ms: " << mm.n_events() << " V_m samples, "
              << sr.n_events() << " spikes, the first at " << sr.times.front() << " ms\n";
    std::cout << "wrote " << (out / "V_m.csv").string() << " and " << (out / "spikes.csv").string()
              << '\n';
}
