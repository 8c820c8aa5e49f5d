// dc_generator: a constant current `amplitude` (pA) for steps inside its activity window,
// delivered to each target neuron after the connection's delay and scaled by its weight.
#pragma once

#include <cmath>
#include <limits>
#include <string_view>

#include "axon/core/concepts.hpp"
#include "axon/core/reflect.hpp"
#include "axon/core/settings.hpp"
#include "axon/devices/activity.hpp"

namespace axon {

class dc_generator : public configurable<dc_generator> {
    friend class configurable<dc_generator>;

public:
    static constexpr std::string_view name = "dc_generator";
    static constexpr node_kind kind = node_kind::stimulator;

    struct parameters {
        AXON_FIELDS(parameters, (double, amplitude, 0.0), (double, start, 0.0),
                    (double, stop, std::numeric_limits<double>::infinity()), (double, origin, 0.0))
    };

    dc_generator() = default;
    dc_generator(const parameters& p)
        : params_(checked(p)) {}

    void calibrate(const time_grid& grid) {
        window_ = activity_window::from(grid, name, params_.origin, params_.start, params_.stop);
    }

    /// The current emitted in step k (0 outside the activity window).
    [[nodiscard]] double current(step_t k) const {
        return window_.contains(k) ? params_.amplitude : 0.0;
    }

private:
    static void validate(const parameters& p) {
        require(std::isfinite(p.amplitude), name, "amplitude", p.amplitude,
                "it must be a finite number of pA");
    }

    parameters params_;
    activity_window window_{};
};

} // namespace axon
