// Fuzzer (a): population set/get by name. Bytes pick a built-in model, a population size and a
// series of set() calls (one name or a dictionary; names valid or arbitrary; values of any
// type and any number). Then a few steps are simulated. Allowed: axon::error. Findings:
// anything else, a NaN accepted into parameters or state, a failed set that changed something.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "axon/core/time.hpp"
#include "axon/models/models.hpp"
#include "axon/network/population.hpp"
#include "fuzz.hpp"

namespace {

bool holds_nan(const axon::value& v) {
    if (auto* d = std::get_if<double>(&v.get()))
        return std::isnan(*d);
    if (auto* list = std::get_if<std::vector<double>>(&v.get()))
        for (double d : *list)
            if (std::isnan(d))
                return true;
    return false;
}

template <class M>
void exercise(FuzzedDataProvider& in) {
    const auto n = in.ConsumeIntegralInRange<std::size_t>(1, 3);
    axon::population<M> pop(n);
    std::vector<std::string> names;
    for (const auto& [name, v] : pop.get())
        names.push_back(name);
    const auto some_name = [&] {
        if (in.ConsumeIntegralInRange<int>(0, 4) != 0)
            return names[in.ConsumeIntegralInRange<std::size_t>(0, names.size() - 1)];
        return in.ConsumeRandomLengthString(24);
    };
    const int calls = in.ConsumeIntegralInRange<int>(1, 6);
    for (int c = 0; c < calls && in.remaining_bytes() > 0; ++c) {
        const auto before = pop.get();
        bool ok = false;
        switch (in.ConsumeIntegralInRange<int>(0, 2)) {
        case 0: {
            const auto name = some_name();
            const auto v = fuzz::any_value(in);
            ok = fuzz::guarded("population::set(name, value)", [&] { pop.set(name, v); });
            break;
        }
        case 1: {
            axon::dictionary d;
            const int k = in.ConsumeIntegralInRange<int>(1, 4);
            for (int j = 0; j < k; ++j)
                d.insert_or_assign(some_name(), fuzz::any_value(in));
            ok = fuzz::guarded("population::set(dictionary)", [&] { pop.set(d); });
            break;
        }
        default: {
            const auto i = in.ConsumeIntegralInRange<std::size_t>(0, n);
            const auto name = some_name();
            const auto v = fuzz::any_value(in);
            ok = fuzz::guarded("population::set_state", [&] { pop.set_state(i, name, v); });
            break;
        }
        }
        const auto after = pop.get();
        if (!ok && after != before)
            fuzz::finding(std::string(M::name) + ": a set that threw changed the population");
        for (const auto& [name, v] : after)
            if (holds_nan(v))
                fuzz::finding(std::string(M::name) + ": NaN accepted into '" + name + "'");
        fuzz::guarded("population::get(name)", [&] { (void)pop.get(some_name()); });
    }
    // a few steps with what was accepted: only sanitizer reports and hangs count here
    if (std::getenv("AXON_FUZZ_PRINT")) { // to see what a saved input does
        std::fprintf(stderr, "%s, %zu neurons:", std::string(M::name).c_str(), n);
        for (const auto& [name, v] : pop.get()) {
            std::ostringstream s;
            s.precision(17);
            s << v;
            std::fprintf(stderr, " %s=%s", name.c_str(), s.str().c_str());
        }
        std::fprintf(stderr, "\n");
    }
    fuzz::guarded("population::calibrate/update", [&] {
        pop.calibrate(axon::time_grid{}, 2);
        for (axon::step_t k = 0; k < 30; ++k) {
            if (k % 7 == 0)
                pop.inputs().add_spike(k + 1, 0, in.ConsumeBool() ? 100.0 : -100.0);
            pop.update(k);
        }
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const auto models = axon::neuron_models();
    const auto model = models[in.ConsumeIntegralInRange<std::size_t>(0, models.size() - 1)];
    axon::with_model(model, [&](auto m) { exercise<typename decltype(m)::type>(in); });
    return 0;
}
