// The tutorial's last section ("connecting two neurons"): neuron1 with I_e = 376 pA fires
// regularly and drives neuron2 (no current of its own) through a static synapse of weight
// 20 pA and delay 1 ms; one multimeter records V_m of both for 1000 ms. Where NEST's tutorial
// slices the multimeter's events by stride, axon selects each neuron's samples by sender.
// Usage: two_neurons [OUT_DIR]   writes OUT_DIR/V_m.csv (sender,time_ms,V_m: all events, in
//   recorded order), OUT_DIR/V_m_<id>.csv (time_ms,V_m of one sender) and OUT_DIR/spikes.csv
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>

#include "axon/axon.hpp"
#include "csv.hpp"

int main(int argc, char** argv) {
    const std::filesystem::path out = argc > 1 ? argv[1] : "out/two_neurons";
    std::filesystem::create_directories(out);

    auto net = axon::network(
        axon::node<"neuron1">(axon::population<axon::iaf_psc_alpha>(1, {.I_e = 376.0})),
        axon::node<"neuron2">(axon::population<axon::iaf_psc_alpha>(1)),
        axon::node<"multimeter">(axon::multimeter<"V_m">({.interval = 0.1})),
        axon::node<"spikerecorder">(axon::spike_recorder{}),
        axon::connect<"neuron1", "neuron2">({.weight = 20.0, .delay = 1.0}),
        axon::connect<"multimeter", "neuron1">(), axon::connect<"multimeter", "neuron2">(),
        axon::connect<"neuron1", "spikerecorder">(), axon::connect<"neuron2", "spikerecorder">());

    auto rec = axon::simulate(net, 1000.0);
    const auto& mm = rec.get<"multimeter">();
    const auto& sr = rec.get<"spikerecorder">();

    examples::write_samples((out / "V_m.csv").string(), mm.senders, mm.times, {"V_m"},
                            {mm.column<"V_m">()});
    examples::write_spikes((out / "spikes.csv").string(), sr);

    // One trace per sender: a view that selects the sender's rows, not a stride.
    for (const axon::node_id sender : mm.sender_ids()) {
        const auto file = out / ("V_m_" + std::to_string(sender) + ".csv");
        auto csv = examples::open_csv(file.string(), "time_ms,V_m");
        std::size_t n = 0;
        double v_min = 0.0, v_max = 0.0;
        for (const auto [t, v] : mm.samples<"V_m">(sender)) {
            csv << examples::shortest(t) << ',' << examples::shortest(v) << '\n';
            v_min = n == 0 ? v : std::min(v_min, v);
            v_max = n == 0 ? v : std::max(v_max, v);
            ++n;
        }
        std::size_t spikes = 0;
        double first = 0.0;
        for (const double t : sr.times_of(sender))
            first = spikes++ == 0 ? t : first;
        std::cout << "sender " << sender << ": " << n << " V_m samples in [" << v_min << ", "
                  << v_max << "] mV, " << spikes << " spikes";
        if (spikes > 0)
            std::cout << ", the first at " << first << " ms";
        std::cout << "\n    wrote " << file.string() << '\n';
    }
    std::cout << "wrote " << (out / "V_m.csv").string() << " and " << (out / "spikes.csv").string()
              << '\n';
}
