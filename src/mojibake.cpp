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

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "kempt/document.hpp"
#include "mojibake_find.hpp"
#include "mojibake_model.hpp"
#include "encoding_score.hpp"
#include "mojibake_chains.hpp"
#include "mojibake_legacy.hpp"
#include "mojibake_lost_bytes.hpp"
#include "mojibake_tables.hpp"

// Judging the chain search's candidates into spans (to move to mojibake_judge.cpp).
namespace kempt::mojibake::finder {

// How much less implausible a decoding must be than the run it replaces.
inline constexpr double kMargin = 4.0;
// Marking a run's lost character with U+FFFD replaces text the model cannot
// restore: it must be that much clearer that the run is mojibake.
inline constexpr double kMarkExtra = 2.0;

// A scored candidate, before the bar it must clear is known.
struct Judged {
  MojibakeSpan span;
  std::size_t first_char = 0, end_char = 0;  // the span's characters in the line
  bool possible = true, ambiguous = false, explicit_loss = false, evidence_only = false;
  bool garbled = false;  // Candidate::garbled: neither repaired, marked nor reported
  double margin = kMargin;
  std::string marked;
  double marked_cost = 0;

  double symbols_only = 0;  // the extra evidence asked of a run with no letters

  // The reading one layer further in, where it is about as likely as `span.after`.
  struct Deeper {
    std::string after;
    CodePageChain chain;
    double cost = 0;
  };
  std::optional<Deeper> deeper;

  // Settles the span for a bar lowered by `bonus`. A page that explains three or
  // more runs of the line has shown its hand: its symbol-only runs need no more.
  void decide(double bonus) {
    if (bonus >= 3.0) span.cost_after -= symbols_only, marked_cost -= symbols_only;
    settle(margin - bonus);
  }

  // Repairs (or marks) the span when it gains at least `bar`.
  void settle(double bar) {
    if (evidence_only || garbled) return;  // evidence_only: settle_with_line_evidence's to decide
    span.confident = possible && !ambiguous && span.cost_before - span.cost_after >= bar;
    // Where the text itself marks the loss (`?`, U+FFFD), marking it plainly loses
    // nothing more; a dropped byte leaves no mark, so guessing there needs more.
    if (ambiguous && span.cost_before - marked_cost >= bar + (explicit_loss ? 0.0 : kMarkExtra)) {
      span.marked = std::move(marked);
    }
  }
};

// judge(), remembered for the runs that come back: a page repeats the same
// misreading ("â€™" in every other word), and a long line may hold a million of
// them. For a candidate with no lost byte, judge() reads only its page, its
// decoding and flags, its own characters and the two on each side of it (b2 b1
// and a1 a2: glued_to_word looks no further), and the line's dominant script; its
// offsets and bytes in the text are filled in afresh. Lossy candidates, rarer,
// are judged each time.
class JudgeMemo {
 public:
  // judge(line, text, cand, dominant) into `out` (a Judged as constructed; `cand` may be moved from)
  // (mojibake_judge.cpp).
  void operator()(Judged& out, const std::vector<Char>& line, std::string_view text, std::size_t page, Candidate& cand,
                  UScriptCode dominant);

 private:
  static constexpr std::size_t kMaxEntries = 4096, kWindow = 1024;
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::u32string_view s) const { return std::hash<std::u32string_view>{}(s); }
  };
  char32_t key_[40];  // (a buffer: built for every candidate)
  std::unordered_map<std::u32string, Judged, KeyHash, std::equal_to<>> memo_;
  std::size_t looked_ = 0, found_ = 0, skip_ = 0;
};

