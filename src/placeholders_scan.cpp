// Reading a page's text the way the placeholders pass needs it: where links and
// images are, where Lorem ipsum runs, and whether what is left of a unit once its
// placeholders are set aside is anything a reader would miss.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <deque>
#include <iterator>

#include "placeholders_internal.hpp"
#include "ascii.hpp"

namespace kempt::placeholders {
namespace {

constexpr bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// No tag of a page is longer: looking further for a '>' would make a text full of
// '<' quadratic.
constexpr std::size_t kMaxTag = 4096;

// Where the next '>' is, for scans whose positions only grow: each byte is
// looked at once, where looking kMaxTag ahead of every '<' would cost that
// much per '<' in a text of unclosed '<'.
class NextGreater {
 public:
  std::size_t from(std::string_view text, std::size_t pos) {
    if (!valid_ || pos < query_ || (found_ != std::string_view::npos && found_ < pos)) found_ = text.find('>', pos);
    valid_ = true;
    query_ = pos;
    return found_;
  }

 private:
  bool valid_ = false;
  std::size_t query_ = 0, found_ = std::string_view::npos;
};

std::size_t tag_end(std::string_view text, std::size_t at, NextGreater& next, std::size_t end = std::string_view::npos) {
  const std::size_t close = next.from(text, at);
  return close < std::min({text.size(), end, at + kMaxTag}) ? close : std::string_view::npos;
}

bool iequals_at(std::string_view text, std::size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (ascii_lower(text[at + i]) != word[i]) return false;
  }
  return true;
}

// cmark's bound on parentheses nested in a link destination. It also keeps the
// scans linear: a scan from one '(' runs past at most this many other links'
// '(' before it gives up, so `[a](` repeated costs 33 looks per byte, not one
// look per link per byte.
constexpr int kMaxDestinationParens = 32;

bool blank_line_follows(std::string_view text, std::size_t newline) {
  const std::size_t next = text.find_first_not_of(" \t\r", newline + 1);
  return next == std::string_view::npos || text[next] == '\n';
}

// The end of a Markdown link destination and title starting at `open` (the '('),
// read as CommonMark does (0 when there is none). A title ends at its closing
// quote, so each scan stops at the next title's opening quote at the latest.
std::size_t destination_end(std::string_view text, std::size_t open, std::string* target) {
  std::size_t i = open + 1;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  std::string url;
  if (i < text.size() && text[i] == '<') {
    const std::size_t close = text.find_first_of("<>\n\r", i + 1);
    if (close == std::string_view::npos || text[close] != '>') return 0;
    url = std::string(text.substr(i + 1, close - i - 1));
    i = close + 1;
  } else {
    int depth = 0;
    const std::size_t start = i;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '\\' && i + 1 < text.size()) { ++i; continue; }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') break;
      if (c == '(' && ++depth > kMaxDestinationParens) return 0;
      if (c == ')' && depth-- == 0) break;
    }
    url = std::string(text.substr(start, i - start));
  }
  // An optional title in "", '' or (), then the closing parenthesis.
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  if (i < text.size() && (text[i] == '"' || text[i] == '\'' || text[i] == '(') && i > open + 1 &&
      (text[i - 1] == ' ' || text[i - 1] == '\t')) {
    const char opener = text[i];
    const char closer = opener == '(' ? ')' : opener;
    std::size_t j = i + 1;
    for (; j < text.size() && text[j] != closer; ++j) {
      if (text[j] == '\\') ++j;
      else if ((opener == '(' && text[j] == '(') || (text[j] == '\n' && blank_line_follows(text, j))) return 0;
    }
    if (j >= text.size()) return 0;
    i = j + 1;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  }
  if (i >= text.size() || text[i] != ')') return 0;
  *target = std::move(url);
  return i + 1;
}

// Labels farther than this from their ']' are not looked for (no real label is).
constexpr std::size_t kMaxLabel = 4096;

