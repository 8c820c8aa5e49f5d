// The update loop of every built-in model, compiled as a user's optimized build compiles it:
// the preset's -O2 with warnings as errors, without the sanitizers (the clang preset's tests
// have them, and they change what the optimizer tries). clang++ reported a loop marked for
// vectorization that it could not vectorize (-Wpass-failed) at the function the loop was
// inlined into, for iaf_cond_alpha on fixed steps, which the sanitized tests did not show.
// Compiled only: a warning here fails the build.
#include "axon/models/models.hpp"
#include "axon/network/population.hpp"

namespace {

template <class Model>
void update_one() {
    axon::population<Model> pop(64);
    pop.calibrate(axon::time_grid(0.1), 2);
    pop.inputs().spikes_for(0).add(3, 1.0);
    pop.inputs().currents_for(1)[5] = 1.0;
    for (axon::step_t k = 0; k < 3; ++k)
        pop.update(k);
}

template <class... Models>
void update_all(axon::type_list<Models...>) {
    (update_one<Models>(), ...);
}

} // namespace

void axon_update_every_model() {
    update_all(axon::builtin_models{});
    update_all(axon::type_list<axon::basic_iaf_cond_exp<axon::exponential_euler>,
                               axon::basic_iaf_cond_exp<axon::exponential_magnus>,
                               axon::basic_iaf_cond_alpha<axon::exponential_euler>,
                               axon::basic_iaf_cond_alpha<axon::exponential_magnus>,
                               axon::basic_iaf_psc_alpha<float>,
                               axon::basic_hh_psc_alpha<axon::exponential_euler>>{});
}