namespace {

// How many times a run may have been mangled: judge() peels at most this many layers.
constexpr int kMaxLayers = 3;

UChar32 char_at(const std::vector<Char>& line, std::ptrdiff_t i) {
  return i >= 0 && static_cast<std::size_t>(i) < line.size() ? line[static_cast<std::size_t>(i)].c : 0;
}

std::u32string join_surrogates(std::u32string text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.size() && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) {
      out += static_cast<char32_t>(0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00));
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

// How sure the model must be, by how often a page is the culprit: Windows-1252
// and Latin-1 mix-ups are everyday, Mac and DOS ones rare, and their characters
// (√ π ├ ┤) are often real.
// (A string_view: its == checks the length first, std::string's == a C string does not.)
double margin_for(std::string_view page) {
  if (page == "windows-1252" || page == "ISO-8859-1") return kMargin;
  if (page == "macintosh" || page == "ibm-437" || page == "ISO-8859-2" || page == "ISO-8859-15") return kMargin + 3.0;
  if (page == "windows-1253" || page == "windows-1257") return kMargin + 1.5;
  return kMargin + 0.5;
}

namespace {

// True when the run [first, end) touches a word of two or more ASCII letters, or
// sits between two ASCII letters or digits ("10├ù15").
bool glued_to_word(const std::vector<Char>& line, std::size_t first, std::size_t end) {
  auto ascii_letter = [&](std::size_t i) { return line[i].c < 0x80 && std::isalpha(static_cast<int>(line[i].c)); };
  auto ascii_alnum = [&](std::size_t i) { return line[i].c < 0x80 && std::isalnum(static_cast<int>(line[i].c)); };
  std::size_t before = 0, after = 0;
  for (std::size_t i = first; i > 0 && ascii_letter(i - 1); --i) ++before;
  for (std::size_t i = end; i < line.size() && ascii_letter(i); ++i) ++after;
  const bool between = first > 0 && end < line.size() && ascii_alnum(first - 1) && ascii_alnum(end);
  return before >= 2 || after >= 2 || between;
}

}  // namespace

// The script most letters of a line are written in, when one clearly leads.
UScriptCode dominant_script(const std::vector<Char>& line) {
  std::vector<std::pair<UScriptCode, int>> counts;
  int letters = 0;
  for (const Char& ch : line) {
    const mojibake::CharProps props = mojibake::char_props(ch.c);
    if (!props.alpha()) continue;
    const UScriptCode script = ch.c < 0x80 ? USCRIPT_LATIN : props.script();
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& p) { return p.first == script; });
    if (it == counts.end()) counts.push_back({script, 1});
    else ++it->second;
    ++letters;
  }
  auto top = std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  return letters >= 6 && top != counts.end() && top->second * 5 >= letters * 4 ? top->first : USCRIPT_INVALID_CODE;
}

