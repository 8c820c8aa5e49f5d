// Adaptive Runge-Kutta-Fehlberg 4(5) integration over one simulation step, the way NEST drives
// GSL's rkf45 stepper for its conductance-based models: Boost.Odeint does the Runge-Kutta step
// (Fehlberg's tableau, E. Fehlberg 1969, NASA TR R-315; Hairer, Norsett & Wanner, Solving ODEs
// I, table II.5.1), and the step-size control is GSL's documented "standard" control.
//
// Step-size control (GSL manual, "Adaptive Step-size Control"): with the error estimate E_i of
// an attempted step h, the new state y_i and its derivative y'_i,
//     D_i = eps_abs + eps_rel (a_y |y_i| + a_dydt h |y'_i|),   r = max_i |E_i| / D_i;
// r > 1.1: the step is rejected and retried with h * max(0.2, 0.9 r^(-1/5));
// r < 0.5: the step is accepted and the next one may grow to h * min(5, max(1, 0.9 r^(-1/6)));
// otherwise h is kept. A step never crosses the end of the simulation step; the step size left
// after the last solver step is kept for the next simulation step (the caller stores it).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

#include "axon/core/error.hpp"

#include <boost/array.hpp>
#include <boost/fusion/container/generation/make_vector.hpp>
#include <boost/fusion/container/vector.hpp>
#include <boost/numeric/odeint/stepper/explicit_error_generic_rk.hpp>

namespace axon::ode {

/// The tolerances of GSL's standard step-size control (see the header comment).
struct error_control {
    double eps_abs = 1e-3;
    double eps_rel = 0.0;
    double a_y = 1.0;
    double a_dydt = 0.0;
};

/// The Runge-Kutta-Fehlberg 4(5) stepper on N doubles: advances with the fifth-order
/// solution, estimates the error by its difference to the fourth-order one.
template <std::size_t N>
class rkf45_stepper
    : public boost::numeric::odeint::explicit_error_generic_rk<6, 5, 5, 4, std::array<double, N>> {
    using base =
        boost::numeric::odeint::explicit_error_generic_rk<6, 5, 5, 4, std::array<double, N>>;

public:
    rkf45_stepper()
        : base(boost::fusion::make_vector(
                   boost::array<double, 1>{{1.0 / 4}}, //
                   boost::array<double, 2>{{3.0 / 32, 9.0 / 32}},
                   boost::array<double, 3>{{1932.0 / 2197, -7200.0 / 2197, 7296.0 / 2197}},
                   boost::array<double, 4>{{439.0 / 216, -8.0, 3680.0 / 513, -845.0 / 4104}},
                   boost::array<double, 5>{
                       {-8.0 / 27, 2.0, -3544.0 / 2565, 1859.0 / 4104, -11.0 / 40}}),
               // fifth-order weights
               boost::array<double, 6>{
                   {16.0 / 135, 0.0, 6656.0 / 12825, 28561.0 / 56430, -9.0 / 50, 2.0 / 55}},
               // fifth- minus fourth-order weights: the error estimate
               boost::array<double, 6>{
                   {1.0 / 360, 0.0, -128.0 / 4275, -2197.0 / 75240, 1.0 / 50, 2.0 / 55}},
               boost::array<double, 6>{{0.0, 1.0 / 4, 3.0 / 8, 12.0 / 13, 1.0, 1.0 / 2}}) {}
};

/// Integrates dy/dt = system(y) from 0 to `span` with adaptive steps starting at `h`, and
/// calls after_step(y) after every accepted step (it may change y: a reset at a spike).
/// On return h holds the step size to start the next call with.
template <std::size_t N, class System, class AfterStep>
void integrate(System&& system, std::array<double, N>& y, double span, double& h,
               const error_control& tolerance, AfterStep&& after_step) {
    using vector = std::array<double, N>;
    static thread_local rkf45_stepper<N> stepper; // coefficients set up once per thread
    constexpr double order = 5.0;                 // of the fifth-order solution
    constexpr double safety = 0.9;

    auto rhs = [&system](const vector& x, vector& dxdt, double) { system(x, dxdt); };
    vector dydt{}, y_new{}, dydt_new{}, error{};
    double t = 0.0;
    // a step that cannot get through dt in this many tries is a numerical instability
    constexpr int max_tries = 100000;
    int tries = 0;
    while (t < span) {
        system(y, dydt);
        double step = h;
        for (;;) {
            if (++tries > max_tries) {
                throw numerical_error(detail::concat(
                    "the adaptive solver made no progress over one step (", max_tries,
                    " tries): the parameters or the state are numerically unstable (NEST "
                    "reports this as NumericalInstability)"));
            }
            const bool last = step > span - t;
            if (last)
                step = span - t;
            stepper.do_step(rhs, y, dydt, t, y_new, step, error);
            if (tolerance.a_dydt != 0.0)
                system(y_new, dydt_new);
            const double t_next = last ? span : t + step;

            double worst = std::numeric_limits<double>::min();
            for (std::size_t i = 0; i < N; ++i) {
                double scale = tolerance.a_y * std::abs(y_new[i]);
                if (tolerance.a_dydt != 0.0)
                    scale += tolerance.a_dydt * std::abs(step * dydt_new[i]);
                const double desired = tolerance.eps_rel * scale + tolerance.eps_abs;
                worst = std::max(worst, std::abs(error[i]) / desired);
            }
            if (worst > 1.1) {
                const double smaller = step * std::max(0.2, safety / std::pow(worst, 1.0 / order));
                // retry unless the step can shrink no further (it would not move time)
                if (smaller < step && t_next + smaller != t_next) {
                    step = smaller;
                    continue;
                }
            } else if (worst < 0.5) {
                step *= std::clamp(safety / std::pow(worst, 1.0 / (order + 1.0)), 1.0, 5.0);
            }
            for (const double v : y_new)
                if (!std::isfinite(v))
                    throw numerical_error(
                        "the state became non-finite over one step: the parameters or the state "
                        "are numerically unstable (NEST reports this as NumericalInstability)");
            t = t_next;
            y = y_new;
            h = step;
            break;
        }
        after_step(y);
    }
}

} // namespace axon::ode
