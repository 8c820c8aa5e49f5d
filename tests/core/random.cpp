// Counter-based random streams: the same name gives the same numbers, whatever else was drawn;
// different names give different numbers; the bits are uniform.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <vector>

#include "axon/core/random.hpp"

using axon::random_stream;

namespace {
std::vector<std::uint32_t> draw(random_stream s, int n) {
    std::vector<std::uint32_t> out;
    for (int i = 0; i < n; ++i)
        out.push_back(s());
    return out;
}
} // namespace

TEST_CASE("a stream is a function of its name", "[random]") {
    CHECK(draw(random_stream(1, 5, 7, 100), 10) == draw(random_stream(1, 5, 7, 100), 10));
    CHECK(draw(random_stream(1, 5, 7, 100), 10) != draw(random_stream(2, 5, 7, 100), 10));
    CHECK(draw(random_stream(1, 5, 7, 100), 10) != draw(random_stream(1, 6, 7, 100), 10));
    CHECK(draw(random_stream(1, 5, 7, 100), 10) != draw(random_stream(1, 5, 8, 100), 10));
    CHECK(draw(random_stream(1, 5, 7, 100), 10) != draw(random_stream(1, 5, 7, 101), 10));
    // a long stream does not run into the next step's stream
    const auto long_draw = draw(random_stream(1, 5, 7, 100), 40);
    const auto next = draw(random_stream(1, 5, 7, 101), 4);
    CHECK(std::search(long_draw.begin(), long_draw.end(), next.begin(), next.end()) ==
          long_draw.end());
}

TEST_CASE("uniform bits: mean and variance of U(0,1) within 5 sigma", "[random]") {
    // 10^5 uniforms: mean 1/2 with standard error sqrt(1/12/n) = 9.1e-4
    double sum = 0, sum2 = 0;
    const int n = 100'000;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int step = 0; step < n / 10; ++step) {
        random_stream s(axon::default_rng_seed, 3, 4, step);
        for (int i = 0; i < 10; ++i) {
            const double x = u(s);
            sum += x;
            sum2 += x * x;
        }
    }
    const double mean = sum / n;
    const double var = sum2 / n - mean * mean;
    CHECK(std::abs(mean - 0.5) < 5 * 9.1e-4);
    CHECK(std::abs(var - 1.0 / 12) < 5 * std::sqrt(1.0 / 180 / n));
}