namespace {

// A short word of another script inside a line of one script ("non ГЁ stato",
// "Norra Г–sterbotten") is unlikely when reading the bytes again turns it into
// that line's own script: it costs what it would cost a reader to believe it.
double script_island_cost(std::u32string_view before, std::u32string_view after, UScriptCode dominant) {
  if (dominant == USCRIPT_INVALID_CODE) return 0.0;
  auto script = [](char32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    return c < 0x80 ? USCRIPT_LATIN : uscript_getScript(static_cast<UChar32>(c), &status);
  };
  bool after_letter = false;
  for (char32_t c : after) {
    if (!u_isalpha(static_cast<UChar32>(c))) continue;
    if (script(c) != dominant) return 0.0;
    after_letter = true;
  }
  if (!after_letter) return 0.0;
  double cost = 0.0;
  for (char32_t c : before) {
    const UScriptCode s = script(c);
    if (u_isalpha(static_cast<UChar32>(c)) && s != dominant && s != USCRIPT_COMMON && s != USCRIPT_INHERITED) cost += 2.0;
  }
  return std::min(cost, 4.0);
}

// Scores a candidate, following further layers while each makes the text likelier.
Judged judge(const std::vector<Char>& line, std::string_view text, Candidate cand, UScriptCode dominant) {
  const std::size_t cand_first = cand.first_char, cand_end = cand.end_char;
  const auto first = static_cast<std::ptrdiff_t>(cand.first_char);
  const auto end = static_cast<std::ptrdiff_t>(cand.end_char);
  const UChar32 b2 = char_at(line, first - 2), b1 = char_at(line, first - 1);
  const UChar32 a1 = char_at(line, end), a2 = char_at(line, end + 1);
  std::u32string before;
  for (std::ptrdiff_t i = first; i < end; ++i) before += static_cast<char32_t>(line[static_cast<std::size_t>(i)].c);

  std::u32string after = join_surrogates(cand.after);
  // Symbols and punctuation alone ("×”", "¬´") are usually meant: turning them
  // into a letter needs more evidence than repairing a run that has letters.
  // (Inside a word, "Se├▒ales", they are a word's letters all the same.)
  const bool had_letter = std::any_of(before.begin(), before.end(), [](char32_t c) { return u_isalpha(c); });
  const bool in_word = (b1 > 0 && u_isalpha(b1)) || (a1 > 0 && u_isalpha(a1));
  const double symbols_only = had_letter || in_word ? 0.0 : 4.5;
  double cost_after = mojibake::run_cost(after, b2, b1, a1, a2) + symbols_only;
  CodePageChain chain{cand.page->name};
  std::optional<Judged::Deeper> deeper;
  for (int layer = 1; layer < kMaxLayers; ++layer) {
    auto peeled = peel_layer(after);
    if (!peeled) break;
    const double c = mojibake::run_cost(peeled->first, b2, b1, a1, a2) + symbols_only;
    // Read through the same page again and wholly UTF-8 once more ("Ãƒâ€”" → "Ã—"
    // → "×"): a run mangled once by a page is seldom real text that the same page
    // mangles again, so the next layer is taken unless it reads clearly worse.
    const bool same_page_again = peeled->second == chain.front() && c <= cost_after + 1.0;
    if (c >= cost_after - 1.0 && !same_page_again) {
      // No likelier alone ("Î—" and "Η" both read well): the line may settle it.
      if (c <= cost_after + 1.0) {
        deeper = Judged::Deeper{to_utf8(peeled->first), chain, c};
        deeper->chain.push_front(peeled->second);
      }
      break;
    }
    after = std::move(peeled->first);
    cost_after = c;
    chain.push_front(peeled->second);
  }
  if (cand.lossy) after = fold_ligatures(std::move(after));
  // "ï»¿" is a UTF-8 byte order mark read as text: the mark says nothing in the
  // middle of text, so its repair is to drop it (as ftfy does), not U+FEFF.
  if (after == U"\uFEFF") {
    after.clear();
    cost_after = 0.0;
  }

  MojibakeSpan span;
  span.begin = line[cand.first_char].offset;
  span.end = line[cand.end_char - 1].offset + line[cand.end_char - 1].size;
  span.before = std::string(text.substr(span.begin, span.end - span.begin));
  span.after = to_utf8(after);
  span.chain = std::move(chain);
  span.cost_before = mojibake::run_cost(before, b2, b1, a1, a2) + script_island_cost(before, after, dominant);
  span.cost_after = cost_after;
  span.lossy = cand.lossy;
  span.candidates = std::move(cand.readings);
  Judged j;
  j.first_char = cand_first, j.end_char = cand_end;
  for (char32_t c : after) j.possible = j.possible && mojibake::char_cost(static_cast<UChar32>(c)) < mojibake::kImpossible;
  // A decoding that starts with a combining mark needs a character to carry it
  // (decomposed "é" is e + U+0301, "$̶6" strikes through; a line's start is
  // left to the model); after "‚" or "¤" it is bytes of another encoding that
  // chanced to form UTF-8.
  if (!after.empty() && b1 >= 0x80 && !u_isalnum(b1) &&
      (U_GET_GC_MASK(static_cast<UChar32>(after[0])) & U_GC_M_MASK)) {
    j.possible = false;
  }
  // Inside a word ("dÕœs", Mac Roman ’ú shown as windows-1252), a decoding to
  // punctuation of another script ("d՜s", Armenian) is chance, not a repair.
  if (b1 > 0 && a1 > 0 && u_isalpha(b1) && u_isalpha(a1)) {
    for (char32_t c : after) {
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
      if (!u_isalpha(static_cast<UChar32>(c)) && script != USCRIPT_COMMON && script != USCRIPT_INHERITED &&
          !fits_its_word(static_cast<UChar32>(c), b1, a1)) {
        j.possible = false;
      }
    }
  }
  j.margin = margin_for(span.chain.back());
  // Mac and DOS runs ("√π", "├┤") are mostly meant, but not inside a word: "├ûsterbotten"
  // is a DOS misreading of "Österbotten" as surely as "Ã©" is of "é".
  const std::string_view page = span.chain.back();
  if ((page == "macintosh" || page == "ibm-437") && glued_to_word(line, cand_first, cand_end)) {
    j.margin = kMargin;
  }
  j.symbols_only = symbols_only;
  if (deeper && !cand.lossy) j.deeper = std::move(deeper);
  j.ambiguous = cand.ambiguous;
  j.explicit_loss = cand.explicit_loss;
  j.evidence_only = cand.evidence_only;
  j.garbled = cand.garbled;
  if (cand.ambiguous) {
    // The run is mojibake but the lost byte cannot be told: the reading to offer
    // where a mark is acceptable is U+FFFD in place of the damaged character.
    std::u32string marked;
    for (std::size_t i = 0; i < cand.after.size(); ++i) {
      marked += cand.ambiguous_at.count(i) ? U'\uFFFD' : cand.after[i];
    }
    marked = join_surrogates(std::move(marked));
    j.marked_cost = mojibake::run_cost(marked, b2, b1, a1, a2) + symbols_only;
    // Mangled twice with a byte lost in between: the marked reading may itself be
    // an earlier layer's mojibake ("Ã¢â€�â€™" → "â�’" → one lost character).
    if (auto peeled = peel_marked_layer(marked)) {
      const double c = mojibake::run_cost(*peeled, b2, b1, a1, a2) + symbols_only;
      if (c < j.marked_cost - 1.0) marked = std::move(*peeled), j.marked_cost = c;
    }
    j.marked = to_utf8(marked);
  }
  j.span = std::move(span);
  return j;
}

}  // namespace

