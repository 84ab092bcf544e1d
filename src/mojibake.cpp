// Pass `mojibake`: finds the runs of a text that are UTF-8 read with the wrong code
// page and repairs each one that the plausibility model is sure about.
//
//   "2025 â€” ICLR ðŸŽ‰"   →  "2025 — ICLR 🎉"        (UTF-8 read as windows-1252)
//   "ğŸ‰ News"            →  "🎉 News"              (windows-1254, byte 0x8E dropped)
//   "鎴戜滑"              →  "我们"                 (UTF-8 read as GBK)
//
// For each code page, a run of characters the page can write is turned back into
// its bytes; where those bytes are valid multi-byte UTF-8, the run is a candidate.
// Lost bytes (dropped, or written as `?`/U+FFFD) are filled in from the bytes the
// page does not define, and the readings ranked by the model. A candidate decoded
// again to an earlier layer is followed (mangled twice or three times). The model
// then compares the run with its decoding in context; only a clear gain repairs.
//
// This file is the line driver: it scans the text for lines that may hold
// mojibake (scan_triggers), tries the pages worth trying on each (find_in_line),
// and keeps the spans the pages explain best. The chain search that reads a
// run through a page is in mojibake_chains.cpp, the judging of its candidates
// in mojibake_judge.cpp, the explanation of a chain in mojibake_explain.cpp; the
// lost-byte choice by language in mojibake_lost_bytes.cpp, legacy pages in
// mojibake_legacy.cpp, the model in mojibake_model.cpp, the file pass in
// mojibake_pass.cpp.
#include "kempt/mojibake.hpp"

#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>
#include <vector>

#include "kempt/document.hpp"
#include "mojibake_find.hpp"
#include "mojibake_model.hpp"
#include "encoding_score.hpp"
#include "mojibake_chains.hpp"
#include "mojibake_legacy.hpp"
#include "mojibake_judge.hpp"
#include "mojibake_tables.hpp"

