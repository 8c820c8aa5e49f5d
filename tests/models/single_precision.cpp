// The single-precision variants of the current-based LIF family (basic_iaf_psc_*<float>)
// against the double models and NEST 3.9's outputs, within tolerances derived below.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "axon/core/reflect.hpp"
#include "axon/core/time.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/iaf_psc_delta.hpp"
#include "axon/models/iaf_psc_exp.hpp"
#include "axon/network/population.hpp"
#include "support/reference.hpp"

using namespace axon;
using Catch::Matchers::Contains;

namespace {

// How far float may stray from double, with eps = 2^-24 float's unit roundoff.
//
// Currents: their recursions (alpha: I' = P21 dI + P11 I, dI' = P11 dI + jump w; exp:
// I' = P11 I + w) round at most three times a step, eps each relative to the largest current
// I_max (the slope dI to e/tau_syn I_max). An error decays by P11 = e^{-h/tau_syn} = 0.951 a
// step, and an alpha slope error feeds I by P21 / (1 - P11) = 2 ms over the following steps, so
// the error stays below 3 eps (1 + e/tau_syn * 2 ms) / (1 - P11) I_max = 1.4e-5 I_max. We allow:
constexpr double I_relative_tolerance = 2e-5;
//
// V_m: each step, y = V - E_L is exact where V and E_L are within a factor 2 (Sterbenz) and
// otherwise rounds once; the sum that makes y_new rounds four times (ulp(|y|)/2 each), and
// V = y_new + E_L once more (ulp(|V|)/2); the currents' error enters through P31, P32 <= h/C_m;
// the constants' own rounding adds ~1e-8 mV a step. The membrane forgets a fraction
// 1 - e^{-h/tau_m} = 0.01 of any error each step, so however long the run, the error stays below
//   (ulp(max|V|)/2 + 5 ulp(max|V - E_L|)/2 + h/C_m * I_relative_tolerance * max|I|)
//   / (1 - e^{-h/tau_m}),
// 6.2e-4 mV for the seed case; after a spike both models restart from the same V_reset.

constexpr double h = 0.1; // ms, NEST's default resolution

/// A member of the family as a template of its scalar type.
struct alpha_family {
    template <scalar T>
    using model = basic_iaf_psc_alpha<T>;
    static constexpr const char* nest_dc = "a_seed_iaf_376";
    static constexpr const char* nest_sg = "d_iaf_psc_alpha_sg";
};
struct exp_family {
    template <scalar T>
    using model = basic_iaf_psc_exp<T>;
    static constexpr const char* nest_dc = "e_iaf_psc_exp_Ie376";
    static constexpr const char* nest_sg = "e_iaf_psc_exp_sg";
};
struct delta_family {
    template <scalar T>
    using model = basic_iaf_psc_delta<T>;
    static constexpr const char* nest_dc = "e_iaf_psc_delta_Ie376";
    static constexpr const char* nest_sg = "e_iaf_psc_delta_sg";
};

/// NEST's spike-generator case (d, e): spikes at 10, 20.5, 30.3, 50, 50, 75.2 ms of weight 200
/// and at 60, 61 ms of weight -150, all with delay 1 ms, as (arrival step, weight).
const std::vector<std::pair<step_t, double>> sg_input{{110, 200.0},  {215, 200.0}, {313, 200.0},
                                                      {510, 200.0},  {510, 200.0}, {610, -150.0},
                                                      {620, -150.0}, {762, 200.0}};

/// What one neuron did: spike steps and, every step, its state as doubles.
struct run_result {
    std::vector<step_t> spikes;
    std::vector<double> V_m, I_syn_ex, I_syn_in;
};

/// One neuron of model M with current I_e (pA), optionally the spike-generator input, for
/// `steps` steps of 0.1 ms, driven through the population's own update.
template <class M>
run_result run(double I_e, bool with_input, step_t steps) {
    population<M> pop(1, {.I_e = I_e});
    pop.calibrate(time_grid{}, 1);
    run_result out;
    for (step_t k = 1; k <= steps; ++k) {
        if (with_input)
            for (const auto& [arrival, w] : sg_input)
                if (arrival == k)
                    pop.inputs().add_spike(k, 0, w);
        pop.update(k);
        if (!pop.spikes().empty())
            out.spikes.push_back(k);
        out.V_m.push_back(static_cast<double>(pop.states().template column<"V_m">()[0]));
        if constexpr (reflect::has_field<typename M::state>("I_syn_ex")) {
            out.I_syn_ex.push_back(
                static_cast<double>(pop.states().template column<"I_syn_ex">()[0]));
            out.I_syn_in.push_back(
                static_cast<double>(pop.states().template column<"I_syn_in">()[0]));
        }
    }
    return out;
}

double largest_magnitude(const std::vector<double>& xs) {
    double m = 0;
    for (double x : xs)
        m = std::max(m, std::abs(x));
    return m;
}

/// The first n entries (NEST's traces stop 1 ms short of the end).
std::vector<double> first(const std::vector<double>& xs, std::size_t n) {
    REQUIRE(xs.size() >= n);
    return {xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(n)};
}

/// ulp of x as a float.
double float_ulp(double x) {
    const auto f = static_cast<float>(std::abs(x));
    return static_cast<double>(std::nextafter(f, std::numeric_limits<float>::infinity()) - f);
}

/// The bound on |V_float - V_double| derived above, for a run whose double trace is `d`
/// (defaults: E_L = -70 mV, C_m = 250 pF, tau_m = 10 ms).
double V_tolerance_mV(const run_result& d) {
    constexpr double E_L = -70.0, C_m = 250.0, tau_m = 10.0;
    double V_max = 0, y_max = 0;
    for (double v : d.V_m) {
        V_max = std::max(V_max, std::abs(v));
        y_max = std::max(y_max, std::abs(v - E_L));
    }
    const double I_max = std::max(largest_magnitude(d.I_syn_ex), largest_magnitude(d.I_syn_in));
    const double per_step =
        float_ulp(V_max) / 2 + 5 * float_ulp(y_max) / 2 + h / C_m * I_relative_tolerance * I_max;
    return per_step / -std::expm1(-h / tau_m);
}

/// Float against double: the same spike steps, V_m and the currents within the tolerances.
void check_close(const run_result& single, const run_result& twice) {
    REQUIRE(single.spikes == twice.spikes);
    const double dV = test::max_abs_diff(single.V_m, twice.V_m);
    const double tolerance = V_tolerance_mV(twice);
    CAPTURE(dV, tolerance);
    CHECK(dV <= tolerance);
    for (const auto& [f, d] : {std::pair{&single.I_syn_ex, &twice.I_syn_ex},
                               std::pair{&single.I_syn_in, &twice.I_syn_in}}) {
        const double dI = test::max_abs_diff(*f, *d);
        const double scale = largest_magnitude(*d);
        CAPTURE(dI, scale);
        CHECK(dI <= I_relative_tolerance * scale);
    }
}

} // namespace

