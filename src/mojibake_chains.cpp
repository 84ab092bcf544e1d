// The chain search, the first stage of the mojibake finder: for each code page,
// the runs of a line's characters the page writes with high bytes are turned
// back into their bytes, and where those bytes are UTF-8 (whole, or short of
// bytes the page does not define, or with `?`/U+FFFD/a space where a byte was
// lost) each stretch of sequences is a Candidate. A lost byte's readings are
// ranked by the model (mojibake_model.hpp) and, where the line's language
// decides, chosen by it (mojibake_lost_bytes.hpp); peel_layer follows a reading
// one layer further in, for text mangled more than once.
// Neighbours: mojibake_chains.hpp (what the rest of the finder uses from here),
// mojibake_judge.cpp (judges the candidates into spans), mojibake.cpp (the line
// driver: which lines and pages to try, and which spans are kept).
#include "mojibake_chains.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>

#include "mojibake_lost_bytes.hpp"
#include "mojibake_model.hpp"

namespace kempt::mojibake::finder {
namespace {

// How far ahead the best reading of a lost byte must be to be trusted.
constexpr double kLossMargin = 1.5;
// A rebuilt character that costs this much even in its best place (a math italic
// letter, an obscure script's letter) is no guess to make: it is marked.
constexpr double kImplausibleGuess = 6.0;

}  // namespace

void append_utf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf, n, 4, c, error);
  (void)error;  // callers pass valid scalar values
  out.append(buf, static_cast<std::size_t>(n));
}

std::string to_utf8(std::u32string_view text) {
  std::string out;
  for (char32_t c : text) append_utf8(out, static_cast<UChar32>(c));
  return out;
}

// The letters a Latin ligature (U+FB00–U+FB06) stands for; nullptr for others.
const char32_t* ligature_letters(char32_t c) {
  static constexpr const char32_t* kLetters[] = {U"ff", U"fi", U"fl", U"ffi", U"ffl", U"st", U"st"};
  return c >= 0xFB00 && c <= 0xFB06 ? kLetters[c - 0xFB00] : nullptr;
}

// Ligatures came in with the repair (ﬁ read as "ï¬" + a dropped byte): fold them,
// since the author typed "fi". Ligatures in correct text are not touched (but
// by fold_latin_ligatures, on request).
std::u32string fold_ligatures(std::u32string text) {
  std::u32string out;
  for (char32_t c : text) {
    if (const char32_t* letters = ligature_letters(c)) out += letters;
    else out += c;
  }
  return out;
}

int utf8_length(uint8_t lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}
bool is_cont(uint8_t b) { return b >= 0x80 && b <= 0xBF; }

// Decodes one UTF-8 sequence exactly; -1 when it is not valid. A surrogate
// (ED A0–BF xx) is let through: CESU-8 writes emoji as two of them, and the
// candidate joins the pair (a lone one stays impossible to the model).
UChar32 decode_sequence(const std::string& bytes) {
  return decode_sequence(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int32_t>(bytes.size()));
}

UChar32 decode_sequence(const uint8_t* s, int32_t size) {
  if (size == 3 && s[0] == 0xED && s[1] >= 0xA0 && s[1] <= 0xBF && is_cont(s[2])) {
    return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  }
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(s, i, size, c);
  return (c >= 0 && i == size) ? c : -1;
}

namespace {

// One decoded UTF-8 sequence of a run's image.
struct Sequence {
  std::size_t first_byte, end_byte;  // in the image
  UChar32 c;                          // the reading chosen (or U+FFFD)
  bool lossy = false;
  bool ambiguous = false;
  bool written_loss = false;          // a `?`/U+FFFD stands for the lost byte
  bool evidence_only = false;         // a lone lead: damaged only if the line says so
  std::vector<UChar32> readings;      // lossy only: all readings, best first
};

std::string word_after(const std::vector<Char>& line, std::size_t index) {
  std::string word;
  while (index < line.size() && (line[index].c == ' ' || line[index].c == '*')) ++index;
  for (; index < line.size() && line[index].c < 0x80 && std::isalpha(static_cast<int>(line[index].c)); ++index) {
    word += static_cast<char>(line[index].c);
  }
  return word;
}

bool drops_in_line(const std::vector<Char>& line, const CodePage& page);
bool nbsp_kept_in_line(const std::vector<Char>& line, const CodePage& page);

// Whether the line has two characters side by side that `page` writes with high
// bytes: lone leads are judged only in such lines, as only a run of two or more
// can give the line evidence they need.
bool pairs_in_line(const std::vector<Char>& line, const CodePage& page) {
  for (std::size_t j = 1; j < line.size(); ++j) {
    if (line[j - 1].c >= 0x80 && line[j].c >= 0x80 && mojibake::page_bytes(page, line[j - 1].c) != 0 &&
        mojibake::page_bytes(page, line[j].c) != 0) {
      return true;
    }
  }
  return false;
}

// Whether the line says its editor turned NBSPs into spaces rather than dropped
// bytes: it keeps a byte this page does not define as its C1 control ("áƒ\x9d":
// whoever wrote it kept what it could not read) or marks it U+FFFD, or has "Â " (C2 + space, which
// no dropped byte explains: C2 81..9D are controls), or a double space after a
// character of this page ("voilÃ  le").
bool nbsp_spaces_in_line(const std::vector<Char>& line, const CodePage& page) {
  if (page.lost.empty() || page.double_byte) return false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const UChar32 c = line[i].c;
    if (c >= 0x80 && c < 0xA0 && std::find(page.lost.begin(), page.lost.end(), c) != page.lost.end()) return true;
    if (c == 0xFFFD) return true;  // nor did one that marked them
    if (c < 0x80 || i + 1 >= line.size() || line[i + 1].c != ' ') continue;
    const uint16_t b = mojibake::page_bytes(page, c);
    if (b == 0xC2 || (b >= 0xC2 && b < 0x100 && i + 2 < line.size() && line[i + 2].c == ' ')) return true;
  }
  return false;
}

// Scripts written without spaces between words.
bool unspaced_script(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_THAI: case USCRIPT_LAO:
    case USCRIPT_KHMER: case USCRIPT_MYANMAR: case USCRIPT_TIBETAN:
      return true;
    default:
      return false;
  }
}

// Whether the sequence at image[k] (after a space that may stand for a lost NBSP
// byte) is a character no word starts with: a combining mark or a dependent
// vowel ("à¸ à¸²": the space before า would start a word with it), or one glued to
// `before` (the character the NBSP reading makes) in a script that puts no space
// between words, or a lowercase letter after a capital `before`: the space was the
// NBSP byte of the character before it.
bool glued_after(RunImage image, std::size_t k, UChar32 before) {
  if (k >= image.size() || image[k].kind != RunByte::plain) return false;
  const int len = utf8_length(image[k].byte);
  if (len < 2 || k + static_cast<std::size_t>(len) > image.size()) return false;
  std::string bytes;
  for (std::size_t i = 0; i < static_cast<std::size_t>(len); ++i) {
    if (image[k + i].kind != RunByte::plain) return false;
    bytes += static_cast<char>(image[k + i].byte);
  }
  const UChar32 c = decode_sequence(bytes);
  if (c < 0) return false;
  if ((U_GET_GC_MASK(c) & U_GC_M_MASK) != 0 || u_getIntPropertyValue(c, UCHAR_INDIC_SYLLABIC_CATEGORY) == U_INSC_VOWEL_DEPENDENT) {
    return true;
  }
  // Two letters of a script written without spaces between words ("åˆ 除": 删除):
  // the space between them was no word's.
  // Or a capital before a lowercase letter of its script ("Å Å¥astnÃ¡": Šťastná),
  // which starts a word where the other reading leaves a capital alone ("Ł ťastná").
  UErrorCode status = U_ZERO_ERROR;
  const bool same_script = uscript_getScript(before, &status) == uscript_getScript(c, &status);
  return same_script && u_isalpha(before) && u_isalpha(c) && (unspaced_script(c) || (u_isupper(before) && u_islower(c)));
}

// Either says a "lead + space" in the line is a dropped byte, not an NBSP.
bool drops_or_kept_nbsp(const std::vector<Char>& line, const CodePage& page) {
  return drops_in_line(line, page) || nbsp_kept_in_line(line, page);
}

