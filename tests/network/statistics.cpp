// Statistics of what is random: every connection rule makes the counts and degree
// distributions it promises (exactly where the rule fixes them, by goodness of fit where it
// draws them), the poisson_generator's counts are Poisson, and a seed fixes a network's spike
// trains whatever the order in which its connections are written (DESIGN rule 9).
//
// Every seed is fixed, so every test is deterministic; but each bound is one that a correct
// library passes for any seed with overwhelming probability:
//  - a chi-square test rejects at alpha = 1e-6: its critical value is the (1 - 1e-6) quantile
//    of chi-square(df) (boost::math, exact for the limiting distribution). Bins are pooled
//    until each expects at least 5 samples, so the limiting distribution applies;
//  - a normal bound is 5 standard deviations, computed from the closed form: two-sided
//    probability 5.7e-7.
// The file holds 19 such checks: a correct library fails one of them, for a seed drawn at
// random, with probability below 2e-5. (Run over 40 other seeds, every chi-square statistic
// averaged its df and stayed below 0.83 of its critical value.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/poisson.hpp>

#include "axon/devices/multimeter.hpp"
#include "axon/devices/poisson_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/parrot_neuron.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"

using namespace axon;

namespace {

/// The false-failure probability of one chi-square test.
constexpr double alpha = 1e-6;

/// The (1 - alpha) quantile of chi-square(df).
double chi2_critical(double df) {
    return boost::math::quantile(boost::math::complement(boost::math::chi_squared(df), alpha));
}

struct chi2_test {
    double statistic = 0.0;
    double df = 0.0;
    double critical = 0.0;
    [[nodiscard]] bool passes() const { return df >= 1.0 && statistic < critical; }
};

/// Pearson's goodness of fit of a histogram (observed[k] samples equal to k) against a
/// distribution on 0, 1, 2, ... (a boost::math distribution). Values are pooled from the left
/// until a bin expects at least 5 samples; the upper tail P(X > k) joins the last bin, so the
/// bins cover every value and their expectations sum to the number of samples.
/// df = bins - 1: nothing is estimated from the data.
template <class Dist>
chi2_test goodness_of_fit(const std::vector<double>& observed, const Dist& dist) {
    double n = 0.0;
    for (double o : observed)
        n += o;
    const auto observed_at = [&](std::size_t k) { return k < observed.size() ? observed[k] : 0.0; };
    std::vector<std::pair<double, double>> bins; // (observed, expected)
    double o = 0.0, e = 0.0;
    for (std::size_t k = 0;; ++k) {
        o += observed_at(k);
        e += n * boost::math::pdf(dist, static_cast<double>(k));
        const double tail =
            n * boost::math::cdf(boost::math::complement(dist, static_cast<double>(k)));
        if (tail < 5.0) { // the rest joins this bin
            for (std::size_t j = k + 1; j < observed.size(); ++j)
                o += observed[j];
            bins.emplace_back(o, e + tail);
            break;
        }
        if (e >= 5.0) {
            bins.emplace_back(o, e);
            o = e = 0.0;
        }
    }
    if (bins.size() > 1 && bins.back().second < 5.0) {
        const auto last = bins.back();
        bins.pop_back();
        bins.back().first += last.first;
        bins.back().second += last.second;
    }
    chi2_test t;
    for (const auto& [ob, ex] : bins)
        t.statistic += (ob - ex) * (ob - ex) / ex;
    t.df = static_cast<double>(bins.size()) - 1.0;
    t.critical = chi2_critical(t.df);
    return t;
}

/// Counts that should be equal in expectation, with covariance c (I - J/n) where
/// c = factor * mean: sum (O - E)^2 / c is chi-square(n - 1) in the limit. factor = 1 for a
/// multinomial (draws with replacement); other factors are derived where used.
chi2_test uniformity(const std::vector<double>& counts, double factor) {
    double total = 0.0;
    for (double c : counts)
        total += c;
    const double mean = total / static_cast<double>(counts.size());
    chi2_test t;
    for (double c : counts)
        t.statistic += (c - mean) * (c - mean) / (factor * mean);
    t.df = static_cast<double>(counts.size()) - 1.0;
    t.critical = chi2_critical(t.df);
    return t;
}

/// Histogram of non-negative integers given as doubles: h[k] = how many equal k.
template <class Values>
std::vector<double> histogram(const Values& values) {
    std::vector<double> h;
    for (auto v : values) {
        const auto k = static_cast<std::size_t>(v);
        if (k >= h.size())
            h.resize(k + 1, 0.0);
        h[k] += 1.0;
    }
    return h;
}

using edge = std::pair<std::uint32_t, std::uint32_t>; // (source, target), population indices

/// The CSR storage is well formed; returns its synapses as (source, target) pairs.
std::vector<edge> edges_of(const projection<>& p, std::size_t n_source, std::size_t n_target) {
    REQUIRE(p.row.size() == n_source + 1);
    REQUIRE(p.row.front() == 0);
    REQUIRE(p.row.back() == p.size());
    REQUIRE(std::is_sorted(p.row.begin(), p.row.end()));
    REQUIRE((p.weights.empty() || p.weights.size() == p.size()));
    REQUIRE(std::all_of(p.target.begin(), p.target.end(),
                        [&](std::uint32_t t) { return t < n_target; }));
    std::vector<edge> edges;
    for (std::uint32_t s = 0; s < n_source; ++s)
        for (auto k = p.row[s]; k < p.row[s + 1]; ++k)
            edges.emplace_back(s, p.target[k]);
    return edges;
}

std::vector<double> in_degrees(const std::vector<edge>& edges, std::size_t n_target) {
    std::vector<double> d(n_target, 0.0);
    for (const auto& [s, t] : edges)
        d[t] += 1.0;
    return d;
}

std::vector<double> out_degrees(const std::vector<edge>& edges, std::size_t n_source) {
    std::vector<double> d(n_source, 0.0);
    for (const auto& [s, t] : edges)
        d[s] += 1.0;
    return d;
}

std::size_t autapses(const std::vector<edge>& edges) {
    return static_cast<std::size_t>(std::count_if(
        edges.begin(), edges.end(), [](const edge& e) { return e.first == e.second; }));
}

/// Synapses that repeat an earlier (source, target) pair.
std::size_t multapses(std::vector<edge> edges) {
    std::sort(edges.begin(), edges.end());
    return static_cast<std::size_t>(edges.end() - std::unique(edges.begin(), edges.end()));
}

/// Mean and variance of the number of distinct values among K draws with replacement from n:
/// D = sum_s I_s with P(I_s) = 1 - a, a = (1 - 1/n)^K, P(I_s I_s') = 1 - 2a + b,
/// b = (1 - 2/n)^K, so E D = n (1 - a), Var D = n a (1 - a) + n (n - 1) (b - a^2).
std::pair<double, double> distinct_draws(double n, double K) {
    const double a = std::pow(1.0 - 1.0 / n, K), b = std::pow(1.0 - 2.0 / n, K);
    return {n * (1.0 - a), n * a * (1.0 - a) + n * (n - 1.0) * (b - a * a)};
}

/// Number of distinct sources of each target.
std::vector<double> distinct_sources(const std::vector<edge>& edges, std::size_t n_target) {
    std::vector<std::set<std::uint32_t>> sources(n_target);
    for (const auto& [s, t] : edges)
        sources[t].insert(s);
    std::vector<double> d;
    for (const auto& s : sources)
        d.push_back(static_cast<double>(s.size()));
    return d;
}

double sum(const std::vector<double>& x) {
    double s = 0.0;
    for (double v : x)
        s += v;
    return s;
}

} // namespace

