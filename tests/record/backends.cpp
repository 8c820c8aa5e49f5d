// Recording backends: csv, npy and screen write what memory keeps, bit for bit; file backends
// keep no samples; failing I/O raises io_error naming the path and the cause.
#include <catch2/catch.hpp>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "axon/core/error.hpp"
#include "axon/devices/multimeter.hpp"
#include "axon/devices/spike_recorder.hpp"
#include "axon/devices/weight_recorder.hpp"
#include "axon/models/iaf_psc_alpha.hpp"
#include "axon/network/network.hpp"
#include "axon/record/backends.hpp"
#include "axon/simulate.hpp"
#include "axon/synapses/stdp_synapse.hpp"

using namespace axon;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

/// A fresh, empty folder under the system's temporary folder (or $AXON_EXPORT_DIR/name).
fs::path fresh_folder(const std::string& name) {
    fs::path base = fs::temp_directory_path() / "axon_test_backends";
    if (const char* e = std::getenv("AXON_EXPORT_DIR"))
        base = e;
    const auto p = base / name;
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

/// Rows of a table read back from a file: integer columns, then double columns.
struct table {
    std::vector<std::string> names;
    std::vector<std::vector<std::uint64_t>> ints; // per column
    std::vector<std::vector<double>> doubles;     // per column
    [[nodiscard]] std::size_t rows() const { return ints.empty() ? 0 : ints[0].size(); }
};

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, sep))
        out.push_back(cell);
    return out;
}

template <class T>
T parse(const std::string& s) {
    T x{};
    const auto r = std::from_chars(s.data(), s.data() + s.size(), x);
    REQUIRE(r.ec == std::errc{});
    REQUIRE(r.ptr == s.data() + s.size());
    return x;
}

table read_csv(const fs::path& path, std::size_t n_ints) {
    std::ifstream in(path);
    REQUIRE(in);
    table t;
    std::string line;
    REQUIRE(std::getline(in, line));
    t.names = split(line, ',');
    t.ints.resize(n_ints);
    t.doubles.resize(t.names.size() - n_ints);
    while (std::getline(in, line)) {
        const auto cells = split(line, ',');
        REQUIRE(cells.size() == t.names.size());
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i < n_ints)
                t.ints[i].push_back(parse<std::uint64_t>(cells[i]));
            else
                t.doubles[i - n_ints].push_back(parse<double>(cells[i]));
        }
    }
    return t;
}

/// Reads a .npy written by the npy backend: checks magic, version, alignment and descr.
table read_npy(const fs::path& path, std::size_t n_ints) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(bytes.size() >= 10);
    REQUIRE(bytes.substr(0, 6) == "\x93NUMPY");
    REQUIRE(bytes[6] == 1);
    REQUIRE(bytes[7] == 0);
    const std::size_t len =
        static_cast<unsigned char>(bytes[8]) + 256u * static_cast<unsigned char>(bytes[9]);
    REQUIRE((10 + len) % 64 == 0);
    const std::string header = bytes.substr(10, len);
    REQUIRE(header.back() == '\n');
    CHECK(header.find("'fortran_order': False") != std::string::npos);
    table t;
    // descr: [('name', '<u8'), ...]
    for (std::size_t p = header.find("('"); p != std::string::npos; p = header.find("('", p + 1)) {
        const auto q = header.find('\'', p + 2);
        t.names.push_back(header.substr(p + 2, q - p - 2));
        const auto type = header.substr(q + 4, 3);
        CHECK(type == (t.names.size() <= n_ints ? "<u8" : "<f8"));
    }
    const auto s = header.find("'shape': (") + 10;
    const auto rows = parse<std::uint64_t>(header.substr(s, header.find(',', s) - s));
    const std::size_t width = 8 * t.names.size();
    REQUIRE(bytes.size() == 10 + len + rows * width);
    t.ints.resize(n_ints);
    t.doubles.resize(t.names.size() - n_ints);
    for (std::size_t r = 0; r < rows; ++r) {
        const char* row = bytes.data() + 10 + len + r * width;
        for (std::size_t i = 0; i < t.names.size(); ++i) {
            if (i < n_ints) {
                std::uint64_t x;
                std::memcpy(&x, row + 8 * i, 8);
                t.ints[i].push_back(x);
            } else {
                double x;
                std::memcpy(&x, row + 8 * i, 8);
                t.doubles[i - n_ints].push_back(x);
            }
        }
    }
    return t;
}

