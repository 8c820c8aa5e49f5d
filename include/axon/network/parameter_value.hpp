// The weight or delay of a connection: one constant, one value per synapse (an array in the
// order the connection rule makes its synapses), or a distribution every synapse draws from,
// as NEST's nest.random parameters:
//
//   connect<"E", "I">({.rule = fixed_indegree{.indegree = 100},
//                      .weight = axon::random::normal{.mean = 20.0, .std = 2.0},
//                      .delay = axon::random::uniform{.min = 1.0, .max = 3.0}});
//
// Sampling uses <random>'s distributions on the simulation's counter-based streams.
#pragma once

#include <cmath>
#include <concepts>
#include <cstddef>
#include <random>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "axon/core/error.hpp"

namespace axon {

namespace random {
/// Uniform on [min, max).
struct uniform {
    double min = 0.0;
    double max = 1.0;
};
/// Normal with mean and standard deviation.
struct normal {
    double mean = 0.0;
    double std = 1.0;
};
/// exp(X) with X normal; mean and std are those of X, as in NEST.
struct lognormal {
    double mean = 0.0;
    double std = 1.0;
};
/// Exponential with scale beta (its mean), as in NEST.
struct exponential {
    double beta = 1.0;
};
} // namespace random

/// A constant, an array, or a distribution; unset means "the synapse model's default".
class parameter_value {
public:
    using alternatives = std::variant<std::monostate, double, std::vector<double>, random::uniform,
                                      random::normal, random::lognormal, random::exponential>;

    parameter_value() = default;
    parameter_value(double v)
        : v_(v) {}
    template <std::integral I>
    parameter_value(I v)
        : v_(static_cast<double>(v)) {}
    parameter_value(std::vector<double> values)
        : v_(std::move(values)) {}
    parameter_value(random::uniform d)
        : v_(d) {}
    parameter_value(random::normal d)
        : v_(d) {}
    parameter_value(random::lognormal d)
        : v_(d) {}
    parameter_value(random::exponential d)
        : v_(d) {}

    [[nodiscard]] bool is_set() const { return !std::holds_alternative<std::monostate>(v_); }
    [[nodiscard]] bool is_constant() const { return std::holds_alternative<double>(v_); }
    [[nodiscard]] bool is_array() const { return std::holds_alternative<std::vector<double>>(v_); }
    [[nodiscard]] bool is_random() const { return is_set() && !is_constant() && !is_array(); }

    /// The constant (only when is_constant()).
    [[nodiscard]] double constant() const { return std::get<double>(v_); }
    /// The array (only when is_array()).
    [[nodiscard]] const std::vector<double>& array() const {
        return std::get<std::vector<double>>(v_);
    }
    [[nodiscard]] const alternatives& alternative() const { return v_; }

    /// This value, or `fallback` when unset.
    [[nodiscard]] parameter_value or_else(double fallback) const {
        return is_set() ? *this : parameter_value(fallback);
    }

    /// Throws value_error (naming `owner` and `what`) for a distribution NEST would refuse or
    /// a non-finite constant or array entry.
    void check(std::string_view owner, std::string_view what) const {
        std::visit(
            [&]<class T>(const T& d) {
                if constexpr (std::is_same_v<T, double>) {
                    require(std::isfinite(d), owner, what, d, "it must be a finite number");
                } else if constexpr (std::is_same_v<T, std::vector<double>>) {
                    for (double x : d)
                        require(std::isfinite(x), owner, what, x,
                                "every entry of the array must be a finite number");
                } else if constexpr (std::is_same_v<T, random::uniform>) {
                    require(std::isfinite(d.min) && std::isfinite(d.max) && d.min < d.max, owner,
                            detail::concat(what, " uniform(min, max).max"), d.max,
                            detail::concat(
                                "min and max must be finite with min < max (min = ", d.min, ")"));
                } else if constexpr (std::is_same_v<T, random::normal> ||
                                     std::is_same_v<T, random::lognormal>) {
                    require(std::isfinite(d.mean), owner, detail::concat(what, " mean"), d.mean,
                            "it must be a finite number");
                    require(std::isfinite(d.std) && d.std > 0.0, owner,
                            detail::concat(what, " std"), d.std, "it must be finite and > 0");
                } else if constexpr (std::is_same_v<T, random::exponential>) {
                    require(std::isfinite(d.beta) && d.beta > 0.0, owner,
                            detail::concat(what, " exponential beta"), d.beta,
                            "it must be finite and > 0");
                }
            },
            v_);
    }

    /// One draw from the distribution (only when is_random()).
    template <class Generator>
    [[nodiscard]] double draw(Generator& g) const {
        return std::visit(
            [&]<class T>(const T& d) -> double {
                if constexpr (std::is_same_v<T, random::uniform>)
                    return std::uniform_real_distribution<double>(d.min, d.max)(g);
                else if constexpr (std::is_same_v<T, random::normal>)
                    return std::normal_distribution<double>(d.mean, d.std)(g);
                else if constexpr (std::is_same_v<T, random::lognormal>)
                    return std::lognormal_distribution<double>(d.mean, d.std)(g);
                else if constexpr (std::is_same_v<T, random::exponential>)
                    return std::exponential_distribution<double>(1.0 / d.beta)(g);
                else
                    return 0.0; // not a distribution: never called
            },
            v_);
    }

private:
    alternatives v_;
};

} // namespace axon