// ---------------------------------------------------------------- deterministic rules

TEST_CASE("one_to_one and all_to_all make exactly the pairs they name", "[statistics][rules]") {
    auto net =
        network(node<"a">(population<iaf_psc_alpha>(50)), node<"b">(population<iaf_psc_alpha>(50)),
                node<"c">(population<iaf_psc_alpha>(30)),
                connect<"a", "b">({.rule = one_to_one{}, .weight = 3.5, .delay = 2.0}),
                connect<"a", "c">({.rule = all_to_all{}}),
                connect<"b", "b">({.rule = all_to_all{.allow_autapses = false}}),
                connect<"c", "c">({.rule = all_to_all{}}));

    const auto ab = edges_of(net.synapses<"a", "b">(), 50, 50);
    std::vector<edge> diagonal;
    for (std::uint32_t i = 0; i < 50; ++i)
        diagonal.emplace_back(i, i);
    CHECK(ab == diagonal);
    CHECK(net.synapses<"a", "b">().delay == 20);
    CHECK(net.synapses<"a", "b">().weight == 3.5); // one weight for all, kept once
    CHECK(net.synapses<"a", "b">().weights.empty());

    // every pair exactly once: n_s n_t synapses and no pair twice
    const auto ac = edges_of(net.synapses<"a", "c">(), 50, 30);
    CHECK(ac.size() == 50 * 30);
    CHECK(multapses(ac) == 0);

    // without autapses: every pair but (i, i)
    const auto bb = edges_of(net.synapses<"b", "b">(), 50, 50);
    CHECK(bb.size() == 50 * 49);
    CHECK(multapses(bb) == 0);
    CHECK(autapses(bb) == 0);

    // with autapses (the default): the diagonal too
    const auto cc = edges_of(net.synapses<"c", "c">(), 30, 30);
    CHECK(cc.size() == 30 * 30);
    CHECK(multapses(cc) == 0);
    CHECK(autapses(cc) == 30);
}

// ---------------------------------------------------------------- fixed_indegree