// A fact about one line for one page, worked out only when a run asks (few do).
class LineFact {
 public:
  using Test = bool (*)(const std::vector<Char>&, const CodePage&);
  LineFact(Test test, const std::vector<Char>& line, const CodePage& page) : test_(test), line_(line), page_(page) {}
  bool operator()() const {
    if (known_ < 0) known_ = test_(line_, page_);
    return known_ > 0;
  }

 private:
  Test test_;
  const std::vector<Char>& line_;
  const CodePage& page_;
  mutable int known_ = -1;
};

}  // namespace

// What surrounds a run, for ranking the readings of a lost byte inside it.
struct RunContext {
  std::string next_word;   // the word after the run (the emoji prior's context)
  bool next_lower = false;  // that word starts in lowercase ("Ã nos", not "Ã O")
  UChar32 before = 0, after = 0;  // the characters just outside the run
  bool open_quote = false;  // an opening “ (or its mojibake) earlier in the line
  const LineFact* drops_seen = nullptr;  // drops_or_kept_nbsp
  const LineFact* pairs_seen = nullptr;  // pairs_in_line
  const LineFact* nbsp_seen = nullptr;   // nbsp_spaces_in_line
  // A later look at a line an earlier look repaired: the line's evidence is partly
  // gone (a kept NBSP repaired away), so a space is no longer read as a lost NBSP
  // byte — the first look saw the line whole and took every one it trusted.
  bool later_look = false;
  // Set when a space in a run was left undecided between a lost NBSP and a dropped
  // byte: the line is UTF-8 mojibake either way, and no legacy page's reading.
  bool* space_undecided = nullptr;
  UChar32 first = 0;        // the run's first character
  // The real (not rebuilt) letters beside a rebuilt one, for fits_its_word; -1:
  // the same as before/after.
  UChar32 fit_before = -1, fit_after = -1;
  std::size_t* ranked = nullptr;  // the line's count of readings ranked (its work budget)
  class CoverWatch* cover = nullptr;  // a double-byte page's (see CoverWatch)
};

// A letter kempt rebuilds from a lost byte must join a word of its own script:
// the bytes of one dropped-byte sequence read as Ethiopic, Myanmar or Cherokee
// alike, and only the neighbours can say which ("Plum á„" says none).
bool fits_its_word(UChar32 c, UChar32 before, UChar32 after) {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  // Punctuation, symbols and emoji belong to no script (Common) and fit anywhere; a
  // Brahmi number or a Myanmar digit is a guess of a script all the same.
  if (script == USCRIPT_COMMON || script == USCRIPT_INHERITED) return true;
  auto same = [&](UChar32 n) {
    UErrorCode st = U_ZERO_ERROR;
    return n > 0 && uscript_getScript(n, &st) == script;
  };
  return same(before) || same(after);
}

namespace {

// Ranks the readings of a sequence that lost a byte: the model's cost of each
// reading between the run's neighbours, with the emoji prior's context word and
// quote balance taken into account.
void rank_readings(Sequence& seq, const std::vector<UChar32>& readings, const RunContext& ctx) {
  if (ctx.ranked) *ctx.ranked += readings.size();
  // (A buffer each thread reuses: this runs for every lost byte of every page tried.)
  thread_local std::vector<std::pair<double, UChar32>> ranked;
  ranked.clear();
  ranked.reserve(readings.size());
  for (UChar32 c : readings) {
    const char32_t one[1] = {static_cast<char32_t>(c)};
    double cost = mojibake::run_cost(std::u32string_view(one, 1), 0, ctx.before, ctx.after, 0);
    if (const auto e = mojibake::emoji_cost(c, ctx.next_word)) cost += *e - mojibake::char_cost(c);
    if (ctx.open_quote && c == 0x201D) cost -= 1.5;  // closes the quote opened before
    if (mojibake::char_cost(c) < mojibake::kImpossible) ranked.push_back({cost, c});
  }
  // (By cost, then by character: pairs that compare equal are the same pair, so
  // this order is the stable one, without the buffer stable_sort asks for.)
  std::sort(ranked.begin(), ranked.end());
  ranked.erase(std::unique(ranked.begin(), ranked.end(),
                           [](const auto& a, const auto& b) { return a.second == b.second; }),
               ranked.end());
  seq.readings.reserve(seq.readings.size() + ranked.size());
  for (const auto& r : ranked) seq.readings.push_back(r.second);
  seq.lossy = true;
  if (ranked.empty()) {
    seq.c = 0xFFFD;
    seq.ambiguous = true;
  } else {
    seq.c = ranked[0].second;
    // Punctuation says nothing of which mark it was: "â€" one byte short is ” as
    // readily as „ or ‐, whatever the model prefers. Only the quote it closes decides.
    auto punctuation = [](UChar32 c) { return (U_GET_GC_MASK(c) & U_GC_P_MASK) != 0; };
    const bool closes_quote = ctx.open_quote && seq.c == 0x201D;
    const bool other_mark = punctuation(seq.c) && !closes_quote &&
                            std::any_of(ranked.begin() + 1, ranked.end(), [&](const auto& r) { return punctuation(r.second); });
    // Nor does the model know a symbol's or an ideograph's neighbours well enough to
    // tell ∫ from ☫ or 郎 from 郁 (no word list kempt has covers them); only the
    // emoji prior, which knows what follows an emoji, picks among symbols. (A kana
    // among Han readings is still told by its script: せ in a line of kana.)
    enum class Unlisted { no, han, hiragana, katakana, symbol, emoji };
    auto unlisted = [](UChar32 c) {
      UErrorCode status = U_ZERO_ERROR;
      switch (uscript_getScript(c, &status)) {
        case USCRIPT_HAN: return Unlisted::han;
        case USCRIPT_HIRAGANA: return Unlisted::hiragana;
        case USCRIPT_KATAKANA: return Unlisted::katakana;
        default: break;
      }
      if ((U_GET_GC_MASK(c) & U_GC_S_MASK) == 0) return Unlisted::no;
      return u_hasBinaryProperty(c, UCHAR_EMOJI) ? Unlisted::emoji : Unlisted::symbol;
    };
    // A pick of the same kind has a rival there; a symbol's rivals are emoji too.
    const Unlisted kind = unlisted(seq.c);
    const bool other_unlisted = kind != Unlisted::no && kind != Unlisted::emoji &&
                                std::any_of(ranked.begin() + 1, ranked.end(), [&](const auto& r) {
                                  const Unlisted other = unlisted(r.second);
                                  return other == kind || (kind == Unlisted::symbol && other == Unlisted::emoji);
                                });
    // A later look sees text an earlier look left as it was where bytes were lost:
    // another page's guess there ("Ä„Ä†Ä" as windows-1257's ĄĆČ, after windows-1250
    // found Ę's byte lost) is no evidence; the byte stays unknown.
    seq.ambiguous = (ctx.later_look && ranked.size() > 1) || other_mark || other_unlisted || (ranked.size() > 1 && ranked[1].first - ranked[0].first < kLossMargin) ||
                    ranked[0].first >= kImplausibleGuess ||
                    !fits_its_word(seq.c, ctx.fit_before < 0 ? ctx.before : ctx.fit_before,
                                   ctx.fit_after < 0 ? ctx.after : ctx.fit_after);
  }
}

// The readings of `bytes`, a sequence one byte short of `len`: the editor dropped
// a byte this page does not define, somewhere after the lead.
std::vector<UChar32> dropped_byte_readings(const std::string& bytes, int len, const CodePage& page) {
  std::vector<UChar32> readings;
  readings.reserve(static_cast<std::size_t>(len - 1) * page.lost.size());
  for (std::size_t pos = 1; pos < static_cast<std::size_t>(len); ++pos) {
    for (uint8_t b : page.lost) {
      std::string full = bytes;
      full.insert(full.begin() + static_cast<std::ptrdiff_t>(pos), static_cast<char>(b));
      if (UChar32 c = decode_sequence(full); c >= 0) readings.push_back(c);
    }
  }
  return readings;
}

bool inside_lowercase_word(const RunContext& ctx, RunImage image) {
  return image.size() == 1 && ctx.before > 0 && ctx.after > 0 && u_isULowercase(ctx.before) && u_isULowercase(ctx.after) &&
         image[0].byte >= 0xC2 && image[0].byte <= 0xDF && mojibake::latin_capital(ctx.first);
}

// A double-byte decoder that meets a byte pair it cannot read (GBK's A6 followed
// by '.', say) writes one U+FFFD (or `?`) for the first byte and reads on from
// the second, so each mark in the run is exactly one lost byte of 0x80–0xFF. In
// a UTF-8 sequence the lost byte is a continuation byte, and never one that
// would have formed a pair the page defines with the byte after it. The
// sequence at image[k] (`len` bytes, all there) has one or more such marks.
std::optional<Sequence> read_lost_double_byte(RunImage image, std::size_t k, std::size_t len,
                                              const CodePage& page, const RunContext& ctx) {
  Sequence seq;
  seq.first_byte = k;
  seq.end_byte = k + len;
  std::size_t unknown = 0, at = 0;
  for (std::size_t i = 1; i < len; ++i) {
    if (image[k + i].kind != RunByte::plain) ++unknown, at = i;
  }
  if (unknown == 0 || image[k + at].kind != RunByte::wildcard) return std::nullopt;
  if (unknown > 1) {  // two bytes gone: too many readings to list, the mark stays
    seq.c = 0xFFFD;
    seq.lossy = seq.ambiguous = true;
    return seq;
  }
  std::string bytes;
  for (std::size_t i = 0; i < len; ++i) bytes += static_cast<char>(image[k + i].byte);
  const bool next_known = k + at + 1 < image.size() && image[k + at + 1].kind == RunByte::plain;
  std::vector<UChar32> readings;
  for (int b = 0x80; b <= 0xBF; ++b) {
    if (next_known && mojibake::pair_defined(page, static_cast<uint8_t>(b), image[k + at + 1].byte)) continue;
    bytes[at] = static_cast<char>(b);
    if (UChar32 c = decode_sequence(bytes); c >= 0) readings.push_back(c);
  }
  if (readings.empty()) return std::nullopt;
  rank_readings(seq, readings, ctx);
  // As for single-byte pages: where the text marks a loss, the character stays
  // marked, even when one reading is left (decoders differ on a few pairs).
  seq.ambiguous = seq.written_loss = true;
  return seq;
}

// "Ărsted", "Ãyvind": the byte most UTF-8 letters of Latin-1 begin with (C3), alone
// before a lowercase word. Few words start with Ã or Ă; it is only marked where the
// line shows the same misreading elsewhere (see settle_with_line_evidence).
bool word_initial_c3(const RunContext& ctx, RunImage image) {
  return image.size() == 1 && image[0].byte == 0xC3 && !(ctx.before > 0 && u_isalpha(ctx.before)) && ctx.after > 0 &&
         ctx.after < 0x80 && std::islower(static_cast<int>(ctx.after));
}

// The character the image's bytes before image[k] end with (the run's neighbour
// when k starts the image); 0 when they do not end a whole character.
UChar32 char_before(RunImage image, std::size_t k, const RunContext& ctx) {
  if (k == 0) return ctx.before;
  std::size_t start = k - 1;
  while (start > 0 && k - start < 4 && image[start].kind == RunByte::plain && is_cont(image[start].byte)) --start;
  std::string bytes;
  for (std::size_t i = start; i < k; ++i) {
    if (image[i].kind != RunByte::plain) return 0;
    bytes += static_cast<char>(image[i].byte);
  }
  const UChar32 c = decode_sequence(bytes);
  return c < 0 ? 0 : c;
}

// An independent vowel straight after a consonant ("यॠ"): in Brahmic words the
// vowel after a consonant is its sign (य + ु), and the one independent vowel an
// NBSP byte makes (ॠ ౠ ೠ, vocalic RR) is of Sanskrit only.
bool vowel_after_consonant(UChar32 vowel, UChar32 before) {
  return before > 0 &&
         u_getIntPropertyValue(vowel, UCHAR_INDIC_SYLLABIC_CATEGORY) == U_INSC_VOWEL_INDEPENDENT &&
         u_getIntPropertyValue(before, UCHAR_INDIC_SYLLABIC_CATEGORY) == U_INSC_CONSONANT;
}

}  // namespace

