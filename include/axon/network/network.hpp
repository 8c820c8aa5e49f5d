// The network: named nodes (populations and devices) and typed connections between them,
// composed at compile time into one type. Which nodes and connections exist is a type; their
// parameters, sizes, weights and delays are run-time values. The step loop visits nodes and
// connections through the tuple, so every call is resolved at compile time.
//
//   auto net = axon::network(
//       axon::node<"neuron">(axon::population<axon::iaf_psc_alpha>(1, {.I_e = 376.0})),
//       axon::node<"mm">(axon::multimeter<"V_m">({.interval = 0.1})),
//       axon::connect<"mm", "neuron">());
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <iostream>
#include <limits>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/fixed_string.hpp"
#include "axon/core/progress.hpp"
#include "axon/core/random.hpp"
#include "axon/core/time.hpp"
#include "axon/network/exchange.hpp"
#include "axon/network/parameter_value.hpp"
#include "axon/network/population.hpp"
#include "axon/network/projection.hpp"
#include "axon/network/rules.hpp"
#include "axon/network/step_barrier.hpp"
#include "axon/record/recording.hpp"
#include "axon/synapses/spike_archive.hpp"
#include "axon/synapses/static_synapse.hpp"
#include "axon/synapses/synapse.hpp"

namespace axon {

/// A node of the network with its compile-time name.
template <fixed_string Name, class T>
struct named_node {
    static constexpr fixed_string name = Name;
    using type = T;
    T value;
};

/// Names a population or a device: node<"neuron">(population<iaf_psc_alpha>(1)).
template <fixed_string Name, class T>
[[nodiscard]] named_node<Name, std::remove_cvref_t<T>> node(T&& value) {
    return {std::forward<T>(value)};
}

/// How a connection is made. Between populations: the rule, the weight and delay (constants,
/// arrays or distributions; unset, the synapse model's defaults: 1 and 1 ms for the built-in
/// models), the synapse model's parameters (shared by the projection) and each synapse's
/// initial state. A stimulator's output is scaled by the weight; recorders ignore all of it.
template <SynapseModel S = static_synapse>
struct connection_spec {
    connection_rule rule = all_to_all{}; // NEST's default rule
    parameter_value weight{};            // overrides synapse.weight when given
    parameter_value delay{};             // ms, a multiple of the resolution, at least one step
    typename S::parameters synapse{};    // stdp: tau_plus, Wmax, ...; tsodyks: U, tau_rec, ...
    typename S::state state{};           // initial per-synapse state (Kplus; x, y, u)

    /// The weight the synapses get (the given one or the model's).
    [[nodiscard]] parameter_value weight_value() const { return weight.or_else(synapse.weight); }
    /// The delay the synapses get, ms (the given one or the model's).
    [[nodiscard]] parameter_value delay_value() const { return delay.or_else(synapse.delay); }
};

/// A connection in NEST's direction: sampler -> neuron, neuron -> collector,
/// stimulator -> neuron, neuron -> neuron (synapses of model Synapse made by a rule, optionally
/// recorded by the weight_recorder called Recorder).
template <fixed_string From, fixed_string To, SynapseModel Synapse = static_synapse,
          fixed_string Recorder = "">
struct connection {
    static constexpr fixed_string from = From;
    static constexpr fixed_string to = To;
    static constexpr fixed_string recorder = Recorder;
    using synapse = Synapse;
    connection_spec<Synapse> spec;

    /// The same connection with every spike through its synapses recorded by the
    /// weight_recorder node called Name (NEST: the synapse model's "weight_recorder").
    template <fixed_string Name>
    [[nodiscard]] connection<From, To, Synapse, Name> recorded_by() const {
        return {spec};
    }
};

/// connect<"source", "target">({.weight = ..., .delay = ...}); between populations a synapse
/// model may be named: connect<"E", "E", stdp_synapse>({.synapse = {.tau_plus = 15.0}}).
template <fixed_string From, fixed_string To, SynapseModel Synapse = static_synapse>
[[nodiscard]] connection<From, To, Synapse> connect(connection_spec<Synapse> spec = {}) {
    return {std::move(spec)};
}

/// Settings of the whole simulation, fixed when the network is built.
struct kernel {
    double resolution = time_grid::default_resolution; // ms
    std::uint32_t rng_seed = default_rng_seed;         // names every random stream
    bool print_time = false; // a progress line on stderr while simulating (NEST's print_time)
    /// Threads that simulate (NEST's local_num_threads). Results are bit-identical for every
    /// number: each thread updates and receives for its own neurons, and every neuron sums its
    /// inputs in the same order.
    std::size_t threads = 1;
};

/// The most threads a network may use.
inline constexpr std::size_t max_threads = 1024;

/// Kernel settings for a network split among processes that exchange spikes through E (NEST's
/// num_processes): network(distributed{.settings = {...}, .exchange = ...}, ...). Process r
/// of P owns part r of every population, updates and records those neurons and keeps the
/// synapses onto them; spikes are exchanged once per min-delay interval, so the results are
/// bit-identical for every P and every number of threads per process. axon/mpi.hpp makes
/// one for MPI; one_process runs the same path in one process.
template <Exchange E>
struct distributed {
    kernel settings{};
    E exchange{};
};

namespace detail {

template <class T>
inline constexpr bool is_population = false;
template <class M>
inline constexpr bool is_population<population<M>> = true;

template <class T>
inline constexpr bool is_named_node = false;
template <fixed_string N, class T>
inline constexpr bool is_named_node<named_node<N, T>> = true;

template <class T>
inline constexpr bool is_connection = false;
template <fixed_string F, fixed_string T, class S, fixed_string R>
inline constexpr bool is_connection<connection<F, T, S, R>> = true;

template <class>
inline constexpr bool dependent_false = false;

/// True when every name the sampler S records is a state variable of model M.
template <class S, class M>
constexpr bool records_only_state_of() {
    for (auto n : S::record_from)
        if (!reflect::has_field<typename M::state>(n))
            return false;
    return true;
}

/// Compile-time check of one connection's direction and kinds; fails with a sentence that
/// says what to write instead.
template <class F, class T>
constexpr bool check_connection() {
    if constexpr (Stimulator<F> && is_population<T>) {
        return true;
    } else if constexpr (is_population<F> && Collector<T>) {
        return true;
    } else if constexpr (Sampler<F> && is_population<T>) {
        static_assert(records_only_state_of<F, typename T::model>(),
                      "the multimeter records a quantity the target's model does not have: a "
                      "model's recordables are the fields of its state "
                      "(get_defaults<Model>()[\"recordables\"])");
        return true;
    } else if constexpr (is_population<F> && Sampler<T>) {
        static_assert(dependent_false<F>,
                      "wrong direction: a multimeter samples neurons, so the multimeter comes "
                      "first: connect<\"multimeter\", \"neuron\">(), as NEST's "
                      "Connect(multimeter, neuron)");
        return false;
    } else if constexpr (Collector<F> && is_population<T>) {
        static_assert(dependent_false<F>,
                      "wrong direction: a spike_recorder collects the spikes of neurons, so the "
                      "neuron comes first: connect<\"neuron\", \"spike_recorder\">(), as NEST's "
                      "Connect(neuron, spike_recorder)");
        return false;
    } else if constexpr (Stimulator<F>) {
        static_assert(dependent_false<F>,
                      "a stimulator drives neurons: connect it to a population, not to a device");
        return false;
    } else if constexpr (is_population<F> && is_population<T>) {
        return true;
    } else if constexpr (WeightRecorder<F> || WeightRecorder<T>) {
        static_assert(dependent_false<F>,
                      "a weight_recorder is not connected to neurons: route a connection "
                      "between populations through it, connect<\"pre\", \"post\", "
                      "stdp_synapse>(...).recorded_by<\"weight_recorder\">()");
        return false;
    } else {
        static_assert(dependent_false<F>,
                      "this connection joins two devices: connect devices to populations");
        return false;
    }
}

} // namespace detail

/// The kernel settings, plain or of a distributed network.
inline kernel& settings_of(kernel& k) {
    return k;
}
template <Exchange E>
kernel& settings_of(distributed<E>& d) {
    return d.settings;
}

template <class Nodes, class Connections, class Transport = one_process>
class network_type;

/// The network: nodes (named_node<...>) and connections (connection<...>) as tuples; with
/// a Transport other than one_process, this process's part of a distributed network.
template <class... Nodes, class... Connections, class Transport>
class network_type<std::tuple<Nodes...>, std::tuple<Connections...>, Transport> {
    static constexpr bool is_distributed = !std::is_same_v<Transport, one_process>;

