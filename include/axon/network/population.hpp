// A population: N neurons of one model with shared parameters, state kept structure-of-
// arrays, per-neuron input ring buffers indexed by arrival step, and one update loop.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "axon/core/aligned.hpp"
#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/soa.hpp"
#include "axon/core/time.hpp"
#include "axon/core/value.hpp"

// Marks a loop whose iterations are independent, for models that declare
// `static constexpr bool vectorizable = true` (straight-line updates; not adaptive solvers).
// Without it neither compiler vectorizes the update loop of iaf_psc_alpha: it reads and writes
// 8-11 arrays, more than either will check for overlap at run time (clang: "cannot prove it is
// safe to reorder memory operations"). clang reports a loop so marked that it cannot vectorize
// with -Wpass-failed, at the loop or at the function the loop was inlined into (with -O2 and
// -O3, for iaf_cond_alpha on fixed steps): class population silences that warning for itself
// (AXON_SILENCE_PASS_FAILED), since a model may declare vectorizable and still not vectorize
// under some flags.
#if defined(__clang__)
#define AXON_INDEPENDENT_ITERATIONS _Pragma("clang loop vectorize(assume_safety)")
#define AXON_SILENCE_PASS_FAILED_BEGIN                                                             \
    _Pragma("clang diagnostic push") _Pragma("clang diagnostic ignored \"-Wpass-failed\"")
#define AXON_SILENCE_PASS_FAILED_END _Pragma("clang diagnostic pop")
#elif defined(__GNUC__)
#define AXON_INDEPENDENT_ITERATIONS _Pragma("GCC ivdep")
#define AXON_SILENCE_PASS_FAILED_BEGIN
#define AXON_SILENCE_PASS_FAILED_END
#else
#define AXON_INDEPENDENT_ITERATIONS
#define AXON_SILENCE_PASS_FAILED_BEGIN
#define AXON_SILENCE_PASS_FAILED_END
#endif

namespace axon {

namespace detail {
/// The variant of a model without variants (see population::update_loop).
struct ignore_variant {
    template <class V>
    void operator()(V) const {}
};
} // namespace detail

/// Input arriving at the neurons of a population, one slot per step of the largest delay:
/// slot (k mod slots) holds what arrives in step k. Channels are kept apart so the update
/// loop reads contiguous arrays, and a slot nobody wrote to is not read at all.
class input_ring {
public:
    void resize(std::size_t neurons, std::size_t slots) {
        n_ = neurons;
        slots_ = std::max<std::size_t>(slots, 1);
        for (auto* c : {&ex_, &in_, &current_})
            c->assign(n_ * slots_, 0.0);
        spikes_written_.assign(slots_, 0);
        currents_written_.assign(slots_, 0);
    }

    [[nodiscard]] bool shaped(std::size_t neurons, std::size_t slots) const {
        return n_ == neurons && slots_ == slots && ex_.size() == n_ * slots_;
    }

    /// Adds a synaptic weight for neuron i arriving in step k (the sign picks the channel).
    void add_spike(step_t k, std::size_t i, double w) {
        (w >= 0 ? ex_ : in_)[offset(k) + i] += w;
        mark(spikes_written_, k);
    }

    /// The excitatory and inhibitory slots of step k, for adding many spikes (marks the slot
    /// as written once, instead of per spike).
    struct spike_slot {
        double* ex;
        double* in;
        void add(std::size_t i, double w) const { (w >= 0 ? ex : in)[i] += w; }
    };
    [[nodiscard]] spike_slot spikes_for(step_t k) {
        mark(spikes_written_, k);
        return {ex_.data() + offset(k), in_.data() + offset(k)};
    }

    /// The currents arriving in step k, for writing (marks the slot as written).
    [[nodiscard]] double* currents_for(step_t k) {
        mark(currents_written_, k);
        return current_.data() + offset(k);
    }

    /// True when anything arrives in step k.
    [[nodiscard]] bool written(step_t k) const {
        return spikes_written_[index(k)] != 0 || currents_written_[index(k)] != 0;
    }
    /// True when a current arrives in step k (most networks have spikes only: their update
    /// loop neither reads nor clears the current channel).
    [[nodiscard]] bool currents_written(step_t k) const { return currents_written_[index(k)] != 0; }

