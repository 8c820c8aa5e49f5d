// rkf45.hpp's adaptive integration, for many independent systems 8 G at a time: each lane of
// simd::f64x8 holds one system (a neuron) with its own time, step size, acceptance and
// rejection, and a lane whose system is through the span takes the next one. The lanes do not
// wait for each other (a block of eight neurons in lockstep would iterate until its slowest
// lane is through, leaving half the lanes idle near a spike: measured slower than one neuron
// at a time), and every lane does exactly what ode::integrate does for its system alone,
// operation for operation, so the results are those of ode::integrate to the last bit
// (tests/models/hh_psc_alpha.cpp compares them), in whichever lane a system lands.
//
// Each attempt costs every lane one step of the pair (six evaluations of the right-hand side,
// eight systems per evaluation) and one power for GSL's step-size control (exp_lanes.hpp's
// `power`, which ode::integrate takes too: more than half of the attempts need one).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <limits>
#include <stdexcept>

#include "axon/models/policies/embedded_rk.hpp"
#include "axon/models/policies/lanes.hpp"
#include "axon/models/policies/rkf45.hpp"

AXON_LANES_BEGIN

namespace axon::ode {

/// The systems in flight, as the callbacks of integrate_lanes see them: G groups of eight
/// lanes, lane l in [0, 8 G) being lane l % 8 of group l / 8. y[g][i] is variable i of group
/// g's eight systems, steps[g] their step sizes; get(i, l) is variable i of the system in lane
/// l, step(l) its step size.
template <std::size_t N, std::size_t G>
struct lane_states {
    static constexpr std::size_t lanes = G * simd::width;
    std::array<std::array<simd::f64x8, N>, G> y{};
    std::array<simd::f64x8, G> steps{};