/// Three neurons that fire and excite each other through recorded stdp synapses; every
/// recorder writes to B.
template <class B>
auto make_net(const B& b) {
    auto net = network(
        node<"pop">(population<iaf_psc_alpha>(3, {.I_e = 400.0})),
        node<"mm">(multimeter_to<B, "V_m", "I_syn_ex">({.interval = 0.5}, b)),
        node<"sr">(spike_recorder_to<B>({.start = 10.0}, b)),
        node<"wr">(weight_recorder_to<B>({}, b)), connect<"mm", "pop">(), connect<"pop", "sr">(),
        connect<"pop", "pop", stdp_synapse>({.weight = 20.0, .delay = 1.5}).recorded_by<"wr">());
    net.template node<"pop">().set_state(1, "V_m", -60.0);
    net.template node<"pop">().set_state(2, "V_m", -65.5);
    return net;
}

constexpr double T = 200.0;

struct memory_run {
    sample_recording<"V_m", "I_syn_ex"> mm;
    spike_recording sr;
    weight_recording wr;
};

memory_run in_memory() {
    auto net = make_net(memory{});
    simulate(net, T / 2);
    simulate(net, T / 2);
    return {net.node<"mm">().events(), net.node<"sr">().events(), net.node<"wr">().events()};
}

void check_same(const memory_run& m, const table& mm, const table& sr, const table& wr) {
    CHECK(mm.names == std::vector<std::string>{"sender", "time_ms", "V_m", "I_syn_ex"});
    CHECK(sr.names == std::vector<std::string>{"sender", "time_ms"});
    CHECK(wr.names == std::vector<std::string>{"sender", "target", "time_ms", "weight"});
    REQUIRE(m.mm.n_events() == 3 * 400);
    REQUIRE(m.sr.n_events() > 10);
    REQUIRE(m.wr.n_events() > 10);
    CHECK(mm.ints[0] == m.mm.senders);
    CHECK(mm.doubles[0] == m.mm.times);
    CHECK(mm.doubles[1] == m.mm.values[0]); // == on doubles: bit for bit
    CHECK(mm.doubles[2] == m.mm.values[1]);
    CHECK(sr.ints[0] == m.sr.senders);
    CHECK(sr.doubles[0] == m.sr.times);
    CHECK(wr.ints[0] == m.wr.senders);
    CHECK(wr.ints[1] == m.wr.targets);
    CHECK(wr.doubles[0] == m.wr.times);
    CHECK(wr.doubles[1] == m.wr.weights);
}

} // namespace

TEST_CASE("memory is the default backend and recorders keep their old spelling", "[backends]") {
    STATIC_REQUIRE(std::is_same_v<spike_recorder, spike_recorder_to<memory>>);
    STATIC_REQUIRE(std::is_same_v<multimeter<"V_m">, multimeter_to<memory, "V_m">>);
    STATIC_REQUIRE(std::is_same_v<weight_recorder, weight_recorder_to<>>);
    STATIC_REQUIRE(std::is_same_v<voltmeter, voltmeter_to<memory>>);
    spike_recorder sr({.start = 5.0});
    CHECK(sr.get("record_to").as<std::string>() == "memory");
    multimeter_to<csv, "V_m"> mm({.interval = 0.1}, {.folder = "out", .label = "v"});
    CHECK(mm.get("record_to").as<std::string>() == "ascii");
    CHECK(mm.get("interval").as<double>() == 0.1);
    CHECK(mm.filename().empty()); // opened when calibrated
}

TEST_CASE("csv writes what memory keeps, bit for bit, in NEST-named files",
          "[backends][csv][export]") {
    const auto m = in_memory();
    const auto dir = fresh_folder("csv");
    {
        auto net = make_net(csv{.folder = dir.string()});
        simulate(net, T / 2);
        simulate(net, T / 2);
        CHECK(net.node<"mm">().n_events() == m.mm.n_events());
        CHECK(net.node<"sr">().n_events() == m.sr.n_events());
        CHECK(net.node<"wr">().get("n_events").as<std::int64_t>() ==
              static_cast<std::int64_t>(m.wr.n_events()));
        CHECK(net.node<"mm">().filename() == (dir / "multimeter-4-0.csv").string());
    } // closed here
    check_same(m, read_csv(dir / "multimeter-4-0.csv", 1),
               read_csv(dir / "spike_recorder-5-0.csv", 1),
               read_csv(dir / "weight_recorder-6-0.csv", 2));
}

