// Typed recordings. A multimeter on V_m and I_syn_ex yields columns times, senders, V_m and
// I_syn_ex; a spike_recorder yields times and senders. Data of several neurons on one recorder
// is reached per sender through range-v3 views (by_sender()), never by stride slicing; a time
// window (between(t0, t1), half-open) is a view of contiguous rows whose columns are std::spans.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <numeric>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <range/v3/range/access.hpp>
#include <range/v3/range/concepts.hpp>
#include <range/v3/range/primitives.hpp>
#include <range/v3/range/traits.hpp>
#include <range/v3/view/filter.hpp>
#include <range/v3/view/iota.hpp>
#include <range/v3/view/transform.hpp>
#include <range/v3/view/zip.hpp>

#include "axon/core/error.hpp"
#include "axon/core/fixed_string.hpp"
#include "axon/core/time.hpp"

namespace axon {

/// Global node id, as NEST numbers nodes: 1, 2, ... in order of creation.
using node_id = std::uint64_t;

/// The elements of a range as a std::vector: a column, one sender's view from by_sender(),
/// a filtered view. (A column of a recording or of a time window is contiguous already:
/// std::span<const double>(rec.times), window.times, mm.column<"V_m">().)
template <ranges::input_range Range>
[[nodiscard]] auto to_vector(Range&& range) {
    std::vector<ranges::range_value_t<Range>> out;
    if constexpr (ranges::sized_range<Range>)
        out.reserve(static_cast<std::size_t>(ranges::size(range)));
    for (auto&& x : range)
        out.push_back(x);
    return out;
}

namespace detail {

inline std::vector<node_id> unique_sorted(std::vector<node_id> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

/// The distinct senders of a recording, ascending, and for each the positions of its rows in
/// recorded order. Built once per by_sender() call: O(n log s) for n rows and s senders.
class sender_index {
public:
    explicit sender_index(std::span<const node_id> senders)
        : ids_(unique_sorted({senders.begin(), senders.end()}))
        , offsets_(ids_.size() + 1, 0)
        , rows_(senders.size()) {
        std::vector<std::size_t> group(senders.size());
        std::size_t g = 0;
        for (std::size_t r = 0; r < senders.size(); ++r) {
            // a multimeter's rows cycle through neighbouring ids: try the next group first
            if (g + 1 < ids_.size() && ids_[g + 1] == senders[r])
                ++g;
            else if (ids_[g] != senders[r])
                g = static_cast<std::size_t>(
                    std::lower_bound(ids_.begin(), ids_.end(), senders[r]) - ids_.begin());
            group[r] = g;
            ++offsets_[g + 1];
        }
        std::partial_sum(offsets_.begin(), offsets_.end(), offsets_.begin());
        std::vector<std::size_t> next(offsets_.begin(), offsets_.end() - 1);
        for (std::size_t r = 0; r < senders.size(); ++r)
            rows_[next[group[r]]++] = r;
    }

    [[nodiscard]] std::size_t size() const { return ids_.size(); }
    [[nodiscard]] node_id id(std::size_t g) const { return ids_[g]; }
    [[nodiscard]] std::span<const std::size_t> rows(std::size_t g) const {
        return std::span<const std::size_t>(rows_).subspan(offsets_[g],
                                                           offsets_[g + 1] - offsets_[g]);
    }

private:
    std::vector<node_id> ids_;
    std::vector<std::size_t> offsets_; // group g holds rows_[offsets_[g], offsets_[g + 1])
    std::vector<std::size_t> rows_;
};

using sender_index_ptr = std::shared_ptr<const sender_index>;

/// The values of `column` at the rows of sender group g, as a view that keeps the index alive.
template <class T>
[[nodiscard]] auto gather(const sender_index_ptr& index, std::size_t g, std::span<const T> column) {
    return ranges::views::transform(index->rows(g),
                                    [index, column](std::size_t r) { return column[r]; });
}

/// (sender id, group(view, index, g)) for every distinct sender of `view`, ids ascending.
template <class View, class Group>
[[nodiscard]] auto by_sender(const View& view, Group group) {
    auto index = std::make_shared<const sender_index>(view.senders);
    const std::size_t n = index->size();
    return ranges::views::transform(ranges::views::iota(std::size_t{0}, n),
                                    [index, view, group](std::size_t g) {
                                        return std::pair(index->id(g), group(view, index, g));
                                    });
}

/// A time in ms on NEST's grid of tics (1 us), where recorded stamps and window bounds are
/// compared: the stamp of step 593 at dt = 0.1 (59.300000000000004 ms) equals the bound 59.3.
[[nodiscard]] inline double on_tics(double ms) {
    return std::round(ms * static_cast<double>(time_grid::tics_per_ms));
}

/// The rows [first, last) of time-ordered stamps with t0 <= t < t1 (compared on tics).
[[nodiscard]] inline std::pair<std::size_t, std::size_t> window(std::span<const double> times,
                                                                double t0, double t1) {
    require(!std::isnan(t0), "between(t0, t1)", "t0", t0, "it must be a time in ms");
    require(!std::isnan(t1) && t1 >= t0, "between(t0, t1)", "t1", t1,
            concat("it must be >= t0 = ", t0, " ms"));
    const double a = on_tics(t0);
    const double b = on_tics(t1);
    const auto first =
        std::partition_point(times.begin(), times.end(), [a](double t) { return on_tics(t) < a; });
    const auto last =
        std::partition_point(first, times.end(), [b](double t) { return on_tics(t) < b; });
    return {static_cast<std::size_t>(first - times.begin()),
            static_cast<std::size_t>(last - times.begin())};
}

} // namespace detail

/// The rows of one sender of a sample or weight recording (as by_sender() yields them), in
/// recorded order. Its columns are range-v3 views that gather those rows; to_vector copies one
/// out. Valid while the recording it came from is neither changed nor destroyed.
template <class View>
class sender_rows {
public:
    sender_rows(View view, detail::sender_index_ptr index, std::size_t group)
        : view_(view)
        , index_(std::move(index))
        , group_(group) {}

