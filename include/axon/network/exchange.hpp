// How the processes of a distributed simulation exchange what they must share. The network
// stays free of any transport: it asks an Exchange for its rank, the number of processes and
// one collective operation, gather, which axon/mpi.hpp implements with Open MPI. The network
// calls it once per min-delay interval with the spikes of that interval, as NEST does
// (Morrison et al. 2005, "Advancing the boundaries of high-connectivity network simulation
// with distributed computing", Neural Comput 17:1776), and a few times per simulate call to
// check that every process does the same thing.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace axon {

/// The transport of a distributed network: process rank() of size() processes; gather()
/// hands every process the words each process gave, in order of rank (`all` holds them one
/// after another, `counts[r]` says how many came from process r). It throws process_error,
/// naming the process, when a process does not take part within the time allowed.
template <class E>
concept Exchange = requires(E& e, const E& ce, std::span<const std::uint32_t> mine,
                            std::vector<std::uint32_t>& all, std::vector<std::size_t>& counts) {
    { ce.rank() } -> std::convertible_to<std::size_t>;
    { ce.size() } -> std::convertible_to<std::size_t>;
    e.gather(mine, all, counts);
};

/// The distributed code path run by one process alone (rank 0 of 1): the same results as
/// axon/mpi.hpp with any number of processes, without MPI. Tests use it; so may a user who
/// wants the single-process twin of a cluster run.
struct one_process {
    [[nodiscard]] std::size_t rank() const { return 0; }
    [[nodiscard]] std::size_t size() const { return 1; }
    void gather(std::span<const std::uint32_t> mine, std::vector<std::uint32_t>& all,
                std::vector<std::size_t>& counts) const {
        all.assign(mine.begin(), mine.end());
        counts.assign(1, mine.size());
    }
};

} // namespace axon
