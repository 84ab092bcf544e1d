#pragma once
// Shared between the stages of the CV converter: clean (bytes → lines, furniture
// out), structure (name, contact, headings), entries (items and their dates) and
// render (Markdown).
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "kempt/cv.hpp"

namespace kempt::cv::detail {

// Emphasis from <i>/<b> tags travels through the stages as these control bytes:
// the cleaner has dropped every real control by then, and the renderer escapes
// text before turning them into * and **.
inline constexpr char kItalicOpen = '\x01', kItalicClose = '\x02', kBoldOpen = '\x03', kBoldClose = '\x04';

struct Line {
  std::string text;       // trimmed; runs of 3+ spaces (layout gaps) kept as "\t"
  std::size_t src = 0;    // 1-based input line
  int indent = 0;         // leading spaces in the input (layout mode)
  int second_column = 0;  // input column where the text after the first gap starts (0: no gap)
  bool blank = false;

  // Typography and geometry (issue 15): what the PDF says of the line, or what a
  // text input can tell (indentation, blank lines, capitals); 0/false when unknown.
  double size = 0;           // the line's main font size, points (PDF)
  bool bold = false;         // most of the line's letters are bold
  bool italic = false;       // most of the line's letters are italic
  bool small_caps = false;   // set in small capitals (a font or "C ONTACT" splits)
  bool underlined = false;   // a rule drawn under it (PDF)
  double x = 0, y = 0;       // left edge and baseline on its page, points (PDF)
  int page = 0;              // 1-based page (PDF; 0 for text)
  int column = 0;            // 0: the main column; 1, 2, …: a sidebar or another column
  double gap_above = 0;      // space above the line, in the page's body line heights (text: blank lines)
  // structure.cpp (mark_heading_styles): 2 or 3 when the line is set in a font the CV
  // uses for its section (2) or subsection (3) headings; -1 when the PDF's fonts are
  // known and this line is not in such a font; 0 when nothing is known (text input).
  int heading_level = 0;
};

struct Entry {
  std::string title;  // a title line's text when the lines under it were the place ("**title**, text")
  std::string text;
  std::string date;  // kept apart so it can follow the title, whatever line it came from
  std::vector<std::string> subs;
  bool key_value = false;   // text is "Key\tvalue"
  bool subheading = false;  // text is a heading inside the section (### )
};

struct Section {
  std::string title;
  bool publications = false;
  std::vector<Entry> entries;
};

struct Cv {
  std::string name;
  std::string owner;                  // bolded in publications
  std::vector<std::string> contact;   // items, joined with " · "
  std::vector<std::string> preamble;  // longer lines before the first heading
  std::vector<Section> sections;
};

// words.cpp: the vocabulary in data/cv_words.yaml, read on first use. Word lists
// are lower case (bullets and domain endings as written).
using WordSet = std::set<std::string, std::less<>>;
struct Vocabulary {
  WordSet section;          // name a section alone ("education")
  WordSet title;            // in section titles, naming none alone ("selected")
  WordSet joiners;          // "and", "&", "et" in titles
  WordSet roles;            // a job's or a degree's words: entries, not titles
  WordSet publication;      // a section listing publications
  WordSet document_titles;  // "curriculum vitae": not the owner's name
  WordSet present;          // "present": a year on its own
  WordSet date;             // months, seasons, range words (and `present`)
  WordSet date_joiners;     // "to", "since": inside a date, never its first word
  WordSet date_prepositions;  // "in", "on": a date after one is the sentence's
  WordSet hyphen_suffixes, hyphen_prefixes;
  std::vector<std::string> bullets;         // glyphs opening a bullet point
  std::vector<std::string> open_ends;       // a line ending with one goes on
  std::vector<std::string> domain_endings;  // ".com": a bare host is a link
};
const Vocabulary& vocabulary();

// hyphenation.cpp: is "left-⏎right" a word the line break split, or a compound?
class LineBreakHyphens {
 public:
  explicit LineBreakHyphens(const std::vector<Line>& lines) : lines_(lines) {}
  bool split(std::string_view left, std::string_view right) const;

 private:
  void learn() const;  // the CV's own words, on the first hyphen asked about

  const std::vector<Line>& lines_;
  mutable bool learned_ = false;
  mutable std::unordered_set<std::string> words_;      // lower case
  mutable std::unordered_set<std::string> compounds_;  // "long-term" written inside a line
};

// clean.cpp
std::string normalize_text(std::string_view input);
// `typography`, when given (PDF input), holds what the PDF says of the text's lines,
// indexed by input line (src - 1); its texts are unused.
std::vector<Line> read_lines(std::string_view normalized, std::vector<Removed>& removed,
                             const std::vector<Line>* typography = nullptr);

// convert.cpp: the stages, for text and for PDF input (which brings its typography)
Result convert(std::string_view text, const Options& options, const std::vector<Line>* typography);

// structure.cpp
void mark_heading_styles(std::vector<Line>& lines);  // sets heading_level from the typography
std::optional<std::string> heading_title(const Line& line, const Line* next);
bool is_publication_heading(std::string_view title);
bool is_caps(std::string_view s);
bool small_caps_split(std::string_view raw);  // "C ONTACT": label-left CVs wrap these over lines
bool has_section_word(std::string_view title);
std::string title_case(const std::string& title);  // "HONORS & AWARDS" → "Honors & Awards"
std::string owner_from_name(std::string_view name);
bool degree_or_suffix(std::string_view word);  // "PhD", "Jr.": after a name, not of it

// entries.cpp
Cv build_cv(const std::vector<Line>& lines, const std::string& owner_hint);
bool is_date_only(std::string_view s);
bool date_fragment(std::string_view s);  // every word a date's, with or without a year: "avr. – juil."
std::size_t leading_date(std::string_view s);   // bytes of a leading date, 0 when none
std::size_t trailing_date(std::string_view s);  // start of a trailing date, npos when none
// text[p] lies inside a "[text](url)"'s text: in "[CEPEO Working Paper.](u)", "Working
// Paper." is a link's text already, and another link on it would nest one link in
// another, which Markdown cannot show. Inline: the PDF module (pdf.cpp, kempt-pdf.so)
// uses it too and links nothing of libkempt.
inline bool in_link_text(std::string_view text, std::size_t p) {
  const auto open = p == 0 ? std::string_view::npos : text.rfind('[', p - 1);
  if (open == std::string_view::npos) return false;
  const auto close = text.find(']', open);
  return close != std::string_view::npos && close >= p && text.compare(close, 2, "](") == 0 &&
         text.find('\n', open) >= close;
}

// render.cpp
std::string render(const Cv& cv, const std::string& owner, bool front_matter);

// utf8 helpers
char32_t decode_utf8(std::string_view s, std::size_t& i);
std::string trim(std::string_view s);
std::string lower_ascii(std::string_view s);  // A–Z only: other bytes as they are
bool starts_with_bullet(std::string_view s, std::size_t* after = nullptr);

}  // namespace kempt::cv::detail
