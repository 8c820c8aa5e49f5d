// A distributed network under mpirun that goes wrong on purpose, for tests/mpi/mpi.sh: every
// case must end the whole run with an error naming the process at fault, never hang.
// Usage: mpirun -np P faults CASE DIR
//   ok        run, gather the spikes on process 0 and check them against the processes' sum
//   mismatch  process 1 builds a larger population
//   time      process 2 simulates a shorter time
//   error     process 1 cannot open its spike file (an error inside simulate)
//   hang      process 1 sleeps instead of simulating (the others give up after 3 s)
//   die       process 1 is killed while the others simulate
#include <chrono>
#include <csignal>
#include <cstddef>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

#include "axon/devices/poisson_generator.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/mpi.hpp"
#include "axon/network/network.hpp"
#include "axon/simulate.hpp"

namespace {

int run(std::string_view what, const std::string& dir, std::size_t rank) {
    using namespace axon;
    const std::size_t n = what == "mismatch" && rank == 1 ? 1001 : 1000;
    const std::string folder = what == "error" && rank == 1 ? "/nonexistent/axon" : dir;
    auto net = network(
        mpi::world({.rng_seed = 5}, {.timeout = 3.0}),
        node<"E">(population<iaf_psc_alpha>(n, {.I_e = 300.0})),
        node<"drive">(poisson_generator({.rate = 20000.0})),
        node<"sr">(spike_recorder_to<csv>({}, csv{.folder = folder})),
        connect<"drive", "E">({.weight = 20.0}),
        connect<"E", "E">({.rule = fixed_indegree{.indegree = 50}, .weight = 10.0, .delay = 1.0}),
        connect<"E", "sr">());
    if (what == "hang" && rank == 1)
        std::this_thread::sleep_for(std::chrono::seconds(60));
    if (what == "die" && rank == 1)
        std::raise(SIGKILL);
    simulate(net, what == "time" && rank == 2 ? 50.0 : 100.0);
    if (what == "ok") {
        // the same network again, recorded in memory, gathered on process 0
        auto mem = network(
            mpi::world({.rng_seed = 5}), node<"E">(population<iaf_psc_alpha>(n, {.I_e = 300.0})),
            node<"drive">(poisson_generator({.rate = 20000.0})), node<"sr">(spike_recorder{}),
            connect<"drive", "E">({.weight = 20.0}),
            connect<"E", "E">(
                {.rule = fixed_indegree{.indegree = 50}, .weight = 10.0, .delay = 1.0}),
            connect<"E", "sr">());
        simulate(mem, 100.0);
        const auto all = mpi::gather(mem.node<"sr">().events());
        const auto count = mpi::sum(mem.node<"sr">().n_events());
        if (count != mpi::sum(net.node<"sr">().n_events()))
            throw error("the memory and csv recorders disagree");
        if (rank == 0) {
            if (all.n_events() != count)
                throw error("process 0 gathered " + std::to_string(all.n_events()) + " spikes of " +
                            std::to_string(count));
            std::cout << "gathered " << all.n_events() << " spikes\n";
        } else if (all.n_events() != 0) {
            throw error("a process other than 0 got a gathered recording");
        }
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const axon::mpi::session mpi(argc, argv);
    if (argc != 3) {
        std::cerr << "usage: faults ok|mismatch|time|error|hang|die DIR\n";
        return 2;
    }
    try {
        return run(argv[1], argv[2], mpi.rank());
    } catch (const axon::error& e) {
        // one write per line, so that the processes' lines do not interleave
        std::cerr << "faults: process " + std::to_string(mpi.rank()) + ": " + e.what() + "\n";
        return 2;
    }
}