namespace kempt {
namespace {

using mojibake::CodePage;
// The chain search's and the judge's (mojibake_chains.hpp, mojibake_judge.hpp).
using namespace mojibake::finder;

// next_char's way for four-byte characters and malformed bytes.
UChar32 next_char_rare(const uint8_t* s, int32_t& i, int32_t n) {
  UChar32 c;
  U8_NEXT(s, i, n, c);
  return c;
}

// The code point at s[i], advancing i past it, exactly as U8_NEXT reads it (< 0:
// malformed), with the one- to three-byte characters of most text inline.
[[gnu::always_inline]] inline UChar32 next_char(const uint8_t* s, int32_t& i, int32_t n) {
  UChar32 c = s[i];
  if (c < 0x80) {
    ++i;
  } else if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
    c = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
    i += 2;
  } else if (c >= 0xE0 && c <= 0xEF && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80 &&
             (c != 0xE0 || s[i + 1] >= 0xA0) && (c != 0xED || s[i + 1] < 0xA0)) {  // no overlong, no surrogate
    c = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    i += 3;
  } else {
    c = next_char_rare(s, i, n);
  }
  return c;
}

// Into `chars`, a buffer each line reuses.
void decode_line(std::string_view text, std::size_t begin, std::size_t end, std::vector<Char>& chars) {
  chars.clear();
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  for (std::size_t i = begin; i < end;) {
    const std::size_t start = i;
    int32_t pos = static_cast<int32_t>(i);
    const UChar32 c = next_char(s, pos, static_cast<int32_t>(end));
    i = static_cast<std::size_t>(pos);
    chars.push_back({c < 0 ? 0xFFFD : c, static_cast<uint32_t>(i - start), start});
  }
}

// Work bounds. A line is judged as a whole (its dominant script, the support a
// page finds across it, its quotes), and a lost byte is judged by ranking every
// character it may have been on every page that could have dropped it. Both are
// linear, but with a large factor on a long line dense with lone lead bytes or
// lost-byte marks. So:
// - A line longer than kSegmentBytes is judged in segments of at most that many
//   bytes, cut before an ASCII space where there is one (see segment_end), each
//   as if it were a line: the memory for judging goes by segment, not line.
//   No line of the corpus (../shared/corpus: sites and the mojibake suites) is
//   that long, and a real mojibake run is a few words, far shorter than half a
//   segment.
// - A segment (or shorter line) that would rank more than kMaxReadings readings
//   of lost bytes is not judged: it stays byte for byte as it is, with a note
//   (mojibake/not-analysed). Leaving text as it is is always a determined
//   output; a guess under a cut-off budget would not be. The densest real line
//   of the corpus ranks 4,749 readings (489 bytes; the ftfy and synthetic
//   suites); no line of the site repos over 2 KB ranks any. A segment at the
//   budget costs a small part of a second.
using mojibake::kSegmentBytes;
// (kMaxReadings is in mojibake_chains.hpp: the chain search counts the readings it ranks.)

constexpr uint32_t kHasC1 = 1u << 31;
// A byte order mark (U+FEFF) past the text's start: files joined together, or an
// editor's BOM kept when a file was pasted into another. It is no text there.
constexpr uint32_t kHasBom = 1u << 30;
// Two characters side by side that a Latin page shows for high bytes: the line may
// be a legacy page's text shown through it (mojibake_legacy.hpp).
constexpr uint32_t kHasLegacy = 1u << 29;
constexpr uint32_t kNotPages = kHasC1 | kHasBom | kHasLegacy;
static_assert(mojibake::tables::kSingleBytePageCount + 4 < 29, "a page bit would meet kHasBom");

// The first byte from s[i] on that is not ASCII (n when none): plain ASCII
// between non-ASCII characters is skipped eight bytes at a time.
int32_t skip_ascii(const uint8_t* s, int32_t i, int32_t n) {
  const std::string_view text(reinterpret_cast<const char*>(s), static_cast<std::size_t>(n));
  return static_cast<int32_t>(first_non_ascii(text, static_cast<std::size_t>(i)));
}

// std::islower on ASCII, as ascii_letter (mojibake_chains.hpp) is std::isalpha: without
// a call into the C library (kempt never changes the C locale, where they mean exactly this).
bool ascii_lower(UChar32 c) { return c >= 'a' && c <= 'z'; }

// Whether scan_triggers may pass the character `c` (facts `facts`) with only its
// lead-before and CJK-neighbour checks: it leads no page's sequence, wakes no
// double-byte page, and is none of the Latin, C1 and windows-1252 characters the
// other checks are about. (Those 27 of windows-1252's 0x80–0x9F beyond Latin-1 are
// continuation characters of page 0, windows-1252: the others never ask.)
[[gnu::always_inline]] inline bool quiet(UChar32 c, uint32_t facts) {
  return c >= 0x250 && !(facts & (0xFFFFu | 1u << 31)) && c != 0xFEFF && c != 0xFFFD &&
         !((facts & (1u << 16)) && mojibake::shown_for_high_byte(static_cast<char32_t>(c)));
}

// Which pages could explain anything in this line: a lead char of a page followed
// by one of its continuation chars or by a lost-byte mark; rare CJK characters
// for the double-byte pages; kHasC1 for C1 controls. Clean text costs two table
// lookups a character here, and nothing after.
//
// Scans up to the first line with a hit and on to that line's end, and returns
// what that line holds (0: no line holds anything); `*hit` is the byte where it
// was first seen, `*line_end` where the line ends (its line break, or the end of
// `bytes`). The whole text is scanned this way once, and only the lines with a
// hit are looked at closely. (A line break ends any lead, and `prev` matters
// only as a letter: what came before the line changes nothing in it.) When more
// than kSegmentBytes follow the hit on its line, it returns what it has at the
// hit: such a line is scanned again a segment at a time (find_in_segments).
uint32_t scan_triggers(std::string_view bytes, std::size_t* hit, std::size_t* line_end) {
  const auto& t = mojibake::triggers();
  // In a local: the loop then keeps it in a register.
  const uint32_t double_byte_pages = t.double_byte_pages;
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  auto n = static_cast<int32_t>(bytes.size());
  uint32_t pages = 0, lead = 0;
  UChar32 prev = 0;
  bool prev_high = false;
  int32_t found_at = -1;
  // Lone leads no page reads there (see below): the pages they lead, on the line
  // ending at lone_line_end, are tried only when that line wakes for something else.
  uint32_t lone = 0;
  int32_t lone_line_end = -1;
  for (int32_t i = 0; i < n;) {
    if (pages && found_at < 0) {
      found_at = i;
      n = static_cast<int32_t>(std::min(find_line_break(bytes, static_cast<std::size_t>(i)), bytes.size()));
      // A line longer than a segment is looked at a segment at a time, each
      // scanned on its own (find_in_segments): what the rest of it holds is
      // not asked.
      if (static_cast<std::size_t>(n - i) > kSegmentBytes) break;
      continue;
    }
    UChar32 c = s[i];
    if (c < 0x80 && !lead) {
      i = skip_ascii(s, i, n);
      prev = s[i - 1];
      prev_high = false;
      continue;
    }
    if (c < 0x80) {
      ++i;
      // A space stands for a lost NBSP byte only after Â/Ã or before another
      // space: "é " at a word's end must not wake the finder up.
      if (lead && (c == '?' || (c == ' ' && ((prev >= 0xC2 && prev <= 0xDF) || (i < n && s[i] == ' '))))) {
        pages |= lead;
      }
      lead = 0;
      prev = c;
      prev_high = false;
      continue;
    }
    c = next_char(s, i, n);
    if (c < 0 || c >= 0x10000) {
      if (lead && c < 0) pages |= lead;  // U+FFFD stands there in the decoded text
      lead = 0;
      prev_high = false;
      continue;
    }
    const uint32_t facts = t.facts(c);
    // Most letters of most scripts lead nothing, wake no double-byte page and mean
    // nothing alone (Cyrillic, Greek, Arabic, Indic, CJK between its own characters):
    // for them only the lead before and the CJK neighbours are asked, and a stretch
    // of them is read in a loop of its own.
    if (quiet(c, facts)) {
      if (lead) pages |= lead & ((facts >> 16) & 0x3FFF);
      if ((facts & mojibake::kCjkBit) && (ascii_letter(prev) || (i < n && ascii_letter(s[i])))) pages |= double_byte_pages;
      prev_high = false;
      lead = 0;
      prev = c;
      // (No lead is open in the stretch, and the character before each is not ASCII;
      // it stops where the first hit is made, which the loop's top then marks.)
      while ((found_at >= 0 || !pages) && i < n && s[i] >= 0x80) {
        int32_t next = i;
        const UChar32 d = next_char(s, next, n);
        if (d < 0x250 || d >= 0x10000) break;
        const uint32_t f = t.facts(d);
        if (!quiet(d, f)) break;
        if ((f & mojibake::kCjkBit) && next < n && ascii_letter(s[next])) pages |= double_byte_pages;
        i = next;
        prev = d;
      }
      continue;
    }
    if (lead) pages |= lead & (((facts >> 16) & 0x3FFF) | (c == 0xFFFD ? ~0u : 0u));
    if (facts >> 31) pages |= double_byte_pages;
    // A CJK character glued to a Latin letter ("fichi猫r"): é read as GBK.
    if ((facts & mojibake::kCjkBit) && (ascii_letter(prev) || (i < n && ascii_letter(s[i])))) {
      pages |= double_byte_pages;
    }
    if (c <= 0x9F) pages |= kHasC1;
    if (c == 0xFEFF) pages |= kHasBom;
    // (prev_high: whether the character before, if not ASCII, is one a Latin page shows for a high byte)
    const bool high = mojibake::shown_for_high_byte(static_cast<char32_t>(c));
    // (ƒ alone too: Shift-JIS's katakana show through windows-1252 as "ƒX", "ƒg".)
    if ((high && prev_high) || (c >= 0xD2 && c <= 0xD5) || c == 0x192) pages |= kHasLegacy;
    // Turkish's ğ ı ş as windows-1252 shows them, in a word with ASCII letters ("dosyasý").
    if ((c == 0xF0 || c == 0xFD || c == 0xFE || c == 0xD0 || c == 0xDD || c == 0xDE) && (ascii_letter(prev) || (i < n && ascii_letter(s[i])))) {
      pages |= kHasLegacy;
    }
    // Mac Roman's … – — as Latin-1 shows them: "CompletingÉ", "BosniÐHercegovina", " Ñ ".
    if ((c == 0xC9 || c == 0xD0 || c == 0xD1) && (ascii_lower(prev) || (prev == ' ' && i < n && s[i] == ' '))) pages |= kHasLegacy;
    prev_high = high;
    // A lead char alone inside a lowercase word ("obiÄne"): its continuation byte was dropped.
    // Only where a page may read it so does it wake the line (lone_lead_pages); the
    // line's other leads ("thành") go along to the pages tried if something else does.
    if ((facts & 0xFFFF) && c < 0x250 && ascii_lower(prev) && i < n && ascii_lower(s[i])) {
      const uint32_t readable = facts & t.lone_lead_pages[static_cast<std::size_t>(c)];
      pages |= readable;
      if ((facts & 0xFFFF) != readable) {
        if (!lone || i > lone_line_end) {
          lone = 0;
          lone_line_end = static_cast<int32_t>(std::min(find_line_break(bytes, static_cast<std::size_t>(i)), bytes.size()));
        }
        lone |= facts & 0xFFFF & ~readable;
      }
    }
    lead = facts & 0xFFFF;
    prev = c;
  }
  *hit = static_cast<std::size_t>(found_at < 0 ? n : found_at);
  *line_end = static_cast<std::size_t>(n);
  // (A hit on the line of the lone leads ends at or before its line break.)
  return pages && found_at <= lone_line_end ? pages | lone : pages;
}

// The byte ranges of a line's chosen spans, none overlapping another, for asking
// whether a range overlaps one in log time (a line may hold a million spans).
class TakenRanges {
 public:
  bool overlaps(std::size_t begin, std::size_t end) const {
    // Of disjoint ranges, the one that starts last before `end` ends last: if
    // any of them reaches past `begin`, it does. (Kept as the furthest end of
    // the ranges starting there, so that empty ranges change nothing.) That one
    // is the last to start among each batch's last to start before `end`.
    const Range* last = nullptr;
    for (const std::vector<Range>& batch : batches_) {
      auto it = std::lower_bound(batch.begin(), batch.end(), end, [](const Range& r, std::size_t at) { return r.begin < at; });
      if (it == batch.begin()) continue;
      --it;
      if (!last || it->begin > last->begin || (it->begin == last->begin && it->end > last->end)) last = &*it;
    }
    return last && last->end > begin;
  }
  void add(std::size_t begin, std::size_t end) {
    // Ranges come in line order, a page's (or the C1 controls') at a time: each
    // such stretch is a batch, appended to; past a few batches they are merged.
    if (batches_.empty() || batches_.back().back().begin > begin) {
      if (batches_.size() == kMaxBatches) merge();
      batches_.emplace_back();
    }
    std::vector<Range>& batch = batches_.back();
    if (!batch.empty() && batch.back().begin == begin) {
      batch.back().end = std::max(batch.back().end, end);
    } else {
      batch.push_back({begin, end});
    }
  }