// judge(line, text, cand, dominant) into `out` (a Judged as constructed; `cand` may be moved from).
void JudgeMemo::operator()(Judged& out, const std::vector<Char>& line, std::string_view text, std::size_t page, Candidate& cand,
                           UScriptCode dominant) {
  if (cand.lossy || cand.ambiguous || !cand.ambiguous_at.empty() || !cand.readings.empty() || !cand.guesses.empty()) {
    out = judge(line, text, std::move(cand), dominant);
    return;
  }
  const auto first = static_cast<std::ptrdiff_t>(cand.first_char), end = static_cast<std::ptrdiff_t>(cand.end_char);
  // Text whose runs seldom come back (a quarter of the last kWindow) is judged
  // as it comes for the next kWindow candidates: there the memo would only cost.
  if (skip_ > 0) {
    --skip_;
    out = judge(line, text, std::move(cand), dominant);
    return;
  }
  if (looked_ == kWindow) {
    if (found_ * 4 < looked_) skip_ = kWindow;
    looked_ = found_ = 0;
  }
  // The key, in a buffer: most runs are a few characters (longer ones are judged as they come).
  constexpr std::size_t kFixed = 8;
  if (static_cast<std::size_t>(end - first) + cand.after.size() > std::size(key_) - kFixed) {
    out = judge(line, text, std::move(cand), dominant);
    return;
  }
  char32_t* k = key_;
  *k++ = static_cast<char32_t>(page);
  *k++ = static_cast<char32_t>(dominant);
  *k++ = static_cast<char32_t>(cand.explicit_loss | cand.evidence_only << 1 | cand.garbled << 2);
  for (std::ptrdiff_t i : {first - 2, first - 1, end, end + 1}) *k++ = static_cast<char32_t>(char_at(line, i));
  *k++ = static_cast<char32_t>(end - first);
  for (std::ptrdiff_t i = first; i < end; ++i) *k++ = static_cast<char32_t>(line[static_cast<std::size_t>(i)].c);
  k = std::copy(cand.after.begin(), cand.after.end(), k);
  const std::u32string_view key(key_, static_cast<std::size_t>(k - key_));
  ++looked_;
  if (const auto it = memo_.find(key); it != memo_.end()) {
    ++found_;
    out = it->second;
    out.first_char = cand.first_char, out.end_char = cand.end_char;
    out.span.begin = line[cand.first_char].offset;
    out.span.end = line[cand.end_char - 1].offset + line[cand.end_char - 1].size;
    out.span.before.assign(text.substr(out.span.begin, out.span.end - out.span.begin));
    return;
  }
  out = judge(line, text, std::move(cand), dominant);
  if (memo_.size() >= kMaxEntries) memo_.clear();  // (memory stays bounded; the runs that repeat come back)
  memo_.emplace(key, out);
}

namespace {

// Once a page has clearly mangled a line, its other runs there that decode to
// text at least as plausible are mangled too ("Î— διαδρομή": the lone "Î—" gains
// nothing on its own, but it is the same misreading as the words beside it).
// Real text rarely holds a valid UTF-8 image beside true mojibake of that page.
constexpr double kLineEvidence = 6.0;

// The non-ASCII characters nearest to a span on each side, within a word's reach
// (letters and digits of its word or of the next two words), and the page's run
// each belongs to, if any.
constexpr int kReach = 2;  // spaces
struct Neighbours {
  struct Side {
    bool found = false;        // a non-ASCII character within reach
    const Judged* run = nullptr;  // the page's run it belongs to
    UChar32 c = 0;             // the character
  } left, right;
};

// `judged` are a page's runs in line order, none overlapping another (as
// candidates_for_page finds them), and the line's characters are in offset order:
// both are searched by halving, as a line may hold a million runs.
Neighbours neighbours_of(const std::vector<Char>& line, const std::vector<Judged>& judged, const Judged& run) {
  auto owner = [&](std::size_t offset) -> const Judged* {
    auto it = std::upper_bound(judged.begin(), judged.end(), offset,
                               [](std::size_t at, const Judged& j) { return at < j.span.begin; });
    if (it == judged.begin()) return nullptr;
    --it;
    return offset < it->span.end ? &*it : nullptr;
  };
  auto side = [&](std::ptrdiff_t from, std::ptrdiff_t step) {
    Neighbours::Side found;
    int spaces = 0;
    for (std::ptrdiff_t i = from; i >= 0 && i < static_cast<std::ptrdiff_t>(line.size()); i += step) {
      const Char& ch = line[static_cast<std::size_t>(i)];
      if (ch.c >= 0x80) return Neighbours::Side{true, owner(ch.offset), ch.c};
      // (ASCII here: std::isalnum's, without a call into the C library)
      const bool alnum = (ch.c >= '0' && ch.c <= '9') || (ch.c >= 'a' && ch.c <= 'z') || (ch.c >= 'A' && ch.c <= 'Z');
      if (ch.c == ' ' ? ++spaces > kReach : !alnum) break;
    }
    return found;
  };
  auto first = static_cast<std::ptrdiff_t>(run.first_char), last = static_cast<std::ptrdiff_t>(run.end_char) - 1;
  if (last < first) first = last = -1;  // no character in the span
  return {side(first - 1, -1), side(last + 1, 1)};
}

}  // namespace

