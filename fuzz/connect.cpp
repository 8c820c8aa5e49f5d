// Fuzzer (c): connection specs. Bytes pick a rule and its numbers, the population sizes
// (small: slow inputs are not findings), and the weight and delay (a constant, an array or a
// distribution); a network of two populations, driven by a spike_generator, is built and
// simulated for a few ms. Allowed: axon::error. Findings: anything else.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "axon/devices/spike_generator.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"
#include "fuzz.hpp"

namespace {

axon::connection_rule rule(FuzzedDataProvider& in) {
    const auto count = [&] { return in.ConsumeIntegralInRange<std::size_t>(0, 12); };
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
    case 0:
        return axon::all_to_all{.allow_autapses = in.ConsumeBool()};
    case 1:
        return axon::one_to_one{};
    case 2:
        return axon::fixed_indegree{count(), in.ConsumeBool(), in.ConsumeBool()};
    case 3:
        return axon::fixed_outdegree{count(), in.ConsumeBool(), in.ConsumeBool()};
    case 4:
        return axon::fixed_total_number{in.ConsumeIntegralInRange<std::size_t>(0, 40),
                                        in.ConsumeBool(), in.ConsumeBool()};
    default:
        return axon::pairwise_bernoulli{fuzz::number(in), in.ConsumeBool()};
    }
}

/// A weight or delay: unset, a constant, an array or a distribution. Delays are kept at most
/// `cap` ms when `cap` is given (the ring buffers are as long as the largest delay).
axon::parameter_value parameter(FuzzedDataProvider& in, double cap) {
    const auto x = [&] {
        const double v = fuzz::number(in);
        return cap > 0 && v > cap ? cap : v;
    };
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
    case 0:
        return {};
    case 1:
        return x();
    case 2: {
        std::vector<double> v(in.ConsumeIntegralInRange<std::size_t>(0, 40));
        for (auto& d : v)
            d = x();
        return v;
    }
    case 3:
        return axon::random::uniform{x(), x()};
    case 4:
        return axon::random::normal{x(), x()};
    case 5:
        return axon::random::lognormal{x(), x()};
    default:
        return axon::random::exponential{x()};
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const auto na = in.ConsumeIntegralInRange<std::size_t>(0, 6);
    const auto nb = in.ConsumeIntegralInRange<std::size_t>(0, 6);
    axon::connection_spec<> ab{.rule = rule(in)};
    ab.weight = parameter(in, 0);
    ab.delay = parameter(in, 20.0);
    axon::connection_spec<> bb{.rule = rule(in)};
    bb.weight = parameter(in, 0);
    bb.delay = parameter(in, 20.0);
    const auto seed = in.ConsumeIntegral<std::uint32_t>();
    const double simtime = in.ConsumeIntegralInRange<int>(0, 100) * 0.1;

    fuzz::guarded("connect", [&] {
        auto net = axon::network(
            axon::kernel{.rng_seed = seed},
            axon::node<"sg">(axon::spike_generator({.spike_times = {0.1, 0.5, 1.0, 2.0, 3.5}})),
            axon::node<"a">(axon::population<axon::iaf_psc_alpha>(na, {.I_e = 500.0})),
            axon::node<"b">(axon::population<axon::iaf_psc_alpha>(nb)),
            axon::connect<"sg", "a">({.weight = 1000.0, .delay = 0.1}), axon::connect<"a", "b">(ab),
            axon::connect<"b", "b">(bb));
        axon::simulate(net, simtime);
        (void)net.synapses<"a", "b">().size();
        (void)net.synapses<"b", "b">().size();
    });
    return 0;
}