// `[label](target)` and `![alt](src)`. Brackets pair as CommonMark pairs them,
// from the left with a stack (escaped ones left out, a blank line clearing it):
// one pass, where looking back from every `](` for its '[' would be quadratic.
void find_markdown_elements(std::string_view text, const ElementSink& out) {
  if (text.find("](") == std::string_view::npos) return;
  std::deque<std::size_t> open;  // unpaired '[' within kMaxLabel, oldest first
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '\n' && blank_line_follows(text, i)) open.clear();
    if (c == '[') {
      open.push_back(i);
      while (i - open.front() > kMaxLabel) open.pop_front();
    }
    if (c != ']' || open.empty()) continue;
    const std::size_t label_open = open.back();
    open.pop_back();
    if (i - label_open > kMaxLabel || i + 1 >= text.size() || text[i + 1] != '(') continue;
    std::string target;
    const std::size_t end = destination_end(text, i + 1, &target);
    if (end == 0) continue;
    Element e;
    e.kind = label_open > 0 && text[label_open - 1] == '!' ? Element::Kind::image : Element::Kind::link;
    e.whole = {e.kind == Element::Kind::image ? label_open - 1 : label_open, end};
    e.label = {label_open + 1, i};
    e.target = std::move(target);
    out(std::move(e));
  }
}

// The value of attribute `name` in the tag [begin, end), and where it is.
std::string attribute(std::string_view tag, std::string_view name) {
  for (std::size_t at = 0; (at = tag.find(name, at)) != std::string_view::npos; at += name.size()) {
    if (at == 0 || !(tag[at - 1] == ' ' || tag[at - 1] == '\t' || tag[at - 1] == '\n')) continue;
    std::size_t i = at + name.size();
    while (i < tag.size() && tag[i] == ' ') ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && tag[i] == ' ') ++i;
    if (i >= tag.size()) return {};
    if (tag[i] == '"' || tag[i] == '\'') {
      const std::size_t close = tag.find(tag[i], i + 1);
      return close == std::string_view::npos ? std::string() : std::string(tag.substr(i + 1, close - i - 1));
    }
    const std::size_t stop = tag.find_first_of(" \t\n>", i);
    return std::string(tag.substr(i, (stop == std::string_view::npos ? tag.size() : stop) - i));
  }
  return {};
}

void find_html_elements(std::string_view text, const ElementSink& out) {
  NextGreater next;
  // The next `</a>`, kept for the following `<a` tags: one scan of the text.
  std::size_t next_end = std::string_view::npos;
  bool end_known = false;
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    const std::size_t close = tag_end(text, at, next);
    if (close == std::string_view::npos) continue;
    const std::string_view tag = text.substr(at, close + 1 - at);
    if (iequals_at(text, at, "<img") && tag.size() > 4 && !ascii_alpha(tag[4])) {
      out({Element::Kind::image, {at, close + 1}, {at, at}, attribute(tag, "src")});
    } else if (iequals_at(text, at, "<a") && tag.size() > 2 && (tag[2] == ' ' || tag[2] == '\n' || tag[2] == '\t')) {
      if (!end_known || (next_end != std::string_view::npos && next_end <= at)) {
        next_end = at;
        do {
          next_end = text.find("</", next_end + 1);
        } while (next_end != std::string_view::npos && !iequals_at(text, next_end, "</a>"));
        end_known = true;
      }
      const std::size_t end_tag = next_end;
      if (end_tag == std::string_view::npos || end_tag + 2 > std::min(text.size(), close + kMaxTag)) continue;
      out({Element::Kind::link, {at, end_tag + 4}, {close + 1, end_tag}, attribute(tag, "href")});
    } else if (tag.find("://") != std::string_view::npos && tag.find_first_of(" \t\n") == std::string_view::npos) {
      out({Element::Kind::link, {at, close + 1}, {at + 1, at + 1}, std::string(tag.substr(1, tag.size() - 2)), true});
    }
  }
}

// An address as a reader compares two: no scheme, no `www.`, no final '/', any case.
std::string address_key(std::string_view s) {
  s.remove_prefix(std::min(s.find_first_not_of(" \t`<"), s.size()));
  s = s.substr(0, s.find_last_not_of(" \t`>") + 1);
  std::string key;
  for (char c : s) key += ascii_lower(c);
  for (std::string_view scheme : {"https://", "http://"}) {
    if (key.starts_with(scheme)) key.erase(0, scheme.size());
  }
  if (key.starts_with("www.")) key.erase(0, 4);
  while (!key.empty() && key.back() == '/') key.pop_back();
  return key;
}

}  // namespace

