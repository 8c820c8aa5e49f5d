// axon: NEST's neuron models, devices and semantics, composed at compile time.
// This header includes everything; each header also stands alone.
#pragma once

#include "axon/core/concepts.hpp"
#include "axon/core/error.hpp"
#include "axon/core/fixed_string.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/time.hpp"
#include "axon/core/value.hpp"
#include "axon/devices/dc_generator.hpp"
#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/copy_model.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/models/models.hpp"
#include "axon/network/network.hpp"
#include "axon/network/population.hpp"
#include "axon/record/recording.hpp"
#include "axon/simulate.hpp"
