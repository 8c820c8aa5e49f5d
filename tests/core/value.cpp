// Run-time values: which conversions are allowed, and what the error says otherwise.
#include <catch2/catch.hpp>

#include <sstream>

#include "axon/core/value.hpp"

using namespace axon;
using Catch::Matchers::Contains;

TEST_CASE("numbers, flags and texts convert only where the meaning is kept", "[value]") {
    CHECK(value(3).as<double>() == 3.0);
    CHECK(value(2.5).as<double>() == 2.5);
    CHECK(value(true).as<bool>());
    CHECK(value(7).as<int>() == 7);
    CHECK(value("x").as<std::string>() == "x");
    CHECK_THROWS_AS(value(2.5).as<int>(), type_error);
    CHECK_THROWS_AS(value(1).as<bool>(), type_error);
    CHECK_THROWS_WITH(value("376").as<double>("iaf_psc_alpha: I_e"),
                      Contains("iaf_psc_alpha: I_e") && Contains("number") && Contains("string"));
}

TEST_CASE("values print as a user reads them", "[value]") {
    std::ostringstream out;
    out << value(1.5) << ' ' << value(true) << ' ' << value(std::vector<std::string>{"V_m", "w"});
    CHECK(out.str() == "1.5 true [V_m, w]");
}
