// A command-line explorer for one neuron of any built-in model. The model name is mapped once,
// at start-up, onto the compile-time model list (axon::with_model); the simulation itself is
// fully typed.
//
//   single_neuron --model iaf_psc_alpha --set I_e=376 --set V_reset=-70 --simtime 1000
//                 --record V_m,I_syn_ex --interval 0.1 --out out/single_neuron
//
// Inputs, connected to the neuron as NEST's Connect would connect them:
//
//   --spike-input 200:1:10,20.5,30.3   a spike_generator (weight 200, delay 1 ms, times in ms)
//   --poisson 8000:10                  a poisson_generator (8000 Hz, weight 10, delay 1 ms)
//   --dc 376:100:500                   a dc_generator (376 pA for 100 < t <= 500 ms, delay 1 ms)
//   --seed 7                           the kernel's rng_seed
//
// Where the recorders write (--record-to, NEST's record_to): memory (the default without --out:
// a summary is printed), csv (the default with --out: spikes.csv and multimeter.csv in DIR),
// screen (one line per event on stdout) or npy (spikes.npy and multimeter.npy in DIR, written
// while the simulation runs). The backend is part of a recorder's type, so each value selects
// another network type at run time (with_backend).
//
// The network is one compile-time type per model, so it has fixed slots: 4 spike_generators and
// 4 poisson_generators (each flag fills the next slot; unused slots are connected but emit
// nothing) and one dc_generator (amplitude 0 when --dc is absent).
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "axon/axon.hpp"
#include "csv.hpp"