// Whether a two-byte lead with nothing after it that could continue it may still
// be read: its continuation byte dropped ("obiÄne"; only pages that leave bytes
// undefined lose them), or Ã/Â whose A0 byte became a space ("Ã " for à).
bool lone_lead_may_read(uint8_t lead, const CodePage& page) {
  return !page.double_byte && (!page.lost.empty() || lead == 0xC2 || lead == 0xC3);
}

namespace {

// Whether image[k] may start a sequence: a lead byte followed by a byte that
// could continue it (a continuation byte, or a lost-byte mark or space), or a
// lone two-byte lead lone_lead_may_read lets through. A lone longer lead ("é" in
// "lêer") is no sequence, nor a lost byte: one byte short needs a continuation
// byte to show. Runs where no byte may are skipped before their context is
// worked out.
[[gnu::always_inline]] inline bool may_start_sequence(RunImage image, std::size_t k, const CodePage& page) {
  const int len = utf8_length(image[k].byte);
  if (len == 0 || image[k].kind != RunByte::plain) return false;
  const bool followed =
      k + 1 < image.size() && (image[k + 1].kind != RunByte::plain || is_cont(image[k + 1].byte));
  return followed || (len == 2 && lone_lead_may_read(image[k].byte, page));
}

// Whether the `len` bytes at image[k] stand among a run's sequences: right after
// one, or right before a byte that leads one.
bool between_sequences(RunImage image, std::size_t k, std::size_t len, bool after_sequence) {
  return after_sequence ||
         (k + len < image.size() && image[k + len].kind == RunByte::plain && utf8_length(image[k + len].byte) > 0);
}

// Reads the sequence starting at image[k], filling in a lost byte where one is
// missing. nullopt when there is no sequence there.
std::optional<Sequence> read_sequence(RunImage image, std::size_t k, const CodePage& page,
                                      const RunContext& ctx, bool space_follows, bool inside_run,
                                      bool after_sequence) {
  // A three-byte lead alone right after a sequence may have lost both its bytes.
  const bool lone_after_sequence = after_sequence && utf8_length(image[k].byte) == 3 && !page.lost.empty() &&
                                   image[k].kind == RunByte::plain;
  if (!may_start_sequence(image, k, page) && !lone_after_sequence) return std::nullopt;
  const int len = utf8_length(image[k].byte);
  // The common case first: a whole sequence, every byte there.
  if (len >= 2 && k + static_cast<std::size_t>(len) <= image.size()) {
    uint8_t whole[4];
    bool plain = true;
    for (int i = 0; i < len && plain; ++i) {
      const RunByte& b = image[k + static_cast<std::size_t>(i)];
      plain = b.kind == RunByte::plain && (i == 0 || is_cont(b.byte));
      whole[i] = b.byte;
    }
    if (plain) {
      Sequence seq;
      seq.first_byte = k;
      seq.end_byte = k + static_cast<std::size_t>(len);
      seq.c = decode_sequence(whole, len);
      if (seq.c < 0) return std::nullopt;
      return seq;
    }
  }
  // The bytes that follow and could continue the sequence.
  std::size_t avail = 0;
  while (avail + 1 < static_cast<std::size_t>(len) && k + 1 + avail < image.size()) {
    const RunByte& b = image[k + 1 + avail];
    if (b.kind == RunByte::plain && !is_cont(b.byte)) break;
    ++avail;
  }
  std::string bytes(1, static_cast<char>(image[k].byte));
  bool has_gap = false;
  for (std::size_t i = 0; i < avail; ++i) {
    const RunByte& b = image[k + 1 + i];
    has_gap |= b.kind != RunByte::plain;
    bytes += static_cast<char>(b.kind == RunByte::plain ? b.byte : 0);
  }
  Sequence seq;
  seq.first_byte = k;
  const bool complete = avail + 1 == static_cast<std::size_t>(len);
  if (complete && !has_gap) {
    seq.c = decode_sequence(bytes);
    seq.end_byte = k + static_cast<std::size_t>(len);
    if (seq.c < 0) return std::nullopt;
    return seq;
  }
  if (len == 2 && avail == 0 && !page.double_byte && (image[k].byte == 0xC3 || image[k].byte == 0xC2) &&
      page.decode[0xA0] == 0xA0 && k + 1 == image.size() && space_follows && ctx.next_lower) {
    // "Ã " / "voilÃ le": à (C3 A0) whose A0 byte an editor dropped; the word's
    // space is still there. Â + space is the same for an NBSP.
    seq.c = image[k].byte == 0xC3 ? 0xE0 : 0xA0;
    seq.end_byte = k + 1;
    return seq;
  }
  if (page.double_byte) {
    if (avail + 1 != static_cast<std::size_t>(len)) return std::nullopt;
    return read_lost_double_byte(image, k, static_cast<std::size_t>(len), page, ctx);
  }
  const bool can_drop = !page.lost.empty() && !has_gap;
  std::vector<UChar32> readings;
  bool undecided_gap = false;  // a space that may be the word's own or a lost NBSP byte
  if (complete) {
    // All bytes there, one or more written as `?`, U+FFFD or a space: try the
    // bytes each could have been. Only one unknown byte is worth guessing.
    std::size_t unknown = 0, at = 0;
    for (std::size_t i = 0; i < avail; ++i) {
      if (image[k + 1 + i].kind != RunByte::plain) ++unknown, at = i + 1;
    }
    if (unknown > 1 && between_sequences(image, k, static_cast<std::size_t>(len), after_sequence)) {
      // Two or more continuation bytes written as `?`/U+FFFD ("ě��" in Korean read
      // as windows-1250, "á��" for Georgian ა, "ğ�‘�" for Shavian 𐑐): a character
      // stood there, beyond guessing; among the run's sequences it is marked, never
      // left as debris.
      seq.end_byte = k + static_cast<std::size_t>(len);
      seq.c = 0xFFFD;
      seq.lossy = seq.ambiguous = seq.written_loss = true;
      return seq;
    }
    if (unknown != 1) return std::nullopt;
    const RunByte& gap = image[k + at];
    std::vector<uint8_t> options = gap.kind == RunByte::space ? std::vector<uint8_t>{0xA0} : page.lost;
    if (options.empty()) return std::nullopt;
    for (uint8_t b : options) {
      bytes[at] = static_cast<char>(b);
      if (UChar32 c = decode_sequence(bytes); c >= 0) readings.push_back(c);
    }
    seq.end_byte = k + static_cast<std::size_t>(len);
    if (gap.kind == RunByte::space) {
      if (readings.empty()) return std::nullopt;
      seq.c = readings[0];  // NBSP → space is lossless to reverse: no guess
      // But a rare character ("ు " read as ౠ) says the space is the word's own and
      // the byte before it was dropped: read the sequence one byte short instead.
      const bool last = at == avail;
      bool prefer_drop = ctx.later_look || (ctx.drops_seen && (*ctx.drops_seen)()) || mojibake::char_cost(seq.c) >= 4.0 ||
                               vowel_after_consonant(seq.c, char_before(image, k, ctx));
      // With neither kind of evidence a dropped byte and an NBSP turned into a space
      // look the same ("ê¹ ë": 깃 + space or 깠): the byte is marked, never guessed.
      // (A two-byte lead alone before the space is judged so only between two parts
      // of one run, "Ã Ã°"; before a word, nbsp_then_word has read the space already.)
      const bool sequence_after = k + len < image.size() && image[k + len].kind == RunByte::plain &&
                                  utf8_length(image[k + len].byte) > 0;
      const bool undecided = !prefer_drop && !(ctx.nbsp_seen && (*ctx.nbsp_seen)()) && !glued_after(image, k + len, seq.c);
      prefer_drop |= undecided;
      // A later look never reads a space as a lost NBSP, even through a page that
      // loses no byte ("Õ " as ISO-8859-15's ՠ after windows-1252 left the run).
      if (ctx.later_look && last && page.lost.empty()) return std::nullopt;
      if (!prefer_drop || !last || page.lost.empty() || (avail < 2 && !inside_run && !sequence_after)) return seq;
      bytes.pop_back();
      std::vector<UChar32> dropped = dropped_byte_readings(bytes, len, page);
      if (dropped.empty()) return seq;
      if (undecided) {
        undecided_gap = true;
        // (A three- or four-byte sequence: a lone two-byte lead before a space is
        // common in legacy pages' text, "·Î °¡" in the Korean page.)
        if (ctx.space_undecided && len >= 3) *ctx.space_undecided = true;
      }
      readings = std::move(dropped);
      seq.end_byte = k + avail;
      avail -= 1;
    }
  } else if (avail + 2 == static_cast<std::size_t>(len) && can_drop) {
    // A lone lead char is no evidence ("Ä" before a space is usually just Ä),
    // unless it sits among other sequences of the same run ("Ø§ÙØ§Ø±") or a capital
    // stands inside a lowercase word ("obiÄne": č lost its 0x8D). Elsewhere
    // ("Nguyá»…n VÄn A") only a line the page clearly mangled makes it one: there,
    // every character the page read took two or more, and one alone lost a byte.
    // One byte short: the editor dropped a byte this page does not define.
    seq.evidence_only = !(avail >= 1 || inside_run || inside_lowercase_word(ctx, image) || word_initial_c3(ctx, image));
    // Evidence is a run of two or more characters the page misread; a line with
    // none (most correct text) cannot give any.
    if (seq.evidence_only && !(ctx.pairs_seen && (*ctx.pairs_seen)())) return std::nullopt;
    readings = dropped_byte_readings(bytes, len, page);
    seq.end_byte = k + avail + 1;
  } else if (avail + 3 == static_cast<std::size_t>(len) && (avail >= 1 || (len == 3 && after_sequence)) && can_drop) {
    // Two bytes short ("ðŸ" + space): too much lost to guess, but the lead and
    // its continuation still say a character stood there; it can be marked. So
    // can a three-byte lead standing alone right after a sequence of the run
    // ("ã§ãã¾": き, E3 81 8D, lost both), never one in a word ("São", "ção").
    seq.end_byte = k + avail + 1;
    seq.c = 0xFFFD;
    seq.lossy = seq.ambiguous = true;
    return seq;
  } else {
    return std::nullopt;
  }
  if (readings.empty()) return std::nullopt;
  const bool marked_loss = avail + 1 == static_cast<std::size_t>(len);  // a `?`/U+FFFD stands in the run
  rank_readings(seq, readings, ctx);
  // Where the text already says a character was lost, it stays lost: kempt marks
  // it U+FFFD rather than guess (a guess is made only for silently dropped bytes).
  if (marked_loss) seq.ambiguous = seq.written_loss = true;
  if (undecided_gap) seq.ambiguous = true;
  return seq;
}

// Ranks each rebuilt character again between the characters decoded around it.
void rerank_guesses(Candidate& cand, const RunContext& ctx) {
  for (const Candidate::Guess& g : cand.guesses) {
    // A candidate of one character was ranked between these same neighbours when
    // read_sequence read it: ranking it again gives what it has.
    if (g.readings.size() < 2 || cand.after.size() == 1) continue;
    RunContext local = ctx;
    local.before = g.at > 0 ? static_cast<UChar32>(cand.after[g.at - 1]) : ctx.before;
    local.after = g.at + 1 < cand.after.size() ? static_cast<UChar32>(cand.after[g.at + 1]) : ctx.after;
    // A rebuilt neighbour cannot vouch for a rebuilt letter's script. (Guesses
    // are in reading order, one a character: searched by halving.)
    auto rebuilt = [&](std::size_t at) {
      const auto it = std::lower_bound(cand.guesses.begin(), cand.guesses.end(), at,
                                       [](const Candidate::Guess& o, std::size_t at) { return o.at < at; });
      return it != cand.guesses.end() && it->at == at;
    };
    local.fit_before = g.at > 0 && rebuilt(g.at - 1) ? 0 : local.before;
    local.fit_after = g.at + 1 < cand.after.size() && rebuilt(g.at + 1) ? 0 : local.after;
    Sequence seq;
    rank_readings(seq, g.readings, local);
    cand.after[g.at] = static_cast<char32_t>(seq.c);
    if (g.written || seq.ambiguous) {
      cand.ambiguous_at.insert(g.at);
    } else {
      cand.ambiguous_at.erase(g.at);
    }
  }
  cand.ambiguous = !cand.ambiguous_at.empty();
}

// The letters of the word around cand.after[at], for the lost-byte choice by
// language: from the decoded run, then from the line beyond it, where only an
// ASCII letter is known (any other may be mojibake itself). Rebuilt letters
// (but those in `filled`, which the language chose) and lost-byte marks are unknown.
mojibake::lost_bytes::WordAround word_around(const Candidate& cand, std::size_t at, const std::vector<Char>& line,
                                              const std::vector<std::size_t>& filled) {
  namespace lb = mojibake::lost_bytes;
  auto rebuilt = [&](std::size_t i) {
    return std::find(filled.begin(), filled.end(), i) == filled.end() &&
           std::any_of(cand.guesses.begin(), cand.guesses.end(), [&](const Candidate::Guess& g) { return g.at == i; });
  };
  // The letter `step` places from `at` (negative: before), as WordAround holds it.
  auto letter = [&](std::ptrdiff_t step) -> UChar32 {
    const std::ptrdiff_t i = static_cast<std::ptrdiff_t>(at) + step;
    UChar32 c;
    if (i >= 0 && static_cast<std::size_t>(i) < cand.after.size()) {
      if (rebuilt(static_cast<std::size_t>(i))) return lb::kUnknown;
      c = static_cast<UChar32>(cand.after[static_cast<std::size_t>(i)]);
    } else {
      const std::ptrdiff_t j = i < 0 ? static_cast<std::ptrdiff_t>(cand.first_char) + i
                                     : static_cast<std::ptrdiff_t>(cand.end_char) + i - static_cast<std::ptrdiff_t>(cand.after.size());
      if (j < 0 || static_cast<std::size_t>(j) >= line.size()) return lb::kBoundary;
      c = line[static_cast<std::size_t>(j)].c;
      if (c >= 0x80 && c != 0xA0) return u_isalpha(c) || c == 0xFFFD ? lb::kUnknown : lb::kBoundary;
      if (c == '?') return lb::kUnknown;
    }
    if (c == 0xFFFD) return lb::kUnknown;
    return u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) ? c : lb::kBoundary;
  };
  lb::WordAround w;
  w.before[1] = letter(-1);
  if (w.before[1] != lb::kBoundary && w.before[1] != lb::kUnknown) w.before[0] = letter(-2);
  w.after[0] = letter(1);
  if (w.after[0] != lb::kBoundary && w.after[0] != lb::kUnknown) w.after[1] = letter(2);
  return w;
}

