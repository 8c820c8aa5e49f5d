// Threshold-and-reset policies for ODE-integrated neurons: when, within one simulation step,
// the membrane's threshold is checked. Refractoriness is the same for all of them (see
// conductance_neuron): after a spike V_m is held at V_reset for round(t_ref/dt) whole steps.
//
// SpikeRule — what conductance_neuron asks of a spike rule (M is the membrane policy):
//   after_solver_step<M>(k, y, clamped, refractory_steps)
//       called after every accepted solver step; returns true on a spike (and has reset y)
//   at_step_end<M>(k, y)
//       called once after the step's integration unless the neuron was refractory;
//       returns true on a spike (and has reset y)
#pragma once

#include <cstdint>

namespace axon::policies {

/// NEST's iaf_cond_*: the step is integrated whole, then V_m >= V_th is checked once.
struct threshold_at_step_end {
    template <class M>
    static bool after_solver_step(const typename M::constants&, double*, bool&, std::int32_t) {
        return false;
    }
    template <class M>
    static bool at_step_end(const typename M::constants& k, double* y) {
        if (y[0] < M::threshold(k))
            return false;
        M::reset(k, y);
        return true;
    }
};

/// NEST's aeif_*: V_m diverges within a fraction of a step, so V_m >= V_peak is checked after
/// every solver step; a spike resets at once and, with t_ref > 0, holds V_m for the rest of the
/// step too. (Two spikes within one step, possible only with t_ref = 0, count as one.)
struct peak_within_step {
    template <class M>
    static bool after_solver_step(const typename M::constants& k, double* y, bool& clamped,
                                  std::int32_t refractory_steps) {
        if (clamped) {
            M::clamp(k, y);
            return false;
        }
        if (y[0] < M::threshold(k))
            return false;
        M::reset(k, y);
        clamped = refractory_steps > 0;
        return true;
    }
    template <class M>
    static bool at_step_end(const typename M::constants&, double*) {
        return false;
    }
};

} // namespace axon::policies
