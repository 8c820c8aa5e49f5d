// Poisson counts by inversion against a table (Devroye 1986, "Non-Uniform Random Variate
// Generation", ch. III.2: the inversion method for discrete distributions, by search in a
// table of the distribution function). Built once for a mean; a draw is then a search of a
// 64-bit uniform among the table's thresholds.
//
// The table. Counts a..b, with a the least count whose lower tail P(N < a) is at most `tail`
// and b the least count >= a whose upper tail P(N > b) is at most `tail` (2^-40 by default).
// Thresholds c_i = round(2^64 P(N <= a - 1 + i)), i = 0..L, L = b - a + 1 (L + 1 entries of 8
// bytes). For a 64-bit uniform u, the rank r = #{i : c_i <= u} picks the count a - 1 + r: the
// count j in [a, b] comes out with probability (c_{j-a+1} - c_{j-a}) / 2^64, P(N = j) to within
// 2^-64. The size grows with the spread of the distribution, about 14 sqrt(mean) counts: 19
// at a mean of 1.78, 38 at 8.8, 88 at 40, 226 at 256 (max_mean; 1.8 kB of thresholds).
//
// The tails. r = 0 (u < c_0: N < a) and r = L + 1 (u >= c_L: N > b) happen with probability
// P(N < a) and P(N > b) to within 2^-64, each at most `tail`; there a second, independent
// 64-bit uniform v draws the count from the distribution conditioned on that tail, by
// sequential search in long double from the table's edge outwards (p(j + 1) = p(j) mean /
// (j + 1) above b, p(j - 1) = p(j) j / mean below a, against v times the tail's mass, summed
// in the same order in the constructor). So every count has its probability: none is cut
// off, and the tails cost nothing in the common case (both together are taken once in about
// 5e11 draws at the default 2^-40).
//
// Precision. p(j) by the recurrence above from p(0) = e^-mean, in long double (64-bit
// mantissa): relative error below 1e-16 over a table's few hundred terms. The distribution
// function is summed from the left where it is at most 1/2 and as 1 - (sum from the right)
// above, so thresholds near 1 (the upper tail) keep their relative precision; a threshold is
// then right to within about 2^-64 times the number of terms, far below what any sample can
// resolve.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace axon {

class poisson_table {
public:
    /// The largest mean a table serves (226 counts). The table and its search grow as
    /// sqrt(mean) (a block draw takes about 3 ns at a mean of 1.78, 7 ns at 256); above this
    /// poisson_generator draws with std::poisson_distribution instead (exact rejection, about
    /// 120 ns a draw here, whatever the mean), and a table's long double sums stay far from
    /// underflow (e^-mean).
    static constexpr double max_mean = 256.0;
    /// The mass each tail beyond the table has at most, by default.
    static constexpr long double default_tail = 0x1p-40L;

    poisson_table() = default;

    /// The table of Poisson(mean), 0 < mean <= max_mean; tail in (0, 1/4].
    explicit poisson_table(double mean, long double tail = default_tail)
        : mean_(mean) {
        const long double m = mean;
        // p(j) for j = 0, 1, ... until far beyond the upper tail: p(j) < tail * 1e-30 past
        // the mode
        std::vector<long double> p{std::exp(-m)};
        for (std::size_t j = 1; !(static_cast<long double>(j) > m && p.back() < tail * 1e-30L); ++j)
            p.push_back(p.back() * m / static_cast<long double>(j));
        const std::size_t n = p.size();
        std::vector<long double> below(n + 1, 0.0L), above(n + 1, 0.0L); // P(N < j), P(N >= j)
        for (std::size_t j = 0; j < n; ++j)
            below[j + 1] = below[j] + p[j];
        for (std::size_t j = n; j-- > 0;)
            above[j] = above[j + 1] + p[j];
        std::size_t a = 0;
        while (below[a + 1] <= tail)
            ++a;
        std::size_t b = a;
        while (above[b + 1] > tail)
            ++b;
        first_ = a;
        last_ = b;
        // c_i = 2^64 P(N < a + i), i = 0..L
        const long double two64 = 0x1p64L;
        for (std::size_t j = a; j <= b + 1; ++j) {
            if (below[j] <= 0.5L) {
                thresholds_.push_back(static_cast<std::uint64_t>(std::round(below[j] * two64)));
            } else {
                // 2^64 - round(2^64 P(N >= j)), at most 2^64 - 1: the upper tail keeps at
                // least one value of u even where its mass is below 2^-64
                const auto rest = std::max<std::uint64_t>(
                    static_cast<std::uint64_t>(std::round(above[j] * two64)), 1);
                thresholds_.push_back(0 - rest);
            }
        }
        // the tails, each summed in the order the search adds its terms
        p_high_ = p[b + 1];
        for (std::size_t j = b + 1; j < n; ++j)
            mass_high_ += p[j];
        // the window the block search covers: from the last threshold at or below 2^50 to
        // the first at or above 2^64 - 2^50 (at least two thresholds wide)
        const std::uint64_t edge = std::uint64_t{1} << 50;
        while (window_.first + 1 < thresholds_.size() && thresholds_[window_.first + 1] <= edge)
            ++window_.first;
        window_.last = window_.first + 2;
        while (window_.last < thresholds_.size() && thresholds_[window_.last - 1] < 0 - edge)
            ++window_.last;
        window_.last = std::min(window_.last, thresholds_.size());
        if (a > 0) {
            p_low_ = p[a - 1];
            for (std::size_t j = a; j-- > 0;)
                mass_low_ += p[j];
        }
    }

