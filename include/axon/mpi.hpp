// Distributed simulation with MPI (Open MPI): the same program runs as P processes under
// `mpirun -np P`, each simulating part of every population, with bit-identical results for
// every P. This header is optional (link MPI::MPI_CXX); the rest of axon knows nothing of MPI.
//
//   int main(int argc, char** argv) {
//       axon::mpi::session mpi(argc, argv);                  // MPI_Init ... MPI_Finalize
//       auto net = axon::network(axon::mpi::world({.rng_seed = 1}), nodes..., connections...);
//       axon::simulate(net, 1000.0);
//       auto spikes = axon::mpi::gather(net.node<"sr">().events()); // all of them, on rank 0
//   }
//
// Spikes travel once per min-delay interval (the network calls exchange::gather). Every wait
// has a time limit: a process that stops, hangs or runs another program ends the run with a
// process_error naming it, and the session then aborts the job instead of waiting forever.
#pragma once

// the C interface only: not Open MPI's (deprecated) C++ bindings, nor MPICH's
#ifndef OMPI_SKIP_MPICXX
#define OMPI_SKIP_MPICXX 1
#endif
#ifndef MPICH_SKIP_MPICXX
#define MPICH_SKIP_MPICXX 1
#endif
#include <mpi.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "axon/core/error.hpp"
#include "axon/network/exchange.hpp"
#include "axon/network/network.hpp"
#include "axon/record/merge.hpp"
#include "axon/record/recording.hpp"

namespace axon::mpi {

namespace detail {

/// Set when a run is abandoned (a process failed or did not answer): the session then ends
/// the whole job with MPI_Abort, since MPI_Finalize could wait for a process that is gone.
inline std::atomic<bool> abandoned{false};

inline int rank_of(MPI_Comm comm) {
    int r = 0;
    MPI_Comm_rank(comm, &r);
    return r;
}

[[noreturn]] inline void fail(MPI_Comm comm, const std::string& what) {
    abandoned = true;
    throw process_error(axon::detail::concat("process ", rank_of(comm), ": ", what));
}

inline void check(int code, MPI_Comm comm, std::string_view call) {
    if (code == MPI_SUCCESS)
        return;
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(code, text, &length);
    fail(comm, axon::detail::concat(call, " failed: ", std::string_view(text, length)));
}

/// Waits for every request, at most `timeout` seconds; then names the processes (peer[i]
/// for request i) that did not answer.
inline void wait(std::vector<MPI_Request>& requests, const std::vector<int>& peer, double timeout,
                 MPI_Comm comm, std::string_view what) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t polls = 0;; ++polls) {
        int done = 0;
        check(MPI_Testall(static_cast<int>(requests.size()), requests.data(), &done,
                          MPI_STATUSES_IGNORE),
              comm, "MPI_Testall");
        if (done)
            return;
        const double waited =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (waited > timeout) {
            std::string silent;
            for (std::size_t i = 0; i < requests.size(); ++i) {
                int finished = 0;
                MPI_Test(&requests[i], &finished, MPI_STATUS_IGNORE);
                if (!finished) {
                    const auto p = std::to_string(peer[i]);
                    if (silent.find(" " + p + ",") == std::string::npos &&
                        silent.find(" " + p) != silent.size() - p.size() - 1)
                        silent += (silent.empty() ? " " : ", ") + p;
                }
            }
            fail(comm, axon::detail::concat(
                           "no answer from process", silent, " within ", timeout, " s while ", what,
                           ": it stopped, hangs, or runs another network or simulate call"));
        }
        // a few polls at full speed, then yield: processes may share cores
        if (polls > 64)
            std::this_thread::sleep_for(std::chrono::microseconds(polls > 4096 ? 200 : 0));
    }
}