    static constexpr std::array<std::string_view, sizeof...(Nodes)> names{Nodes::name.view()...};

    static constexpr std::size_t find(std::string_view name) {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == name)
                return i;
        return names.size();
    }

    static constexpr bool names_unique() {
        for (std::size_t i = 0; i < names.size(); ++i)
            for (std::size_t j = i + 1; j < names.size(); ++j)
                if (names[i] == names[j])
                    return false;
        return true;
    }
    static_assert(names_unique(), "two nodes of the network have the same name: give every "
                                  "node<\"name\">(...) its own name");

    template <class C>
    static constexpr bool endpoints_exist() {
        static_assert(find(C::from.view()) < names.size(),
                      "connect<\"from\", \"to\">: no node of the network is called \"from\"");
        static_assert(find(C::to.view()) < names.size(),
                      "connect<\"from\", \"to\">: no node of the network is called \"to\"");
        return true;
    }
    static_assert((endpoints_exist<Connections>() && ...));

    template <std::size_t I>
    using node_t = typename std::tuple_element_t<I, std::tuple<Nodes...>>::type;
    template <class C>
    using from_t = node_t<find(C::from.view())>;
    template <class C>
    using to_t = node_t<find(C::to.view())>;

    static_assert((detail::check_connection<from_t<Connections>, to_t<Connections>>() && ...));

    template <class C>
    static constexpr bool between_populations =
        detail::is_population<from_t<C>>&& detail::is_population<to_t<C>>;

    /// Synapse models and weight recorders belong to connections between populations; a
    /// recorder must name a weight_recorder node.
    template <class C>
    static constexpr bool synapse_fits() {
        if constexpr (!between_populations<C>) {
            static_assert(std::is_same_v<typename C::synapse, static_synapse>,
                          "a synapse model is chosen for connections between populations only; "
                          "a device's connection has a weight and a delay");
            static_assert(C::recorder.view().empty(),
                          "recorded_by<...>() routes connections between populations through a "
                          "weight_recorder; a device's connection has no synapses to record");
            return true;
        } else if constexpr (!C::recorder.view().empty()) {
            static_assert(find(C::recorder.view()) < names.size(),
                          "recorded_by<\"name\">(): no node of the network has this name");
            static_assert(
                WeightRecorder<node_t<std::min(find(C::recorder.view()), names.size() - 1)>>,
                "recorded_by<\"name\">() must name a weight_recorder node");
            return true;
        } else {
            return true;
        }
    }
    static_assert((synapse_fits<Connections>() && ...));

    template <class C>
    struct projection_slot {
        using type = std::monostate;
    };
    template <class C>
    requires between_populations<C>
    struct projection_slot<C> {
        using type = projection<typename C::synapse>;
    };
    template <class C>
    using projection_t = typename projection_slot<C>::type;

    /// True when a plastic synapse that reads its target's spike history ends at node I.
    template <std::size_t I>
    static constexpr bool archives_spikes = ((between_populations<Connections> &&
                                              uses_post_spikes<typename Connections::synapse> &&
                                              find(Connections::to.view()) == I) ||
                                             ...);

public:
    network_type(kernel k, std::tuple<Nodes...> nodes, std::tuple<Connections...> connections,
                 Transport transport = {})
        : grid_(k.resolution)
        , rng_seed_(k.rng_seed)
        , progress_out_(k.print_time ? &std::cerr : nullptr)
        , nodes_(std::move(nodes))
        , connections_(std::move(connections))
        , transport_(std::move(transport)) {
        if constexpr (is_distributed) {
            rank_ = static_cast<std::size_t>(transport_.rank());
            ranks_ = static_cast<std::size_t>(transport_.size());
            require(ranks_ >= 1 && rank_ < ranks_, "kernel", "rank", static_cast<double>(rank_),
                    detail::concat("it must lie in [0, ", ranks_, ")"));
        }
        set_threads(k.threads);
        node_id next = 1;
        for_each_node([&]<std::size_t I>(auto& n) {
            first_id_[I] = next;
            if constexpr (detail::is_population<std::remove_cvref_t<decltype(n)>>)
                next += n.size();
            else
                next += 1;
        });
        if constexpr (is_distributed) {
            agree({description_hash(), 0}, [](std::size_t r, auto, auto) {
                return detail::concat(
                    "process ", r,
                    " built a different network from process 0's (node names, models, population "
                    "sizes, connection rules, resolution or rng_seed differ): every process must "
                    "build the same network");
            });
            try {
                build_projections();
            } catch (...) {
                report_state(true); // the others learn it; this process throws its own error
                throw;
            }
            report_state(false);
            find_slice();
        } else {
            build_projections();
            find_slice();
        }
    }

    /// True when a node is called `name` (for generic code: if constexpr (Net::has_node("mm"))).
    [[nodiscard]] static constexpr bool has_node(std::string_view name) {
        return find(name) < names.size();
    }

    /// The node called Name (a population or a device).
    template <fixed_string Name>
    [[nodiscard]] auto& node() {
        static_assert(find(Name.view()) < names.size(), "no node of the network has this name");
        return std::get<find(Name.view())>(nodes_).value;
    }
    template <fixed_string Name>
    [[nodiscard]] const auto& node() const {
        static_assert(find(Name.view()) < names.size(), "no node of the network has this name");
        return std::get<find(Name.view())>(nodes_).value;
    }

    /// Global id of the first neuron (or the device) of node Name, as NEST numbers nodes.
    template <fixed_string Name>
    [[nodiscard]] node_id first_id() const {
        return first_id_[find(Name.view())];
    }

    /// The names of the neuron models this network's populations use (copies included).
    [[nodiscard]] static std::vector<std::string_view> model_names() {
        std::vector<std::string_view> out;
        (
            [&] {
                if constexpr (detail::is_population<typename Nodes::type>)
                    out.push_back(Nodes::type::model::name);
            }(),
            ...);
        return out;
    }

    [[nodiscard]] double resolution() const { return grid_.resolution(); }
    [[nodiscard]] const time_grid& grid() const { return grid_; }
    /// Steps simulated since construction or the last reset.
    [[nodiscard]] step_t steps() const { return now_; }
    /// Simulated time in ms.
    [[nodiscard]] double time() const { return grid_.ms(now_); }