TEST_CASE("fixed_indegree: exactly K sources per target, no multapses or autapses when asked",
          "[statistics][rules][fixed_indegree]") {
    const std::size_t K = 25;
    auto net = network(
        kernel{.rng_seed = 11}, node<"s">(population<iaf_psc_alpha>(120)),
        node<"t1">(population<iaf_psc_alpha>(300)), node<"t2">(population<iaf_psc_alpha>(300)),
        node<"r1">(population<iaf_psc_alpha>(150)), node<"r2">(population<iaf_psc_alpha>(150)),
        connect<"s", "t1">({.rule = fixed_indegree{.indegree = K, .allow_multapses = false},
                            .weight = -2.5,
                            .delay = 1.2}),
        connect<"s", "t2">({.rule = fixed_indegree{.indegree = K}}),
        connect<"r1", "r1">({.rule = fixed_indegree{.indegree = 30,
                                                    .allow_autapses = false,
                                                    .allow_multapses = false}}),
        connect<"r2", "r2">({.rule = fixed_indegree{.indegree = 30, .allow_autapses = false}}));

    const auto& p1 = net.synapses<"s", "t1">();
    const auto st1 = edges_of(p1, 120, 300);
    CHECK(st1.size() == 300 * K);
    const auto d1 = in_degrees(st1, 300);
    CHECK(std::all_of(d1.begin(), d1.end(), [&](double d) { return d == K; }));
    CHECK(multapses(st1) == 0);
    CHECK(p1.delay == 12);
    CHECK(p1.weight == -2.5);
    CHECK(p1.weights.empty());

    // multapses allowed: sources drawn with replacement, so the number of distinct sources of a
    // target has the closed-form mean and variance of distinct_draws (n = 120, K = 25: mean
    // 22.65 of 25); the sum over 300 independent targets within 5 standard deviations.
    const auto st2 = edges_of(net.synapses<"s", "t2">(), 120, 300);
    const auto d2 = in_degrees(st2, 300);
    CHECK(std::all_of(d2.begin(), d2.end(), [&](double d) { return d == K; }));
    const auto [mean_distinct, var_distinct] = distinct_draws(120, K);
    const double distinct = sum(distinct_sources(st2, 300));
    CAPTURE(distinct, 300 * mean_distinct, std::sqrt(300 * var_distinct));
    CHECK(std::abs(distinct - 300 * mean_distinct) < 5 * std::sqrt(300 * var_distinct));

    // a population onto itself without autapses
    const auto rr1 = edges_of(net.synapses<"r1", "r1">(), 150, 150);
    const auto dr1 = in_degrees(rr1, 150);
    CHECK(std::all_of(dr1.begin(), dr1.end(), [](double d) { return d == 30; }));
    CHECK(autapses(rr1) == 0);
    CHECK(multapses(rr1) == 0);

    const auto rr2 = edges_of(net.synapses<"r2", "r2">(), 150, 150);
    const auto dr2 = in_degrees(rr2, 150);
    CHECK(std::all_of(dr2.begin(), dr2.end(), [](double d) { return d == 30; }));
    CHECK(autapses(rr2) == 0);
    CHECK(multapses(rr2) > 0); // 150 targets, each P(no repeat) ~ e^-3: never all of them
}

TEST_CASE("fixed_indegree: the sources are drawn uniformly",
          "[statistics][rules][fixed_indegree]") {
    // 100 sources, 2000 targets, K = 20: each source is chosen about 400 times.
    // With multapses the 40000 draws are a multinomial(40000, 1/100): Pearson's statistic is
    // chi-square(99). Without multapses each target draws a uniform K-subset: one source's
    // indicator has variance p (1 - p), p = K/n, and two sources' covariance -p (1 - p)/(n - 1),
    // so the counts have covariance c (I - J/n), c = mean (1 - p) n/(n - 1): factor
    // (1 - p) n/(n - 1) in uniformity().
    const std::size_t n = 100, n_t = 2000, K = 20;
    auto net = network(
        kernel{.rng_seed = 12}, node<"s">(population<iaf_psc_alpha>(n)),
        node<"with">(population<iaf_psc_alpha>(n_t)),
        node<"without">(population<iaf_psc_alpha>(n_t)),
        connect<"s", "with">({.rule = fixed_indegree{.indegree = K}}),
        connect<"s", "without">({.rule = fixed_indegree{.indegree = K, .allow_multapses = false}}));

    const auto with = out_degrees(edges_of(net.synapses<"s", "with">(), n, n_t), n);
    const auto t1 = uniformity(with, 1.0);
    CAPTURE(t1.statistic, t1.df, t1.critical);
    CHECK(t1.passes());

    const double p = static_cast<double>(K) / n;
    const auto without = out_degrees(edges_of(net.synapses<"s", "without">(), n, n_t), n);
    const auto t2 = uniformity(without, (1.0 - p) * n / (n - 1.0));
    CAPTURE(t2.statistic, t2.df, t2.critical);
    CHECK(t2.passes());
}

// ---------------------------------------------------------------- fixed_outdegree

