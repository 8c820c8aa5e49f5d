// Distributed networks (network(distributed{...}, ...)): process r of P owns part r of every
// population, builds the synapses onto its neurons and exchanges spikes once per min-delay
// interval. The results are bit-identical for every P and every number of threads per
// process. Here the processes are threads of this program (tests/support/processes.hpp);
// tests/mpi runs the Brunel network under mpirun with Open MPI.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <fstream>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "axon/axon.hpp"
#include "brunel.hpp"
#include "support/mixed_network.hpp"
#include "support/processes.hpp"

using namespace axon;
using Catch::Matchers::Contains;

namespace {

using transport = tests::emulated_processes::transport;

std::string message_of(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& x) {
        return x.what();
    }
}

/// Every process's recordings of the mixed network, merged as one process records them.
struct mixed_result {
    spike_recording E, I, post;
    sample_recording<"V_m", "I_syn_ex"> mm;
    weight_recording wr;
};

template <class Net>
void keep(Net& net, std::vector<mixed_result>& parts, std::size_t r) {
    parts[r] = {net.template node<"sr_E">().events(), net.template node<"sr_I">().events(),
                net.template node<"sr_post">().events(), net.template node<"mm">().events(),
                net.template node<"wr">().events()};
}

template <class R>
R merged(const std::vector<mixed_result>& parts, R mixed_result::*member) {
    std::vector<R> of;
    for (const auto& p : parts)
        of.push_back(p.*member);
    return merge(std::span<const R>(of));
}

mixed_result run_mixed(std::size_t P, std::size_t T) {
    std::vector<mixed_result> parts(P);
    tests::emulated_processes processes(P);
    const auto errors = processes.run([&](transport t) {
        auto net = tests::mixed_network(
            distributed<transport>{.settings = {.rng_seed = 7, .threads = T}, .exchange = t});
        simulate(net, 150.0);
        simulate(net, 50.0); // two calls, the second beginning inside an exchange interval
        keep(net, parts, t.rank());
    });
    for (const auto& e : errors)
        if (e)
            FAIL(message_of(e));
    return {merged(parts, &mixed_result::E), merged(parts, &mixed_result::I),
            merged(parts, &mixed_result::post), merged(parts, &mixed_result::mm),
            merged(parts, &mixed_result::wr)};
}

void same(const spike_recording& got, const spike_recording& want) {
    CHECK(got.times == want.times);
    CHECK(got.senders == want.senders);
}

} // namespace

TEST_CASE("distributed: the synapses a process builds are the whole projection's onto its "
          "targets",
          "[distributed]") {
    const time_grid grid(0.1);
    const std::vector<std::pair<std::size_t, std::size_t>> ranges{{0, 64}, {64, 128}, {128, 150}};
    const detail::rule_context context{42, 1, 301, false, "connect<\"A\", \"B\">", 0};
    const std::size_t ns = 300, nt = 150;
    std::vector<double> array(nt * 7);
    for (std::size_t i = 0; i < array.size(); ++i)
        array[i] = 0.5 + static_cast<double>(i % 13);
    const std::vector<connection_rule> rules{
        all_to_all{}, fixed_indegree{.indegree = 7}, fixed_outdegree{.outdegree = 5},
        fixed_total_number{.N = 1000}, pairwise_bernoulli{.p = 0.05}};
    for (std::size_t k = 0; k < rules.size(); ++k) {
        INFO("rule " << k);
        const auto& rule = rules[k];
        const bool arrays = k == 1; // a known number of synapses: nt * 7
        const parameter_value weight =
            arrays ? parameter_value(array)
                   : parameter_value(random::normal{.mean = 5.0, .std = 2.0});
        const parameter_value delay = random::uniform{.min = 0.5, .max = 3.0};
        const auto whole =
            make_projection<static_synapse>(rule, ns, nt, weight, delay, {}, {}, grid, context);
        std::vector<projection<static_synapse>> parts;
        for (const auto& r : ranges)
            parts.push_back(make_projection<static_synapse>(rule, ns, nt, weight, delay, {}, {},
                                                            grid, context, r));
        std::size_t total = 0;
        for (std::uint32_t i = 0; i < ns; ++i) {
            std::vector<std::uint32_t> targets;
            std::vector<double> weights;
            std::vector<step_t> delays;
            for (const auto& p : parts) {
                for (auto s = p.row[i]; s < p.row[i + 1]; ++s) {
                    targets.push_back(p.target[s]);
                    weights.push_back(p.weight_of(s));
                    delays.push_back(p.delay_of(s));
                }
            }
            const auto first = whole.row[i], last = whole.row[i + 1];
            REQUIRE(targets.size() == last - first);
            for (auto s = first; s < last; ++s) {
                CHECK(targets[s - first] == whole.target[s]);
                CHECK(weights[s - first] == whole.weight_of(s));
                CHECK(delays[s - first] == whole.delay_of(s));
            }
            total += targets.size();
        }
        CHECK(total == whole.size());
        CHECK(total > 500);
        for (std::size_t r = 0; r < ranges.size(); ++r)
            for (const auto t : parts[r].target)
                CHECK((t >= ranges[r].first && t < ranges[r].second));
    }
}

