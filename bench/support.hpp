// What the benchmarks share. The kernel timing helpers are public (axon/benchmark.hpp,
// axon::bench::kernel and axon::bench::ns_per_neuron_step), for users to time their own
// models; the network benchmarks' clock and counters are here.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <thread>
#include <vector>

#include "axon/benchmark.hpp"
#include "axon/network/projection.hpp"
#include "axon/record/recording.hpp"

namespace axon::bench {

/// Seconds of CPU time and of wall-clock time since construction. The benchmarks report CPU
/// time (one thread: the wall time the run would take on an idle machine; the machines these
/// numbers come from are shared, and a preempted run's wall time says little), and the wall
/// time beside it.
class stopwatch {
public:
    [[nodiscard]] double cpu() const {
        return static_cast<double>(std::clock() - cpu_) / CLOCKS_PER_SEC;
    }
    [[nodiscard]] double wall() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_).count();
    }

private:
    std::chrono::steady_clock::time_point wall_ = std::chrono::steady_clock::now();
    std::clock_t cpu_ = std::clock();
};

/// The thread counts a threaded benchmark runs: 1, 2, 4, ... up to the cores this machine
/// has, and that number itself (so 1, 2 on two cores; 1, 2, 4, 8, 16 on sixteen; 1, 2, 4, 6
/// on six). Where the count is unknown, 1 and 2.
inline std::vector<std::int64_t> thread_counts() {
    const auto cores = std::max<std::int64_t>(std::thread::hardware_concurrency(), 2);
    std::vector<std::int64_t> counts;
    for (std::int64_t t = 1; t < cores; t *= 2) {
        counts.push_back(t);
    }
    counts.push_back(cores);
    return counts;
}

/// Bytes the synapses of a projection occupy (what its vectors hold, capacity included).
inline std::size_t bytes_of(const projection<>& p) {
    return p.row.capacity() * sizeof(p.row[0]) + p.target.capacity() * sizeof(p.target[0]) +
           p.weights.capacity() * sizeof(double) + p.delays.capacity() * sizeof(step_t) +
           sizeof(projection<>);
}

/// Synaptic events that the spikes of `senders` (global ids, first id `first`) caused through
/// projection p: the sum of their rows' lengths.
inline std::size_t events_of(const spike_recording& rec, node_id first, const projection<>& p) {
    std::size_t n = 0;
    for (const node_id sender : rec.senders) {
        const auto i = static_cast<std::size_t>(sender - first);
        n += p.row[i + 1] - p.row[i];
    }
    return n;
}

} // namespace axon::bench
