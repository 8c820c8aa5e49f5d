// The progress line of long simulations, as NEST's print_time: simulated time, percentage,
// real-time factor (simulated time over wall-clock time) and the estimated time left, rewritten
// in place on a terminal.
#pragma once

#include <chrono>
#include <cstdio>
#include <ostream>

namespace axon {

class progress_line {
public:
    /// A line for a simulation from `from_ms` to `to_ms`, written to `out`.
    progress_line(std::ostream& out, double from_ms, double to_ms)
        : out_(&out)
        , from_(from_ms)
        , to_(to_ms)
        , start_(clock::now()) {}

    /// Reports that the simulation has reached `now_ms`.
    void update(double now_ms) {
        const double wall = std::chrono::duration<double>(clock::now() - start_).count();
        const double done = now_ms - from_, total = to_ - from_;
        const double percent = total > 0 ? 100.0 * done / total : 100.0;
        const double factor = wall > 0 ? done / 1000.0 / wall : 0.0;
        const double left = done > 0 ? wall * (total - done) / done : 0.0;
        char line[160];
        std::snprintf(line, sizeof line,
                      "\r[%3.0f %%] %.1f of %.1f ms simulated, real-time factor %.3g, %.0f s left ",
                      percent, now_ms, to_, factor, left);
        *out_ << line << std::flush;
    }

    /// Ends the line.
    void finish() { *out_ << '\n' << std::flush; }

private:
    using clock = std::chrono::steady_clock;
    std::ostream* out_;
    double from_, to_;
    clock::time_point start_;
};

} // namespace axon
