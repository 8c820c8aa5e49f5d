// Fuzzer (d): the command line of examples/single_neuron. Its main is compiled here as
// single_neuron_main and called with an argv made from the bytes: flags drawn from the
// program's own (and arbitrary words), values arbitrary strings. The program must answer with
// status 0 or 2 (its one-line error path). Left out, since they are not findings: --help
// (std::exit(0)), --out (files), and values that only make a run long: --simtime above 20 ms
// and --resolution below 0.01 ms are replaced.
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "axon/axon.hpp"
#include "csv.hpp"
#include "fuzz.hpp"

#define main single_neuron_main
#include "../examples/single_neuron.cpp" // (not fuzz/single_neuron.cpp, this file)
#undef main

namespace {

std::optional<double> as_number(const std::string& s) {
    double d = 0;
    const char* end = s.data() + s.size();
    if (auto r = std::from_chars(s.data(), end, d); r.ec == std::errc{} && r.ptr == end)
        return d;
    return std::nullopt;
}

/// s up to its first NUL: what a program receives of it through argv.
std::string as_argument(std::string s) {
    s.resize(std::strlen(s.c_str()));
    return s;
}

/// A value for `flag`: arbitrary text, or a well-formed one for that flag with fuzzed numbers.
std::string value_for(FuzzedDataProvider& in, const std::string& flag) {
    if (in.ConsumeIntegralInRange<int>(0, 3) == 0)
        return in.ConsumeRandomLengthString(40);
    const auto num = [&] {
        std::ostringstream s;
        s.precision(17);
        s << fuzz::number(in);
        return s.str();
    };
    if (flag == "--spike-input") {
        std::string s = num() + ":" + num() + ":" + num();
        for (int i = in.ConsumeIntegralInRange<int>(0, 5); i > 0; --i)
            s += "," + num();
        return s;
    }
    if (flag == "--poisson")
        return num() + ":" + num() + (in.ConsumeBool() ? ":" + num() : "");
    if (flag == "--dc")
        return num() + (in.ConsumeBool() ? ":" + num() + ":" + num() : "");
    if (flag == "--model") {
        const auto models = axon::neuron_models();
        return std::string(models[in.ConsumeIntegralInRange<std::size_t>(0, models.size() - 1)]);
    }
    if (flag == "--set") {
        const auto names = axon::get_defaults<axon::iaf_psc_alpha>();
        auto it = names.begin();
        std::advance(it, in.ConsumeIntegralInRange<std::size_t>(0, names.size() - 1));
        return it->first + "=" + (in.ConsumeBool() ? num() : in.ConsumeRandomLengthString(12));
    }
    if (flag == "--record")
        return in.ConsumeBool() ? "V_m,I_syn_ex" : "V_m";
    if (flag == "--seed")
        return std::to_string(in.ConsumeIntegral<std::uint32_t>());
    return num();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const char* const flags[] = {"--model",  "--set",      "--simtime",  "--resolution",
                                        "--record", "--interval", "--poisson",  "--spike-input",
                                        "--dc",     "--seed",     "--defaults", "--list-models"};
    FuzzedDataProvider in(data, size);
    std::vector<std::string> args{"single_neuron"};
    while (in.remaining_bytes() > 0 && args.size() < 24) {
        // as the program sees it: argv holds C strings, so a word ends at its first NUL (else
        // "--help\0..." would pass the check below and reach the program as --help)
        std::string flag = as_argument(
            in.ConsumeIntegralInRange<int>(0, 15) == 0
                ? in.ConsumeRandomLengthString(16)
                : flags[in.ConsumeIntegralInRange<std::size_t>(0, std::size(flags) - 1)]);
        if (flag == "--help" || flag == "-h" || flag == "--out")
            continue;
        args.push_back(flag);
        if (flag == "--defaults" || flag == "--list-models" ||
            !in.ConsumeIntegralInRange<int>(0, 20))
            continue; // no value (or a missing one)
        std::string v = as_argument(value_for(in, flag));
        if (const auto d = as_number(v)) {
            if (flag == "--simtime" && !(*d <= 20.0))
                v = "20";
            if (flag == "--resolution" && !(*d >= 0.01))
                v = "0.1";
        }
        args.push_back(v);
    }
    // a --simtime or --resolution the program reads must be one of the above: default simtime
    // is 1000 ms, so give a short one last unless there is one
    if (std::find(args.begin(), args.end(), "--simtime") == args.end()) {
        args.push_back("--simtime");
        args.push_back("5");
    }
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    static std::ostringstream sink; // the program's output is not looked at
    sink.str({});
    auto* out = std::cout.rdbuf(sink.rdbuf());
    auto* err = std::cerr.rdbuf(sink.rdbuf());
    int status = -1;
    fuzz::guarded("single_neuron",
                  [&] { status = single_neuron_main(static_cast<int>(args.size()), argv.data()); });
    std::cout.rdbuf(out);
    std::cerr.rdbuf(err);
    if (status != 0 && status != 2)
        fuzz::finding("single_neuron: exit status " + std::to_string(status));
    return 0;
}
