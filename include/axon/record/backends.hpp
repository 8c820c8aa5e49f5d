// Recording backends, chosen per recorder at compile time as NEST's `record_to`:
//
//   axon::memory                                typed columns in memory (the default)
//   axon::csv{.folder = "out", .label = "v"}    one CSV file per recorder
//   axon::screen{.stream = &std::cout}          one line per event on a stream
//   axon::npy{.folder = "out"}                  one NumPy .npy file per recorder
//
// A recorder names its backend in its type and takes the settings in its constructor:
//
//   axon::spike_recorder_to<axon::csv>({.start = 5.0}, {.folder = "out"})
//   axon::multimeter_to<axon::npy, "V_m">({.interval = 0.1}, {.folder = "out", .label = "v"})
//
// File names follow NEST: <folder>/<label>-<node id>-<vp>.<ext>, where the label defaults to
// the device's name (spike_recorder, multimeter, voltmeter, weight_recorder) and vp, the
// virtual process, is 0 in a single process. Every row of a recorder has the same layout:
// NI integer columns (sender, and target for a weight_recorder) then ND floating-point columns
// (time_ms and the recorded quantities). File backends keep no samples: rows pass through a
// fixed-size buffer that is written out when full, when the recorder is flushed, and when it
// is closed or destroyed. Failing I/O raises axon::io_error naming the path and the cause.
#pragma once

#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include "axon/core/error.hpp"

namespace axon {

/// Typed columns in memory: recorder.events(). The default.
struct memory {
    static constexpr std::string_view name = "memory";
};

/// One CSV file per recorder: a header line with the column names, then one line per event,
/// numbers in shortest round-trip form. The folder must exist.
struct csv {
    static constexpr std::string_view name = "ascii"; // NEST's name for its text backend
    std::string folder = ".";
    std::string label = {}; // empty: the device's name
};

/// One line per event on a stream ("<label>-<id>: sender=1 time_ms=0.1 V_m=-70").
struct screen {
    static constexpr std::string_view name = "screen";
    std::ostream* stream = &std::cout;
    std::string label = {}; // empty: the device's name
};

/// One NumPy .npy file per recorder: a structured array with fields sender (<u8), [target
/// (<u8),] time_ms (<f8) and the recorded quantities (<f8); numpy.load reads it in one call
/// once the recorder was flushed, cleared, closed or destroyed. The folder must exist.
struct npy {
    static constexpr std::string_view name = "npy";
    std::string folder = ".";
    std::string label = {}; // empty: the device's name
};

namespace record {

/// True for the backends that write files.
template <class B>
inline constexpr bool writes_files = std::is_same_v<B, csv> || std::is_same_v<B, npy>;

/// Bytes a file backend buffers before writing them out.
inline constexpr std::size_t buffer_bytes = std::size_t{1} << 16;

namespace detail {

[[nodiscard]] inline std::string file_name(std::string_view folder, std::string_view label,
                                           std::uint64_t id, std::size_t process,
                                           std::string_view ext) {
    std::filesystem::path p(std::string{folder});
    p /= axon::detail::concat(label, "-", id, "-", process, ".", ext);
    return p.string();
}

struct file_closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

/// A file opened for writing with a bounded buffer of its own; throws io_error on failure.
class output_file {
public:
    output_file() = default;
    output_file(output_file&&) noexcept = default;
    output_file& operator=(output_file&& other) noexcept {
        if (this != &other) {
            close_quietly();
            file_ = std::move(other.file_);
            buffer_ = std::move(other.buffer_);
            path_ = std::move(other.path_);
            who_ = std::move(other.who_);
        }
        return *this;
    }
    ~output_file() { close_quietly(); }

    void open(const std::string& folder, const std::string& path, std::string_view who) {
        close_quietly();
        std::error_code ec;
        if (!std::filesystem::is_directory(folder, ec)) {
            throw io_error(axon::detail::concat(who, ": cannot open '", path, "': the folder '",
                                                folder, "' does not exist"));
        }
        errno = 0;
        file_.reset(std::fopen(path.c_str(), "wb"));
        if (!file_)
            throw io_error(axon::detail::concat(who, ": cannot open '", path, "': ", cause()));
        path_ = path;
        who_ = std::string(who);
        buffer_.clear();
        buffer_.reserve(buffer_bytes);
    }

