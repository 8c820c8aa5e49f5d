// Reflection of parameter and state aggregates. AXON_FIELDS declares the members of an
// aggregate with their defaults *and* makes the aggregate a Boost.Hana Struct, so names,
// defaults, get/set by name, recordables and CSV headers all come from this one declaration.
//
//   struct parameters {
//       AXON_FIELDS(parameters, (double, C_m, 250.0), (double, tau_m, 10.0))
//   };
//
// Each field is (type, name, default). The aggregate stays an aggregate, so designated
// initializers work: parameters{.tau_m = 20.0} keeps C_m at 250.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

#include <boost/hana/accessors.hpp>
#include <boost/hana/first.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/length.hpp>
#include <boost/hana/pair.hpp>
#include <boost/hana/second.hpp>
#include <boost/hana/string.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/preprocessor/cat.hpp>
#include <boost/preprocessor/punctuation/comma_if.hpp>
#include <boost/preprocessor/seq/for_each.hpp>
#include <boost/preprocessor/seq/for_each_i.hpp>
#include <boost/preprocessor/stringize.hpp>
#include <boost/preprocessor/tuple/elem.hpp>
#include <boost/preprocessor/variadic/to_seq.hpp>

#define AXON_DETAIL_FIELD_TYPE(f) BOOST_PP_TUPLE_ELEM(3, 0, f)
#define AXON_DETAIL_FIELD_NAME(f) BOOST_PP_TUPLE_ELEM(3, 1, f)
#define AXON_DETAIL_FIELD_DEFAULT(f) BOOST_PP_TUPLE_ELEM(3, 2, f)

#define AXON_DETAIL_DECLARE(r, data, f)                                                            \
    AXON_DETAIL_FIELD_TYPE(f) AXON_DETAIL_FIELD_NAME(f) = AXON_DETAIL_FIELD_DEFAULT(f);

#define AXON_DETAIL_ACCESSOR(r, data, i, f)                                                        \
    BOOST_PP_COMMA_IF(i)::boost::hana::make_pair(                                                  \
        BOOST_HANA_STRING(BOOST_PP_STRINGIZE(AXON_DETAIL_FIELD_NAME(f))), [                        \
        ](auto&& self) -> auto&& {                                                                 \
            return static_cast<decltype(self)&&>(self).AXON_DETAIL_FIELD_NAME(f);                  \
        })

#define AXON_DETAIL_DECLARE_FROM(r, defaults, f)                                                   \
    AXON_DETAIL_FIELD_TYPE(f) AXON_DETAIL_FIELD_NAME(f) = defaults.AXON_DETAIL_FIELD_NAME(f);

#define AXON_DETAIL_COPY_TO(r, out, f) out.AXON_DETAIL_FIELD_NAME(f) = AXON_DETAIL_FIELD_NAME(f);

#define AXON_DETAIL_ACCESSORS(SEQ)                                                                 \
    struct hana_accessors_impl {                                                                   \
        template <class = void> /* a template: built where used, not where declared */             \
        static constexpr auto apply() {                                                            \
            return ::boost::hana::make_tuple(                                                      \
                BOOST_PP_SEQ_FOR_EACH_I(AXON_DETAIL_ACCESSOR, ~, SEQ));                            \
        }                                                                                          \
    };

/// Declares reflected members (type, name, default) of the aggregate TYPE. It also declares
/// TYPE::with_defaults<D>: the same fields with the defaults taken from the value D (a TYPE),
/// convertible to TYPE; copy_model uses it to give a copied model its own defaults.
/// (TYPE must be a class at namespace or class scope: a local class cannot have the member
/// template.)
#define AXON_FIELDS(TYPE, ...)                                                                     \
    BOOST_PP_SEQ_FOR_EACH(AXON_DETAIL_DECLARE, ~, BOOST_PP_VARIADIC_TO_SEQ(__VA_ARGS__))           \
    AXON_DETAIL_ACCESSORS(BOOST_PP_VARIADIC_TO_SEQ(__VA_ARGS__))                                   \
    template <auto Defaults>                                                                       \
    struct with_defaults {                                                                         \
        BOOST_PP_SEQ_FOR_EACH(AXON_DETAIL_DECLARE_FROM, Defaults,                                  \
                              BOOST_PP_VARIADIC_TO_SEQ(__VA_ARGS__))                               \
        AXON_DETAIL_ACCESSORS(BOOST_PP_VARIADIC_TO_SEQ(__VA_ARGS__))                               \
        operator TYPE() const {                                                                    \
            TYPE out{};                                                                            \
            BOOST_PP_SEQ_FOR_EACH(AXON_DETAIL_COPY_TO, out, BOOST_PP_VARIADIC_TO_SEQ(__VA_ARGS__)) \
            return out;                                                                            \
        }                                                                                          \
    };

namespace axon::reflect {

namespace hana = boost::hana;

/// Number of reflected fields of S.
template <class S>
inline constexpr std::size_t field_count = decltype(hana::length(hana::accessors<S>()))::value;

/// The field names of S, in declaration order.
template <class S>
inline constexpr std::array<std::string_view, field_count<S>> field_names = [] {
    std::array<std::string_view, field_count<S>> names{};
    std::size_t i = 0;
    hana::for_each(hana::accessors<S>(), [&](auto pair) {
        names[i++] = std::string_view(hana::to<char const*>(hana::first(pair)));
    });
    return names;
}();

/// True when S has a field called `name`.
template <class S>
[[nodiscard]] constexpr bool has_field(std::string_view name) {
    for (auto n : field_names<S>)
        if (n == name)
            return true;
    return false;
}

/// Calls f(name, member) for every field of s, in declaration order.
template <class S, class F>
constexpr void for_each_field(S&& s, F&& f) {
    hana::for_each(hana::accessors<std::remove_cvref_t<S>>(), [&](auto pair) {
        f(std::string_view(hana::to<char const*>(hana::first(pair))), hana::second(pair)(s));
    });
}

/// Calls f(member) on the field called `name`; returns false if there is none.
template <class S, class F>
constexpr bool visit_field(S&& s, std::string_view name, F&& f) {
    bool found = false;
    for_each_field(s, [&](std::string_view n, auto& member) {
        if (!found && n == name) {
            found = true;
            f(member);
        }
    });
    return found;
}

/// Comma-separated field names, for error messages ("valid names are: ...").
template <class S>
[[nodiscard]] std::string joined_names(std::string_view sep = ", ") {
    std::string out;
    for (auto n : field_names<S>) {
        if (!out.empty())
            out += sep;
        out += n;
    }
    return out;
}

} // namespace axon::reflect