TEST_CASE("fixed_outdegree: every source exactly K targets, drawn uniformly",
          "[statistics][rules][fixed_outdegree]") {
    // Exact out-degrees; no repeated pair without multapses, no (i, i) without autapses; the
    // targets' in-degrees uniform (the same statistics as fixed_indegree's sources, roles
    // swapped: 2000 sources, 100 targets, K = 20).
    const std::size_t n = 100, n_s = 2000, K = 20;
    auto net =
        network(kernel{.rng_seed = 13}, node<"with">(population<iaf_psc_alpha>(n_s)),
                node<"without">(population<iaf_psc_alpha>(n_s)),
                node<"t">(population<iaf_psc_alpha>(n)), node<"r">(population<iaf_psc_alpha>(150)),
                connect<"with", "t">({.rule = fixed_outdegree{.outdegree = K}}),
                connect<"without", "t">(
                    {.rule = fixed_outdegree{.outdegree = K, .allow_multapses = false}}),
                connect<"r", "r">({.rule = fixed_outdegree{.outdegree = 40,
                                                           .allow_autapses = false,
                                                           .allow_multapses = false}}));

    const auto e_with = edges_of(net.synapses<"with", "t">(), n_s, n);
    const auto out_with = out_degrees(e_with, n_s);
    CHECK(std::all_of(out_with.begin(), out_with.end(), [&](double d) { return d == K; }));
    CHECK(multapses(e_with) > 0); // each source repeats a target with probability 0.87
    const auto t1 = uniformity(in_degrees(e_with, n), 1.0);
    CAPTURE(t1.statistic, t1.df, t1.critical);
    CHECK(t1.passes());

    const auto e_without = edges_of(net.synapses<"without", "t">(), n_s, n);
    const auto out_without = out_degrees(e_without, n_s);
    CHECK(std::all_of(out_without.begin(), out_without.end(), [&](double d) { return d == K; }));
    CHECK(multapses(e_without) == 0);
    const double p = static_cast<double>(K) / n;
    const auto t2 = uniformity(in_degrees(e_without, n), (1.0 - p) * n / (n - 1.0));
    CAPTURE(t2.statistic, t2.df, t2.critical);
    CHECK(t2.passes());

    const auto rr = edges_of(net.synapses<"r", "r">(), 150, 150);
    const auto out_r = out_degrees(rr, 150);
    CHECK(std::all_of(out_r.begin(), out_r.end(), [](double d) { return d == 40; }));
    CHECK(autapses(rr) == 0);
    CHECK(multapses(rr) == 0);
}

// ---------------------------------------------------------------- fixed_total_number

TEST_CASE("fixed_total_number: exactly N synapses between uniformly drawn pairs",
          "[statistics][rules][fixed_total_number]") {
    // With multapses each synapse is a uniform pair of the 100 x 120 grid, so the source
    // counts are multinomial(N, 1/100) and the target counts multinomial(N, 1/120).
    // Without multapses the N pairs are drawn without replacement from M = 100 x 120: the
    // counts are multivariate hypergeometric, covariance (M - N)/(M - 1) times the
    // multinomial's: factor (M - N)/(M - 1) in uniformity().
    const std::size_t n_s = 100, n_t = 120, N = 24000, N_unique = 6000;
    auto net = network(
        kernel{.rng_seed = 14}, node<"s">(population<iaf_psc_alpha>(n_s)),
        node<"s2">(population<iaf_psc_alpha>(n_s)), node<"t">(population<iaf_psc_alpha>(n_t)),
        node<"r">(population<iaf_psc_alpha>(80)),
        connect<"s", "t">({.rule = fixed_total_number{.N = N}}),
        connect<"s2", "t">({.rule = fixed_total_number{.N = N_unique, .allow_multapses = false}}),
        connect<"r", "r">({.rule = fixed_total_number{
                               .N = 3000, .allow_autapses = false, .allow_multapses = false}}));

    const auto st = edges_of(net.synapses<"s", "t">(), n_s, n_t);
    CHECK(st.size() == N);
    CHECK(multapses(st) > 0); // 24000 pairs among 12000: repeats are certain
    const auto ts = uniformity(out_degrees(st, n_s), 1.0);
    const auto tt = uniformity(in_degrees(st, n_t), 1.0);
    CAPTURE(ts.statistic, ts.critical, tt.statistic, tt.critical);
    CHECK(ts.passes());
    CHECK(tt.passes());

    const auto s2t = edges_of(net.synapses<"s2", "t">(), n_s, n_t);
    CHECK(s2t.size() == N_unique);
    CHECK(multapses(s2t) == 0);
    const double M = static_cast<double>(n_s * n_t);
    const double factor = (M - N_unique) / (M - 1.0);
    const auto us = uniformity(out_degrees(s2t, n_s), factor);
    const auto ut = uniformity(in_degrees(s2t, n_t), factor);
    CAPTURE(us.statistic, us.critical, ut.statistic, ut.critical);
    CHECK(us.passes());
    CHECK(ut.passes());

    const auto rr = edges_of(net.synapses<"r", "r">(), 80, 80);
    CHECK(rr.size() == 3000);
    CHECK(autapses(rr) == 0);
    CHECK(multapses(rr) == 0);
}

// ---------------------------------------------------------------- pairwise_bernoulli