 private:
  struct Range {
    std::size_t begin, end;
  };
  static constexpr std::size_t kMaxBatches = 8;
  // Into one batch, sorted by start, ranges that start together joined to the furthest end.
  void merge() {
    std::vector<Range> all;
    for (const std::vector<Range>& batch : batches_) all.insert(all.end(), batch.begin(), batch.end());
    std::sort(all.begin(), all.end(), [](const Range& a, const Range& b) { return a.begin < b.begin; });
    std::vector<Range> merged;
    for (const Range& r : all) {
      if (!merged.empty() && merged.back().begin == r.begin) {
        merged.back().end = std::max(merged.back().end, r.end);
      } else {
        merged.push_back(r);
      }
    }
    batches_.clear();
    batches_.push_back(std::move(merged));
  }
  // Each sorted by start, with no two ranges starting together.
  std::vector<std::vector<Range>> batches_;
};

// A confident span of the one character `ch`, added to `spans` and `taken`; nullptr
// when a span chosen before covers it.
MojibakeSpan* take_char(const Char& ch, std::string_view text, TakenRanges& taken, std::vector<MojibakeSpan>& spans) {
  const std::size_t b = ch.offset, e = b + ch.size;
  if (taken.overlaps(b, e)) return nullptr;
  taken.add(b, e);
  MojibakeSpan& span = spans.emplace_back();
  span.begin = b;
  span.end = e;
  span.before = std::string(text.substr(b, e - b));
  span.cost_before = mojibake::char_cost(ch.c);
  span.confident = true;
  return &span;
}

// C1 controls (U+0080–U+009F) never belong in prose: they are windows-1252
// punctuation read as Latin-1 ("\x93quoted\x94", "parlé\x85").
// `taken`: the ranges chosen so far, which a repair here must not overlap.
void add_c1_repairs(const std::vector<Char>& line, std::string_view text, TakenRanges& taken,
                    std::vector<MojibakeSpan>& spans) {
  const CodePage& cp1252 = mojibake::code_pages()[0];
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i].c < 0x80 || line[i].c > 0x9F) continue;
    const int32_t c = cp1252.decode[static_cast<std::size_t>(line[i].c)];
    if (c < 0xA0) continue;  // undefined in windows-1252 too
    MojibakeSpan* span = take_char(line[i], text, taken, spans);
    if (!span) continue;
    append_utf8(span->after, c);
    span->chain = {"windows-1252"};
    span->c1 = true;
    span->cost_after = mojibake::char_cost(c);
  }
}

