// Structure-of-arrays storage for a reflected aggregate: one contiguous vector per
// field, so an update kernel is a plain loop over i that the compiler can vectorize. Every
// column starts on a cache line (aligned.hpp).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/hana/at.hpp>
#include <boost/hana/unpack.hpp>

#include "axon/core/aligned.hpp"
#include "axon/core/fixed_string.hpp"
#include "axon/core/reflect.hpp"

namespace axon {

/// N records of the aggregate S stored field by field.
template <class S>
class soa {
    static constexpr std::size_t fields = reflect::field_count<S>;

    template <std::size_t I>
    using field_t = std::remove_cvref_t<decltype(boost::hana::second(
        boost::hana::at_c<I>(boost::hana::accessors<S>()))(std::declval<S&>()))>;

    template <std::size_t... I>
    static auto make_columns(std::index_sequence<I...>)
        -> std::tuple<aligned_vector<field_t<I>>...>;
    using columns = decltype(make_columns(std::make_index_sequence<fields>{}));
    template <std::size_t... I>
    static auto make_pointers(std::index_sequence<I...>) -> std::tuple<field_t<I>*...>;
    using pointers = decltype(make_pointers(std::make_index_sequence<fields>{}));

public:
    /// Raw pointers to every column, for kernels: held in locals, they are not reloaded from
    /// the vectors on every iteration, so the loop over i vectorizes.
    class view {
    public:
        using record = S;
        explicit view(pointers p)
            : p_(p) {}

        [[nodiscard]] S load(std::size_t i) const {
            S s{};
            at_each([&]<std::size_t I>(auto* column) { member<I>(s) = column[i]; });
            return s;
        }
        void store(std::size_t i, const S& s) const {
            at_each([&]<std::size_t I>(auto* column) { column[i] = member<I>(s); });
        }
        /// The same columns from record `first` on: record i of the result is first + i.
        [[nodiscard]] view from(std::size_t first) const {
            return view([&]<std::size_t... I>(std::index_sequence<I...>) {
                return pointers((std::get<I>(p_) + first)...);
            }(std::make_index_sequence<fields>{}));
        }
        /// The column of the field called Name, for a kernel that reads or writes several
        /// records of one field at once.
        template <fixed_string Name>
        [[nodiscard]] auto* column() const {
            constexpr std::size_t i = index_of(Name.view());
            static_assert(i < fields, "soa::view::column: the struct has no field of that name");
            return std::get<i>(p_);
        }

    private:
        template <class F>
        void at_each(F&& f) const {
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                (f.template operator()<I>(std::get<I>(p_)), ...);
            }
            (std::make_index_sequence<fields>{});
        }
        pointers p_;
    };

    [[nodiscard]] view kernel_view() {
        return view([&]<std::size_t... I>(std::index_sequence<I...>) {
            return pointers(std::get<I>(columns_).data()...);
        }(std::make_index_sequence<fields>{}));
    }

    soa() = default;
    soa(std::size_t n, const S& value) { assign(n, value); }

    [[nodiscard]] std::size_t size() const { return n_; }

    /// Makes n records, each equal to value.
    void assign(std::size_t n, const S& value) {
        n_ = n;
        each([&]<std::size_t I>(auto& column) { column.assign(n, member<I>(value)); });
    }

    /// Record i as a value (loads every field).
    [[nodiscard]] S load(std::size_t i) const {
        S s{};
        each([&]<std::size_t I>(const auto& column) { member<I>(s) = column[i]; });
        return s;
    }

    /// Writes s into record i.
    void store(std::size_t i, const S& s) {
        each([&]<std::size_t I>(auto& column) { column[i] = member<I>(s); });
    }

    /// The column of the field called Name.
    template <fixed_string Name>
    [[nodiscard]] auto column() const {
        constexpr std::size_t i = index_of(Name.view());
        return std::span(std::get<i>(columns_));
    }

    /// The column of field number I (declaration order).
    template <std::size_t I>
    [[nodiscard]] auto& column_at() {
        return std::get<I>(columns_);
    }
    template <std::size_t I>
    [[nodiscard]] const auto& column_at() const {
        return std::get<I>(columns_);
    }

    /// Index of the field called name; field_count<S> when there is none.
    static constexpr std::size_t index_of(std::string_view name) {
        for (std::size_t i = 0; i < fields; ++i)
            if (reflect::field_names<S>[i] == name)
                return i;
        return fields;
    }

    /// Calls f.template operator()<I>(column) for each field I.
    template <class F>
    void each(F&& f) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (f.template operator()<I>(std::get<I>(columns_)), ...);
        }
        (std::make_index_sequence<fields>{});
    }
    template <class F>
    void each(F&& f) const {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (f.template operator()<I>(std::get<I>(columns_)), ...);
        }
        (std::make_index_sequence<fields>{});
    }

private:
    template <std::size_t I, class T>
    static decltype(auto) member(T& s) {
        return boost::hana::second(boost::hana::at_c<I>(boost::hana::accessors<S>()))(s);
    }

    columns columns_;
    std::size_t n_ = 0;
};

} // namespace axon