TEST_CASE("npy writes what memory keeps, as one structured array", "[backends][npy][export]") {
    const auto m = in_memory();
    const auto dir = fresh_folder("npy");
    {
        auto net = make_net(npy{.folder = dir.string()});
        simulate(net, T / 2);
        // a flush makes the file complete so far
        net.node<"mm">().flush();
        const auto half = read_npy(dir / "multimeter-4-0.npy", 1);
        CHECK(half.rows() == net.node<"mm">().n_events());
        CHECK(half.rows() == 3 * 200);
        simulate(net, T / 2);
    }
    check_same(m, read_npy(dir / "multimeter-4-0.npy", 1),
               read_npy(dir / "spike_recorder-5-0.npy", 1),
               read_npy(dir / "weight_recorder-6-0.npy", 2));
}

TEST_CASE("the label names the file", "[backends][csv]") {
    const auto dir = fresh_folder("label");
    {
        auto net = network(node<"n">(population<iaf_psc_alpha>(1)),
                           node<"vm">(voltmeter_to<csv>({.folder = dir.string(), .label = "v"})),
                           node<"sr">(spike_recorder_to<npy>(npy{.folder = dir.string()})),
                           connect<"vm", "n">(), connect<"n", "sr">());
        simulate(net, 5.0);
    }
    CHECK(fs::exists(dir / "v-2-0.csv"));
    CHECK(fs::exists(dir / "spike_recorder-3-0.npy"));
    CHECK(read_csv(dir / "v-2-0.csv", 1).rows() == 5);
    CHECK(read_npy(dir / "spike_recorder-3-0.npy", 1).rows() == 0);
}

TEST_CASE("screen writes one line per event", "[backends][screen]") {
    const auto m = in_memory();
    std::ostringstream out;
    auto net = make_net(screen{.stream = &out});
    simulate(net, T);
    std::vector<std::string> mm, sr, wr;
    std::istringstream in(out.str());
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("multimeter-4: "))
            mm.push_back(line);
        else if (line.starts_with("spike_recorder-5: "))
            sr.push_back(line);
        else if (line.starts_with("weight_recorder-6: "))
            wr.push_back(line);
        else
            FAIL("unexpected line: " << line);
    }
    REQUIRE(mm.size() == m.mm.n_events());
    REQUIRE(sr.size() == m.sr.n_events());
    REQUIRE(wr.size() == m.wr.n_events());
    CHECK(net.node<"mm">().n_events() == m.mm.n_events());
    CHECK(mm[0].starts_with("multimeter-4: sender=1 time_ms=0.5 V_m=-69."));
    CHECK(mm[0].ends_with(" I_syn_ex=0"));
    for (std::size_t i = 0; i < sr.size(); ++i) {
        std::ostringstream expected;
        expected << "spike_recorder-5: sender=" << m.sr.senders[i] << " time_ms=";
        char buf[32];
        expected << std::string_view(buf, std::to_chars(buf, buf + 32, m.sr.times[i]).ptr);
        CHECK(sr[i] == expected.str());
    }
    for (std::size_t i = 0; i < mm.size(); ++i) {
        const auto fields = split(mm[i], ' ');
        REQUIRE(fields.size() == 5);
        CHECK(parse<double>(fields[3].substr(4)) == m.mm.values[0][i]);
    }
    CHECK(wr[0].find(" target=") != std::string::npos);
}

TEST_CASE("reset starts a file over, as it clears memory", "[backends][csv]") {
    const auto dir = fresh_folder("reset");
    auto mem = make_net(memory{});
    simulate(mem, 50.0);
    mem.reset();
    simulate(mem, 30.0);
    {
        auto net = make_net(csv{.folder = dir.string()});
        simulate(net, 50.0);
        net.reset();
        CHECK(net.node<"sr">().n_events() == 0);
        simulate(net, 30.0);
    }
    const auto sr = read_csv(dir / "spike_recorder-5-0.csv", 1);
    CHECK(sr.doubles[0] == mem.node<"sr">().events().times);
    const auto mm = read_csv(dir / "multimeter-4-0.csv", 1);
    CHECK(mm.doubles[1] == mem.node<"mm">().events().values[0]);
}