// A U+FEFF past the text's first byte is dropped (at the first byte it is the
// file's byte order mark, the encoding's business, not this pass's).
void add_stray_bom_repairs(const std::vector<Char>& line, std::string_view text, TakenRanges& taken,
                           std::vector<MojibakeSpan>& spans) {
  for (const Char& ch : line) {
    if (ch.c != 0xFEFF || ch.offset == 0) continue;
    if (MojibakeSpan* span = take_char(ch, text, taken, spans)) span->stray_bom = true;
  }
}

// The single-byte pages among `lead2` (pages that write `c` as a two-byte lead)
// where lone_lead_may_read lets it through.
uint32_t lone_lead_pages(UChar32 c, uint32_t lead2) {
  uint32_t pages = 0;
  const auto& all = mojibake::code_pages();
  for (std::size_t p = 0; lead2 >> p; ++p) {
    const CodePage& page = all[p];
    if ((lead2 >> p & 1) && lone_lead_may_read(static_cast<uint8_t>(page.encode[static_cast<std::size_t>(c)]), page)) {
      pages |= 1u << p;
    }
  }
  return pages;
}

// For each character of a line (its bytes), the single-byte pages among `pages`
// where a sequence may start there: where may_start_sequence may let its byte
// through (a lead byte followed by a continuation byte, a lost-byte mark or a
// space, or a lone two-byte lead lone_lead_may_read lets through). One byte a
// character: the byte after a lead is the next character's. Indexed as
// decode_line indexes the characters; into line.starts and line.start_chars.
// Returns them all ORed together.
uint32_t sequence_starts(std::string_view bytes, uint32_t pages, Line& line) {
  std::vector<uint16_t>& starts = line.starts;
  starts.assign(bytes.size(), 0);  // at most one character a byte; cut to size below
  line.start_chars.clear();
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto n = static_cast<int32_t>(bytes.size());
  uint32_t lead = 0;  // the pages the previous character is a lead byte of
  uint32_t all = 0;
  std::size_t at = 0;  // the character's index
  for (int32_t i = 0; i < n; ++at) {
    if (s[i] < 0x80 && !lead) {  // ASCII starts nothing: skipped eight bytes at a time
      const int32_t next = skip_ascii(s, i, n);
      at += static_cast<std::size_t>(next - i) - 1;
      i = next;
      continue;
    }
    UChar32 c = next_char(s, i, n);
    if (c < 0) c = 0xFFFD;  // as decode_line reads it
    if (lead) {
      const bool mark = c == 0xFFFD || c == '?' || c == ' ';
      const uint32_t here = lead & (mark ? 0xFFFFu : c >= 0x80 ? mojibake::byte_roles(c).cont : 0u);
      if (here && !starts[at - 1]) line.start_chars.push_back(static_cast<uint32_t>(at - 1));
      starts[at - 1] |= static_cast<uint16_t>(here);
      all |= here;
      lead = 0;
    }
    if (c >= 0x80) {
      const mojibake::ByteRoles roles = mojibake::byte_roles(c);
      lead = roles.lead & pages;
      if (roles.lead2 & pages) {
        starts[at] = static_cast<uint16_t>(lone_lead_pages(c, roles.lead2 & pages));
        if (starts[at]) line.start_chars.push_back(static_cast<uint32_t>(at));
        all |= starts[at];
      }
    }
  }
  starts.resize(at);
  return all;
}

