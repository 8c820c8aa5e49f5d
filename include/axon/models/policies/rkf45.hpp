// Adaptive Runge-Kutta-Fehlberg 4(5) integration over one simulation step, the way NEST drives
// GSL's rkf45 stepper for its conductance-based models: Fehlberg's pair (E. Fehlberg 1969, NASA
// TR R-315; embedded_rk.hpp) with GSL's documented "standard" step-size control.
//
// Step-size control (GSL manual, "Adaptive Step-size Control"): with the error estimate E_i of
// an attempted step h, the new state y_i and its derivative y'_i,
//     D_i = eps_abs + eps_rel (a_y |y_i| + a_dydt h |y'_i|),   r = max_i |E_i| / D_i;
// r > 1.1: the step is rejected and retried with h * max(0.2, 0.9 r^(-1/5));
// r < 0.5: the step is accepted and the next one may grow to h * min(5, max(1, 0.9 r^(-1/6)));
// otherwise h is kept. A step never crosses the end of the simulation step; the step size left
// after the last solver step is kept for the next simulation step (the caller stores it).
// The powers are exp_lanes.hpp's `power` (e^(y ln x), within about 1e-16 relative of std::pow
// for these ratios), so that the eight-lane solver (rkf45_lanes.hpp) takes them in vector code
// and still makes the same choices, to the last bit, as this one.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

#include "axon/core/error.hpp"
#include "axon/models/policies/embedded_rk.hpp"
#include "axon/models/policies/exp_lanes.hpp"

namespace axon::ode {

/// The tolerances of GSL's standard step-size control (see the header comment).
struct error_control {
    double eps_abs = 1e-3;
    double eps_rel = 0.0;
    double a_y = 1.0;
    double a_dydt = 0.0;
};

/// GSL's growth of an accepted step, h clamp(0.9 r^(-1/6), 1, 5), without the power where its
/// value cannot matter: for r <= 3.4e-5 the factor is 5 (0.9 / (3.4e-5)^(1/6) = 5.0003), and a
/// step that surely reaches `span` is only ever used cut to what is left of a span (the next
/// step of this span, or the first of the next), so span stands for it: the same steps, to the last
/// bit.
[[nodiscard]] inline double grown_step(double step, double worst, double span) {
    if (worst <= 3.4e-5)
        return step * 5.0;
    if (5.0 * step >= span) {
        const double q = 0.9 * step / span; // the factor reaches span / step when r <= q^6
        if (worst <= q * q * q * q * q * q * (1.0 - 1e-9))
            return span;
    }
    return step * std::clamp(0.9 * power(worst, -1.0 / 6.0), 1.0, 5.0);
}

/// How an integration over one span ended. The callers throw numerical_error with their own
/// words for the last two (conductance_neuron: throw_solver_error).
enum class outcome {
    done,
    no_progress, // max_tries attempted steps without getting through the span
    non_finite,  // an accepted step left a NaN or an infinity in the state
};

/// A step that cannot get through one span in this many attempts is a numerical instability.
inline constexpr int max_tries = 100000;

[[noreturn]] inline void throw_solver_error(outcome what) {
    if (what == outcome::no_progress)
        throw numerical_error(axon::detail::concat(
            "the adaptive solver made no progress over one step (", max_tries,
            " tries): the parameters or the state are numerically unstable (NEST reports this "
            "as NumericalInstability)"));
    throw numerical_error(
        "the state became non-finite over one step: the parameters or the state are "
        "numerically unstable (NEST reports this as NumericalInstability)");
}

/// Integrates dy/dt = system(y) from 0 to `span` with adaptive steps starting at `h`, and
/// calls after_step(y) after every accepted step (it may change y: a reset at a spike).
/// On return h holds the step size to start the next call with; y holds the non-finite state
/// after non_finite, the last accepted one after no_progress.
template <std::size_t N, class System, class AfterStep>
[[nodiscard]] outcome integrate(System&& system, std::array<double, N>& y, double span, double& h,
                                const error_control& tolerance, AfterStep&& after_step) {
    using vector = std::array<double, N>;
    constexpr double order = 5.0; // of the fifth-order solution
    constexpr double safety = 0.9;

    vector dydt{}, y_new{}, dydt_new{}, error{};
    double t = 0.0;
    int tries = 0;
    const bool with_dydt = tolerance.a_dydt != 0.0;
    const bool absolute_only = tolerance.eps_rel == 0.0 && !with_dydt && tolerance.eps_abs > 0.0;
    bool dydt_known = false; // dydt_new is the derivative at y (see the end of the loop)
    while (t < span) {
        if (dydt_known)
            dydt = dydt_new;
        else
            system(y, dydt);
        double step = h;
        for (;;) {
            if (++tries > max_tries)
                return outcome::no_progress;
            const bool last = step > span - t;
            if (last)
                step = span - t;
            embedded_step<fehlberg45>(system, y, dydt, step, y_new, error);
            if (with_dydt)
                system(y_new, dydt_new);
            const double t_next = last ? span : t + step;

            bool finite = true;
            for (const double v : y_new)
                finite &= std::isfinite(v);
            double worst = std::numeric_limits<double>::min();
            if (absolute_only && finite) {
                // every D_i is eps_abs, and dividing by one positive number keeps the order:
                // max_i (|E_i| / D) is max_i |E_i| / D, one division instead of N
                double largest = 0.0;
                for (std::size_t i = 0; i < N; ++i)
                    largest = std::max(largest, std::abs(error[i]));
                worst = std::max(worst, largest / tolerance.eps_abs);
            } else {
                for (std::size_t i = 0; i < N; ++i) {
                    double scale = tolerance.a_y * std::abs(y_new[i]);
                    if (with_dydt)
                        scale += tolerance.a_dydt * std::abs(step * dydt_new[i]);
                    const double desired = tolerance.eps_rel * scale + tolerance.eps_abs;
                    worst = std::max(worst, std::abs(error[i]) / desired);
                }
            }
            if (worst > 1.1) {
                const double smaller = step * std::max(0.2, safety * power(worst, -1.0 / order));
                // retry unless the step can shrink no further (it would not move time)
                if (smaller < step && t_next + smaller != t_next) {
                    step = smaller;
                    continue;
                }
            } else if (worst < 0.5) {
                step = grown_step(step, worst, span);
            }
            if (!finite) {
                y = y_new;
                return outcome::non_finite;
            }
            t = t_next;
            y = y_new;
            h = step;
            break;
        }
        after_step(y);
        // The error control needed the derivative at the new state; unless after_step moved
        // the state (a spike), it is the next step's first stage: the same call on the same
        // numbers, so it is taken over instead of recomputed.
        dydt_known = with_dydt && y == y_new;
    }
    return outcome::done;
}

} // namespace axon::ode