    [[nodiscard]] node_id sender() const { return index_->id(group_); }
    [[nodiscard]] std::size_t n_events() const { return rows().size(); }
    /// Positions of this sender's rows among the rows it was taken from.
    [[nodiscard]] std::span<const std::size_t> rows() const { return index_->rows(group_); }

    [[nodiscard]] auto times() const { return detail::gather(index_, group_, view_.times); }

    /// One recorded quantity of a multimeter ("V_m").
    template <fixed_string Name>
    requires requires { View::template index<Name>(); }
    [[nodiscard]] auto column() const {
        return detail::gather(index_, group_, view_.template column<Name>());
    }
    /// (time, value) pairs of one recorded quantity of a multimeter.
    template <fixed_string Name>
    requires requires { View::template index<Name>(); }
    [[nodiscard]] auto samples() const { return ranges::views::zip(times(), column<Name>()); }

    /// Postsynaptic ids and delivered weights (weight_recorder).
    [[nodiscard]] auto targets() const requires requires(View v) { v.targets; }
    { return detail::gather(index_, group_, view_.targets); }
    [[nodiscard]] auto weights() const requires requires(View v) { v.weights; }
    { return detail::gather(index_, group_, view_.weights); }

private:
    View view_;
    detail::sender_index_ptr index_;
    std::size_t group_;
};

/// Rows of a spike recording, whole or a time window of it: spans over its columns, valid
/// while the recording is neither changed nor destroyed.
struct spike_recording_view {
    std::span<const double> times;
    std::span<const node_id> senders;

    [[nodiscard]] std::size_t n_events() const { return times.size(); }

    /// The distinct senders that fired, ascending.
    [[nodiscard]] std::vector<node_id> sender_ids() const {
        return detail::unique_sorted({senders.begin(), senders.end()});
    }

    // The members that return range-v3 views are templates on a defaulted parameter, and reach
    // the columns through it: their bodies are then compiled only where they are called, which
    // keeps range-v3 out of the compile time of programs that never call them.

