// get/set by name for anything whose settings are a reflected aggregate (devices, models):
// one implementation of "unknown name lists the valid ones" and "a failed set changes nothing".
#pragma once

#include <string>
#include <string_view>

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