bool shows_own_target(std::string_view text, const Element& link) {
  if (link.kind != Element::Kind::link) return false;
  if (link.autolink) return true;
  if (link.label.empty()) return false;
  const std::string label = address_key(text.substr(link.label.begin, link.label.size()));
  return !label.empty() && label == address_key(link.target);
}

void for_each_element(std::string_view text, const ElementSink& sink) {
  find_markdown_elements(text, sink);
  find_html_elements(text, sink);
}

namespace {

// Filler told by its statistics (the numbers are the `lorem:` note's in
// data/templates.yaml): a passage of filler words, a few others between them,
// is filler when it is long, nearly all filler vocabulary, and Latin enough. A
// Latin motto is too short; real Latin prose (Cicero, Virgil, the Vulgate) and
// Italian, Spanish or Portuguese share only their small words with it, and those
// are `common`; English prose around a Latin tag has too many words of its own.
constexpr std::size_t kMinPassageWords = 12;
constexpr std::size_t kMaxPassageGap = 2;       // other words between two filler words
constexpr std::size_t kMinDistinctLatin = 6;    // different Latin words not in `common`
constexpr std::size_t kVocabularyPercent = 90;  // of the words: `words` or `mixed`
constexpr std::size_t kLatinPercent = 25;       // of the words: `words`
constexpr std::size_t kMinEdgeSegment = 2;      // filler words in a row that start or end a passage

class PassageScan {
 public:
  explicit PassageScan(const PlaceholderCatalogue& catalogue) : catalogue_(catalogue) {}

  // `latin`: `lower` is in lorem.words (the caller has looked).
  void word(std::size_t begin, std::size_t end, std::string_view lower, bool latin) {
    if (!latin && (lower.empty() || !catalogue_.is_mixed_filler_word(lower))) {
      if (p_.words == 0) return;
      if (gap_ == 0) {
        // A lone filler word before the others ("at MIT, 2019. Lorem ipsum …")
        // is the real text's, not the passage's.
        if (p_.words == segment_ && segment_ < kMinEdgeSegment) return restart();
        before_gap_ = p_;
      }
      if (++gap_ > kMaxPassageGap) close();
      return;
    }
    if (p_.words == 0) p_.begin = begin;
    if (gap_ > 0) {
      segment_ = 0;
      before_segment_ = before_gap_;
    }
    ++segment_;
    p_.words += gap_ + 1;
    gap_ = 0;
    p_.end = end;
    ++p_.vocabulary;
    if (!latin) return;
    ++p_.latin;
    if (p_.distinct < kMinDistinctLatin && !catalogue_.is_common_lorem_word(lower)) {
      // (by hash: the passage is copied at every gap, so it holds no strings)
      const std::size_t h = std::hash<std::string_view>{}(lower);
      if (std::find(p_.seen.begin(), p_.seen.begin() + p_.distinct, h) == p_.seen.begin() + p_.distinct) p_.seen[p_.distinct++] = h;
    }
  }
  // A paragraph ends a passage, and so does a line break among other words.
  void line_break(bool paragraph) {
    if (paragraph || gap_ > 0) close();
  }
  void close() {
    // And a lone one after them ("… molestie leo. See Smith et al.").
    if (segment_ < kMinEdgeSegment && p_.words > segment_) p_ = before_segment_;
    if (p_.words >= kMinPassageWords && p_.distinct >= kMinDistinctLatin &&
        p_.vocabulary * 100 >= p_.words * kVocabularyPercent && p_.latin * 100 >= p_.words * kLatinPercent) {
      found_.push_back({{p_.begin, p_.end}, p_.words});
    }
    restart();
  }
  void restart() {
    p_ = Passage{};
    gap_ = 0;
    segment_ = 0;
  }
  std::vector<LoremRun> take() {
    close();
    return std::move(found_);
  }

