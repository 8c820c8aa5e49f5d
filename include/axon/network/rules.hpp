// NEST's connection rules: which (source, target) pairs a rule connects, with NEST's
// allow_autapses and allow_multapses.
// Random rules draw from streams keyed by (seed, target neuron, source population), so the
// connectivity does not depend on the order in which anything was built.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "axon/core/error.hpp"
#include "axon/core/random.hpp"
#include "axon/core/time.hpp"

namespace axon {

/// Source i to target i; the populations must have the same size.
struct one_to_one {};
/// Every source to every target (NEST's default rule).
struct all_to_all {
    bool allow_autapses = true;
};
/// Each target gets `indegree` sources, drawn uniformly.
struct fixed_indegree {
    std::size_t indegree = 0;
    bool allow_autapses = true;
    bool allow_multapses = true;
};
/// Each source gets `outdegree` targets, drawn uniformly.
struct fixed_outdegree {
    std::size_t outdegree = 0;
    bool allow_autapses = true;
    bool allow_multapses = true;
};
/// `N` synapses between uniformly drawn pairs.
struct fixed_total_number {
    std::size_t N = 0;
    bool allow_autapses = true;
    bool allow_multapses = true;
};
/// Each pair independently with probability p.
struct pairwise_bernoulli {
    double p = 0.0;
    bool allow_autapses = true;
};

/// A rule, chosen at run time (connectivity is a value, built once before simulating).
using connection_rule = std::variant<all_to_all, one_to_one, fixed_indegree, fixed_outdegree,
                                     fixed_total_number, pairwise_bernoulli>;

namespace detail {

/// What a random rule needs: the seed and the global ids that name the streams.
struct rule_context {
    std::uint32_t seed;
    std::uint64_t first_source, first_target;
    bool same_population;
    std::string_view owner;   // "connect<E, I>", for error messages
    std::uint32_t repeat = 0; // earlier connections between the same two populations

    /// What a stream is for; with the repeat it names the stream's step field, so that no two
    /// purposes (an indegree draw of E->I and an outdegree draw of I->E, or a second E->I
    /// connection) share numbers.
    enum purpose : std::int64_t { per_target = 1, per_source, whole, weights, delays };

    [[nodiscard]] random_stream stream(purpose p, std::uint64_t neuron, std::uint64_t other) const {
        return random_stream(seed, neuron, other, -(p + 8 * static_cast<std::int64_t>(repeat)));
    }
};

inline void require_rule(bool ok, const rule_context& c, const std::string& what) {
    if (!ok)
        throw value_error(detail::concat(c.owner, ": ", what));
}

/// (source, target) pairs of a rule, in an order fixed by the rule.
/// The pairs a rule makes onto the targets [lo, hi) (a process of a distributed network owns
/// such a range), in the order the rule makes them; and where each stands among all the
/// pairs the rule makes, so that arrays of weights or delays, given for all synapses, can be
/// read by a process that holds only some of them.
struct rule_pairs {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
    std::vector<std::size_t> index; // of each pair among all; empty: first + its position
    std::size_t first = 0;
    std::size_t total = 0; // pairs the rule makes onto every target

