// Judging, the second stage of the mojibake finder: each candidate the chain
// search found (mojibake_chains.cpp) is scored against its run in context by the
// plausibility model, following further layers while each makes the text
// likelier (judge); then a page's runs of one line are settled together: a page
// that clearly mangled the line vouches for its other runs there, a quote's
// partner for the quote, the line's other repairs for a run's depth, and a
// double-byte page must cover the line's CJK to count at all.
// Neighbours: mojibake_judge.hpp (what the line driver uses from here),
// mojibake_chains.cpp (the candidates), mojibake.cpp (the line driver, which
// chooses among the pages' spans), mojibake_explain.cpp (the words for a chain).
#include "mojibake_judge.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "mojibake_model.hpp"

namespace kempt::mojibake::finder {
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

// judge(line, text, cand, dominant), appended to `into` (`cand` may be moved from).
void JudgeMemo::operator()(std::vector<Judged>& into, const std::vector<Char>& line, std::string_view text, std::size_t page, Candidate& cand,
                           UScriptCode dominant) {
  if (cand.lossy || cand.ambiguous || !cand.ambiguous_at.empty() || !cand.readings.empty() || !cand.guesses.empty()) {
    into.push_back(judge(line, text, std::move(cand), dominant));
    return;
  }
  const auto first = static_cast<std::ptrdiff_t>(cand.first_char), end = static_cast<std::ptrdiff_t>(cand.end_char);
  // Text whose runs seldom come back (a quarter of the last kWindow) is judged
  // as it comes for the next kWindow candidates: there the memo would only cost.
  if (skip_ > 0) {
    --skip_;
    into.push_back(judge(line, text, std::move(cand), dominant));
    return;
  }
  if (looked_ == kWindow) {
    if (found_ * 4 < looked_) skip_ = kWindow;
    looked_ = found_ = 0;
  }
  // The key, in a buffer: most runs are a few characters (longer ones are judged as they come).
  constexpr std::size_t kFixed = 8;
  if (static_cast<std::size_t>(end - first) + cand.after.size() > std::size(key_) - kFixed) {
    into.push_back(judge(line, text, std::move(cand), dominant));
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
    Judged& out = into.emplace_back(it->second);  // (copied in place: a Judged is large)
    out.first_char = cand.first_char, out.end_char = cand.end_char;
    out.span.begin = line[cand.first_char].offset;
    out.span.end = line[cand.end_char - 1].offset + line[cand.end_char - 1].size;
    out.span.before.assign(text.substr(out.span.begin, out.span.end - out.span.begin));
    return;
  }
  const Judged& out = into.emplace_back(judge(line, text, std::move(cand), dominant));
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
  // `s` as kPairs spells it, when it is a quote there; empty otherwise.
  auto as_quote = [](std::string_view s) -> std::string_view {
    for (const auto& [open, close] : kPairs) {
      if (s == open) return open;
      if (s == close) return close;
    }
    return {};
  };
  // (Most lines have no quote left to settle: nothing to collect.)
  if (std::none_of(judged.begin(), judged.end(), [&](const Judged& j) { return open_to_settle(j) && !as_quote(j.span.after).empty(); })) {
    return;
  }
  // One pass each way (a line may hold very many runs): the sure quotes met so
  // far, as (quote, chain); a run settles when its partner is among them. (Only
  // quotes are kept, and a quote met again through the chain of the one before
  // it, as most are, is not looked up again.)
  auto settle = [&](auto first, auto last, bool forward) {
    std::set<std::pair<std::string_view, CodePageChain>> met;
    std::optional<std::pair<std::string_view, const CodePageChain*>> last_met;
    for (auto it = first; it != last; ++it) {
      Judged& j = *it;
      if (open_to_settle(j)) {
        for (const auto& [open, close] : kPairs) {
          const std::string_view mine = forward ? close : open, partner = forward ? open : close;
          if (j.span.after == mine && met.count({partner, j.span.chain})) {
            j.span.confident = true;
            break;
          }
        }
      } else if (sure(j)) {
        const std::string_view q = as_quote(j.span.after);
        if (q.empty() || (last_met && last_met->first == q && *last_met->second == j.span.chain)) continue;
        met.insert({q, j.span.chain});
        last_met.emplace(q, &j.span.chain);
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