TEST_CASE("distributed: every kind of connection gives the same results for 1, 2 and 3 "
          "processes and any number of threads",
          "[distributed]") {
    const auto one = run_mixed(1, 1);
    // the network does something worth comparing
    REQUIRE(one.E.n_events() > 300);
    REQUIRE(one.I.n_events() > 100);
    REQUIRE(one.post.n_events() > 10);
    REQUIRE(one.wr.n_events() > 1000);
    REQUIRE(one.mm.n_events() == 100 * 400);
    for (const auto& [P, T] :
         std::vector<std::pair<std::size_t, std::size_t>>{{2, 1}, {3, 1}, {2, 2}}) {
        INFO(P << " processes of " << T << " threads");
        const auto got = run_mixed(P, T);
        same(got.E, one.E);
        same(got.I, one.I);
        same(got.post, one.post);
        CHECK(got.mm.senders == one.mm.senders);
        CHECK(got.mm.times == one.mm.times);
        CHECK(got.mm.values == one.mm.values);
        CHECK(got.wr.times == one.wr.times);
        CHECK(got.wr.senders == one.wr.senders);
        CHECK(got.wr.targets == one.wr.targets);
        CHECK(got.wr.weights == one.wr.weights);
    }
}

TEST_CASE("distributed: the Brunel network exchanges spikes once per min-delay and gives the "
          "same spikes for 1, 2 and 3 processes",
          "[distributed]") {
    // order 200: NE = 800, NI = 200, 100 000 synapses; delay 1.5 ms = 15 steps
    const examples::brunel b{.order = 200};
    std::vector<spike_recording> E1, I1;
    for (const std::size_t P : {1, 2, 3}) {
        INFO(P << " processes");
        std::vector<spike_recording> E(P), I(P);
        std::vector<std::size_t> synapses(P), interval(P), rank(P), processes_seen(P);
        std::vector<int> own_spikes_only(P, 0);
        tests::emulated_processes processes(P);
        // (no Catch2 assertion on the processes' threads: it is not thread-safe)
        const auto errors = processes.run([&](transport t) {
            auto net = b.build(distributed<transport>{.settings = {.rng_seed = 11}, .exchange = t});
            const auto r = t.rank();
            interval[r] = static_cast<std::size_t>(net.exchange_interval());
            rank[r] = net.rank();
            processes_seen[r] = net.processes();
            simulate(net, 200.0);
            E[r] = net.node<"sr_E">().events();
            I[r] = net.node<"sr_I">().events();
            synapses[r] = net.synapses<"E", "E">().size() + net.synapses<"I", "E">().size() +
                          net.synapses<"E", "I">().size() + net.synapses<"I", "I">().size();
            // every spike a process records is one of its own neurons'
            const auto range = net.local_range<"E">(); // (clang 14 captures no bindings)
            const auto lo = range.first, hi = range.second;
            own_spikes_only[r] = std::all_of(E[r].senders.begin(), E[r].senders.end(),
                                             [&](node_id s) { return s >= 1 + lo && s < 1 + hi; });
        });
        for (const auto& e : errors)
            if (e)
                FAIL(message_of(e));
        for (std::size_t r = 0; r < P; ++r) {
            CHECK(interval[r] == 15);
            CHECK(rank[r] == r);
            CHECK(processes_seen[r] == P);
            CHECK(own_spikes_only[r] == 1);
        }
        // at construction: the description, the build, the min-delay; one simulate call; and
        // one exchange per 15 steps
        CHECK(processes.gathers() == 3 + 1 + 2000 / 15);
        std::size_t total = 0;
        for (const auto n : synapses)
            total += n;
        CHECK(total == 1000 * (80 + 20));
        if (P == 1) {
            E1 = E;
            I1 = I;
            REQUIRE(E1[0].n_events() > 1000);
            continue;
        }
        same(merge(std::span<const spike_recording>(E)), E1[0]);
        same(merge(std::span<const spike_recording>(I)), I1[0]);
    }
}