/// Every process's bytes, in order of rank (to every process, or to process 0 alone).
inline void exchange_bytes(std::span<const std::byte> mine, std::vector<std::byte>& all,
                           std::vector<std::size_t>& counts, MPI_Comm comm, double timeout,
                           bool to_all, std::string_view what) {
    int rank = 0, size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    const auto P = static_cast<std::size_t>(size);
    const auto me = static_cast<std::size_t>(rank);
    constexpr int count_tag = 0x4158, data_tag = 0x4159; // "AX", "AY"
    const bool receives = to_all || rank == 0;
    counts.assign(P, 0);
    counts[me] = mine.size();
    std::vector<std::uint64_t> sizes(P, 0);
    const std::uint64_t my_size = mine.size();
    std::vector<MPI_Request> requests;
    std::vector<int> peer;
    for (int q = 0; q < size; ++q) {
        if (q == rank)
            continue;
        if (receives) {
            requests.emplace_back();
            peer.push_back(q);
            check(MPI_Irecv(&sizes[static_cast<std::size_t>(q)], 1, MPI_UINT64_T, q, count_tag,
                            comm, &requests.back()),
                  comm, "MPI_Irecv");
        }
        if (to_all || q == 0) {
            requests.emplace_back();
            peer.push_back(q);
            check(MPI_Isend(&my_size, 1, MPI_UINT64_T, q, count_tag, comm, &requests.back()), comm,
                  "MPI_Isend");
        }
    }
    wait(requests, peer, timeout, comm, axon::detail::concat(what, " (sizes)"));
    requests.clear();
    peer.clear();
    std::vector<std::size_t> first(P + 1, 0);
    for (std::size_t q = 0; q < P; ++q) {
        if (q != me)
            counts[q] = receives ? static_cast<std::size_t>(sizes[q]) : 0;
        first[q + 1] = first[q] + counts[q];
    }
    all.resize(first[P]);
    if (!mine.empty())
        std::memcpy(all.data() + first[me], mine.data(), mine.size());
    // messages of up to 2^30 bytes each (MPI counts are ints)
    constexpr std::size_t piece = std::size_t{1} << 30;
    const auto post = [&](bool send, std::byte* at, std::size_t bytes, int q) {
        for (std::size_t done = 0; done < bytes || (bytes == 0 && done == 0); done += piece) {
            const int n = static_cast<int>(std::min(piece, bytes - done));
            if (n == 0)
                break;
            requests.emplace_back();
            peer.push_back(q);
            if (send)
                check(MPI_Isend(at + done, n, MPI_BYTE, q, data_tag, comm, &requests.back()), comm,
                      "MPI_Isend");
            else
                check(MPI_Irecv(at + done, n, MPI_BYTE, q, data_tag, comm, &requests.back()), comm,
                      "MPI_Irecv");
        }
    };
    for (int q = 0; q < size; ++q) {
        if (q == rank)
            continue;
        const auto uq = static_cast<std::size_t>(q);
        if (receives)
            post(false, all.data() + first[uq], counts[uq], q);
        if (to_all || q == 0)
            post(true, const_cast<std::byte*>(mine.data()), mine.size(), q);
    }
    wait(requests, peer, timeout, comm, what);
}

} // namespace detail

/// MPI for the life of main: MPI_Init_thread with MPI_THREAD_SERIALIZED (a network on several
/// threads calls MPI from one thread at a time), MPI_Finalize at the end, or MPI_Abort when a
/// run was abandoned, so that no process waits for one that is gone.
class session {
public:
    session(int& argc, char**& argv) {
        int initialized = 0;
        MPI_Initialized(&initialized);
        if (!initialized) {
            int provided = 0;
            MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
            owner_ = true;
            if (provided < MPI_THREAD_SERIALIZED)
                single_thread_ = true;
        }
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    }
    session(const session&) = delete;
    session& operator=(const session&) = delete;
    ~session() {
        if (!owner_)
            return;
        if (detail::abandoned)
            MPI_Abort(MPI_COMM_WORLD, 1);
        else
            MPI_Finalize();
    }

    [[nodiscard]] std::size_t rank() const {
        return static_cast<std::size_t>(detail::rank_of(MPI_COMM_WORLD));
    }
    [[nodiscard]] std::size_t size() const {
        int s = 1;
        MPI_Comm_size(MPI_COMM_WORLD, &s);
        return static_cast<std::size_t>(s);
    }
    /// True when this MPI cannot be called from several threads one at a time: then a
    /// distributed network must run on one thread per process.
    [[nodiscard]] bool single_thread() const { return single_thread_; }

private:
    bool owner_ = false;
    bool single_thread_ = false;
};

/// How long a process waits for the others before it gives up, and on which communicator.
struct options {
    double timeout = 120.0; // s; a healthy exchange takes microseconds to milliseconds
    MPI_Comm comm = MPI_COMM_WORLD;
};

/// The transport of a distributed network (axon::Exchange) over MPI, with its statistics.
class exchange {
public:
    explicit exchange(options o = {})
        : o_(o) {}

    [[nodiscard]] std::size_t rank() const {
        return static_cast<std::size_t>(detail::rank_of(o_.comm));
    }
    [[nodiscard]] std::size_t size() const {
        int s = 1;
        MPI_Comm_size(o_.comm, &s);
        return static_cast<std::size_t>(s);
    }

