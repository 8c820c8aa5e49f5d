// A user's kernel benchmark against the installed package: axon/benchmark.hpp and Google
// Benchmark, linked by the user's project.
#include <axon/benchmark.hpp>
#include <axon/models/iaf_psc_alpha.hpp>

namespace {

void iaf_psc_alpha(benchmark::State& state) {
    axon::bench::kernel<axon::iaf_psc_alpha>(state, {.I_e = 376.0});
}
BENCHMARK(iaf_psc_alpha)->Arg(1'000);

} // namespace

BENCHMARK_MAIN();
