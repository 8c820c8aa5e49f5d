// P processes of a distributed network emulated by P threads of one test program: a
// transport (axon::Exchange) whose gather meets at a barrier, so the distributed code path
// is tested without MPI, under the sanitizers.
#pragma once

#include <barrier>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <span>
#include <thread>
#include <vector>

namespace tests {

class emulated_processes {
    struct shared {
        explicit shared(std::size_t P)
            : sync(static_cast<std::ptrdiff_t>(P))
            , words(P) {}
        std::barrier<> sync;
        std::vector<std::vector<std::uint32_t>> words;
        std::size_t gathers = 0; // by process 0
    };

public:
    /// The transport of process r.
    struct transport {
        std::shared_ptr<shared> s;
        std::size_t r = 0;

        [[nodiscard]] std::size_t rank() const { return r; }
        [[nodiscard]] std::size_t size() const { return s->words.size(); }
        void gather(std::span<const std::uint32_t> mine, std::vector<std::uint32_t>& all,
                    std::vector<std::size_t>& counts) const {
            s->words[r].assign(mine.begin(), mine.end());
            s->sync.arrive_and_wait();
            all.clear();
            counts.clear();
            for (const auto& w : s->words) {
                all.insert(all.end(), w.begin(), w.end());
                counts.push_back(w.size());
            }
            if (r == 0)
                ++s->gathers;
            s->sync.arrive_and_wait();
        }
    };

    explicit emulated_processes(std::size_t P)
        : s_(std::make_shared<shared>(P)) {}

    /// Runs f(transport of process r) for every r on a thread of its own; returns what each
    /// threw (null where nothing).
    template <class F>
    std::vector<std::exception_ptr> run(F f) {
        const std::size_t P = s_->words.size();
        std::vector<std::exception_ptr> errors(P);
        {
            std::vector<std::jthread> threads;
            for (std::size_t r = 0; r < P; ++r)
                threads.emplace_back([&, r] {
                    try {
                        f(transport{s_, r});
                    } catch (...) {
                        errors[r] = std::current_exception();
                    }
                });
        }
        return errors;
    }

    /// How many gathers process 0 made.
    [[nodiscard]] std::size_t gathers() const { return s_->gathers; }

private:
    std::shared_ptr<shared> s_;
};

} // namespace tests