TEST_CASE("pairwise_bernoulli: binomial counts and degrees", "[statistics][rules][bernoulli]") {
    // 100 sources x 3000 targets at p = 0.1: the total is Binomial(300000, 0.1), mean 30000,
    // sd 164 (bound 5 sd); each target's in-degree is Binomial(100, 0.1), independently (one
    // stream per target): a chi-square goodness of fit over the 3000 in-degrees. Each source's
    // out-degree is Binomial(3000, 0.1), independently of the other sources' (the pairs are
    // independent): a fit over the 100 out-degrees, which would also catch streams of
    // different targets that move together. Onto itself without autapses (400 neurons,
    // p = 0.05): no (i, i), in-degrees Binomial(399, 0.05).
    const std::size_t n_s = 100, n_t = 3000, n_r = 400;
    const double p = 0.1, p_r = 0.05;
    auto net = network(
        kernel{.rng_seed = 15}, node<"s">(population<iaf_psc_alpha>(n_s)),
        node<"t">(population<iaf_psc_alpha>(n_t)), node<"r">(population<iaf_psc_alpha>(n_r)),
        node<"none">(population<iaf_psc_alpha>(20)), node<"all">(population<iaf_psc_alpha>(20)),
        connect<"s", "t">({.rule = pairwise_bernoulli{.p = p}}),
        connect<"r", "r">({.rule = pairwise_bernoulli{.p = p_r, .allow_autapses = false}}),
        connect<"none", "all">({.rule = pairwise_bernoulli{.p = 0.0}}),
        connect<"all", "none">({.rule = pairwise_bernoulli{.p = 1.0}}));

    const auto st = edges_of(net.synapses<"s", "t">(), n_s, n_t);
    const double pairs = static_cast<double>(n_s * n_t);
    const double count = static_cast<double>(st.size());
    CAPTURE(count, pairs * p);
    CHECK(std::abs(count - pairs * p) < 5 * std::sqrt(pairs * p * (1 - p)));
    CHECK(multapses(st) == 0);

    const auto in_fit = goodness_of_fit(histogram(in_degrees(st, n_t)),
                                        boost::math::binomial(static_cast<double>(n_s), p));
    CAPTURE(in_fit.statistic, in_fit.df, in_fit.critical);
    CHECK(in_fit.passes());
    const auto out_fit = goodness_of_fit(histogram(out_degrees(st, n_s)),
                                         boost::math::binomial(static_cast<double>(n_t), p));
    CAPTURE(out_fit.statistic, out_fit.df, out_fit.critical);
    CHECK(out_fit.passes());

    const auto rr = edges_of(net.synapses<"r", "r">(), n_r, n_r);
    CHECK(autapses(rr) == 0);
    const auto r_fit = goodness_of_fit(histogram(in_degrees(rr, n_r)),
                                       boost::math::binomial(static_cast<double>(n_r - 1), p_r));
    CAPTURE(r_fit.statistic, r_fit.df, r_fit.critical);
    CHECK(r_fit.passes());

    CHECK(net.synapses<"none", "all">().size() == 0);
    const auto all = edges_of(net.synapses<"all", "none">(), 20, 20);
    CHECK(all.size() == 400);
    CHECK(multapses(all) == 0);
}

// ------------------------------------------------- regressions: bugs these tests found, fixed

TEST_CASE("regression: fixed_indegree a -> b and fixed_outdegree b -> a draw independently",
          "[statistics][rules]") {
    // Two projections of one network are drawn independently, as in NEST: the chance that a
    // synapse of b -> a (fixed_outdegree K) has its reverse in a -> b (fixed_indegree K) is
    // K/n_a. Per neuron of b the overlap of its K targets and its K sources is hypergeometric
    // (population n_a, K marked, K drawn): mean K^2/n_a, variance K^2/n_a (1 - K/n_a)
    // (n_a - K)/(n_a - 1). Over n_b = 100: mean 100, sd 9; bound 5 sd.
    // FAILS today: rules.hpp names the stream of fixed_indegree's target t by
    // (seed, first_b + t, first_a) and the stream of fixed_outdegree's source s by
    // (seed, first_b + s, first_a): the same stream for t = s, the same draws, so every
    // synapse is reciprocated (1000 of 1000).
    const double n_a = 100, n_b = 100, K = 10;
    auto net = network(
        kernel{.rng_seed = 16}, node<"a">(population<iaf_psc_alpha>(100)),
        node<"b">(population<iaf_psc_alpha>(100)),
        connect<"a", "b">({.rule = fixed_indegree{.indegree = 10, .allow_multapses = false}}),
        connect<"b", "a">({.rule = fixed_outdegree{.outdegree = 10, .allow_multapses = false}}));
    const auto ab = edges_of(net.synapses<"a", "b">(), 100, 100);
    const auto ba = edges_of(net.synapses<"b", "a">(), 100, 100);
    std::set<edge> forward(ab.begin(), ab.end());
    double reciprocated = 0.0;
    for (const auto& [b, a] : ba)
        reciprocated += forward.count({a, b});
    const double mean = n_b * K * K / n_a;
    const double sd = std::sqrt(n_b * K * K / n_a * (1 - K / n_a) * (n_a - K) / (n_a - 1));
    CAPTURE(reciprocated, mean, sd);
    CHECK(std::abs(reciprocated - mean) < 5 * sd);
}

namespace {
/// Runs f in a child process: "throws value_error", "returns", "other exception", or "hangs"
/// (still running after `seconds`; then killed).
template <class F>
std::string outcome_in_child(F f, double seconds) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int code = 1;
        try {
            f();
        } catch (const value_error&) {
            code = 0;
        } catch (...) {
            code = 2;
        }
        _exit(code);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    int status = 0;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return "hangs";
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (WIFEXITED(status))
        return WEXITSTATUS(status) == 0   ? "throws value_error"
               : WEXITSTATUS(status) == 1 ? "returns"
                                          : "other exception";
    return "crashes";
}
} // namespace

