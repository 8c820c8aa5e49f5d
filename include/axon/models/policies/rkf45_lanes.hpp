// rkf45.hpp's adaptive integration, for many independent systems eight at a time: each lane of
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
//
// One set of eight lanes, not several side by side: two or three sets, stage by stage, were
// as fast on AMD's Zen 5, and 10 % slower on Zen 4 under g++ (clang++ 14 ran two sets 5-10 %
// faster there; bench/README.md, "hh_psc_alpha side by side with Brian2, and one set of
// lanes").
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

/// The systems in flight, as the callbacks of integrate_lanes see them: y[i] is variable i of
/// the eight systems, steps their step sizes; get(i, l) is variable i of the system in lane l,
/// step(l) its step size.
template <std::size_t N>
struct lane_states {
    std::array<simd::f64x8, N> y{};
    simd::f64x8 steps{};

    [[nodiscard]] double get(std::size_t i, std::size_t l) const { return y[i][l]; }
    [[nodiscard]] double step(std::size_t l) const { return steps[l]; }
};

/// Integrates `count` systems of N variables, each from 0 to `span`, eight at a time. The error
/// control is `tolerance` without its derivative term (a_dydt must be 0, as for hh_psc_alpha).
/// - start(j, bits, lanes) puts systems j, j + 1, ... into the lanes whose bits are set, the
///   lowest lane first (simd::expand reads them from consecutive memory): their states
///   (lanes.y), step sizes (lanes.steps), and whatever of them the right-hand side reads per
///   lane.
/// - system(y, f) writes the derivatives of the eight lanes.
/// - finish(j, l, lanes, result) takes system j out of lane l when it is through the span
///   (result done) or failed (non_finite: lanes.get(., l) is the state that is not finite;
///   no_progress: the last accepted state), its next step size in lanes.step(l).
/// Systems are started in order j = 0, 1, ...; they finish in any order.
template <std::size_t N, class System, class Start, class Finish>
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

    lane_states<N> lanes;
    f64x8 t{};
    i64x8 tries{};
    i64x8 active{};                     // -1 in lanes that hold a system
    std::array<std::size_t, W> which{}; // the system in each lane
    std::size_t next = 0;
    // The lanes in `bits` take the next systems, as many as are left; the others go empty.
    const auto refill = [&](unsigned bits) {
        unsigned take = bits;
        for (std::size_t left = count - next; std::popcount(take) > static_cast<int>(left);)
            take &= ~(1u << (std::bit_width(take) - 1)); // the highest lanes go empty
        if (take != 0) {
            start(next, take, lanes);
            for (unsigned b = take; b != 0; b &= b - 1)
                which[static_cast<std::size_t>(std::countr_zero(b))] = next++;
        }
        const i64x8 taken = simd::mask_of(take);
        t = simd::select(taken, f64x8{}, t);
        tries = taken ? i64x8{} : tries;
        active = (active & ~simd::mask_of(bits)) | taken;
    };
    refill((1u << W) - 1);
    // Empty lanes (fewer systems than lanes, or the last ones) go on computing on whatever
    // they hold: their results are not used, and the arithmetic of IEEE doubles traps nowhere.

    const f64x8 spans = simd::broadcast(span);
    std::array<f64x8, N> dydt, y_new, error;
    while (simd::any(active)) {
        system(lanes.y, dydt);
        const i64x8 last = lanes.steps > spans - t;
        const f64x8 h = simd::select(last, spans - t, lanes.steps);
        const f64x8 t_next = simd::select(last, spans, t + h);
        embedded_step<fehlberg45>(system, lanes.y, dydt, h, y_new, error);

        tries += active & 1;
        i64x8 finite = simd::finite(y_new[0]);
        for (std::size_t i = 1; i < N; ++i)
            finite &= simd::finite(y_new[i]);
        f64x8 worst = simd::broadcast(tiny);
        if (absolute_only) {
            f64x8 largest{};
            for (std::size_t i = 0; i < N; ++i)
                largest = simd::max(largest, simd::abs(error[i]));
            worst = simd::max(worst, largest / tolerance.eps_abs);
        } else {
            for (std::size_t i = 0; i < N; ++i) {
                const f64x8 desired =
                    tolerance.eps_rel * (tolerance.a_y * simd::abs(y_new[i])) + tolerance.eps_abs;
                worst = simd::max(worst, simd::abs(error[i]) / desired);
            }
        }
        worst = simd::select(finite, worst, simd::broadcast(tiny));

        // GSL's control, lane by lane, as ode::integrate and grown_step decide (rkf45.hpp):
        // reject above 1.1 (when the smaller step still moves time), grow below 0.5. One power
        // per lane: r^(-1/5) where the step is too large, r^(-1/6) elsewhere.
        const i64x8 too_large = worst > 1.1;
        const i64x8 small = worst < 0.5;
        const f64x8 factor = power(worst, simd::select(too_large, simd::broadcast(-1.0 / order),
                                                       simd::broadcast(-1.0 / 6.0)));
        const f64x8 smaller = h * simd::max(safety * factor, simd::broadcast(0.2));
        // smaller < h wherever r > 1.1 (the factor is at most 0.9 * 1.1^(-1/5) < 1), and
        // smaller >= h / 5 moves time where h / 5 does: the power decides only where h / 5
        // does not move time (a step at the limit of resolution), tested apart so that the
        // common case does not wait for the power
        const i64x8 moves = (t_next + 0.2 * h != t_next) & (h >= tiny);
        i64x8 reject = active & too_large & moves;
        if (simd::any(active & too_large & ~moves)) [[unlikely]]
            reject = active & too_large & (smaller < h) & (t_next + smaller != t_next);
        f64x8 growth = 0.9 * factor; // clamped to [1, 5]
        growth = simd::select(growth < 1.0, simd::broadcast(1.0),
                              simd::select(5.0 < growth, simd::broadcast(5.0), growth));
        const f64x8 q = 0.9 * h / span;
        const i64x8 reaches_span =
            (5.0 * h >= span) & (worst <= q * q * q * q * q * q * (1.0 - 1e-9));
        f64x8 grown = simd::select(reaches_span, spans, h * growth);
        grown = simd::select(worst <= 3.4e-5, 5.0 * h, grown);
        const f64x8 proposed = simd::select(reject, smaller, simd::select(small, grown, h));
        const i64x8 accept = active & ~reject;
        for (std::size_t i = 0; i < N; ++i)
            lanes.y[i] = simd::select(accept, y_new[i], lanes.y[i]);
        t = simd::select(accept, t_next, t);
        lanes.steps = proposed;

        // Lanes that are through, failed, or out of tries hand their system back.
        const i64x8 through = accept & (t_next >= spans); // ode::integrate: t < span
        const i64x8 failed = accept & ~finite;
        const i64x8 stuck = active & (tries >= max_tries) & ~through & ~failed;
        const unsigned leaving = simd::bits_of(through | failed | stuck);
        if (leaving != 0) {
            const unsigned failed_bits = simd::bits_of(failed), stuck_bits = simd::bits_of(stuck);
            for (unsigned b = leaving; b != 0; b &= b - 1) {
                const auto l = static_cast<std::size_t>(std::countr_zero(b));
                const unsigned bit = 1u << l;
                finish(which[l], l, lanes,
                       (failed_bits & bit)  ? outcome::non_finite
                       : (stuck_bits & bit) ? outcome::no_progress
                                            : outcome::done);
            }
            refill(leaving);
        }
    }
}

} // namespace axon::ode

AXON_LANES_END
