// The scalar type of a model's state and update kernel: double (the default, NEST's) or float
// (single precision: half the memory traffic, twice the SIMD lanes). Parameters stay double;
// they are narrowed once, when the kernel's constants are computed.
#pragma once

#include <concepts>
#include <limits>

namespace axon {

/// A floating-point type a model's state may be kept in.
template <class T>
concept scalar = std::same_as<T, double> || std::same_as<T, float>;

/// x in the scalar type T, rounded to nearest. A finite value beyond T's range becomes an
/// infinity of its sign (the standard leaves the plain conversion undefined there), so a bound
/// of "lowest double" stays a bound that is never reached.
template <scalar T>
[[nodiscard]] constexpr T to_scalar(double x) {
    if constexpr (std::same_as<T, double>) {
        return x;
    } else {
        constexpr double largest = std::numeric_limits<T>::max();
        if (x > largest)
            return std::numeric_limits<T>::infinity();
        if (x < -largest)
            return -std::numeric_limits<T>::infinity();
        return static_cast<T>(x);
    }
}

} // namespace axon