TEST_CASE("regression: a request that no draw can satisfy throws instead of looping forever",
          "[statistics][rules]") {
    // One neuron connected to itself without autapses has no possible source (target), so
    // indegree (outdegree) 1 cannot be met even with multapses allowed: an impossible request,
    // which must fail before anything is built (DESIGN rule 6), as fixed_total_number does.
    // FAILS today: the pool-size check in rules.hpp runs only when allow_multapses is false,
    // and the draw loop rejects the only candidate forever. Run in a child process that is
    // killed after 2 s (the correct outcome takes microseconds).
    CHECK(outcome_in_child(
              [] {
                  (void)network(node<"n">(population<iaf_psc_alpha>(1)),
                                connect<"n", "n">(
                                    {.rule = fixed_total_number{.N = 1, .allow_autapses = false}}));
              },
              2.0) == "throws value_error"); // the control: this one is handled
    CHECK(outcome_in_child(
              [] {
                  (void)network(node<"n">(population<iaf_psc_alpha>(1)),
                                connect<"n", "n">({.rule = fixed_indegree{
                                                       .indegree = 1, .allow_autapses = false}}));
              },
              2.0) == "throws value_error");
    CHECK(outcome_in_child(
              [] {
                  (void)network(node<"n">(population<iaf_psc_alpha>(1)),
                                connect<"n", "n">({.rule = fixed_outdegree{
                                                       .outdegree = 1, .allow_autapses = false}}));
              },
              2.0) == "throws value_error");
}

// ---------------------------------------------------------------- poisson_generator

TEST_CASE("poisson_generator: counts per step are Poisson(rate dt)", "[statistics][poisson]") {
    // 50 targets x 4000 steps = 200000 counts per rate, fit against Poisson(rate dt / 1000).
    // Means 3 and 40: a short and a long table of the sampler (core/poisson_table.hpp).
    for (const double rate : {30000.0, 400000.0}) {
        poisson_generator pg({.rate = rate});
        pg.calibrate(time_grid{}, {.node_id = 7, .rng_seed = 17});
        const double mu = rate * 0.1 / 1000.0;
        std::vector<double> counts;
        for (step_t k = 1; k <= 4000; ++k)
            for (std::uint64_t target = 100; target < 150; ++target)
                counts.push_back(pg.spikes(k, target));
        const auto fit = goodness_of_fit(histogram(counts), boost::math::poisson(mu));
        CAPTURE(rate, fit.statistic, fit.df, fit.critical);
        CHECK(fit.passes());
    }
}

TEST_CASE("poisson_generator: counts in 10 ms bins are Poisson(rate T)", "[statistics][poisson]") {
    // Rate 500 Hz, T = 10 ms (100 steps): mean 5 per bin. 100 targets x 400 bins (4 s) =
    // 40000 counts, fit against Poisson(5): the sum of 100 independent per-step counts of mean
    // 0.05 is Poisson(5) exactly, so this also tests that a target's steps are independent.
    const double rate = 500.0;
    poisson_generator pg({.rate = rate});
    pg.calibrate(time_grid{}, {.node_id = 3, .rng_seed = 18});
    std::vector<double> counts;
    for (std::uint64_t target = 10; target < 110; ++target)
        for (step_t bin = 0; bin < 400; ++bin) {
            double c = 0.0;
            for (step_t k = bin * 100 + 1; k <= (bin + 1) * 100; ++k)
                c += pg.spikes(k, target);
            counts.push_back(c);
        }
    const auto fit = goodness_of_fit(histogram(counts), boost::math::poisson(rate * 0.010));
    CAPTURE(fit.statistic, fit.df, fit.critical);
    CHECK(fit.passes());
}

TEST_CASE("poisson_generator through a network: each target's train and their sum are Poisson",
          "[statistics][poisson]") {
    // 200 parrot neurons repeat a 10 Hz poisson_generator for 10 s; a spike_recorder counts
    // what arrives. Per target and 1 s bin the count is Poisson(10) (2000 counts); the whole
    // population's count per 10 ms bin is Poisson(200 x 10 Hz x 10 ms = 20) (1000 counts) only
    // if the 200 trains are independent (one shared train would give variance 200 x 20).
    // A parrot fires once per step however many spikes arrive: a step with >= 2 spikes
    // (probability 5e-7 at mean 0.001) loses spikes; about 10 of the 20000 expected, far below
    // what the fits can see (the per-bin sd alone is sqrt(10)).
    const std::size_t n = 200;
    auto net = network(kernel{.rng_seed = 19}, node<"pg">(poisson_generator({.rate = 10.0})),
                       node<"parrots">(population<parrot_neuron>(n)), node<"sr">(spike_recorder{}),
                       connect<"pg", "parrots">(), connect<"parrots", "sr">());
    simulate(net, 10000.0);
    const auto& rec = net.node<"sr">().events();
    const node_id first = net.first_id<"parrots">();
    std::vector<double> per_target(n * 10, 0.0), per_bin(1000, 0.0);
    for (std::size_t i = 0; i < rec.n_events(); ++i) {
        // the spike of step k (time k dt) arrives from the generator's step k - 10 (1 ms delay):
        // bin by the generator's step, k - 10 in (b T, (b + 1) T]
        const auto k = std::llround(rec.times[i] / 0.1) - 10;
        REQUIRE(rec.senders[i] >= first);
        REQUIRE(rec.senders[i] < first + n);
        if (k < 1 || k > 99990)
            continue; // the last ms of the generator's train arrives after the end
        const auto target = rec.senders[i] - first;
        per_target[target * 10 + static_cast<std::size_t>((k - 1) / 10000)] += 1.0;
        per_bin[static_cast<std::size_t>((k - 1) / 100)] += 1.0;
    }
    // bins cut short by the end: the last 1 s bin of each target and the last 10 ms bin
    std::vector<double> full_targets;
    for (std::size_t t = 0; t < n; ++t)
        for (std::size_t b = 0; b < 9; ++b)
            full_targets.push_back(per_target[t * 10 + b]);
    per_bin.pop_back();

    const auto fit_target = goodness_of_fit(histogram(full_targets), boost::math::poisson(10.0));
    CAPTURE(fit_target.statistic, fit_target.df, fit_target.critical);
    CHECK(fit_target.passes());
    const auto fit_sum = goodness_of_fit(histogram(per_bin), boost::math::poisson(20.0));
    CAPTURE(fit_sum.statistic, fit_sum.df, fit_sum.critical);
    CHECK(fit_sum.passes());
}