std::size_t count_chars(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char b) { return (static_cast<uint8_t>(b) & 0xC0) != 0x80; }));
}

namespace {

// A run that rebuilds a single character beside correct text needs this much more.
constexpr double kAgainstPage = 8.0;
constexpr double kBesideSameLanguage = 2.0;

// Whether the lone lead's run `lone` stands beside a run this page clearly mangled,
// with no correct text closer on either side. A line may join correct text to
// mangled text ("Ørsted Energy | à¸•à¸£"): a lone "Ø" is damaged only among damage
// ("Nguyá»…n VÄn A").
bool beside_mangled(const std::vector<Char>& line, const std::vector<Judged>& judged, const Judged& lone) {
  // +1 mangled, -1 correct text, 0 nothing to tell (none, or another lone lead).
  auto vote = [](const Neighbours::Side& s) {
    if (!s.found || (s.run && s.run->evidence_only)) return 0;
    return s.run && s.run->span.confident && !s.run->span.lossy ? 1 : -1;
  };
  const Neighbours n = neighbours_of(line, judged, lone);
  const int left = vote(n.left), right = vote(n.right);
  return (left > 0 || right > 0) && left >= 0 && right >= 0;
}

}  // namespace

// Whether a run stands beside correct text: a non-ASCII character in the next
// word that no repair of this page covers ("Mccoy – DrÃ¥ber": the "–" is text this
// page did not read, since a lone 0x96 is no UTF-8). One stretch of text comes
// from one decoding; a short repair there needs more than its own gain.
// What is asked of it: kAgainstPage, or kBesideSameLanguage when every such
// character is a letter that one language writes with the repaired letter
// ("não Ã© chave": Portuguese writes ã and é; a line joined from two sources). A
// symbol beside it ("–" in "Mccoy – DrÃ¥ber") says no language.
double against_correct_text(const std::vector<Char>& line, const std::vector<Judged>& judged, const Judged& span) {
  // A run of the page counts only when reading it again makes it no less likely ("– "
  // is a MacRoman run too, read as "Р", which explains nothing).
  auto correct = [](const Neighbours::Side& s) {
    return s.found && !(s.run && s.run->possible && s.run->span.cost_after <= s.run->span.cost_before);
  };
  const Neighbours n = neighbours_of(line, judged, span);
  if (!correct(n.left) && !correct(n.right)) return 0.0;
  const UChar32 repaired = decode_sequence(span.span.after);  // (one character: see the caller)
  auto same_language = [&](const Neighbours::Side& s) {
    return !correct(s) || (u_isalpha(s.c) && u_isalpha(repaired) && mojibake::one_language_writes_both(s.c, repaired));
  };
  return same_language(n.left) && same_language(n.right) ? kBesideSameLanguage : kAgainstPage;
}