    /// The slot of step k, for reading: excitatory, inhibitory, current.
    [[nodiscard]] double* ex(step_t k) { return ex_.data() + offset(k); }
    [[nodiscard]] double* in(step_t k) { return in_.data() + offset(k); }
    [[nodiscard]] double* current(step_t k) { return current_.data() + offset(k); }
    /// Marks the slot of step k as read and zeroed.
    void consumed(step_t k) {
        spikes_written_[index(k)] = 0;
        currents_written_[index(k)] = 0;
    }

    void clear() {
        for (auto* c : {&ex_, &in_, &current_})
            std::fill(c->begin(), c->end(), 0.0);
        std::fill(spikes_written_.begin(), spikes_written_.end(), 0);
        std::fill(currents_written_.begin(), currents_written_.end(), 0);
    }

private:
    /// Slot k holds input. Threads delivering to their own neurons may mark one slot at once:
    /// an atomic store of the same value (relaxed: the step's barrier orders it before reads).
    void mark(std::vector<std::uint8_t>& flags, step_t k) {
        std::atomic_ref<std::uint8_t>(flags[index(k)]).store(1, std::memory_order_relaxed);
    }
    [[nodiscard]] std::size_t index(step_t k) const {
        return static_cast<std::size_t>(k % static_cast<step_t>(slots_));
    }
    [[nodiscard]] std::size_t offset(step_t k) const { return index(k) * n_; }

    aligned_vector<double> ex_, in_, current_;
    std::vector<std::uint8_t> spikes_written_, currents_written_; // per slot
    std::size_t n_ = 0, slots_ = 1;
};

/// True when M declares `static constexpr bool vectorizable = true`: its update is straight-line
/// arithmetic, and the population loop may be marked for vectorization.
template <class M>
inline constexpr bool vectorizable = requires {
    requires M::vectorizable;
};

/// The hidden field in which M keeps the stimulus current that arrived in the previous step,
/// when M names it (`static constexpr std::string_view held_current = "I_stim";`, the LIF
/// family): its update sets that field to `in.current` and reads it nowhere but in the next
/// step. Most networks send no currents (no dc_generator or noise_generator), so the field
/// holds zeros step after step: while it does, the population's update loop does not write
/// that column back (8 bytes per neuron-step, and one 512-bit store per 8 neurons, of
/// iaf_psc_alpha's 105 bytes). Without the name: reflect::field_count<internal_t<M>>.
template <class M>
inline constexpr std::size_t held_current_field = [] {
    using internal = internal_t<M>;
    if constexpr (requires { M::held_current; }) {
        constexpr std::size_t i = soa<internal>::index_of(M::held_current);
        static_assert(i < reflect::field_count<internal>,
                      "held_current must name a field of the model's internal struct");
        return i;
    } else {
        return reflect::field_count<internal>;
    }
}();

/// The neurons of one update, as a model's batched update sees them (`update_many` below):
/// neuron j of size() is loaded, its input of the step read (and cleared) once, and its new
/// state stored with whether it fired. A model that advances several neurons at once (eight
/// lanes of an ODE solver, hh_psc_alpha) declares
///   template <class Neurons> static void update_many(const constants&, Neurons& neurons);
/// and must do for each neuron what its per-neuron update does: the population then calls it
/// once per step and range of neurons instead of update per neuron. The state and hidden
/// state are columns (soa::view, from the block's first neuron on): such a model may also
/// read a field of several consecutive neurons at once (state_column, internal_column).
template <class State, class Internal, class Input, class Fired>
class neuron_block {
public:
    using state_view = typename soa<State>::view;
    using internal_view = typename soa<Internal>::view;

    neuron_block(std::size_t n, state_view states, internal_view internals, Input input,
                 Fired fired)
        : n_(n)
        , states_(states)
        , internals_(internals)
        , input_(input)
        , fired_(fired) {}

