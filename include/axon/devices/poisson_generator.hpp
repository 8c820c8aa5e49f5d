// poisson_generator: a Poisson spike train at `rate` (Hz) for every target, each target its own
// independent train (as NEST, which draws for every target separately). In step k a target
// receives n spikes, n Poisson distributed with mean rate * dt / 1000, each with the
// connection's weight, after the connection's delay; spikes are emitted for start < t <= stop
// (shifted by origin), t = k dt the stamp of step k.
//
// Randomness (DESIGN rule 9): the count of target n in step k comes from the stream
// (rng_seed, this device's node id, n, k), so it does not depend on other targets, other nodes,
// the order of updates, or how the simulated time is split into simulate calls.
//
// The draw. For a mean of at most poisson_table::max_mean (256 spikes per step, 2.56 MHz at
// dt = 0.1 ms) the count is the inverse of Poisson(mean)'s distribution function at a 64-bit
// uniform, words 0 and 1 of the stream's first Philox block, searched in a table built in
// calibrate (core/poisson_table.hpp: its size, its tails and its precision); words 2 and 3 draw
// the rare count beyond the table (P <= 2^-40 per tail). One Philox block per (target, step),
// and a block of targets at once (spikes(k, first, out)) vectorizes: about 3.5 ns per
// (target, step) at Brunel's mean of 1.78, 7 ns at 256, instead of 59 ns and 140 ns one at a
// time with std::poisson_distribution (bench/README.md, "The Poisson drive"). Above that mean
// the count comes from std::poisson_distribution drawn from the same stream (exact rejection;
// a table would grow as sqrt(mean)), as before.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/poisson_table.hpp"
#include "axon/core/random.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/settings.hpp"
#include "axon/devices/activity.hpp"

namespace axon {

class poisson_generator : public configurable<poisson_generator> {
    friend class configurable<poisson_generator>;

public:
    static constexpr std::string_view name = "poisson_generator";
    static constexpr node_kind kind = node_kind::stimulator;

    /// rate (Hz, the mean rate of every target's train).
    struct parameters {
        AXON_FIELDS(parameters, (double, rate, 0.0), (double, start, 0.0),
                    (double, stop, std::numeric_limits<double>::infinity()), (double, origin, 0.0))
    };

    poisson_generator() = default;
    poisson_generator(const parameters& p)
        : params_(checked(p)) {}

    void calibrate(const time_grid& grid, const device_context& ctx) {
        window_ = activity_window::from(grid, name, params_.origin, params_.start, params_.stop);
        ctx_ = ctx;
        mean_ = params_.rate * grid.resolution() / 1000.0;
        // beyond this the sampler's integer count overflows (and never returns)
        require(mean_ <= 1e15, name, "rate", params_.rate,
                detail::concat("at most 1e15 spikes per step (", 1e18 / grid.resolution(),
                               " Hz at this resolution)"));
        tabled_ = mean_ > 0.0 && mean_ <= poisson_table::max_mean;
        table_ = tabled_ ? poisson_table(mean_) : poisson_table();
        // above the table's means: the distribution's constants, computed once; copied
        // (fresh) for every draw
        counts_ = std::poisson_distribution<long>(tabled_ || mean_ <= 0.0 ? 1.0 : mean_);
    }

    /// Mean number of spikes per target and step (rate * dt / 1000).
    [[nodiscard]] double mean_per_step() const { return mean_; }

    /// The number of spikes target `target` (a global node id) receives from step k.
    [[nodiscard]] double spikes(step_t k, std::uint64_t target) const {
        if (mean_ <= 0.0 || !window_.contains(k))
            return 0.0;
        if (tabled_) {
            const auto w = first_block(ctx_.rng_seed, ctx_.node_id, target, k);
            return static_cast<double>(table_.count(join(w[0], w[1]), join(w[2], w[3])));
        }
        random_stream stream(ctx_.rng_seed, ctx_.node_id, target, k);
        auto counts = counts_; // a fresh copy: no state carried between draws
        return static_cast<double>(counts(stream));
    }

    /// The numbers of spikes targets first, first + 1, ..., first + out.size() - 1 receive
    /// from step k, into out: each what spikes(k, target) returns, drawn a block of targets at
    /// a time. Returns whether any is not zero.
    bool spikes(step_t k, std::uint64_t first, std::span<double> out) const {
        if (mean_ <= 0.0 || !window_.contains(k)) {
            std::fill(out.begin(), out.end(), 0.0);
            return false;
        }
        bool any = false;
        if (!tabled_) {
            for (std::size_t i = 0; i < out.size(); ++i)
                any |= (out[i] = spikes(k, first + i)) != 0.0;
            return any;
        }
        constexpr std::size_t block = 64; // targets: 1.5 kB of uniforms and counts
        for (std::size_t at = 0; at < out.size(); at += block) {
            std::uint64_t u[block], v[block];
            first_blocks(ctx_.rng_seed, ctx_.node_id, first + at, k, u, v);
            double n[block];
            table_.counts(u, v, n);
            const std::size_t used = std::min(block, out.size() - at);
            for (std::size_t i = 0; i < used; ++i) {
                out[at + i] = n[i];
                any |= n[i] != 0.0;
            }
        }
        return any;
    }

private:
    /// A 64-bit uniform from two words of a block (low, high).
    static std::uint64_t join(std::uint32_t low, std::uint32_t high) {
        return std::uint64_t{high} << 32 | low;
    }

    static void validate(const parameters& p) {
        require(std::isfinite(p.rate) && p.rate >= 0, name, "rate", p.rate,
                "it must be a finite number of Hz, >= 0");
        activity_window::check(name, p.origin, p.start, p.stop);
    }

    parameters params_;
    activity_window window_{};
    device_context ctx_{};
    double mean_ = 0.0;
    bool tabled_ = false;
    poisson_table table_;
    std::poisson_distribution<long> counts_{1.0};
};

} // namespace axon