// The pages worth trying on a line: each single-byte page only where a sequence
// may start (`may_read`: what sequence_starts returns); a page with none gives no
// candidate there. Double-byte pages and kHasC1 pass as they are.
uint32_t pages_worth_trying(uint32_t may_read, uint32_t pages) {
  static const uint32_t single_byte = [] {
    uint32_t bits = 0;
    const auto& all = mojibake::code_pages();
    for (std::size_t p = 0; p < all.size() && p < 16; ++p) bits |= all[p].double_byte ? 0u : 1u << p;
    return bits;
  }();
  return pages & (may_read | ~single_byte);
}

// The bytes of the chains' repairs (C1 controls aside).
// The bytes the chains repaired: a run they would only mark as lost bytes ("CanÕt"
// as UTF-8 that lost a byte after Õ) repairs nothing, and a legacy reading that
// explains it ("Can’t" in Mac Roman) is not held to it.
std::size_t chains_bytes(const std::vector<MojibakeSpan*>& chosen) {
  std::size_t n = 0;
  for (const MojibakeSpan* s : chosen) n += s->c1 || !s->confident ? 0 : s->end - s->begin;
  return n;
}

// Whether a legacy reading could explain four times what the chains repaired (see
// legacy_reads_better): the line has that many non-ASCII bytes. A line of "â€™"s the
// chains repaired has not, and is never read again whole.
bool legacy_may_explain_more(std::string_view text, std::size_t begin, std::size_t end,
                             const std::vector<MojibakeSpan*>& chosen, bool c1) {
  const std::size_t repaired = chains_bytes(chosen);
  // (A line with C1 controls may be a legacy page's wholly, its repairs by chance:
  // "dÕ\x81land" is Mac Roman's "d’Åland", not UTF-8's "dՁland".)
  if (repaired == 0 || c1) return true;
  std::size_t non_ascii = 0;
  for (std::size_t i = begin; i < end; ++i) non_ascii += static_cast<uint8_t>(text[i]) >= 0x80;
  // (Or they left text like what they repaired, two characters or more: the line
  // may be a legacy page's wholly, as "ÈìÑÏìäÈìÑ ÊÇãÇãáÇÔ" is windows-1256's, which
  // they made "铄쓊铄 悋ÇãáÇÔ".)
  return non_ascii >= 4 * repaired || non_ascii >= repaired + 4;
}

// Whether the legacy reading `legacy` of the line text[begin, end) is to be taken
// over the chains' repairs `chosen`: where they repair nothing (or only C1
// controls); or where they explain a small part of what it explains (a fourth, by
// bytes) and leave a line it reads clearly better than.
bool legacy_reads_better(std::string_view text, std::size_t begin, std::size_t end,
                         const std::vector<MojibakeSpan*>& chosen, const std::vector<MojibakeSpan>& legacy,
                         const std::vector<const MojibakeSpan*>& lost) {
  const std::size_t chains = chains_bytes(chosen);
  // What the line would be without the legacy reading: the chains' and the C1
  // controls' repairs ("l\x92homme" is windows-1252's "l’homme" more likely than Mac
  // Roman's "líhomme"; "tisk\x87rny" Mac Roman's "tiskárny", not "tisk‡rny").
  const bool repairs = std::any_of(chosen.begin(), chosen.end(), [](const MojibakeSpan* s) { return s->confident; });
  if (!repairs && lost.empty()) return true;
  std::size_t legacy_bytes = 0;
  for (const MojibakeSpan& s : legacy) legacy_bytes += s.end - s.begin;
  // (Or it explains each run they repaired, as "d’Åland" does "dÕ\x81land".)
  auto within_legacy = [&](const MojibakeSpan* c) {
    return c->c1 || !c->confident || std::any_of(legacy.begin(), legacy.end(), [&](const MojibakeSpan& s) { return s.begin <= c->begin && c->end <= s.end; });
  };
  if (chains > 0 && legacy_bytes < 4 * chains && !(legacy_bytes >= chains && std::all_of(chosen.begin(), chosen.end(), within_legacy))) {
    return false;
  }
  // (Runs the chains read as UTF-8 that lost bytes count as read, by their best
  // reading: "Ð’Ð“Ð Ð¡" is ВГРС or ВГА С to them, either far better text than Mac
  // Roman's "–í–ì– –°", though they write neither.)
  std::vector<const MojibakeSpan*> spans = lost;
  for (const MojibakeSpan* s : chosen) {
    if (s->confident) spans.push_back(s);
  }
  std::sort(spans.begin(), spans.end(), [](const MojibakeSpan* a, const MojibakeSpan* b) { return a->begin < b->begin; });
  std::string repaired;
  std::size_t at = begin;
  for (const MojibakeSpan* s : spans) {
    repaired.append(text.substr(at, s->begin - at));
    repaired += s->after;
    at = s->end;
  }
  repaired.append(text.substr(at, end - at));
  const encoding_model::TextJudgement judged = encoding_model::judge_text(repaired);
  return legacy.front().cost_after + encoding_model::clear_margin() < judged.cost;
}

