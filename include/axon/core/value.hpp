// Run-time values for the tutorial's conveniences (get/set by name, GetDefaults). These are
// used off the simulation path only: the step loop never sees a string or a variant.
#pragma once

#include <cmath>
#include <concepts>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/scalar.hpp"

namespace axon {

/// One run-time value: a flag, an integer, a number, a text or a list of names.
class value {
public:
    using storage = std::variant<bool, std::int64_t, double, std::string, std::vector<std::string>,
                                 std::vector<double>>;

    value(bool b)
        : v_(b) {}
    template <std::integral I>
    requires(!std::same_as<I, bool>) value(I i)
        : v_(static_cast<std::int64_t>(i)) {}
    value(double d)
        : v_(d) {}
    value(float f)
        : v_(static_cast<double>(f)) {}
    value(const char* s)
        : v_(std::string(s)) {}
    value(std::string s)
        : v_(std::move(s)) {}
    value(std::vector<std::string> names)
        : v_(std::move(names)) {}
    value(std::vector<double> numbers)
        : v_(std::move(numbers)) {}

    [[nodiscard]] const storage& get() const { return v_; }

    /// Name of the held type, as a user reads it in an error message.
    [[nodiscard]] std::string_view type_name() const {
        constexpr std::string_view names[] = {"bool",   "integer",       "double",
                                              "string", "list of names", "list of numbers"};
        return names[v_.index()];
    }

    /// The value as T; throws type_error when it does not convert without loss of meaning
    /// (an integer is a fine double, a double is not a flag).
    template <class T>
    [[nodiscard]] T as(std::string_view what = "value") const {
        if constexpr (std::same_as<T, double>) {
            if (auto* d = std::get_if<double>(&v_))
                return *d;
            if (auto* i = std::get_if<std::int64_t>(&v_))
                return static_cast<double>(*i);
        } else if constexpr (std::same_as<T, float>) {
            // a number for single-precision state: rounded, beyond float's range an infinity
            // (assign_field refuses that for a finite number)
            return to_scalar<float>(as<double>(what));
        } else if constexpr (std::same_as<T, bool>) {
            if (auto* b = std::get_if<bool>(&v_))
                return *b;
        } else if constexpr (std::integral<T>) {
            if (auto* i = std::get_if<std::int64_t>(&v_))
                return static_cast<T>(*i);
        } else if constexpr (std::same_as<T, std::string>) {
            if (auto* s = std::get_if<std::string>(&v_))
                return *s;
        } else if constexpr (std::same_as<T, std::vector<std::string>> ||
                             std::same_as<T, std::vector<double>>) {
            if (auto* s = std::get_if<T>(&v_))
                return *s;
        }
        throw type_error(
            detail::concat(what, " expects a ", expected_name<T>(), ", got a ", type_name()));
    }

    friend bool operator==(const value&, const value&) = default;

    friend std::ostream& operator<<(std::ostream& out, const value& x) {
        std::visit(
            [&](const auto& v) {
                using V = std::decay_t<decltype(v)>;
                if constexpr (std::same_as<V, bool>)
                    out << (v ? "true" : "false");
                else if constexpr (std::same_as<V, std::vector<std::string>> ||
                                   std::same_as<V, std::vector<double>>) {
                    out << '[';
                    for (std::size_t i = 0; i < v.size(); ++i)
                        out << (i ? ", " : "") << v[i];
                    out << ']';
                } else
                    out << v;
            },
            x.v_);
        return out;
    }

    template <class T>
    [[nodiscard]] static constexpr std::string_view expected_name() {
        if constexpr (std::floating_point<T>)
            return "number";
        else if constexpr (std::same_as<T, bool>)
            return "bool";
        else if constexpr (std::integral<T>)
            return "integer";
        else if constexpr (std::same_as<T, std::string>)
            return "string";
        else if constexpr (std::same_as<T, std::vector<double>>)
            return "list of numbers";
        else
            return "list of names";
    }

private:
    storage v_;
};

/// A dictionary of named values, as returned by get() and get_defaults().
using dictionary = std::map<std::string, value, std::less<>>;

namespace reflect {

/// Writes every field of s into d.
template <class S>
void to_dictionary(const S& s, dictionary& d) {
    for_each_field(s, [&](std::string_view name, const auto& member) {
        d.insert_or_assign(std::string(name), value(member));
    });
}

/// Assigns v to the field `name` of s, converting with value::as; returns false when s has
/// no such field. `owner` prefixes a type error ("iaf_psc_alpha: C_m").
template <class S>
bool assign_field(S& s, std::string_view name, const value& v, std::string_view owner) {
    return visit_field(s, name, [&](auto& member) {
        using T = std::remove_cvref_t<decltype(member)>;
        member = v.as<T>(detail::concat(owner, ": ", name));
        if constexpr (std::floating_point<T>) {
            // no model computes with a NaN it was given (infinities are checked by the models:
            // some allow them, as NEST's V_min = -inf)
            require(!std::isnan(member), owner, name, member,
                    "it must be a finite number (or an infinity where the model allows one)");
            if constexpr (std::same_as<T, float>) {
                const double given = v.as<double>();
                require(std::isfinite(member) || !std::isfinite(given), owner, name, given,
                        "it must lie within the single-precision range of this model's state "
                        "(|x| <= 3.4e38)");
            }
        } else if constexpr (std::same_as<T, std::vector<double>>) {
            for (double x : member)
                require(!std::isnan(x), owner, name, x, "every entry must be a finite number");
        }
    });
}

} // namespace reflect
} // namespace axon