// The line's letters that tell its language, for line_languages: each candidate
// of out[first..] as it repairs the line (lost characters unknown) with the two
// characters either side, kUnknown between them. Only trigrams with a letter
// beyond ASCII are in the prior, and outside the candidates such a letter may be
// mojibake: the rest of the line is no evidence.
std::u32string repaired_line(const std::vector<Candidate>& out, std::size_t first, const std::vector<Char>& line) {
  namespace lb = mojibake::lost_bytes;
  std::u32string text;
  auto outside = [&](std::ptrdiff_t i) {
    const UChar32 c = i >= 0 && static_cast<std::size_t>(i) < line.size() ? line[static_cast<std::size_t>(i)].c : ' ';
    text += static_cast<char32_t>(c >= 0x80 ? lb::kUnknown : c);
  };
  for (std::size_t k = first; k < out.size(); ++k) {
    const Candidate& cand = out[k];
    if (cand.garbled) continue;
    const auto begin = static_cast<std::ptrdiff_t>(cand.first_char), end = static_cast<std::ptrdiff_t>(cand.end_char);
    outside(begin - 2), outside(begin - 1);
    for (std::size_t j = 0; j < cand.after.size(); ++j) {
      const bool rebuilt = std::any_of(cand.guesses.begin(), cand.guesses.end(),
                                       [&](const Candidate::Guess& g) { return g.at == j; });
      text += rebuilt ? static_cast<char32_t>(lb::kUnknown) : cand.after[j];
    }
    outside(end), outside(end + 1);
    text += static_cast<char32_t>(lb::kUnknown);
  }
  return text;
}