namespace {

/// The generator slots of the network type (see the header comment).
constexpr std::size_t spike_input_slots = 4;
constexpr std::size_t poisson_slots = 4;

/// --spike-input WEIGHT:DELAY:T1,T2,...
struct spike_input {
    double weight = 0.0;
    double delay = 0.0;
    std::vector<double> times;
};

/// --poisson RATE:WEIGHT[:DELAY]
struct poisson_input {
    double rate = 0.0;
    double weight = 0.0;
    double delay = 1.0; // NEST's default delay
};

/// --dc AMPLITUDE[:START:STOP]
struct dc_input {
    double amplitude = 0.0;
    double start = 0.0;
    double stop = std::numeric_limits<double>::infinity();
};

/// The delay of a --dc connection: NEST's default.
constexpr double dc_delay = 1.0;

/// --record-to: where the recorders write.
enum class record_target { memory, csv, screen, npy };

struct options {
    std::string model = "iaf_psc_alpha";
    std::vector<std::pair<std::string, axon::value>> settings;
    double simtime = 1000.0;
    double resolution = 0.1;
    std::vector<std::string> record{"V_m"};
    double interval = 1.0;
    std::optional<std::filesystem::path> out;
    std::optional<record_target> record_to; // after parse(): csv with --out, memory without
    std::vector<spike_input> spike_inputs;
    std::vector<poisson_input> poisson_inputs;
    std::optional<dc_input> dc;
    std::uint32_t seed = axon::default_rng_seed;
    bool list_models = false;
    bool defaults = false;
};

/// A bad command line: the message is printed on one line and the exit status is 2.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr const char* usage =
    "usage: single_neuron [--model NAME] [--set NAME=VALUE]... [--simtime MS] [--resolution MS]\n"
    "                     [--record NAME[,NAME...]] [--interval MS] [--out DIR]\n"
    "                     [--record-to memory|csv|screen|npy]\n"
    "                     [--spike-input WEIGHT:DELAY:T1,T2,...]...\n"
    "                     [--poisson RATE:WEIGHT[:DELAY]]... [--dc AMPLITUDE[:START:STOP]]\n"
    "                     [--seed N]\n"
    "                     [--list-models] [--defaults]\n"
    "\n"
    "inputs to the neuron (times and delays in ms, on the --resolution grid):\n"
    "  --spike-input WEIGHT:DELAY:T1,T2,...  a spike_generator firing at T1,T2,... (sorted);\n"
    "                                        each spike arrives DELAY later with WEIGHT\n"
    "  --poisson RATE:WEIGHT[:DELAY]         a poisson_generator of RATE Hz, WEIGHT per spike,\n"
    "                                        DELAY 1 ms unless given\n"
    "  --dc AMPLITUDE[:START:STOP]           a dc_generator of AMPLITUDE pA, on for\n"
    "                                        START < t <= STOP (default: always), delay 1 ms\n"
    "  --seed N                              the kernel's rng_seed (0 to 4294967295), which\n"
    "                                        names the Poisson trains\n"
    "--spike-input and --poisson may each be given up to 4 times: the network is a compile-time\n"
    "type with 4 slots of each generator, and slots left unused emit nothing. --dc is given\n"
    "at most once (it adds to I_e).\n"
    "\n"
    "where the recorders write (--record-to):\n"
    "  memory  keep the events and print a summary (the default without --out)\n"
    "  csv     DIR/spikes.csv and DIR/multimeter.csv, columns sender,time_ms,<--record names>\n"
    "          (the default with --out)\n"
    "  screen  one line per event on stdout while the simulation runs\n"
    "  npy     DIR/spikes.npy and DIR/multimeter.npy, NumPy structured arrays written while\n"
    "          the simulation runs; multimeter.npy holds every recordable of the model (a\n"
    "          recorder's quantities are part of its type), fields sender,time_ms,<recordables>\n";

/// --record-to memory|csv|screen|npy.
record_target parse_record_to(const std::string& flag, const std::string& text) {
    if (text == "memory")
        return record_target::memory;
    if (text == "csv")
        return record_target::csv;
    if (text == "screen")
        return record_target::screen;
    if (text == "npy")
        return record_target::npy;
    throw usage_error(flag + " expects memory, csv, screen or npy, got '" + text + "'");
}

/// "true"/"false", an integer, a number, or else the text itself (which set() then rejects
/// with a message naming the parameter).
axon::value parse_value(const std::string& text) {
    if (text == "true")
        return true;
    if (text == "false")
        return false;
    const char* end = text.data() + text.size();
    long long i = 0;
    if (auto r = std::from_chars(text.data(), end, i); r.ec == std::errc{} && r.ptr == end)
        return static_cast<std::int64_t>(i);
    double d = 0;
    if (auto r = std::from_chars(text.data(), end, d); r.ec == std::errc{} && r.ptr == end)
        return d;
    return text;
}

double parse_ms(const std::string& flag, const std::string& text) {
    double d = 0;
    const char* end = text.data() + text.size();
    if (auto r = std::from_chars(text.data(), end, d); r.ec != std::errc{} || r.ptr != end)
        throw usage_error(flag + " expects a number of milliseconds, got '" + text + "'");
    return d;
}

/// A number in a part of a compound value: `flag` and `whole` name it in the message.
double parse_number(const std::string& flag, const std::string& whole, const std::string& text) {
    double d = 0;
    const char* end = text.data() + text.size();
    if (auto r = std::from_chars(text.data(), end, d); r.ec != std::errc{} || r.ptr != end)
        throw usage_error(flag + ": '" + text + "' is not a number (in '" + whole + "')");
    return d;
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> parts;
    std::size_t begin = 0;
    while (begin <= text.size()) {
        auto end = text.find(sep, begin);
        if (end == std::string::npos)
            end = text.size();
        parts.push_back(text.substr(begin, end - begin));
        begin = end + 1;
    }
    return parts;
}

spike_input parse_spike_input(const std::string& flag, const std::string& text) {
    const auto parts = split(text, ':');
    if (parts.size() != 3)
        throw usage_error(flag + " expects WEIGHT:DELAY:T1,T2,..., got '" + text + "'");
    spike_input in{parse_number(flag, text, parts[0]), parse_number(flag, text, parts[1]), {}};
    for (const auto& t : split(parts[2], ','))
        in.times.push_back(parse_number(flag, text, t));
    return in;
}

poisson_input parse_poisson(const std::string& flag, const std::string& text) {
    const auto parts = split(text, ':');
    if (parts.size() != 2 && parts.size() != 3)
        throw usage_error(flag + " expects RATE:WEIGHT[:DELAY], got '" + text + "'");
    poisson_input in{parse_number(flag, text, parts[0]), parse_number(flag, text, parts[1])};
    if (parts.size() == 3)
        in.delay = parse_number(flag, text, parts[2]);
    return in;
}

dc_input parse_dc(const std::string& flag, const std::string& text) {
    const auto parts = split(text, ':');
    if (parts.size() != 1 && parts.size() != 3)
        throw usage_error(flag + " expects AMPLITUDE[:START:STOP], got '" + text + "'");
    dc_input in{parse_number(flag, text, parts[0])};
    if (parts.size() == 3) {
        in.start = parse_number(flag, text, parts[1]);
        in.stop = parse_number(flag, text, parts[2]);
    }
    return in;
}

std::uint32_t parse_seed(const std::string& flag, const std::string& text) {
    std::uint32_t n = 0;
    const char* end = text.data() + text.size();
    if (auto r = std::from_chars(text.data(), end, n); r.ec != std::errc{} || r.ptr != end)
        throw usage_error(flag + " expects an integer from 0 to " +
                          std::to_string(std::numeric_limits<std::uint32_t>::max()) + ", got '" +
                          text + "'");
    return n;
}

options parse(int argc, char** argv) {
    options o;
    const std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& flag = args[i];
        auto next = [&]() -> const std::string& {
            if (i + 1 >= args.size())
                throw usage_error(flag + " needs a value");
            return args[++i];
        };
        if (flag == "--model")
            o.model = next();
        else if (flag == "--set") {
            const auto& kv = next();
            const auto eq = kv.find('=');
            if (eq == std::string::npos || eq == 0)
                throw usage_error("--set expects NAME=VALUE, got '" + kv + "'");
            o.settings.emplace_back(kv.substr(0, eq), parse_value(kv.substr(eq + 1)));
        } else if (flag == "--simtime")
            o.simtime = parse_ms(flag, next());
        else if (flag == "--resolution")
            o.resolution = parse_ms(flag, next());
        else if (flag == "--record")
            o.record = split(next(), ',');
        else if (flag == "--interval")
            o.interval = parse_ms(flag, next());
        else if (flag == "--out")
            o.out = next();
        else if (flag == "--record-to")
            o.record_to = parse_record_to(flag, next());
        else if (flag == "--spike-input") {
            const auto& text = next();
            if (o.spike_inputs.size() == spike_input_slots)
                throw usage_error(flag + " can be given at most " +
                                  std::to_string(spike_input_slots) + " times");
            o.spike_inputs.push_back(parse_spike_input(flag, text));
        } else if (flag == "--poisson") {
            const auto& text = next();
            if (o.poisson_inputs.size() == poisson_slots)
                throw usage_error(flag + " can be given at most " + std::to_string(poisson_slots) +
                                  " times");
            o.poisson_inputs.push_back(parse_poisson(flag, text));
        } else if (flag == "--dc") {
            const auto& text = next();
            if (o.dc)
                throw usage_error(flag + " can be given only once");
            o.dc = parse_dc(flag, text);
        } else if (flag == "--seed")
            o.seed = parse_seed(flag, next());
        else if (flag == "--list-models")
            o.list_models = true;
        else if (flag == "--defaults")
            o.defaults = true;
        else if (flag == "--help" || flag == "-h") {
            std::cout << usage;
            std::exit(0);
        } else
            throw usage_error("unknown option '" + flag + "'; see --help");
    }
    if (!o.record_to)
        o.record_to = o.out ? record_target::csv : record_target::memory;
    const bool writes_files =
        *o.record_to == record_target::csv || *o.record_to == record_target::npy;
    if (writes_files && !o.out)
        throw usage_error("--record-to csv and npy write files: give the folder with --out DIR");
    if (!writes_files && o.out)
        throw usage_error("--record-to memory and screen write no files: drop --out, or record "
                          "to csv or npy");
    return o;
}