    void gather(std::span<const std::uint32_t> mine, std::vector<std::uint32_t>& all,
                std::vector<std::size_t>& counts) {
        const auto start = std::chrono::steady_clock::now();
        detail::exchange_bytes(std::as_bytes(mine), bytes_, counts, o_.comm, o_.timeout, true,
                               "exchanging spikes");
        all.resize(bytes_.size() / sizeof(std::uint32_t));
        if (!bytes_.empty())
            std::memcpy(all.data(), bytes_.data(), bytes_.size());
        for (auto& c : counts)
            c /= sizeof(std::uint32_t);
        ++exchanges_;
        words_ += mine.size();
        seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }

    /// The run is abandoned: end the job at exit rather than wait.
    void failed() { detail::abandoned = true; }

    /// Exchanges so far, words this process sent, and seconds spent in them (waiting for the
    /// slowest process included).
    [[nodiscard]] std::size_t exchanges() const { return exchanges_; }
    [[nodiscard]] std::size_t words_sent() const { return words_; }
    [[nodiscard]] double seconds() const { return seconds_; }

private:
    options o_;
    std::vector<std::byte> bytes_;
    std::size_t exchanges_ = 0, words_ = 0;
    double seconds_ = 0.0;
};

/// Distributed kernel settings on MPI_COMM_WORLD (or o.comm): network(mpi::world(...), ...).
[[nodiscard]] inline distributed<exchange> world(kernel k = {}, options o = {}) {
    return {k, exchange(o)};
}

namespace detail {

template <class T>
void put(std::vector<std::byte>& out, const std::vector<T>& column) {
    static_assert(std::is_trivially_copyable_v<T>);
    const std::uint64_t n = column.size();
    const auto* p = reinterpret_cast<const std::byte*>(&n);
    out.insert(out.end(), p, p + sizeof n);
    const auto* c = reinterpret_cast<const std::byte*>(column.data());
    out.insert(out.end(), c, c + n * sizeof(T));
}
template <class T>
void take(std::span<const std::byte>& in, std::vector<T>& column) {
    std::uint64_t n = 0;
    std::memcpy(&n, in.data(), sizeof n);
    in = in.subspan(sizeof n);
    column.resize(n);
    if (n > 0)
        std::memcpy(column.data(), in.data(), n * sizeof(T));
    in = in.subspan(n * sizeof(T));
}

template <class F>
void columns(spike_recording& r, F&& f) {
    f(r.times);
    f(r.senders);
}
template <class F>
void columns(weight_recording& r, F&& f) {
    f(r.times);
    f(r.senders);
    f(r.targets);
    f(r.weights);
}
template <fixed_string... Names, class F>
void columns(sample_recording<Names...>& r, F&& f) {
    f(r.times);
    f(r.senders);
    for (auto& v : r.values)
        f(v);
}

} // namespace detail

/// The recording every process made of its own neurons, merged on process 0 in the order one
/// process records (axon::merge); the other processes get an empty recording. Collective:
/// every process calls it.
template <class Recording>
[[nodiscard]] Recording gather(const Recording& mine, options o = {}) {
    std::vector<std::byte> bytes;
    detail::columns(const_cast<Recording&>(mine),
                    [&](auto& column) { detail::put(bytes, column); });
    std::vector<std::byte> all;
    std::vector<std::size_t> counts;
    detail::exchange_bytes(bytes, all, counts, o.comm, o.timeout, false, "gathering a recording");
    if (detail::rank_of(o.comm) != 0)
        return {};
    std::vector<Recording> parts(counts.size());
    std::span<const std::byte> in(all);
    for (auto& part : parts)
        detail::columns(part, [&](auto& column) { detail::take(in, column); });
    return merge(std::span<const Recording>(parts));
}

/// The sum of x over every process (on every process).
template <class T>
requires std::is_arithmetic_v<T>
[[nodiscard]] T sum(T x, options o = {}) {
    std::vector<std::byte> all;
    std::vector<std::size_t> counts;
    detail::exchange_bytes(std::as_bytes(std::span(&x, 1)), all, counts, o.comm, o.timeout, true,
                           "summing a number");
    T total{};
    for (std::size_t q = 0; q < counts.size(); ++q) {
        T v{};
        std::memcpy(&v, all.data() + q * sizeof(T), sizeof(T));
        total += v;
    }
    return total;
}

} // namespace axon::mpi
