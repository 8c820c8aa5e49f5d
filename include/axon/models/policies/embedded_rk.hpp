// Explicit embedded Runge-Kutta pairs on std::array<double, N> (or of simd::f64x8), for the
// adaptive solvers of the ODE models (rkf45.hpp): Fehlberg's 4(5) pair (E. Fehlberg 1969, NASA TR
// R-315; the pair of GSL's rkf45, which NEST uses), coefficients as in Hairer, Norsett & Wanner,
// Solving ODEs I, table II.5.1. Another pair is another tableau struct with the same members.
//
// One step is written out at compile time: every stage is a sum over the earlier stages with
// the tableau's constants, zero entries are dropped, and nothing is allocated or looked up. The
// sums are formed in the order y + (a_1 h) k_1 + (a_2 h) k_2 + ..., left to right, and the error
// as (e_1 h) k_1 + (e_2 h) k_2 + ..., the order of the Boost.Odeint stepper the models used
// before (whose results are reproduced to the last bit when the compiler contracts nothing into
// fused multiply-adds, as with g++'s default x86-64 target).
#pragma once

#include <array>
#include <cstddef>
#include <utility>

#include "axon/models/policies/lanes.hpp"

// The right-hand side is called six times per step; compilers keep such a callee out of line,
// and for small systems the calls and the round trips of the stage vectors through memory then
// cost more than the arithmetic. A step is therefore compiled as one flat piece.
// clang++ inlines only the calls written in a flattened function itself, not those in the
// lambdas and functions it calls, so those are marked to be inlined (AXON_ODE_INLINE, after a
// lambda's parameters).
#if defined(__GNUC__) || defined(__clang__)
#define AXON_ODE_FLATTEN [[gnu::flatten]]
#define AXON_ODE_INLINE __attribute__((always_inline))
#else
#define AXON_ODE_FLATTEN
#define AXON_ODE_INLINE
#endif

AXON_LANES_BEGIN

namespace axon::ode {

/// Fehlberg's 4(5) pair, advancing with the fifth-order solution (GSL's rkf45).
struct fehlberg45 {
    static constexpr std::size_t stages = 6;
    /// a[s][j]: the weight of stage j in the argument of stage s (j < s).
    static constexpr double a[stages][stages - 1] = {
        {},
        {1.0 / 4},
        {3.0 / 32, 9.0 / 32},
        {1932.0 / 2197, -7200.0 / 2197, 7296.0 / 2197},
        {439.0 / 216, -8.0, 3680.0 / 513, -845.0 / 4104},
        {-8.0 / 27, 2.0, -3544.0 / 2565, 1859.0 / 4104, -11.0 / 40},
    };
    /// The fifth-order weights.
    static constexpr double b[stages] = {16.0 / 135,      0.0,         6656.0 / 12825,
                                         28561.0 / 56430, -9.0 / 50.0, 2.0 / 55};
    /// Fifth- minus fourth-order weights: the error estimate.
    static constexpr double e[stages] = {1.0 / 360,       0.0,        -128.0 / 4275,
                                         -2197.0 / 75240, 1.0 / 50.0, 2.0 / 55};
};

namespace rk_detail {

/// The weights of one sum of a tableau: row s < stages of a (a stage's argument), or
/// row == stages for b (the solution) and row == stages + 1 for e (the error).
template <class T, std::size_t Row>
constexpr double weight(std::size_t j) {
    if constexpr (Row < T::stages)
        return j < Row ? T::a[Row][j] : 0.0;
    else if constexpr (Row == T::stages)
        return T::b[j];
    else
        return T::e[j];
}

/// The first stage with a non-zero weight in the row.
template <class T, std::size_t Row>
constexpr std::size_t first_weight() {
    std::size_t j = 0;
    while (weight<T, Row>(j) == 0.0)
        ++j;
    return j;
}

/// out = y + sum_j (w_j h) k_j (WithY) or sum_j (w_j h) k_j, over the row's non-zero weights,
/// summed left to right. V is double, or simd::f64x8 for eight systems at once (each lane with
/// its own h).
template <class T, std::size_t Row, bool WithY, std::size_t N, class V, std::size_t... J>
AXON_ODE_INLINE inline void weighted_sum(std::array<V, N>& out, const std::array<V, N>& y,
                                         const std::array<V, N>* k, V h,
                                         std::index_sequence<J...>) {
    constexpr std::size_t first = first_weight<T, Row>();
    const V scaled[] = {(weight<T, Row>(J) * h)...};
    for (std::size_t i = 0; i < N; ++i) {
        V sum = WithY ? y[i] : V{};
        (
            [&]() AXON_ODE_INLINE {
                if constexpr (weight<T, Row>(J) != 0.0) {
                    if constexpr (!WithY && J == first)
                        sum = scaled[J] * k[J][i];
                    else
                        sum = sum + scaled[J] * k[J][i];
                }
            }(),
            ...);
        out[i] = sum;
    }
}

} // namespace rk_detail

/// One step of the pair from y, whose derivative dydt is given, to y_new = y + h sum b_s k_s,
/// with err = h sum e_s k_s. system(x, f) writes dx/dt into f. The numbers V are doubles, or
/// lanes of eight systems advanced at once (simd::f64x8, with a step size per lane).
template <class Tableau, std::size_t N, class System, class V>
AXON_ODE_FLATTEN inline void embedded_step(System& system, const std::array<V, N>& y,
                                           const std::array<V, N>& dydt, V h,
                                           std::array<V, N>& y_new, std::array<V, N>& err) {
    constexpr std::size_t S = Tableau::stages;
    std::array<V, N> k[S];
    k[0] = dydt;
    std::array<V, N> x;
    [&]<std::size_t... Stage>(std::index_sequence<Stage...>) AXON_ODE_INLINE {
        (
            [&]() AXON_ODE_INLINE {
                constexpr std::size_t s = Stage + 1;
                rk_detail::weighted_sum<Tableau, s, true>(x, y, k, h,
                                                          std::make_index_sequence<s>{});
                system(x, k[s]);
            }(),
            ...);
    }
    (std::make_index_sequence<S - 1>{});
    rk_detail::weighted_sum<Tableau, S, true>(y_new, y, k, h, std::make_index_sequence<S>{});
    rk_detail::weighted_sum<Tableau, S + 1, false>(err, y, k, h, std::make_index_sequence<S>{});
}

} // namespace axon::ode

AXON_LANES_END
