// Compile-time names: a string literal usable as a template argument, so that node names,
// recordables and model names are part of a type (axon::node<"neuron">, multimeter<"V_m">).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace axon {

/// A string literal held by value, usable as a non-type template parameter.
template <std::size_t N>
struct fixed_string {
    char value[N]{};

    constexpr fixed_string() = default;
    constexpr fixed_string(const char (&text)[N]) { std::copy_n(text, N, value); }

    [[nodiscard]] constexpr std::string_view view() const { return {value, N - 1}; }
    [[nodiscard]] constexpr operator std::string_view() const { return view(); }

    template <std::size_t M>
    [[nodiscard]] constexpr bool operator==(const fixed_string<M>& other) const {
        return view() == other.view();
    }
};

/// The constexpr string_view `Text` (a constexpr variable) as a fixed_string.
template <const std::string_view& Text>
inline constexpr auto fixed_string_of = [] {
    fixed_string<Text.size() + 1> out{};
    std::copy_n(Text.data(), Text.size(), out.value);
    return out;
}();

} // namespace axon
