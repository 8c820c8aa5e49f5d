// static_synapse: a fixed weight and delay (NEST's default synapse model).
#pragma once

#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"

namespace axon {

struct static_synapse {
    static constexpr std::string_view name = "static_synapse";

    struct parameters {
        AXON_FIELDS(parameters, (double, weight, 1.0), (double, delay, 1.0))
    };
    using state = no_internal; // nothing per synapse but weight and delay
};

} // namespace axon
