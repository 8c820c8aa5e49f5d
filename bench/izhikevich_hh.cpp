// The nonlinear point models: izhikevich (an Euler step, a few flops) and hh_psc_alpha (an
// adaptive Runge-Kutta solve per neuron per step), driven like the NEST reference cases.
#include "axon/models/hh_psc_alpha.hpp"
#include "axon/models/izhikevich.hpp"
#include "support.hpp"

namespace {

using namespace axon;

/// Regular spiking (NEST's default a, b, c, d) with I_e = 10, as case g_izhikevich_RS.
void kernel_izhikevich(benchmark::State& state) {
    bench::kernel<izhikevich>(state, {.I_e = 10.0});
}
BENCHMARK(kernel_izhikevich)->Name("kernel/izhikevich")->Arg(10'000)->Arg(100'000);

/// I_e = 650 pA, the spike train of case f_hh_psc_alpha_Ie650.
void kernel_hh_psc_alpha(benchmark::State& state) {
    const hh_psc_alpha::parameters p{.I_e = 650.0};
    bench::kernel<hh_psc_alpha>(state, p);

    // Every neuron of the kernel starts alike and gets no input, so one neuron replayed over
    // the same steps, outside the timed loop, gives the mean number of solver steps per dt.
    const auto k = hh_psc_alpha::calibrate(p, time_grid{}.resolution());
    hh_psc_alpha::state s{};
    hh_psc_alpha::internal x{};
    double steps = 0;
    for (benchmark::IterationCount i = 0; i < state.iterations(); ++i)
        steps += hh_psc_alpha::integrate(k, s, x);
    state.counters["solver_steps_per_dt"] = steps / static_cast<double>(state.iterations());
}
BENCHMARK(kernel_hh_psc_alpha)->Name("kernel/hh_psc_alpha")->Arg(10'000)->Arg(100'000);

} // namespace