    [[nodiscard]] std::size_t size() const { return n_; }
    void load(std::size_t j, State& s, Internal& x) const {
        s = states_.load(j);
        x = internals_.load(j);
    }
    [[nodiscard]] synaptic_input input(std::size_t j) const { return input_(j); }
    void store(std::size_t j, const State& s, const Internal& x, bool spiked) const {
        states_.store(j, s);
        internals_.store(j, x);
        fired_(j, spiked);
    }
    /// Field Name of the block's neurons: element j is neuron j's.
    template <fixed_string Name>
    [[nodiscard]] auto* state_column() const {
        return states_.template column<Name>();
    }
    template <fixed_string Name>
    [[nodiscard]] auto* internal_column() const {
        return internals_.template column<Name>();
    }

private:
    std::size_t n_;
    state_view states_;
    internal_view internals_;
    Input input_;
    Fired fired_;
};

template <class StateView, class InternalView, class Input, class Fired>
neuron_block(std::size_t, StateView, InternalView, Input, Fired)
    -> neuron_block<typename StateView::record, typename InternalView::record, Input, Fired>;

/// True when M advances a range of neurons at once (see neuron_block).
template <class M>
inline constexpr bool updates_many =
    requires(const constants_t<M>& k,
             neuron_block<typename M::state, internal_t<M>, synaptic_input (*)(std::size_t),
                          void (*)(std::size_t, bool)>& neurons) {
    M::update_many(k, neurons);
};

/// N neurons of model M. Parameters are shared; state is per neuron.
// clang reports a marked loop that it cannot vectorize where the loop was inlined (update_part,
// flat_loop), so the whole class is the silenced region.
AXON_SILENCE_PASS_FAILED_BEGIN
template <NeuronModel M>
class population {
public:
    using model = M;
    using parameters = typename M::parameters;
    using state = typename M::state;
    using internal = internal_t<M>;
    static constexpr node_kind kind = node_kind::population;

    explicit population(std::size_t n, const parameters& p = {}, const state& initial = {})
        : params_(checked(p))
        , state_(n, initial)
        , internal_(n, internal{})
        , spiked_(n, 0)
        , parts_(1) {}

    [[nodiscard]] std::size_t size() const { return state_.size(); }
    [[nodiscard]] const parameters& params() const { return params_; }

    // ---- the tutorial's get/set, derived from the reflected parameters and state ----

    /// Every parameter and state variable. A state variable is a number for a population
    /// of one neuron and a list (one entry per neuron) otherwise, as NEST's get.
    [[nodiscard]] dictionary get() const {
        dictionary d;
        reflect::to_dictionary(params_, d);
        d.insert_or_assign("tau_minus", value(tau_minus_));
        state_values(d);
        return d;
    }

    /// Time constant (ms) of the postsynaptic trace that plastic synapses onto these neurons
    /// read (stdp_synapse's K-); a neuron parameter, as in NEST ("tau_minus", default 20 ms).
    [[nodiscard]] double tau_minus() const { return tau_minus_; }

    /// One parameter or state variable.
    [[nodiscard]] value get(std::string_view name) const {
        auto d = get();
        if (auto it = d.find(name); it != d.end())
            return it->second;
        throw unknown(name);
    }

    /// Several, as a dictionary.
    [[nodiscard]] dictionary get(std::initializer_list<std::string_view> names) const {
        const auto all = get();
        dictionary d;
        for (auto name : names) {
            auto it = all.find(name);
            if (it == all.end())
                throw unknown(name);
            d.insert(*it);
        }
        return d;
    }

    /// Sets one parameter or state variable (a state variable on every neuron).
    void set(std::string_view name, const value& v) { set(dictionary{{std::string(name), v}}); }

    /// Sets several at once: either all of them take effect or, on an error, none does.
    void set(const dictionary& changes) {
        parameters p = params_;
        double tau_minus = tau_minus_;
        state s = state_.size() ? state_.load(0) : state{};
        std::vector<std::string_view> state_names;
        for (const auto& [name, v] : changes) {
            if (reflect::assign_field(p, name, v, M::name))
                continue;
            if (name == "tau_minus") {
                tau_minus = v.template as<double>(detail::concat(M::name, ": tau_minus"));
                require(tau_minus > 0.0, M::name, "tau_minus", tau_minus, "it must be > 0");
                continue;
            }
            if (reflect::assign_field(s, name, v, M::name)) {
                state_names.push_back(name);
                continue;
            }
            throw unknown(name);
        }
        validate(p);
        if (!state_names.empty())
            validate_state(s);
        params_ = p;
        tau_minus_ = tau_minus;
        for (auto name : state_names)
            set_state_column(name, s);
    }

    /// Sets a state variable of neuron i only (0-based within the population).
    void set_state(std::size_t i, std::string_view name, const value& v) {
        if (i >= size()) {
            throw value_error(detail::concat(M::name, ": neuron index ", i,
                                             " is out of range; the population has ", size(),
                                             " neurons"));
        }
        state s = state_.load(i);
        if (!reflect::assign_field(s, name, v, M::name))
            throw unknown(name);
        validate_state(s);
        state_.store(i, s);
    }

    // ---- used by the network and the devices ----

    [[nodiscard]] const soa<state>& states() const { return state_; }
    [[nodiscard]] input_ring& inputs() { return inputs_; }

