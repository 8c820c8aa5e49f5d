// e^x in straight-line code, for one double and for eight lanes (simd::f64x8: hh_psc_alpha's
// right-hand side in rkf45_lanes.hpp), with the same result for the same argument.
// Also ln x and x^y (log_core, power) for the solvers' step-size control.
//
// Method (Cody & Waite 1980, Software Manual for the Elementary Functions; J.-M. Muller,
// Elementary Functions, ch. 11): x = n ln 2 + r with n = round(x / ln 2) and ln 2 split in a
// high part with trailing zeros (so n ln2_hi is exact) and a low part, |r| <= ln(2)/2; e^r by its
// Taylor polynomial of degree 13 (truncation error < 5e-18, below half an ulp of e^r); then the
// exponent n is added to the bits of the result. Measured against glibc's exp over [-745, 710]:
// within 1 ulp (the two differ in the last bit for about one argument in ten). Outside the normal
// range the result is 0 below x = -708 (e^-708 is 3.3e-308; glibc returns subnormals down to -745)
// and +inf above 709.78, NaN for NaN.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "axon/models/policies/lanes.hpp"

AXON_LANES_BEGIN

namespace axon::ode {

namespace detail {
/// c0 + c1 x: a pair of Estrin's scheme. (A function, not a lambda: a lambda returning a vector
/// that the compiler keeps out of line would pass it by another ABI without AVX-512.)
template <class T>
[[nodiscard, gnu::always_inline]] inline T pair(double c0, double c1, T x) {
    return c0 + c1 * x;
}

/// e^v for v in [-708, 709.78], the normal range of the result, in straight-line code, for one
/// double or for eight lanes (simd::f64x8: the same operations on each). With FlushBelow, v
/// below that (down to about -1e15) gives 0 instead of garbage.
template <bool FlushBelow, class T = double>
[[nodiscard, gnu::always_inline]] inline T exp_core(T v) {
    constexpr double log2e = 1.4426950408889634;
    constexpr double ln2_hi = 6.93147180369123816490e-01; // 32 significant bits
    constexpr double ln2_lo = 1.90821492927058770002e-10; // ln 2 - ln2_hi
    constexpr double shifter = 0x1.8p52; // adding it rounds to an integer, kept in the low bits
    constexpr double inv_factorial[] = {1.0,
                                        1.0,
                                        1.0 / 2,
                                        1.0 / 6,
                                        1.0 / 24,
                                        1.0 / 120,
                                        1.0 / 720,
                                        1.0 / 5040,
                                        1.0 / 40320,
                                        1.0 / 362880,
                                        1.0 / 3628800,
                                        1.0 / 39916800,
                                        1.0 / 479001600,
                                        1.0 / 6227020800};
    const T shifted = v * log2e + shifter;
    const T n = shifted - shifter;
    const T r = (v - n * ln2_hi) - n * ln2_lo;
    // 1 + (r + r^2 T(r)): the tail T of degree 11 by Estrin's scheme (pairs, then r^2, r^4,
    // r^8: half the dependent steps of Horner's, as one neuron's solver is one long chain),
    // the leading terms last, where their rounding matters
    const T r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    const auto c = inv_factorial;
    const T t0 = pair(c[2], c[3], r) + pair(c[4], c[5], r) * r2;
    const T t1 = pair(c[6], c[7], r) + pair(c[8], c[9], r) * r2;
    const T t2 = pair(c[10], c[11], r) + pair(c[12], c[13], r) * r2;
    const T tail = (t0 + t1 * r4) + t2 * r8;
    const T p = 1.0 + (r + r2 * tail);
    // n is the integer in the low bits of `shifted`; 2^(n-1) keeps n = 1024 finite
    constexpr std::int64_t shifter_bits = std::bit_cast<std::int64_t>(shifter);
    if constexpr (std::is_same_v<T, double>) {
        // With FlushBelow, n at least -1022 (2^(-1022-1) reads as +0.0): a max of doubles,
        // not a branch, and not of 64-bit integers, which SSE2 lacks (the loops of the
        // fixed-step models then vectorize with plain -O3). shifted is shifter + n exactly for
        // |n| < 2^51, so the doubles are in the order of the integers.
        const double clamped = FlushBelow ? std::max(shifted, shifter - 1022.0) : shifted;
        const std::int64_t n_int = std::bit_cast<std::int64_t>(clamped) - shifter_bits;
        const double scale = std::bit_cast<double>(static_cast<std::uint64_t>(n_int + 1022) << 52);
        return (p + p) * scale;
    } else {
        simd::i64x8 n_int = std::bit_cast<simd::i64x8>(shifted) - shifter_bits;
        if constexpr (FlushBelow)
            n_int = n_int < -1022 ? simd::i64x8{} - 1022 : n_int;
        const T scale = std::bit_cast<T>(std::bit_cast<simd::u64x8>(n_int + 1022) << 52);
        return (p + p) * scale;
    }
}

/// ln x for a positive, finite, normal x (the error ratios of the step-size control), for one
/// double or eight lanes. x = 2^k m with m in [sqrt(2)/2, sqrt(2)), then
/// ln m = 2 atanh(f) = 2 (f + f^3/3 + f^5/5 + ...) with f = (m - 1)/(m + 1), |f| < 0.172,
/// summed to f^23 (the next term is below 1e-18 of the sum); within 4 ulp of std::log.
template <class T = double>
[[nodiscard, gnu::always_inline]] inline T log_core(T x) {
    constexpr std::int64_t one = 0x3ff0000000000000, half_sqrt2 = 0x3fe6a09e667f3bcd;
    constexpr std::int64_t mantissa = 0x000fffffffffffff;
    constexpr double ln2_hi = 6.93147180369123816490e-01; // as in exp_core
    constexpr double ln2_lo = 1.90821492927058770002e-10;
    using I = std::conditional_t<std::is_same_v<T, double>, std::int64_t, simd::i64x8>;
    const I shifted = std::bit_cast<I>(x) + (one - half_sqrt2);
    const I k = (shifted >> 52) - 0x3ff;
    const T m = std::bit_cast<T>((shifted & mantissa) + half_sqrt2);
    T kd;
    if constexpr (std::is_same_v<T, double>)
        kd = static_cast<double>(k);
    else
        kd = __builtin_convertvector(k, simd::f64x8);
    const T f = (m - 1.0) / (m + 1.0);
    const T s = f * f, s2 = s * s, s4 = s2 * s2, s8 = s4 * s4;
    // 1 + s/3 + s^2/5 + ... + s^11/23, by Estrin's scheme
    const T q0 = pair(1.0, 1.0 / 3, s) + pair(1.0 / 5, 1.0 / 7, s) * s2;
    const T q1 = pair(1.0 / 9, 1.0 / 11, s) + pair(1.0 / 13, 1.0 / 15, s) * s2;
    const T q2 = pair(1.0 / 17, 1.0 / 19, s) + pair(1.0 / 21, 1.0 / 23, s) * s2;
    const T series = (q0 + q1 * s4) + q2 * s8;
    return kd * ln2_hi + (2.0 * f * series + kd * ln2_lo);
}
} // namespace detail

/// x^y for a positive, finite, normal x and |y ln x| < 700, as e^(y ln x): for the step-size
/// control of the adaptive solvers (rkf45.hpp, rkf45_lanes.hpp), which take r^(-1/5) and
/// r^(-1/6) of an error ratio r, for one double or eight lanes with the same numbers. Within
/// about |y ln x| * 1e-16 relative of std::pow (3e-14 at the extreme of the range, 1e-16 for
/// the ratios a solver sees): a step size is a choice, not a result, and this one vectorizes.
template <class T>
[[nodiscard, gnu::always_inline]] inline T power(T x, T y) {
    return detail::exp_core<false>(detail::log_core(x) * y);
}

/// e^v for v <= 709.78 (and v > -1e15), flushed to 0 where e^v is below the normal range
/// (v < -708.4): straight-line code with no select on doubles, which vectorizes under any
/// instruction set where it sits in a loop over neurons (the fixed-step conductance models,
/// policies/exponential_schemes.hpp). Within 1 ulp of glibc's exp in the normal range.
[[nodiscard, gnu::always_inline]] inline double exp_flushed(double v) {
    return detail::exp_core<true>(v);
}

/// e^x on eight lanes: within 1 ulp of std::exp, 0 below -708, +inf above 709.78, NaN for
/// NaN. exp_core computes every lane unconditionally (out of range its arithmetic gives
/// garbage, NaN or inf, and no trap is enabled by default); the selects replace those lanes.
[[nodiscard, gnu::always_inline]] inline simd::f64x8 exp_lanes(simd::f64x8 x) {
    constexpr double lowest = -708.0, highest = 709.78;
    const simd::f64x8 e = detail::exp_core<false>(x);
    return simd::select(
        x < lowest, simd::f64x8{},
        simd::select(x > highest, simd::broadcast(std::numeric_limits<double>::infinity()), e));
}

/// The same for one double (the scalar form of a model written for both, hh_psc_alpha), with
/// the same result as its lane.
[[nodiscard, gnu::always_inline]] inline double exp_lanes(double x) {
    constexpr double lowest = -708.0, highest = 709.78;
    const double e = detail::exp_core<false>(x);
    return x < lowest ? 0.0 : (x > highest ? std::numeric_limits<double>::infinity() : e);
}

} // namespace axon::ode

AXON_LANES_END