    /// Spike times of one sender, as a view.
    template <class V = spike_recording_view>
    [[nodiscard]] auto times_of(node_id sender) const {
        const V& v = *this;
        return ranges::views::zip(v.senders, v.times) |
               ranges::views::filter([sender](const auto& row) { return row.first == sender; }) |
               ranges::views::transform([](const auto& row) { return row.second; });
    }

    /// (sender id, spike times) for every sender that fired, ids ascending, each sender's
    /// times in order: for (auto [id, times] : sr.by_sender()).
    template <class V = spike_recording_view>
    [[nodiscard]] auto by_sender() const {
        return detail::by_sender(static_cast<const V&>(*this),
                                 [](const V& v, const detail::sender_index_ptr& index,
                                    std::size_t g) { return detail::gather(index, g, v.times); });
    }

    /// The spikes with t0 <= t < t1 (ms; stamps and bounds compared on NEST's tic grid).
    /// Rows must be in time order, as recorders append them.
    [[nodiscard]] spike_recording_view between(double t0, double t1) const {
        const auto [first, last] = detail::window(times, t0, t1);
        return {times.subspan(first, last - first), senders.subspan(first, last - first)};
    }
};

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

    /// All rows as a view (spans over the columns).
    [[nodiscard]] spike_recording_view view() const { return {times, senders}; }

    /// The distinct senders that fired, ascending.
    [[nodiscard]] std::vector<node_id> sender_ids() const { return view().sender_ids(); }
    /// Spike times of one sender, as a view.
    template <class R = spike_recording>
    [[nodiscard]] auto times_of(node_id sender) const {
        return static_cast<const R&>(*this).view().times_of(sender);
    }
    /// (sender id, spike times) for every sender that fired, ids ascending.
    template <class R = spike_recording>
    [[nodiscard]] auto by_sender() const {
        return static_cast<const R&>(*this).view().by_sender();
    }
    /// The spikes with t0 <= t < t1 ms, as a view of contiguous rows.
    [[nodiscard]] spike_recording_view between(double t0, double t1) const {
        return view().between(t0, t1);
    }
};

/// Rows of a weight recording, whole or a time window of it (see spike_recording_view).
struct weight_recording_view {
    std::span<const double> times;
    std::span<const node_id> senders;
    std::span<const node_id> targets;
    std::span<const double> weights;

    [[nodiscard]] std::size_t n_events() const { return times.size(); }

    /// The distinct presynaptic senders, ascending.
    [[nodiscard]] std::vector<node_id> sender_ids() const {
        return detail::unique_sorted({senders.begin(), senders.end()});
    }

    /// (time, weight) pairs of the synapses from `sender` to `target`, as a view (a template:
    /// see spike_recording_view::times_of).
    template <class V = weight_recording_view>
    [[nodiscard]] auto weights_of(node_id sender, node_id target) const {
        const V& v = *this;
        return ranges::views::zip(v.senders, v.targets, v.times, v.weights) |
               ranges::views::filter([sender, target](const auto& row) {
                   return std::get<0>(row) == sender && std::get<1>(row) == target;
               }) |
               ranges::views::transform([](const auto& row) {
                   return std::pair<double, double>(std::get<2>(row), std::get<3>(row));
               });
    }

    /// (sender id, sender_rows with times(), targets(), weights()) for every presynaptic
    /// sender, ids ascending.
    template <class V = weight_recording_view>
    [[nodiscard]] auto by_sender() const {
        return detail::by_sender(static_cast<const V&>(*this),
                                 [](const V& v, const detail::sender_index_ptr& index,
                                    std::size_t g) { return sender_rows<V>(v, index, g); });
    }