/// The backend type of recorder Name of a network.
template <axon::fixed_string Name, class Net>
using backend_of =
    typename std::remove_cvref_t<decltype(std::declval<Net&>().template node<Name>())>::backend;

/// Creates the --out folder (and its parents) where it is missing.
void make_folder(const std::filesystem::path& folder) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        throw axon::io_error("cannot create the folder '" + folder.string() + "': " + ec.message());
}

/// Writes spikes.csv and multimeter.csv (the --record columns) from memory.
template <class Net>
void write_csv(const Net& net, const options& o, const std::vector<std::size_t>& columns) {
    make_folder(*o.out);
    examples::write_spikes((*o.out / "spikes.csv").string(), net.template node<"sr">().events());
    std::cout << "wrote " << (*o.out / "spikes.csv").string();
    if constexpr (Net::has_node("mm")) {
        const auto& mm = net.template node<"mm">().events();
        std::vector<std::span<const double>> data;
        for (auto i : columns)
            data.emplace_back(mm.values[i]);
        examples::write_samples((*o.out / "multimeter.csv").string(), mm.senders, mm.times,
                                o.record, data);
        std::cout << " and " << (*o.out / "multimeter.csv").string();
    }
    std::cout << '\n';
}

/// What memory holds, per neuron: its samples and the range of each --record quantity.
template <class Net>
void print_memory(const Net& net, const options& o, const std::vector<std::size_t>& columns) {
    if constexpr (Net::has_node("mm")) {
        const auto& mm = net.template node<"mm">().events();
        for (const auto& [id, rows] : mm.by_sender()) {
            std::cout << "in memory, neuron " << id << ": " << rows.n_events() << " samples";
            for (std::size_t c = 0; c < columns.size(); ++c) {
                const auto& column = mm.values[columns[c]];
                auto [lo, hi] = std::pair(std::numeric_limits<double>::infinity(),
                                          -std::numeric_limits<double>::infinity());
                for (const auto r : rows.rows()) {
                    lo = std::min(lo, column[r]);
                    hi = std::max(hi, column[r]);
                }
                std::cout << ", " << o.record[c] << " from " << lo << " to " << hi;
            }
            std::cout << '\n';
        }
    }
}

