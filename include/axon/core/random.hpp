// Reproducible randomness: counter-based streams (Salmon et al. 2011, "Parallel random numbers:
// as easy as 1, 2, 3", SC'11; Philox4x32-10 from Debian's librandom123-dev). A stream is named
// by (seed, node, target, step): the numbers a device draws for a target in a step do not
// depend on the order of construction, the number of threads or processes, or on what other
// nodes drew.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>

// Philox needs no SIMD, but with SSE enabled Random123 includes <x86intrin.h>, every x86
// intrinsic up to AVX-512: 0.4 s and 110 MB of g++ time and memory in every translation unit
// that includes axon. A program that wants Random123's SSE types defines R123_USE_SSE itself.
#ifndef R123_USE_SSE
#define R123_USE_SSE 0
#endif
#include <Random123/philox.h>

namespace axon {

/// NEST's default rng_seed.
inline constexpr std::uint32_t default_rng_seed = 143202461;

/// A UniformRandomBitGenerator over one counter-based stream: usable with <random>'s
/// distributions. Cheap to make: make one per (node, target, step) where numbers are needed.
class random_stream {
public:
    using result_type = std::uint32_t;

    random_stream(std::uint32_t seed, std::uint64_t node, std::uint64_t target, std::int64_t step)
        : key_{{seed, static_cast<std::uint32_t>(node)}}
        , counter_{{static_cast<std::uint32_t>(step),
                    static_cast<std::uint32_t>(static_cast<std::uint64_t>(step) >> 32),
                    static_cast<std::uint32_t>(target),
                    static_cast<std::uint32_t>((node >> 32) << 16)}} {}

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    result_type operator()() {
        if (used_ == 4) {
            block_ = philox_(counter_, key_);
            ++counter_.v[3]; // the next block of this stream
            used_ = 0;
        }
        return block_.v[used_++];
    }

private:
    using philox = r123::Philox4x32;
    philox philox_;
    philox::key_type key_;
    philox::ctr_type counter_;
    philox::ctr_type block_{};
    unsigned used_ = 4;
};

/// Philox4x32-10 written out (the round function and key schedule of Salmon et al. 2011:
/// multipliers 0xD2511F53 and 0xCD9E8D57, Weyl constants 0x9E3779B9 and 0xBB67AE85),
/// so that a loop over many counters is plain integer arithmetic g++ can vectorize, one
/// counter per lane. The same numbers as Random123's r123::Philox4x32 (tested). The 32-bit
/// words are held in 64-bit integers: a 32 x 32 -> 64-bit product is then one multiplication
/// per lane, without unpacking and packing around it.
namespace detail {
struct philox_words {
    std::uint64_t v[4]; // each < 2^32
};
[[nodiscard]] constexpr philox_words philox4x32_10(philox_words c, std::uint32_t key0,
                                                   std::uint32_t key1) {
    constexpr std::uint64_t low = 0xFFFFFFFFu;
    std::uint64_t k0 = key0, k1 = key1;
    for (int round = 0; round < 10; ++round) {
        const std::uint64_t p0 = (c.v[0] & low) * 0xD2511F53u;
        const std::uint64_t p1 = (c.v[2] & low) * 0xCD9E8D57u;
        c = {{(p1 >> 32) ^ c.v[1] ^ k0, p1 & low, (p0 >> 32) ^ c.v[3] ^ k1, p0 & low}};
        k0 = (k0 + 0x9E3779B9u) & low;
        k1 = (k1 + 0xBB67AE85u) & low;
    }
    return c;
}
} // namespace detail

/// The first block (four 32-bit words) of the stream (seed, node, target, step): the first
/// four numbers random_stream(seed, node, target, step) returns, for a draw that needs no more.
[[nodiscard]] constexpr std::array<std::uint32_t, 4>
first_block(std::uint32_t seed, std::uint64_t node, std::uint64_t target, std::int64_t step) {
    const auto s = static_cast<std::uint64_t>(step);
    const auto w = detail::philox4x32_10(
        {{s & 0xFFFFFFFFu, s >> 32, target & 0xFFFFFFFFu, ((node >> 32) << 16) & 0xFFFFFFFFu}},
        seed, static_cast<std::uint32_t>(node));
    return {static_cast<std::uint32_t>(w.v[0]), static_cast<std::uint32_t>(w.v[1]),
            static_cast<std::uint32_t>(w.v[2]), static_cast<std::uint32_t>(w.v[3])};
}

/// The first blocks of the streams (seed, node, first + i, step), i < N, as two 64-bit words
/// each: low[i] = w1 2^32 + w0 and high[i] = w3 2^32 + w2, with w0..w3 first_block's words for
/// target first + i. One loop over the targets, which g++ vectorizes (-O3; with AVX-512, 8
/// targets per instruction).
template <std::size_t N>
void first_blocks(std::uint32_t seed, std::uint64_t node, std::uint64_t first, std::int64_t step,
                  std::uint64_t (&low)[N], std::uint64_t (&high)[N]) {
    const auto s = static_cast<std::uint64_t>(step);
    const std::uint64_t node_high = ((node >> 32) << 16) & 0xFFFFFFFFu;
    const auto node_low = static_cast<std::uint32_t>(node);
    for (std::size_t i = 0; i < N; ++i) {
        const auto w = detail::philox4x32_10(
            {{s & 0xFFFFFFFFu, s >> 32, (first + i) & 0xFFFFFFFFu, node_high}}, seed, node_low);
        low[i] = w.v[1] << 32 | w.v[0];
        high[i] = w.v[3] << 32 | w.v[2];
    }
}

/// What a device learns about itself when the network calibrates: its global node id and the
/// simulation's seed, the name of its random streams.
struct device_context {
    std::uint64_t node_id = 0;
    std::uint32_t rng_seed = default_rng_seed;
    std::size_t process = 0; // the rank of the process (file names carry it, as in NEST)
};

} // namespace axon