    [[nodiscard]] bool is_open() const { return file_ != nullptr; }
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] std::size_t buffer_capacity() const { return buffer_.capacity(); }

    /// Appends bytes, writing the buffer out first when they would not fit.
    void append(const char* data, std::size_t n) {
        if (buffer_.size() + n > buffer_bytes)
            drain();
        buffer_.insert(buffer_.end(), data, data + n);
    }
    void append(std::string_view s) { append(s.data(), s.size()); }

    /// Writes the buffer to the file and the file to the disk's cache.
    void flush() {
        if (!file_)
            return;
        drain();
        if (std::fflush(file_.get()) != 0)
            fail("cannot write");
    }

    /// Overwrites bytes at `offset` (after a flush), then returns to the end.
    void overwrite(long offset, std::string_view bytes) {
        flush();
        if (std::fseek(file_.get(), offset, SEEK_SET) != 0 ||
            std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size() ||
            std::fseek(file_.get(), 0, SEEK_END) != 0) {
            fail("cannot write");
        }
    }

    /// Flushes and closes; throws when the data did not reach the file.
    void close() {
        if (!file_)
            return;
        flush();
        std::FILE* f = file_.release();
        if (std::fclose(f) != 0)
            fail("cannot close");
    }

    /// For destructors: closes, ignoring errors.
    void close_quietly() noexcept {
        if (!file_)
            return;
        if (!buffer_.empty())
            std::fwrite(buffer_.data(), 1, buffer_.size(), file_.get());
        buffer_.clear();
        file_.reset();
    }

private:
    static std::string cause() {
        return errno != 0 ? std::string(std::strerror(errno)) : std::string("unknown error");
    }
    [[noreturn]] void fail(std::string_view what) {
        const auto why = cause();
        throw io_error(axon::detail::concat(who_, ": ", what, " '", path_, "': ", why));
    }
    void drain() {
        if (buffer_.empty())
            return;
        errno = 0;
        const auto n = std::fwrite(buffer_.data(), 1, buffer_.size(), file_.get());
        if (n != buffer_.size()) {
            buffer_.clear();
            fail("cannot write");
        }
        buffer_.clear();
    }

    std::unique_ptr<std::FILE, file_closer> file_;
    std::vector<char> buffer_;
    std::string path_, who_;
};

/// Appends the shortest text that reads back as exactly x (std::to_chars).
template <class T>
void append_number(std::string& out, T x) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    out.append(buf, r.ptr);
}
template <class T>
void append_number(output_file& out, T x) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

} // namespace detail

/// How a recorder hands rows to its backend: writer<Backend, NI, ND> for the non-memory
/// backends, opened with the column names (NI integer columns, then ND doubles).
template <class Backend, std::size_t NI, std::size_t ND>
class writer;

template <std::size_t NI, std::size_t ND>
class writer<csv, NI, ND> {
public:
    using names_t = std::array<std::string_view, NI + ND>;

    writer() = default;
    explicit writer(csv settings)
        : settings_(std::move(settings)) {}

    [[nodiscard]] bool is_open() const { return file_.is_open(); }
    [[nodiscard]] const std::string& path() const { return file_.path(); }
    [[nodiscard]] std::size_t buffer_capacity() const { return file_.buffer_capacity(); }

    void open(std::string_view device, std::uint64_t id, const names_t& names,
              std::size_t process = 0) {
        const std::string label = settings_.label.empty() ? std::string(device) : settings_.label;
        file_.open(settings_.folder, detail::file_name(settings_.folder, label, id, process, "csv"),
                   device);
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (i > 0)
                file_.append(",");
            file_.append(names[i]);
        }
        file_.append("\n");
    }

    void row(const std::array<std::uint64_t, NI>& ids, const std::array<double, ND>& xs) {
        for (std::size_t i = 0; i < NI; ++i) {
            if (i > 0)
                file_.append(",");
            detail::append_number(file_, ids[i]);
        }
        for (std::size_t i = 0; i < ND; ++i) {
            file_.append(",");
            detail::append_number(file_, xs[i]);
        }
        file_.append("\n");
    }

    void flush() { file_.flush(); }
    void close() { file_.close(); }
    void close_quietly() noexcept { file_.close_quietly(); }