TEST_CASE("distributed: results do not depend on how the time is split among simulate calls",
          "[distributed]") {
    const examples::brunel b{.order = 100};
    std::vector<spike_recording> straight(2), split(2), again(2);
    tests::emulated_processes processes(2);
    const auto errors = processes.run([&](transport t) {
        auto net = b.build(distributed<transport>{.settings = {.rng_seed = 3}, .exchange = t});
        simulate(net, 100.0);
        straight[t.rank()] = net.node<"sr_E">().events();
        net.reset();
        simulate(net, 0.7); // ends inside the first exchange interval
        simulate(net, 50.1);
        simulate(net, 49.2);
        split[t.rank()] = net.node<"sr_E">().events();
        net.reset();
        simulate(net, 100.0);
        again[t.rank()] = net.node<"sr_E">().events();
    });
    for (const auto& e : errors)
        if (e)
            FAIL(message_of(e));
    const auto want = merge(std::span<const spike_recording>(straight));
    REQUIRE(want.n_events() > 100);
    same(merge(std::span<const spike_recording>(split)), want);
    same(merge(std::span<const spike_recording>(again)), want);
}

TEST_CASE("distributed: processes that build different networks or simulate different times "
          "stop with an error naming the process",
          "[distributed][errors]") {
    SECTION("a population of another size") {
        tests::emulated_processes processes(3);
        const auto errors = processes.run([&](transport t) {
            const examples::brunel b{.order = t.rank() == 1 ? 101u : 100u};
            auto net = b.build(distributed<transport>{.exchange = t});
            simulate(net, 10.0);
        });
        for (const auto& e : errors) {
            REQUIRE(e);
            CHECK_THAT(message_of(e), Contains("process 1 built a different network from process "
                                               "0's"));
        }
    }
    SECTION("another simulated time") {
        tests::emulated_processes processes(3);
        const auto errors = processes.run([&](transport t) {
            const examples::brunel b{.order = 100};
            auto net = b.build(distributed<transport>{.exchange = t});
            simulate(net, t.rank() == 2 ? 50.0 : 100.0);
        });
        for (const auto& e : errors) {
            REQUIRE(e);
            CHECK_THAT(message_of(e), Contains("process 2 simulates 500 steps from step 0 where "
                                               "process 0 simulates 1000 steps from step 0"));
        }
    }
}

TEST_CASE("distributed: an error in one process stops every process, naming it",
          "[distributed][errors]") {
    // neuron 150 of 200 belongs to process 2 (parts [0, 64), [64, 128), [128, 200) of three);
    // its state turns non-finite in the first step
    tests::emulated_processes processes(3);
    const auto errors = processes.run([&](transport t) {
        auto net = network(distributed<transport>{.exchange = t},
                           node<"hh">(population<hh_psc_alpha>(200)),
                           connect<"hh", "hh">({.rule = fixed_indegree{.indegree = 5}}));
        net.node<"hh">().set_state(150, "V_m", 1e6);
        simulate(net, 10.0);
    });
    REQUIRE(errors[2]);
    CHECK_THAT(message_of(errors[2]), Contains("hh_psc_alpha: the state became non-finite"));
    for (const std::size_t r : {0, 1}) {
        REQUIRE(errors[r]);
        CHECK_THAT(message_of(errors[r]), Contains("process 2 stopped with an error"));
    }
}

TEST_CASE("distributed: merge puts recordings together in one process's order",
          "[distributed][record]") {
    spike_recording a, b;
    a.add(0.2, 1);
    a.add(0.3, 2);
    b.add(0.1, 70);
    b.add(0.2, 65);
    b.add(0.3, 66);
    const std::vector<spike_recording> parts{a, b};
    const auto m = merge(std::span<const spike_recording>(parts));
    CHECK(m.times == std::vector<double>{0.1, 0.2, 0.2, 0.3, 0.3});
    CHECK(m.senders == std::vector<node_id>{70, 1, 65, 2, 66});
}

TEST_CASE("distributed: merge_csv joins the processes' files in one process's order",
          "[distributed][record]") {
    const auto dir = std::filesystem::temp_directory_path() / "axon_merge_csv";
    std::filesystem::create_directories(dir);
    const auto write = [&](const char* name, const char* text) {
        std::ofstream(dir / name) << text;
        return dir / name;
    };
    const std::vector<std::filesystem::path> parts{
        write("w-5-0.csv", "sender,target,time_ms,weight\n3,9,0.5,1.5\n1,8,0.2,2\n"),
        write("w-5-1.csv", "sender,target,time_ms,weight\n1,7,0.2,3\n2,1,0.5,4\n")};
    merge_csv(parts, dir / "w.csv");
    std::ifstream in(dir / "w.csv");
    std::stringstream got;
    got << in.rdbuf();
    CHECK(got.str() ==
          "sender,target,time_ms,weight\n1,7,0.2,3\n1,8,0.2,2\n2,1,0.5,4\n3,9,0.5,1.5\n");
    const std::vector<std::filesystem::path> other{parts[0],
                                                   write("s-5-1.csv", "sender,time_ms\n1,0.1\n")};
    CHECK_THROWS_WITH(merge_csv(other, dir / "x.csv"), Contains("differs from the first file's"));
    std::filesystem::remove_all(dir);
}