// ---------------------------------------------------------------- determinism

namespace {

constexpr double J_11 = 43.7, J_21 = 38.9, J_e = 41.3, J_i = -206.5; // pA
constexpr double drive_w = 47.3, noise_w = 23.9;                     // pA
constexpr double d = 1.5;                                            // ms, every delay

constexpr fixed_indegree rule_ee =
    fixed_indegree{.indegree = 8, .allow_autapses = false, .allow_multapses = false};

/// 200 iaf_psc_alpha in three populations (about 34 spikes/s each), two poisson_generators,
/// every random rule, and several excitatory projections with different weights into one
/// population with one delay (so the order of the connections decides the order in which
/// their weights are summed in a step). Nodes in this order: drive, noise, e1, e2, inh, sr, mm.
auto network_in_order(std::uint32_t seed) {
    return network(
        kernel{.rng_seed = seed}, node<"drive">(poisson_generator({.rate = 1300.0})),
        node<"noise">(poisson_generator({.rate = 800.0})),
        node<"e1">(population<iaf_psc_alpha>(80)), node<"e2">(population<iaf_psc_alpha>(80)),
        node<"inh">(population<iaf_psc_alpha>(40)), node<"sr">(spike_recorder{}),
        node<"mm">(multimeter<"V_m">({.interval = 0.1})), connect<"mm", "e1">(),
        connect<"drive", "e1">({.weight = drive_w, .delay = d}),
        connect<"drive", "e2">({.weight = drive_w, .delay = d}),
        connect<"drive", "inh">({.weight = drive_w, .delay = d}),
        connect<"noise", "e1">({.weight = noise_w, .delay = d}),
        connect<"e1", "e1">({.rule = rule_ee, .weight = J_11, .delay = d}),
        connect<"e2", "e1">({.rule = fixed_outdegree{.outdegree = 8}, .weight = J_21, .delay = d}),
        connect<"e1", "e2">({.rule = pairwise_bernoulli{.p = 0.1}, .weight = J_e, .delay = d}),
        connect<"e2", "e2">({.rule = fixed_total_number{.N = 640}, .weight = J_e, .delay = d}),
        connect<"e1", "inh">({.rule = rule_ee, .weight = J_e, .delay = d}),
        connect<"e2", "inh">({.rule = rule_ee, .weight = J_11, .delay = d}),
        connect<"inh", "e1">({.rule = fixed_indegree{.indegree = 4}, .weight = J_i, .delay = d}),
        connect<"inh", "e2">({.rule = fixed_indegree{.indegree = 4}, .weight = J_i, .delay = d}),
        connect<"inh", "inh">({.rule = pairwise_bernoulli{.p = 0.1, .allow_autapses = false},
                               .weight = J_i,
                               .delay = d}),
        connect<"e1", "sr">(), connect<"e2", "sr">(), connect<"inh", "sr">());
}

/// The same network: the same nodes in the same relative order (so the same node ids), the
/// connections in another order and interleaved with the nodes.
auto network_reordered(std::uint32_t seed) {
    return network(
        kernel{.rng_seed = seed}, connect<"inh", "sr">(),
        connect<"noise", "e1">({.weight = noise_w, .delay = d}),
        node<"drive">(poisson_generator({.rate = 1300.0})),
        connect<"e2", "e1">({.rule = fixed_outdegree{.outdegree = 8}, .weight = J_21, .delay = d}),
        connect<"inh", "inh">({.rule = pairwise_bernoulli{.p = 0.1, .allow_autapses = false},
                               .weight = J_i,
                               .delay = d}),
        node<"noise">(poisson_generator({.rate = 800.0})), connect<"e2", "sr">(),
        connect<"drive", "inh">({.weight = drive_w, .delay = d}),
        connect<"inh", "e2">({.rule = fixed_indegree{.indegree = 4}, .weight = J_i, .delay = d}),
        node<"e1">(population<iaf_psc_alpha>(80)),
        connect<"e2", "inh">({.rule = rule_ee, .weight = J_11, .delay = d}), connect<"e1", "sr">(),
        connect<"e2", "e2">({.rule = fixed_total_number{.N = 640}, .weight = J_e, .delay = d}),
        node<"e2">(population<iaf_psc_alpha>(80)),
        connect<"e1", "e1">({.rule = rule_ee, .weight = J_11, .delay = d}),
        connect<"drive", "e2">({.weight = drive_w, .delay = d}),
        connect<"e1", "inh">({.rule = rule_ee, .weight = J_e, .delay = d}),
        node<"inh">(population<iaf_psc_alpha>(40)),
        connect<"inh", "e1">({.rule = fixed_indegree{.indegree = 4}, .weight = J_i, .delay = d}),
        connect<"e1", "e2">({.rule = pairwise_bernoulli{.p = 0.1}, .weight = J_e, .delay = d}),
        node<"sr">(spike_recorder{}), connect<"drive", "e1">({.weight = drive_w, .delay = d}),
        node<"mm">(multimeter<"V_m">({.interval = 0.1})), connect<"mm", "e1">());
}

/// The spike trains: (sender, time) pairs, ordered by sender, then time. (A spike_recorder
/// lists one step's spikes in the order of its incoming connections, so the raw event order
/// is not part of what a reordering must keep.)
template <class Net>
std::vector<std::pair<node_id, double>> trains(const Net& net) {
    const auto& rec = net.template node<"sr">().events();
    std::vector<std::pair<node_id, double>> out;
    for (std::size_t i = 0; i < rec.n_events(); ++i)
        out.emplace_back(rec.senders[i], rec.times[i]);
    std::sort(out.begin(), out.end());
    return out;
}

/// The synapses of every neuron-to-neuron projection of the networks above.
template <class Net>
std::vector<std::vector<std::uint32_t>> all_synapses(const Net& net) {
    return {
        net.template synapses<"e1", "e1">().target,  net.template synapses<"e2", "e1">().target,
        net.template synapses<"e1", "e2">().target,  net.template synapses<"e2", "e2">().target,
        net.template synapses<"e1", "inh">().target, net.template synapses<"e2", "inh">().target,
        net.template synapses<"inh", "e1">().target, net.template synapses<"inh", "e2">().target,
        net.template synapses<"inh", "inh">().target};
}
} // namespace