    /// Advances the network by n steps (the driver is axon::simulate).
    void run(step_t n) {
        if constexpr (is_distributed) {
            agree({static_cast<std::uint64_t>(now_), static_cast<std::uint64_t>(n)},
                  [&](std::size_t r, auto theirs, auto zeros) {
                      return detail::concat(
                          "process ", r, " simulates ", theirs[1], " steps from step ", theirs[0],
                          " where process 0 simulates ", zeros[1], " steps from step ", zeros[0],
                          ": every process must call simulate with the same time");
                  });
            try {
                run_here(n);
            } catch (...) {
                report_state(true); // the others stop at their next exchange, unless they know
                throw;
            }
        } else {
            run_here(n);
        }
    }

private:
    void run_here(step_t n) {
        if (now_ == 0)
            take_snapshot();
        calibrate();
        cut_rows();
        for (auto& rows : weight_rows_) // what a step that failed left
            for (auto& r : rows)
                r.clear();
        const step_t end = now_ + n;
        if (progress_out_ == nullptr) {
            advance(now_ + 1, end);
        } else {
            // the same loop in about a hundred pieces, with a line after each
            progress_line line(*progress_out_, grid_.ms(now_), grid_.ms(end));
            const step_t piece = std::max<step_t>(1, n / 100);
            for (step_t k = now_ + 1; k <= end; k += piece) {
                const step_t last = std::min(end, k + piece - 1);
                advance(k, last);
                line.update(grid_.ms(last));
            }
            line.finish();
        }
        now_ = end;
        // file backends write what they hold, so a file is complete after every simulate call
        for_each_node([&]<std::size_t>(auto& n) {
            if constexpr (requires { n.flush(); })
                n.flush();
        });
    }

public:
    /// The number of threads that simulate (kernel::threads); it may change between simulate
    /// calls, and results are bit-identical for every number.
    void set_threads(std::size_t threads) {
        require(threads >= 1 && threads <= max_threads, "kernel", "threads",
                static_cast<double>(threads),
                detail::concat("it must be between 1 and ", max_threads));
        threads_ = threads;
        for_each_node([&]<std::size_t>(auto& n) {
            if constexpr (detail::is_population<std::remove_cvref_t<decltype(n)>>)
                n.set_threads(threads);
        });
        for (auto& rows : weight_rows_)
            rows.resize(threads);
    }
    [[nodiscard]] std::size_t threads() const { return threads_; }

    /// This process's rank and the number of processes (0 and 1 unless distributed).
    [[nodiscard]] std::size_t rank() const { return rank_; }
    [[nodiscard]] std::size_t processes() const { return ranks_; }
    /// The neurons of population Name this process owns: [first, last) of its indices.
    template <fixed_string Name>
    [[nodiscard]] std::pair<std::size_t, std::size_t> local_range() const {
        return part(std::get<find(Name.view())>(nodes_).value.size(), rank_, ranks_);
    }
    /// Steps between two exchanges of spikes (the min-delay; 0 when nothing is exchanged).
    [[nodiscard]] step_t exchange_interval() const { return slice_; }
    /// Exchanges of spikes since the network was built (one per min-delay interval).
    [[nodiscard]] std::size_t exchanges() const { return exchanges_; }
    /// The transport (for its own statistics).
    [[nodiscard]] const Transport& transport() const { return transport_; }

    /// Shows the progress line (NEST's print_time) on `out`, or on no stream (nullptr).
    void print_time_to(std::ostream* out) { progress_out_ = out; }

    /// Starts over: time 0, state as it was when the first simulation began, recordings
    /// cleared; parameters and connections stay.
    void reset() {
        if (snapshot_) {
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                (restore_node<I>(), ...);
            }
            (std::index_sequence_for<Nodes...>{});
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                (restore_synapses<I>(), ...);
            }
            (std::index_sequence_for<Connections...>{});
        }
        for (auto& archive : archives_)
            archive.clear();
        for_each_node([&]<std::size_t>(auto& n) {
            if constexpr (requires { n.clear(); })
                n.clear();
        });
        out_counts_.clear();
        out_spikes_.clear();
        now_ = 0;
    }

private:
    template <class F>
    void for_each_node(F&& f) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (f.template operator()<I>(std::get<I>(nodes_).value), ...);
        }
        (std::index_sequence_for<Nodes...>{});
    }

    template <class F>
    void for_each_connection(F&& f) {
        [&]<std::size_t... J>(std::index_sequence<J...>) {
            (f.template operator()<order[J]>(std::get<order[J]>(connections_)), ...);
        }
        (std::index_sequence_for<Connections...>{});
    }

    /// The order connections are visited in: by source node, then target node (the order of
    /// the nodes, which also numbers them), whatever order they were written in. Inputs
    /// arriving in one step are summed in this order, so writing the connect<...> arguments
    /// in another order gives bit-identical results.
    static constexpr std::array<std::size_t, sizeof...(Connections)> order = [] {
        constexpr std::array<std::size_t, sizeof...(Connections)> from{
            find(Connections::from.view())...};
        constexpr std::array<std::size_t, sizeof...(Connections)> to{
            find(Connections::to.view())...};
        std::array<std::size_t, sizeof...(Connections)> o{};
        for (std::size_t i = 0; i < o.size(); ++i)
            o[i] = i;
        const auto before = [&](std::size_t a, std::size_t b) {
            return from[a] != from[b] ? from[a] < from[b] : to[a] < to[b];
        };
        for (std::size_t i = 1; i < o.size(); ++i) // insertion sort: stable and constexpr
            for (std::size_t j = i; j > 0 && before(o[j], o[j - 1]); --j)
                std::swap(o[j], o[j - 1]);
        return o;
    }();

    /// How many connections between the same two nodes come before connection I (each gets
    /// random streams of its own).
    template <std::size_t I>
    static constexpr std::uint32_t repeat_of() {
        constexpr std::array<std::string_view, sizeof...(Connections)> from{
            Connections::from.view()...};
        constexpr std::array<std::string_view, sizeof...(Connections)> to{
            Connections::to.view()...};
        std::uint32_t n = 0;
        for (std::size_t j = 0; j < I; ++j)
            n += from[j] == from[I] && to[j] == to[I];
        return n;
    }

    template <class C>
    auto& source() {
        return std::get<find(C::from.view())>(nodes_).value;
    }
    template <class C>
    auto& target() {
        return std::get<find(C::to.view())>(nodes_).value;
    }
    template <class C>
    node_id source_id() const {
        return first_id_[find(C::from.view())];
    }
    template <class C>
    node_id target_id() const {
        return first_id_[find(C::to.view())];
    }

public:
    /// The synapses between two populations, made once by their connection rule (with the
    /// plastic synapses' current weights and state).
    template <fixed_string From, fixed_string To>
    [[nodiscard]] const auto& synapses() const {
        constexpr std::size_t i = connection_index(From.view(), To.view());
        static_assert(i < sizeof...(Connections), "no connection between these nodes");
        return std::get<i>(projections_);
    }

    /// The spike history population Name keeps for the plastic synapses onto it.
    template <fixed_string Name>
    [[nodiscard]] const spike_archive& archive() const {
        return archives_[find(Name.view())];
    }

