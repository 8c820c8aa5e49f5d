// What the fuzzers share: turning bytes into the values a user could pass, and the rule that
// an axon::error is a fine answer while anything else (another exception, a crash, a
// sanitizer report, a NaN accepted into a model) is a finding.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <string>
#include <typeinfo>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "axon/core/error.hpp"
#include "axon/core/value.hpp"

namespace fuzz {

/// Stops the fuzzer with a message: libFuzzer saves the input that got here.
[[noreturn]] inline void finding(const std::string& what) {
    std::fprintf(stderr, "FINDING: %s\n", what.c_str());
    std::abort();
}

/// A double a user might write: mostly ordinary (small multiples of 0.05, sometimes negative),
/// sometimes the edges (0, -0, inf, nan, huge, tiny) or any bit pattern.
inline double number(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
    case 0:
        return in.ConsumeIntegralInRange<int>(-400, 400) * 0.05;
    case 1:
        return in.ConsumeIntegralInRange<int>(0, 2000) * 0.1;
    case 2: {
        constexpr double edges[] = {0.0,
                                    -0.0,
                                    1.0,
                                    -1.0,
                                    std::numeric_limits<double>::infinity(),
                                    -std::numeric_limits<double>::infinity(),
                                    std::numeric_limits<double>::quiet_NaN(),
                                    std::numeric_limits<double>::max(),
                                    std::numeric_limits<double>::lowest(),
                                    std::numeric_limits<double>::min(),
                                    std::numeric_limits<double>::denorm_min(),
                                    1e300,
                                    -1e300,
                                    9.3e18,
                                    1e-300};
        return edges[in.ConsumeIntegralInRange<std::size_t>(0, std::size(edges) - 1)];
    }
    case 3:
        return in.ConsumeFloatingPoint<double>();
    case 4:
        return in.ConsumeFloatingPointInRange<double>(-100.0, 100.0);
    default: {
        double d = 0;
        auto bytes = in.ConsumeBytes<std::uint8_t>(sizeof d);
        bytes.resize(sizeof d);
        std::memcpy(&d, bytes.data(), sizeof d);
        return d;
    }
    }
}

inline std::vector<double> numbers(FuzzedDataProvider& in, std::size_t max) {
    std::vector<double> v(in.ConsumeIntegralInRange<std::size_t>(0, max));
    for (auto& x : v)
        x = number(in);
    return v;
}

/// A run-time value of any of axon::value's types.
inline axon::value any_value(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
    case 0:
        return in.ConsumeBool();
    case 1:
        return in.ConsumeIntegral<std::int64_t>();
    case 2:
        return in.ConsumeIntegralInRange<std::int64_t>(-100, 100);
    case 3:
        return in.ConsumeRandomLengthString(32);
    case 4: {
        std::vector<std::string> names(in.ConsumeIntegralInRange<std::size_t>(0, 4));
        for (auto& n : names)
            n = in.ConsumeRandomLengthString(16);
        return names;
    }
    case 5:
        return numbers(in, 8);
    default:
        return number(in);
    }
}

/// Runs f; an axon::error is an answer, any other exception is a finding.
template <class F>
bool guarded(const char* what, F&& f) {
    try {
        f();
        return true;
    } catch (const axon::error&) {
        return false;
    } catch (const std::exception& e) {
        finding(std::string(what) + ": an exception not derived from axon::error: " +
                typeid(e).name() + ": " + e.what());
    } catch (...) {
        finding(std::string(what) + ": an exception of unknown type");
    }
}

} // namespace fuzz
