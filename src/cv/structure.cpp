// Which lines are section headings. Caps alone is weak evidence (acronym lines,
// names), so a heading needs caps *and* a section word, or a title shape made
// mostly of section words; small caps and spaced letters are rejoined first.
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "cv/cv_internal.hpp"

namespace kempt::cv::detail {

namespace {

// The word lists are data: data/cv_words.yaml (see words.cpp).
const WordSet& primary_words() { return vocabulary().section; }     // name a section alone
const WordSet& secondary_words() { return vocabulary().title; }     // in titles, naming none alone
const WordSet& role_words() { return vocabulary().roles; }          // a job's or a degree's words
const WordSet& stop_words() { return vocabulary().joiners; }

struct Shape {
  std::vector<std::string> words;  // lower case
  int upper = 0, lower = 0, digits = 0;
};

// Read in place: a word is a run of letters in the UTF-8, lower-cased by ICU only when
// it is not ASCII (the converter asks this of every line, several times).
Shape shape_of(const std::string& s) {
  Shape sh;
  int32_t start = -1;
  bool ascii = true;
  auto flush = [&](int32_t end) {
    if (start < 0) return;
    std::string w = s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
    if (ascii) {
      for (char& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else {
      std::string folded;
      icu::UnicodeString::fromUTF8(w).toLower().toUTF8String(folded);
      w = std::move(folded);
    }
    sh.words.push_back(std::move(w));
    start = -1;
    ascii = true;
  };
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) c = 0xFFFD;  // an ill-formed byte is no letter
    if (u_isalpha(c) || (c == '&' && start < 0)) {
      if (u_isupper(c)) ++sh.upper;
      if (u_islower(c)) ++sh.lower;
      if (start < 0) start = at;
      ascii = ascii && c < 0x80;
      if (c == '&') flush(i);
    } else {
      if (u_isdigit(c)) ++sh.digits;
      flush(at);
    }
  }
  flush(n);
  return sh;
}

// "C" of "C ONTACT", "/P" of "TALK /P OSTER": a small capital cut from its word.
bool split_initial(std::string_view tok) {
  if (tok.empty() || tok == "A" || !std::isupper(static_cast<unsigned char>(tok.back()))) return false;
  return tok.size() == 1 || (tok.size() == 2 && (tok[0] == '/' || tok[0] == '&' || tok[0] == '('));
}

// "C ONTACT I NFORMATION" → "CONTACT INFORMATION"; "E D U C A T I O N" → "EDUCATION".
std::string rejoin_letters(const std::string& s) {
  std::vector<std::string> segs;
  std::string cur;
  for (char c : s) {
    if (c == '\t') {
      segs.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  segs.push_back(cur);
  std::string out;
  for (auto& seg : segs) {
    std::vector<std::string> toks;
    std::string t;
    for (char c : seg + ' ') {
      if (c == ' ') {
        if (!t.empty()) toks.push_back(t);
        t.clear();
      } else {
        t += c;
      }
    }
    const bool spaced = toks.size() >= 3 && std::all_of(toks.begin(), toks.end(), [](const std::string& x) {
      return x.size() == 1 && std::isupper(static_cast<unsigned char>(x[0]));
    });
    std::string joined;
    for (std::size_t k = 0; k < toks.size(); ++k) {
      const bool glue = spaced || (k > 0 && split_initial(toks[k - 1]) &&
                                   std::isupper(static_cast<unsigned char>(toks[k][0])));
      joined += (k == 0 || glue ? "" : " ") + toks[k];
    }
    out += (out.empty() ? "" : " ") + joined;
  }
  return out;
}

// A heading's text without the glyph a CV sets before it ("❖ ÉDUCATION", "■ Skills").
// A bullet only before capitals ("• Imperial College" is a list item); a pictograph
// ("❖", an icon font's private-use glyph) before any heading.
std::string without_glyph(const std::string& t) {
  std::size_t after = 0;
  if (starts_with_bullet(t, &after) && after < t.size() && is_caps(t.substr(after))) return trim(t.substr(after));
  std::size_t i = 0;
  const char32_t c = t.empty() ? 0 : decode_utf8(t, i);
  const auto type = u_charType(static_cast<UChar32>(c));
  if (c >= 0x80 && (type == U_OTHER_SYMBOL || type == U_PRIVATE_USE_CHAR) && i < t.size() && t[i] == ' ')
    return trim(t.substr(i));
  return t;
}

// "1. Experiencia Laboral", "2)\tTeaching": the length of a Word list's section number and
// the gap after it (0: none). Up to two digits: a year or a page number is no section number.
std::size_t section_number(std::string_view t) {
  std::size_t i = 0;
  while (i < t.size() && i < 3 && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  if (i == 0 || i > 2 || i + 1 >= t.size() || (t[i] != '.' && t[i] != ')')) return 0;
  std::size_t j = i + 1;
  while (j < t.size() && (t[j] == ' ' || t[j] == '\t')) ++j;
  return j > i + 1 && j < t.size() ? j : 0;
}

// Could the line be a heading by its words alone: short, no digits (but a section
// number), not a sentence.
bool heading_shaped(const std::string& line) {
  const std::string t = line.substr(section_number(line));
  if (t.empty() || t.size() > 70 || t.find('\t') != std::string::npos) return false;
  if (t.find(kItalicOpen) != std::string::npos || starts_with_bullet(t)) return false;
  const char last = t.back();
  if (last == '.' || last == ',' || last == ';' || last == '-') return false;
  for (std::string_view sep : {" | ", " · ", " • "})
    if (t.find(sep) != std::string::npos) return false;
  const Shape sh = shape_of(t);
  if (sh.upper + sh.lower < 3 || sh.digits > 0 || sh.words.empty() || sh.words.size() > 8) return false;
  const auto first = static_cast<unsigned char>(t[0]);
  return (first >= 'A' && first <= 'Z') || first >= 0xC0;  // not a wrapped line's rest
}

// A line set apart from the body text by its font: larger, small capitals, underlined,
// or bold capitals. Bold alone is not: entry titles are bold. A font only a point larger
// than the body's (12 pt over 11) sets a line apart when it is bold too, or when space
// opens above the line (moderncv's section titles).
bool set_apart(const Line& l, double body) {
  if (l.size >= body * 1.1 || l.small_caps || l.underlined || (l.bold && is_caps(l.text))) return true;
  return l.size >= body + 0.75 && (l.bold || l.gap_above >= 1);
}

bool ends_open(const std::string& t) {
  const char c = t.back();
  if (c == '&' || c == ',' || c == '/') return true;
  const auto space = t.rfind(' ');
  if (space == std::string::npos) return false;
  const std::string last = lower_ascii(t.substr(space + 1));
  return stop_words().count(last) > 0 || last == "of" || last == "in" || last == "for";
}

// "Referee Services" over lines indented under it: a label by its place, whatever its font.
bool over_indented(const std::vector<Line>& lines, std::size_t i) {
  std::size_t k = i + 1;
  while (k < lines.size() && lines[k].blank) ++k;
  return k < lines.size() && lines[k].size > 0 && lines[k].page == lines[i].page && lines[k].x > lines[i].x + 5;
}

// The number of a numbered section's line ("3.\tAntecedentes …"), or 0: the title after
// it heading-shaped, as a Word list numbers its sections.
int numbered_title(const Line& l) {
  if (l.blank) return 0;
  const std::size_t n = section_number(l.text);
  if (n == 0 || !heading_shaped(l.text)) return 0;
  return std::stoi(l.text.substr(0, n));
}

// Word CVs number their sections: "3. Antecedentes Académicos y formativos" between the
// headings "2. Experiencia Académica" and "4. Manejo de Software", set like them, is a
// section too, whatever its words. Only a number that fills the gap between its two
// neighbours (the numbered lines before and after it) counts: a numbered list of short
// items inside a section breaks the run and leaves it alone.
// pdftotext's plain text may put the number on a line of its own ("3." / "" / "Antecedentes …").
void mark_numbered_sections(std::vector<Line>& lines) {
  std::vector<std::size_t> numbered;  // the titles' lines
  std::vector<int> number;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (const int n = numbered_title(lines[i]); n > 0) {
      numbered.push_back(i), number.push_back(n);
      continue;
    }
    const std::string& t = lines[i].text;
    if (lines[i].blank || t.size() < 2 || t.size() > 3 || t.back() != '.' ||
        !std::all_of(t.begin(), t.end() - 1, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      continue;
    std::size_t k = i + 1;
    while (k < lines.size() && k <= i + 2 && lines[k].blank) ++k;
    if (k < lines.size() && !lines[k].blank && heading_shaped(lines[k].text) && section_number(lines[k].text) == 0)
      numbered.push_back(k), number.push_back(std::stoi(t));
  }
  auto alike = [](const Line& a, const Line& b) {
    if (a.size > 0 || b.size > 0) return a.size == b.size && a.bold == b.bold && std::abs(a.x - b.x) <= 3;
    return std::abs(a.indent - b.indent) <= 2;
  };
  auto known = [&](std::size_t i) {
    return lines[i].heading_level >= 2 || heading_title(lines[i], i + 1 < lines.size() ? &lines[i + 1] : nullptr);
  };
  for (std::size_t k = 1; k + 1 < numbered.size(); ++k) {
    Line& l = lines[numbered[k]];
    const Line &before = lines[numbered[k - 1]], &after = lines[numbered[k + 1]];
    const int n = number[k];
    if (l.heading_level >= 2 || number[k - 1] != n - 1 || number[k + 1] != n + 1) continue;
    if (!alike(l, before) || !alike(l, after) || known(numbered[k])) continue;
    if (known(numbered[k - 1]) && known(numbered[k + 1])) l.heading_level = 2;
  }
  // Between numbered sections, a Title Case line whose words alone make a title
  // ("Educación Media", a school's diploma) is no unnumbered section among them.
  std::vector<std::size_t> sections;
  for (std::size_t k = 0; k < numbered.size(); ++k)
    if (known(numbered[k])) sections.push_back(numbered[k]);
  if (sections.size() < 3) return;
  for (std::size_t i = sections.front() + 1; i < sections.back(); ++i) {
    Line& l = lines[i];
    if (l.blank || l.heading_level != 0 || is_caps(l.text) || std::binary_search(numbered.begin(), numbered.end(), i))
      continue;
    if (heading_title(l, i + 1 < lines.size() ? &lines[i + 1] : nullptr)) l.heading_level = -1;
  }
}

// Which fonts this CV sets its headings in, decided on the PDF's typography: a
// style (size, weight, small caps, underline) set apart from the body text, used
// by two or more heading-shaped lines, at least 40% of them with a section word.
// The largest such style is the sections' (2), smaller ones the subsections' (3).
// A heading wrapped over two lines of that style ("Honors and" / "Awards", "ACADEMIC" /
// "OUTREACH") is joined.
// A sidebar sets its own lesser headings in a font of their own, well above the sidebar's
// text ("Développement logiciel", "Langages" at 11 pt under "Compétences" at 15, over 7.5 pt
// text), whose words the vocabulary need not know. Below the sidebar's first heading, two or
// more lines of one such font, smaller than that heading's (a font larger than the headings'
// is the sidebar's text, set over tags in a small one), found in no other column, are the sidebar's sections: the
// sidebar is read as its own short sections, with no hierarchy to keep. Above that heading,
// the same font is the owner's job title's.
void mark_sidebar_headings(std::vector<Line>& lines) {
  using Style = std::tuple<int, double, bool, bool, bool>;  // column, size, bold, small caps, caps
  auto style_of = [](const Line& l) { return Style{l.column, l.size, l.bold, l.small_caps, is_caps(l.text)}; };
  std::map<int, std::map<double, std::size_t>> letters;  // per column: letters per font size
  std::map<int, std::size_t> first_heading;              // per column: its first heading's line
  std::map<double, std::set<int>> size_columns;          // the columns each size is used in
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    if (l.blank || l.size <= 0) continue;
    letters[l.column][l.size] += l.text.size();
    size_columns[l.size].insert(l.column);
    if (l.heading_level >= 2 && !first_heading.count(l.column)) first_heading[l.column] = i;
  }
  // the main column holds most of the text; the others are sidebars
  std::map<int, std::size_t> column_letters;
  for (const auto& [column, sizes] : letters)
    for (const auto& [size, n] : sizes) column_letters[column] += n;
  if (column_letters.size() < 2) return;
  const int main_column = std::max_element(column_letters.begin(), column_letters.end(), [](const auto& a, const auto& b) {
                            return a.second < b.second;
                          })->first;
  std::map<Style, std::vector<std::size_t>> candidates;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    if (l.blank || l.size <= 0 || l.column == main_column || l.heading_level >= 2 || !first_heading.count(l.column) ||
        i <= first_heading[l.column] || l.text.find('\t') != std::string::npos || size_columns[l.size].size() > 1)
      continue;
    const auto& sizes = letters[l.column];
    const double body =
        std::max_element(sizes.begin(), sizes.end(), [](const auto& a, const auto& b) { return a.second < b.second; })->first;
    const std::string t = without_glyph(l.text);
    if (l.size >= body * 1.25 && l.size < lines[first_heading[l.column]].size && heading_shaped(t) && t.back() != ':' && t.back() != '.') candidates[style_of(l)].push_back(i);
  }
  for (const auto& [style, at] : candidates) {
    if (at.size() < 2) continue;
    for (std::size_t i : at) lines[i].heading_level = 2;
  }
}

// A heading level with a chart's axis ("Formation" beside "2008  2010  2012 …" on one
// baseline) reads as one line, the labels after a layout gap. Where the line's font sets it
// apart and everything after its first gap is figures and marks, no word, the title is a
// line of its own and the axis a line before it, in the body's font.
void split_axis_labels(std::vector<Line>& lines, double body) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Line& l = lines[i];
    const auto gap = l.text.find('\t');
    if (l.blank || l.size <= 0 || gap == std::string::npos || !set_apart(l, body)) continue;
    const std::string head = l.text.substr(0, gap), rest = l.text.substr(gap + 1);
    if (!heading_shaped(without_glyph(head)) || !has_section_word(head)) continue;
    if (std::any_of(rest.begin(), rest.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80); }))
      continue;
    if (std::count_if(rest.begin(), rest.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) < 4) continue;
    Line axis = l;
    axis.text = rest;
    axis.size = body;
    axis.bold = axis.italic = axis.small_caps = axis.underlined = false;
    axis.gap_above = 0;
    l.text = head;
    // the axis goes before the title: after it, the axis would read as the date of the
    // section's first entry
    axis.gap_above = l.gap_above;
    l.gap_above = 1;
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i), std::move(axis));
    ++i;
  }
}