private:
    static constexpr std::size_t connection_index(std::string_view from, std::string_view to) {
        constexpr std::array<std::string_view, sizeof...(Connections)> froms{
            Connections::from.view()...};
        constexpr std::array<std::string_view, sizeof...(Connections)> tos{
            Connections::to.view()...};
        for (std::size_t i = 0; i < froms.size(); ++i)
            if (froms[i] == from && tos[i] == to)
                return i;
        return froms.size();
    }

    /// Draws the synapses of every population-to-population connection; impossible requests
    /// throw before anything is simulated.
    void build_projections() {
        for_each_connection([&]<std::size_t I>(auto& c) {
            using C = std::remove_cvref_t<decltype(c)>;
            if constexpr (between_populations<C>) {
                using S = typename C::synapse;
                const auto owner =
                    detail::concat("connect<\"", C::from.view(), "\", \"", C::to.view(), "\">");
                const detail::rule_context context{rng_seed_,      source_id<C>(),
                                                   target_id<C>(), C::from == C::to,
                                                   owner,          repeat_of<I>()};
                auto& p = std::get<I>(projections_);
                p = make_projection<S>(c.spec.rule, source<C>().size(), target<C>().size(),
                                       c.spec.weight_value(), c.spec.delay_value(), c.spec.synapse,
                                       c.spec.state, grid_, context,
                                       part(target<C>().size(), rank_, ranks_));
                if constexpr (uses_post_spikes<S>) {
                    auto& archive = archives_[find(C::to.view())];
                    if (!archive.active())
                        archive.resize(target<C>().size());
                    for (const auto t : p.target)
                        archive.add_reader(t);
                }
            }
        });
    }

    /// A device connection's weight or delay: a constant (the given one or the default).
    template <class C>
    static double device_constant(const parameter_value& v, std::string_view what) {
        if (!v.is_constant()) {
            throw value_error(detail::concat(from_t<C>::name, ": the ", what,
                                             " of a device's connection must be a constant"));
        }
        require(std::isfinite(v.constant()) && std::abs(v.constant()) <= 1e100, from_t<C>::name,
                what, v.constant(),
                "it must be a finite number of magnitude at most 1e100 (beyond, the sums of "
                "inputs overflow)");
        return v.constant();
    }

    /// Validates delays and converts the devices' and models' times to steps.
    void calibrate() {
        std::array<step_t, sizeof...(Nodes)> max_delay{};
        for_each_connection([&]<std::size_t I>(auto& c) {
            using C = std::remove_cvref_t<decltype(c)>;
            if constexpr (Stimulator<from_t<C>>) {
                device_weight_[I] = device_constant<C>(c.spec.weight_value(), "weight");
                const double delay = device_constant<C>(c.spec.delay_value(), "delay");
                const auto d = grid_.steps(delay, detail::concat(from_t<C>::name, ": delay"));
                require(d >= 1, from_t<C>::name, "delay", delay,
                        detail::concat("it must be at least the resolution ", grid_.resolution(),
                                       " ms"));
                require(d <= max_delay_steps, from_t<C>::name, "delay", delay,
                        detail::concat("it must be at most 2^20 steps (", grid_.ms(max_delay_steps),
                                       " ms at this resolution)"));
                delay_steps_[I] = d;
                auto& m = max_delay[find(C::to.view())];
                m = std::max(m, d);
            } else if constexpr (between_populations<C>) {
                auto& m = max_delay[find(C::to.view())];
                m = std::max(m, std::get<I>(projections_).max_delay());
            }
        });
        for_each_node([&]<std::size_t I>(auto& n) {
            if constexpr (detail::is_population<std::remove_cvref_t<decltype(n)>>) {
                n.calibrate(grid_, max_delay[I]);
                // a spike is delivered up to slice_ - 1 steps after it was emitted, and its
                // synapses read the archive then
                if constexpr (archives_spikes<I>)
                    archives_[I].calibrate(n.tau_minus(), grid_.resolution(),
                                           max_delay[I] + std::max<step_t>(slice_, 1) - 1);
            } else if constexpr (requires { n.calibrate(grid_, device_context{}); }) {
                n.calibrate(grid_, device_context{first_id_[I], rng_seed_, rank_});
            } else {
                n.calibrate(grid_);
            }
        });
    }

    /// The neurons of a population of n that part t of T owns: contiguous ranges whose edges
    /// are multiples of 64 neurons, so that no two threads write one cache line of a state,
    /// input or flag array. Process r of P owns part r of P; its threads split that again.
    [[nodiscard]] static std::pair<std::size_t, std::size_t> part(std::size_t n, std::size_t t,
                                                                  std::size_t T) {
        const auto edge = [&](std::size_t u) { return u >= T ? n : n * u / T / 64 * 64; };
        return {edge(t), edge(t + 1)};
    }
    /// The neurons of a population of n that thread t of this process updates.
    [[nodiscard]] std::pair<std::size_t, std::size_t> local_part(std::size_t n,
                                                                 std::size_t t) const {
        const auto [first, last] = part(n, rank_, ranks_);
        const auto [lo, hi] = part(last - first, t, threads_);
        return {first + lo, first + hi};
    }

    /// Where each thread's synapses of each row begin, when threads() > 1 (deliver reads
    /// them). A row's targets ascend and thread t updates the targets of local_part, so its
    /// synapses of a row are one stretch. The stretches are found here, once for each number
    /// of threads (the rows are fixed when the network is built), not for every spike: at 16
    /// threads a thread's stretch of a 1000-synapse row is about 60 synapses, and the ten
    /// dependent probes of a bisection cost about as much as delivering them.
    void cut_rows() {
        for_each_connection([&]<std::size_t I>(auto& c) {
            using C = std::remove_cvref_t<decltype(c)>;
            if constexpr (between_populations<C>) {
                auto& cut = row_cuts_[I];
                if (threads_ == 1) {
                    cut = {};
                    return;
                }
                const auto& p = std::get<I>(projections_);
                const std::size_t rows = p.row.empty() ? 0 : p.row.size() - 1;
                const std::size_t stride = threads_ + 1;
                if (cut.size() == rows * stride)
                    return; // made for this number of threads
                std::vector<std::uint32_t> first(threads_);
                for (std::size_t t = 0; t < threads_; ++t)
                    first[t] = static_cast<std::uint32_t>(local_part(target<C>().size(), t).first);
                cut.resize(rows * stride);
                const auto targets = p.target.begin();
                for (std::uint32_t i = 0; i < rows; ++i) {
                    auto from = targets + p.row[i];
                    for (std::size_t t = 0; t < threads_; ++t) {
                        from = std::lower_bound(from, targets + p.row[i + 1], first[t]);
                        cut[i * stride + t] = static_cast<std::uint32_t>(from - targets);
                    }
                    cut[i * stride + threads_] = p.row[i + 1];
                }
            }
        });
    }

    /// A spike through a recorded synapse, held until the step's spikes are all delivered.
    struct weight_row {
        std::uint64_t spike; // the spike's step in the batch (high word), its place in its list
        step_t k;            // the step of the presynaptic spike
        node_id sender, target;
        double weight;
    };

    /// Delivers the spikes of step k through the synapses of connection I onto thread t's
    /// targets: they reach the targets' ring buffers for step k + delay. A row's targets
    /// ascend, so thread t's synapses of a row are one stretch of it, and a target receives
    /// its inputs in the same order whatever the number of threads.
    /// `fired` lists the source neurons that spiked in step k (of every process); `batch` is
    /// the place of step k among the steps delivered together.
    template <std::size_t I, class C>
    void deliver(step_t k, std::size_t t, std::span<const std::uint32_t> fired,
                 std::uint64_t batch = 0) {
        using S = typename C::synapse;
        auto& p = std::get<I>(projections_);
        if (fired.empty())
            return;
        auto& inputs = target<C>().inputs();
        // thread t's stretch of row i: [cut[i * (T + 1) + t], cut[i * (T + 1) + t + 1])
        const bool whole_rows = threads_ == 1;
        const std::uint32_t* cut = row_cuts_[I].data() + t;
        const std::size_t stride = threads_ + 1;
        const auto synapses_of = [&p, whole_rows, cut, stride](std::uint32_t i) {
            return whole_rows ? std::pair{p.row[i], p.row[i + 1]}
                              : std::pair{cut[i * stride], cut[i * stride + 1]};
        };
        constexpr bool recorded = !C::recorder.view().empty();
        if constexpr (!plastic_synapse<S> && !recorded) {
            const std::uint32_t* target = p.target.data();
            if (p.delays.empty() && p.weights.empty()) {
                // one slot and one weight for every synapse: a sum into one array
                const auto slot = inputs.spikes_for(k + p.delay);
                double* to = p.weight >= 0 ? slot.ex : slot.in;
                const double w = p.weight;
                for (const auto i : fired) {
                    const auto [first, last] = synapses_of(i);
                    for (auto s = first; s < last; ++s)
                        to[target[s]] += w;
                }
            } else if (p.delays.empty()) {
                const auto slot = inputs.spikes_for(k + p.delay);
                const double* weight = p.weights.data();
                for (const auto i : fired) {
                    const auto [first, last] = synapses_of(i);
                    for (auto s = first; s < last; ++s)
                        slot.add(target[s], weight[s]);
                }
            } else {
                for (const auto i : fired) {
                    const auto [first, last] = synapses_of(i);
                    for (auto s = first; s < last; ++s)
                        inputs.add_spike(k + p.delays[s], target[s], p.weight_of(s));
                }
            }
        } else {
            const double dt = grid_.resolution();
            [[maybe_unused]] spike_archive* archive = &archives_[find(C::to.view())];
            [[maybe_unused]] const auto constants = [&] {
                if constexpr (plastic_synapse<S>)
                    return S::calibrate(p.params, dt);
                else
                    return 0;
            }();
            [[maybe_unused]] bool record = false;
            if constexpr (recorded)
                record = node<C::recorder>().active(k);
            for (std::uint32_t f = 0; f < fired.size(); ++f) {
                const auto i = fired[f];
                const auto [first, last] = synapses_of(i);
                for (auto s = first; s < last; ++s) {
                    const step_t d = p.delay_of(s);
                    double w = p.weight_of(s);
                    if constexpr (plastic_synapse<S>) {
                        auto state = p.state.load(s);
                        auto hidden = p.internal.load(s);
                        w = S::transmit(constants, state, hidden, p.weights[s],
                                        transmission{k, d, dt, archive, p.target[s]});
                        p.state.store(s, state);
                        p.internal.store(s, hidden);
                    }
                    inputs.add_spike(k + d, p.target[s], w);
                    if constexpr (recorded)
                        if (record)
                            weight_rows_[I][t].push_back({batch << 32 | f, k, source_id<C>() + i,
                                                          target_id<C>() + p.target[s], w});
                }
            }
        }
    }

    /// Hands the recorded synapses' spikes just delivered to the weight_recorder in the order
    /// one thread delivers them: by step and spike, then along the row (thread 0's stretch,
    /// thread 1's, ...).
    template <std::size_t I, class C>
    void record_weights() {
        auto& rows = weight_rows_[I];
        auto& recorder = node<C::recorder>();
        std::vector<std::size_t> at(rows.size(), 0);
        for (;;) {
            auto spike = std::numeric_limits<std::uint64_t>::max();
            for (std::size_t t = 0; t < rows.size(); ++t)
                if (at[t] < rows[t].size())
                    spike = std::min(spike, rows[t][at[t]].spike);
            if (spike == std::numeric_limits<std::uint64_t>::max())
                break;
            for (std::size_t t = 0; t < rows.size(); ++t)
                for (; at[t] < rows[t].size() && rows[t][at[t]].spike == spike; ++at[t]) {
                    const auto& r = rows[t][at[t]];
                    recorder.record(r.k, r.sender, r.target, r.weight);
                }
        }
        for (auto& r : rows)
            r.clear();
    }

    /// Step k, the interval ((k-1) dt, k dt], in four phases. Thread t (of threads()) runs the
    /// two parallel phases for its own neurons; one thread runs the two others in between.
    /// One thread runs all four in turn, so every number of threads computes the same sums.
    /// Spikes are delivered at the end of every min-delay interval, as in NEST, and exchanged
    /// between processes there: so every number of processes computes the same sums too.
    void step(step_t k) {
        update_part(k, 0);
        after_update(k);
        deliver_part(k, 0);
        after_delivery(k);
    }

    /// Parallel: stimulators emit into thread t's neurons, which then update.
    void update_part(step_t k, std::size_t t) {
        for_each_connection([&]<std::size_t I>(auto& c) {
            using C = std::remove_cvref_t<decltype(c)>;
            if constexpr (Stimulator<from_t<C>>) {
                auto& pop = target<C>();
                const auto [lo, hi] = local_part(pop.size(), t);
                const step_t arrival = k + delay_steps_[I];
                auto& device = source<C>();
                const node_id first = target_id<C>();
                const double weight = device_weight_[I];
                if constexpr (requires { device.current(k); }) {
                    // the same current for every target (dc_generator)
                    const double amplitude = device.current(k) * weight;
                    if (amplitude != 0.0) {
                        double* slot = pop.inputs().currents_for(arrival);
                        for (std::size_t i = lo; i < hi; ++i)
                            slot[i] += amplitude;
                    }
                } else if constexpr (requires { device.current(k, node_id{}); }) {
                    // a current of its own for each target (noise_generator)
                    double* slot = pop.inputs().currents_for(arrival);
                    for (std::size_t i = lo; i < hi; ++i)
                        slot[i] += device.current(k, first + i) * weight;
                }
                if constexpr (requires { device.spikes(k); }) {
                    // the same spikes for every target (spike_generator)
                    const auto emitted = device.spikes(k);
                    for (const double amount : {emitted.positive, emitted.negative}) {
                        if (amount == 0.0)
                            continue;
                        const double w = amount * weight;
                        for (std::size_t i = lo; i < hi; ++i)
                            pop.inputs().add_spike(arrival, i, w);
                    }
                } else if constexpr (requires(std::span<double> counts) {
                                         device.spikes(k, node_id{}, counts);
                                     }) {
                    // a train of its own for each target, drawn for a block of targets at
                    // once (poisson_generator: the same counts as one at a time)
                    double counts[256];
                    double* to = nullptr;
                    for (std::size_t at = lo; at < hi; at += std::size(counts)) {
                        const std::size_t n = std::min(hi - at, std::size(counts));
                        if (!device.spikes(k, first + at, std::span<double>(counts, n)))
                            continue;
                        if (to == nullptr) {
                            const auto slot = pop.inputs().spikes_for(arrival);
                            to = weight >= 0 ? slot.ex : slot.in; // as add_spike's n * weight
                        }
                        for (std::size_t i = 0; i < n; ++i)
                            to[at + i] += counts[i] * weight;
                    }
                } else if constexpr (requires { device.spikes(k, node_id{}); }) {
                    // a train of its own for each target (poisson_generator)
                    for (std::size_t i = lo; i < hi; ++i) {
                        const double n = device.spikes(k, first + i);
                        if (n != 0.0)
                            pop.inputs().add_spike(arrival, i, n * weight);
                    }
                }
            }
        });
        for_each_node([&]<std::size_t>(auto& n) {
            if constexpr (detail::is_population<std::remove_cvref_t<decltype(n)>>) {
                const auto [lo, hi] = local_part(n.size(), t);
                n.update_part(k, lo, hi, t);
            }
        });
    }

    /// Serial: the step's spikes are listed, archived for plastic synapses and collected;
    /// samplers read the state at the end of the step.
    void after_update(step_t k) {
        for_each_node([&]<std::size_t I>(auto& n) {
            if constexpr (detail::is_population<std::remove_cvref_t<decltype(n)>>) {
                n.finish_step(k);
                if constexpr (archives_spikes<I>)
                    archives_[I].record(k, n.spikes());
            }
        });
        for_each_connection([&]<std::size_t>(auto& c) {
            using C = std::remove_cvref_t<decltype(c)>;
            if constexpr (Collector<to_t<C>>) {
                target<C>().collect(k, source<C>().spikes(), source_id<C>());
            } else if constexpr (Sampler<from_t<C>>) {
                auto& sampler = source<C>();
                if (sampler.due(k)) {
                    if constexpr (is_distributed) {
                        const auto [lo, hi] = part(target<C>().size(), rank_, ranks_);
                        sampler.sample(k, target<C>(), target_id<C>(), lo, hi);
                    } else {
                        sampler.sample(k, target<C>(), target_id<C>());
                    }
                }
            }
        });
        if (slice_ > 0) {
            for_each_node([&]<std::size_t I>(auto& n) {
                if constexpr (sends_spikes<I>) {
                    const auto fired = n.spikes();
                    out_counts_.push_back(static_cast<std::uint32_t>(fired.size()));
                    out_spikes_.insert(out_spikes_.end(), fired.begin(), fired.end());
                }
            });
            if (k % slice_ == 0)
                exchange_spikes(k);
        }
    }

    /// Parallel: the spikes of the last min-delay interval reach thread t's targets, step
    /// after step, at the interval's end (as in NEST: a spike needs at least min-delay steps
    /// to arrive, so none is late). The spikes of every process are known then.
    [[nodiscard]] bool delivers(step_t k) const { return slice_ > 0 && k % slice_ == 0; }
    void deliver_part(step_t k, std::size_t t) {
        if (!delivers(k))
            return;
        for (step_t j = 0; j < slice_; ++j) {
            const step_t kj = k - slice_ + 1 + j;
            for_each_connection([&]<std::size_t I>(auto& c) {
                using C = std::remove_cvref_t<decltype(c)>;
                if constexpr (between_populations<C>)
                    deliver<I, C>(kj, t, received(j, sender_slot[find(C::from.view())]),
                                  static_cast<std::uint64_t>(j));
            });
        }
    }

    /// Serial: the weight_recorders get the recorded spikes just delivered.
    void after_delivery(step_t) {
        for_each_connection([&]<std::size_t I>(auto& c) {
            using C = std::remove_cvref_t<decltype(c)>;
            if constexpr (between_populations<C> && !C::recorder.view().empty())
                record_weights<I, C>();
        });
    }

    // ---- distributed networks: what the processes share ----

    /// True when population I is the source of a connection between populations (its spikes
    /// go to the other processes).
    template <std::size_t I>
    static constexpr bool sends_spikes =
        ((between_populations<Connections> && find(Connections::from.view()) == I) || ...);

    /// Where node I's spike counts stand among the sending populations' (one per step).
    static constexpr std::array<std::size_t, sizeof...(Nodes)> sender_slot = [] {
        std::array<std::size_t, sizeof...(Nodes)> slot{};
        std::size_t next = 0;
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((slot[I] = sends_spikes<I> ? next++ : sizeof...(Nodes)), ...);
        }
        (std::index_sequence_for<Nodes...>{});
        return slot;
    }();
    static constexpr std::size_t senders = [] {
        std::size_t n = 0;
        for (auto s : sender_slot)
            n += s < sizeof...(Nodes);
        return n;
    }();

    /// What a process's words to the others begin with.
    enum message : std::uint32_t { spikes_message = 0x5350494b, agree_message, failed_message };

    /// Gathers every process's words; a process that reports a failure ends the run here.
    void gather(std::span<const std::uint32_t> mine) {
        try {
            transport_.gather(mine, all_, counts_);
        } catch (...) {
            peers_know_ = true; // the transport has failed: no more messages
            transport_failed();
            throw;
        }
        if (counts_.size() != ranks_) {
            peers_know_ = true;
            throw process_error(detail::concat("process ", rank_, ": the exchange returned ",
                                               counts_.size(), " parts for ", ranks_,
                                               " processes"));
        }
        std::size_t at = 0;
        for (std::size_t r = 0; r < ranks_; ++r) {
            if (r != rank_ && counts_[r] > 0 && all_[at] == failed_message) {
                peers_know_ = true;
                transport_failed();
                throw process_error(
                    detail::concat("process ", r,
                                   " stopped with an error (its own message says which), so "
                                   "process ",
                                   rank_, " stops too"));
            }
            at += counts_[r];
        }
    }

    /// Lets the transport know the run is abandoned (MPI then aborts the job at exit rather
    /// than wait for processes that will not answer).
    void transport_failed() {
        if constexpr (requires { transport_.failed(); })
            transport_.failed();
    }

    /// Tells the others whether this process failed, and learns whether any other did.
    void report_state(bool failed) {
        const std::uint32_t word = failed ? failed_message : agree_message;
        if (!failed) {
            gather(std::span(&word, 1));
            return;
        }
        transport_failed();
        try { // this process's own error is the one to report
            if (!peers_know_)
                transport_.gather(std::span(&word, 1), all_, counts_);
        } catch (...) {
        }
        peers_know_ = true;
    }

    /// Checks that every process has the same two numbers as process 0; `message(r, theirs,
    /// zeros)` says what differs.
    template <class Message>
    void agree(std::array<std::uint64_t, 2> mine, Message&& message) {
        std::array<std::uint32_t, 5> words{agree_message};
        for (std::size_t i = 0; i < 2; ++i) {
            words[1 + 2 * i] = static_cast<std::uint32_t>(mine[i]);
            words[2 + 2 * i] = static_cast<std::uint32_t>(mine[i] >> 32);
        }
        gather(words);
        const auto values_of = [&](std::size_t r) {
            std::size_t at = 0;
            for (std::size_t q = 0; q < r; ++q)
                at += counts_[q];
            std::array<std::uint64_t, 2> v{};
            if (counts_[r] != words.size() || all_[at] != agree_message)
                return std::array<std::uint64_t, 2>{~0ull, ~0ull};
            for (std::size_t i = 0; i < 2; ++i)
                v[i] = all_[at + 1 + 2 * i] | std::uint64_t{all_[at + 2 + 2 * i]} << 32;
            return v;
        };
        const auto zeros = values_of(0);
        for (std::size_t r = 1; r < ranks_; ++r)
            if (values_of(r) != zeros) {
                peers_know_ = true; // every process throws the same error here
                transport_failed();
                throw process_error(message(r, values_of(r), zeros));
            }
    }

    /// The min-delay (in steps) of the connections between populations, the same on every
    /// process: the interval between two exchanges of spikes.
    void find_slice() {
        step_t least = max_delay_steps + 1;
        for_each_connection([&]<std::size_t I>(auto& c) {
            using C = std::remove_cvref_t<decltype(c)>;
            if constexpr (between_populations<C>) {
                const auto& p = std::get<I>(projections_);
                if (!p.delays.empty() || c.spec.delay_value().is_constant())
                    least = std::min(least, p.min_delay());
                else if (p.size() > 0) // (drawn delays, all equal on this process)
                    least = std::min(least, p.delay);
            }
        });
        const auto word = static_cast<std::uint32_t>(least);
        const std::array<std::uint32_t, 2> words{agree_message, word};
        gather(words);
        for (std::size_t r = 0, at = 0; r < ranks_; at += counts_[r++])
            least = std::min<step_t>(least, all_[at + 1]);
        slice_ = least > max_delay_steps ? 0 : least;
    }

    /// Sends this process's spikes of the interval just ended and receives everyone's: per
    /// step and sending population, the lists of the processes one after another, so each
    /// list ascends as it does in one process.
    void exchange_spikes(step_t k) {
        const std::size_t steps = static_cast<std::size_t>(slice_);
        if (out_counts_.size() != steps * senders)
            throw process_error(detail::concat("process ", rank_, ": ", out_counts_.size(),
                                               " spike counts to send where the interval has ",
                                               steps * senders, " (an internal error)"));
        // (sized first: g++ 12 -O3 warns falsely of bounds on push_back then insert)
        words_.resize(1 + out_counts_.size() + out_spikes_.size());
        words_[0] = spikes_message;
        const auto spikes_at =
            std::copy(out_counts_.begin(), out_counts_.end(), words_.begin() + 1);
        std::copy(out_spikes_.begin(), out_spikes_.end(), spikes_at);
        out_counts_.clear();
        out_spikes_.clear();
        gather(words_);
        ++exchanges_;
        const std::size_t lists = steps * senders;
        in_first_.assign(lists + 1, 0);
        auto& head = head_; // (kept between exchanges: nothing allocated per interval)
        auto& cursor = cursor_;
        head.resize(ranks_);
        cursor.resize(ranks_);
        for (std::size_t r = 0, at = 0; r < ranks_; at += counts_[r++]) {
            if (counts_[r] < 1 + lists || all_[at] != spikes_message)
                throw process_error(detail::concat("process ", r,
                                                   " sent no spikes for the "
                                                   "interval ending at step ",
                                                   k, " (its network differs)"));
            head[r] = at + 1;
            cursor[r] = at + 1 + lists;
            for (std::size_t l = 0; l < lists; ++l)
                in_first_[l + 1] += all_[head[r] + l];
        }
        for (std::size_t l = 0; l < lists; ++l)
            in_first_[l + 1] += in_first_[l];
        in_spikes_.resize(in_first_[lists]);
        for (std::size_t l = 0; l < lists; ++l) {
            auto* to = in_spikes_.data() + in_first_[l];
            for (std::size_t r = 0; r < ranks_; ++r) {
                const std::size_t n = all_[head[r] + l];
                std::copy_n(all_.data() + cursor[r], n, to);
                to += n;
                cursor[r] += n;
            }
        }
    }

    /// The spikes of sending population `slot` in step j of the interval just exchanged.
    [[nodiscard]] std::span<const std::uint32_t> received(step_t j, std::size_t slot) const {
        const auto l = static_cast<std::size_t>(j) * senders + slot;
        return {in_spikes_.data() + in_first_[l], in_first_[l + 1] - in_first_[l]};
    }

    /// A fingerprint of what every process must build alike.
    [[nodiscard]] std::uint64_t description_hash() const {
        std::uint64_t h = 14695981039346656037ull; // FNV-1a (Fowler, Noll, Vo)
        const auto mix = [&](std::string_view bytes) {
            for (const char c : bytes) {
                h ^= static_cast<unsigned char>(c);
                h *= 1099511628211ull;
            }
            h ^= 0xff; // ends a field
            h *= 1099511628211ull;
        };
        const auto number = [&](auto x) {
            const auto v = static_cast<std::uint64_t>(x);
            mix(std::string_view(reinterpret_cast<const char*>(&v), sizeof v));
        };
        const auto real = [&](double x) {
            mix(std::string_view(reinterpret_cast<const char*>(&x), sizeof x));
        };
        real(grid_.resolution());
        number(rng_seed_);
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (
                [&] {
                    mix(names[I]);
                    const auto& n = std::get<I>(nodes_).value;
                    if constexpr (detail::is_population<std::remove_cvref_t<decltype(n)>>) {
                        mix(std::remove_cvref_t<decltype(n)>::model::name);
                        number(n.size());
                    }
                }(),
                ...);
        }
        (std::index_sequence_for<Nodes...>{});
        std::apply(
            [&](const auto&... c) {
                (
                    [&] {
                        mix(c.from.view());
                        mix(c.to.view());
                        number(c.spec.rule.index());
                        std::visit(
                            [&]<class R>(const R& r) {
                                if constexpr (requires { r.indegree; })
                                    number(r.indegree);
                                if constexpr (requires { r.outdegree; })
                                    number(r.outdegree);
                                if constexpr (requires { r.N; })
                                    number(r.N);
                                if constexpr (requires { r.p; })
                                    real(r.p);
                                if constexpr (requires { r.allow_autapses; })
                                    number(r.allow_autapses);
                                if constexpr (requires { r.allow_multapses; })
                                    number(r.allow_multapses);
                            },
                            c.spec.rule);
                        for (const auto& v : {c.spec.weight_value(), c.spec.delay_value()}) {
                            number(v.is_constant() * 1 + v.is_array() * 2);
                            if (v.is_constant())
                                real(v.constant());
                            else if (v.is_array())
                                number(v.array().size());
                        }
                    }(),
                    ...);
            },
            connections_);
        return h;
    }

    /// Steps first..last: in this thread, or on threads() threads that meet at a barrier after
    /// each parallel phase (the barrier's completion runs the serial phase). An error in any
    /// thread stops all of them at the next barrier and is rethrown here.
    void advance(step_t first, step_t last) {
        if (threads_ == 1) {
            for (step_t k = first; k <= last; ++k)
                step(k);
            return;
        }
        std::mutex error_mutex;
        std::exception_ptr error;
        std::atomic<bool> failed{false};
        const auto note_error = [&] {
            const std::lock_guard lock(error_mutex);
            if (!error)
                error = std::current_exception();
            failed.store(true);
        };
        step_t k_serial = first;
        bool after_update_next = true;
        bool stop = false; // written by the completion only, read after the barrier
        // a step that ends no min-delay interval delivers nothing: no second barrier then
        const auto serial = [&]() noexcept {
            try {
                if (!failed.load()) {
                    if (!after_update_next) {
                        after_delivery(k_serial++);
                        after_update_next = true;
                    } else {
                        after_update(k_serial);
                        if (delivers(k_serial))
                            after_update_next = false;
                        else
                            after_delivery(k_serial++);
                    }
                }
            } catch (...) {
                note_error();
            }
            stop = failed.load();
        };
        // spin at the barrier (up to 100 us, what a step of a small network may wait for the
        // slowest thread; less where waits end in sleep) only where every thread can have a
        // core of its own
        using namespace std::chrono_literals;
        const bool own_cores = threads_ <= std::thread::hardware_concurrency();
        detail::step_barrier sync(static_cast<std::ptrdiff_t>(threads_), serial,
                                  own_cores ? std::chrono::nanoseconds(100us) : 0ns);
        const auto work = [&](std::size_t t) {
            for (step_t k = first; k <= last; ++k) {
                try {
                    update_part(k, t);
                } catch (...) {
                    note_error();
                }
                sync.arrive_and_wait();
                if (stop)
                    return;
                if (!delivers(k))
                    continue;
                try {
                    deliver_part(k, t);
                } catch (...) {
                    note_error();
                }
                sync.arrive_and_wait();
                if (stop)
                    return;
            }
        };
        {
            std::vector<std::jthread> workers;
            workers.reserve(threads_ - 1);
            for (std::size_t t = 1; t < threads_; ++t) {
                try {
                    workers.emplace_back(work, t);
                } catch (...) { // no thread: the barrier stops waiting for it, and all stop
                    note_error();
                    sync.arrive_and_drop();
                }
            }
            work(0);
        } // the workers join here
        if (error)
            std::rethrow_exception(error);
    }

    void take_snapshot() {
        snapshot_.emplace();
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((save_node<I>()), ...);
        }
        (std::index_sequence_for<Nodes...>{});
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((save_synapses<I>()), ...);
        }
        (std::index_sequence_for<Connections...>{});
    }

    /// Plastic synapses change as the network runs; reset() puts them back.
    template <std::size_t I>
    void save_synapses() {
        if constexpr (!std::is_same_v<synapse_snapshot_t<I>, std::monostate>)
            std::get<I>(synapse_snapshot_) = std::get<I>(projections_);
    }
    template <std::size_t I>
    void restore_synapses() {
        if constexpr (!std::is_same_v<synapse_snapshot_t<I>, std::monostate>)
            std::get<I>(projections_) = std::get<I>(synapse_snapshot_);
    }

    template <std::size_t I>
    void save_node() {
        if constexpr (detail::is_population<node_t<I>>)
            std::get<I>(*snapshot_) = std::get<I>(nodes_).value.save();
    }
    template <std::size_t I>
    void restore_node() {
        if constexpr (detail::is_population<node_t<I>>)
            std::get<I>(nodes_).value.restore(std::get<I>(*snapshot_));
    }

    template <class T>
    struct snapshot_of {
        using type = std::monostate;
    };
    template <class M>
    struct snapshot_of<population<M>> {
        using type = typename population<M>::snapshot;
    };

    time_grid grid_;
    std::uint32_t rng_seed_;
    std::ostream* progress_out_;
    std::tuple<Nodes...> nodes_;
    std::tuple<Connections...> connections_;
    std::array<node_id, sizeof...(Nodes)> first_id_{};
    template <std::size_t I>
    using connection_t = std::tuple_element_t<I, std::tuple<Connections...>>;
    template <class C>
    using plastic_projection_t =
        std::conditional_t<between_populations<C> && plastic_synapse<typename C::synapse>,
                           projection_t<C>, std::monostate>;
    template <std::size_t I>
    using synapse_snapshot_t = plastic_projection_t<connection_t<I>>;

    std::array<step_t, sizeof...(Connections)> delay_steps_{};
    std::array<double, sizeof...(Connections)> device_weight_{};
    std::tuple<projection_t<Connections>...> projections_;
    std::tuple<plastic_projection_t<Connections>...> synapse_snapshot_;
    std::array<spike_archive, sizeof...(Nodes)> archives_;
    std::array<std::vector<std::vector<weight_row>>, sizeof...(Connections)> weight_rows_;
    std::array<std::vector<std::uint32_t>, sizeof...(Connections)> row_cuts_; // see cut_rows
    std::size_t threads_ = 1;
    std::optional<std::tuple<typename snapshot_of<typename Nodes::type>::type...>> snapshot_;
    step_t now_ = 0;

    // distributed: this process's rank of ranks_, the transport, the interval between two
    // exchanges, the spikes of the interval so far (counts per step and sender, then the
    // neurons), and the spikes of every process received at its end
    Transport transport_;
    std::size_t rank_ = 0, ranks_ = 1;
    step_t slice_ = 0;
    std::size_t exchanges_ = 0;
    bool peers_know_ = false; // the others know the run is abandoned
    std::vector<std::uint32_t> out_counts_, out_spikes_, words_, all_, in_spikes_;
    std::vector<std::size_t> counts_, in_first_, head_, cursor_;
};