    [[nodiscard]] double mean() const { return mean_; }
    /// The counts the table holds: first() to last() (a and b above).
    [[nodiscard]] std::uint64_t first() const { return first_; }
    [[nodiscard]] std::uint64_t last() const { return last_; }
    /// c_0 .. c_L: a uniform below c_0 falls in the lower tail, one at or above c_L in the upper.
    [[nodiscard]] const std::vector<std::uint64_t>& thresholds() const { return thresholds_; }

    /// The count for the uniforms u (the table's) and v (only read in a tail).
    [[nodiscard]] std::uint64_t count(std::uint64_t u, std::uint64_t v) const {
        const auto r = static_cast<std::uint64_t>(
            std::upper_bound(thresholds_.begin(), thresholds_.end(), u) - thresholds_.begin());
        return in_table(r) ? first_ + r - 1 : from_tail(r, v);
    }

    /// Counts for N pairs of uniforms at once: out[i] = count(u[i], v[i]). The search is a
    /// branch-free count of the thresholds at or below u[i], for all i at once, which g++
    /// vectorizes, over the thresholds between the 2^-14 and 1 - 2^-14 quantiles of u only
    /// (22 of the 39 at a mean of 8.8, 9 of 20 at 1.78); a u outside them (in at most 1 of 128
    /// blocks of 64) is searched again in full afterwards, with its tail if it has one.
    template <std::size_t N>
    void counts(const std::uint64_t (&u)[N], const std::uint64_t (&v)[N], double (&out)[N]) const {
        std::uint64_t r[N] = {};
        for (std::size_t j = window_.first; j < window_.last; ++j) {
            const std::uint64_t c = thresholds_[j];
            for (std::size_t i = 0; i < N; ++i)
                r[i] += u[i] >= c ? 1 : 0;
        }
        // r = 0: u below the window; r = width: u at or above its last threshold
        const std::uint64_t width = window_.last - window_.first;
        const std::uint64_t base = first_ + window_.first - 1;
        bool outside = false;
        for (std::size_t i = 0; i < N; ++i) {
            outside |= r[i] - 1 >= width - 1;
            out[i] = static_cast<double>(base + r[i]);
        }
        if (outside) [[unlikely]] {
            for (std::size_t i = 0; i < N; ++i)
                if (r[i] - 1 >= width - 1)
                    out[i] = static_cast<double>(count(u[i], v[i]));
        }
    }

private:
    [[nodiscard]] bool in_table(std::uint64_t r) const {
        return r - 1 < thresholds_.size() - 1; // 1 <= r <= L
    }

    /// Rank 0: the count from P(N = j | N < a); rank L + 1: from P(N = j | N > b). By
    /// sequential search from the table's edge outwards against v / 2^64 of the tail's mass.
    [[nodiscard]] std::uint64_t from_tail(std::uint64_t r, std::uint64_t v) const {
        const long double m = mean_;
        const long double x = std::ldexp(static_cast<long double>(v), -64);
        if (r == 0) {
            std::uint64_t j = first_ - 1;
            long double p = p_low_, sum = p;
            const long double target = x * mass_low_;
            while (sum <= target && j > 0) {
                p *= static_cast<long double>(j) / m;
                --j;
                sum += p;
            }
            return j;
        }
        std::uint64_t j = last_ + 1;
        long double p = p_high_, sum = p;
        const long double target = x * mass_high_;
        while (sum <= target && p > 0.0L) {
            ++j;
            p = p * m / static_cast<long double>(j); // as the constructor: the same terms
            sum += p;
        }
        return j;
    }

    double mean_ = 0.0;
    std::uint64_t first_ = 0, last_ = 0;
    std::vector<std::uint64_t> thresholds_;
    struct {
        std::size_t first = 0, last = 0;
    } window_;
    long double p_low_ = 0.0L, mass_low_ = 0.0L, p_high_ = 0.0L, mass_high_ = 0.0L;
};

} // namespace axon
