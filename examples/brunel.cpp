// Brunel's (2000) balanced random network, as NEST's brunel_alpha_nest example (see brunel.hpp
// for the model and its parameters). Every neuron's spikes go to CSV files while the network
// runs (the csv backend keeps nothing in memory); examples/plot/brunel.gp draws a raster of
// 50 excitatory and 50 inhibitory neurons and the population rates from them.
//
// Built with Open MPI (CMake finds it), the same program runs as P processes:
//   mpirun -np P brunel [flags]
// each process simulates part of every population and writes the spikes of its own neurons;
// the spikes are the same for every P (and every T).
//
// Usage: brunel [--order K] [--simtime MS] [--seed N] [--threads T] [--out DIR]
//   --order K     NE = 4 K excitatory and NI = K inhibitory neurons (default 2500: 12 500
//                 neurons, 15.6 million synapses)
//   --simtime MS  simulated time (default 1000 ms)
//   --seed N      the kernel's rng_seed (connectivity and Poisson drive)
//   --threads T   simulate on T threads (the spikes are the same for every T)
//   --out DIR     where to write (default out/brunel):
//                   spikes_E-<id>-<p>.csv, spikes_I-<id>-<p>.csv   sender,time_ms, the
//                   neurons of process p (0 without MPI); together: every neuron's spikes
//                   summary.txt   sizes, synapse count, rates, build and simulation times
#include <charconv>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "brunel.hpp"
#ifdef AXON_EXAMPLE_MPI
#include "axon/mpi.hpp"
#endif

namespace {

struct options {
    bool help = false;
    std::size_t order = 2500;
    double simtime = 1000.0;
    std::uint32_t seed = axon::default_rng_seed;
    std::size_t threads = 1;
    std::filesystem::path out = "out/brunel";
};

/// A bad command line: the message is printed on one line and the exit status is 2.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr const char* usage =
    "usage: brunel [--order K] [--simtime MS] [--seed N] [--threads T] [--out DIR]\n"
    "  --order K     NE = 4 K excitatory and NI = K inhibitory neurons (default 2500)\n"
    "  --simtime MS  simulated time in ms (default 1000)\n"
    "  --seed N      the kernel's rng_seed, 0 to 4294967295 (default NEST's, 143202461)\n"
    "  --threads T   simulate on T threads, 1 to 1024 (the same spikes for every T)\n"
    "  --out DIR     folder for the spike files and summary.txt (default out/brunel)\n";

template <class T>
T parse(std::string_view flag, std::string_view text, T lo, T hi) {
    T x{};
    const char* end = text.data() + text.size();
    if (auto r = std::from_chars(text.data(), end, x); r.ec != std::errc{} || r.ptr != end)
        throw usage_error(std::string(flag) + " expects a number, got '" + std::string(text) + "'");
    if (!(x >= lo && x <= hi)) {
        std::ostringstream s;
        s << flag << " must lie in [" << lo << ", " << hi << "], got " << text;
        throw usage_error(s.str());
    }
    return x;
}

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            o.help = true;
            return o;
        }
        if (i + 1 >= argc)
            throw usage_error(std::string("unknown flag or missing value: ") + argv[i]);
        const std::string_view value = argv[++i];
        if (flag == "--order") // K >= 10 gives CI >= 1; 10^6 is 5 million neurons
            o.order = parse<std::size_t>(flag, value, 10, 1'000'000);
        else if (flag == "--simtime")
            o.simtime = parse<double>(flag, value, 0.1, 1e7);
        else if (flag == "--seed")
            o.seed = parse<std::uint32_t>(flag, value, 0, 4294967295u);
        else if (flag == "--threads")
            o.threads = parse<std::size_t>(flag, value, 1, axon::max_threads);
        else if (flag == "--out")
            o.out = value;
        else
            throw usage_error("unknown flag " + std::string(flag) + " (see --help)");
    }
    return o;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// The sum over every process (the value itself without MPI).
template <class T>
T total(T x) {
#ifdef AXON_EXAMPLE_MPI
    return axon::mpi::sum(x);
#else
    return x;
#endif
}

