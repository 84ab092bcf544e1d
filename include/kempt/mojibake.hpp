#pragma once
/// Pass `mojibake`: text that was UTF-8, was read with the wrong code page and saved
/// again as UTF-8 (once or more, sometimes losing bytes), repaired span by span.
///
///   "ICLR 2025.ðŸŽ‰ â€” done"  →  "ICLR 2025.🎉 — done"
///
/// Only the wrongly decoded runs change. A run is repaired when re-encoding it with a
/// code page (ICU converters) gives valid UTF-8 and a plausibility model over Unicode
/// properties (script, category, case, CLDR exemplar characters, an emoji prior) says
/// the result reads much more like real text than the run did. Correct text is never
/// the cheaper explanation to give up: ambiguous runs stay as they are.

#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kempt/pass.hpp"

namespace kempt {

/// The code pages a run was read with, outermost first ("windows-1252" for
/// "â€™"; two or more for text mangled more than once). Held in place, with no
/// memory of its own to ask for: a page of mangled text has a span a few bytes.
class CodePageChain {
 public:
  static constexpr std::size_t kMaxPages = 4;   ///< layers; the model peels at most 3
  static constexpr std::size_t kMaxName = 15;   ///< bytes of an ICU converter name ("windows-1252")

  CodePageChain() = default;
  CodePageChain(std::initializer_list<std::string_view> pages) {
    for (std::string_view page : pages) push_back(page);
  }

  /// Adds the innermost / outermost page. Throws std::length_error past
  /// kMaxPages pages or for a name longer than kMaxName.
  void push_back(std::string_view page);
  void push_front(std::string_view page);

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::string_view operator[](std::size_t i) const { return {names_[i].data(), lengths_[i]}; }
  std::string_view front() const { return (*this)[0]; }
  std::string_view back() const { return (*this)[size_ - 1]; }
  std::vector<std::string> names() const;

  friend bool operator==(const CodePageChain& a, const CodePageChain& b) { return a.compare(b) == 0; }
  friend bool operator!=(const CodePageChain& a, const CodePageChain& b) { return a.compare(b) != 0; }
  friend bool operator<(const CodePageChain& a, const CodePageChain& b) { return a.compare(b) < 0; }

 private:
  int compare(const CodePageChain& other) const;

  std::array<std::array<char, kMaxName>, kMaxPages> names_{};
  std::array<std::uint8_t, kMaxPages> lengths_{};
  std::uint8_t size_ = 0;
};

/// One run of text the model looked at, repaired or not.
struct MojibakeSpan {
  std::size_t begin = 0, end = 0;  ///< byte range in the text given to find_mojibake
  std::string before, after;       ///< the run, and what it decodes to
  CodePageChain chain;             ///< code pages read wrongly, outermost first
  double cost_before = 0, cost_after = 0;  ///< the model's implausibility scores
  bool confident = false;          ///< the model would repair it
  bool lossy = false;              ///< bytes were lost; `after` is a reconstruction
  bool c1 = false;                 ///< a C1 control that is windows-1252 punctuation
  bool stray_bom = false;          ///< a byte order mark inside the text, dropped
  /// Set when the text was not UTF-8 but this legacy page's (ICU name, "GB18030"),
  /// shown through chain's page: "ÎÄ¼þ" is GBK's 文件 read as windows-1252.
  std::string legacy_origin;
  std::vector<std::string> candidates;  ///< for lost bytes: the readings considered, best first
  /// 1: found in the text as given; 2 or more: in the text as the earlier looks
  /// left it (`before` is that text; `begin`/`end` are mapped back to the text
  /// as given, widened to whole earlier repairs).
  unsigned look = 1;
  /// Lost bytes that cannot be told apart: `after` with U+FFFD for each damaged
  /// character, when that alone is a clear gain (empty otherwise): the model is
  /// sure the run is mojibake, not what it said. Written only on request
  /// (`kempt text --mark-lost`); otherwise the run stays as it is and is reported
  /// with its candidates.
  std::string marked;
  /// A stretch of a line that would take too much work to judge (see
  /// kMaxReadings in mojibake.cpp): left byte for byte as it is, with a note.
  /// `before` and `after` are empty; begin/end are the stretch.
  bool not_analysed = false;

  /// "UTF-8 read as windows-1254, then as windows-1252".
  std::string explain_chain() const;

  /// What the model would write in place of the span where marking lost bytes
  /// is wanted: `after` when confident, else `marked`; nullptr when it stays.
  const std::string* text_replacement() const {
    return confident ? &after : marked.empty() ? nullptr : &marked;
  }

  /// What a repair writes in place of the span: only the complete repair, or
  /// with `mark_lost` also the marked reading; nullptr when the span stays.
  const std::string* replacement(bool mark_lost) const { return mark_lost ? text_replacement() : confident ? &after : nullptr; }
};

/// Every candidate run in `text`, in order, without overlaps.
std::vector<MojibakeSpan> find_mojibake(std::string_view text);

/// `text` with each span replaced by what `replacement` gives (nullptr: kept).
std::string apply_mojibake(std::string_view text, const std::vector<MojibakeSpan>& spans,
                           const std::function<const std::string*(const MojibakeSpan&)>& replacement);

/// Every candidate run in the given lines of `text` (ranges without line breaks).
std::vector<MojibakeSpan> find_mojibake_in_lines(std::string_view text, const std::vector<ByteSpan>& lines);

/// As above, and also the lines of the result that replacements landed in.
std::string apply_mojibake(std::string_view text, const std::vector<MojibakeSpan>& spans,
                           const std::function<const std::string*(const MojibakeSpan&)>& replacement,
                           std::vector<ByteSpan>* changed_lines);

/// Repairs made on a line can show the rest of it for what it is ("аЄаЄЈа«Ђ"
/// beside the Gujarati the first look restored): the lines a look changed are
/// looked at again, up to this many looks in all, so that a second run of kempt
/// finds nothing more.
inline constexpr unsigned kMaxLooks = 3;

/// Repairs every confident span (what `kempt text` does), looking again at the
/// lines it changed; a later look never reads again what an earlier one wrote.
/// Runs that lost bytes the model cannot choose between stay byte for byte, or,
/// with `mark_lost` (`kempt text --mark-lost`), get U+FFFD for each damaged
/// character. `spans` gets every look's spans.
std::string repair_mojibake(std::string_view text, std::vector<MojibakeSpan>* spans = nullptr, bool mark_lost = false);

/// repair_mojibake with the first look already taken (`spans` = find_mojibake(text));
/// the spans later looks repair are appended to `spans`.
std::string repair_found_mojibake(std::string_view text, std::vector<MojibakeSpan>& spans, bool mark_lost = false);


/// `text` with every Latin ligature (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) written as its letters. The repair
/// folds only the ligatures it rebuilt; this is for `kempt text --fold-ligatures`.
std::string fold_latin_ligatures(std::string_view text);

std::unique_ptr<Pass> make_mojibake_pass();

}  // namespace kempt
