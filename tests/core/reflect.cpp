// Reflection of AXON_FIELDS aggregates: names in declaration order, defaults, designated
// initializers, lookup and visiting by name.
#include <catch2/catch.hpp>

#include <string>

#include "axon/core/reflect.hpp"
#include "axon/core/soa.hpp"
#include "axon/core/value.hpp"

namespace {
struct example {
    AXON_FIELDS(example, (double, tau, 10.0), (int, count, 3), (bool, flag, true))
};
struct numbers { // no bool: a kernel view needs every column's data()
    AXON_FIELDS(numbers, (double, tau, 10.0), (int, count, 3))
};
} // namespace

using namespace axon;

TEST_CASE("names, defaults and designated initializers", "[reflect]") {
    STATIC_REQUIRE(reflect::field_count<example> == 3);
    STATIC_REQUIRE(reflect::field_names<example>[0] == "tau");
    STATIC_REQUIRE(reflect::field_names<example>[2] == "flag");
    STATIC_REQUIRE(reflect::has_field<example>("count"));
    STATIC_REQUIRE(!reflect::has_field<example>("Count"));
    const example e{.count = 7};
    CHECK(e.tau == 10.0);
    CHECK(e.count == 7);
    CHECK(e.flag);
    CHECK(reflect::joined_names<example>() == "tau, count, flag");
}

TEST_CASE("visiting and assigning by name", "[reflect]") {
    example e;
    std::string seen;
    reflect::for_each_field(e,
                            [&](std::string_view n, const auto&) { seen += std::string(n) + ";"; });
    CHECK(seen == "tau;count;flag;");
    CHECK(reflect::assign_field(e, "tau", value(5), "example"));
    CHECK(e.tau == 5.0);
    CHECK(!reflect::assign_field(e, "nope", value(5), "example"));
    CHECK_THROWS_AS(reflect::assign_field(e, "flag", value(1.5), "example"), type_error);
    CHECK_THROWS_AS(reflect::assign_field(e, "count", value(1.5), "example"), type_error);
    CHECK(e.flag);
}

TEST_CASE("structure-of-arrays storage", "[soa]") {
    soa<example> s(4, example{.tau = 2.0});
    CHECK(s.size() == 4);
    s.store(2, example{.tau = 9.0, .count = 1, .flag = false});
    const auto r = s.load(2);
    CHECK(r.tau == 9.0);
    CHECK(r.count == 1);
    CHECK(!r.flag);
    const auto tau = s.column<"tau">();
    CHECK(tau.size() == 4);
    CHECK(tau[0] == 2.0);
    CHECK(tau[2] == 9.0);
    CHECK(&tau[1] == &tau[0] + 1); // contiguous
}

TEST_CASE("a kernel view of the columns, from a record on", "[soa]") {
    // The update loops and update_many (neuron_block) work on raw column pointers: view.from(i)
    // starts every column at record i, view.column<"name">() is that field's pointer.
    soa<numbers> s(5, numbers{});
    for (std::size_t i = 0; i < 5; ++i)
        s.store(i, numbers{.tau = static_cast<double>(i), .count = static_cast<int>(10 * i)});
    const auto all = s.kernel_view();
    const auto tail = all.from(2);
    CHECK(tail.load(0).tau == 2.0);
    CHECK(tail.load(1).count == 30);
    const double* tau = tail.column<"tau">();
    const int* count = tail.column<"count">();
    CHECK(tau == s.column<"tau">().data() + 2);
    CHECK(tau[2] == 4.0);
    CHECK(count[0] == 20);
    tail.store(1, numbers{.tau = -1.0, .count = -1});
    CHECK(s.load(3).tau == -1.0);
    CHECK(s.load(3).count == -1);
    CHECK(s.load(2).tau == 2.0); // the records before and after are untouched
    CHECK(s.load(4).tau == 4.0);
}