void run(const options& o) {
    const examples::brunel b{.order = o.order};
    std::error_code ec;
    std::filesystem::create_directories(o.out, ec);
    if (ec)
        throw axon::io_error("cannot create the folder " + o.out.string() + ": " + ec.message());

    // The progress line is worth having when a run takes more than a few seconds: about 10 s
    // for K = 2500 and 1000 ms on one core, growing as K^2 (synapses) and the simulated time.
    const double k = static_cast<double>(o.order) / 2500.0;
    const bool long_run = k * k * o.simtime / 1000.0 * 10.0 > 3.0;

    const axon::kernel settings{.rng_seed = o.seed, .print_time = long_run, .threads = o.threads};
    const auto t0 = std::chrono::steady_clock::now();
#ifdef AXON_EXAMPLE_MPI
    auto net = b.build(axon::mpi::world(settings),
#else
    auto net = b.build(settings,
#endif
                       axon::csv{.folder = o.out.string(), .label = "spikes_E"},
                       axon::csv{.folder = o.out.string(), .label = "spikes_I"});
    const double build_s = seconds_since(t0);
    const std::size_t synapses =
        total(net.synapses<"E", "E">().size() + net.synapses<"E", "I">().size() +
              net.synapses<"I", "E">().size() + net.synapses<"I", "I">().size());
    if (net.rank() != 0)
        net.print_time_to(nullptr); // one progress line

    const auto t1 = std::chrono::steady_clock::now();
    axon::simulate(net, o.simtime);
    const double simulate_s = seconds_since(t1);

    const auto NE = static_cast<double>(b.NE()), NI = static_cast<double>(b.NI());
    const double seconds = o.simtime / 1000.0;
    const auto n_E = static_cast<double>(total(net.node<"sr_E">().n_events()));
    const auto n_I = static_cast<double>(total(net.node<"sr_I">().n_events()));
    if (net.rank() != 0)
        return;

    std::ostringstream s;
    s << "Brunel network (brunel_alpha_nest): order " << o.order << ", NE = " << b.NE()
      << ", NI = " << b.NI() << ", CE = " << b.CE() << ", CI = " << b.CI() << "\n"
      << "g = " << b.g << ", eta = " << b.eta << ", J = " << b.J << " mV (J_ex = " << b.J_ex()
      << " pA, J_in = " << b.J_in() << " pA), delay " << b.delay << " ms, Poisson rate "
      << b.p_rate() << " Hz, rng_seed " << o.seed << "\n"
      << "synapses: " << synapses << " (recurrent)\n"
      << "build: " << build_s << " s, simulate " << o.simtime << " ms: " << simulate_s << " s on "
      << o.threads << (o.threads == 1 ? " thread" : " threads")
      << (net.processes() == 1 ? std::string("\n")
                               : " in each of " + std::to_string(net.processes()) + " processes\n")
      << "spikes: " << n_E + n_I << " (E " << n_E << ", I " << n_I << ")\n"
      << "rates: E " << n_E / NE / seconds << " Hz, I " << n_I / NI / seconds << " Hz, all "
      << (n_E + n_I) / (NE + NI) / seconds << " Hz\n";
#ifdef AXON_EXAMPLE_MPI
    if (net.processes() > 1) {
        const auto& mpi = net.transport();
        s << "exchanges: " << net.exchanges() << ", one per "
          << net.exchange_interval() * net.resolution() << " ms; process 0 spent " << mpi.seconds()
          << " s in " << mpi.exchanges() << " gathers (waiting for the others included)\n";
    }
#endif
    std::cout << s.str() << "wrote " << (o.out / "summary.txt").string() << " and the spike files "
              << (o.out / "spikes_E-*.csv").string() << ", " << (o.out / "spikes_I-*.csv").string()
              << '\n';
    std::ofstream summary(o.out / "summary.txt");
    summary << s.str();
    if (!summary.flush())
        throw axon::io_error("cannot write " + (o.out / "summary.txt").string());
}

} // namespace

int main(int argc, char** argv) {
#ifdef AXON_EXAMPLE_MPI
    const axon::mpi::session mpi(argc, argv);
#endif
    try {
        const auto o = parse(argc, argv);
        if (o.help)
            std::cout << usage;
        else
            run(o);
    } catch (const usage_error& e) {
        std::cerr << "brunel: " << e.what() << '\n';
        return 2;
    } catch (const axon::error& e) {
        std::cerr << "brunel: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