namespace {

// Lone arrows and shapes on a line of plain ASCII ("Click â–¼ to open", "Next â†’"):
// each three characters standing alone that are one symbol's UTF-8 bytes read as
// windows-1252 or Latin-1. Nothing else on the line vouches for the page, and the
// symbol is no likelier than the run to the model ("–¼" reads as text), but no
// language writes a lone "â" glued to two punctuation marks: the run vouches for
// itself when every byte of it went into the symbol.
bool lone_symbol(const std::vector<Char>& line, const Judged& j) {
  const MojibakeSpan& s = j.span;
  if (!j.possible || j.ambiguous || s.lossy || j.garbled || s.chain.size() != 1) return false;
  if (s.chain.back() != "windows-1252" && s.chain.back() != "ISO-8859-1") return false;
  if (j.end_char - j.first_char != 3 || count_chars(s.after) != 1) return false;
  const UChar32 c = decode_sequence(s.after);
  if (c < 0x2000 || !(U_GET_GC_MASK(c) & (U_GC_S_MASK | U_GC_P_MASK))) return false;
  auto apart = [&](std::ptrdiff_t i) {  // the run's neighbour: none, or ASCII that is no letter or digit
    if (i < 0 || i >= static_cast<std::ptrdiff_t>(line.size())) return true;
    const UChar32 n = line[static_cast<std::size_t>(i)].c;
    return n < 0x80 && !ascii_letter(n) && !(n >= '0' && n <= '9');
  };
  return apart(static_cast<std::ptrdiff_t>(j.first_char) - 1) && apart(static_cast<std::ptrdiff_t>(j.end_char));
}

}  // namespace

// Runs of one line were mangled alike. A run whose reading stops a layer short of
// the chain the line's other repairs agree on ("ÃŽâ€”" read once is "Î—", which reads
// as well as "Η" alone; the rest of the line was Greek read twice) takes the
// reading one layer further in.
void agree_on_depth(std::vector<Judged>& judged) {
  std::map<CodePageChain, std::size_t> layered;
  for (const Judged& j : judged) {
    if (j.span.confident && !j.span.lossy && j.span.chain.size() > 1) ++layered[j.span.chain];
  }
  if (layered.empty()) return;
  const CodePageChain& agreed =
      std::max_element(layered.begin(), layered.end(), [](const auto& a, const auto& b) { return a.second < b.second; })->first;
  for (Judged& j : judged) {
    if (!j.span.confident || !j.deeper || j.deeper->chain != agreed) continue;
    j.span.after = std::move(j.deeper->after);
    j.span.chain = j.deeper->chain;
    j.span.cost_after = j.deeper->cost;
    j.deeper.reset();
  }
}

// `judged`: a page's runs in line order.
bool lone_symbols_on_plain_line(const std::vector<Char>& line, const std::vector<Judged>& judged) {
  if (judged.empty()) return false;
  std::size_t in_runs = 0, non_ascii = 0;
  for (const Judged& j : judged) {
    if (!lone_symbol(line, j)) return false;
    in_runs += j.end_char - j.first_char;
  }
  for (const Char& ch : line) non_ascii += ch.c >= 0x80;
  return non_ascii == in_runs;
}

namespace {

// Paired punctuation: a quote whose partner on the line was repaired with
// confidence through the same pages ("Â«}Â»": the "Â«" was surely "«", so the "Â»"
// closing it is "»", though "Â»" after "}" alone reads almost as well).
void settle_quote_partners(std::vector<Judged>& judged) {
  static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
      {"«", "»"}, {"‹", "›"}, {"“", "”"}, {"‘", "’"}, {"„", "“"}, {"»", "«"}};
  auto sure = [](const Judged& j) { return j.span.confident && !j.span.lossy; };
  auto open_to_settle = [](const Judged& j) {
    const MojibakeSpan& s = j.span;
    return !s.confident && j.possible && !j.ambiguous && !s.lossy && !j.garbled && s.cost_after <= s.cost_before;
  };
  // One pass each way (a line may hold very many runs): the sure quotes met so
  // far, as (quote, chain); a run settles when its partner is among them.
  auto settle = [&](auto first, auto last, bool forward) {
    std::set<std::pair<std::string, CodePageChain>> met;
    for (auto it = first; it != last; ++it) {
      Judged& j = *it;
      if (open_to_settle(j)) {
        for (const auto& [open, close] : kPairs) {
          const std::string_view mine = forward ? close : open, partner = forward ? open : close;
          if (j.span.after == mine && met.count({std::string(partner), j.span.chain})) {
            j.span.confident = true;
            break;
          }
        }
      } else if (sure(j) && j.span.after.size() <= 3) {
        met.insert({j.span.after, j.span.chain});
      }
    }
  };
  settle(judged.begin(), judged.end(), true);
  settle(judged.rbegin(), judged.rend(), false);
}

}  // namespace

