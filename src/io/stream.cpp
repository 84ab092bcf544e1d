// kempt as a text filter (`kempt text`): stdin to stdout, plain or JSON lines.
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "kempt/document.hpp"
#include "kempt/stream.hpp"

namespace kempt {

// Plain text goes through in blocks of whole lines of about this size: a mojibake
// run never crosses a line break, so a block's spans are those the whole text would
// give there, and a large input never has all its spans in memory at once.
constexpr std::size_t kBlockBytes = std::size_t{1} << 20;

std::string read_all(int fd) {
  std::string data;
  std::size_t size = 0;
  while (true) {
    if (size == data.size()) data.resize(std::max<std::size_t>(data.size() * 2, kBlockBytes));
    const ssize_t n = ::read(fd, data.data() + size, data.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    size += static_cast<std::size_t>(n);
  }
  data.resize(size);
  return data;
}

LineReader::LineReader(int fd) : fd_(fd), buffer_(new char[64 * 1024]), capacity_(64 * 1024) {}

bool LineReader::next(std::string_view& line) {
  std::size_t scanned = begin_;  // bytes before this are known to hold no '\n'
  while (true) {
    const void* nl = std::memchr(buffer_.get() + scanned, '\n', end_ - scanned);
    if (nl) {
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - buffer_.get());
      line = std::string_view(buffer_.get() + begin_, at - begin_);
      begin_ = at + 1;
      ++line_number_;
      return true;
    }
    scanned = end_;
    if (eof_) {
      if (begin_ == end_) return false;
      line = std::string_view(buffer_.get() + begin_, end_ - begin_);
      begin_ = end_;
      ++line_number_;
      return true;
    }
    // Room for more: move the partial line to the front, or grow for a long line.
    if (end_ == capacity_) {
      if (begin_ > 0) {
        std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
      } else {
        std::unique_ptr<char[]> bigger(new char[capacity_ * 2]);  // no zero-filling, unlike std::string
        std::memcpy(bigger.get(), buffer_.get(), end_);
        buffer_ = std::move(bigger);
        capacity_ *= 2;
      }
      end_ -= begin_;
      scanned -= begin_;
      begin_ = 0;
    }
    const ssize_t n = ::read(fd_, buffer_.get() + end_, capacity_ - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      eof_ = true;
      continue;
    }
    end_ += static_cast<std::size_t>(n);
  }
}

std::string explain_repair(const MojibakeSpan& s, std::string_view where, bool mark_lost) {
  if (s.not_analysed)
    return fmt::format("{}: {} bytes not analysed (too many lost-byte readings to rank); left as they are", where,
                       s.end - s.begin);
  std::string verdict;
  if (!s.confident) {
    verdict = fmt::format(" {}: {}{}", mark_lost && !s.marked.empty() ? "marked" : "not repaired",
                          s.lossy ? "lost bytes, readings " : "not sure",
                          s.lossy ? fmt::format("{}", fmt::join(s.candidates, " ")) : "");
  }
  return fmt::format("{}: \"{}\" -> \"{}\" ({}; implausibility {:.1f} -> {:.1f}){}", where, s.before, s.after,
                     s.explain_chain(), s.cost_before, s.cost_after, verdict);
}

namespace {

void write_text(std::ostream& out, std::string_view text, const TextFilterOptions& options) {
  if (options.fold_ligatures) {
    const std::string folded = fold_latin_ligatures(text);
    out.write(folded.data(), static_cast<std::streamsize>(folded.size()));
  } else {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
}

// One block's repair, worked out apart from writing it, so that blocks can be
// repaired side by side and still written in order.
struct RepairedBlock {
  std::string_view input;
  std::vector<MojibakeSpan> spans;
  std::string text;   // the repaired block; unused when `clean`
  bool clean = true;  // nothing to change: the input is written as it came
};

RepairedBlock repair_block_text(std::string_view block, bool mark_lost) {
  RepairedBlock r{block, find_mojibake(block), {}, true};
  r.clean = std::none_of(r.spans.begin(), r.spans.end(),
                         [&](const MojibakeSpan& s) { return s.replacement(mark_lost); });
  if (!r.clean) r.text = repair_found_mojibake(block, r.spans, mark_lost);
  return r;
}

// Writes a repaired block; returns how many lines it holds (for explanations).
// `line_base`: the lines before it.
std::size_t write_block(const RepairedBlock& r, std::size_t line_base, std::ostream& out,
                        const TextFilterOptions& options) {
  write_text(out, r.clean ? r.input : std::string_view(r.text), options);
  if (!options.explain) return 0;
  const LineIndex index(r.input);
  for (const auto& s : r.spans) {
    const auto at = index.locate(s.begin);
    const std::string where = s.look == 1 ? fmt::format("{}:{}", line_base + at.line, at.column)
                                          : fmt::format("{}:{} (look {})", line_base + at.line, at.column, s.look);
    options.explain(explain_repair(s, where, options.mark_lost));
  }
  return index.line_count();
}

std::size_t repair_block(std::string_view block, std::size_t line_base, std::ostream& out,
                         const TextFilterOptions& options) {
  return write_block(repair_block_text(block, options.mark_lost), line_base, out, options);
}

// The end of the block that starts at `begin`: just after the first '\n' at
// least kBlockBytes on, or the end of the text.
std::size_t block_end(std::string_view text, std::size_t begin) {
  if (text.size() - begin <= kBlockBytes) return text.size();
  const std::size_t nl = text.find('\n', begin + kBlockBytes);
  return nl == std::string_view::npos ? text.size() : nl + 1;
}

// One JSON string line repaired; false when it is no JSON string (passed through).
bool repair_jsonl_line(std::string_view line, std::size_t line_no, std::ostream& out,
                       const TextFilterOptions& options) {
  std::string text;
  try {
    text = nlohmann::json::parse(line).get<std::string>();
  } catch (const std::exception&) {
    if (options.warn) options.warn(fmt::format("line {} is not a JSON string; passed through", line_no));
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    out.put('\n');
    return false;
  }
  std::vector<MojibakeSpan> spans;
  std::string fixed = repair_mojibake(text, &spans, options.mark_lost);
  if (options.fold_ligatures) fixed = fold_latin_ligatures(fixed);
  out << nlohmann::json(fixed).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  if (options.explain) {
    for (const auto& s : spans) options.explain(explain_repair(s, fmt::format("line {}", line_no), options.mark_lost));
  }
  return true;
}

}  // namespace

bool repair_text(std::string_view input, std::ostream& out, const TextFilterOptions& options) {
  // The library is thread-safe: one block per worker in flight, written in order as each is done.
  const std::size_t workers = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::deque<std::future<RepairedBlock>> in_flight;
  std::size_t begin = 0, lines = 0;
  auto launch = [&] {
    const std::size_t end = block_end(input, begin);
    in_flight.push_back(std::async(std::launch::async, repair_block_text, input.substr(begin, end - begin),
                                   options.mark_lost));
    begin = end;
  };
  while (begin < input.size() && in_flight.size() < workers) launch();
  while (!in_flight.empty()) {
    const RepairedBlock done = in_flight.front().get();
    in_flight.pop_front();
    if (begin < input.size()) launch();  // the next block starts before this one is written
    lines += write_block(done, lines, out, options);
    if (!out) break;  // nobody will read the rest (the caller says so)
  }
  // Blocks still in flight are waited for by their futures' destructors.
  return static_cast<bool>(out);
}

bool repair_text_stream(int fd, std::ostream& out, const TextFilterOptions& options) {
  std::unique_ptr<char[]> buffer(new char[2 * kBlockBytes]);  // no zero-filling, unlike std::string
  std::size_t capacity = 2 * kBlockBytes, size = 0, lines = 0;
  while (true) {
    if (size == capacity) {
      std::unique_ptr<char[]> bigger(new char[capacity * 2]);  // a line longer than a block
      std::memcpy(bigger.get(), buffer.get(), size);
      buffer = std::move(bigger);
      capacity *= 2;
    }
    const ssize_t n = ::read(fd, buffer.get() + size, capacity - size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    size += static_cast<std::size_t>(n);
    if (size < kBlockBytes) continue;
    const std::string_view have(buffer.get(), size);
    const std::size_t nl = have.rfind('\n');
    if (nl == std::string_view::npos) continue;
    lines += repair_block(have.substr(0, nl + 1), lines, out, options);
    if (!out) return false;  // nobody will read the rest
    std::memmove(buffer.get(), buffer.get() + nl + 1, size - nl - 1);
    size -= nl + 1;
  }
  if (size > 0) repair_block(std::string_view(buffer.get(), size), lines, out, options);
  return static_cast<bool>(out);
}

std::size_t repair_jsonl(std::string_view input, std::ostream& out, const TextFilterOptions& options) {
  std::size_t failed = 0, line_no = 0;
  for (std::size_t pos = 0; pos < input.size() && out;) {
    std::size_t end = input.find('\n', pos);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view line = input.substr(pos, end - pos);
    pos = end + 1;
    if (!repair_jsonl_line(line, ++line_no, out, options)) ++failed;
  }
  return failed;
}

std::size_t repair_jsonl_stream(int fd, std::ostream& out, const TextFilterOptions& options) {
  std::size_t failed = 0;
  LineReader reader(fd);
  std::string_view line;
  while (out && reader.next(line)) {
    if (!repair_jsonl_line(line, reader.line_number(), out, options)) ++failed;
    out.flush();
  }
  return failed;
}

bool filter_text(int fd, std::ostream& out, bool jsonl, const TextFilterOptions& options) {
  // A file is mapped, as iconv does: reading 50 MB into fresh memory costs more than
  // repairing it. A pipe is read with read(2) straight into a buffer (iostreams go a
  // byte at a time).
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    const auto size = static_cast<std::size_t>(st.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map != MAP_FAILED) {
      const std::string_view input(static_cast<const char*>(map), size);
      const bool ok = jsonl ? repair_jsonl(input, out, options) == 0 && out : repair_text(input, out, options);
      ::munmap(map, size);
      return ok;
    }
  }
  if (jsonl) return repair_jsonl_stream(fd, out, options) == 0 && out;
  return repair_text_stream(fd, out, options);
}

}  // namespace kempt
