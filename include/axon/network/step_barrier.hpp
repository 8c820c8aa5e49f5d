// The barrier at which the threads of a simulation meet after each parallel phase of a step.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace axon::detail {

/// Tells the core that this thread is spinning (x86 `pause`, Arm `yield`): the sibling
/// hyperthread runs faster, and leaving the loop does not flush the pipeline.
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/// A barrier for `expected` threads that runs `completion` on the last thread to arrive, as
/// std::barrier does, but waits by spinning for up to `spin` before it sleeps.
///
/// Why not std::barrier: a step of a network lasts microseconds, and libstdc++ 12's barrier
/// puts a waiting thread to sleep (futex) after a few dozen spins, so that nearly every step
/// pays for waking the threads. Measured (bench/README.md, "Threads on 16 cores"): 1000
/// unconnected neurons on 2 threads took 9-15 us per step, against 1.4 on one thread, on a
/// 2-core and on a 16-core machine. OpenMP's runtimes wait the same way (spin, then sleep:
/// GOMP_SPINCOUNT).
///
/// A waiting thread spins on the phase number, then sleeps on it with std::atomic::wait. The
/// last thread to arrive runs the completion, opens the next phase and wakes the sleepers, if
/// any (a counter, so that a step without sleepers costs no system call). Spin only where
/// every thread has a core of its own: a spinning thread that shares a core with the one it
/// waits for delays it. Where that cannot be known (other processes on the same cores, as
/// MPI ranks), the spin adapts: a wait that ends in sleep takes an eighth off it (down to
/// 1 us), a wait that ends while spinning doubles it (up to `spin`). Measured: on 2 cores with
/// one of them busy, 2 threads with a fixed 100 us spin took 1.6 (Brunel) to 8 times
/// (10 000 unconnected neurons) std::barrier's time, adaptive about the same as it; on 16 idle
/// cores adaptive and fixed ran alike (halving instead of an eighth: up to 3 times slower).
template <class Completion>
class step_barrier {
    static_assert(std::is_nothrow_invocable_v<Completion&>,
                  "step_barrier: the completion must be callable without arguments and "
                  "noexcept (a throw would leave the other threads waiting)");

public:
    step_barrier(std::ptrdiff_t expected, Completion completion, std::chrono::nanoseconds spin)
        : left_(expected)
        , expected_(expected)
        , completion_(std::move(completion))
        , max_spin_(spin.count())
        , spin_(spin.count()) {}

    step_barrier(const step_barrier&) = delete;
    step_barrier& operator=(const step_barrier&) = delete;

    /// Arrives and waits until every thread of this phase has arrived and the completion has
    /// run. What any thread wrote before it arrived is visible to all after.
    void arrive_and_wait() {
        // this thread passed the previous phase (or none), so this is the current phase
        const auto phase = phase_.load(std::memory_order_relaxed);
        if (arrive(phase))
            return;
        wait(phase);
    }

    /// Arrives without waiting and leaves: the following phases wait for one thread less.
    void arrive_and_drop() {
        const auto phase = phase_.load(std::memory_order_relaxed);
        expected_.fetch_sub(1, std::memory_order_relaxed); // read by the arrive below's last
        arrive(phase);
    }

private:
    /// Counts this thread in; the last one completes the phase. True for the last.
    bool arrive(std::uint32_t phase) {
        // acq_rel: the last thread sees what every other wrote before it arrived
        if (left_.fetch_sub(1, std::memory_order_acq_rel) != 1)
            return false;
        completion_();
        left_.store(expected_.load(std::memory_order_relaxed), std::memory_order_relaxed);
        // seq_cst pairs with the sleepers' increment: a sleeper either sees the new phase
        // before it sleeps, or is counted here and woken
        phase_.store(phase + 1, std::memory_order_seq_cst);
        if (sleepers_.load(std::memory_order_seq_cst) != 0)
            phase_.notify_all();
        return true;
    }

    void wait(std::uint32_t phase) {
        // the spin budget is shared by the threads and only a hint: relaxed
        const auto spin = spin_.load(std::memory_order_relaxed);
        if (spin > 0) {
            const auto until = std::chrono::steady_clock::now() + std::chrono::nanoseconds(spin);
            for (unsigned i = 1;; ++i) {
                if (phase_.load(std::memory_order_acquire) != phase) {
                    if (spin < max_spin_)
                        spin_.store(std::min(2 * spin, max_spin_), std::memory_order_relaxed);
                    return;
                }
                cpu_relax();
                if (i % 64 == 0 && std::chrono::steady_clock::now() > until)
                    break;
            }
            if (spin > min_spin)
                spin_.store(std::max(spin - spin / 8, min_spin), std::memory_order_relaxed);
        }
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        while (phase_.load(std::memory_order_seq_cst) == phase)
            phase_.wait(phase, std::memory_order_acquire);
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
    }

    static constexpr std::int64_t min_spin = 1'000; // ns

    alignas(64) std::atomic<std::ptrdiff_t> left_;    // threads yet to arrive in this phase
    alignas(64) std::atomic<std::uint32_t> phase_{0}; // what the waiting threads watch
    std::atomic<std::uint32_t> sleepers_{0};
    std::atomic<std::ptrdiff_t> expected_;
    Completion completion_;
    const std::int64_t max_spin_;                // ns; 0: never spin
    alignas(64) std::atomic<std::int64_t> spin_; // ns, from min_spin to max_spin_
};

} // namespace axon::detail
