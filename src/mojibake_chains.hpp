#pragma once
// The chain search of the mojibake finder, as the rest of the finder sees it: the
// characters of a line (Char), the candidates a code page gives for its runs
// (Candidate: a run written back to the page's bytes and read as UTF-8, lost
// bytes filled in where they can be) and the buffers a line reuses (Line).
// mojibake_chains.cpp searches; mojibake_judge.cpp judges what it finds;
// mojibake.cpp, the line driver, runs both over each line that may hold
// mojibake. The lost-byte choice by language is mojibake_lost_bytes.hpp's, the
// code pages and the plausibility model mojibake_model.hpp's.
#include <unicode/umachine.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mojibake_model.hpp"

namespace kempt::mojibake::finder {

struct Char {
  UChar32 c;
  uint32_t size;       // bytes in the text (1-4; a narrow field keeps a Char at 16 bytes)
  std::size_t offset;  // byte offset in the text
};

// std::isalpha on ASCII, without a call into the C library (kempt never changes
// the C locale, where it means exactly this).
inline bool ascii_letter(UChar32 c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// UTF-8 and ligatures (mojibake_chains.cpp).
void append_utf8(std::string& out, UChar32 c);
std::string to_utf8(std::u32string_view text);
const char32_t* ligature_letters(char32_t c);
std::u32string fold_ligatures(std::u32string text);
int utf8_length(uint8_t lead);
bool is_cont(uint8_t b);
UChar32 decode_sequence(const std::string& bytes);
UChar32 decode_sequence(const uint8_t* bytes, int32_t size);

// A byte of a run's image, and which character of the run it came from.
// (Eight bytes: a CJK line's run is the line, two bytes a character.)
struct RunByte {
  uint8_t byte;
  enum Kind : uint8_t { plain, wildcard, space } kind;  // wildcard: `?`/U+FFFD; space: maybe a lost 0xA0
  uint32_t owner;  // index into the line's characters (a segment holds fewer than 2^32)
};

// A run's bytes, in a buffer the line keeps (Line::image).
using RunImage = std::span<const RunByte>;

// A run one page reads as UTF-8, for the judge (mojibake_judge.cpp).
struct Candidate {
  std::size_t first_char, end_char;  // in the line
  std::u32string after;
  const CodePage* page;  // that read it (judge() may find earlier layers)
  bool lossy = false, ambiguous = false;
  std::vector<std::string> readings;
  std::set<std::size_t> ambiguous_at;  // positions in `after` whose lost byte is unknown
  bool explicit_loss = false;          // the text marks a loss there (`?`, U+FFFD)
  bool evidence_only = false;          // only line evidence may repair or mark it
  bool garbled = false;                // its run is no UTF-8 in this page (see read_run)
  // A character rebuilt from a lost byte: its readings, ranked again once its
  // neighbours in the decoding are known ("🧑" + ZWJ + "🏫", "🗞" + VS16).
  struct Guess {
    std::size_t at;
    std::vector<UChar32> readings;
    bool written;
  };
  std::vector<Guess> guesses;
};

// What surrounds a run (mojibake_chains.cpp).
struct RunContext;

// The hash of a memo's key (RunMemo, JudgeMemo): two characters at a time,
// multiplied and rotated in. Their keys are a dozen characters, built for every
// run: std::hash's byte-wise Murmur cost more than the rest of a lookup.
struct MemoKeyHash {
  using is_transparent = void;
  std::size_t operator()(std::u32string_view s) const {
    constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
    uint64_t h = s.size() * kMul;
    std::size_t i = 0;
    for (; i + 1 < s.size(); i += 2) h = std::rotl((h ^ (uint64_t{s[i]} | uint64_t{s[i + 1]} << 32)) * kMul, 31);
    if (i < s.size()) h = std::rotl((h ^ uint64_t{s[i]}) * kMul, 31);
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

// read_run, remembered within a line (or segment) for the runs of a single-byte
// page: what it gives depends only on the page, the run's characters (they make
// its image), the characters just outside it, the word after it, whether a quote
// opened before it, and facts of the line (drops_seen, pairs_seen) that are the
// same for each of its runs. A run met again on the line gives what it gave, its
// lost-byte readings counted again to the line's work budget. (A double-byte
// page's run may stop early, see CoverWatch: it is read each time.)
class RunMemo {
 public:
  void clear() { memo_.clear(), looked_ = found_ = 0; }

  // read_run(line, image, page, ctx, out), for the run line[first, end) of the page `page_index`
  // (mojibake_chains.cpp).
  void read(const std::vector<Char>& line, std::size_t first, std::size_t end, RunImage image,
            const CodePage& page, std::size_t page_index, const RunContext& ctx, std::vector<Candidate>& out);

 private:
  static constexpr std::size_t kMaxKey = 32, kMaxEntries = 4096, kMinLine = 1024;
  struct Entry {
    std::vector<Candidate> candidates;  // first_char and end_char from the run's first character
    std::size_t ranked = 0;             // lost-byte readings it ranked
  };
  char32_t key_[kMaxKey + 5];  // (a buffer: five for the page and the context)
  std::unordered_map<std::u32string, Entry, MemoKeyHash, std::equal_to<>> memo_;
  std::size_t looked_ = 0, found_ = 0;  // on this line
};

// The lost-byte readings a line (or segment) may rank before it is left as it is
// (see "Work bounds" in mojibake.cpp).
inline constexpr std::size_t kMaxReadings = 20000;

// A line being looked at, with buffers each line reuses.
struct Line {
  std::vector<Char> chars;
  bool later_look = false;  // see RunContext::later_look
  bool space_undecided = false;  // see RunContext::space_undecided
  // Per character, the single-byte pages where a sequence may start there (see
  // sequence_starts), and the characters where any may.
  std::vector<uint16_t> starts;
  std::vector<uint32_t> start_chars;
  std::optional<std::size_t> quote_at;  // quote_opens_at, once a run needs it
  // A run's bytes (candidates_for_page): room for two a character of the line,
  // written in place (a CJK line's run is the whole line).
  std::vector<RunByte> image;
  std::vector<Candidate> candidates;    // a page's (find_in_line)
  std::size_t readings_ranked = 0;      // lost-byte readings ranked so far (kMaxReadings)
  std::unique_ptr<class JudgeMemo> judge;  // judge(), for runs seen before (find_in_line)
  std::vector<uint8_t> cjk;             // cjk_like of each character, for the double-byte pages
  std::size_t last_mark = 0;            // one past the last `?` or U+FFFD, worked out with `cjk`
  RunMemo runs;                         // read_run, for runs seen before on the line
};

// The share of a line's CJK-like characters a double-byte page's runs must cover.
inline constexpr double kLineCover = 0.8;

bool cjk_like(UChar32 c);
bool fits_its_word(UChar32 c, UChar32 before, UChar32 after);
bool lone_lead_may_read(uint8_t lead, const CodePage& page);
std::optional<std::pair<std::u32string, std::string>> peel_layer(std::u32string_view text);
std::optional<std::u32string> peel_marked_layer(std::u32string_view text);

// All candidates a page gives in `text`'s line (mojibake_chains.cpp).
void candidates_for_page(Line& text, std::size_t page_index, std::vector<Candidate>& out);

}  // namespace kempt::mojibake::finder