// `buffers`: see Line.
void find_in_line(std::string_view text, std::size_t begin, std::size_t end, uint32_t pages, Line& buffers,
                  std::vector<MojibakeSpan>& out) {
  pages = pages_worth_trying(sequence_starts(text.substr(begin, end - begin), pages, buffers), pages);
  if (!pages) return;  // (a line left with nothing to try is never decoded)
  std::vector<Char>& line = buffers.chars;
  decode_line(text, begin, end, line);
  buffers.quote_at.reset();
  buffers.space_undecided = false;
  buffers.cjk.clear();
  buffers.last_mark = 0;
  buffers.runs.clear();
  buffers.readings_ranked = 0;
  struct PageSpans {
    std::vector<MojibakeSpan> spans;
    double gain = 0;
    bool explains_line = false;  // a double-byte page that mangled the whole line
  };
  std::vector<PageSpans> by_page;
  by_page.reserve(static_cast<std::size_t>(std::popcount(pages & ~kNotPages)));
  std::optional<UScriptCode> dominant;  // worked out for the first candidate: most lines have none
  const auto& all_pages = mojibake::code_pages();
  std::vector<Judged> judged;  // each page's, in turn (one buffer for all of them)
  for (std::size_t p = 0; (pages & ~kNotPages) && p < all_pages.size(); ++p) {
    if (!(pages & (1u << p))) continue;  // (kNotPages are above every page bit)
    std::vector<Candidate>& cands = buffers.candidates;
    cands.clear();
    candidates_for_page(buffers, p, cands);
    if (buffers.readings_ranked > kMaxReadings) {
      MojibakeSpan left;
      left.begin = begin;
      left.end = end;
      left.not_analysed = true;
      out.push_back(std::move(left));
      return;
    }
    if (cands.empty()) continue;  // nothing to add, nor to cover a line with
    const CodePage& page = all_pages[p];
    // (Only a double-byte page must cover the line with its runs.)
    std::vector<std::pair<std::size_t, std::size_t>> runs;
    if (page.double_byte) {
      for (const Candidate& c : cands) runs.emplace_back(c.first_char, c.end_char);
      if (!covers_line(line, page, runs)) continue;
    }
    PageSpans ps;
    judged.clear();
    judged.reserve(cands.size());
    if (!cands.empty() && !dominant) dominant = dominant_script(line);
    if (!buffers.judge) buffers.judge = std::make_unique<JudgeMemo>();
    for (Candidate& c : cands) (*buffers.judge)(judged, line, text, p, c, *dominant);
    if (page.double_byte) {
      // Runs whose reading is impossible explain nothing of the line.
      std::vector<std::pair<std::size_t, std::size_t>> readable;
      for (std::size_t i = 0; i < judged.size(); ++i) {
        judged[i].possible = judged[i].possible && !mixes_scripts(reading_of(judged[i]));
        if (judged[i].possible) readable.push_back(runs[i]);
      }
      if (!covers_line(line, page, readable)) continue;
    } else {
      // A misread word decodes to one script; letters of two side by side
      // ("Ò»Ôª" read as "һԪ") are bytes of another encoding that chanced to
      // form UTF-8.
      for (Judged& j : judged) j.possible = j.possible && !mixes_scripts(j.span.after);
    }
    // A page that explains two or more runs of the line is likelier the cause of
    // each: its runs get a lower bar.
    std::size_t support = 0;
    for (const Judged& j : judged) support += !j.garbled && j.span.cost_before - j.span.cost_after >= 2.0;
    const double bonus = support >= 3 ? 3.0 : support == 2 ? 1.5 : 0.0;
    if (!page.double_byte) {
      for (Judged& j : judged) {
        if (count_chars(j.span.after) == 1) j.margin += against_correct_text(line, judged, j);
      }
    }
    for (Judged& j : judged) j.decide(bonus);
    if (!page.double_byte) settle_with_line_evidence(judged, line);
    if (!page.double_byte && lone_symbols_on_plain_line(line, judged)) {
      for (Judged& j : judged) j.span.confident = true;
    }
    if (!page.double_byte) agree_on_depth(judged);
    ps.explains_line = page.double_byte && settle_double_byte_line(judged);
    // Only spans that write something or report lost bytes can be chosen below:
    // the rest are not kept, as every page's spans of a long line wait here at once.
    ps.spans.reserve(judged.size());
    for (Judged& j : judged) {
      if (j.span.text_replacement() || (!j.span.confident && j.span.lossy)) ps.spans.push_back(std::move(j.span));
    }
    for (const MojibakeSpan& s : ps.spans) {
      // A rarer page must explain clearly more than a common one to take the line.
      if (s.text_replacement()) ps.gain += s.cost_before - s.cost_after - (margin_for(s.chain.back()) - kMargin);
    }
    by_page.push_back(std::move(ps));
  }
  // The page that explains the most wins its runs; other pages fill only the gaps.
  // A double-byte page that explains the whole line comes first: one of its runs
  // may cost the model more than another page's reading of a fragment of it.
  std::stable_sort(by_page.begin(), by_page.end(), [](const PageSpans& a, const PageSpans& b) {
    return a.explains_line != b.explains_line ? a.explains_line : a.gain > b.gain;
  });
  // Chosen by pointer and moved once, into `out`: a long line's spans are many,
  // and each is a large object.
  std::vector<MojibakeSpan*> chosen;
  std::size_t spans = 0;
  for (const PageSpans& ps : by_page) spans += ps.spans.size();
  chosen.reserve(spans);
  TakenRanges taken;
  std::size_t known = 0;  // chosen[0, known) are in `taken`
  auto catch_up = [&] {
    for (; known < chosen.size(); ++known) taken.add(chosen[known]->begin, chosen[known]->end);
  };
  auto overlaps = [&](const MojibakeSpan& s) {
    catch_up();
    return taken.overlaps(s.begin, s.end);
  };
  // A run the model would only mark (lost bytes it cannot choose between) is
  // kept too, to be reported with its candidates: the model is sure it is
  // mojibake. Other runs, lost bytes or not, are what correct text looks like
  // ("Т" in Russian is a cp1251 lead byte whose continuation went missing only
  // by that reading), and are neither changed nor reported.
  // (A line only one page reads, the usual case, has nothing to overlap: its
  // runs follow one another.)
  const bool one_page_in_order = by_page.size() == 1 && std::adjacent_find(by_page[0].spans.begin(), by_page[0].spans.end(), [](const auto& a, const auto& b) {
                                   return a.end > b.begin;
                                 }) == by_page[0].spans.end();
  for (PageSpans& ps : by_page) {
    for (MojibakeSpan& s : ps.spans) {
      if (s.text_replacement() && (one_page_in_order || !overlaps(s))) chosen.push_back(&s);
    }
  }
  std::vector<MojibakeSpan> c1;
  if (pages & kHasC1) {  // (the scan saw every C1 control)
    catch_up();
    add_c1_repairs(line, text, taken, c1);
  }
  if (pages & kHasBom) {
    catch_up();
    add_stray_bom_repairs(line, text, taken, c1);
  }
  for (MojibakeSpan& s : c1) chosen.push_back(&s);
  // A line may be a legacy page's text shown through a Latin one; that reading
  // explains the whole line (its C1 controls too) or nothing, and is taken when the
  // line reads clearly better so than with the chains' repairs ("ÉèÖÃ¡£" holds
  // UTF-8's "Ã¡" by chance, in GBK's 设置。).
  std::vector<MojibakeSpan> legacy;
  // (C1 controls are a legacy page's bytes too: Mac Roman's letters, "tisk\x87rny".)
  // (Not where a space was left undecided between a lost NBSP and a dropped byte:
  // the line is UTF-8 read through a Latin page either way, and a legacy page that
  // reads the same bytes, "áŸ¢áŸ áŸ " as windows-1251's "бџўбџ бџ", does so by chance.)
  if ((pages & (kHasLegacy | kHasC1)) && !buffers.space_undecided && legacy_may_explain_more(text, begin, end, chosen, pages & kHasC1)) {
    legacy = mojibake::find_legacy_text(text, begin, end);
  }
  std::vector<const MojibakeSpan*> lost;
  if (!legacy.empty() && !by_page.empty()) {
    catch_up();
    for (const MojibakeSpan& s : by_page[0].spans) {
      if (!s.confident && s.lossy && !taken.overlaps(s.begin, s.end)) lost.push_back(&s);
    }
  }
  if (!legacy.empty() && legacy_reads_better(text, begin, end, chosen, legacy, lost)) {
    chosen.clear();
    for (MojibakeSpan& s : legacy) chosen.push_back(&s);
  }
  // (One page's spans alone are in order already: a sort would only move them about.)
  const auto by_begin = [](const MojibakeSpan* a, const MojibakeSpan* b) { return a->begin < b->begin; };
  if (!std::is_sorted(chosen.begin(), chosen.end(), by_begin)) std::sort(chosen.begin(), chosen.end(), by_begin);
  for (MojibakeSpan* s : chosen) out.push_back(std::move(*s));
}

