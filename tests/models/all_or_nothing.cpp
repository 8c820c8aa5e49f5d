// For every built-in model and device: set() is all or nothing, and no NaN gets in. After a
// failed set, get() returns exactly what it returned before.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <variant>

#include "axon/models/models.hpp"
#include "axon/network/population.hpp"

using namespace axon;

namespace {

/// Every failing set() on `x` (a population or a device) leaves get() as it was.
template <class X>
void check_all_or_nothing(X& x, std::string_view owner) {
    const auto before = x.get();
    std::size_t tried = 0;
    for (const auto& [name, v] : before) {
        if (!std::holds_alternative<double>(v.get()))
            continue;
        INFO(owner << ": " << name);
        // a NaN is refused
        CHECK_THROWS_AS(x.set(name, value(std::nan(""))), value_error);
        // a text where a number belongs is refused
        CHECK_THROWS_AS(x.set(name, value(std::string("fast"))), type_error);
        // a change together with an unknown name: neither takes effect
        CHECK_THROWS_AS(x.set(dictionary{{name, value(v.template as<double>() + 1.0)},
                                         {"no_such_name", value(1.0)}}),
                        unknown_name_error);
        CHECK(x.get() == before);
        tried += 3;
    }
    CHECK(tried > 0);
}

template <class... Ts>
void for_models(type_list<Ts...>) {
    (
        [] {
            auto pop = population<Ts>(3);
            check_all_or_nothing(pop, Ts::name);
        }(),
        ...);
}

template <class... Ts>
void for_devices(type_list<Ts...>) {
    (
        [] {
            Ts device{};
            check_all_or_nothing(device, Ts::name);
        }(),
        ...);
}

} // namespace

TEST_CASE("every model: a failed set changes nothing and no NaN gets in", "[models][errors]") {
    for_models(builtin_models{});
}

TEST_CASE("every device: a failed set changes nothing and no NaN gets in", "[devices][errors]") {
    for_devices(builtin_devices{});
}

TEST_CASE("a NaN in a list of numbers is refused", "[devices][errors]") {
    spike_generator sg;
    CHECK_THROWS_AS(sg.set("spike_times", value(std::vector<double>{1.0, std::nan("")})),
                    value_error);
    CHECK(sg.get().at("spike_times").as<std::vector<double>>().empty());
}
