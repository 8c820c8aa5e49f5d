// Reproducible randomness: counter-based streams (Salmon et al. 2011, "Parallel random numbers:
// as easy as 1, 2, 3", SC'11; Philox4x32-10 from Debian's librandom123-dev). A stream is named
// by (seed, node, target, step): the numbers a device draws for a target in a step do not
// depend on the order of construction, the number of threads or processes, or on what other
// nodes drew.
#pragma once

#include <array>
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

/// What a device learns about itself when the network calibrates: its global node id and the
/// simulation's seed, the name of its random streams.
struct device_context {
    std::uint64_t node_id = 0;
    std::uint32_t rng_seed = default_rng_seed;
};

} // namespace axon