    /// Recomputes the constants of the update from the parameters and dt, and sizes the
    /// input buffers for the largest delay (in steps) of any incoming connection.
    void calibrate(const time_grid& grid, step_t max_delay) {
        constants_ = M::calibrate(params_, grid.resolution());
        const auto slots = static_cast<std::size_t>(max_delay) + 1;
        if (!inputs_.shaped(size(), slots)) {
            inputs_.resize(size(), slots);
            spiked_.assign(size(), 0);
        }
    }

    /// Advances every neuron by step k; afterwards spikes() lists who fired.
    void update(step_t k) {
        update_part(k, 0, size(), 0);
        finish_step(k);
    }

    /// Threads update a population in parts: part t of threads() is a range of neurons.
    void set_threads(std::size_t threads) { parts_.resize(std::max<std::size_t>(threads, 1)); }
    [[nodiscard]] std::size_t threads() const { return parts_.size(); }

    /// Updates neurons [lo, hi) by step k and notes which fired as part `part`. Parts touch
    /// disjoint neurons, so threads may update theirs at once; finish_step follows.
    void update_part(step_t k, std::size_t lo, std::size_t hi, std::size_t part) {
        // The first two loops do not store a model's held current (held_current_field), so
        // they run only while it holds zeros; in the step after a current stopped, the third
        // loop reads the (zero) current slots and clears it.
        if (!inputs_.written(k) && held_current_zero_)
            update_loop<arrivals::none>(k, lo, hi); // no input array is touched
        else if (!inputs_.currents_written(k) && held_current_zero_)
            update_loop<arrivals::spikes>(k, lo, hi); // nor the current channel
        else
            update_loop<arrivals::all>(k, lo, hi);
        collect_spikes(lo, hi, parts_[part]);
    }

    /// Once every part was updated: the step's input is consumed and spikes() lists who
    /// fired, ascending (the parts in order), whatever the number of parts.
    void finish_step(step_t k) {
        // every neuron's held current is now what arrived in step k: zero unless a current did
        held_current_zero_ = !inputs_.currents_written(k);
        if (inputs_.written(k))
            inputs_.consumed(k);
        if (parts_.size() == 1) {
            spikes_.swap(parts_[0]);
            return;
        }
        spikes_.clear();
        for (const auto& part : parts_)
            spikes_.insert(spikes_.end(), part.begin(), part.end());
    }

    /// Indices (within the population) of the neurons that fired in the last update.
    [[nodiscard]] std::span<const std::uint32_t> spikes() const { return spikes_; }

    /// Snapshot and restore of the dynamic state, for reset().
    struct snapshot {
        soa<state> s;
        soa<internal> x;
    };
    [[nodiscard]] snapshot save() const { return {state_, internal_}; }
    void restore(const snapshot& snap) {
        state_ = snap.s;
        internal_ = snap.x;
        held_current_zero_ = false; // the next step clears it (through the slots, which are zero)
        inputs_.clear();
        spikes_.clear();
        for (auto& part : parts_)
            part.clear();
    }

private:
    /// What arrives in a step: nothing, spikes only, or spikes and currents.
    enum class arrivals { none, spikes, all };

    template <arrivals WithInput>
    void update_loop(step_t k, std::size_t lo, std::size_t hi) {
        // A model with a run-time choice that is the same for every neuron (izhikevich's
        // consistent_integration) names it through with_variant, and gets one loop per choice.
        if constexpr (requires { M::with_variant(constants_, detail::ignore_variant{}); })
            M::with_variant(constants_,
                            [&](auto variant) { update_loop<WithInput>(k, lo, hi, variant); });
        else
            update_loop<WithInput>(k, lo, hi, detail::ignore_variant{});
    }

    template <arrivals WithInput, class Variant>
    void update_loop(step_t k, std::size_t lo, std::size_t hi, Variant variant) {
        if constexpr (vectorizable<M>)
            flat_loop<WithInput>(k, lo, hi, variant);
        else
            loop<WithInput>(k, lo, hi, variant);
    }

    /// The loop of a vectorizable model with everything it calls inlined: it vectorizes only
    /// so, and g++ otherwise decides by the size of the whole translation unit (its
    /// inline-unit-growth limit), which left izhikevich's update out of line, and its loop
    /// scalar, in a program that merely timed a few models more.
    template <arrivals WithInput, class Variant>
    [[gnu::flatten]] void flat_loop(step_t k, std::size_t lo, std::size_t hi, Variant variant) {
        loop<WithInput>(k, lo, hi, variant);
    }