/// Applies --set, simulates and prints a summary; then, from memory, writes the CSV files
/// (--record-to csv) or prints what memory holds (memory). `columns` are the positions of the
/// --record names among the multimeter's columns (none without one).
template <class M, class Net>
void configure_and_run(Net& net, const options& o, const std::vector<std::size_t>& columns) {
    axon::dictionary changes;
    for (const auto& [name, v] : o.settings)
        changes.insert_or_assign(name, v);
    net.template node<"neuron">().set(changes);

    axon::simulate(net, o.simtime);
    const auto& sr = net.template node<"sr">();
    std::cout << M::name << ": " << sr.n_events() << " spikes in " << net.time() << " ms";
    if constexpr (std::is_same_v<backend_of<"sr", Net>, axon::memory>) {
        if (sr.n_events())
            std::cout << ", the first at " << sr.events().times.front() << " ms";
        std::cout << '\n';
        if (*o.record_to == record_target::csv)
            write_csv(net, o, columns);
        else
            print_memory(net, o, columns);
    } else {
        std::cout << '\n';
    }
}

/// The node name of slot I of a kind of generator: "sg0", "pg3", ...
template <char A, char B, std::size_t I>
constexpr axon::fixed_string<4> slot_name() {
    static_assert(I < 10);
    axon::fixed_string<4> name;
    name.value[0] = A;
    name.value[1] = B;
    name.value[2] = static_cast<char>('0' + I);
    return name;
}

