// Peak memory of recording (issue 5): a multimeter on V_m of 1000 iaf_psc_alpha neurons every
// 0.1 ms for 10 s, 1e8 rows, to csv and to npy (whose writers keep a fixed buffer and no
// samples), beside the memory backend for 1 s (1e7 rows), whose growth per row is extrapolated
// to 1e8 rows. Each run happens in a child process, so that its peak resident set size
// (getrusage ru_maxrss) is its own and no earlier entry's: growth = peak - the child's RSS when
// it starts. The files go to a fresh folder under the temporary folder ($TMPDIR) and are
// deleted afterwards (csv: about 3 GB, npy: 2.4 GB).
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <system_error>

#include <benchmark/benchmark.h>

#include "axon/devices/multimeter.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/network/network.hpp"
#include "axon/record/backends.hpp"
#include "axon/simulate.hpp"

namespace {

using namespace axon;
namespace fs = std::filesystem;

constexpr std::size_t neurons = 1000;
constexpr double free_bytes_needed = 5e9; // the csv file of 1e8 rows and some room

/// What a child reports of its run.
struct outcome {
    double wall_s = 0;
    double rss_growth_bytes = 0;
    double rows = 0;
    double file_bytes = 0;
    bool ok = false;
};

double max_rss_bytes() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) * 1024.0; // Linux: KiB
}

/// Records V_m of `neurons` neurons every 0.1 ms for `ms` to backend B (in the child).
template <class B>
outcome record(double ms, const B& backend) {
    outcome r;
    const double before = max_rss_bytes();
    const auto start = std::chrono::steady_clock::now();
    std::string path;
    {
        auto net = network(node<"pop">(population<iaf_psc_alpha>(neurons, {.I_e = 376.0})),
                           node<"mm">(multimeter_to<B, "V_m">({.interval = 0.1}, backend)),
                           connect<"mm", "pop">());
        simulate(net, ms);
        r.rows = static_cast<double>(net.template node<"mm">().n_events());
        path = net.template node<"mm">().filename();
    } // the file is closed
    r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.rss_growth_bytes = max_rss_bytes() - before;
    if (!path.empty())
        r.file_bytes = static_cast<double>(fs::file_size(path));
    r.ok = true;
    return r;
}

/// Runs record<B>(ms, make(folder)) in a child process per iteration and reports its time,
/// its peak RSS growth and its file as counters.
template <class Make>
void in_child(benchmark::State& state, double ms, Make make) {
    const fs::path folder =
        fs::temp_directory_path() / ("axon_bench_record_" + std::to_string(::getpid()));
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec || fs::space(folder, ec).available < free_bytes_needed) {
        state.SkipWithError(("needs a folder with 5 GB free: " + folder.string()).c_str());
        return;
    }
    const auto backend = make(folder.string());
    outcome r;
    for (auto _ : state) {
        int fds[2];
        if (::pipe(fds) != 0) {
            state.SkipWithError("pipe failed");
            break;
        }
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(fds[0]);
            outcome mine;
            try {
                mine = record(ms, backend);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "record: %s\n", e.what());
            }
            const bool sent = ::write(fds[1], &mine, sizeof mine) == sizeof mine;
            ::_exit(sent ? 0 : 1);
        }
        ::close(fds[1]);
        const auto got = pid > 0 ? ::read(fds[0], &r, sizeof r) : -1;
        ::close(fds[0]);
        int status = 0;
        if (pid > 0)
            ::waitpid(pid, &status, 0);
        fs::remove_all(folder, ec);
        fs::create_directories(folder, ec);
        if (got != static_cast<ssize_t>(sizeof r) || !r.ok) {
            state.SkipWithError("the recording run failed (see stderr)");
            break;
        }
        state.SetIterationTime(r.wall_s);
    }
    fs::remove_all(folder, ec);
    if (!r.ok)
        return;
    state.counters["rows"] = r.rows;
    state.counters["peak_rss_growth_MiB"] = r.rss_growth_bytes / (1024.0 * 1024.0);
    state.counters["rss_bytes_per_row"] = r.rss_growth_bytes / r.rows;
    state.counters["rss_GiB_at_1e8_rows"] = r.rss_growth_bytes / r.rows * 1e8 / (1 << 30);
    state.counters["file_GB"] = r.file_bytes / 1e9;
    state.counters["ns_per_row"] = r.wall_s / r.rows * 1e9;
}

void record_memory(benchmark::State& state) {
    in_child(state, 1'000.0, [](const std::string&) { return memory{}; });
}
void record_csv(benchmark::State& state) {
    in_child(state, 10'000.0, [](const std::string& folder) { return csv{.folder = folder}; });
}
void record_npy(benchmark::State& state) {
    in_child(state, 10'000.0, [](const std::string& folder) { return npy{.folder = folder}; });
}

BENCHMARK(record_memory)
    ->Name("record/multimeter_V_m/1000_neurons/1s/memory")
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);
BENCHMARK(record_csv)
    ->Name("record/multimeter_V_m/1000_neurons/10s/csv")
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);
BENCHMARK(record_npy)
    ->Name("record/multimeter_V_m/1000_neurons/10s/npy")
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

} // namespace