private:
    csv settings_;
    detail::output_file file_;
};

template <std::size_t NI, std::size_t ND>
class writer<npy, NI, ND> {
public:
    using names_t = std::array<std::string_view, NI + ND>;
    static_assert(std::endian::native == std::endian::little,
                  "the npy backend writes little-endian data and supports little-endian hosts");

    writer() = default;
    explicit writer(npy settings)
        : settings_(std::move(settings)) {}
    writer(writer&&) noexcept = default;
    writer& operator=(writer&&) noexcept = default;
    ~writer() { close_quietly(); }

    [[nodiscard]] bool is_open() const { return file_.is_open(); }
    [[nodiscard]] const std::string& path() const { return file_.path(); }
    [[nodiscard]] std::size_t buffer_capacity() const { return file_.buffer_capacity(); }

    void open(std::string_view device, std::uint64_t id, const names_t& names,
              std::size_t process = 0) {
        const std::string label = settings_.label.empty() ? std::string(device) : settings_.label;
        file_.open(settings_.folder, detail::file_name(settings_.folder, label, id, process, "npy"),
                   device);
        descr_ = "[";
        for (std::size_t i = 0; i < names.size(); ++i) {
            descr_ += i > 0 ? ", ('" : "('";
            descr_ += names[i];
            descr_ += i < NI ? "', '<u8')" : "', '<f8')";
        }
        descr_ += "]";
        rows_ = 0;
        written_rows_ = 0;
        header_size_ = 0;
        const auto h = header();
        header_size_ = h.size();
        file_.append(h);
    }

    void row(const std::array<std::uint64_t, NI>& ids, const std::array<double, ND>& xs) {
        char bytes[8 * (NI + ND)];
        std::memcpy(bytes, ids.data(), 8 * NI);
        std::memcpy(bytes + 8 * NI, xs.data(), 8 * ND);
        file_.append(bytes, sizeof bytes);
        ++rows_;
    }

    /// Writes the rows out and the header's shape, so the file is a complete .npy.
    void flush() {
        if (!file_.is_open())
            return;
        if (rows_ != written_rows_) {
            file_.overwrite(0, header());
            written_rows_ = rows_;
        }
        file_.flush();
    }
    void close() {
        flush();
        file_.close();
    }
    void close_quietly() noexcept {
        if (!file_.is_open())
            return;
        try {
            flush();
        } catch (...) {
        }
        file_.close_quietly();
    }

private:
    /// Format 1.0: magic, version, header length, the dict padded with spaces to a multiple
    /// of 64 bytes with room for a 20-digit shape, ending in a newline.
    [[nodiscard]] std::string header() const {
        std::string dict = "{'descr': " + descr_ + ", 'fortran_order': False, 'shape': (";
        detail::append_number(dict, rows_);
        dict += ",), }";
        std::size_t total = header_size_;
        if (total == 0) {
            const std::size_t room = 10 + dict.size() + 20 + 1;
            total = (room + 63) / 64 * 64;
        }
        dict.append(total - 10 - dict.size() - 1, ' ');
        dict += '\n';
        const auto len = static_cast<std::uint16_t>(dict.size());
        std::string out = "\x93NUMPY";
        out += '\x01';
        out += '\x00';
        out += static_cast<char>(len & 0xff);
        out += static_cast<char>(len >> 8);
        return out + dict;
    }

    npy settings_;
    detail::output_file file_;
    std::string descr_;
    std::uint64_t rows_ = 0, written_rows_ = 0;
    std::size_t header_size_ = 0;
};

template <std::size_t NI, std::size_t ND>
class writer<screen, NI, ND> {
public:
    using names_t = std::array<std::string_view, NI + ND>;

    writer() = default;
    explicit writer(screen settings)
        : settings_(std::move(settings)) {}