    [[nodiscard]] std::size_t size() const { return pairs.size(); }
    [[nodiscard]] std::size_t index_of(std::size_t k) const {
        return index.empty() ? first + k : index[k];
    }
};

inline rule_pairs pairs_of(const connection_rule& rule, std::size_t n_source, std::size_t n_target,
                           const rule_context& c, std::size_t lo, std::size_t hi) {
    rule_pairs out;
    auto& pairs = out.pairs;
    const auto mine = [&](std::size_t t) { return t >= lo && t < hi; };
    const auto autapse = [&](std::size_t s, std::size_t t) { return c.same_population && s == t; };
    // a stream per target neuron (or source, for outdegree), separate for each source population
    std::visit(
        [&]<class R>(const R& r) {
            if constexpr (std::is_same_v<R, one_to_one>) {
                require_rule(n_source == n_target, c,
                             detail::concat("one_to_one needs populations of equal size, got ",
                                            n_source, " and ", n_target));
                for (std::size_t i = lo; i < hi; ++i)
                    pairs.emplace_back(i, i);
                out.first = lo;
                out.total = n_source;
            } else if constexpr (std::is_same_v<R, all_to_all>) {
                const auto sources_of = [&](std::size_t t) {
                    return n_source -
                           (r.allow_autapses || !c.same_population || t >= n_source ? 0 : 1);
                };
                for (std::size_t t = 0; t < n_target; ++t) {
                    if (t < lo)
                        out.first += sources_of(t);
                    out.total += sources_of(t);
                }
                for (std::size_t t = lo; t < hi; ++t)
                    for (std::size_t s = 0; s < n_source; ++s)
                        if (r.allow_autapses || !autapse(s, t))
                            pairs.emplace_back(s, t);
            } else if constexpr (std::is_same_v<R, fixed_indegree>) {
                const std::size_t pool = n_source - (c.same_population && !r.allow_autapses);
                require_rule(r.allow_multapses || r.indegree <= pool, c,
                             detail::concat("fixed_indegree: indegree ", r.indegree,
                                            " is larger than the ", pool,
                                            " possible sources and allow_multapses is false"));
                require_rule(pool > 0 || r.indegree == 0 || n_target == 0, c,
                             "fixed_indegree: there is no possible source (the source "
                             "population is empty, or it is the target itself, of one neuron, "
                             "and allow_autapses is false)");
                out.first = lo * r.indegree;
                out.total = n_target * r.indegree;
                for (std::size_t t = lo; t < hi; ++t) {
                    auto g = c.stream(rule_context::per_target, c.first_target + t, c.first_source);
                    std::uniform_int_distribution<std::size_t> pick(0, n_source - 1);
                    std::vector<std::uint32_t> chosen;
                    while (chosen.size() < r.indegree) {
                        const auto s = static_cast<std::uint32_t>(pick(g));
                        if (!r.allow_autapses && autapse(s, t))
                            continue;
                        if (!r.allow_multapses &&
                            std::find(chosen.begin(), chosen.end(), s) != chosen.end())
                            continue;
                        chosen.push_back(s);
                    }
                    for (auto s : chosen)
                        pairs.emplace_back(s, t);
                }
            } else if constexpr (std::is_same_v<R, fixed_outdegree>) {
                const std::size_t pool = n_target - (c.same_population && !r.allow_autapses);
                require_rule(r.allow_multapses || r.outdegree <= pool, c,
                             detail::concat("fixed_outdegree: outdegree ", r.outdegree,
                                            " is larger than the ", pool,
                                            " possible targets and allow_multapses is false"));
                require_rule(pool > 0 || r.outdegree == 0 || n_source == 0, c,
                             "fixed_outdegree: there is no possible target (the target "
                             "population is empty, or it is the source itself, of one neuron, "
                             "and allow_autapses is false)");
                for (std::size_t s = 0; s < n_source; ++s) {
                    auto g = c.stream(rule_context::per_source, c.first_source + s, c.first_target);
                    std::uniform_int_distribution<std::size_t> pick(0, n_target - 1);
                    std::vector<std::uint32_t> chosen;
                    while (chosen.size() < r.outdegree) {
                        const auto t = static_cast<std::uint32_t>(pick(g));
                        if (!r.allow_autapses && autapse(s, t))
                            continue;
                        if (!r.allow_multapses &&
                            std::find(chosen.begin(), chosen.end(), t) != chosen.end())
                            continue;
                        chosen.push_back(t);
                    }
                    for (auto t : chosen) {
                        if (mine(t)) {
                            pairs.emplace_back(s, t);
                            out.index.push_back(out.total);
                        }
                        ++out.total;
                    }
                }
            } else if constexpr (std::is_same_v<R, fixed_total_number>) {
                const std::size_t possible =
                    n_source * n_target - (c.same_population && !r.allow_autapses ? n_source : 0);
                require_rule(r.allow_multapses || r.N <= possible, c,
                             detail::concat("fixed_total_number: N = ", r.N, " is larger than the ",
                                            possible,
                                            " possible pairs and allow_multapses is false"));
                require_rule(possible > 0 || r.N == 0, c,
                             "fixed_total_number: there are no possible pairs");
                auto g = c.stream(rule_context::whole, c.first_target, c.first_source);
                std::uniform_int_distribution<std::size_t> pick_s(0, n_source - 1),
                    pick_t(0, n_target - 1);
                std::vector<std::pair<std::uint32_t, std::uint32_t>> chosen;
                while (chosen.size() < r.N) {
                    const auto s = static_cast<std::uint32_t>(pick_s(g));
                    const auto t = static_cast<std::uint32_t>(pick_t(g));
                    if (!r.allow_autapses && autapse(s, t))
                        continue;
                    if (!r.allow_multapses &&
                        std::find(chosen.begin(), chosen.end(), std::pair(s, t)) != chosen.end())
                        continue;
                    chosen.emplace_back(s, t);
                }
                out.total = chosen.size();
                for (std::size_t k = 0; k < chosen.size(); ++k) {
                    if (mine(chosen[k].second)) {
                        pairs.push_back(chosen[k]);
                        out.index.push_back(k);
                    }
                }
            } else {
                require_rule(r.p >= 0.0 && r.p <= 1.0, c,
                             detail::concat("pairwise_bernoulli: p = ", r.p,
                                            " is not allowed; it must lie in [0, 1]"));
                for (std::size_t t = lo; t < hi; ++t) {
                    auto g = c.stream(rule_context::per_target, c.first_target + t, c.first_source);
                    std::bernoulli_distribution draw(r.p);
                    for (std::size_t s = 0; s < n_source; ++s)
                        if (draw(g) && (r.allow_autapses || !autapse(s, t)))
                            pairs.emplace_back(s, t);
                }
            }
        },
        rule);
    if (std::holds_alternative<pairwise_bernoulli>(rule))
        out.total = pairs.size(); // (not known beyond [lo, hi); arrays are refused for it)
    return out;
}

} // namespace detail

} // namespace axon
