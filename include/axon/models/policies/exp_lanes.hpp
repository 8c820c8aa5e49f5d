// e^x on every lane of a std::array<double, L> at once, in straight-line code that compilers
// vectorize (one vector pass instead of L calls of std::exp): for right-hand sides that need
// several exponentials per evaluation (hh_psc_alpha: six). g++ 12 vectorizes it where it can
// mask (AVX-512); for SSE/AVX2 targets it keeps the loop scalar (the selects at the end count
// as control flow under -ftrapping-math), and std::exp is then the faster choice.
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
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace axon::ode {

namespace detail {
/// e^v for v in [-708, 709.78], the normal range of the result, in straight-line code. With
/// FlushBelow, v below that (down to about -1e15) gives 0 instead of garbage.
template <bool FlushBelow>
[[nodiscard, gnu::always_inline]] inline double exp_core(double v) {
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
    const double shifted = v * log2e + shifter;
    const double n = shifted - shifter;
    const double r = (v - n * ln2_hi) - n * ln2_lo;
    // 1 + (r + r^2 T(r)): the tail T of degree 11 by Estrin's scheme (pairs, then r^2, r^4,
    // r^8: half the dependent steps of Horner's, as one neuron's solver is one long chain),
    // the leading terms last, where their rounding matters
    const double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    const auto pair = [&](int k) { return inv_factorial[k] + inv_factorial[k + 1] * r; };
    const double t0 = pair(2) + pair(4) * r2, t1 = pair(6) + pair(8) * r2;
    const double t2 = pair(10) + pair(12) * r2;
    const double tail = (t0 + t1 * r4) + t2 * r8;
    const double p = 1.0 + (r + r2 * tail);
    // n is the integer in the low bits of `shifted`; 2^(n-1) keeps n = 1024 finite
    std::int64_t n_int =
        std::bit_cast<std::int64_t>(shifted) - std::bit_cast<std::int64_t>(shifter);
    if constexpr (FlushBelow) // an integer max, not a branch: 2^(-1022-1) then reads as +0.0
        n_int = std::max<std::int64_t>(n_int, -1022);
    const double scale = std::bit_cast<double>(static_cast<std::uint64_t>(n_int + 1022) << 52);
    return (p + p) * scale;
}
} // namespace detail

/// e^v for v <= 709.78 (and v > -1e15), flushed to 0 where e^v is below the normal range
/// (v < -708.4): straight-line code with no select on doubles, which vectorizes under any
/// instruction set where it sits in a loop over neurons (the fixed-step conductance models,
/// policies/exponential_schemes.hpp). Within 1 ulp of glibc's exp in the normal range.
[[nodiscard, gnu::always_inline]] inline double exp_flushed(double v) {
    return detail::exp_core<true>(v);
}

template <std::size_t L>
inline void exp_lanes(std::array<double, L>& x) {
    constexpr double lowest = -708.0, highest = 709.78;
    for (std::size_t i = 0; i < L; ++i) {
        const double v = x[i];
        // Out of range the arithmetic of exp_core gives garbage (or NaN, inf: no trap is
        // enabled by default), and the selects at the end replace it. Computing everything
        // unconditionally and selecting only at the end lets compilers turn the selects into
        // vector blends: under the default -ftrapping-math g++ keeps a loop scalar when a product
        // happens on one branch only (as it would with the argument clamped before use).
        const bool below = v < lowest;
        const bool above = v > highest;
        const double e = detail::exp_core<false>(v);
        x[i] = below ? 0.0 : (above ? std::numeric_limits<double>::infinity() : e);
    }
}

} // namespace axon::ode
