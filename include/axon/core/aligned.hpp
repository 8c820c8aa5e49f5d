// Storage aligned to a cache line, for the arrays that update loops run over.
#pragma once

#include <cstddef>
#include <vector>

#include <boost/align/aligned_allocator.hpp>

namespace axon {

/// The alignment of every column an update loop reads: one cache line, which is also the
/// width of an AVX-512 vector. With std::allocator's 16 bytes, every 64-byte load and store
/// of such a loop spans two cache lines.
inline constexpr std::size_t column_alignment = 64;

/// A std::vector whose data() is aligned to a cache line (Boost.Align's allocator).
template <class T>
using aligned_vector = std::vector<T, boost::alignment::aligned_allocator<T, column_alignment>>;

} // namespace axon
