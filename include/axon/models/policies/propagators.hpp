// Exact-integration propagators for linear subthreshold dynamics (Rotter & Diesmann 1999,
// Biol. Cybern. 81:381-402): the matrix exponential of the linear system over one step h,
// computed once from the parameters and the resolution.
#pragma once

#include <cmath>

namespace axon::propagators {

/// Coefficients that carry an alpha-shaped current (dI' = -dI/tau_s, I' = dI - I/tau_s) into
/// the membrane (V' = -V/tau_m + I/C_m) over one step h.
struct alpha_to_membrane {
    double P31; // from dI to V
    double P32; // from I  to V
};

/// Well-conditioned for tau_m == tau_syn too: with y = h (1/tau_s - 1/tau_m),
///   P32 = h/C e^{-h/tau_s} (e^y - 1)/y,   P31 = h^2/C e^{-h/tau_s} (e^y - 1 - y)/y^2,
/// and both quotients use their Taylor series where y is small.
[[nodiscard]] inline alpha_to_membrane alpha(double tau_syn, double tau_m, double C_m, double h) {
    const double y = h * (1.0 / tau_syn - 1.0 / tau_m);
    double q1; // (e^y - 1) / y
    double q2; // (e^y - 1 - y) / y^2
    if (std::abs(y) < 1e-3) {
        q1 = 1.0 + y * (1.0 / 2 + y * (1.0 / 6 + y * (1.0 / 24 + y / 120)));
        q2 = 1.0 / 2 + y * (1.0 / 6 + y * (1.0 / 24 + y * (1.0 / 120 + y / 720)));
    } else {
        const double em1 = std::expm1(y);
        q1 = em1 / y;
        q2 = (em1 - y) / (y * y);
    }
    const double decay = std::exp(-h / tau_syn);
    return {h * h / C_m * decay * q2, h / C_m * decay * q1};
}

/// Coefficient that carries a constant current into the membrane over one step h:
/// tau_m/C_m (1 - e^{-h/tau_m}).
[[nodiscard]] inline double constant_to_membrane(double tau_m, double C_m, double h) {
    return -tau_m / C_m * std::expm1(-h / tau_m);
}

} // namespace axon::propagators