TEST_CASE("file backends keep no samples", "[backends][memory]") {
    const auto dir = fresh_folder("bounded");
    auto net =
        network(node<"pop">(population<iaf_psc_alpha>(100, {.I_e = 400.0})),
                node<"a">(multimeter_to<csv, "V_m">({.interval = 0.1}, {.folder = dir.string()})),
                node<"b">(multimeter_to<npy, "V_m">({.interval = 0.1}, {.folder = dir.string()})),
                connect<"a", "pop">(), connect<"b", "pop">());
    for (int i = 0; i < 10; ++i) {
        simulate(net, 12.0);
        CHECK(net.node<"a">().buffer_capacity() <= record::buffer_bytes);
        CHECK(net.node<"b">().buffer_capacity() <= record::buffer_bytes);
    }
    CHECK(net.node<"a">().n_events() == 120'000);
    CHECK(net.node<"b">().n_events() == 120'000);
    net.node<"a">().flush();
    net.node<"b">().flush();
    CHECK(read_csv(dir / "multimeter-101-0.csv", 1).rows() == 120'000);
    CHECK(read_npy(dir / "multimeter-102-0.npy", 1).rows() == 120'000);
    CHECK(fs::file_size(dir / "multimeter-102-0.npy") > 120'000 * 24);
}

TEST_CASE("failing I/O raises io_error naming the path and the cause", "[backends][errors]") {
    const auto dir = fresh_folder("errors");
    const auto missing = (dir / "no_such_folder").string();
    auto lost =
        network(node<"n">(population<iaf_psc_alpha>(1)),
                node<"sr">(spike_recorder_to<csv>(csv{.folder = missing})), connect<"n", "sr">());
    CHECK_THROWS_AS(simulate(lost, 1.0), io_error);
    CHECK_THROWS_WITH(simulate(lost, 1.0), Contains(missing + "/spike_recorder-2-0.csv") &&
                                               Contains("does not exist") &&
                                               Contains("spike_recorder"));

    // the file's name is taken by a folder: fopen fails and says why
    fs::create_directories(dir / "multimeter-2-0.npy");
    auto taken = network(node<"n">(population<iaf_psc_alpha>(1)),
                         node<"mm">(multimeter_to<npy, "V_m">(npy{.folder = dir.string()})),
                         connect<"mm", "n">());
    CHECK_THROWS_WITH(simulate(taken, 1.0), Contains((dir / "multimeter-2-0.npy").string()) &&
                                                Contains("Is a directory"));

    // a write that fails (a full disk): /dev/full behind the file's name
    if (fs::exists("/dev/full")) {
        const auto full = fresh_folder("full");
        fs::create_symlink("/dev/full", full / "multimeter-11-0.csv"); // 10 neurons, then mm
        auto net = network(
            node<"n">(population<iaf_psc_alpha>(10)),
            node<"mm">(multimeter_to<csv, "V_m">({.interval = 0.1}, {.folder = full.string()})),
            connect<"mm", "n">());
        // every simulate call ends with a flush: the write fails there
        CHECK_THROWS_WITH(simulate(net, 1.0), Contains((full / "multimeter-11-0.csv").string()) &&
                                                  Contains("No space left"));
        // a long run fails as the buffer fills
        CHECK_THROWS_AS(simulate(net, 1000.0), io_error);
    }
}

TEST_CASE("recording to a file is the same as recording to memory up to a failure",
          "[backends][csv]") {
    // what was written before an error is on disk: a flush after each simulate
    const auto dir = fresh_folder("partial");
    auto mem = make_net(memory{});
    simulate(mem, 20.0);
    auto net = make_net(csv{.folder = dir.string()});
    simulate(net, 20.0);
    net.node<"mm">().flush();
    const auto mm = read_csv(dir / "multimeter-4-0.csv", 1);
    CHECK(mm.doubles[1] == mem.node<"mm">().events().values[0]);
}