void settle_with_line_evidence(std::vector<Judged>& judged, const std::vector<Char>& line) {
  settle_quote_partners(judged);
  double evidence = 0;
  for (const Judged& j : judged) {
    if (j.span.confident && !j.span.lossy) evidence += j.span.cost_before - j.span.cost_after;
  }
  if (evidence < kLineEvidence) return;
  for (Judged& j : judged) {
    MojibakeSpan& s = j.span;
    if (j.garbled) continue;
    if (!s.confident && j.possible && !j.ambiguous && !s.lossy && s.cost_after - j.symbols_only <= s.cost_before) {
      s.confident = true;
      s.cost_after -= j.symbols_only;
    }
    // Where the text marks a lost byte (`?`, U+FFFD) inside the same misreading,
    // marking the damaged character plainly loses nothing more.
    if (j.ambiguous && s.marked.empty() && !j.marked.empty() &&
        j.marked_cost - j.symbols_only <= s.cost_before + 1.0 &&
        (!j.evidence_only || beside_mangled(line, judged, j))) {
      s.marked = j.marked;
    }
  }
}

namespace {

// The scripts `text` is written in: those of its letters and marks, Common and
// Inherited aside. Adds to `*count` how many such characters it has, U+FFFD
// marks included (a character the decoding accounts for, script unknown).
// ASCII is left out: a double-byte run's ASCII bytes read as themselves, so its
// letters say nothing of what the page made of the rest (they must not vouch
// for a Latin "ʧ" among Chinese).
std::set<UScriptCode> script_letters(std::string_view text, std::size_t* count) {
  std::set<UScriptCode> scripts;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  for (int32_t i = 0, n = static_cast<int32_t>(text.size()); i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0x80) continue;
    if (c == 0xFFFD && count) ++*count;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (script == USCRIPT_COMMON || script == USCRIPT_INHERITED) continue;
    scripts.insert(script);
    if (count) ++*count;
  }
  return scripts;
}

// How much less plausible than its run a reading of symbols alone may be, on a
// line a double-byte page explains.
constexpr double kSymbolSlack = 2.0;
// Letters and marks of one script (and lost characters) a line's decoding must
// have to stand without a confident run.
constexpr std::size_t kCoherentLetters = 4;

}  // namespace

// Whether `reading` puts letters (or marks) of two scripts side by side, ASCII
// and CJK aside: what CJK re-encoded by chance gives ("ｱﾙｼﾞｪ" → "ｱټު", Arabic
// and Thaana), not what a mangled word decodes to. ("β版" is one word.)
bool mixes_scripts(std::string_view reading) {
  UScriptCode seen = USCRIPT_INVALID_CODE;
  const auto* s = reinterpret_cast<const uint8_t*>(reading.data());
  for (int32_t i = 0, n = static_cast<int32_t>(reading.size()); i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0x80) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (script == USCRIPT_COMMON || script == USCRIPT_INHERITED || mojibake::is_cjk_script(script)) continue;
    if (seen != USCRIPT_INVALID_CODE && script != seen) return true;
    seen = script;
  }
  return false;
}

// Whether the page's runs cover all but a few of the CJK-like characters it
// writes in the line. Correct Chinese, Japanese or Korean text re-encodes to
// valid UTF-8 only here and there ("为" reads as Ϊ, "碳" as a combining seagull,
// "ﾛｰ" as ۰), so a page that leaves most of a line's CJK unexplained did not
// mangle it. Other characters it can write (é, —, Cyrillic) may be the
// correct part of a partly mangled line, and do not count.
// `runs` are [first, end) character ranges.
bool covers_line(const std::vector<Char>& line, const CodePage& page,
                 const std::vector<std::pair<std::size_t, std::size_t>>& runs) {
  // How many runs start minus how many end at each character: summed along the
  // line, how many runs cover it, in one pass however many runs there are.
  std::vector<int32_t> opened(line.size() + 1, 0);
  for (const auto& [first, end] : runs) ++opened[first], --opened[end];
  std::size_t writable = 0, covered = 0;
  int32_t depth = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    depth += opened[i];
    const UChar32 c = line[i].c;
    if (!cjk_like(c) || (c != 0xFFFD && !mojibake::page_bytes(page, c))) continue;  // (cjk_like: never ASCII)
    ++writable;
    covered += depth > 0;
  }
  return covered > 0 && static_cast<double>(covered) >= kLineCover * static_cast<double>(writable);
}

// What a judged run would write if repaired: its decoding, with U+FFFD for the
// characters that lost a byte.
const std::string& reading_of(const Judged& j) {
  if (const std::string* text = j.span.text_replacement()) return *text;
  return j.ambiguous ? j.marked : j.span.after;
}

