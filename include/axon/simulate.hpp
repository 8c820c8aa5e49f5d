// The driver: simulate(net, T) advances a network by T ms and returns its typed recordings.
// Calling it again continues in time and appends, as nest.Simulate twice; net.reset() starts
// over.
#pragma once

#include <cmath>

#include "axon/core/error.hpp"
#include "axon/core/fixed_string.hpp"
#include "axon/network/network.hpp"

namespace axon {

/// The recordings of a network, by recorder name: rec.get<"mm">() is the multimeter's typed
/// recording. A view onto the network: it sees later simulate calls too.
template <class Net>
class recordings {
public:
    explicit recordings(const Net& net)
        : net_(&net) {}

    template <fixed_string Name>
    [[nodiscard]] const auto& get() const {
        return net_->template node<Name>().events();
    }

    /// Simulated time in ms.
    [[nodiscard]] double time() const { return net_->time(); }

private:
    const Net* net_;
};

/// Advances `net` by `ms` milliseconds (a non-negative multiple of the resolution).
template <class Net>
recordings<Net> simulate(Net& net, double ms) {
    if (!(std::isfinite(ms) && ms >= 0)) {
        throw time_error(detail::concat("simulate: time = ", ms,
                                        " ms is not allowed; it must be finite and >= 0"));
    }
    net.run(net.grid().steps(ms, "simulate: time"));
    return recordings<Net>(net);
}

} // namespace axon
