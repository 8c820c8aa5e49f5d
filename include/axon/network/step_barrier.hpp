// The barrier at which the threads of a simulation meet after each parallel phase of a step.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
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
/// pays for waking the threads. Measured (bench/README.md, "Threads"): 1000 unconnected
/// neurons on 2 threads took 9-15 us per step instead of 1, on a 2-core and on a 16-core
/// machine. OpenMP's runtimes wait the same way (spin, then sleep: GOMP_SPINCOUNT).
///
/// A waiting thread spins on the phase number, then sleeps on it with std::atomic::wait. The
/// last thread to arrive runs the completion, opens the next phase and wakes the sleepers, if
/// any (a counter, so that a step without sleepers costs no system call). Spin only where
/// every thread has a core of its own: a spinning thread that shares a core with the one it
/// waits for delays it.
template <class Completion>
class step_barrier {
public:
    step_barrier(std::ptrdiff_t expected, Completion completion, std::chrono::nanoseconds spin)
        : left_(expected)
        , expected_(expected)
        , completion_(std::move(completion))
        , spin_(spin) {}

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
        if (spin_.count() > 0) {
            const auto start = std::chrono::steady_clock::now();
            for (unsigned i = 1;; ++i) {
                if (phase_.load(std::memory_order_acquire) != phase)
                    return;
                cpu_relax();
                if (i % 64 == 0 && std::chrono::steady_clock::now() - start > spin_)
                    break;
            }
        }
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        while (phase_.load(std::memory_order_seq_cst) == phase)
            phase_.wait(phase, std::memory_order_acquire);
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
    }

    alignas(64) std::atomic<std::ptrdiff_t> left_;    // threads yet to arrive in this phase
    alignas(64) std::atomic<std::uint32_t> phase_{0}; // what the waiting threads watch
    std::atomic<std::uint32_t> sleepers_{0};
    std::atomic<std::ptrdiff_t> expected_;
    Completion completion_;
    std::chrono::nanoseconds spin_;
};

} // namespace axon::detail