TEST_CASE("a seed fixes the spike trains: two runs, two orders of construction",
          "[statistics][random]") {
    auto a = network_in_order(5), b = network_in_order(5);
    simulate(a, 200.0);
    simulate(b, 200.0);
    const auto& ra = a.node<"sr">().events();
    const auto& rb = b.node<"sr">().events();
    CAPTURE(ra.n_events());
    REQUIRE(ra.n_events() > 500); // an active network: about 1360 spikes
    // the same construction twice: the very same events, in the same order, and the same V_m
    CHECK(ra.times == rb.times);
    CHECK(ra.senders == rb.senders);
    CHECK(a.node<"mm">().events().values == b.node<"mm">().events().values);

    // another order of construction: the same node ids, the same synapses, the same trains
    auto c = network_reordered(5);
    CHECK(c.first_id<"e1">() == a.first_id<"e1">());
    CHECK(c.first_id<"e2">() == a.first_id<"e2">());
    CHECK(c.first_id<"inh">() == a.first_id<"inh">());
    CHECK(c.first_id<"noise">() == a.first_id<"noise">());
    CHECK(all_synapses(c) == all_synapses(a));
    simulate(c, 200.0);
    const auto ta = trains(a), tc = trains(c);
    CHECK(ta.size() == tc.size());
    CHECK(ta == tc);

    // another seed: other synapses, other trains
    auto e = network_in_order(6);
    simulate(e, 200.0);
    CHECK(e.synapses<"e1", "e1">().target != a.synapses<"e1", "e1">().target);
    CHECK(trains(e) != ta);
}

TEST_CASE("regression: the order of the connections does not change V_m", "[statistics][random]") {
    // DESIGN rule 9: given a seed, results do not depend on the order of construction. The
    // synapses and the random streams do not (the test above), and neither do the spike trains
    // of this network; but V_m of e1 differs in its last bits between the two orders.
    // FAILS today: network.hpp adds the weights arriving at a neuron in a step into the ring
    // buffer in the order of the connections in the network(...) call (for each connection,
    // its spikes), and floating-point addition is not associative: e1 receives e1 -> e1
    // (43.7 pA) and e2 -> e1 (38.9 pA) with one delay, so (x + 43.7) + 38.9 and
    // (x + 38.9) + 43.7 can round differently. The differences are of rounding size and
    // have not moved a spike in this network, but a spike that sits on the threshold (or a
    // network that amplifies small differences) turns them into different spike trains.
    auto a = network_in_order(5);
    auto c = network_reordered(5);
    simulate(a, 200.0);
    simulate(c, 200.0);
    const auto& va = a.node<"mm">().events().values[0];
    const auto& vc = c.node<"mm">().events().values[0];
    REQUIRE(va.size() == vc.size());
    std::size_t differ = 0;
    double first_time = -1.0;
    double largest_ulps = 0.0; // the largest difference, in units of V_m's last place
    for (std::size_t i = 0; i < va.size(); ++i)
        if (va[i] != vc[i]) {
            if (differ++ == 0)
                first_time = a.node<"mm">().events().times[i];
            const double ulp =
                std::nextafter(std::abs(va[i]), std::numeric_limits<double>::infinity()) -
                std::abs(va[i]);
            largest_ulps = std::max(largest_ulps, std::abs(va[i] - vc[i]) / ulp);
        }
    CAPTURE(va.size(), differ, first_time, largest_ulps);
    CHECK(differ == 0);
}
