// The synapses of one projection (source population -> target population, one synapse model),
// kept by source neuron in compressed rows (CSR): delivering a spike is a loop over contiguous
// memory. Weights are per synapse; the delay is one number per projection unless the synapses'
// delays differ. A plastic synapse model's state is kept per synapse, structure-of-arrays.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/random.hpp"
#include "axon/core/soa.hpp"
#include "axon/core/time.hpp"
#include "axon/network/parameter_value.hpp"
#include "axon/network/rules.hpp"
#include "axon/synapses/static_synapse.hpp"
#include "axon/synapses/synapse.hpp"

namespace axon {

/// The longest delay, in steps (2^20: 104.8576 s at 0.1 ms): every target keeps a ring buffer
/// slot per step of its longest incoming delay.
inline constexpr step_t max_delay_steps = step_t{1} << 20;

template <SynapseModel S = static_synapse>
struct projection {
    using synapse = S;

    std::vector<std::uint32_t> row;    // synapses of source i: [row[i], row[i+1])
    std::vector<std::uint32_t> target; // index within the target population, ascending in a row
    double weight = 0.0;               // every synapse's weight, when they are all equal and static
    std::vector<double> weights;       // one per synapse otherwise (empty when `weight` holds)
    step_t delay = 1;                  // every synapse's delay in steps, when they are all equal
    std::vector<step_t> delays;        // one per synapse when they differ (empty otherwise)
    typename S::parameters params{};
    soa<typename S::state> state; // per synapse (no columns for static synapses)
    soa<internal_t<S>> internal;  // hidden per-synapse state