namespace detail {
template <class T>
auto nodes_of(T&& x) {
    if constexpr (is_named_node<std::remove_cvref_t<T>>)
        return std::tuple<std::remove_cvref_t<T>>(std::forward<T>(x));
    else
        return std::tuple<>();
}
template <class T>
auto connections_of(T&& x) {
    if constexpr (is_connection<std::remove_cvref_t<T>>)
        return std::tuple<std::remove_cvref_t<T>>(std::forward<T>(x));
    else
        return std::tuple<>();
}
} // namespace detail

/// Builds a network from nodes and connections in any order, optionally preceded by the
/// kernel settings: network(kernel{.resolution = 0.1}, node<...>(...), connect<...>()).
template <class... Args>
[[nodiscard]] auto network(kernel k, Args&&... args) {
    static_assert(((detail::is_named_node<std::remove_cvref_t<Args>> ||
                    detail::is_connection<std::remove_cvref_t<Args>>)&&...),
                  "network(...) takes node<\"name\">(...) and connect<\"from\", \"to\">() "
                  "arguments only (and kernel{...} first)");
    auto nodes = std::tuple_cat(detail::nodes_of(std::forward<Args>(args))...);
    auto connections = std::tuple_cat(detail::connections_of(std::forward<Args>(args))...);
    return network_type<decltype(nodes), decltype(connections)>(k, std::move(nodes),
                                                                std::move(connections));
}

