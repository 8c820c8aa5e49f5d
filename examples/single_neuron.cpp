// A command-line explorer for one neuron of any built-in model. The model name is mapped once,
// at start-up, onto the compile-time model list (axon::with_model); the simulation itself is
// fully typed.
//
//   single_neuron --model iaf_psc_alpha --set I_e=376 --set V_reset=-70 --simtime 1000
//                 --record V_m,I_syn_ex --interval 0.1 --out out/single_neuron
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "axon/axon.hpp"
#include "csv.hpp"

namespace {

struct options {
    std::string model = "iaf_psc_alpha";
    std::vector<std::pair<std::string, axon::value>> settings;
    double simtime = 1000.0;
    double resolution = 0.1;
    std::vector<std::string> record{"V_m"};
    double interval = 1.0;
    std::optional<std::filesystem::path> out;
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
    "                     [--list-models] [--defaults]\n";

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
    return o;
}

/// Applies --set, simulates, prints a summary and writes the CSV files. `columns` are the
/// positions of the --record names among the multimeter's columns (none without one).
template <class M, class Net>
void configure_and_run(Net& net, const options& o, const std::vector<std::size_t>& columns) {
    axon::dictionary changes;
    for (const auto& [name, v] : o.settings)
        changes.insert_or_assign(name, v);
    net.template node<"neuron">().set(changes);

    auto rec = axon::simulate(net, o.simtime);
    const auto& sr = rec.template get<"sr">();
    std::cout << M::name << ": " << sr.n_events() << " spikes in " << rec.time() << " ms";
    if (sr.n_events())
        std::cout << ", the first at " << sr.times.front() << " ms";
    std::cout << '\n';
    if (!o.out)
        return;
    std::filesystem::create_directories(*o.out);
    examples::write_spikes((*o.out / "spikes.csv").string(), sr);
    std::cout << "wrote " << (*o.out / "spikes.csv").string();
    if constexpr (Net::has_node("mm")) {
        const auto& mm = rec.template get<"mm">();
        std::vector<std::span<const double>> data;
        for (auto i : columns)
            data.emplace_back(mm.values[i]);
        examples::write_samples((*o.out / "multimeter.csv").string(), mm.senders, mm.times,
                                o.record, data);
        std::cout << " and " << (*o.out / "multimeter.csv").string();
    }
    std::cout << '\n';
}

template <class M>
void run(const options& o) {
    if (o.defaults) {
        for (const auto& [name, v] : axon::get_defaults<M>())
            std::cout << name << " = " << v << '\n';
        return;
    }
    if constexpr (axon::reflect::field_count<typename M::state> == 0) {
        // nothing to sample (parrot_neuron): spikes only
        if (!o.record.empty() && o.record != std::vector<std::string>{"V_m"})
            throw axon::unknown_name_error(std::string(M::name) + " has no recordables");
        auto net = axon::network(
            axon::kernel{.resolution = o.resolution}, axon::node<"neuron">(axon::population<M>(1)),
            axon::node<"sr">(axon::spike_recorder{}), axon::connect<"neuron", "sr">());
        configure_and_run<M>(net, o, {});
    } else {
        using recorder = axon::multimeter_for<M>; // every recordable; --record picks columns
        const auto& recordables = recorder::record_from;
        std::vector<std::size_t> columns;
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
        auto net = axon::network(axon::kernel{.resolution = o.resolution},
                                 axon::node<"neuron">(axon::population<M>(1)),
                                 axon::node<"mm">(recorder({.interval = o.interval})),
                                 axon::node<"sr">(axon::spike_recorder{}),
                                 axon::connect<"mm", "neuron">(), axon::connect<"neuron", "sr">());
        configure_and_run<M>(net, o, columns);
    }
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
}