    [[nodiscard]] std::size_t size() const { return target.size(); }
    /// The weight of synapse s.
    [[nodiscard]] double weight_of(std::size_t s) const {
        return weights.empty() ? weight : weights[s];
    }
    /// The delay of synapse s, in steps.
    [[nodiscard]] step_t delay_of(std::size_t s) const {
        return delays.empty() ? delay : delays[s];
    }
    /// The smallest and the largest delay, in steps.
    [[nodiscard]] step_t min_delay() const {
        return delays.empty() ? delay : *std::min_element(delays.begin(), delays.end());
    }
    [[nodiscard]] step_t max_delay() const {
        return delays.empty() ? delay : *std::max_element(delays.begin(), delays.end());
    }
};

namespace detail {

/// One value per pair, in the rule's order: the constant, the array, or draws from a stream
/// per target neuron (so the values do not depend on the order anything was built in).
inline std::vector<double> values_for(const parameter_value& v, std::string_view what,
                                      const rule_pairs& made, std::size_t n_target,
                                      const connection_rule& rule, const rule_context& c,
                                      rule_context::purpose purpose) {
    const auto& pairs = made.pairs;
    std::vector<double> out(pairs.size());
    if (v.is_constant()) {
        std::fill(out.begin(), out.end(), v.constant());
    } else if (v.is_array()) {
        require_rule(!std::holds_alternative<pairwise_bernoulli>(rule), c,
                     detail::concat(what, ": an array needs a rule that makes a known number "
                                          "of synapses; pairwise_bernoulli does not"));
        require_rule(v.array().size() == made.total, c,
                     detail::concat(what, ": the array has ", v.array().size(), " values for ",
                                    made.total,
                                    " synapses; give one value per synapse, in the order the "
                                    "rule makes them (by target for all_to_all and "
                                    "fixed_indegree, by source for fixed_outdegree)"));
        for (std::size_t k = 0; k < pairs.size(); ++k)
            out[k] = v.array()[made.index_of(k)];
    } else {
        std::vector<std::optional<random_stream>> streams(n_target);
        for (std::size_t s = 0; s < pairs.size(); ++s) {
            const auto t = pairs[s].second;
            if (!streams[t])
                streams[t].emplace(c.stream(purpose, c.first_target + t, c.first_source));
            out[s] = v.draw(*streams[t]);
        }
    }
    return out;
}

} // namespace detail

/// Builds the synapses a rule makes, with weights and delays (constants, arrays or
/// distributions; drawn delays are rounded to the grid) and the synapse model's parameters
/// and initial state. Impossible requests throw before anything is built. Only the synapses
/// onto `targets` (a range of target indices: a process's own neurons) are kept; they are
/// the same as those synapses of the whole projection.
template <SynapseModel S>
projection<S> make_projection(const connection_rule& rule, std::size_t n_source,
                              std::size_t n_target, const parameter_value& weight,
                              const parameter_value& delay, const typename S::parameters& params,
                              const typename S::state& initial, const time_grid& grid,
                              const detail::rule_context& c,
                              std::pair<std::size_t, std::size_t> targets = {
                                  0, std::numeric_limits<std::size_t>::max()}) {
    const std::string owner(c.owner);
    weight.check(owner, "weight");
    delay.check(owner, "delay");
    if constexpr (requires { S::validate(params, initial); })
        S::validate(params, initial);
    const auto to_steps = [&](double d) {
        const step_t k = grid.steps(d, owner + ": delay");
        require(k >= 1, owner, "delay", d,
                detail::concat("it must be at least the resolution ", grid.resolution(), " ms"));
        require(k <= max_delay_steps, owner, "delay", d,
                detail::concat("it must be at most 2^20 steps (", grid.ms(max_delay_steps),
                               " ms at this resolution)"));
        return k;
    };
    const step_t constant_delay = delay.is_constant() ? to_steps(delay.constant()) : 1;

    const std::size_t hi = std::min(targets.second, n_target);
    const auto made =
        detail::pairs_of(rule, n_source, n_target, c, std::min(targets.first, hi), hi);
    const auto& pairs = made.pairs;
    const auto weights = detail::values_for(weight, "weight", made, n_target, rule, c,
                                            detail::rule_context::weights);
    std::vector<step_t> steps;
    if (delay.is_constant()) {
        steps.assign(pairs.size(), constant_delay);
    } else if (delay.is_array()) {
        for (double d : detail::values_for(delay, "delay", made, n_target, rule, c,
                                           detail::rule_context::delays))
            steps.push_back(to_steps(d));
    } else {
        for (double d : detail::values_for(delay, "delay", made, n_target, rule, c,
                                           detail::rule_context::delays)) {
            const step_t k = grid.steps_rounded(d);
            require(k >= 1 && k <= max_delay_steps, owner, "delay (drawn)", d,
                    detail::concat("every delay must lie between the resolution ",
                                   grid.resolution(), " ms and 2^20 steps (",
                                   grid.ms(max_delay_steps),
                                   " ms); choose a distribution whose values do"));
            steps.push_back(k);
        }
    }
    if constexpr (requires { S::validate_weight(params, 0.0); })
        for (double w : weights)
            S::validate_weight(params, w);

    projection<S> p;
    p.params = params;
    p.row.assign(n_source + 1, 0);
    for (const auto& [s, t] : pairs)
        ++p.row[s + 1];
    for (std::size_t i = 0; i < n_source; ++i)
        p.row[i + 1] += p.row[i];
    p.target.resize(pairs.size());
    std::vector<double> per_synapse(pairs.size());
    std::vector<step_t> delays(pairs.size());
    // Each row is sorted by target (a stable counting sort: equal targets keep the rule's
    // order), so a thread that owns targets [lo, hi) finds its synapses of a row by bisection;
    // every target still receives its inputs in the rule's order.
    std::vector<std::uint32_t> by_target(pairs.size());
    {
        std::vector<std::uint32_t> start(n_target + 1, 0);
        for (const auto& [s, t] : pairs)
            ++start[t + 1];
        for (std::size_t t = 0; t < n_target; ++t)
            start[t + 1] += start[t];
        for (std::size_t k = 0; k < pairs.size(); ++k)
            by_target[start[pairs[k].second]++] = static_cast<std::uint32_t>(k);
    }
    auto next = p.row;
    for (const auto k : by_target) { // stable: within a row, targets ascend
        const auto [s, t] = pairs[k];
        const auto at = next[s]++;
        p.target[at] = t;
        per_synapse[at] = weights[k];
        delays[at] = steps[k];
    }
    // a static projection with one weight keeps it once: 4 bytes per synapse, not 12
    const bool uniform_weight =
        !plastic_synapse<S> &&
        std::all_of(weights.begin(), weights.end(), [&](double w) { return w == weights.front(); });
    if (uniform_weight)
        p.weight =
            weights.empty() ? (weight.is_constant() ? weight.constant() : 0.0) : weights.front();
    else
        p.weights = std::move(per_synapse);
    const bool uniform_delay =
        std::all_of(delays.begin(), delays.end(), [&](step_t d) { return d == delays.front(); });
    if (uniform_delay)
        p.delay = delays.empty() ? constant_delay : delays.front();
    else
        p.delays = std::move(delays);
    p.state.assign(pairs.size(), initial);
    p.internal.assign(pairs.size(), internal_t<S>{});
    return p;
}

} // namespace axon