    template <arrivals WithInput, class Variant>
    void loop(step_t k, std::size_t lo, std::size_t hi, Variant variant) {
        double* ex = inputs_.ex(k);
        double* in = inputs_.in(k);
        double* cur = inputs_.current(k);
        spike_flag* fired = spiked_.data();
        // The flag is written as a choice between two values, and the 1 is hidden from the
        // optimizer: g++ 12 without AVX (plain -O3 on x86-64) cannot turn a comparison of
        // doubles into a 4-byte `spike ? 1 : 0` in a vector loop (its report: "relevant stmt
        // not supported"), but can when the values are variables, as for the refractory
        // counter. iaf_psc_alpha's and iaf_psc_exp's loops then vectorize there too: 3.3 ->
        // 2.5 ns per neuron-step (bench/README.md, "Vectorization of the update loop").
        const spike_flag yes = [] {
            spike_flag one = 1;
#if defined(__GNUC__) && !defined(__clang__) // clang++ vectorizes `spike ? 1 : 0` as it is
            asm("" : "+r"(one));
#endif
            return one;
        }();
        const auto c = constants_; // a local copy: stores to state cannot alias it
        const auto states = state_.kernel_view();
        const auto internals = internal_.kernel_view();
        // Without a current arriving, the held current is zero before and after the step (see
        // update_part): it is not stored (the model writes in.current, zero, over a zero). It
        // is still loaded (a buffer of zeros in the L1 cache instead was measured no faster): a
        // model that knew it for a zero would have its I_stim + I_e hoisted out of the loop, and
        // g++ would then no longer fuse the product with the sum it enters (an FMA in the loop
        // under -march=native), which changes the last bit of V_m.
        constexpr std::size_t held = held_current_field<M>;
        constexpr bool held_stays_zero = WithInput != arrivals::all && held < internal_fields;
        const auto hidden = [&] {
            if constexpr (held_stays_zero)
                return internal_columns();
            else
                return 0; // unused
        }();
        const auto input_of = [&](std::size_t i) {
            synaptic_input input{};
            if constexpr (WithInput == arrivals::spikes) {
                input = {ex[i], in[i], 0.0};
                ex[i] = 0.0;
                in[i] = 0.0;
            } else if constexpr (WithInput == arrivals::all) {
                input = {ex[i], in[i], cur[i]};
                ex[i] = 0.0;
                in[i] = 0.0;
                cur[i] = 0.0;
            }
            return input;
        };
        if constexpr (updates_many<M>) {
            static_assert(!held_stays_zero, "a model with update_many does not name held_current");
            neuron_block neurons(
                hi - lo, states.from(lo), internals.from(lo),
                [&](std::size_t j) { return input_of(lo + j); },
                [fired = fired + lo](std::size_t j, bool spiked) { fired[j] = spiked; });
            M::update_many(c, neurons);
            return;
        }
        // always inlined: clang++ 14 flattens only the calls flat_loop makes itself, and left
        // this one out of line, the loop scalar, for basic_hh_psc_alpha<exponential_euler>
        const auto one = [&](std::size_t i) __attribute__((always_inline)) {
            state s = states.load(i);
            internal x = internals.load(i);
            const synaptic_input input = input_of(i);
            bool spiked;
            if constexpr (!std::is_same_v<Variant, detail::ignore_variant>)
                spiked = M::update(c, s, x, input, variant);
            else if constexpr (requires { M::update(c, s, x, input); })
                spiked = M::update(c, s, x, input);
            else
                spiked = M::update(c, s, input);
            fired[i] = spiked ? yes : spike_flag{0};
            states.store(i, s);
            if constexpr (held_stays_zero)
                store_internal_except<held>(hidden, i, x);
            else
                internals.store(i, x);
        };
        if constexpr (vectorizable<M>) {
            // Neurons are independent within a step and every array is its own allocation, so
            // the loop carries no dependence: say so instead of checking 11 pointers.
            AXON_INDEPENDENT_ITERATIONS
            for (std::size_t i = lo; i < hi; ++i)
                one(i);
        } else {
            for (std::size_t i = lo; i < hi; ++i)
                one(i);
        }
    }