void mark_font_styles(std::vector<Line>& lines) {
  std::map<double, std::size_t> letters;
  for (const auto& l : lines)
    if (!l.blank && l.size > 0) letters[l.size] += l.text.size();
  if (letters.empty()) return;
  const double body =
      std::max_element(letters.begin(), letters.end(), [](const auto& a, const auto& b) { return a.second < b.second; })->first;
  split_axis_labels(lines, body);
  // capitals are part of the style: "EDUCATION" and "Technical skills" in one bold font are two levels
  using Style = std::tuple<double, bool, bool, bool, bool>;
  auto style_of = [](const Line& l) { return Style{l.size, l.bold, l.small_caps, l.underlined, is_caps(l.text)}; };
  std::map<Style, std::pair<int, int>> styles;  // lines, lines with a section word
  for (const auto& l : lines) {
    if (l.blank || l.size <= 0 || !set_apart(l, body)) continue;
    const std::string t = without_glyph(l.text);
    if (!heading_shaped(t)) continue;
    auto& [n, named] = styles[style_of(l)];
    ++n;
    named += has_section_word(t) || is_publication_heading(t);
  }
  std::vector<Style> heading_styles;
  double top = 0;
  for (const auto& [style, count] : styles) {
    // a font well above the body's, used by several lines, needs fewer section words:
    // the vocabulary does not know every language's ("Séjours de Recherche")
    const bool large = std::get<0>(style) >= body * 1.25 && count.first >= 3 && count.second >= 2;
    if (count.first >= 2 && (count.second * 10 >= count.first * 4 || large)) {
      heading_styles.push_back(style);
      top = std::max(top, std::get<0>(style));
    }
  }
  if (heading_styles.empty()) return;
  // A sidebar sets its headings in a font of its own, larger or smaller than the main
  // column's: each column's largest heading font is its sections'.
  std::map<int, double> column_top;
  for (const auto& l : lines) {
    if (l.blank || l.size <= 0 || l.text.find('\t') != std::string::npos || !heading_shaped(without_glyph(l.text)) ||
        std::find(heading_styles.begin(), heading_styles.end(), style_of(l)) == heading_styles.end())
      continue;
    double& t = column_top[l.column];
    t = std::max(t, l.size);
  }
  bool first = true;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Line& l = lines[i];
    if (l.blank || l.size <= 0) continue;
    // a line with a layout gap mixes a label and its text: its parts decide
    if (l.text.find('\t') != std::string::npos) continue;
    // the first line is the owner's name, even in the headings' font
    if (std::exchange(first, false) && !has_section_word(l.text)) continue;
    const bool styled = std::find(heading_styles.begin(), heading_styles.end(), style_of(l)) != heading_styles.end();
    // a smaller heading font is a subsection's, but capitals a few percent smaller (a
    // sidebar's "SKILLS" at 11.5 pt beside "EDUCATION" at 12) are another section's
    const std::string t = without_glyph(l.text);
    if (styled && heading_shaped(t)) {
      const double own_top = column_top.size() > 1 && column_top.count(l.column) ? column_top[l.column] : top;
      l.heading_level = l.size >= own_top - 0.25 || (is_caps(l.text) && l.size >= own_top * 0.92) ? 2 : 3;
    }
    // a section's title in a font of its own, as large as the others' ("Educación" at 16 pt
    // beside 15 pt ones)
    else if (set_apart(l, body) && l.size >= top - 0.25 && l.size <= top * 1.25 && heading_shaped(t) && has_section_word(t) &&
             heading_title(l, nullptr))  // its words make a title too ("Post-Doctoral research fellow" do not)
      l.heading_level = 2;
    // plain body text is no heading, whatever its words; an emphasized line in no
    // heading style (a bold "Technical skills" under a section) is left to its words
    else if (!l.bold && !l.small_caps && !l.underlined && l.size < body * 1.1 && !over_indented(lines, i))
      l.heading_level = -1;
  }
  mark_sidebar_headings(lines);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    Line& l = lines[i];
    if (l.heading_level < 2) continue;
    Line& next = lines[i + 1];
    if (next.heading_level != l.heading_level || style_of(next) != style_of(l) || next.gap_above > 0.5 ||
        next.page != l.page || std::abs(next.x - l.x) > 2)
      continue;
    // two sections' titles are two headings ("EDUCATION" / "AWARDS" in a sidebar)
    if (!ends_open(l.text) && has_section_word(l.text) && has_section_word(next.text)) continue;
    l.text += " " + next.text;
    next.text.clear();
    next.blank = true;
    next.heading_level = 0;
  }
}

}  // namespace

