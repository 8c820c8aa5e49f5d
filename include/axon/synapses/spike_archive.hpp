// The spike history a population keeps for the plastic synapses onto it (NEST's archiving
// node): per neuron, the times of its recent spikes and the postsynaptic trace K- after each,
// with time constant tau_minus (a neuron parameter, as in NEST). An entry is forgotten once
// every synapse onto the neuron has read it and no later query can need it.
// (Morrison, Diesmann, Gerstner 2008, "Phenomenological models of synaptic plasticity based on
// spike timing", Biol Cybern 98:459.)
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "axon/core/time.hpp"

namespace axon {

class spike_archive {
public:
    struct entry {
        step_t t;            // step of the spike
        double K;            // K- just after the spike
        std::uint32_t reads; // synapses that have read this entry
    };

    /// Sizes the archive for n neurons with no synapses reading it yet.
    void resize(std::size_t n) {
        history_.assign(n, {});
        readers_.assign(n, 0);
    }
    [[nodiscard]] bool active() const { return !readers_.empty(); }

    /// One more synapse reads neuron i's history.
    void add_reader(std::size_t i) { ++readers_[i]; }

    /// tau_minus (ms), the resolution and the largest delay of a synapse reading the archive.
    void calibrate(double tau_minus, double dt, step_t max_delay) {
        tau_minus_ = tau_minus;
        dt_ = dt;
        max_delay_ = max_delay;
    }

    /// Archives the spikes of step k.
    void record(step_t k, std::span<const std::uint32_t> fired) {
        for (const auto i : fired) {
            auto& h = history_[i];
            const double K = (h.empty() ? 0.0 : decayed(h.back(), k)) + 1.0;
            // the oldest entry goes when all synapses have read it and the next one is older
            // than any query from now on (queries are at spike - delay >= k - max_delay)
            std::size_t drop = 0;
            while (drop + 1 < h.size() && h[drop].reads >= readers_[i] &&
                   h[drop + 1].t < k - max_delay_)
                ++drop;
            h.erase(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(drop));
            h.push_back({k, K, 0});
        }
    }

    /// Calls f(t) for every spike of neuron i in steps (from, to], marking each as read.
    template <class F>
    void read(std::size_t i, step_t from, step_t to, F&& f) {
        for (auto& e : history_[i]) {
            if (e.t > to)
                break;
            if (e.t > from) {
                ++e.reads;
                f(e.t);
            }
        }
    }

    /// K- of neuron i just before step t (spikes at t itself not counted).
    [[nodiscard]] double K_minus(std::size_t i, step_t t) const {
        const auto& h = history_[i];
        for (auto e = h.rbegin(); e != h.rend(); ++e)
            if (e->t < t)
                return decayed(*e, t);
        return 0.0;
    }

    /// The archived spikes of neuron i (for tests: the history stays bounded).
    [[nodiscard]] std::span<const entry> history(std::size_t i) const { return history_[i]; }

    /// Forgets every spike (reset); the readers stay.
    void clear() {
        for (auto& h : history_)
            h.clear();
    }

private:
    [[nodiscard]] double decayed(const entry& e, step_t t) const {
        return e.K * std::exp(-static_cast<double>(t - e.t) * dt_ / tau_minus_);
    }

    std::vector<std::vector<entry>> history_;
    std::vector<std::uint32_t> readers_;
    double tau_minus_ = 20.0;
    double dt_ = 0.1;
    step_t max_delay_ = 1;
};

} // namespace axon
