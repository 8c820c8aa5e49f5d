// Writing recordings as CSV with every number in shortest round-trip form (std::to_chars), so
// reading a file back gives the very doubles that were simulated.
#pragma once

#include <charconv>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "axon/record/recording.hpp"

namespace examples {

inline std::string shortest(double x) {
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, x).ptr;
    return std::string(buffer, end);
}

inline std::ofstream open_csv(const std::string& path, const std::string& header) {
    std::ofstream out(path);
    if (!out)
        throw std::runtime_error("cannot write " + path);
    out << header << '\n';
    return out;
}

/// sender,time_ms
inline void write_spikes(const std::string& path, const axon::spike_recording& r) {
    auto out = open_csv(path, "sender,time_ms");
    for (std::size_t i = 0; i < r.n_events(); ++i)
        out << r.senders[i] << ',' << shortest(r.times[i]) << '\n';
}

/// sender,time_ms,<name>... for the given columns of a sample recording.
inline void write_samples(const std::string& path, const std::vector<axon::node_id>& senders,
                          const std::vector<double>& times, const std::vector<std::string>& names,
                          const std::vector<std::span<const double>>& columns) {
    std::string header = "sender,time_ms";
    for (const auto& n : names)
        header += "," + n;
    auto out = open_csv(path, header);
    for (std::size_t i = 0; i < times.size(); ++i) {
        out << senders[i] << ',' << shortest(times[i]);
        for (const auto& c : columns)
            out << ',' << shortest(c[i]);
        out << '\n';
    }
}

} // namespace examples
