// The one benchmark main; every bench/*.cpp registers its entries.
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