namespace {

// A line a text shape may make a heading: no job's or degree's word, no list (a comma),
// and in Title Case a section word, or title words for half its words ("Thèse de Doctorat"
// under a project has none).
bool may_head(const std::string& t) {
  // a list (a comma), a lead-in to text on the next line ("… Note:")
  if (t.find(',') != std::string::npos || t.back() == ':') return false;
  int primary = 0, secondary = 0, known = 0;
  const Shape sh = shape_of(is_caps(t) ? rejoin_letters(t) : t);  // "M ETHODS" is one word
  for (const auto& w : sh.words) {
    if (role_words().count(w)) return false;
    primary += primary_words().count(w) > 0;
    secondary += secondary_words().count(w) > 0;
    known += primary_words().count(w) || secondary_words().count(w) || stop_words().count(w);
  }
  // an organisation's name ("NortonLifeLock Research Group") is an entry's place
  static const std::set<std::string, std::less<>> kOrganisations = {"group", "inc", "ltd", "llc", "gmbh", "corporation",
                                                                   "company", "labs", "sa", "ag"};
  if (!sh.words.empty() && kOrganisations.count(sh.words.back())) return false;
  // a title word among others is a project's or a course's title ("Sign Language Translation System")
  const bool titled = primary > 0 || (secondary > 0 && known * 2 >= static_cast<int>(sh.words.size()));
  return titled || (sh.lower == 0 && sh.words.size() >= 2);  // caps: not an acronym ("UCL")
}

// pdftotext's plain text sets a date column's cell above its entry ("11/2017–12/2018",
// "", "AWS in Education Research Grant"): a Title Case line under a date is an entry's title.
bool under_date(const std::vector<Line>& lines, std::size_t i) {
  std::size_t k = i;
  while (k > 0 && lines[k - 1].blank) --k;
  return k > 0 && is_date_only(lines[k - 1].text);
}

// A section holds something: a line right over a heading is none's title (the owner's name
// set between "SUMMARY" and "EDUCATION").
bool over_heading(const std::vector<Line>& lines, std::size_t i) {
  std::size_t k = i + 1;
  while (k < lines.size() && lines[k].blank) ++k;
  return k < lines.size() && heading_title(lines[k], k + 1 < lines.size() ? &lines[k + 1] : nullptr).has_value();
}

// "Sports Performance Analytics:" / "" / "Micro cursos de Kaggle …": the line after a label's
// colon is the label's text.
bool after_colon(const std::vector<Line>& lines, std::size_t i) {
  std::size_t k = i;
  while (k > 0 && lines[k - 1].blank) --k;
  return k > 0 && lines[k - 1].text.back() == ':';
}

// "Modélisation du système d’information" over "Master 2, Université de Lorraine, …": a
// line over a degree is that course's or that diploma's title. (A job under a section's
// title is common: "Séjours de Recherche" over "Chercheuse invitée, …".)
bool over_degree(const Line& next) {
  static const std::set<std::string, std::less<>> kDegrees = {"phd", "ph", "msc", "bsc", "ba",       "ma",
                                                              "bs",  "ms", "master", "bachelor", "degree"};
  const Shape sh = shape_of(next.text);
  return !sh.words.empty() && kDegrees.count(sh.words.front()) > 0;
}

// The lines under line i up to a blank one hold an address, a link, a number: a contact block's.
bool over_contact(const std::vector<Line>& lines, std::size_t i) {
  std::size_t k = i + 1;
  while (k < lines.size() && lines[k].blank) ++k;
  for (; k < lines.size() && !lines[k].blank; ++k) {
    const std::string& t = lines[k].text;
    if (t.find('@') != std::string::npos || t.find("://") != std::string::npos || t.find("www.") != std::string::npos ||
        std::any_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
      return true;
  }
  return false;
}

// Text has no fonts, but a CV sets its headings alike there too: capitals or not, a blank
// line above, the text right under them or after a blank line, at the margin or indented,
// underlined with a typed rule ("Formação______", as Word's underlined headings extract).
// Where three or more lines of one such shape are headings by their words, and they are
// half or more of the lines of that shape that may be headings, the others of that shape are
// headings too ("SOBRE MIM" among "EDUCAÇÃO", "IDIOMAS", …), but for a job's or a degree's
// words; a Title Case one needs a word of titles, unless a rule underlines it. A shape without a blank line above is no heading's: wrapped text has it.
void mark_text_styles(std::vector<Line>& lines) {
  if (std::any_of(lines.begin(), lines.end(), [](const Line& l) { return l.size > 0; })) return;
  using Shape = std::tuple<bool, bool, bool, bool>;  // capitals, blank line under it, indented, a typed rule
  std::map<Shape, std::pair<int, int>> shapes;  // heading-shaped lines, headings among them
  std::vector<std::pair<std::size_t, Shape>> candidates;
  bool body = false;  // past the name and contact block, which end at the first heading
  bool name = true;   // the first line is the owner's name, no heading's shape
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    // a form feed opening the line reads as a blank line (of the same input line): no space
    const bool page_top = i > 0 && lines[i - 1].blank && lines[i - 1].src == l.src;
    if (l.blank) continue;
    // the first line is the name, unless a heading ("Experiencia", the name set elsewhere);
    // a date cell set above it in a sidebar ("avr. – juil.") is none
    if (name && date_fragment(l.text)) continue;
    if (std::exchange(name, false)) {
      body = body || heading_title(l, i + 1 < lines.size() ? &lines[i + 1] : nullptr).has_value();
      continue;
    }
    if (l.gap_above - page_top < 1 || l.heading_level != 0 || i + 1 >= lines.size()) continue;
    const std::string t = without_glyph(l.text);
    if (!heading_shaped(t) || section_number(t) > 0) continue;
    const Shape sh{is_caps(t), lines[i + 1].blank, l.indent > 0, l.underlined};
    auto& [n, known] = shapes[sh];
    if (heading_title(l, &lines[i + 1])) {
      ++n, ++known, body = true;
    } else if ((may_head(t) || (l.underlined && t.find(',') == std::string::npos)) && !over_degree(lines[i + 1]) &&
               !over_heading(lines, i)) {
      ++n;
      // before the first heading, only a title over text that is no contact block's
      // ("Domaines de Recherche" over its fields, not "Centre INRIA …" over an address)
      if (body ? is_caps(t) || (!under_date(lines, i) && !after_colon(lines, i)) : !over_contact(lines, i))
        candidates.emplace_back(i, sh);
    }
  }
  for (const auto& [i, sh] : candidates) {
    const auto& [n, known] = shapes[sh];
    if (known >= 3 && known * 2 >= n) lines[i].heading_level = 2;
  }
}

}  // namespace