// Where the line holding `at` starts, not before `from`: just after the last line
// break (LF or CR) before `at`.
std::size_t line_start(std::string_view text, std::size_t from, std::size_t at) {
  const void* lf = memrchr(text.data() + from, '\n', at - from);
  if (lf) from = static_cast<std::size_t>(static_cast<const char*>(lf) - text.data()) + 1;
  const void* cr = memrchr(text.data() + from, '\r', at - from);  // a lone CR is rare: only after the LF
  if (cr) from = static_cast<std::size_t>(static_cast<const char*>(cr) - text.data()) + 1;
  return from;
}

// Where the segment of the line [begin, end) that starts at `begin` ends (see
// kSegmentBytes): the whole rest of a short line; else just before the last
// ASCII space in the second half of the next kSegmentBytes; failing that, before
// the last ASCII byte there other than '?' (a lost-byte mark); failing that, at
// the last character boundary.
std::size_t segment_end(std::string_view text, std::size_t begin, std::size_t end) {
  if (end - begin <= kSegmentBytes) return end;
  const std::size_t half = begin + kSegmentBytes / 2, limit = begin + kSegmentBytes;
  if (const void* space = memrchr(text.data() + half, ' ', limit - half)) {
    return static_cast<std::size_t>(static_cast<const char*>(space) - text.data());
  }
  auto byte = [&](std::size_t at) { return static_cast<uint8_t>(text[at]); };
  for (std::size_t at = limit; at > half; --at) {
    if (byte(at) < 0x80 && byte(at) != '?') return at;
  }
  std::size_t at = limit;
  while (at > begin + 1 && (byte(at) & 0xC0) == 0x80) --at;
  return at;
}