/// Slot I of the spike_generators: the I-th --spike-input, or a generator without spikes.
/// Unused slots get the delay of one step, which every resolution allows.
template <std::size_t I>
auto spike_input_slot(const options& o) {
    constexpr auto name = slot_name<'s', 'g', I>();
    if (I < o.spike_inputs.size()) {
        const auto& in = o.spike_inputs[I];
        return std::tuple(axon::node<name>(axon::spike_generator({.spike_times = in.times})),
                          axon::connect<name, "neuron">({.weight = in.weight, .delay = in.delay}));
    }
    return std::tuple(axon::node<name>(axon::spike_generator{}),
                      axon::connect<name, "neuron">({.delay = o.resolution}));
}

/// Slot I of the poisson_generators: the I-th --poisson, or a generator at rate 0.
template <std::size_t I>
auto poisson_slot(const options& o) {
    constexpr auto name = slot_name<'p', 'g', I>();
    if (I < o.poisson_inputs.size()) {
        const auto& in = o.poisson_inputs[I];
        return std::tuple(axon::node<name>(axon::poisson_generator({.rate = in.rate})),
                          axon::connect<name, "neuron">({.weight = in.weight, .delay = in.delay}));
    }
    return std::tuple(axon::node<name>(axon::poisson_generator{}),
                      axon::connect<name, "neuron">({.delay = o.resolution}));
}

/// The dc_generator: --dc, or amplitude 0.
auto dc_slot(const options& o) {
    if (o.dc) {
        const auto& in = *o.dc;
        return std::tuple(axon::node<"dc">(axon::dc_generator(
                              {.amplitude = in.amplitude, .start = in.start, .stop = in.stop})),
                          axon::connect<"dc", "neuron">({.delay = dc_delay}));
    }
    return std::tuple(axon::node<"dc">(axon::dc_generator{}),
                      axon::connect<"dc", "neuron">({.delay = o.resolution}));
}

/// Every generator slot's node and connection, one flat tuple. Its type does not depend on
/// the model; the slots are made in order, so the first bad flag is the one reported.
auto stimuli(const options& o) {
    return [&]<std::size_t... S, std::size_t... P>(std::index_sequence<S...>,
                                                   std::index_sequence<P...>) {
        auto slots = std::tuple{spike_input_slot<S>(o)..., poisson_slot<P>(o)..., dc_slot(o)};
        return std::apply([](auto&... slot) { return std::tuple_cat(std::move(slot)...); }, slots);
    }
    (std::make_index_sequence<spike_input_slots>{}, std::make_index_sequence<poisson_slots>{});
}

/// One neuron of model M (node id 1), the recorders given, and every generator slot.
template <class M, class... Recording>
auto make_network(const options& o, Recording&&... recording) {
    return std::apply(
        [&](auto&&... stimulus) {
            return axon::network(axon::kernel{.resolution = o.resolution, .rng_seed = o.seed},
                                 axon::node<"neuron">(axon::population<M>(1)),
                                 std::forward<Recording>(recording)...,
                                 std::forward<decltype(stimulus)>(stimulus)...);
        },
        stimuli(o));
}

/// Calls f with the recorder backend that --record-to selects. Each backend is a type of its
/// own, so each gives another network type: csv records to memory and writes the files after
/// the run (its columns are the --record names); screen and npy stream every row as it comes.
template <class F>
void with_backend(const options& o, F&& f) {
    switch (*o.record_to) {
    case record_target::memory:
    case record_target::csv:
        return f(axon::memory{});
    case record_target::screen:
        return f(axon::screen{});
    case record_target::npy:
        make_folder(*o.out);
        return f(axon::npy{.folder = o.out->string()});
    }
}

/// Gives a file the name `to` (the recorders name theirs as NEST does).
void rename_file(const std::string& from, const std::filesystem::path& to) {
    std::error_code ec;
    std::filesystem::rename(from, to, ec);
    if (ec)
        throw axon::io_error("cannot rename '" + from + "' to '" + to.string() +
                             "': " + ec.message());
}

