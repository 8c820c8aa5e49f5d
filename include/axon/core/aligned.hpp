// Storage aligned to a cache line, for the arrays that update loops run over.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace axon {

/// The alignment of every column an update loop reads: one cache line, which is also the
/// width of an AVX-512 vector. With std::allocator's 16 bytes, every 64-byte load and store
/// of such a loop spans two cache lines.
inline constexpr std::size_t column_alignment = 64;

/// A std::allocator that aligns to column_alignment.
template <class T>
struct aligned_allocator {
    using value_type = T;

    aligned_allocator() = default;
    template <class U>
    constexpr aligned_allocator(const aligned_allocator<U>&) noexcept {} // for rebinding

    [[nodiscard]] T* allocate(std::size_t n) {
        return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{column_alignment}));
    }
    void deallocate(T* p, std::size_t) noexcept {
        ::operator delete (p, std::align_val_t{column_alignment});
    }

    template <class U>
    friend bool operator==(const aligned_allocator&, const aligned_allocator<U>&) noexcept {
        return true;
    }
};

/// A std::vector whose data() is aligned to a cache line.
template <class T>
using aligned_vector = std::vector<T, aligned_allocator<T>>;

} // namespace axon