 private:
  struct Passage {
    std::size_t begin = 0, end = 0, words = 0, vocabulary = 0, latin = 0, distinct = 0;
    std::array<std::size_t, kMinDistinctLatin> seen{};
  };
  const PlaceholderCatalogue& catalogue_;
  Passage p_;
  Passage before_gap_;      ///< the passage as its last run of other words began
  Passage before_segment_;  ///< the passage without its last run of filler words
  std::size_t gap_ = 0;  ///< other words since the passage's last filler word
  std::size_t segment_ = 0;  ///< filler words since the last other word
  std::vector<LoremRun> found_;
};

// Does the line after the newline at `at` start a block of its own (a heading,
// a list item, a quote, a table row), which no filler paragraph runs into?
bool block_starts_after(std::string_view text, std::size_t at) {
  std::size_t i = text.find_first_not_of(" \t", at + 1);
  if (i == std::string_view::npos) return true;
  const char c = text[i];
  if (c == '#' || c == '>' || c == '|' || c == '<') return true;
  if ((c == '-' || c == '*' || c == '+') && i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\t')) return true;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  return i > 0 && i < text.size() && (text[i] == '.' || text[i] == ')') && text[i - 1] >= '0' && text[i - 1] <= '9';
}

// The runs with the passages: a run inside a passage is part of it (one unit,
// one finding), by position.
std::vector<LoremRun> merged_runs(std::vector<LoremRun> runs, std::vector<LoremRun> passages, std::string_view text) {
  for (LoremRun& p : passages) {
    if (p.span.end < text.size() && text[p.span.end] == '.') ++p.span.end;
  }
  // Both are in text order and neither overlaps itself: one walk, not a look
  // at every passage for every run (a page of short filler lines has millions).
  std::size_t k = 0;
  std::erase_if(runs, [&](const LoremRun& r) {
    while (k < passages.size() && passages[k].span.end < r.span.end) ++k;
    return k < passages.size() && passages[k].span.begin <= r.span.begin;
  });
  std::vector<LoremRun> out;
  out.reserve(runs.size() + passages.size());
  std::merge(runs.begin(), runs.end(), passages.begin(), passages.end(), std::back_inserter(out),
             [](const LoremRun& a, const LoremRun& b) { return a.span.begin < b.span.begin; });
  return out;
}

}  // namespace

namespace {

// A word as the Lorem ipsum scans read one: a run of ASCII letters and non-ASCII
// bytes. True when text[i] starts one; then `*end` is where it ends and `lower` is
// its letters in lowercase, or empty when it holds non-ASCII bytes or is longer than
// any Latin word (the longest is 14 letters).
bool in_word(char c) { return ascii_alpha(c) || static_cast<unsigned char>(c) >= 0x80; }

// in_word by table, telling its two kinds apart: kAsciiLetter or kBeyondAscii, 0 for a
// byte no word holds. (may_hold_lorem reads every byte of every page with it.)
constexpr uint8_t kAsciiLetter = 1, kBeyondAscii = 2;
constexpr std::array<uint8_t, 256> kWordByte = [] {
  std::array<uint8_t, 256> kind{};
  for (int c = 0; c < 256; ++c) kind[c] = c >= 0x80 ? kBeyondAscii : ascii_alpha(static_cast<char>(c)) ? kAsciiLetter : 0;
  return kind;
}();

constexpr std::size_t kLongestLoremWord = 32;

// A word's letters in lowercase, in a buffer of the longest a Latin word may be.
struct LowerWord {
  char letters[kLongestLoremWord];
  std::size_t size = 0;
  std::string_view view() const { return {letters, size}; }
  // `raw`: ASCII letters, no more than kLongestLoremWord of them.
  void assign(std::string_view raw) {
    size = 0;
    for (const char c : raw) letters[size++] = ascii_lower(c);
  }
};

bool read_word(std::string_view text, std::size_t i, std::size_t* end, LowerWord& lower_word) {
  if (!in_word(text[i])) return false;
  std::size_t j = i;
  bool ascii = true;
  while (j < text.size() && in_word(text[j])) {
    ascii = ascii && static_cast<unsigned char>(text[j]) < 0x80;
    ++j;
  }
  *end = j;
  lower_word.size = 0;
  if (ascii && j - i <= kLongestLoremWord) lower_word.assign(text.substr(i, j - i));
  return true;
}

}  // namespace

