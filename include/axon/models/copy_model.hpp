// copy_model: NEST's CopyModel at compile time. A new model type with its own name and
// defaults, usable everywhere the original is, at no run-time cost:
//
//   using izhikevich_RS = axon::copy_model<"izhikevich_RS", axon::izhikevich,
//                                          axon::izhikevich::parameters{.a = 0.02, .d = 8.0}>;
//
// Fields not named keep the original's defaults. population<izhikevich_RS>(1, {.I_e = 10})
// then starts from the copy's defaults, not the original's. Synapse models are copied the
// same way, weight and delay included (NEST's CopyModel("static_synapse", "excitatory", ...)):
//
//   using excitatory = axon::copy_model<"excitatory", axon::static_synapse,
//                                       axon::static_synapse::parameters{.weight = 87.8,
//                                                                        .delay = 1.5}>;
#pragma once

#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/fixed_string.hpp"
#include "axon/synapses/synapse.hpp"

namespace axon {

template <fixed_string Name, class Original,
          typename Original::parameters Defaults = typename Original::parameters{}>
requires NeuronModel<Original> || SynapseModel<Original>
struct copy_model : Original {
    static constexpr std::string_view name = Name.view();
    using original = Original;
    /// The original's fields with this copy's defaults (converts to Original::parameters).
    using parameters = typename Original::parameters::template with_defaults<Defaults>;
    using state = typename Original::state;
};

} // namespace axon