// Headings decided on the lines' fonts (PDF) or their shape (text), then on the
// numbering of the sections.
void mark_heading_styles(std::vector<Line>& lines) {
  mark_font_styles(lines);
  mark_text_styles(lines);
  mark_numbered_sections(lines);
}

std::optional<std::string> heading_title(const Line& line, const Line* next) {
  if (line.heading_level >= 2) {
    const std::string raw = without_glyph(line.text);
    if (heading_shaped(raw)) {
      const std::size_t n = section_number(raw);  // "3.\tTitle": the number, a space, the title
      const std::string t = raw.substr(n);
      std::string title = (n > 0 ? trim(raw.substr(0, n)) + " " : "") + (is_caps(t) ? rejoin_letters(t) : t);
      while (!title.empty() && (title.back() == ':' || title.back() == ' ')) title.pop_back();
      return title;
    }
  }
  std::string t = without_glyph(line.text);
  // a numbered section keeps its number: the title's words decide
  if (const std::size_t n = section_number(t); n > 0) {
    Line rest = line;
    rest.text = t.substr(n);
    const auto title = heading_title(rest, next);
    return title ? std::optional<std::string>(trim(t.substr(0, n)) + " " + *title) : std::nullopt;
  }
  if (t.empty() || t.size() > 90 || t.find(kItalicOpen) != std::string::npos) return std::nullopt;
  if (starts_with_bullet(t)) return std::nullopt;
  // a list of items is not a title ("RESEARCH SCIENTIST | FORMAL METHODS")
  for (std::string_view sep : {" | ", " · ", " • ", "⋄"})
    if (t.find(sep) != std::string::npos) return std::nullopt;
  const char last = t.back();
  if (last == '.' || last == ',' || last == ';' || last == '-') return std::nullopt;
  while (!t.empty() && (t.back() == ':' || t.back() == ' ')) t.pop_back();
  // "Competências Técnicas (Hard Skills)", "Presentations (*=Coauthor)": a short note in
  // parentheses after a title; the words before it decide, the title keeps it
  if (const auto open = t.rfind(" ("); open != std::string::npos && t.back() == ')' && open > 0 &&
      t.find('(') == open + 1 && t.size() - open <= 40 && !is_caps(t)) {
    Line head = line;
    head.text = t.substr(0, open);
    const auto title = heading_title(head, next);
    return title ? std::optional<std::string>(*title + t.substr(open)) : std::nullopt;
  }
  const Shape raw = shape_of(t);
  if (raw.upper + raw.lower < 3 || raw.digits > 0) return std::nullopt;
  const bool caps = raw.lower == 0;
  if (caps) t = rejoin_letters(t);
  else if (t.find('\t') != std::string::npos) return std::nullopt;
  for (std::size_t p = t.find(" /"); p != std::string::npos; p = t.find(" /")) t.erase(p, 1);
  for (std::size_t p = t.find("/ "); p != std::string::npos; p = t.find("/ ")) t.erase(p + 1, 1);
  const Shape sh = shape_of(t);
  if (sh.words.empty() || sh.words.size() > 8) return std::nullopt;
  int primary = 0, secondary = 0, stop = 0, roles = 0;
  for (const auto& w : sh.words) {
    if (primary_words().count(w)) ++primary;
    else if (secondary_words().count(w)) ++secondary;
    else if (stop_words().count(w)) ++stop;
    roles += role_words().count(w) > 0;
  }
  if (roles > 0 && !caps) return std::nullopt;
  const int n = static_cast<int>(sh.words.size());
  const int known = primary + secondary + stop;
  if (caps && primary > 0) return t;
  if (caps && known * 2 >= n && secondary > 0) return t;
  if (caps) return std::nullopt;
  // Title or sentence case: a short line of section words, starting upper case,
  // unless the PDF's fonts show the CV's headings look otherwise.
  if (line.heading_level < 0) return std::nullopt;
  const unsigned char first = static_cast<unsigned char>(t[0]);
  const bool starts_upper = (first >= 'A' && first <= 'Z') || first >= 0xC0;
  if (!starts_upper || t.find('\t') != std::string::npos) return std::nullopt;
  if (next && !next->blank && std::islower(static_cast<unsigned char>(next->text[0]))) return std::nullopt;
  if (primary == 0 || n > 8) return std::nullopt;
  if (known == n) return t;
  if (t.find(',') != std::string::npos) return std::nullopt;
  // one unknown word in a short line: "Formal education", "Peer-reviewed Publications"
  return n <= 3 && known + 1 == n ? std::optional<std::string>(t) : std::nullopt;
}

