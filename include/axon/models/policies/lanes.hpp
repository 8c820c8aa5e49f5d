// Eight doubles in one value, for models that advance eight neurons at once (rkf45_lanes.hpp):
// the vector extension of g++ and clang++ (`vector_size`), whose arithmetic is element-wise,
// compiled to one 512-bit instruction per operation with AVX-512 and split into narrower ones
// without it (the results are the same, lane by lane: IEEE arithmetic on each element).
//
// Every function that takes or returns such a vector is inline and inlined; the compilers'
// warning that passing one between functions has another ABI without AVX-512 (-Wpsabi) does not
// apply to them. The headers that use these vectors open with AXON_LANES_BEGIN and close with
// AXON_LANES_END, which silence that warning between them for clang++. g++ reports it at the
// end of the translation unit, outside any such region, so for g++ it is silenced from here on
// (it only concerns functions that pass such vectors by value, not models or networks).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#if defined(__clang__)
#define AXON_LANES_BEGIN                                                                           \
    _Pragma("clang diagnostic push") _Pragma("clang diagnostic ignored \"-Wpsabi\"")
#define AXON_LANES_END _Pragma("clang diagnostic pop")
#else
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
#define AXON_LANES_BEGIN
#define AXON_LANES_END
#endif

AXON_LANES_BEGIN

namespace axon::simd {

/// Lanes per value.
inline constexpr std::size_t width = 8;

/// False where eight lanes cost more than eight doubles one at a time: g++ without AVX2
/// emulates the 512-bit vectors on 128-bit registers (hh_psc_alpha: 306 against 272 ns per
/// neuron-step; with AVX2 185 against 261, with AVX-512 42 against 289; clang++ 244 against
/// 312 even on SSE2: bench/README.md, "hh_psc_alpha in lanes"). Models that offer a lane
/// path choose by it.
#if defined(__GNUC__) && !defined(__clang__) && !defined(__AVX2__)
inline constexpr bool lanes_pay = false;
#else
inline constexpr bool lanes_pay = true;
#endif

/// Eight doubles, and eight 64-bit integers: a comparison of two f64x8 gives an i64x8 of
/// masks, -1 (all bits set) where it holds and 0 elsewhere.
using f64x8 = double __attribute__((vector_size(64)));
using i64x8 = std::int64_t __attribute__((vector_size(64)));
using u64x8 = std::uint64_t __attribute__((vector_size(64)));

/// Every lane x.
[[nodiscard, gnu::always_inline]] inline f64x8 broadcast(double x) {
    return f64x8{} + x;
}

/// a where the mask is set, b elsewhere.
[[nodiscard, gnu::always_inline]] inline f64x8 select(i64x8 mask, f64x8 a, f64x8 b) {
    return mask ? a : b;
}

[[nodiscard, gnu::always_inline]] inline f64x8 max(f64x8 a, f64x8 b) {
    return a > b ? a : b;
}

/// |x|: the sign bit cleared.
[[nodiscard, gnu::always_inline]] inline f64x8 abs(f64x8 x) {
    return std::bit_cast<f64x8>(std::bit_cast<u64x8>(x) & 0x7fffffffffffffffULL);
}

/// The lanes that hold neither an infinity nor a NaN (whose exponent bits are not all set).
[[nodiscard, gnu::always_inline]] inline i64x8 finite(f64x8 x) {
    constexpr std::uint64_t exponent = 0x7ff0000000000000ULL;
    return std::bit_cast<i64x8>((std::bit_cast<u64x8>(x) & exponent) != exponent);
}

/// The mask whose lane l is set where bit l of `bits` is.
[[nodiscard, gnu::always_inline]] inline i64x8 mask_of(unsigned bits) {
    constexpr i64x8 lane_bit = {1, 2, 4, 8, 16, 32, 64, 128};
    return (lane_bit & static_cast<std::int64_t>(bits)) != 0;
}

/// The lanes of the mask as bits: bit l set where lane l is. With AVX-512 one comparison into
/// a mask register; g++ 12 compiles the portable loop to some thirty extractions and shifts.
[[nodiscard, gnu::always_inline]] inline unsigned bits_of(i64x8 mask) {
#if defined(__AVX512F__)
    using long_long_x8 = long long __attribute__((vector_size(64))); // the builtin's type
    return __builtin_ia32_cmpq512_mask(std::bit_cast<long_long_x8>(mask), long_long_x8{},
                                       4 /* not equal */, 0xff);
#else
    unsigned bits = 0;
    for (std::size_t l = 0; l < width; ++l)
        bits |= static_cast<unsigned>(mask[l] & 1) << l;
    return bits;
#endif
}

/// Replaces the lanes of x whose bit is set in `bits`, lowest lane first, by consecutive
/// elements from `from` (as many as bits are set; nothing beyond them is read). With AVX-512 a
/// masked load and an expansion in registers, which also spares the vector being written lane
/// by lane through memory and then read whole, a read the processor cannot forward from those
/// writes (an expanding load from memory is microcoded on AMD's Zen 4 and 5, and slower).
/// Elsewhere the lanes are written one at a time, where x lies.
[[gnu::always_inline]] inline void expand(f64x8& x, unsigned bits, const double* from) {
#if defined(__AVX512F__)
    const auto first = static_cast<unsigned char>((1u << std::popcount(bits)) - 1);
    x = __builtin_ia32_expanddf512_mask(__builtin_ia32_loadupd512_mask(from, f64x8{}, first), x,
                                        static_cast<unsigned char>(bits));
#else
    for (std::size_t r = 0; bits != 0; bits &= bits - 1)
        x[std::countr_zero(bits)] = from[r++];
#endif
}

/// True when any lane of the mask is set.
[[nodiscard, gnu::always_inline]] inline bool any(i64x8 mask) {
#if defined(__AVX512F__)
    return bits_of(mask) != 0;
#else
    std::int64_t all = 0;
    for (std::size_t l = 0; l < width; ++l)
        all |= mask[l];
    return all != 0;
#endif
}

} // namespace axon::simd

AXON_LANES_END