namespace {

// The scripts a double-byte page's decoding of a line is written in, when the line
// is its doing: those of its confident runs or, with none that has letters, of
// all its runs when they read as one script other than CJK (letters of no CLDR
// locale, ހ ᐊ װ, cost the model more than the CJK they replace, and a reading
// that keeps to one script is what random CJK re-encoded never gives). That
// takes four characters, lost ones included, unless confident runs (of symbols
// or lost characters alone: "禄" = "»", "鈥?" = "�") already vouch for the page;
// those alone vouch for other such runs only. nullopt when the line is not its
// doing.
std::optional<std::set<UScriptCode>> line_scripts(const std::vector<Judged>& judged) {
  std::set<UScriptCode> scripts;
  bool anchored = false;
  for (const Judged& j : judged) {
    if (!j.span.text_replacement()) continue;
    anchored = true;
    scripts.merge(script_letters(reading_of(j), nullptr));
  }
  if (!scripts.empty()) return scripts;
  std::size_t letters = 0;
  bool possible = true;
  for (const Judged& j : judged) {
    possible = possible && j.possible;
    scripts.merge(script_letters(reading_of(j), &letters));
  }
  if (possible && scripts.size() == 1 && !mojibake::is_cjk_script(*scripts.begin()) &&
      (anchored || letters >= kCoherentLetters)) {
    return scripts;
  }
  if (anchored) return std::set<UScriptCode>{};
  return std::nullopt;
}

}  // namespace

// A double-byte page whose runs cover the line (covers_line) is what mangled it
// when its decoding reads in one hand (see line_scripts). Its other runs then
// need only read in those scripts, whatever the model makes of them alone: a
// short word ("展乍" = "չէ"), a word of letters no CLDR locale lists ("装" =
// "װ"), and, when about as plausible as the run, a lone "芦" (« beside a
// repaired »). Impossible readings still stay out. Returns whether the page
// explains the line.
bool settle_double_byte_line(std::vector<Judged>& judged) {
  const std::optional<std::set<UScriptCode>> scripts = line_scripts(judged);
  if (!scripts) return false;
  for (Judged& j : judged) {
    if (j.span.text_replacement()) continue;
    const std::set<UScriptCode> own = script_letters(reading_of(j), nullptr);
    if (!std::includes(scripts->begin(), scripts->end(), own.begin(), own.end())) continue;
    // A reading of symbols or marks alone says nothing of its script: it must
    // still be about as plausible as the run ("太" is no lone combining mark).
    j.settle(own.empty() ? -kSymbolSlack : -std::numeric_limits<double>::infinity());
  }
  return true;
}

}  // namespace kempt::mojibake::finder

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
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, s + i, 8);
    if (const uint64_t high = word & 0x8080808080808080ull) {
      const int first = std::endian::native == std::endian::little ? std::countr_zero(high) : std::countl_zero(high);
      return i + first / 8;
    }
  }
  while (i < n && s[i] < 0x80) ++i;
  return i;
}

// std::islower on ASCII, as ascii_letter (mojibake_chains.hpp) is std::isalpha: without
// a call into the C library (kempt never changes the C locale, where they mean exactly this).
bool ascii_lower(UChar32 c) { return c >= 'a' && c <= 'z'; }

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
    if ((facts & 0xFFFF) && c < 0x250 && ascii_lower(prev) && i < n && ascii_lower(s[i])) {
      pages |= facts & 0xFFFF;
    }
    lead = facts & 0xFFFF;
    prev = c;
  }
  *hit = static_cast<std::size_t>(found_at < 0 ? n : found_at);
  *line_end = static_cast<std::size_t>(n);
  return pages;
}

// The byte ranges of a line's chosen spans, none overlapping another, for asking
// whether a range overlaps one in log time (a line may hold a million spans).
class TakenRanges {
 public:
  bool overlaps(std::size_t begin, std::size_t end) const {
    // Of disjoint ranges, the one that starts last before `end` ends last: if
    // any of them reaches past `begin`, it does. (Kept as the furthest end of
    // the ranges starting there, so that empty ranges change nothing.)
    auto it = ends_.lower_bound(end);
    if (it == ends_.begin()) return false;
    return std::prev(it)->second > begin;
  }
  void add(std::size_t begin, std::size_t end) {
    std::size_t& e = ends_[begin];
    e = std::max(e, end);
  }

 private:
  std::map<std::size_t, std::size_t> ends_;  // begin → end
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
    std::vector<std::pair<std::size_t, std::size_t>> runs;
    for (const Candidate& c : cands) runs.emplace_back(c.first_char, c.end_char);
    if (page.double_byte && !covers_line(line, page, runs)) continue;
    PageSpans ps;
    std::vector<Judged> judged;
    judged.reserve(cands.size());
    if (!cands.empty() && !dominant) dominant = dominant_script(line);
    if (!buffers.judge) buffers.judge = std::make_unique<JudgeMemo>();
    for (Candidate& c : cands) (*buffers.judge)(judged.emplace_back(), line, text, p, c, *dominant);
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