/// The network of model M with recorders writing to backend B: simulates it, and for npy
/// renames the closed files to spikes.npy and multimeter.npy.
template <class M, class B>
void run_with(const options& o, const std::vector<std::size_t>& columns, const B& backend) {
    std::vector<std::pair<std::string, std::filesystem::path>> files; // npy: (written, final)
    {
        auto recorded = [&](auto& net) {
            configure_and_run<M>(net, o, columns);
            if constexpr (std::is_same_v<B, axon::npy>) {
                files.emplace_back(net.template node<"sr">().filename(), *o.out / "spikes.npy");
                if constexpr (std::remove_cvref_t<decltype(net)>::has_node("mm"))
                    files.emplace_back(net.template node<"mm">().filename(),
                                       *o.out / "multimeter.npy");
            }
        };
        if constexpr (axon::reflect::field_count<typename M::state> == 0) {
            // nothing to sample (parrot_neuron): spikes only
            auto net = make_network<M>(o, axon::node<"sr">(axon::spike_recorder_to<B>({}, backend)),
                                       axon::connect<"neuron", "sr">());
            recorded(net);
        } else {
            // every recordable; --record picks the columns of csv and of the memory summary
            using recorder = axon::multimeter_for<M, B>;
            auto net =
                make_network<M>(o, axon::node<"mm">(recorder({.interval = o.interval}, backend)),
                                axon::node<"sr">(axon::spike_recorder_to<B>({}, backend)),
                                axon::connect<"mm", "neuron">(), axon::connect<"neuron", "sr">());
            recorded(net);
        }
    } // the network is gone: its files are complete and closed
    for (std::size_t i = 0; i < files.size(); ++i) {
        rename_file(files[i].first, files[i].second);
        std::cout << (i == 0 ? "wrote " : " and ") << files[i].second.string();
    }
    if (!files.empty())
        std::cout << '\n';
}

/// The positions of the --record names among M's recordables; an unknown name is an error.
template <class M>
std::vector<std::size_t> recorded_columns(const options& o) {
    std::vector<std::size_t> columns;
    if constexpr (axon::reflect::field_count<typename M::state> == 0) {
        if (!o.record.empty() && o.record != std::vector<std::string>{"V_m"})
            throw axon::unknown_name_error(std::string(M::name) + " has no recordables");
    } else {
        const auto& recordables = axon::multimeter_for<M>::record_from;
        for (const auto& name : o.record) {
            const auto it = std::find(recordables.begin(), recordables.end(), name);
            if (it == recordables.end()) {
                std::string list;
                for (auto r : recordables)
                    list += (list.empty() ? "" : ", ") + std::string(r);
                throw axon::unknown_name_error(std::string(M::name) + " cannot record '" + name +
                                               "'; its recordables are: " + list);
            }
            columns.push_back(static_cast<std::size_t>(it - recordables.begin()));
        }
    }
    return columns;
}

template <class M>
void run(const options& o) {
    if (o.defaults) {
        for (const auto& [name, v] : axon::get_defaults<M>())
            std::cout << name << " = " << v << '\n';
        return;
    }
    const auto columns = recorded_columns<M>(o);
    with_backend(o, [&](const auto& backend) { run_with<M>(o, columns, backend); });
}

} // namespace

int main(int argc, char** argv) {
    try {
        const auto o = parse(argc, argv);
        if (o.list_models) {
            for (auto name : axon::neuron_models())
                std::cout << name << '\n';
            return 0;
        }
        axon::with_model(o.model, [&](auto model) { run<typename decltype(model)::type>(o); });
    } catch (const usage_error& e) {
        std::cerr << "single_neuron: " << e.what() << '\n';
        return 2;
    } catch (const axon::error& e) {
        std::cerr << "single_neuron: " << e.what() << '\n';
        return 2;
    }
    return 0; // explicit: fuzz/single_neuron.cpp calls this main as a function
}