std::vector<LoremRun> find_lorem(std::string_view text, const PlaceholderCatalogue& catalogue) {
  std::vector<LoremRun> runs;
  // A run is kept as what the test needs, not word by word: a page of "a a a"
  // is one run of millions of words.
  struct Run {
    std::size_t begin = 0, end = 0, words = 0;
    bool has_lorem_ipsum = false;
    std::string previous;
    std::vector<std::string> distinct;  ///< uncommon words, up to the 4 the test asks for
  } run;
  auto close_run = [&] {
    if (run.has_lorem_ipsum || (run.words >= 6 && run.distinct.size() >= 4)) {
      std::size_t end = run.end;
      if (end < text.size() && text[end] == '.') ++end;
      runs.push_back({{run.begin, end}, run.words});
    }
    run = Run{};
  };
  auto add_word = [&](std::size_t begin, std::size_t end, std::string word) {
    if (run.words == 0) run.begin = begin;
    run.end = end;
    ++run.words;
    if (run.previous == "lorem" && word == "ipsum") run.has_lorem_ipsum = true;
    if (run.distinct.size() < 4 && !catalogue.is_common_lorem_word(word) &&
        std::find(run.distinct.begin(), run.distinct.end(), word) == run.distinct.end()) {
      run.distinct.push_back(word);
    }
    run.previous = std::move(word);
  };
  PassageScan passages(catalogue);
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    std::size_t j = i;
    if (LowerWord lower_word; read_word(text, i, &j, lower_word)) {
      const std::string_view word = lower_word.view();
      const bool latin = !word.empty() && catalogue.is_lorem_word(word);
      passages.word(i, j, word, latin);
      if (latin) {
        add_word(i, j, std::string(word));
      } else if (run.words > 0) {
        close_run();
      }
      i = j;
    } else {
      // Digits end a run, and so does a blank line; punctuation and markup do not.
      const bool paragraph_break = c == '\n' && i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r');
      if (run.words > 0 && ((c >= '0' && c <= '9') || paragraph_break)) close_run();
      if (c == '\n') passages.line_break(paragraph_break || block_starts_after(text, i));
      ++i;
    }
  }
  if (run.words > 0) close_run();
  return merged_runs(std::move(runs), passages.take(), text);
}

uint64_t word_byte_bits_bytewise(const unsigned char* p) {
  uint64_t bits = 0;
  for (unsigned k = 0; k < 64; ++k) bits |= uint64_t{kWordByte[p[k]] != 0} << k;
  return bits;
}

uint64_t word_byte_bits(const unsigned char* p) {
#if defined(__SSE2__)
  // A letter is (c | 0x20) in 'a'..'z': moved to the bottom of the signed bytes
  // (0x80..0x99), it is below -102; no other byte lands there. A byte beyond ASCII
  // has its sign bit, as movemask reads it.
  const __m128i fold = _mm_set1_epi8(0x20), shift = _mm_set1_epi8(0x80 - 'a'), limit = _mm_set1_epi8(-128 + 26);
  uint64_t bits = 0;
  for (unsigned k = 0; k < 4; ++k) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(x, fold), shift), limit);
    bits |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_or_si128(letter, x)))} << (16 * k);
  }
  return bits;
#else
  return word_byte_bits_bytewise(p);
#endif
}

bool may_hold_lorem(std::string_view text, const PlaceholderCatalogue& catalogue) {
  if (!catalogue.lorem_enabled()) return false;
  // Words as find_lorem reads them. A run needs "lorem" and "ipsum", or four
  // different uncommon words; a passage kMinDistinctLatin: two at the least.
  static_assert(kMinDistinctLatin >= 2);
  // Every byte of every page is read here: 64 at a time, as bits, a word being
  // where its bits start and end (most words' length and end letters then say
  // they are no such word).
  std::string first;
  LowerWord lower_word;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  // Whether the word [begin, end) is a second such word (once its length and end
  // letters have let it through).
  auto second_word = [&](std::string_view raw) {
    if (!std::all_of(raw.begin(), raw.end(), [](char c) { return kWordByte[static_cast<unsigned char>(c)] == kAsciiLetter; })) return false;
    lower_word.assign(raw);
    const std::string_view word = lower_word.view();
    if (!catalogue.is_uncommon_lorem_word(word)) return false;
    if (first.empty()) first = word;
    return word != first;
  };
  auto may_be_second = [&](std::size_t begin, std::size_t end) {
    const std::string_view raw(text.data() + begin, end - begin);
    return raw.size() <= kLongestLoremWord && catalogue.may_be_uncommon_lorem_word(raw) && second_word(raw);
  };
  std::size_t word_begin = 0;
  uint64_t carry = 0;  // 1: a word runs on from the block before
  unsigned char tail[64];
  for (std::size_t at = 0; at < text.size(); at += 64) {
    const unsigned char* block = s + at;
    if (text.size() - at < 64) {
      // (Zeros are no word's bytes: a word running to the end ends there.)
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, block, text.size() - at);
      block = tail;
    }
    const uint64_t bits = word_byte_bits(block);
    const uint64_t before = bits << 1 | carry;  // bit k: byte k - 1 is a word's
    const uint64_t starts = bits & ~before, ends = ~bits & before;
    for (uint64_t events = starts | ends; events; events &= events - 1) {
      const auto k = static_cast<unsigned>(std::countr_zero(events));
      if (starts >> k & 1) {
        word_begin = at + k;
      } else if (may_be_second(word_begin, at + k)) {
        return true;
      }
    }
    carry = bits >> 63;
  }
  return carry && may_be_second(word_begin, text.size());
}