bool small_caps_split(std::string_view raw) {
  std::string tok;
  for (char c : std::string(raw) + ' ') {
    if (c == ' ' || c == '\t') {
      if (split_initial(tok)) return true;
      tok.clear();
    } else {
      tok += c;
    }
  }
  return false;
}

bool is_caps(std::string_view s) {
  const Shape sh = shape_of(std::string(s));
  return sh.lower == 0 && sh.upper > 0;
}

bool has_section_word(std::string_view title) {
  for (const auto& w : shape_of(std::string(title)).words)
    if (primary_words().count(w)) return true;
  return false;
}

bool is_publication_heading(std::string_view title) {
  const WordSet& w = vocabulary().publication;
  for (const auto& word : shape_of(std::string(title)).words)
    if (w.count(word)) return true;
  return false;
}

// Caps section words become title case; other caps words (acronyms) stay, but for
// words too long for one ("COMPUTATIONAL").
std::string title_case(const std::string& title) {
  const Shape sh = shape_of(title);
  if (sh.lower > 0) return title;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(title), out, word;
  bool first = true;
  auto flush = [&] {
    if (word.isEmpty()) return;
    icu::UnicodeString low = word;
    low.toLower();
    std::string w;
    low.toUTF8String(w);
    if (primary_words().count(w) || secondary_words().count(w) || stop_words().count(w) || word.length() >= 8) {
      if (!(stop_words().count(w) && !first)) low.replace(0, 1, icu::UnicodeString(u_toupper(low.char32At(0))));
      out.append(low);
    } else {
      out.append(word);
    }
    first = false;
    word.remove();
  };
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_isalpha(c)) {
      word.append(c);
    } else {
      flush();
      out.append(c);
    }
  }
  flush();
  std::string s;
  out.toUTF8String(s);
  return s;
}