/// Builds this process's part of a distributed network: network(distributed{...}, ...) with
/// the same nodes and connections on every process (axon/mpi.hpp: axon::mpi::world()).
template <Exchange E, class... Args>
[[nodiscard]] auto network(distributed<E> d, Args&&... args) {
    static_assert(((detail::is_named_node<std::remove_cvref_t<Args>> ||
                    detail::is_connection<std::remove_cvref_t<Args>>)&&...),
                  "network(...) takes node<\"name\">(...) and connect<\"from\", \"to\">() "
                  "arguments only (and kernel{...} or distributed{...} first)");
    auto nodes = std::tuple_cat(detail::nodes_of(std::forward<Args>(args))...);
    auto connections = std::tuple_cat(detail::connections_of(std::forward<Args>(args))...);
    return network_type<decltype(nodes), decltype(connections), E>(
        d.settings, std::move(nodes), std::move(connections), std::move(d.exchange));
}

namespace detail {
template <class T>
inline constexpr bool is_settings = std::is_same_v<T, kernel>;
template <class E>
inline constexpr bool is_settings<distributed<E>> = true;
} // namespace detail

template <class... Args>
requires(
    !detail::is_settings<std::remove_cvref_t<std::tuple_element_t<0, std::tuple<Args..., int>>>>)
    [[nodiscard]] auto network(Args&&... args) {
    return network(kernel{}, std::forward<Args>(args)...);
}

} // namespace axon