// Each lost character of the candidates out[first..] (one page's, in line order)
// the language around it decides (mojibake_lost_bytes.hpp): filled where every
// language of the line that knows the word has one reading for it, left unknown
// where one has two, as the model ranked it where none knows the word.
void choose_lost_by_language(std::vector<Candidate>& out, std::size_t first, const std::vector<Char>& line) {
  namespace lb = mojibake::lost_bytes;
  // The line's languages, worked out once a lost character may be decided (on
  // correct text, few have letters of the word lists around them).
  std::optional<uint64_t> languages;
  for (std::size_t k = first; k < out.size(); ++k) {
    Candidate& cand = out[k];
    if (cand.guesses.empty() || cand.garbled) continue;  // (a garbled run is never repaired)
    // A letter the language chose is context for the next lost one beside it:
    // rounds until one fills nothing more.
    std::vector<std::size_t> filled;
    std::vector<std::pair<char32_t, bool>> was;  // per fill: the model's pick, and whether it was unknown
    for (bool more = true; more;) {
      more = false;
      for (const Candidate::Guess& g : cand.guesses) {
        if (std::find(filled.begin(), filled.end(), g.at) != filled.end()) continue;
        const lb::WordAround word = word_around(cand, g.at, line, filled);
        if (!lb::worth_asking(word, g.readings)) continue;
        if (!languages) languages = lb::line_languages(repaired_line(out, first, line));
        if (*languages == 0) break;
        const lb::Choice choice = lb::choose(word, g.readings, *languages);
        if (choice.verdict == lb::Verdict::chosen) {
          was.emplace_back(cand.after[g.at], cand.ambiguous_at.count(g.at) > 0);
          cand.after[g.at] = static_cast<char32_t>(choice.c);
          cand.ambiguous_at.erase(g.at);
          filled.push_back(g.at);
          more = true;
        } else if (choice.verdict == lb::Verdict::ambiguous) {
          // Two readings are words: the model's pick stands if it is one of
          // them (its ranking saw what the words cannot: the characters beside
          // the run, the script's shapes); a pick no language has is undone.
          const bool picked = !cand.ambiguous_at.count(g.at) && !g.written;
          const auto c = static_cast<UChar32>(cand.after[g.at]);
          if (!picked || std::find(choice.words.begin(), choice.words.end(), c) == choice.words.end()) {
            cand.ambiguous_at.insert(g.at);
          }
        }
      }
    }
    // A run is filled only whole: one whose lost characters the language knows
    // only in part is not repaired anyway, and --mark-lost keeps a run's marks
    // together rather than print half its guesses.
    if (!filled.empty() && !cand.ambiguous_at.empty()) {
      for (std::size_t i = 0; i < filled.size(); ++i) {
        cand.after[filled[i]] = was[i].first;
        if (was[i].second) cand.ambiguous_at.insert(filled[i]);
      }
    }
    cand.ambiguous = !cand.ambiguous_at.empty();
  }
}

}  // namespace

// Decodes `text` (one candidate's output) once more with the page that explains it
// best, for text mangled more than once; nullopt when none does it whole.
std::optional<std::pair<std::u32string, std::string>> peel_layer(std::u32string_view text) {
  const auto& pages = mojibake::code_pages();
  std::string bytes;
  for (const CodePage& page : pages) {
    if (page.double_byte) continue;
    bytes.clear();
    bool ok = true;
    for (char32_t c : text) ok = ok && mojibake::encode_char(page, static_cast<UChar32>(c), bytes);
    if (!ok) continue;
    bool multibyte = false;
    for (char b : bytes) multibyte |= static_cast<uint8_t>(b) >= 0x80;
    if (!multibyte) continue;
    std::u32string decoded;
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    bool valid = true;
    for (int32_t i = 0, n = static_cast<int32_t>(bytes.size()); i < n && valid;) {
      UChar32 c;
      U8_NEXT(s, i, n, c);
      valid = c >= 0;
      decoded += static_cast<char32_t>(c);
    }
    if (valid) return std::make_pair(decoded, page.name);
  }
  return std::nullopt;
}

