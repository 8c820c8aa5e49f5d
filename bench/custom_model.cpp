// A user's model gets a kernel benchmark for free: the QIF of examples/qif.hpp.
#include "qif.hpp"
#include "support.hpp"

namespace {

void kernel_qif(benchmark::State& state) {
    axon::bench::kernel<examples::qif>(state, {.I_e = 200.0});
}
BENCHMARK(kernel_qif)->Name("kernel/qif")->Arg(10'000)->Arg(100'000);

} // namespace
