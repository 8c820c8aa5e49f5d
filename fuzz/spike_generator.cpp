// Fuzzer (b): spike_generator times and weights. Bytes become the generator's parameters (made
// at construction or by set() by name), the resolution, and the weight and delay of its
// connection into one iaf_psc_alpha; the network is simulated for a few ms. Allowed:
// axon::error. Findings: anything else, and a NaN in the neuron's V_m.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    constexpr double resolutions[] = {0.1, 0.05, 1.0, 0.25, 0.001};
    const double resolution =
        in.ConsumeIntegralInRange<int>(0, 7) == 0
            ? fuzz::number(in)
            : resolutions[in.ConsumeIntegralInRange<std::size_t>(0, std::size(resolutions) - 1)];

    axon::spike_generator::parameters p;
    const bool by_set = in.ConsumeBool();
    axon::dictionary changes;
    {
        auto times = fuzz::numbers(in, 12);
        if (in.ConsumeBool()) // mostly sorted, as a user writes them
            std::sort(times.begin(), times.end(),
                      [](double a, double b) { return a < b; }); // NaNs stay where they fall
        std::vector<double> weights;
        switch (in.ConsumeIntegralInRange<int>(0, 2)) {
        case 0:
            break;
        case 1:
            weights.resize(times.size());
            for (auto& w : weights)
                w = fuzz::number(in);
            break;
        default:
            weights = fuzz::numbers(in, 12);
        }
        p.spike_times = times;
        p.spike_weights = weights;
        p.allow_offgrid_times = in.ConsumeBool();
        if (in.ConsumeBool())
            p.start = fuzz::number(in);
        if (in.ConsumeBool())
            p.stop = fuzz::number(in);
        if (in.ConsumeBool())
            p.origin = fuzz::number(in);
        if (by_set) {
            changes = {{"spike_times", times},
                       {"spike_weights", weights},
                       {"allow_offgrid_times", p.allow_offgrid_times},
                       {"start", p.start},
                       {"stop", p.stop},
                       {"origin", p.origin}};
        }
    }
    const double weight = in.ConsumeBool() ? fuzz::number(in) : 100.0;
    const double delay = in.ConsumeBool() ? fuzz::number(in) : 1.0;
    const double simtime = in.ConsumeIntegralInRange<int>(0, 100) * 0.1;

    fuzz::guarded("spike_generator into a neuron", [&] {
        axon::spike_generator sg;
        if (by_set)
            sg.set(changes);
        else
            sg = axon::spike_generator(p);
        auto net =
            axon::network(axon::kernel{.resolution = resolution}, axon::node<"sg">(std::move(sg)),
                          axon::node<"n">(axon::population<axon::iaf_psc_alpha>(1)),
                          axon::node<"sr">(axon::spike_recorder{}),
                          axon::connect<"sg", "n">({.weight = weight, .delay = delay}),
                          axon::connect<"n", "sr">());
        axon::simulate(net, simtime);
        axon::simulate(net, simtime); // time continues
        const double v = net.node<"n">().get("V_m").as<double>();
        if (std::isnan(v))
            fuzz::finding("V_m is NaN after spikes of finite weight");
    });
    return 0;
}
