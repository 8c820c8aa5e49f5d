// The time grid: integer steps, NEST's stamps (k * dt), and errors for off-grid times.
#include <catch2/catch.hpp>

#include <limits>

#include "axon/core/time.hpp"

using namespace axon;
using Catch::Matchers::Contains;

TEST_CASE("steps and milliseconds", "[time]") {
    const time_grid grid; // 0.1 ms, NEST's default
    CHECK(grid.resolution() == 0.1);
    CHECK(grid.steps(1000.0, "t") == 10000);
    CHECK(grid.steps(0.3, "t") == 3);          // 0.3 / 0.1 is 2.9999999999999996 in doubles
    CHECK(grid.ms(593) == 59.300000000000004); // NEST's stamp of step 593
    CHECK(grid.ms(3) == 0.3);                  // NEST's, though 3 * 0.1 is 0.30000000000000004
    CHECK(grid.ms(10'000'000) == 1'000'000.0);
}

TEST_CASE("off-grid times are errors naming the quantity", "[time][errors]") {
    const time_grid grid(0.1);
    CHECK_THROWS_WITH(grid.steps(0.25, "multimeter: interval"),
                      Contains("multimeter: interval") && Contains("0.25") && Contains("0.1"));
    CHECK_THROWS_AS(grid.steps(std::numeric_limits<double>::quiet_NaN(), "t"), time_error);
    CHECK_THROWS_AS(time_grid(0.0), time_error);
    CHECK_THROWS_AS(time_grid(std::numeric_limits<double>::infinity()), time_error);
    CHECK_THROWS_AS(time_grid(-0.1), error); // every axon exception is an axon::error
    CHECK_THROWS_WITH(time_grid(0.0001), Contains("multiple of 0.001"));
}

TEST_CASE("infinite stop saturates instead of overflowing", "[time]") {
    const time_grid grid;
    CHECK(grid.steps_rounded(std::numeric_limits<double>::infinity()) > 1'000'000'000'000);
    CHECK(grid.steps_rounded(-std::numeric_limits<double>::infinity()) < -1'000'000'000'000);
}
