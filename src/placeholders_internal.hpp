#pragma once
// Text scanning for the placeholders pass: links and images, Lorem ipsum runs,
// HTML comments and tag balance, and whether a unit holds anything real.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kempt/document.hpp"
#include "placeholders_catalogue.hpp"

namespace kempt::placeholders {

/// A link or image as written in a page: Markdown `[label](target)`, `![alt](src)`,
/// HTML `<a href=...>label</a>` and `<img src=...>`, autolinks `<https://...>`.
struct Element {
  enum class Kind { link, image };
  Kind kind = Kind::link;
  ByteSpan whole;   ///< the element, markup included
  ByteSpan label;   ///< the link text or image alt (inside `whole`; may be empty)
  std::string target;
  bool autolink = false;  ///< `<https://...>`: the page shows the address itself
};
/// Calls `sink` on every link and image of `text` (Markdown ones first, then
/// HTML ones); a page may hold millions, so they are not gathered.
using ElementSink = std::function<void(Element&&)>;
void for_each_element(std::string_view text, const ElementSink& sink);

/// Does the link show the reader where it goes: an autolink, or a text that is
/// its own address (`[github.com](https://github.com/)`)? Such a link hides nothing.
bool shows_own_target(std::string_view text, const Element& link);

/// Whether an HTML comment's "<!--" starts at `at` of `text` (asked at every '<' of
/// a page: four byte compares, not a call).
inline bool opens_comment(std::string_view text, std::size_t at) {
  return at + 4 <= text.size() && text[at] == '<' && text[at + 1] == '!' && text[at + 2] == '-' && text[at + 3] == '-';
}

/// A run of Lorem ipsum words; `words` counts them.
struct LoremRun {
  ByteSpan span;
  std::size_t words = 0;
};
/// Every passage of the classical filler in `text` (see `lorem:` in data/templates.yaml).
std::vector<LoremRun> find_lorem(std::string_view text, const PlaceholderCatalogue& catalogue);
/// False when find_lorem finds nothing in `text`, nor in `text` with any bytes
/// from a '<' to the next '>' (or the end) made blank, as an HTML page's tags and
/// comments are before it is asked: a run or passage needs two different uncommon
/// Latin words, and blanking from '<' to '>' makes no new word.
bool may_hold_lorem(std::string_view text, const PlaceholderCatalogue& catalogue);
/// Bit k: p[k] is a byte of a word as the Lorem ipsum scans read one (an ASCII letter
/// or a byte beyond ASCII), for the 64 bytes at p; by vector compares where the
/// machine has them, and byte by byte (the reference the tests hold them to).
uint64_t word_byte_bits(const unsigned char* p);
uint64_t word_byte_bits_bytewise(const unsigned char* p);

/// Inline code spans of `text` (backtick strings, as CommonMark pairs them, never
/// across a blank line), skipping the `blocked` ranges (code blocks). cmark-gfm's
/// own positions for inline code are wrong after a line break, hence this.
std::vector<ByteSpan> code_spans(std::string_view text, const std::vector<ByteSpan>& blocked);

/// `<!-- ... -->` comments of `text` (an unclosed one runs to the end).
std::vector<ByteSpan> html_comments(std::string_view text);

/// Whether the HTML tags in `text` close all they open and never close what they
/// did not open; `depth` gets the count of tags left open, `lowest` the lowest
/// count on the way (negative when a tag closes what `text` did not open).
bool html_balanced(std::string_view text, int* depth = nullptr, int* lowest = nullptr);

/// Does `unit` of `text` hold anything real once the bytes in `covered` (indexed
/// from unit.begin) are set aside? Markup, punctuation, digits, emoji, entities and
/// link targets are not real; letters, images and Liquid are.
bool has_real_content(std::string_view text, ByteSpan unit, const std::vector<bool>& covered);

/// The catalogue's evidence in a page, into `out`: its fingerprints' matches in
/// `text`, and Lorem ipsum runs in `lorem_text` (the same bytes, or `text` with
/// what cannot hold filler masked, at the same offsets).
/// `matches`: what catalogue.find_in_text(text) gives, when the caller has it already.
template <class Evidence>
void add_catalogue_evidence(const PlaceholderCatalogue& catalogue, std::string_view text, std::string_view lorem_text,
                            std::vector<Evidence>& out, std::optional<std::vector<TextMatch>> matches = std::nullopt) {
  if (!matches) matches = catalogue.find_in_text(text);
  for (const TextMatch& m : *matches) {
    out.push_back({{{m.begin, m.end}}, m.fingerprint, !m.fingerprint->weak, !m.fingerprint->weak});
  }
  // (The screen reads words without lowercasing most of them: a page with no two
  // different uncommon Latin words is never tokenised for runs.)
  if (!catalogue.lorem_enabled() || !may_hold_lorem(lorem_text, catalogue)) return;
  for (const LoremRun& run : find_lorem(lorem_text, catalogue)) {
    Evidence e{{run.span}, &catalogue.lorem_fingerprint()};
    e.generic_lorem = true;
    e.lorem_words = run.words;
    e.reportable = run.words >= 8;  // a short run in real prose is a mention, not filler
    out.push_back(std::move(e));
  }
}

/// The evidence (sorted by where it begins) that lies wholly inside `span`: a
/// unit's share is a binary search away.
template <class Evidence>
std::vector<const Evidence*> evidence_in(const std::vector<Evidence>& evidence, ByteSpan span) {
  std::vector<const Evidence*> out;
  auto it = std::lower_bound(evidence.begin(), evidence.end(), span.begin,
                             [](const Evidence& e, std::size_t at) { return e.begin() < at; });
  for (; it != evidence.end() && it->begin() < span.end; ++it) {
    if (it->end() <= span.end) out.push_back(&*it);
  }
  return out;
}

/// Whether `span` of `text` holds a strong match among `found` (the evidence in
/// it, Markdown's or HTML's) and nothing real beside the matches; weak matches
/// count only beside a strong one of their template. `strong_templates` gets the
/// templates of the strong matches.
template <class Evidence>
bool wholly_placeholder(std::string_view text, ByteSpan span, const std::vector<const Evidence*>& found,
                        std::set<std::string>* strong_templates = nullptr) {
  std::set<std::string> strong;
  for (const Evidence* e : found) {
    if (e->strong) strong.insert(e->fingerprint->template_id);
  }
  if (strong.empty()) return false;
  std::vector<bool> covered(span.size(), false);
  for (const Evidence* e : found) {
    if (!e->strong && !strong.count(e->fingerprint->template_id)) continue;
    for (ByteSpan p : e->parts) {
      for (std::size_t k = p.begin; k < p.end; ++k) covered[k - span.begin] = true;
    }
  }
  if (has_real_content(text, span, covered)) return false;
  if (strong_templates) *strong_templates = std::move(strong);
  return true;
}

/// A finding of the pass, by its offset in the body, before it gets a line and column.
struct PendingFinding {
  std::size_t offset;
  std::string rule, message;
  bool fixed;
};

/// The rule a fingerprint's findings carry ("placeholders/lorem-ipsum").
std::string rule_for(const Fingerprint& fp);
/// "what it is [template T, fingerprint t/id]", as findings name a match.
std::string describe(const Fingerprint& fp);

/// How an HTML page is handed to gumbo: with its words squeezed (see SqueezedText),
/// or as it is (for tests, which compare the two).
enum class HtmlParse { squeezed, as_is };

/// HTML pages (src/placeholders_html.cpp): the body of an `.html`/`.htm` page (its
/// front matter set aside) with every element that is wholly placeholder cut out;
/// `findings` gets what was removed and what was left beside real text or Liquid.
/// Runs to a fixed point; nullopt when the page does not settle (nothing removed).
std::optional<std::string> html_without_placeholders(std::string_view body, const PlaceholderCatalogue& catalogue,
                                                     std::vector<PendingFinding>& findings,
                                                     HtmlParse how = HtmlParse::squeezed);

/// An HTML page with each run of word bytes outside markup ("Lorem", "2019,",
/// "façade"), and the words after it that only white space parts from it ("Lorem
/// ipsum dolor"), squeezed to the one letter `x`, and each other run of white space
/// to its first two characters, for gumbo, which builds the same elements from it:
/// in every state of HTML's tokenizer such a run is characters, none of them markup,
/// the first not white space; and tree building does with the first what changes
/// the tree (a mode, an implied element, foster parenting), and with the rest only
/// adds text. Where it ignores words but keeps the white space between them (a
/// frameset, a template's column group) the text nodes would differ: a page that
/// names either tag has its words squeezed one by one. A word right after `&`, `#`,
/// `/`, `!` or `?` is left (a character reference, an end tag's name), as is
/// everything from a `<` to the next `>` (a comment to its `-->`). A run may still
/// be in a tag whose `>` is quoted, or in a comment ended by `--!>`: the tree says so
/// (the caller checks). Nothing is squeezed in a page that is not UTF-8.
struct SqueezedText {
  struct Run {
    std::size_t cut;      ///< where in `text` its bytes were taken out (after what is kept)
    std::size_t removed;  ///< the bytes it and the runs before it took out of the page
  };
  std::string text;       ///< empty when no run is squeezed
  std::vector<Run> runs;  ///< in order

  /// The page's offset of `text`'s offset `at` (a squeezed word's letter: the word's start).
  std::size_t source_offset(std::size_t at) const;
  /// Whether `length` bytes of `text` from `at` may differ from the page's there: a
  /// run's letter, or a cut, among them or right after them.
  bool cuts(std::size_t at, std::size_t length) const;
};
SqueezedText squeeze_text(std::string_view page);

/// What this pass reads of the tree gumbo builds from an HTML page, a node a line:
/// each element's tag, how it was inserted, where its tags are in the page and its
/// attributes; each comment's place; the kind of each text. For tests, which
/// compare the squeezed parse with the page's own.
std::string html_outline(std::string_view page, HtmlParse how);
/// Whether the whole HTML body is sample content of `template_id` (for sample files).
bool html_wholly_template(std::string_view body, const PlaceholderCatalogue& catalogue, const std::string& template_id);

/// True when the letters of `label` are all generic link words ("video", "code")
/// or covered; an empty label is generic.
bool generic_label(std::string_view text, ByteSpan label, const std::vector<bool>& covered, std::size_t base,
                   const PlaceholderCatalogue& catalogue);

}  // namespace kempt::placeholders