TEMPLATE_TEST_CASE("single precision follows double within the stated tolerance",
                   "[iaf_psc][single_precision]", alpha_family, exp_family, delta_family) {
    using single = typename TestType::template model<float>;
    using twice = typename TestType::template model<double>;
    SECTION("the seed case: I_e = 376 pA, 1000 ms") {
        const auto f = run<single>(376.0, false, 10'000);
        const auto d = run<twice>(376.0, false, 10'000);
        CHECK(d.spikes.size() == 16);
        check_close(f, d);
    }
    SECTION("NEST's spike-generator case, 150 ms") {
        check_close(run<single>(0.0, true, 1'500), run<twice>(0.0, true, 1'500));
    }
    SECTION("both: 376 pA and the spike generators, 1000 ms") {
        check_close(run<single>(376.0, true, 10'000), run<twice>(376.0, true, 10'000));
    }
}

TEMPLATE_TEST_CASE("single precision against NEST's traces",
                   "[iaf_psc][single_precision][reference]", alpha_family, exp_family,
                   delta_family) {
    using single = typename TestType::template model<float>;
    using twice = typename TestType::template model<double>;
    // |float - NEST| <= |float - double| + |double - NEST|, the second below 1e-9 mV
    // (tests/models/iaf_psc_family.cpp, iaf_psc_alpha.cpp)
    SECTION("I_e = 376 pA: V_m") {
        const auto trace =
            test::read_csv(test::reference_path(std::string(TestType::nest_dc) + "_trace.csv"));
        const auto f = run<single>(376.0, false, 10'000);
        CHECK(test::max_abs_diff(first(f.V_m, trace.rows()), trace.column("V_m")) <=
              V_tolerance_mV(run<twice>(376.0, false, 10'000)) + 1e-9);
    }
    SECTION("spike generators: V_m, currents and spikes") {
        const std::string name = TestType::nest_sg;
        const auto trace = test::read_csv(test::reference_path(name + "_trace.csv"));
        const auto f = run<single>(0.0, true, 1'500);
        CHECK(test::max_abs_diff(first(f.V_m, trace.rows()), trace.column("V_m")) <=
              V_tolerance_mV(run<twice>(0.0, true, 1'500)) + 1e-9);
        if (!f.I_syn_ex.empty()) {
            for (auto column : {"I_syn_ex", "I_syn_in"}) {
                CAPTURE(column);
                const auto& nest = trace.column(column);
                const auto& ours = std::string(column) == "I_syn_ex" ? f.I_syn_ex : f.I_syn_in;
                CHECK(test::max_abs_diff(first(ours, trace.rows()), nest) <=
                      I_relative_tolerance * largest_magnitude(nest));
            }
        }
        const auto spikes = test::read_csv(test::reference_path(name + "_spikes.csv"));
        std::vector<step_t> expected;
        for (double t : spikes.column("time_ms"))
            expected.push_back(std::lround(t / h));
        CHECK(f.spikes == expected);
    }
}

// A spike falls on the step where V first reaches V_th. Float keeps NEST's step wherever V_m
// passes V_th by more than the float error: V at the step before the spike at least that much
// below V_th, V at the spike step (before the reset) at least that much above. The margin is
// computed here in double from the closed-form dc solution, y_k = y_inf + (y_{k-1} - y_inf)
// e^{-h/tau_m} with y_inf = I_e tau_m / C_m.
TEST_CASE("single precision keeps NEST's spike times where the threshold margin allows",
          "[iaf_psc_alpha][single_precision][reference]") {
    using single = basic_iaf_psc_alpha<float>;
    const iaf_psc_alpha::parameters p{};
    for (double I_e : {376.0, 450.0, 1000.0}) {
        const auto file =
            "b_iaf_psc_alpha_Ie" + std::to_string(static_cast<int>(I_e)) + "_spikes.csv";
        CAPTURE(file);
        std::vector<step_t> nest;
        const auto reference = test::read_csv(test::reference_path(file));
        for (double t : reference.column("time_ms"))
            nest.push_back(std::lround(t / h));
        REQUIRE(!nest.empty());

        const double decay = std::exp(-h / p.tau_m);
        const double y_inf = I_e * p.tau_m / p.C_m;
        const double y_th = p.V_th - p.E_L;
        double margin = std::numeric_limits<double>::infinity();
        double y = 0.0; // V_m starts at E_L
        for (step_t k = 1, free_from = 1, j = 0; k <= nest.back(); ++k) {
            if (k < free_from)
                continue; // refractory: V_m stays at V_reset
            const double next = y_inf + (y - y_inf) * decay;
            if (k == nest[static_cast<std::size_t>(j)]) {
                margin = std::min({margin, y_th - y, next - y_th});
                y = p.V_reset - p.E_L;
                free_from = k + std::lround(p.t_ref / h) + 1;
                ++j;
            } else {
                y = next;
            }
        }
        CAPTURE(margin);

        const auto f = run<single>(I_e, false, 10'000);
        const double tolerance = V_tolerance_mV(run<iaf_psc_alpha>(I_e, false, 10'000));
        CAPTURE(tolerance);
        if (margin > tolerance) {
            CHECK(f.spikes == nest); // guaranteed by the bound
        } else {
            // not guaranteed (376 pA: V passes V_th by 1.6e-5 mV; 1000 pA: 9e-5 mV): a step's
            // float error may tip V across V_th a step early or late, and every interval after
            // the first is the same, so the shift would repeat. (Built without FMA contraction,
            // as the test presets are, float gives NEST's steps here too.)
            REQUIRE(!f.spikes.empty());
            CHECK(std::abs(f.spikes.front() - nest.front()) <= 1);
            CHECK(std::abs(std::ssize(f.spikes) - std::ssize(nest)) <= 1);
        }
    }
}

TEST_CASE("single-precision state: float columns, double in get/set and recordings",
          "[iaf_psc_alpha][single_precision]") {
    using single = basic_iaf_psc_alpha<float>;
    static_assert(std::is_same_v<decltype(single::state{}.V_m), float>);
    static_assert(std::is_same_v<decltype(single::parameters{}.I_e), double>);
    static_assert(std::is_same_v<decltype(single::calibrate(single::parameters{}, h).P30), float>);
    static_assert(std::is_same_v<basic_iaf_psc_alpha<>, iaf_psc_alpha>);
    static_assert(NeuronModel<single> && NeuronModel<basic_iaf_psc_exp<float>> &&
                  NeuronModel<basic_iaf_psc_delta<float>>);

    population<single> pop(2, {.I_e = 376.0});
    CHECK(single::name == iaf_psc_alpha::name);
    CHECK(pop.get("V_m").as<std::vector<double>>() == std::vector<double>{-70.0, -70.0});
    // a value set by name is rounded to float once: get returns that float as a double
    pop.set("V_m", -65.1);
    CHECK(pop.get("V_m").as<std::vector<double>>()[0] == static_cast<double>(-65.1f));
    // finite values beyond float's range are refused, and nothing changes
    CHECK_THROWS_WITH(pop.set("V_m", 1e39),
                      Contains("iaf_psc_alpha: V_m = 9.99") && Contains("single-precision range"));
    CHECK_THROWS_AS(pop.set("V_m", std::nan("")), value_error);
    CHECK(pop.get("V_m").as<std::vector<double>>()[1] == static_cast<double>(-65.1f));
    // parameters stay double
    pop.set("I_e", 376.1);
    CHECK(pop.get("I_e").as<double>() == 376.1);
    // a bound beyond float's range is an infinite bound, not undefined behaviour
    const auto k =
        basic_iaf_psc_delta<float>::calibrate(basic_iaf_psc_delta<float>::parameters{}, h);
    CHECK(k.V_min == -std::numeric_limits<float>::infinity());
}