std::vector<ByteSpan> code_spans(std::string_view text, const std::vector<ByteSpan>& blocked) {
  std::vector<ByteSpan> out;
  auto run_length = [&](std::size_t at) {
    std::size_t n = 0;
    while (at + n < text.size() && text[at + n] == '`') ++n;
    return n;
  };
  std::size_t next_block = 0;
  for (std::size_t i = 0; i < text.size();) {
    while (next_block < blocked.size() && blocked[next_block].end <= i) ++next_block;
    if (next_block < blocked.size() && blocked[next_block].begin <= i) {
      i = blocked[next_block].end;
      continue;
    }
    if (text[i] == '\\') {
      i += 2;
      continue;
    }
    if (text[i] != '`') {
      ++i;
      continue;
    }
    const std::size_t open = run_length(i);
    std::size_t close = std::string_view::npos;
    // A paragraph of unpaired backticks must not make this quadratic.
    const std::size_t reach = std::min(text.size(), i + 64 * 1024);
    for (std::size_t j = i + open; j < reach;) {
      if (text[j] == '\n') {
        const std::size_t next = text.find_first_not_of(" \t\r", j + 1);
        if (next == std::string_view::npos || text[next] == '\n') break;  // a blank line ends the paragraph
      }
      if (text[j] != '`') {
        ++j;
        continue;
      }
      const std::size_t n = run_length(j);
      if (n == open) {
        close = j;
        break;
      }
      j += n;
    }
    if (close == std::string_view::npos) {
      i += open;
      continue;
    }
    out.push_back({i, close + open});
    i = close + open;
  }
  return out;
}

std::vector<ByteSpan> html_comments(std::string_view text) {
  std::vector<ByteSpan> out;
  for (std::size_t at = text.find("<!--"); at != std::string_view::npos; at = text.find("<!--", at)) {
    const std::size_t close = text.find("-->", at + 4);
    const std::size_t end = close == std::string_view::npos ? text.size() : close + 3;
    out.push_back({at, end});
    at = end;
  }
  return out;
}

bool html_balanced(std::string_view text, int* depth_out, int* lowest_out) {
  static constexpr std::array<std::string_view, 14> kVoid = {"area", "base", "br", "col", "embed", "hr", "img",
                                                             "input", "link", "meta", "param", "source", "track", "wbr"};
  int depth = 0, lowest = 0;
  NextGreater next;
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    if (opens_comment(text, at)) {
      const std::size_t close = text.find("-->", at);
      if (close == std::string_view::npos) break;
      at = close;
      continue;
    }
    const bool closing = at + 1 < text.size() && text[at + 1] == '/';
    const std::size_t name_at = at + (closing ? 2 : 1);
    std::size_t name_end = name_at;
    while (name_end < text.size() && (ascii_alpha(text[name_end]) || (name_end > name_at && std::isdigit(static_cast<unsigned char>(text[name_end]))))) ++name_end;
    if (name_end == name_at) continue;
    const std::size_t close = tag_end(text, name_end, next);
    if (close == std::string_view::npos) continue;
    std::string name;
    for (std::size_t k = name_at; k < name_end; ++k) name += ascii_lower(text[k]);
    if (std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end()) continue;
    if (closing) {
      lowest = std::min(lowest, --depth);
    } else if (text[close - 1] != '/') {
      ++depth;
    }
  }
  if (depth_out) *depth_out = depth;
  if (lowest_out) *lowest_out = lowest;
  return depth == 0 && lowest >= 0;
}