// Like peel_layer, for a marked reading: a U+FFFD stands for one unknown byte of
// the earlier layer ("â�’" is E2 ?? 92: one character, lost). nullopt when no page
// turns the text into whole UTF-8 sequences.
std::optional<std::u32string> peel_marked_layer(std::u32string_view text) {
  constexpr uint8_t kUnknown = 0;  // stands for the lost byte (a real NUL never gets here)
  for (const CodePage& page : mojibake::code_pages()) {
    // Only the everyday pages: a rarer one turns any "“�" into one lost character.
    if (std::string_view(page.name) != "windows-1252" && std::string_view(page.name) != "ISO-8859-1") continue;
    std::string bytes;
    bool ok = true;
    for (char32_t c : text) {
      if (c == 0xFFFD) bytes += static_cast<char>(kUnknown);
      else ok = ok && c != 0 && mojibake::encode_char(page, static_cast<UChar32>(c), bytes);
    }
    if (!ok) continue;
    std::u32string decoded;
    bool multibyte = false;
    const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
    for (std::size_t i = 0; i < bytes.size() && ok;) {
      const int len = utf8_length(b[i]);
      if (b[i] < 0x80) {
        decoded += b[i] == kUnknown ? U'\uFFFD' : static_cast<char32_t>(b[i]);
        ++i;
        continue;
      }
      ok = len > 0 && i + static_cast<std::size_t>(len) <= bytes.size();
      bool lost = false, seen = false;
      for (int k = 1; ok && k < len; ++k) {
        lost |= b[i + k] == kUnknown;
        seen |= b[i + k] != kUnknown;
        ok = b[i + k] == kUnknown || is_cont(b[i + k]);
      }
      // A lead and a mark alone ("Ó�") say nothing: the lead may well be a letter.
      ok = ok && (!lost || seen);
      if (!ok) break;
      const UChar32 c = lost ? 0xFFFD : decode_sequence(bytes.substr(i, static_cast<std::size_t>(len)));
      ok = c >= 0;
      decoded += static_cast<char32_t>(c);
      multibyte = true;
      i += static_cast<std::size_t>(len);
    }
    if (ok && multibyte) return decoded;
  }
  return std::nullopt;
}

namespace {

// After a lead byte other than Ã's, a space before a word can be the NBSP byte of
// a two-byte letter ("Å veices" = Š + "veices"); after Ã it is a word's own space
// ("Ã perturber" = "à perturber"), but for the Portuguese contractions that start
// with à ("Ã s crianças" = "às crianças", "Ã quele" = "àquele"). French "Ã s'éloigner"
// is "à s'éloigner".
bool nbsp_then_word(const std::vector<Char>& line, std::size_t space, uint8_t lead) {
  if (space + 1 >= line.size() || line[space + 1].c >= 0x80) return false;
  // Inside a word ("grÃ fic", "qualitÃ , tipo"), Ã's space is the NBSP byte of à:
  // an A0 byte turned into a space, as editors do, not one dropped beside a real
  // space. But a long word ending in à before a short word ("voilÃ le travail",
  // "cittÃ di") is à + the sentence's own space.
  if (lead == 0xC3 && space >= 2 && line[space - 1].c == 0xC3 && u_isalpha(line[space - 2].c)) {
    auto ascii_letter = [&](std::size_t i) { return line[i].c < 0x80 && std::isalpha(static_cast<int>(line[i].c)); };
    std::size_t before = 0, after = 0;
    for (std::size_t i = space - 1; i > 0 && u_isalpha(line[i - 1].c); --i) ++before;
    for (std::size_t i = space + 1; i < line.size() && ascii_letter(i); ++i) ++after;
    const std::size_t end = space + 1 + after;
    const bool short_word_next = after >= 1 && after <= 3 && (end == line.size() || line[end].c == ' ');
    if (std::ispunct(static_cast<int>(line[space + 1].c))) return true;
    if (std::islower(static_cast<int>(line[space + 1].c))) return !(before >= 4 && short_word_next);
  }
  if (!std::isalpha(static_cast<int>(line[space + 1].c))) return false;
  // Â + space is the commonest of all: an NBSP (C2 A0) turned into a space. But
  // not before a capitalised word ("Ĺ Sany": ň lost its byte before "Sany"; the
  // NBSP reading would glue a capital to it, "ŠSany").
  if (lead != 0xC3) {
    const bool capitalised = space + 2 < line.size() && std::isupper(static_cast<int>(line[space + 1].c)) &&
                             line[space + 2].c < 0x80 && std::islower(static_cast<int>(line[space + 2].c));
    return lead >= 0xC2 && lead <= 0xDF && !(lead != 0xC2 && capitalised);
  }
  std::string word;
  for (std::size_t i = space + 1; i < line.size() && line[i].c < 0x80 && std::isalpha(static_cast<int>(line[i].c)); ++i) {
    word += static_cast<char>(line[i].c);
  }
  const std::size_t after = space + 1 + word.size();
  if (after < line.size() && (line[after].c == '\'' || line[after].c == 0x2019)) return false;
  static constexpr std::string_view kContractions[] = {"s", "quele", "quela", "queles", "quelas", "quilo"};
  return std::find(std::begin(kContractions), std::end(kContractions), word) != std::end(kContractions);
}

// "voilÃ  le", "Ã  la": a space left for a lost NBSP byte doubles the word's own
// space. A run standing alone before a double space and no word ("Ã  (a-tilde")
// is a character written on purpose.
bool double_space_in_words(const std::vector<Char>& line, std::size_t run, std::size_t space) {
  if (space + 1 >= line.size() || !u_isUWhiteSpace(line[space + 1].c)) return false;
  if (run > 0 && u_isalpha(line[run - 1].c)) return true;
  std::size_t next = space + 1;
  while (next < line.size() && u_isUWhiteSpace(line[next].c)) ++next;
  return next < line.size() && u_isalpha(line[next].c);
}

// Whether the line, read back to this page's bytes, has a sequence cut short by
// something other than a space ("ì†ì„±": EC 86 then EC): the editor dropped bytes
// this page does not define. Such a line's "lead + space" is a drop too, not an
// NBSP turned into a space.
bool drops_in_line(const std::vector<Char>& line, const CodePage& page) {
  if (page.lost.empty() || page.double_byte) return false;
  std::string bytes;
  for (const Char& ch : line) {
    if (ch.c < 0x80 || !mojibake::encode_char(page, ch.c, bytes)) bytes += static_cast<char>(ch.c < 0x80 ? ch.c : ' ');
  }
  const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const int len = utf8_length(b[i]);
    if (len == 0) continue;
    std::size_t j = i + 1;
    while (j < bytes.size() && j < i + static_cast<std::size_t>(len) && is_cont(b[j])) ++j;
    // Cut short by ASCII after a continuation, or by another lead straight after
    // the lead ("××ž": D7 D7, the first one's byte gone); a lone lead before ASCII
    // ("Ärger") is no sign.
    if (j < i + static_cast<std::size_t>(len) && j < bytes.size() && b[j] != ' ' &&
        ((j > i + 1 && b[j] < 0x80) || utf8_length(b[j]) > 0)) {
      return true;
    }
  }
  return false;
}

// Whether the line keeps an NBSP byte after a high byte of this page ("ì\u00A0•"
// = EC A0 95, 정): an editor that turned NBSPs into spaces would have left none, so
// the line's "lead + space" is a dropped byte before a real space.
bool nbsp_kept_in_line(const std::vector<Char>& line, const CodePage& page) {
  if (page.lost.empty() || page.double_byte || page.decode[0xA0] != 0xA0) return false;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i].c != 0xA0) continue;
    std::string bytes;
    if (line[i - 1].c >= 0x80 && mojibake::encode_char(page, line[i - 1].c, bytes)) return true;
  }
  return false;
}

// Whether the last “ (or its mojibake "â€œ") before line[end] closes a quote: it
// has a word before it and none after ("на „/u“ и": a space or the line's end follows).
bool last_quote_closes(const std::vector<Char>& line, std::size_t end) {
  for (std::size_t q = end; q-- > 0;) {
    std::size_t after = 0;
    if (line[q].c == 0x201C) {
      after = q + 1;
    } else if (q + 2 < end && line[q].c == 0xE2 && line[q + 1].c == 0x20AC && line[q + 2].c == 0x153) {
      after = q + 3;
    } else {
      continue;
    }
    const bool word_before = q > 0 && line[q - 1].c != ' ' && line[q - 1].c != '(';
    const bool word_after = after < line.size() && line[after].c != ' ' && !u_ispunct(line[after].c);
    return word_before && !word_after;
  }
  return false;
}

// The first character index from which a run has an opening “ (or its mojibake,
// "â€œ") before it; past the end when none.
std::size_t quote_opens_at(const std::vector<Char>& line) {
  for (std::size_t q = 0; q < line.size(); ++q) {
    if (line[q].c == 0x201C) return q + 1;
    if (q + 2 < line.size() && line[q].c == 0xE2 && line[q + 1].c == 0x20AC && line[q + 2].c == 0x153) return q + 3;
  }
  return std::numeric_limits<std::size_t>::max();
}

}  // namespace

