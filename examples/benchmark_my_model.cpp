// Benchmarking your own model: the update kernel of the quadratic integrate-and-fire neuron of
// examples/qif.hpp, timed with axon/benchmark.hpp and Google Benchmark in three regimes, each
// reported in ns per neuron-step and with the neurons' firing rate.
// Usage: benchmark_my_model [OUT_DIR] [--benchmark_...]
//   With OUT_DIR (as examples/run passes it): a short run (0.05 s per entry) that also writes
//   OUT_DIR/benchmark_my_model.json. Without it, Google Benchmark's defaults and flags.
#include <filesystem>
#include <string>
#include <vector>

#include "axon/benchmark.hpp"
#include "qif.hpp"

namespace {

using examples::qif;

// I_e above the rheobase: every neuron fires on its own, all in step (they start alike).
void qif_constant_current(benchmark::State& state) {
    axon::bench::kernel<qif>(state, {.parameters = {.I_e = 200.0}});
}
BENCHMARK(qif_constant_current)->Arg(10'000)->Arg(100'000);

// The same neurons started at random phases of their firing cycle: one neuron is simulated
// for 50 ms (about one period: they fire at about 20 Hz) and the others start along its
// trajectory.
void qif_spread(benchmark::State& state) {
    axon::bench::kernel<qif>(state, {.parameters = {.I_e = 200.0}, .spread_ms = 50.0});
}
BENCHMARK(qif_spread)->Arg(10'000)->Arg(100'000);

// Input arriving every step, as in a network: the current now comes through the population's
// input buffer (written, read and cleared every step) instead of the constant I_e.
void qif_driven(benchmark::State& state) {
    axon::bench::kernel<qif>(state, {.initial = {.V_m = -60.0}, .input = {.current = 200.0}});
}
BENCHMARK(qif_driven)->Arg(10'000)->Arg(100'000);

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv, argv + argc);
    if (argc > 1 && argv[1][0] != '-') { // OUT_DIR
        const std::filesystem::path out = argv[1];
        std::filesystem::create_directories(out);
        args.erase(args.begin() + 1);
        args.insert(args.begin() + 1,
                    {"--benchmark_min_time=0.05",
                     "--benchmark_out=" + (out / "benchmark_my_model.json").string(),
                     "--benchmark_out_format=json"});
    }
    std::vector<char*> pointers;
    for (auto& a : args)
        pointers.push_back(a.data());
    pointers.push_back(nullptr);
    int n = static_cast<int>(args.size());
    benchmark::Initialize(&n, pointers.data());
    if (benchmark::ReportUnrecognizedArguments(n, pointers.data()))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