// Whether [from, to) lies wholly inside `written` (sorted, disjoint ranges): what
// earlier looks wrote there, none of which a later look reads again.
bool written_over(const std::vector<ByteSpan>& written, std::size_t from, std::size_t to) {
  // The first range that ends after `from`, then on while they join up.
  auto it = std::upper_bound(written.begin(), written.end(), from, [](std::size_t at, const ByteSpan& r) { return at < r.end; });
  std::size_t at = from;
  for (; it != written.end() && it->begin <= at && at < to; ++it) at = std::max(at, it->end);
  return at >= to;
}

// find_in_line over each segment of the line [begin, end); `pages` is what
// scan_triggers found in the whole line, which a short line is. A segment an
// earlier look wrote whole (`written`, when given) is skipped: every span found
// there would overlap that look's repairs and be dropped (find_in_later_look),
// and a segment is judged on its own.
void find_in_segments(std::string_view text, std::size_t begin, std::size_t end, uint32_t pages, Line& buffers,
                      std::vector<MojibakeSpan>& out, const std::vector<ByteSpan>* written = nullptr) {
  buffers.later_look = written != nullptr;
  if (end - begin <= kSegmentBytes) {
    if (!(written && written_over(*written, begin, end))) find_in_line(text, begin, end, pages, buffers, out);
    return;
  }
  for (std::size_t from = begin; from < end;) {
    const std::size_t to = segment_end(text, from, end);
    std::size_t hit = 0, stop = 0;
    if (written && written_over(*written, from, to)) {
      from = to;
      continue;
    }
    if (const uint32_t here = scan_triggers(text.substr(from, to - from), &hit, &stop)) {
      find_in_line(text, from, to, here, buffers, out);
    }
    from = to;
  }
}

// find_mojibake into `spans`, which keeps its memory: the file pass goes through
// a large text a block at a time, and a block may hold a million spans (memory
// freed and asked for again each block is memory the system pages in again).
void find_mojibake_into(std::string_view text, std::vector<MojibakeSpan>& spans) {
  spans.clear();
  spans.reserve(text.size() / 1024);  // about what clean text has: few moves as it grows
  Line buffers;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t hit = 0, end = 0;
    const uint32_t pages = scan_triggers(text.substr(pos), &hit, &end);
    if (!pages) break;
    hit += pos, end += pos;
    // The line around the hit (no mojibake run crosses a line break).
    const std::size_t begin = line_start(text, pos, hit);
    find_in_segments(text, begin, end, pages, buffers, spans);
    pos = end + 1;
  }
}
}  // namespace

std::vector<MojibakeSpan> find_mojibake(std::string_view text) {
  std::vector<MojibakeSpan> spans;
  find_mojibake_into(text, spans);
  return spans;
}

std::string apply_mojibake(std::string_view text, const std::vector<MojibakeSpan>& spans,
                           const std::function<const std::string*(const MojibakeSpan&)>& replacement) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (const MojibakeSpan& s : spans) {
    const std::string* with = replacement(s);
    if (!with) continue;
    out.append(text.substr(pos, s.begin - pos));
    out.append(*with);
    pos = s.end;
  }
  out.append(text.substr(pos));
  return out;
}

namespace {
// find_mojibake_in_lines, skipping what `written` covers whole (see find_in_segments).
std::vector<MojibakeSpan> find_in_lines(std::string_view text, const std::vector<ByteSpan>& lines,
                                        const std::vector<ByteSpan>* written) {
  std::vector<MojibakeSpan> spans;
  Line buffers;
  for (const ByteSpan& l : lines) {
    // The first hit in the line says which pages to try; the line ends where it ends.
    std::size_t hit = 0, end = 0;
    const uint32_t pages = scan_triggers(text.substr(l.begin, l.size()), &hit, &end);
    if (pages) find_in_segments(text, l.begin, l.end, pages, buffers, spans, written);
  }
  return spans;
}
}  // namespace

std::vector<MojibakeSpan> find_mojibake_in_lines(std::string_view text, const std::vector<ByteSpan>& lines) {
  return find_in_lines(text, lines, nullptr);
}

std::string fold_latin_ligatures(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    // U+FB00–U+FB06 are EF AC 80–86 in UTF-8.
    const auto b = [&](std::size_t k) { return static_cast<uint8_t>(text[k]); };
    if (b(i) == 0xEF && i + 2 < text.size() && b(i + 1) == 0xAC && b(i + 2) >= 0x80 && b(i + 2) <= 0x86) {
      for (const char32_t* l = ligature_letters(0xFB00 + (b(i + 2) - 0x80)); *l; ++l) out += static_cast<char>(*l);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

namespace mojibake {
std::size_t next_segment_end(std::string_view text, std::size_t begin, std::size_t end) {
  return segment_end(text, begin, end);
}
void find_spans_into(std::string_view text, std::vector<MojibakeSpan>& spans) { find_mojibake_into(text, spans); }
std::vector<MojibakeSpan> find_spans_in_lines(std::string_view text, const std::vector<ByteSpan>& lines,
                                              const std::vector<ByteSpan>* written) {
  return find_in_lines(text, lines, written);
}
}  // namespace mojibake

}  // namespace kempt