    [[nodiscard]] bool is_open() const { return open_; }
    [[nodiscard]] std::size_t buffer_capacity() const { return line_.capacity(); }

    void open(std::string_view device, std::uint64_t id, const names_t& names,
              std::size_t /*process*/ = 0) {
        prefix_ = settings_.label.empty() ? std::string(device) : settings_.label;
        prefix_ += '-';
        detail::append_number(prefix_, id);
        prefix_ += ':';
        names_ = names;
        open_ = true;
    }

    void row(const std::array<std::uint64_t, NI>& ids, const std::array<double, ND>& xs) {
        line_ = prefix_;
        for (std::size_t i = 0; i < NI; ++i) {
            field(i);
            detail::append_number(line_, ids[i]);
        }
        for (std::size_t i = 0; i < ND; ++i) {
            field(NI + i);
            detail::append_number(line_, xs[i]);
        }
        line_ += '\n';
        auto& out = *settings_.stream;
        out.write(line_.data(), static_cast<std::streamsize>(line_.size()));
        if (!out)
            throw io_error(axon::detail::concat(prefix_, " cannot write to its stream"));
    }

    void flush() {
        if (open_)
            settings_.stream->flush();
    }
    void close() { flush(); }
    void close_quietly() noexcept {}

private:
    void field(std::size_t i) {
        line_ += ' ';
        line_ += names_[i];
        line_ += '=';
    }

    screen settings_;
    names_t names_{};
    std::string prefix_, line_;
    bool open_ = false;
};

/// Where a recorder's rows go: the typed recording Recording for memory, a writer<Backend>
/// otherwise (which keeps no rows, only a count). The recorder opens it when it calibrates
/// (its node id is known then) and it is closed when the recorder is destroyed.
template <class Backend, class Recording, std::size_t NI, std::size_t ND>
class sink {
public:
    static constexpr bool in_memory = std::is_same_v<Backend, memory>;
    using names_t = std::array<std::string_view, NI + ND>;

    sink() = default;
    explicit sink(Backend settings) {
        if constexpr (!in_memory)
            out_ = out_t(std::move(settings));
    }

    [[nodiscard]] std::size_t n_events() const {
        if constexpr (in_memory)
            return out_.n_events();
        else
            return n_;
    }

    /// The recording (memory only).
    [[nodiscard]] Recording& recording() { return out_; }
    [[nodiscard]] const Recording& recording() const { return out_; }

    /// Opens the file or stream once; later calls (each simulate calibrates) keep it open.
    void open(std::string_view device, std::uint64_t id, const names_t& names,
              std::size_t process = 0) {
        if constexpr (!in_memory) {
            if (!out_.is_open()) {
                device_ = device;
                id_ = id;
                names_ = names;
                process_ = process;
                out_.open(device, id, names, process);
            }
        }
    }

    void row(const std::array<std::uint64_t, NI>& ids, const std::array<double, ND>& xs) {
        out_.row(ids, xs);
        ++n_;
    }

    /// Forgets what was recorded: for a file, starts it over (empty, with its header).
    void clear() {
        if constexpr (in_memory) {
            out_.clear();
        } else {
            n_ = 0;
            if (out_.is_open()) {
                out_.close();
                out_.open(device_, id_, names_, process_);
            }
        }
    }

    /// Writes everything recorded so far to the file or stream.
    void flush() {
        if constexpr (!in_memory)
            out_.flush();
    }

    [[nodiscard]] std::string path() const {
        if constexpr (writes_files<Backend>)
            return out_.is_open() ? out_.path() : std::string{};
        else
            return {};
    }

    /// Bytes reserved for rows not yet written (bounded for every backend but memory).
    [[nodiscard]] std::size_t buffer_capacity() const {
        if constexpr (in_memory)
            return 0;
        else
            return out_.buffer_capacity();
    }

private:
    using out_t = std::conditional_t<in_memory, Recording, writer<Backend, NI, ND>>;
    out_t out_{};
    std::size_t n_ = 0;
    std::string_view device_{};
    std::uint64_t id_ = 0;
    std::size_t process_ = 0;
    names_t names_{};
};

} // namespace record

} // namespace axon
