// The recordings of a distributed network: every process records its own neurons, so a
// recorder's events are split among the processes (in memory, or in one file per process,
// named with the process's rank as NEST does). merge() puts the parts back together in the
// order one process records them: by time, then sender (then target, for a weight_recorder);
// rows equal in all of these keep the order of the parts.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "axon/core/error.hpp"
#include "axon/record/recording.hpp"

namespace axon {

namespace detail {

/// (time, sender, target) of row i; target 0 where a recording has none.
inline std::tuple<double, node_id, node_id> merge_key(const spike_recording& r, std::size_t i) {
    return {r.times[i], r.senders[i], 0};
}
inline std::tuple<double, node_id, node_id> merge_key(const weight_recording& r, std::size_t i) {
    return {r.times[i], r.senders[i], r.targets[i]};
}
template <fixed_string... Names>
std::tuple<double, node_id, node_id> merge_key(const sample_recording<Names...>& r, std::size_t i) {
    return {r.times[i], r.senders[i], 0};
}

inline void append_row(spike_recording& out, const spike_recording& r, std::size_t i) {
    out.add(r.times[i], r.senders[i]);
}
inline void append_row(weight_recording& out, const weight_recording& r, std::size_t i) {
    out.add(r.times[i], r.senders[i], r.targets[i], r.weights[i]);
}
template <fixed_string... Names>
void append_row(sample_recording<Names...>& out, const sample_recording<Names...>& r,
                std::size_t i) {
    out.times.push_back(r.times[i]);
    out.senders.push_back(r.senders[i]);
    for (std::size_t j = 0; j < sizeof...(Names); ++j)
        out.values[j].push_back(r.values[j][i]);
}

} // namespace detail

/// One recording from the parts the processes recorded (spike_recording, weight_recording or
/// a multimeter's sample_recording), in the order one process records them.
template <class Recording>
[[nodiscard]] Recording merge(std::span<const Recording> parts) {
    struct row {
        std::tuple<double, node_id, node_id> key;
        std::size_t part, i;
    };
    std::vector<row> rows;
    for (std::size_t p = 0; p < parts.size(); ++p)
        for (std::size_t i = 0; i < parts[p].n_events(); ++i)
            rows.push_back({detail::merge_key(parts[p], i), p, i});
    std::stable_sort(rows.begin(), rows.end(),
                     [](const row& a, const row& b) { return a.key < b.key; });
    Recording out;
    for (const auto& r : rows)
        detail::append_row(out, parts[r.part], r.i);
    return out;
}

/// Merges the csv files the processes wrote for one recorder (the same header in each) into
/// `to`, ordered as merge() orders rows: by time_ms, then the id columns before it (sender;
/// sender and target). Throws io_error naming a file it cannot read or write, or whose header
/// differs from the first file's.
inline void merge_csv(std::span<const std::filesystem::path> from,
                      const std::filesystem::path& to) {
    struct row {
        double time;
        std::vector<std::uint64_t> ids;
        std::string text;
    };
    std::string header;
    std::vector<row> rows;
    for (const auto& path : from) {
        std::ifstream in(path);
        if (!in)
            throw io_error(detail::concat("merge_csv: cannot read '", path.string(), "'"));
        std::string line;
        if (!std::getline(in, line))
            throw io_error(detail::concat("merge_csv: '", path.string(), "' has no header line"));
        if (header.empty())
            header = line;
        else if (line != header)
            throw io_error(detail::concat("merge_csv: the header of '", path.string(), "' (", line,
                                          ") differs from the first file's (", header, ")"));
        // the id columns come before time_ms
        std::size_t ids = 0;
        for (std::string_view h = header;;) {
            const auto comma = h.find(',');
            if (h.substr(0, comma) == "time_ms")
                break;
            if (comma == std::string_view::npos)
                throw io_error(
                    detail::concat("merge_csv: '", path.string(), "' has no time_ms column"));
            ++ids;
            h.remove_prefix(comma + 1);
        }
        while (std::getline(in, line)) {
            if (line.empty())
                continue;
            row r{0.0, std::vector<std::uint64_t>(ids), line};
            std::string_view rest = line;
            bool ok = true;
            for (std::size_t c = 0; c <= ids && ok; ++c) {
                const auto comma = rest.find(',');
                const auto field = rest.substr(0, comma);
                const char* end = field.data() + field.size();
                const auto got = c < ids ? std::from_chars(field.data(), end, r.ids[c])
                                         : std::from_chars(field.data(), end, r.time);
                ok = got.ec == std::errc{} && got.ptr == end;
                rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
            }
            if (!ok)
                throw io_error(detail::concat("merge_csv: cannot read the line '", line, "' of '",
                                              path.string(), "'"));
            rows.push_back(std::move(r));
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const row& a, const row& b) {
        return std::tie(a.time, a.ids) < std::tie(b.time, b.ids);
    });
    std::ofstream out(to);
    out << header << '\n';
    for (const auto& r : rows)
        out << r.text << '\n';
    if (!out.flush())
        throw io_error(detail::concat("merge_csv: cannot write '", to.string(), "'"));
}

} // namespace axon
