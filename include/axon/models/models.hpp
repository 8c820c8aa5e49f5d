// The list of built-in models and devices: models() (NEST's Models()), get_defaults<M>()
// (NEST's GetDefaults) and the one place where a run-time model name is mapped onto the
// compile-time model types (with_model), for programs that take the name from a user.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/value.hpp"
#include "axon/devices/ac_generator.hpp"
#include "axon/devices/dc_generator.hpp"
#include "axon/devices/multimeter.hpp"
#include "axon/devices/noise_generator.hpp"
#include "axon/devices/poisson_generator.hpp"
#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/devices/step_current_generator.hpp"
#include "axon/devices/weight_recorder.hpp"
#include "axon/models/aeif_cond_alpha.hpp"
#include "axon/models/aeif_cond_exp.hpp"
#include "axon/models/hh_psc_alpha.hpp"
#include "axon/models/iaf_cond_alpha.hpp"
#include "axon/models/iaf_cond_exp.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/iaf_psc_delta.hpp"
#include "axon/models/iaf_psc_exp.hpp"
#include "axon/models/izhikevich.hpp"
#include "axon/models/parrot_neuron.hpp"
#include "axon/synapses/static_synapse.hpp"
#include "axon/synapses/stdp_synapse.hpp"
#include "axon/synapses/synapse.hpp"
#include "axon/synapses/tsodyks_synapse.hpp"

namespace axon {

template <class... Ts>
struct type_list {};

/// The neuron models axon ships, each under NEST's name.
using builtin_models =
    type_list<iaf_psc_alpha, iaf_psc_exp, iaf_psc_delta, iaf_cond_alpha, iaf_cond_exp,
              aeif_cond_alpha, aeif_cond_exp, hh_psc_alpha, izhikevich, parrot_neuron>;

/// The devices axon ships.
using builtin_devices = type_list<dc_generator, ac_generator, step_current_generator,
                                  noise_generator, poisson_generator, spike_generator,
                                  multimeter<"V_m">, voltmeter, spike_recorder, weight_recorder>;

/// The synapse models axon ships (NEST's synapse_models).
using builtin_synapses = type_list<static_synapse, stdp_synapse, tsodyks_synapse>;

namespace detail {
template <class... Ts>
std::vector<std::string_view> names_of(type_list<Ts...>) {
    return {Ts::name...};
}
} // namespace detail

/// Every model and device name, sorted (NEST's Models()).
[[nodiscard]] inline std::vector<std::string_view> models() {
    auto names = detail::names_of(builtin_models{});
    auto devices = detail::names_of(builtin_devices{});
    names.insert(names.end(), devices.begin(), devices.end());
    std::sort(names.begin(), names.end());
    return names;
}

/// Every model and device name, plus the models (copies made with copy_model included) that
/// the network `net` uses.
template <class Net>
requires requires {
    Net::model_names();
}
[[nodiscard]] std::vector<std::string_view> models(const Net&) {
    auto names = models();
    for (auto m : Net::model_names())
        if (std::find(names.begin(), names.end(), m) == names.end())
            names.push_back(m);
    std::sort(names.begin(), names.end());
    return names;
}

/// The neuron model names only.
[[nodiscard]] inline std::vector<std::string_view> neuron_models() {
    return detail::names_of(builtin_models{});
}

/// The synapse model names (NEST's synapse_models).
[[nodiscard]] inline std::vector<std::string_view> synapse_models() {
    return detail::names_of(builtin_synapses{});
}

/// Defaults of a neuron model: its parameters, its state and "recordables".
template <NeuronModel M>
[[nodiscard]] dictionary get_defaults() {
    dictionary d;
    reflect::to_dictionary(typename M::parameters{}, d);
    d.insert_or_assign("tau_minus", value(20.0)); // every population's (see population::tau_minus)
    reflect::to_dictionary(typename M::state{}, d);
    const auto& names = reflect::field_names<typename M::state>;
    d.insert_or_assign("recordables", value(std::vector<std::string>(names.begin(), names.end())));
    d.insert_or_assign("model", value(std::string(M::name)));
    return d;
}

/// Defaults of a synapse model: its parameters (weight and delay included) and the initial
/// state of each synapse.
template <SynapseModel S>
requires(!NeuronModel<S>) [[nodiscard]] dictionary get_defaults() {
    dictionary d;
    reflect::to_dictionary(typename S::parameters{}, d);
    reflect::to_dictionary(typename S::state{}, d);
    d.insert_or_assign("synapse_model", value(std::string(S::name)));
    return d;
}

/// Defaults of a device: its parameters (and, for recorders, n_events and record_from).
template <device D>
[[nodiscard]] dictionary get_defaults() {
    auto d = D{}.get();
    d.insert_or_assign("model", value(std::string(D::name)));
    return d;
}

/// Calls f(std::type_identity<M>{}) for the built-in neuron model called `name`; throws
/// unknown_name_error listing the models when there is none.
template <class F>
void with_model(std::string_view name, F&& f) {
    bool found = false;
    [&]<class... Ms>(type_list<Ms...>) {
        (
            [&] {
                if (!found && name == Ms::name) {
                    found = true;
                    f(std::type_identity<Ms>{});
                }
            }(),
            ...);
    }(builtin_models{});
    if (!found) {
        std::string list;
        for (auto m : neuron_models())
            list += (list.empty() ? "" : ", ") + std::string(m);
        throw unknown_name_error(
            detail::concat("unknown model '", name, "'; the neuron models are: ", list));
    }
}

} // namespace axon