// What follows a name without being part of it: "Jane Roe, PhD", "John Smith Jr.".
// Compared without dots and case ("Ph.D." is "phd").
bool degree_or_suffix(std::string_view word) {
  std::string w;
  for (char c : word)
    if (c != '.' && c != ',') w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::set<std::string, std::less<>> kWords = {
      "phd", "dphil", "md", "msc", "ms", "ma", "mba", "mphil", "bsc", "bs", "ba", "meng", "beng",
      "jr", "sr", "ii", "iii", "iv", "dr", "prof", "habil", "frs", "peng", "cpa"};
  return kWords.count(w) > 0;
}

namespace {

// A word written in Latin letters: publication lists spell the owner in those,
// so "Bin Cheng 程斌" is "Bin Cheng" there.
bool latin_word(std::string_view w) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(w);
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    UErrorCode err = U_ZERO_ERROR;
    if (u_isalpha(c) && uscript_getScript(c, &err) == USCRIPT_LATIN) return true;
  }
  return false;
}

}  // namespace

// "HAO WANG" → "Hao Wang", "A. M. Name, PhD" → "A. M. Name": the owner as
// publications spell it, degrees and suffixes dropped (what follows a comma too).
std::string owner_from_name(std::string_view name) {
  std::string_view n = name;
  // "A. M. Name, PhD", "Jiuru Lyu – Curriculum vitae", "Jane Roe | CV": the name is what comes first
  for (std::string_view sep : {",", " – ", " — ", " - ", " | ", " · "})
    if (const auto cut = n.find(sep); cut != std::string_view::npos) n = n.substr(0, cut);
  std::vector<std::string> words;
  std::string cur;
  for (char c : std::string(n) + ' ') {
    if (c == ' ' || c == '\t') {
      if (!cur.empty()) words.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  while (words.size() > 1 && degree_or_suffix(words.back())) words.pop_back();
  while (words.size() > 1 && (words.front() == "Dr." || words.front() == "Prof." || words.front() == "Dr")) words.erase(words.begin());
  if (std::any_of(words.begin(), words.end(), [](const std::string& w) { return latin_word(w); }))
    words.erase(std::remove_if(words.begin(), words.end(), [](const std::string& w) { return !latin_word(w); }), words.end());
  // A name in capitals, or a surname in capitals after the given name ("Thalita
  // DRUMOND"), is written "Drumond" where publications name the owner.
  std::string s;
  for (const auto& w : words) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(w);
    const Shape sh = shape_of(w);
    if (sh.lower == 0 && sh.upper >= 2) {
      icu::UnicodeString out;
      bool start = true;
      for (int32_t i = 0; i < u.length();) {
        const UChar32 c = u.char32At(i);
        i += U16_LENGTH(c);
        out.append(start ? c : u_tolower(c));
        start = !u_isalpha(c);
      }
      u = out;
    }
    std::string t;
    u.toUTF8String(t);
    s += (s.empty() ? "" : " ") + t;
  }
  return trim(s);
}

}  // namespace kempt::cv::detail