// What a double-byte page makes of UTF-8, and what correct CJK text is made of:
// ideographs, kana, Hangul, CJK and fullwidth punctuation, private use, U+FFFD.
bool cjk_like(UChar32 c) {
  if (c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x3000 && c <= 0x303F)) {
    return true;
  }
  return c >= 0x2E80 && mojibake::is_cjk_script(mojibake::char_props(c).script());  // (uscript_getScript, tabled)
}

// A double-byte page's candidates count only where they cover the line
// (covers_line: most of the CJK-like characters it writes). This follows the
// page's candidates along the line and says when the characters they have left
// uncovered already make that impossible: the rest of the line can then add
// nothing the page's candidates would be kept for, nor (once no `?` or U+FFFD is
// left ahead) a lost-byte reading to the line's work budget, so the page stops.
class CoverWatch {
 public:
  // `last_mark`: one past the line's last `?` or U+FFFD (0 when none).
  CoverWatch(const std::vector<Char>& line, const std::vector<uint8_t>& cjk, const CodePage& page, std::size_t last_mark)
      : line_(line), cjk_(cjk), page_(page), last_mark_(last_mark) {
    for (std::size_t i = 0; i < line.size(); ++i) writable_ += writable(i);
  }
  // Whether the page may stop with `out` its candidates so far, none of which
  // is still open, and none to come starting before character `at`.
  bool may_stop(std::size_t at, const std::vector<Candidate>& out) {
    for (; counted_ < at; ++counted_) {
      // (The page's candidates come in line order.)
      while (next_ < out.size() && out[next_].end_char <= counted_) ++next_;
      const bool covered = next_ < out.size() && out[next_].first_char <= counted_;
      uncovered_ += !covered && writable(counted_);
    }
    stopped = at >= last_mark_ && static_cast<double>(writable_ - uncovered_) < kLineCover * static_cast<double>(writable_);
    return stopped;
  }
  bool stopped = false;

 private:
  bool writable(std::size_t i) const {
    const UChar32 c = line_[i].c;
    return cjk_[i] && (c == 0xFFFD || (c < 0x10000 ? encode_[c] : mojibake::page_bytes(page_, c)));
  }
  const std::vector<Char>& line_;
  const std::vector<uint8_t>& cjk_;  // cjk_like, a character at a time
  const CodePage& page_;
  const uint16_t* encode_ = mojibake::built_tables(page_).encode;  // (page_bytes below U+10000)
  std::size_t writable_ = 0, uncovered_ = 0, last_mark_, counted_ = 0, next_ = 0;
};

namespace {

// Decodes a run's image: each stretch of sequences with no gap is a candidate.
// In a single-byte page, UTF-8 misread leaves every continuation byte of its
// run in a sequence, whole or short of a lost byte, but for correct text glued
// before or after it ("l’Ã©galité", "â€¦”"). A run with a continuation (or
// invalid) byte no sequence takes between its sequences ("ÎÄ¼þ¶ÁÈ¡", GBK shown
// as windows-1252) is no such misreading: the sequences found in it are chance,
// and its candidates are `garbled` (and support nothing else on the line).
void read_run(const std::vector<Char>& line, RunImage image, const CodePage& page,
              const RunContext& ctx, std::vector<Candidate>& out) {
  const std::size_t first_out = out.size();
  bool stray = false, garbled = false;
  std::size_t k = 0;
  std::optional<Candidate> open;
  std::size_t open_end_byte = 0, next_check = 0;
  auto close = [&] {
    if (open) rerank_guesses(*open, ctx);
    if (open) out.push_back(std::move(*open));
    open.reset();
  };
  while (k < image.size()) {
    // A run may be a whole segment ("?" and spaces join runs): past the line's work
    // budget, the line is left as it is (find_in_line), and the rest of the run
    // would only be read to be dropped.
    if (ctx.ranked && *ctx.ranked > kMaxReadings) return;
    // (Every 256 bytes or so: the check walks the characters passed since the last.)
    if (!open && ctx.cover && k >= next_check) {
      if (ctx.cover->may_stop(image[k].owner, out)) return;
      next_check = k + 256;
    }
    const std::size_t owner_next = image[k].owner + 1;
    const bool space_follows = owner_next < line.size() && line[owner_next].c == ' ';
    const bool inside_run = open.has_value() || (k + 1 < image.size() && utf8_length(image[k + 1].byte) > 0);
    std::optional<Sequence> seq = read_sequence(image, k, page, ctx, space_follows, inside_run, open.has_value());
    if (!seq) {
      if (image[k].kind == RunByte::plain && image[k].byte < 0x80 && open && open_end_byte == k) {
        // An ASCII byte inside a double-byte character's image belongs to it.
        open->after += static_cast<char32_t>(image[k].byte);
        open_end_byte = ++k;
        continue;
      }
      // A stray byte before any sequence may be correct punctuation glued before
      // the run ("l’Ã©galité"); any other is garbling. (A lead byte no sequence
      // takes is no stray: it lost what followed it.)
      if (image[k].kind == RunByte::plain && image[k].byte >= 0x80 && utf8_length(image[k].byte) == 0) {
        const bool leading = !open && first_out == out.size();
        garbled |= leading && !u_ispunct(line[image[k].owner].c);
        stray |= !leading;
      }
      // A run must end on a character's last byte: the rest of a double-byte
      // character that decodes to nothing ("み" = 82 DD after CC 82) is no
      // part of a repair.
      if (open && open_end_byte < image.size() && image[open_end_byte].owner == image[open_end_byte - 1].owner) {
        open.reset();
      }
      close();
      ++k;
      continue;
    }
    garbled |= stray;  // a sequence after a stray byte
    const std::size_t first_owner = image[seq->first_byte].owner;
    const std::size_t last_owner = image[seq->end_byte - 1].owner;
    // A sequence must start on a character's first byte and end on its last.
    const bool starts_clean = seq->first_byte == 0 || image[seq->first_byte - 1].owner != first_owner;
    const bool ends_clean = seq->end_byte == image.size() || image[seq->end_byte].owner != last_owner;
    if (!open && !starts_clean) {
      ++k;
      continue;
    }
    if (!open) {
      open = Candidate{first_owner, last_owner + 1, {}, &page, false, false, {}, {}, false, false, false, {}};
    }
    if (seq->ambiguous) open->ambiguous_at.insert(open->after.size());
    open->evidence_only |= seq->evidence_only;
    for (std::size_t b = seq->first_byte; b < seq->end_byte; ++b) {
      open->explicit_loss |= image[b].kind == RunByte::wildcard;
    }
    open->after += static_cast<char32_t>(seq->c);
    open->end_char = last_owner + 1;
    if (seq->lossy) {
      if (!seq->readings.empty()) open->guesses.push_back({open->after.size() - 1, seq->readings, seq->written_loss});
      open->lossy = true;
      open->ambiguous |= seq->ambiguous;
      open->readings.reserve(open->readings.size() + seq->readings.size());
      for (UChar32 r : seq->readings) {
        std::string s;
        append_utf8(s, r);
        open->readings.push_back(std::move(s));
      }
    }
    open_end_byte = seq->end_byte;
    k = seq->end_byte;
    if (ends_clean && (k >= image.size() || image[k].kind != RunByte::plain || utf8_length(image[k].byte) == 0)) {
      close();
    } else if (!ends_clean && k >= image.size()) {
      open.reset();  // ends inside a character: not a clean decoding
    }
  }
  close();
  if (garbled && !page.double_byte) {
    for (std::size_t i = first_out; i < out.size(); ++i) out[i].garbled = true;
  }
}

}  // namespace