    [[nodiscard]] double get(std::size_t i, std::size_t l) const {
        return y[l / simd::width][i][l % simd::width];
    }
    [[nodiscard]] double step(std::size_t l) const {
        return steps[l / simd::width][l % simd::width];
    }
};

/// Integrates `count` systems of N variables, each from 0 to `span`, 8 G at a time. The error
/// control is `tolerance` without its derivative term (a_dydt must be 0, as for hh_psc_alpha).
/// - start(j, g, bits, lanes) puts systems j, j + 1, ... into the lanes of group g whose
///   bits are set, the lowest lane first (simd::expand reads them from consecutive memory):
///   their states (lanes.y[g]), step sizes (lanes.steps[g]), and whatever of them the
///   right-hand side reads per lane.
/// - system(g, y, f) writes the derivatives of the eight lanes of group g.
/// - finish(j, l, lanes, result) takes system j out of lane l when it is through the span
///   (result done) or failed (non_finite: lanes.get(., l) is the state that is not finite;
///   no_progress: the last accepted state), its next step size in lanes.step(l).
/// Systems are started in order j = 0, 1, ...; they finish in any order.
template <std::size_t N, std::size_t G, class System, class Start, class Finish>
void integrate_lanes(System& system, std::size_t count, double span, const error_control& tolerance,
                     Start&& start, Finish&& finish) {
    using simd::f64x8;
    using simd::i64x8;
    constexpr std::size_t W = simd::width;
    constexpr double order = 5.0;
    constexpr double safety = 0.9;
    constexpr double tiny = std::numeric_limits<double>::min();
    if (tolerance.a_dydt != 0.0)
        throw std::invalid_argument("ode::integrate_lanes: an error bound on h dy/dt (a_dydt) "
                                    "is not supported; use ode::integrate");
    const bool absolute_only = tolerance.eps_rel == 0.0 && tolerance.eps_abs > 0.0;

    lane_states<N, G> lanes;
    std::array<f64x8, G> t{};
    std::array<i64x8, G> tries{};
    std::array<i64x8, G> active{};          // -1 in lanes that hold a system
    std::array<std::size_t, G * W> which{}; // the system in each lane
    std::size_t next = 0;
    // The lanes of group g in `bits` take the next systems, as many as are left; the others
    // go empty.
    const auto refill = [&](std::size_t g, unsigned bits) {
        unsigned take = bits;
        for (std::size_t left = count - next; std::popcount(take) > static_cast<int>(left);)
            take &= ~(1u << (std::bit_width(take) - 1)); // the highest lanes go empty
        if (take != 0) {
            start(next, g, take, lanes);
            for (unsigned b = take; b != 0; b &= b - 1)
                which[g * W + static_cast<std::size_t>(std::countr_zero(b))] = next++;
        }
        const i64x8 taken = simd::mask_of(take);
        t[g] = simd::select(taken, f64x8{}, t[g]);
        tries[g] = taken ? i64x8{} : tries[g];
        active[g] = (active[g] & ~simd::mask_of(bits)) | taken;
    };
    for (std::size_t g = 0; g < G; ++g)
        refill(g, (1u << W) - 1);
    // Empty lanes (fewer systems than lanes, or the last ones) go on computing on whatever
    // they hold: their results are not used, and the arithmetic of IEEE doubles traps nowhere.
    const auto any_active = [&] {
        i64x8 all = active[0];
        for (std::size_t g = 1; g < G; ++g)
            all |= active[g];
        return simd::any(all);
    };

    const f64x8 spans = simd::broadcast(span);
    std::array<std::array<f64x8, N>, G> dydt, y_new, error;
    std::array<f64x8, G> step, t_next;
    while (any_active()) {
        for (std::size_t g = 0; g < G; ++g) {
            system(g, lanes.y[g], dydt[g]);
            const i64x8 last = lanes.steps[g] > spans - t[g];
            step[g] = simd::select(last, spans - t[g], lanes.steps[g]);
            t_next[g] = simd::select(last, spans, t[g] + step[g]);
        }
        embedded_steps<fehlberg45, G>(system, lanes.y, dydt, step, y_new, error);

        for (std::size_t g = 0; g < G; ++g) {
            tries[g] += active[g] & 1;
            i64x8 finite = simd::finite(y_new[g][0]);
            for (std::size_t i = 1; i < N; ++i)
                finite &= simd::finite(y_new[g][i]);
            f64x8 worst = simd::broadcast(tiny);
            if (absolute_only) {
                f64x8 largest{};
                for (std::size_t i = 0; i < N; ++i)
                    largest = simd::max(largest, simd::abs(error[g][i]));
                worst = simd::max(worst, largest / tolerance.eps_abs);
            } else {
                for (std::size_t i = 0; i < N; ++i) {
                    const f64x8 desired =
                        tolerance.eps_rel * (tolerance.a_y * simd::abs(y_new[g][i])) +
                        tolerance.eps_abs;
                    worst = simd::max(worst, simd::abs(error[g][i]) / desired);
                }
            }
            worst = simd::select(finite, worst, simd::broadcast(tiny));

            // GSL's control, lane by lane, as ode::integrate and grown_step decide (rkf45.hpp):
            // reject above 1.1 (when the smaller step still moves time), grow below 0.5. One
            // power per lane: r^(-1/5) where the step is too large, r^(-1/6) elsewhere.
            const f64x8 h = step[g];
            const i64x8 too_large = worst > 1.1;
            const i64x8 small = worst < 0.5;
            const f64x8 factor = power(worst, simd::select(too_large, simd::broadcast(-1.0 / order),
                                                           simd::broadcast(-1.0 / 6.0)));
            const f64x8 smaller = h * simd::max(safety * factor, simd::broadcast(0.2));
            // smaller < h wherever r > 1.1 (the factor is at most 0.9 * 1.1^(-1/5) < 1), and
            // smaller >= h / 5 moves time where h / 5 does: the power decides only where h / 5
            // does not move time (a step at the limit of resolution), tested apart so that the
            // common case does not wait for the power
            const i64x8 moves = (t_next[g] + 0.2 * h != t_next[g]) & (h >= tiny);
            i64x8 reject = active[g] & too_large & moves;
            if (simd::any(active[g] & too_large & ~moves)) [[unlikely]]
                reject = active[g] & too_large & (smaller < h) & (t_next[g] + smaller != t_next[g]);
            f64x8 growth = 0.9 * factor; // clamped to [1, 5]
            growth = simd::select(growth < 1.0, simd::broadcast(1.0),
                                  simd::select(5.0 < growth, simd::broadcast(5.0), growth));
            const f64x8 q = 0.9 * h / span;
            const i64x8 reaches_span =
                (5.0 * h >= span) & (worst <= q * q * q * q * q * q * (1.0 - 1e-9));
            f64x8 grown = simd::select(reaches_span, spans, h * growth);
            grown = simd::select(worst <= 3.4e-5, 5.0 * h, grown);
            const f64x8 proposed = simd::select(reject, smaller, simd::select(small, grown, h));
            const i64x8 accept = active[g] & ~reject;
            for (std::size_t i = 0; i < N; ++i)
                lanes.y[g][i] = simd::select(accept, y_new[g][i], lanes.y[g][i]);
            t[g] = simd::select(accept, t_next[g], t[g]);
            lanes.steps[g] = proposed;

            // Lanes that are through, failed, or out of tries hand their system back.
            const i64x8 through = accept & (t_next[g] >= spans); // ode::integrate: t < span
            const i64x8 failed = accept & ~finite;
            const i64x8 stuck = active[g] & (tries[g] >= max_tries) & ~through & ~failed;
            const unsigned leaving = simd::bits_of(through | failed | stuck);
            if (leaving != 0) {
                for (unsigned b = leaving; b != 0; b &= b - 1) {
                    const auto l = static_cast<std::size_t>(std::countr_zero(b));
                    finish(which[g * W + l], g * W + l, lanes,
                           failed[l]  ? outcome::non_finite
                           : stuck[l] ? outcome::no_progress
                                      : outcome::done);
                }
                refill(g, leaving);
            }
        }
    }
}

} // namespace axon::ode

AXON_LANES_END
