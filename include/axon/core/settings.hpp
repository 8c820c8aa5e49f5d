// get/set by name for anything whose settings are a reflected aggregate (devices, models):
// one implementation of "unknown name lists the valid ones" and "a failed set changes nothing".
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/value.hpp"

namespace axon::settings {

/// The error for a name that `owner` (whose settings are P) does not have.
template <class P>
[[nodiscard]] unknown_name_error unknown(std::string_view owner, std::string_view name) {
    return unknown_name_error(detail::concat(owner, " has no parameter '", name,
                                             "'; valid names are: ", reflect::joined_names<P>()));
}

/// A copy of p with `changes` applied and checked by validate(copy); p itself is untouched,
/// so a caller that assigns the result only on success gets all-or-nothing semantics.
template <class P, class Validate>
[[nodiscard]] P changed(P p, const dictionary& changes, std::string_view owner,
                        Validate&& validate) {
    for (const auto& [name, v] : changes)
        if (!reflect::assign_field(p, name, v, owner))
            throw unknown<P>(owner, name);
    validate(p);
    return p;
}

/// Reads one setting by name.
template <class P>
[[nodiscard]] value get(const P& p, std::string_view name, std::string_view owner) {
    dictionary d;
    reflect::to_dictionary(p, d);
    if (auto it = d.find(name); it != d.end())
        return it->second;
    throw unknown<P>(owner, name);
}

} // namespace axon::settings

namespace axon {

/// The get/set a NEST user expects of a device, derived from its reflected `parameters`. A
/// device derives from configurable<itself>, keeps its settings in `params_`, befriends this
/// base, and may provide `static void validate(const parameters&)` (throws on bad values)
/// and `void add_status(dictionary&) const` (read-only entries such as n_events).
template <class Derived>
class configurable {
public:
    [[nodiscard]] const auto& params() const { return self().params_; }

    /// Every setting (and status entry), as NEST's get().
    [[nodiscard]] dictionary get() const {
        dictionary d;
        reflect::to_dictionary(self().params_, d);
        if constexpr (requires { self().add_status(d); })
            self().add_status(d);
        return d;
    }

    /// One setting by name.
    [[nodiscard]] value get(std::string_view key) const {
        auto d = get();
        if (auto it = d.find(key); it != d.end())
            return it->second;
        throw settings::unknown<std::remove_cvref_t<decltype(self().params_)>>(Derived::name, key);
    }

    void set(std::string_view key, const value& v) { set(dictionary{{std::string(key), v}}); }

    /// Several settings at once: all of them take effect, or on an error none does.
    void set(const dictionary& changes) {
        auto& p = static_cast<Derived&>(*this).params_;
        p = settings::changed(p, changes, Derived::name, [](const auto& q) { checked(q); });
    }

protected:
    /// p, after the device's own checks.
    template <class P>
    static const P& checked(const P& p) {
        if constexpr (requires { Derived::validate(p); })
            Derived::validate(p);
        return p;
    }

private:
    const Derived& self() const { return static_cast<const Derived&>(*this); }
};

} // namespace axon