// read_run(line, image, page, ctx, out), for the run line[first, end) of the page `page_index`.
void RunMemo::read(const std::vector<Char>& line, std::size_t first, std::size_t end, RunImage image,
                   const CodePage& page, std::size_t page_index, const RunContext& ctx, std::vector<Candidate>& out) {
  // (A short line seldom meets a run twice, nor a line whose runs have seldom
  // come back so far: there the memo would only cost.)
  const bool worth = line.size() >= kMinLine && (looked_ < 256 || found_ * 4 >= looked_);
  if (ctx.cover || page.double_byte || !worth || end - first + ctx.next_word.size() > kMaxKey) {
    read_run(line, image, page, ctx, out);
    return;
  }
  char32_t* k = key_;
  *k++ = static_cast<char32_t>(page_index);
  *k++ = static_cast<char32_t>(ctx.before);
  *k++ = static_cast<char32_t>(ctx.after);
  *k++ = static_cast<char32_t>(ctx.open_quote);
  *k++ = static_cast<char32_t>(end - first);
  for (std::size_t i = first; i < end; ++i) *k++ = static_cast<char32_t>(line[i].c);
  for (char c : ctx.next_word) *k++ = static_cast<char32_t>(static_cast<unsigned char>(c));
  const std::u32string_view key(key_, static_cast<std::size_t>(k - key_));
  ++looked_;
  if (const auto it = memo_.find(key); it != memo_.end()) {
    ++found_;
    for (const Candidate& c : it->second.candidates) {
      Candidate& copy = out.emplace_back(c);
      copy.first_char += first, copy.end_char += first;
    }
    *ctx.ranked += it->second.ranked;
    return;
  }
  const std::size_t first_out = out.size(), ranked = *ctx.ranked;
  read_run(line, image, page, ctx, out);
  if (memo_.size() >= kMaxEntries) memo_.clear();  // (memory stays bounded)
  Entry& e = memo_.emplace(key, Entry{}).first->second;
  e.ranked = *ctx.ranked - ranked;
  for (std::size_t k = first_out; k < out.size(); ++k) {
    Candidate& c = e.candidates.emplace_back(out[k]);
    c.first_char -= first, c.end_char -= first;
  }
}

namespace {

// Whether a run of `page` ends at `c` and none starts there: `c` is not a
// character the page writes (nor U+FFFD) and not a `?` or space, which a run
// may hold.
bool hard_break(UChar32 c, const CodePage& page) {
  if (c < 0x80) return c != ' ' && c != '?';
  return c != 0xFFFD && mojibake::page_bytes(page, c) == 0;
}

// Where the run loop of a single-byte page (`bit`) may go on from `i` without
// missing a candidate: runs never cross a hard break, so the stretch up to the
// last one before the next character where a sequence may start gives nothing,
// and is skipped. Also returns that character; both are the end of the line when
// none is left. `*next` indexes line.start_chars, from where the search goes on.
std::pair<std::size_t, std::size_t> next_stretch(const Line& line, uint32_t bit, const CodePage& page, std::size_t i,
                                                 std::size_t* next) {
  const std::vector<uint32_t>& at = line.start_chars;
  while (*next < at.size() && (at[*next] < i || !(line.starts[at[*next]] & bit))) ++*next;
  if (*next == at.size()) return {line.chars.size(), line.chars.size()};
  const std::size_t start = at[*next];
  std::size_t from = start;
  while (from > i && !hard_break(line.chars[from - 1].c, page)) --from;
  return {from, start};
}

}  // namespace

// All candidates a page gives in `text`'s line.
void candidates_for_page(Line& text, std::size_t page_index, std::vector<Candidate>& out) {
  const std::vector<Char>& line = text.chars;
  // (At most two bytes a character: written in place, never grown.)
  std::vector<RunByte>& buffer = text.image;
  if (buffer.size() < 2 * line.size()) buffer.resize(2 * line.size());
  const CodePage& page = mojibake::code_pages()[page_index];
  const LineFact drops_seen(drops_or_kept_nbsp, line, page);
  const LineFact nbsp_seen(nbsp_spaces_in_line, line, page);
  const LineFact pairs_seen(pairs_in_line, line, page);
  // The page's bytes for line[j]; 0 for ASCII, U+FFFD and what the page cannot hold.
  // (page_bytes, with the page's tables made ready once: this asks it of every character)
  const uint16_t* encode = mojibake::built_tables(page).encode;
  auto bytes_of = [&](std::size_t j) -> uint16_t {
    const UChar32 c = line[j].c;
    if (c < 0x80 || c == 0xFFFD) return 0;
    return c < 0x10000 ? encode[c] : mojibake::page_bytes(page, c);
  };
  std::size_t i = 0;
  // Single-byte pages skip to the stretches that may hold a sequence.
  std::optional<std::size_t> next_start;
  std::size_t next = 0;
  std::optional<CoverWatch> cover;
  if (page.double_byte) {
    if (text.cjk.size() != line.size()) {
      text.cjk.resize(line.size());
      text.last_mark = 0;
      for (std::size_t k = 0; k < line.size(); ++k) {
        text.cjk[k] = cjk_like(line[k].c);
        if (line[k].c == 0xFFFD || line[k].c == '?') text.last_mark = k + 1;
      }
    }
    cover.emplace(line, text.cjk, page, text.last_mark);
  }
  const std::size_t page_first = out.size();
  while (i < line.size() && text.readings_ranked <= kMaxReadings) {
    if (cover && cover->may_stop(i, out)) break;
    if (!page.double_byte && (!next_start || i > *next_start)) {
      const auto [from, start] = next_stretch(text, 1u << page_index, page, i, &next);
      if (start == line.size()) break;
      i = from;
      next_start = start;
    }
    if (line[i].c != 0xFFFD && !bytes_of(i)) {
      ++i;
      continue;
    }
    // The run: characters the page writes with high bytes, plus lost-byte marks
    // and spaces that may stand for a lost byte inside it.
    std::size_t n = 0;  // its bytes so far, in image[0, n)
    auto add = [&](uint8_t byte, RunByte::Kind kind, std::size_t at) { buffer[n++] = {byte, kind, static_cast<uint32_t>(at)}; };
    std::size_t j = i;
    for (;; ++j) {
      if (const uint16_t bytes = j < line.size() ? bytes_of(j) : 0) {
        if (bytes >= 0x100) add(static_cast<uint8_t>(bytes >> 8), RunByte::plain, j);
        add(static_cast<uint8_t>(bytes & 0xFF), RunByte::plain, j);
      } else if (j < line.size() && (line[j].c == 0xFFFD || line[j].c == '?') && j > i) {
        add(0, RunByte::wildcard, j);
      } else if (j < line.size() && line[j].c == ' ' && j > i && !page.double_byte &&
                 (j + 1 == line.size() || double_space_in_words(line, i, j) || line[j + 1].c >= 0x80 ||
                  nbsp_then_word(line, j, n == 0 ? 0 : buffer[n - 1].byte))) {
        // An NBSP byte turned into a space: it leaves two spaces, or sits between
        // two parts of one run ("Ð ÑƒÑ"), never before a plain word ("SENSЕ - O").
        add(0x20, RunByte::space, j);
      } else {
        break;
      }
    }
    const RunImage image(buffer.data(), n);
    bool may_read = false;
    for (std::size_t k = 0; k < image.size() && !may_read; ++k) may_read = may_start_sequence(image, k, page);
    if (may_read) {
      if (!text.quote_at) text.quote_at = quote_opens_at(line);
      RunContext ctx;
      ctx.drops_seen = &drops_seen;
      ctx.pairs_seen = &pairs_seen;
      ctx.nbsp_seen = &nbsp_seen;
      ctx.later_look = text.later_look;
      ctx.space_undecided = &text.space_undecided;
      ctx.first = line[i].c;
      ctx.next_word = word_after(line, j);
      ctx.next_lower = !ctx.next_word.empty() && std::islower(static_cast<unsigned char>(ctx.next_word[0]));
      ctx.before = i > 0 ? line[i - 1].c : 0;
      ctx.after = j < line.size() ? line[j].c : 0;
      // (Unless the last “ before the run closed a „, „…“ as Bulgarian, Czech and
      // German write it: then the run opens the next pair.)
      ctx.open_quote = i >= *text.quote_at && !last_quote_closes(line, i);
      ctx.ranked = &text.readings_ranked;
      ctx.cover = cover ? &*cover : nullptr;
      const std::size_t first_out = out.size();
      text.runs.read(line, i, j, image, page, page_index, ctx, out);
      // A run glued after a character this page does not write ("‚Í\x81",
      // Shift-JIS shown as windows-1252, read as Latin-1) is a piece of a
      // stretch some other decoding made: its sequences are chance. (Glued
      // before one, it may be followed by correct punctuation: "â\x80\x99…".)
      if (!page.double_byte && ctx.before >= 0x80 && ctx.before != 0xFFFD) {
        for (std::size_t k = first_out; k < out.size(); ++k) out[k].garbled = true;
      }
      if (cover && cover->stopped) break;
    }
    i = std::max(j, i + 1);
  }
  // (covers_line would drop them all)
  if (cover && cover->stopped) out.erase(out.begin() + static_cast<std::ptrdiff_t>(page_first), out.end());
  choose_lost_by_language(out, page_first, line);
}

}  // namespace kempt::mojibake::finder
