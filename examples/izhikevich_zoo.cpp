// The Izhikevich (2003) firing patterns as copy_model types: each variant is its own model
// type with its own name and defaults, driven by I_e = 10 pA for 1000 ms and recorded by a
// fresh multimeter, so every time axis starts at 0.
// Usage: izhikevich_zoo [OUT_DIR]   writes OUT_DIR/izhikevich_<variant>.csv and _spikes.csv
#include <filesystem>
#include <iostream>
#include <string>

#include "axon/axon.hpp"
#include "csv.hpp"

namespace zoo {

using axon::copy_model;
using axon::izhikevich;
using p = izhikevich::parameters;

// Izhikevich 2003, Fig. 2 (CH with c = -51 mV, as in NEST's tutorial and reference case).
using izhikevich_RS =
    copy_model<"izhikevich_RS", izhikevich, p{.a = 0.02, .b = 0.2, .c = -65.0, .d = 8.0}>;
using izhikevich_IB =
    copy_model<"izhikevich_IB", izhikevich, p{.a = 0.02, .b = 0.2, .c = -55.0, .d = 4.0}>;
using izhikevich_CH =
    copy_model<"izhikevich_CH", izhikevich, p{.a = 0.02, .b = 0.2, .c = -51.0, .d = 2.0}>;
using izhikevich_FS =
    copy_model<"izhikevich_FS", izhikevich, p{.a = 0.1, .b = 0.2, .c = -65.0, .d = 2.0}>;
using izhikevich_TC =
    copy_model<"izhikevich_TC", izhikevich, p{.a = 0.02, .b = 0.25, .c = -65.0, .d = 0.05}>;
using izhikevich_LTS =
    copy_model<"izhikevich_LTS", izhikevich, p{.a = 0.02, .b = 0.25, .c = -65.0, .d = 2.0}>;
using izhikevich_RZ =
    copy_model<"izhikevich_RZ", izhikevich, p{.a = 0.1, .b = 0.26, .c = -65.0, .d = 2.0}>;

/// One variant, its own network and recorders: 1000 ms at I_e = 10 pA from V_m = -65,
/// U_m = -13 (NEST's start for every variant).
template <class Variant>
void run(const std::filesystem::path& out) {
    auto net = axon::network(axon::node<"neuron">(axon::population<Variant>(1, {.I_e = 10.0})),
                             axon::node<"mm">(axon::multimeter<"V_m", "U_m">({.interval = 0.1})),
                             axon::node<"sr">(axon::spike_recorder{}),
                             axon::connect<"mm", "neuron">(), axon::connect<"neuron", "sr">());
    net.template node<"neuron">().set({{"V_m", -65.0}, {"U_m", -13.0}});
    auto rec = axon::simulate(net, 1000.0);
    const auto& mm = rec.template get<"mm">();
    const auto& sr = rec.template get<"sr">();
    const std::string stem = std::string(Variant::name);
    examples::write_samples((out / (stem + ".csv")).string(), mm.senders, mm.times, {"V_m", "U_m"},
                            {mm.template column<"V_m">(), mm.template column<"U_m">()});
    examples::write_spikes((out / (stem + "_spikes.csv")).string(), sr);
    std::cout << stem << ": a = " << net.template node<"neuron">().get("a")
              << ", b = " << net.template node<"neuron">().get("b")
              << ", c = " << net.template node<"neuron">().get("c")
              << ", d = " << net.template node<"neuron">().get("d") << ": " << sr.n_events()
              << " spikes in 1000 ms\n";
}

} // namespace zoo

int main(int argc, char** argv) {
    const std::filesystem::path out = argc > 1 ? argv[1] : "out/izhikevich_zoo";
    std::filesystem::create_directories(out);
    using namespace zoo;
    run<izhikevich_RS>(out);
    run<izhikevich_IB>(out);
    run<izhikevich_CH>(out);
    run<izhikevich_FS>(out);
    run<izhikevich_TC>(out);
    run<izhikevich_LTS>(out);
    run<izhikevich_RZ>(out);
}
