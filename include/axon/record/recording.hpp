// Typed recordings. A multimeter on V_m and I_syn_ex yields columns times, senders, V_m and
// I_syn_ex; a spike_recorder yields times and senders. Data of several neurons on one recorder
// is reached per sender through range-v3 views, never by stride slicing.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <range/v3/view/filter.hpp>
#include <range/v3/view/transform.hpp>
#include <range/v3/view/zip.hpp>

#include "axon/core/fixed_string.hpp"

namespace axon {

/// Global node id, as NEST numbers nodes: 1, 2, ... in order of creation.
using node_id = std::uint64_t;

namespace detail {
inline std::vector<node_id> unique_sorted(std::vector<node_id> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}
} // namespace detail

/// Events of a spike_recorder: one row per spike.
class spike_recording {
public:
    std::vector<double> times;    // ms, k * dt for a spike in step k
    std::vector<node_id> senders; // global node id of the neuron that fired

    [[nodiscard]] std::size_t n_events() const { return times.size(); }
    void clear() {
        times.clear();
        senders.clear();
    }
    void add(double t, node_id sender) {
        times.push_back(t);
        senders.push_back(sender);
    }

    /// The distinct senders that fired, ascending.
    [[nodiscard]] std::vector<node_id> sender_ids() const { return detail::unique_sorted(senders); }

    /// Spike times of one sender, as a view.
    [[nodiscard]] auto times_of(node_id sender) const {
        return ranges::views::zip(senders, times) |
               ranges::views::filter([sender](const auto& row) { return row.first == sender; }) |
               ranges::views::transform([](const auto& row) { return row.second; });
    }
};

/// Events of a weight_recorder: one row per spike that crossed a recorded synapse.
class weight_recording {
public:
    std::vector<double> times;    // ms, the presynaptic spike's time stamp
    std::vector<node_id> senders; // global id of the presynaptic neuron
    std::vector<node_id> targets; // global id of the postsynaptic neuron
    std::vector<double> weights;  // the weight the spike was delivered with

    [[nodiscard]] std::size_t n_events() const { return times.size(); }
    void clear() {
        times.clear();
        senders.clear();
        targets.clear();
        weights.clear();
    }
    void add(double t, node_id sender, node_id target, double weight) {
        times.push_back(t);
        senders.push_back(sender);
        targets.push_back(target);
        weights.push_back(weight);
    }

    /// (time, weight) pairs of the synapses from `sender` to `target`, as a view.
    [[nodiscard]] auto weights_of(node_id sender, node_id target) const {
        return ranges::views::zip(senders, targets, times, weights) |
               ranges::views::filter([sender, target](const auto& row) {
                   return std::get<0>(row) == sender && std::get<1>(row) == target;
               }) |
               ranges::views::transform([](const auto& row) {
                   return std::pair<double, double>(std::get<2>(row), std::get<3>(row));
               });
    }
};

/// Events of a multimeter recording Names...: one row per (sample time, sender).
template <fixed_string... Names>
class sample_recording {
public:
    static constexpr std::array<std::string_view, sizeof...(Names)> names{Names.view()...};

    std::vector<double> times;
    std::vector<node_id> senders;
    std::array<std::vector<double>, sizeof...(Names)> values;

    [[nodiscard]] std::size_t n_events() const { return times.size(); }
    void clear() {
        times.clear();
        senders.clear();
        for (auto& v : values)
            v.clear();
    }

    /// Position of Name among the recorded quantities.
    template <fixed_string Name>
    static constexpr std::size_t index() {
        constexpr auto i = static_cast<std::size_t>(
            std::find(names.begin(), names.end(), Name.view()) - names.begin());
        static_assert(i < sizeof...(Names),
                      "this recording does not hold the quantity you asked for: a multimeter "
                      "records exactly the names given in multimeter<...>");
        return i;
    }

    /// The column of one recorded quantity, all senders.
    template <fixed_string Name>
    [[nodiscard]] std::span<const double> column() const {
        return values[index<Name>()];
    }

    /// (time, value) pairs of one quantity, all senders in recorded order.
    template <fixed_string Name>
    [[nodiscard]] auto samples() const {
        return ranges::views::zip(times, values[index<Name>()]);
    }

    /// (time, value) pairs of one quantity for one sender.
    template <fixed_string Name>
    [[nodiscard]] auto samples(node_id sender) const {
        return ranges::views::zip(senders, times, values[index<Name>()]) |
               ranges::views::filter(
                   [sender](const auto& row) { return std::get<0>(row) == sender; }) |
               ranges::views::transform([](const auto& row) {
                   return std::pair<double, double>(std::get<1>(row), std::get<2>(row));
               });
    }

    /// The distinct senders sampled, ascending.
    [[nodiscard]] std::vector<node_id> sender_ids() const { return detail::unique_sorted(senders); }
};

} // namespace axon