    /// The rows with t0 <= t < t1 ms (see spike_recording_view::between).
    [[nodiscard]] weight_recording_view between(double t0, double t1) const {
        const auto [first, last] = detail::window(times, t0, t1);
        const auto n = last - first;
        return {times.subspan(first, n), senders.subspan(first, n), targets.subspan(first, n),
                weights.subspan(first, n)};
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

    /// All rows as a view (spans over the columns).
    [[nodiscard]] weight_recording_view view() const { return {times, senders, targets, weights}; }

    /// The distinct presynaptic senders, ascending.
    [[nodiscard]] std::vector<node_id> sender_ids() const { return view().sender_ids(); }
    /// (time, weight) pairs of the synapses from `sender` to `target`, as a view.
    template <class R = weight_recording>
    [[nodiscard]] auto weights_of(node_id sender, node_id target) const {
        return static_cast<const R&>(*this).view().weights_of(sender, target);
    }
    /// (sender id, sender_rows) for every presynaptic sender, ids ascending.
    template <class R = weight_recording>
    [[nodiscard]] auto by_sender() const {
        return static_cast<const R&>(*this).view().by_sender();
    }
    /// The rows with t0 <= t < t1 ms, as a view of contiguous rows.
    [[nodiscard]] weight_recording_view between(double t0, double t1) const {
        return view().between(t0, t1);
    }
};

/// Rows of a multimeter's recording of Names..., whole or a time window of it (see
/// spike_recording_view).
template <fixed_string... Names>
struct sample_recording_view {
    static constexpr std::array<std::string_view, sizeof...(Names)> names{Names.view()...};

    std::span<const double> times;
    std::span<const node_id> senders;
    std::array<std::span<const double>, sizeof...(Names)> values;

    [[nodiscard]] std::size_t n_events() const { return times.size(); }

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
    [[nodiscard]] std::vector<node_id> sender_ids() const {
        return detail::unique_sorted({senders.begin(), senders.end()});
    }

    /// (sender id, sender_rows with times(), column<Name>(), samples<Name>()) for every
    /// sampled neuron, ids ascending.
    [[nodiscard]] auto by_sender() const {
        return detail::by_sender(
            *this, [](const sample_recording_view& v, const detail::sender_index_ptr& index,
                      std::size_t g) { return sender_rows<sample_recording_view>(v, index, g); });
    }

    /// The samples with t0 <= t < t1 ms (see spike_recording_view::between).
    [[nodiscard]] sample_recording_view between(double t0, double t1) const {
        const auto [first, last] = detail::window(times, t0, t1);
        const auto n = last - first;
        sample_recording_view out{times.subspan(first, n), senders.subspan(first, n), {}};
        for (std::size_t i = 0; i < values.size(); ++i)
            out.values[i] = values[i].subspan(first, n);
        return out;
    }
};

/// Events of a multimeter recording Names...: one row per (sample time, sender).
template <fixed_string... Names>
class sample_recording {
public:
    using view_type = sample_recording_view<Names...>;
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
        return view_type::template index<Name>();
    }

    /// All rows as a view (spans over the columns).
    [[nodiscard]] view_type view() const {
        view_type v{times, senders, {}};
        for (std::size_t i = 0; i < values.size(); ++i)
            v.values[i] = values[i];
        return v;
    }

    /// The column of one recorded quantity, all senders.
    template <fixed_string Name>
    [[nodiscard]] std::span<const double> column() const {
        return values[index<Name>()];
    }
    /// (time, value) pairs of one quantity, all senders in recorded order.
    template <fixed_string Name>
    [[nodiscard]] auto samples() const {
        return view().template samples<Name>();
    }
    /// (time, value) pairs of one quantity for one sender.
    template <fixed_string Name>
    [[nodiscard]] auto samples(node_id sender) const {
        return view().template samples<Name>(sender);
    }
    /// The distinct senders sampled, ascending.
    [[nodiscard]] std::vector<node_id> sender_ids() const { return view().sender_ids(); }
    /// (sender id, sender_rows) for every sampled neuron, ids ascending.
    [[nodiscard]] auto by_sender() const { return view().by_sender(); }
    /// The samples with t0 <= t < t1 ms, as a view of contiguous rows.
    [[nodiscard]] view_type between(double t0, double t1) const { return view().between(t0, t1); }
};

} // namespace axon