namespace {

bool media_tag(std::string_view text, std::size_t at) {
  for (std::string_view name : {"<img", "<video", "<iframe", "<audio", "<source", "<embed", "<object", "<picture"}) {
    if (iequals_at(text, at, name) && at + name.size() < text.size() && !ascii_alpha(text[at + name.size()])) return true;
  }
  return false;
}

// Length of the markup at `at` that is never real content (a tag, a comment, an
// entity, a link target, a kramdown attribute list), or 0.
std::size_t furniture_at(std::string_view text, std::size_t at, std::size_t end, NextGreater& next) {
  const char c = text[at];
  if (c == '<') {
    if (opens_comment(text, at)) {
      const std::size_t close = text.substr(0, end).find("-->", at);
      return (close == std::string_view::npos || close + 3 > end ? end : close + 3) - at;
    }
    const std::size_t close = tag_end(text, at, next, end);
    if (close == std::string_view::npos) return 0;
    const std::string_view tag = text.substr(at, close + 1 - at);
    const bool named = tag.size() > 2 && (ascii_alpha(tag[1]) || (tag[1] == '/' && ascii_alpha(tag[2])));
    const bool autolink = tag.find("://") != std::string_view::npos && tag.find(' ') == std::string_view::npos;
    if (!named || autolink) return 0;
    return media_tag(text, at) ? 0 : tag.size();
  }
  if (c == '&') {
    std::size_t i = at + 1;
    if (i < end && text[i] == '#') ++i;
    const std::size_t start = i;
    while (i < end && (ascii_alpha(text[i]) || std::isdigit(static_cast<unsigned char>(text[i])))) ++i;
    return i > start && i < end && text[i] == ';' ? i + 1 - at : 0;
  }
  if (c == ']' && at + 1 < end && text[at + 1] == '(') {
    std::string target;
    const std::size_t stop = destination_end(text, at + 1, &target);
    return stop != 0 && stop <= end ? stop - at : 1;
  }
  if (c == '{' && at + 1 < end && text[at + 1] == ':') {
    const std::size_t close = text.substr(0, std::min(end, at + kMaxTag)).find('}', at);
    return close == std::string_view::npos ? 0 : close + 1 - at;
  }
  return 0;
}

}  // namespace

bool has_real_content(std::string_view text, ByteSpan unit, const std::vector<bool>& covered) {
  const std::size_t end = std::min(unit.end, text.size());
  NextGreater next;
  for (std::size_t i = unit.begin; i < end;) {
    if (covered[i - unit.begin]) {
      ++i;
      continue;
    }
    if (const std::size_t skip = furniture_at(text, i, end, next)) {
      i += skip;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '!' && i + 1 < end && text[i + 1] == '[') return true;  // an image of one's own
    if (c == '{' && i + 1 < end && (text[i + 1] == '%' || text[i + 1] == '{')) return true;  // Liquid
    if (c == '<' && media_tag(text, i)) return true;
    if (c < 0x80) {
      if (ascii_alpha(static_cast<char>(c))) return true;
      ++i;
      continue;
    }
    UChar32 cp = 0;
    int32_t k = static_cast<int32_t>(i);
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), k, static_cast<int32_t>(end), cp);
    if (cp >= 0 && u_isalpha(cp)) return true;
    i = static_cast<std::size_t>(k);
  }
  return false;
}

bool generic_label(std::string_view text, ByteSpan label, const std::vector<bool>& covered, std::size_t base,
                   const PlaceholderCatalogue& catalogue) {
  for (std::size_t i = label.begin; i < label.end;) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (!ascii_alpha(static_cast<char>(c)) && c < 0x80) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < label.end && (ascii_alpha(text[j]) || static_cast<unsigned char>(text[j]) >= 0x80)) ++j;
    bool all_covered = true;
    for (std::size_t k = i; k < j; ++k) all_covered = all_covered && k >= base && k - base < covered.size() && covered[k - base];
    std::string word;
    for (std::size_t k = i; k < j; ++k) word += ascii_lower(text[k]);
    if (!all_covered && !catalogue.is_generic_label(word)) return false;
    i = j;
  }
  return true;
}

}  // namespace kempt::placeholders
