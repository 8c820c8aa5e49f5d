// Reading NEST's reference outputs (tests/reference/nest, see its README) and comparing
// numbers with a stated tolerance.
#pragma once

#include <cmath>
#include <cstddef>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace axon::test {

/// Folder of the reference data, set by CMake.
inline std::string reference_path(const std::string& file) {
    return std::string(AXON_REFERENCE_DIR) + "/" + file;
}

/// A CSV file of numbers with a header line.
struct table {
    std::vector<std::string> header;
    std::vector<std::vector<double>> columns;

    [[nodiscard]] const std::vector<double>& column(const std::string& name) const {
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == name)
                return columns[i];
        throw std::runtime_error("reference table has no column " + name);
    }
    [[nodiscard]] std::size_t rows() const { return columns.empty() ? 0 : columns[0].size(); }
};

inline table read_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot open reference file " + path);
    table t;
    std::string line;
    std::getline(in, line);
    {
        std::istringstream names(line);
        for (std::string name; std::getline(names, name, ',');)
            t.header.push_back(name);
    }
    t.columns.resize(t.header.size());
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        std::istringstream cells(line);
        std::size_t i = 0;
        for (std::string cell; std::getline(cells, cell, ',') && i < t.columns.size(); ++i)
            t.columns[i].push_back(std::stod(cell));
    }
    return t;
}

/// The whole text of a file.
inline std::string slurp(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot open " + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The number NEST's GetDefaults printed for `key` in one of the flat JSON files of
/// tests/reference/nest/defaults ("-inf" and "inf" included).
inline double nest_default(const std::string& json, const std::string& key) {
    const std::regex pattern("\"" + key + "\": (\"?)([-+0-9.eainf]+)\\1");
    std::smatch m;
    if (!std::regex_search(json, m, pattern))
        throw std::runtime_error("no key " + key + " in NEST's defaults");
    const std::string text = m[2];
    if (text == "-inf")
        return -std::numeric_limits<double>::infinity();
    if (text == "inf")
        return std::numeric_limits<double>::infinity();
    return std::stod(text);
}

/// Largest absolute difference between two equally long series.
inline double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
    double worst = 0;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

/// Spike times to step numbers (rounded), so spike trains compare exactly step for step.
inline std::vector<long> to_steps(const std::vector<double>& times_ms, double dt = 0.1) {
    std::vector<long> steps;
    steps.reserve(times_ms.size());
    for (double t : times_ms)
        steps.push_back(std::lround(t / dt));
    return steps;
}

} // namespace axon::test