    /// The update loop's record of who fired, one per neuron. For a state in double precision
    /// four bytes, not one: g++ sizes the vectors of a loop by its narrowest type, and a byte
    /// flag among doubles had it work on 64 neurons at a time (eight 512-bit vectors per
    /// double), more than the registers hold, so it spilled; beside the int32 refractory
    /// counters a 4-byte flag makes it 16. For single precision one byte measured faster
    /// (bench/README.md, "iaf_psc_alpha at 1 ns per neuron-step").
    using spike_flag =
        std::conditional_t<(sizeof(state) >= sizeof(double) * reflect::field_count<state>),
                           std::uint32_t, std::uint8_t>;
    static constexpr std::size_t internal_fields = reflect::field_count<internal>;

    /// Field I of a hidden-state value.
    template <std::size_t I>
    static auto& internal_member(internal& x) {
        return boost::hana::second(boost::hana::at_c<I>(boost::hana::accessors<internal>()))(x);
    }

    /// Pointers to the columns of the hidden state, for the update loop.
    [[nodiscard]] auto internal_columns() {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return std::tuple(internal_.template column_at<I>().data()...);
        }
        (std::make_index_sequence<internal_fields>{});
    }

    /// Writes x into record i of the hidden state, every field but Skip.
    template <std::size_t Skip, class Columns>
    static void store_internal_except(const Columns& columns, std::size_t i, internal& x) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (
                [&] {
                    if constexpr (I != Skip)
                        std::get<I>(columns)[i] = internal_member<I>(x);
                }(),
                ...);
        }
        (std::make_index_sequence<internal_fields>{});
    }

    /// Lists the neurons whose flag is set. Spikes are rare (at 16 Hz and dt = 0.1 ms, one
    /// neuron-step in 600), so the flags are tested a block at a time, 64 bytes (a loop that g++
    /// vectorizes: one load and test), and only a block with a spike is looked into.
    void collect_spikes(std::size_t lo, std::size_t hi, std::vector<std::uint32_t>& out) {
        out.clear();
        const spike_flag* fired = spiked_.data();
        constexpr std::size_t block = 64 / sizeof(spike_flag);
        std::size_t i = lo;
        for (; i + block <= hi; i += block) {
            spike_flag any = 0;
            for (std::size_t j = i; j < i + block; ++j)
                any |= fired[j];
            if (any == 0)
                continue;
            for (std::size_t j = i; j < i + block; ++j)
                if (fired[j])
                    out.push_back(static_cast<std::uint32_t>(j));
        }
        for (; i < hi; ++i)
            if (fired[i])
                out.push_back(static_cast<std::uint32_t>(i));
    }

    static void validate(const parameters& p) {
        if constexpr (requires { M::validate(p); })
            M::validate(p);
    }
    static void validate_state(const state& s) {
        if constexpr (requires { M::validate_state(s); })
            M::validate_state(s);
    }
    static const parameters& checked(const parameters& p) {
        validate(p);
        return p;
    }

    [[nodiscard]] static unknown_name_error unknown(std::string_view name) {
        std::string valid = reflect::joined_names<parameters>();
        valid += valid.empty() ? "tau_minus" : ", tau_minus";
        if (const auto states = reflect::joined_names<state>(); !states.empty())
            valid += ", " + states;
        return unknown_name_error(detail::concat(M::name, " has no parameter or state variable '",
                                                 name, "'; valid names are: ", valid));
    }

    void state_values(dictionary& d) const {
        state_.each([&]<std::size_t I>(const auto& column) {
            const auto name = std::string(reflect::field_names<state>[I]);
            if (column.size() == 1) {
                d.insert_or_assign(name, value(column[0]));
            } else {
                d.insert_or_assign(name, value(std::vector<double>(column.begin(), column.end())));
            }
        });
    }

    void set_state_column(std::string_view name, const state& s) {
        state_.each([&]<std::size_t I>(auto& column) {
            if (reflect::field_names<state>[I] == name) {
                const auto v =
                    boost::hana::second(boost::hana::at_c<I>(boost::hana::accessors<state>()))(s);
                std::fill(column.begin(), column.end(), v);
            }
        });
    }

    parameters params_;
    double tau_minus_ = 20.0;
    constants_t<M> constants_{};
    soa<state> state_;
    soa<internal> internal_;
    input_ring inputs_;
    aligned_vector<spike_flag> spiked_;
    bool held_current_zero_ = true;     // every neuron's held current (held_current_field) is +0
    std::vector<std::uint32_t> spikes_; // the last step's, ascending
    std::vector<std::vector<std::uint32_t>> parts_; // per part (thread), while a step runs
};
AXON_SILENCE_PASS_FAILED_END

} // namespace axon
