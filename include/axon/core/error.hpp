// The error hierarchy: every run-time mistake a user can make raises a subclass of
// axon::error whose message names the model or device, the parameter, the value and what
// is allowed.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace axon {

/// Base of every exception axon throws.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A parameter, state variable or device setting got a value outside its allowed range.
class value_error : public error {
public:
    using error::error;
};

/// A name (parameter, recordable, model) that the model or device does not have.
class unknown_name_error : public error {
public:
    using error::error;
};

/// A value of the wrong type (a string where a number is expected, a fraction for a flag).
class type_error : public error {
public:
    using error::error;
};

/// A request about time that does not fit the simulation grid (a duration that is not a
/// multiple of the resolution, a resolution change after the network was built).
class time_error : public error {
public:
    using error::error;
};

/// A file or stream a recorder writes to cannot be opened, written or closed (a missing
/// folder, no permission, a full disk): the message names the path and the cause.
class io_error : public error {
public:
    using error::error;
};

/// A numerical solver could not advance the state (NEST's NumericalInstability): the
/// parameters or the state drive the equations somewhere they cannot be integrated.
class numerical_error : public error {
public:
    using error::error;
};

/// A distributed simulation cannot go on: another process stopped with an error, did not
/// answer within the time allowed, or built a different network. The message names the
/// process (its rank).
class process_error : public error {
public:
    using error::error;
};

namespace detail {

template <class... Parts>
[[nodiscard]] std::string concat(const Parts&... parts) {
    std::ostringstream out;
    out.precision(17);
    (out << ... << parts);
    return out.str();
}

} // namespace detail

/// Throws value_error unless `ok`: "<owner>: <parameter> = <value> is not allowed; <rule>".
inline void require(bool ok, std::string_view owner, std::string_view parameter, double value,
                    std::string_view rule) {
    if (!ok) {
        throw value_error(
            detail::concat(owner, ": ", parameter, " = ", value, " is not allowed; ", rule));
    }
}

} // namespace axon
