// Lines → the CV's parts: name, contact, sections of entries. Dates are taken
// off whatever line pdftotext put them on (a column of their own, a right-aligned
// gap, the line below) and kept with their entry.
#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <set>

#include "cv/cv_internal.hpp"

namespace kempt::cv::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// How far from the line's start a margin label's text may begin (-layout columns):
// a two-column page's left heading has the other column much further off.
constexpr int kMarginWidth = 30;

bool is_year(std::string_view t) {
  if (t.size() == 4 && (t.substr(0, 2) == "19" || t.substr(0, 2) == "20") &&
      std::all_of(t.begin(), t.end(), is_digit))
    return true;
  return t.size() == 3 && t[0] == '\'' && is_digit(t[1]) && is_digit(t[2]);
}

// "2019.8", "8/2019", "15/01/2024", "2023.24": numbers joined by . or / around a year.
bool is_numeric_date(std::string_view t) {
  bool year = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= t.size(); ++i) {
    if (i < t.size() && is_digit(t[i])) continue;
    if (i < t.size() && t[i] != '.' && t[i] != '/') return false;
    const std::string_view part = t.substr(start, i - start);
    if (part.empty() || part.size() > 4) return false;
    year |= is_year(part);
    start = i + 1;
  }
  return year;
}

// months, seasons, "since", "–", "present" (data/cv_words.yaml)
const WordSet& date_words() { return vocabulary().date; }

// Lower case for the word lists, Latin-1's capitals too: a date word may open with one
// ("Été 2021", "ÉTÉ 2021"), which lower_ascii leaves as it is.
std::string lower_latin(std::string_view s) {
  std::string out = lower_ascii(s);
  for (std::size_t i = 0; i + 1 < out.size(); ++i) {
    const auto lead = static_cast<unsigned char>(out[i]), next = static_cast<unsigned char>(out[i + 1]);
    if (lead == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) out[i + 1] = static_cast<char>(next + 0x20);  // À–Þ, not ×
  }
  return out;
}

// One token's kind: 2 = carries a year (or "present"), 1 = date filler, 0 = not a date.
int date_token(std::string_view raw) {
  std::string t(raw);
  while (!t.empty() && (t.back() == ',' || t.back() == ';' || t.back() == ')' || t.back() == '.' || t.back() == ':'))
    t.pop_back();
  while (!t.empty() && t.front() == '(') t.erase(0, 1);
  if (t.empty()) return 1;
  // ranges glued by dashes: "2014-2020", "2021–", "2019.9-now"
  for (std::string_view dash : {"–", "—", "-"}) {
    const auto p = t.find(dash);
    if (p != std::string::npos && t.size() > dash.size()) {
      const int a = date_token(std::string_view(t).substr(0, p));
      const int b = date_token(std::string_view(t).substr(p + dash.size()));
      if (a && b) return std::max(a, b);
      return 0;
    }
  }
  if (is_year(t) || is_numeric_date(t)) return 2;
  const std::string low = lower_latin(t);
  if (t.size() > 4 && is_year(t.substr(0, 4)) && date_words().count(low.substr(4))) return 2;  // "2024present"
  if (vocabulary().present.count(low)) return 2;
  if (date_words().count(low)) return 1;
  if (t.size() <= 2 && std::all_of(t.begin(), t.end(), is_digit)) return 1;  // day of month
  return 0;
}

std::vector<std::pair<std::size_t, std::size_t>> tokens_of(std::string_view s) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) out.push_back({i, j});
    i = j;
  }
  return out;
}

}  // namespace

bool is_date_only(std::string_view s) {
  bool year = false;
  const auto toks = tokens_of(s);
  if (toks.empty()) return false;
  for (auto [b, e] : toks) {
    const int k = date_token(s.substr(b, e - b));
    if (k == 0) return false;
    year |= k == 2;
  }
  return year;
}

bool date_fragment(std::string_view s) {
  const auto toks = tokens_of(s);
  return !toks.empty() && std::all_of(toks.begin(), toks.end(), [&](auto t) { return date_token(s.substr(t.first, t.second - t.first)) > 0; });
}

std::size_t leading_date(std::string_view s) {
  std::size_t end = 0;
  for (auto [b, e] : tokens_of(s)) {
    const int k = date_token(s.substr(b, e - b));
    if (k == 0) break;
    if (k == 2) end = e;
  }
  return end;
}

std::size_t trailing_date(std::string_view s) {
  const auto toks = tokens_of(s);
  std::size_t start = std::string_view::npos;
  bool year = false, month_next = false;
  for (auto it = toks.rbegin(); it != toks.rend(); ++it) {
    const std::string_view tok = s.substr(it->first, it->second - it->first);
    const int k = date_token(tok);
    if (k == 0) break;
    year |= k == 2;
    // the month before the first year is the date's too ("Sept 2011 - July 2014"),
    // a dash or "to" in front of it is not
    const bool letters = std::any_of(tok.begin(), tok.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    const bool digits = !letters && std::any_of(tok.begin(), tok.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    const std::string low = lower_ascii(tok);
    const bool joiner = vocabulary().date_joiners.count(low) > 0;
    // a day before a month ("6-10 November 2022"), not a number before a year ("Year 2 (2021)")
    const bool day = digits && month_next;
    if (k == 2 || (year && ((letters && !joiner) || day))) start = it->first;
    // a joining word between them keeps the day with its month ("05 de Octubre de 1995")
    if (!joiner) month_next = k == 1 && letters;
  }
  return start;
}

bool starts_with_bullet(std::string_view s, std::size_t* after) {
  for (const std::string& b : vocabulary().bullets) {
    const std::string_view bv(b);
    if (s.substr(0, bv.size()) == bv && s.size() > bv.size() && (s[bv.size()] == ' ' || s[bv.size()] == '\t')) {
      if (after) *after = bv.size() + 1;
      return true;
    }
  }
  return false;
}

namespace {

// "[1]", "1.", "[C3]", "(2)": publication numbering starts an entry.
bool numbered(std::string_view s) {
  std::size_t i = 0;
  const bool open = i < s.size() && (s[i] == '[' || s[i] == '(');
  if (open) ++i;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i])) && i < 3) ++i;
  const std::size_t d = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == d || i - d > 3 || i >= s.size()) return false;
  if (open) return s[i] == ']' || s[i] == ')';
  return (s[i] == '.' || s[i] == ')') && d == 0 && i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t');
}

// The text after a date cell in front of it ("2025<gap>1.   Man, L."), or the whole text.
std::string_view after_date_cell(std::string_view s) {
  const std::size_t lead = leading_date(s);
  if (lead == 0 || lead >= s.size() || (s[lead] != '\t' && s[lead] != ' ')) return s;
  return s.substr(s.find_first_not_of(" \t", lead) == std::string_view::npos ? s.size() : s.find_first_not_of(" \t", lead));
}

// Every token a date word without a year ("Depuis", "since", "Sept. –"): the
// first half of a date cell whose year is on the next line.
bool year_less_date(std::string_view s) {
  const auto toks = tokens_of(s);
  if (toks.empty()) return false;
  for (auto [b, e] : toks)
    if (date_token(s.substr(b, e - b)) != 1) return false;
  return std::any_of(s.begin(), s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

// A date cell left open for its other half: "02/2023-", "2019 –", "Depuis", "since".
bool open_date(std::string_view d) {
  std::string t = trim(d);
  if (t.empty()) return false;
  for (std::string_view dash : {"-", "–", "—"})
    if (t.size() >= dash.size() && t.compare(t.size() - dash.size(), dash.size(), dash) == 0) return true;
  const auto sp = t.find_last_of(' ');
  return vocabulary().date_joiners.count(lower_ascii(sp == std::string::npos ? t : t.substr(sp + 1))) > 0;
}

// The latest year written in a date, 0 when none.
int latest_year(std::string_view s) {
  int best = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    if (j - i == 4 && is_year(s.substr(i, 4))) best = std::max(best, std::stoi(std::string(s.substr(i, 4))));
    i = j > i ? j : i + 1;
  }
  return best;
}

// One point in time, not a range: the closing half of an open date cell.
bool single_date(std::string_view d) {
  for (std::string_view dash : {"-", "–", "—"})
    if (d.find(dash) != std::string_view::npos) return false;
  for (auto [b, e] : tokens_of(d))
    if (vocabulary().date_joiners.count(lower_ascii(d.substr(b, e - b)))) return false;
  return true;
}

// An open date cell closed by its second line: "02/2023-" + "7/2024" glued as
// written, "2019 –" + "2022" spaced alike.
std::string closed_cell(const std::string& o, const std::string& d) {
  const std::size_t dash = o.back() == '-' ? o.size() - 1 : o.size() >= 3 && static_cast<unsigned char>(o.back()) >= 0x80 ? o.size() - 3 : 0;
  const bool glued = dash > 0 && o[dash - 1] != ' ' && open_date(o.substr(dash));
  return o + (glued ? "" : " ") + d;
}

bool contains_word(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return false;
  for (std::size_t p = hay.find(needle); p != std::string_view::npos; p = hay.find(needle, p + 1)) {
    const bool left = p == 0 || !std::isalnum(static_cast<unsigned char>(hay[p - 1]));
    const std::size_t e = p + needle.size();
    const bool right = e >= hay.size() || !std::isalnum(static_cast<unsigned char>(hay[e]));
    if (left && right) return true;
  }
  return false;
}

// An author list: the owner's surname, or several "A. Name," parts joined by "and".
bool author_like(std::string_view s, const std::string& surname) {
  if (contains_word(s, surname)) return true;
  const auto commas = std::count(s.begin(), s.end(), ',');
  return commas >= 2 && (contains_word(s, "and") || s.find(';') != std::string_view::npos) && s.size() < 400;
}

std::string surname_of(const std::string& owner) {
  const auto p = owner.find_last_of(' ');
  return p == std::string::npos ? owner : owner.substr(p + 1);
}

// "Title: Subtitle (with A. Smith)" / "…: … (2023). Venue.": a work's title with a
// colon, which is no "Key: value" line: co-authors, or its year in parentheses
// closing a sentence ("Award: Best Paper (2019)" stays a key and its value).
bool names_a_work(std::string_view t) {
  if (t.find("(with ") != std::string_view::npos) return true;
  for (std::size_t p = t.find('('); p != std::string_view::npos; p = t.find('(', p + 1))
    if (p + 6 < t.size() && t[p + 5] == ')' && t[p + 6] == '.' && is_year(t.substr(p + 1, 4))) return true;
  return false;
}

// "Key\tvalue" or "Key: value" with a short key, as skill and detail lines are.
bool key_value(const std::string& t, std::string& out) {
  std::size_t p = t.find('\t');
  std::size_t skip = 1;
  if (p == std::string::npos) {
    p = t.find(": ");
    skip = 2;
    if (p == std::string::npos || t.find("://") < p || names_a_work(t)) return false;
  }
  const std::string key = trim(t.substr(0, p));
  const std::string value = trim(t.substr(p + skip));
  if (key.empty() || value.empty() || key.size() > 40 || is_date_only(key) || is_date_only(value) || year_less_date(key))
    return false;
  if (std::count(key.begin(), key.end(), ' ') > 3 || std::any_of(key.begin(), key.end(), is_digit)) return false;
  if (!std::isupper(static_cast<unsigned char>(key[0])) && static_cast<unsigned char>(key[0]) < 0x80) return false;
  if (skip == 1 && value.find('\t') != std::string::npos) return false;
  out = key + '\t' + value;
  return true;
}

// "…[Robust](u)" then "[Widgets](u) …": the PDF's line break cut one link in two
// (a link annotation per line). The length of a's "](u)", 0 when that is not so.
std::size_t split_link(const std::string& a, const std::string& b) {
  if (a.empty() || a.back() != ')' || b.size() < 2 || b[0] != '[') return 0;
  const auto mid = a.rfind("](");
  if (mid == std::string::npos || a.find(')', mid) != a.size() - 1) return 0;
  const std::string_view target(a.data() + mid, a.size() - mid);  // "](u)"
  const auto close = b.find(']');
  return close != std::string::npos && b.compare(close, target.size(), target) == 0 ? target.size() : 0;
}

std::string join_wrapped(const std::string& a, const std::string& b, const LineBreakHyphens& hyphens) {
  if (a.empty()) return b;
  // one link: its two halves' words joined as any wrapped words ("[Quan-" + "titative …](u)")
  if (const std::size_t target = split_link(a, b)) return join_wrapped(a.substr(0, a.size() - target), b.substr(1), hyphens);
  if (a.size() >= 3 && a.back() == '-' && std::isalpha(static_cast<unsigned char>(a[a.size() - 2])) &&
      !b.empty() && std::islower(static_cast<unsigned char>(b[0])) && a.find("://") == std::string::npos) {
    std::size_t l = a.size() - 1;
    while (l > 0 && std::isalpha(static_cast<unsigned char>(a[l - 1]))) --l;
    std::size_t r = 0;
    while (r < b.size() && std::isalpha(static_cast<unsigned char>(b[r]))) ++r;
    const bool split = hyphens.split(std::string_view(a).substr(l, a.size() - 1 - l), std::string_view(b).substr(0, r));
    return split ? a.substr(0, a.size() - 1) + b : a + b;
  }
  // "Congestion-" / "Aware Policy …": a capital after the break is a compound's
  // second part, joined as written
  if (a.size() >= 3 && a.back() == '-' && std::isalpha(static_cast<unsigned char>(a[a.size() - 2])) &&
      a[a.size() - 3] != ' ' && !b.empty() && std::isupper(static_cast<unsigned char>(b[0])))
    return a + b;
  // "pp. 147–" / "163.": a range of numbers the break cut, joined as written
  if (a.size() >= 4 && a.compare(a.size() - 3, 3, "–") == 0 && is_digit(a[a.size() - 4]) && !b.empty() && is_digit(b[0]))
    return a + b;
  return a + ' ' + b;
}

bool ends_open(const std::string& t) {
  if (t.empty()) return false;
  const char c = t.back();
  if (c == ',' || c == '-' || c == '(' || c == '&' || c == ';' || c == '/') return true;
  // " and", " of"; or the word alone, a line of justified text cut word by word ("en")
  for (const std::string& w : vocabulary().open_ends)
    if (t == w || (t.size() > w.size() + 1 && t.compare(t.size() - w.size(), w.size(), w) == 0 && t[t.size() - w.size() - 1] == ' '))
      return true;
  return false;
}

// How wide a line is on the page, in bytes as elsewhere, but of a link only the
// text and brackets ("[Book Chapter.](https://…)" is 15 wide). A PDF's lines carry their links'
// URLs, which would make every line look short against the widest.
std::size_t visible_width(std::string_view s) {
  std::size_t n = s.size();
  for (std::size_t p = s.find("]("); p != std::string_view::npos; p = s.find("](", p + 2)) {
    const auto close = s.find(')', p + 2);
    if (close == std::string_view::npos || s.find(' ', p) < close) continue;
    n -= close - p;  // "](url" and ")" less one: the text's "[" and "]" count as one
  }
  return n;
}

// How wide a line reads, in characters: a link counts by its text, emphasis marks not at all.
std::size_t shown_columns(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "](") == 0) {
      const auto close = s.find(')', i + 2);
      if (close != std::string_view::npos && s.find(' ', i) > close) {
        i = close;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(s[i]);
    n += (c & 0xC0) != 0x80 && c > kBoldClose;
  }
  return n;
}

// The first word of a line: what a line break would have moved down.
std::string_view first_word(std::string_view s) { return s.substr(0, std::min(s.find(' '), s.size())); }

// A line the next line's first word would not have fitted on, in lines of about
// `width` characters: the text ran on there (a proportional font's lines vary in
// characters, hence the slack).
bool filled(std::string_view line, std::string_view next, std::size_t width) {
  return (shown_columns(line) + 1 + shown_columns(first_word(next))) * 100 >= width * 92;
}

// "…, 2020." "…(2019)" "…[PDF]" "… 7514": where a reference may end.
bool ends_reference(std::string_view t) {
  if (t.empty()) return false;
  const char c = t.back();
  return c == '.' || c == ')' || c == ']' || c == '"' || is_digit(c) || (t.size() >= 3 && t.substr(t.size() - 3) == "”");
}

// How a section's publications start: numbered, a date in front, a hanging
// indent (the first line out, the rest in), paragraphs wrapped in a block (a
// line that ends short ends one), or set apart by blank lines.
enum class PubStarts { unknown, none, numbered, dated, hanging, wrapped, gap };

class Builder {
 public:
  Builder(const std::vector<Line>& lines, std::string owner)
      : lines_(lines), owner_(owner_from_name(owner)), hyphens_(lines) {
    std::vector<std::size_t> lens;
    for (const auto& l : lines)
      if (!l.blank && l.text.find('\t') == std::string::npos) lens.push_back(visible_width(l.text));
    std::sort(lens.begin(), lens.end());
    wrap_ = std::max<std::size_t>(60, lens.empty() ? 80 : lens[lens.size() * 9 / 10]);
    margin_labels_ = has_margin_labels(lines);
  }

  // A label-left -layout page ("Education<gap>PhD …", the text indented to the same
  // column below): most text is indented, and several lines start with a section
  // word in the margin. Other extractors' "Key<tab>value" lines are not indented.
  static bool has_margin_labels(const std::vector<Line>& lines) {
    int text = 0, indented = 0, labels = 0;
    for (const auto& l : lines) {
      if (l.blank) continue;
      ++text;
      indented += l.indent >= 6;
      if (l.indent == 0 && l.second_column >= 8 && l.second_column <= kMarginWidth &&
          has_section_word(l.text.substr(0, l.text.find('\t'))))
        ++labels;
    }
    return labels >= 3 && indented * 10 >= text * 3;
  }

  Cv build() {
    // the page's first line a date range ("avr. – juil." / "2021"): the main column's first
    // date cell, set higher than the name in a sidebar
    const std::size_t top = blanks_before(0);
    dates_known_ = dates_lead_ = top + 1 < lines_.size() && date_cell_at(top) && !single_date(first_cell(top));
    std::size_t i = header();
    for (; i < lines_.size(); ++i) line(i);
    flush_dates();
    cv_.owner = owner_;
    return std::move(cv_);
  }

  const std::string& owner() const { return owner_; }

 private:
  // Name, then contact lines, up to the first heading.
  std::size_t header() {
    std::size_t i = 0;
    while (i < lines_.size() && lines_[i].blank) ++i;
    // the name: the first short line without digits; lines above it (a date, "Last
    // updated", "Curriculum vitae") are kept as preamble
    const std::size_t largest = largest_font_line(i);
    for (std::size_t k = i, seen = 0; k < lines_.size() && seen < 5 && !heading_at(k); ++k) {
      if (lines_[k].blank) continue;
      ++seen;
      std::string name, rest;
      // a date cell set above the name in a sidebar ("avr. – juil." / "2021") is none
      if (k < largest || date_fragment(lines_[k].text) || !name_in(lines_[k].text, name, rest)) continue;
      for (std::size_t p = i; p < k; ++p)
        if (!lines_[p].blank) cv_.preamble.push_back(lines_[p].text);
      cv_.name = name;
      if (!rest.empty()) contact_line(rest);
      i = k + 1;
      if (std::string more; rest.empty() && i < lines_.size() && name_goes_on(lines_[i].text, more)) {
        cv_.name += " " + more.substr(0, more.find('\t'));
        if (more.find('\t') != std::string::npos) contact_line(more.substr(more.find('\t') + 1));
        ++i;
      }
      break;
    }
    if (cv_.name.empty() && i < lines_.size() && !heading_at(i) && !date_fragment(lines_[i].text)) {
      cv_.name = lines_[i].text;
      for (char& c : cv_.name)
        if (c == '\t') c = ' ';
      ++i;
    }
    if (owner_.empty()) owner_ = owner_from_name(cv_.name);
    for (; i < lines_.size() && !heading_at(i); ++i) {
      if (lines_[i].blank) continue;
      contact_line(lines_[i].text);
    }
    return i;
  }

  // From a PDF: the line of the first five above the first heading set in a font well
  // above the first line's, if one is and holds a name (from text, see right_aligned_above): the name, though an address is set above it ("Serra de Santo
  // António" over "Daniel Dias Agostinho"). Else (text) the first line, 0.
  std::size_t largest_font_line(std::size_t i) {
    std::size_t best = i;
    double first = 0;
    for (std::size_t k = i, seen = 0; k < lines_.size() && seen < 5 && !heading_at(k); ++k) {
      if (lines_[k].blank) continue;
      if (seen++ == 0) first = lines_[k].size;
      std::string name, rest;
      // a job's title set large under a first line whose gap mixes the name with smaller
      // text ("Hongyi Wang<gap>Piscataway, NJ" at 9 pt over "Assistant Professor" at 17 pt)
      if (lines_[k].size > lines_[best].size && name_in(lines_[k].text, name, rest) && !names_a_role(name)) best = k;
    }
    if (first > 0) return lines_[best].size >= first * 1.5 ? best : i;
    return right_aligned_above(i);
  }

  static bool names_a_role(const std::string& t) {
    for (auto [b, e] : tokens_of(t))
      if (vocabulary().roles.count(lower_ascii(t.substr(b, e - b)))) return true;
    return false;
  }

  // -layout text: "<spaces>Serra de Santo António" over "Daniel Roe<gap>Alcanena, Portugal"
  // over "<spaces>(+351) 912 559 675", all three ending at one column: the first line is a
  // right-aligned contact block's, the name is under it. Returns the name's line, else i.
  std::size_t right_aligned_above(std::size_t i) const {
    auto chars = [](std::string_view t) {
      return static_cast<int>(std::count_if(t.begin(), t.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    };
    // where a line's text ends, in columns; -1 when its gaps hide it (two or more)
    auto end = [&](const Line& l) {
      const auto tab = l.text.find('\t');
      if (tab == std::string::npos) return l.indent + chars(l.text);
      if (l.text.find('\t', tab + 1) != std::string::npos) return -1;
      return l.second_column + chars(std::string_view(l.text).substr(tab + 1));
    };
    std::size_t k = i + 1, after = i + 2;
    while (k < lines_.size() && lines_[k].blank) ++k;
    if (k + 1 >= lines_.size() || lines_[i].indent < 40 || lines_[i].text.find('\t') != std::string::npos) return i;
    for (after = k + 1; after < lines_.size() && lines_[after].blank;) ++after;
    const Line& under = lines_[k];
    if (under.indent > 0 || under.text.find('\t') == std::string::npos || after >= lines_.size()) return i;
    const int e = end(lines_[i]);
    std::string name, rest;
    return std::abs(e - end(under)) <= 3 && std::abs(e - end(lines_[after])) <= 3 && name_in(under.text, name, rest) ? k : i;
  }

  // A name in capitals wrapped over two lines: "JOÃO VITOR" / "DE O. SILVA<gap>Rio de
  // Janeiro". The second line's first part goes on with it when it reads as the rest of
  // a name: capitals, three words at most, a particle ("de", "van") or an initial ("O.")
  // among them, nothing else but letters. A title under the name ("DATA SCIENTIST") has none.
  bool name_goes_on(const std::string& next, std::string& more) const {
    static const std::set<std::string, std::less<>> kParticles = {
        "de", "da", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den", "ter", "bin", "ibn", "al", "el"};
    if (!is_caps(cv_.name) || cv_.name.find('\t') != std::string::npos) return false;
    const std::string seg = trim(next.substr(0, next.find('\t')));
    if (seg.empty() || !is_caps(seg) || has_section_word(seg)) return false;
    std::vector<std::string> words;
    for (auto [b, e] : tokens_of(seg)) words.emplace_back(seg.substr(b, e - b));
    if (words.empty() || words.size() > 3) return false;
    bool marked = false;
    for (const auto& w : words) {
      const bool initial = w.size() == 2 && w[1] == '.';
      if (!initial && std::any_of(w.begin(), w.end(), [](char c) { return c == '.' || c == ',' || is_digit(c) || c == '@'; }))
        return false;
      marked = marked || initial || kParticles.count(lower_ascii(w)) > 0;
    }
    if (!marked) return false;
    more = next;
    return true;
  }

  // "Jane Roe", "JANE ROE Troy NY, 12180 | …", "Jane Roe<gap>jane@…": the name and what follows it.
  static bool name_in(const std::string& t, std::string& name, std::string& rest) {
    // a right-aligned name: "Last updated: …<gap>Filip Cano"
    const auto tab = t.rfind('\t');
    if (tab != std::string::npos && name_in_segment(t.substr(0, tab), name, rest) == false &&
        name_in_segment(t.substr(tab + 1), name, rest)) {
      rest = t.substr(0, tab) + rest;
      return true;
    }
    return name_in_segment(t, name, rest);
  }

  static bool name_in_segment(const std::string& t, std::string& name, std::string& rest) {
    std::size_t cut = t.size();
    for (std::string_view sep : {"\t", "|", "◊", "⋄", "·"}) cut = std::min(cut, t.find(sep));
    std::string first = trim(t.substr(0, cut));
    rest = cut < t.size() ? t.substr(cut) : "";
    auto words = tokens_of(first);
    // no digits, no address: "thalitadru.github.io" has a dot before lower-case letters
    auto plain = [](std::string_view w) {
      for (std::size_t p = w.find('.'); p != std::string_view::npos; p = w.find('.', p + 1))
        if (p + 2 < w.size() && std::islower(static_cast<unsigned char>(w[p + 1])) && std::islower(static_cast<unsigned char>(w[p + 2])))
          return false;
      return std::none_of(w.begin(), w.end(), [](char c) { return is_digit(c) || c == '@' || c == ':' || c == '/'; });
    };
    // a leading run of caps words: "CHUNHENG JIANG Troy NY"
    std::size_t caps = 0;
    while (caps < words.size()) {
      const auto w = std::string_view(first).substr(words[caps].first, words[caps].second - words[caps].first);
      if (!std::all_of(w.begin(), w.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) || c == '.' || c == '-' || static_cast<unsigned char>(c) >= 0x80; }))
        break;
      ++caps;
    }
    // not a run of initials ("A. M. Roe, PhD")
    std::size_t long_words = 0;
    for (std::size_t k = 0; k < caps; ++k) long_words += words[k].second - words[k].first > 2;
    if (caps >= 2 && caps < words.size() && caps <= 4 && long_words >= 2) {
      rest = first.substr(words[caps].first) + rest;
      first = trim(first.substr(0, words[caps - 1].second));
      words.resize(caps);
    }
    if (words.empty() || words.size() > 6 || !plain(first)) return false;
    // "Toulouse, France" is a place; after a name's comma come degrees ("Jane Roe, PhD")
    if (const auto comma = first.find(','); comma != std::string::npos)
      for (auto [b, e] : tokens_of(std::string_view(first).substr(comma + 1)))
        if (!degree_or_suffix(std::string_view(first).substr(comma + 1 + b, e - b))) return false;
    const std::string low = lower_ascii(first);
    if (vocabulary().document_titles.count(low)) return false;
    name = first;
    return true;
  }

  void contact_line(const std::string& t) {
    const bool separated = t.find('\t') != std::string::npos || t.find("⋄") != std::string::npos ||
                           t.find("◊") != std::string::npos || t.find(" | ") != std::string::npos ||
                           t.find(" · ") != std::string::npos;
    if (t.size() > 120 && !separated) {
      cv_.preamble.push_back(t);
      return;
    }
    std::string cur;
    auto flush = [&] {
      std::string p = trim(cur);
      if (!p.empty()) cv_.contact.push_back(p);
      cur.clear();
    };
    for (std::size_t i = 0; i < t.size();) {
      std::size_t after = 0;
      bool sep = t[i] == '\t' || t[i] == '|';
      if (sep) after = 1;
      for (std::string_view s : {"◊", "⋄", "·", "•", "∙", "ⓡ"})
        if (!sep && t.compare(i, s.size(), s) == 0) {
          sep = true;
          after = s.size();
        }
      if (sep) {
        flush();
        i += after;
      } else {
        cur += t[i++];
      }
    }
    flush();
  }

  bool heading_at(std::size_t i) {
    if (i >= lines_.size() || lines_[i].blank) return false;
    if (heading_title(lines_[i], i + 1 < lines_.size() ? &lines_[i + 1] : nullptr)) return true;
    return column_title(lines_[i]).has_value();
  }

  // The heading in the first column of a -layout line, if any.
  std::optional<std::string> column_title(const Line& l) const {
    const auto tab = l.text.find('\t');
    if (tab == std::string::npos) return std::nullopt;
    Line first = l;
    first.text = l.text.substr(0, tab);
    auto title = heading_title(first, nullptr);
    if (!title) return std::nullopt;
    // caps: a section word or small caps; Title Case ("Contact<gap># jane@…"): only
    // on a label-left page, a label at the line's start with its text close after it
    if (is_caps(first.text) ? !(has_section_word(*title) || small_caps_split(first.text))
                            : !margin_labels_ || l.indent > 0 || l.second_column > kMarginWidth)
      return std::nullopt;
    return title;
  }

  void line(std::size_t i) {
    const Line& l = lines_[i];
    if (i < table_end_) return;  // read with its table (see date_table)
    if (l.blank) {
      prev_blank_ = true;
      return;
    }
    if (i < label_run_end_) return;  // read with the label stacked above it
    const Line* next = i + 1 < lines_.size() ? &lines_[i + 1] : nullptr;
    cur_i_ = i;
    if (stacked_label(l, i) || margin_label_continues(l, i) || columns_heading(l, i) || noted_heading(l, i) ||
        last_column_heading(l, i))
      return;
    if (auto title = heading_title(l, next); title && !block_tail(l, i)) {
      // the PDF's fonts tell a section (2) from a subsection (3), whatever their capitals;
      // in text, a heading found by its shape or number leaves it to the capitals
      const bool font_section = l.heading_level == 2 && l.size > 0;
      heading(*title, font_section || (l.heading_level != 3 && is_caps(l.text)), i, small_caps_split(l.text));
      return;
    }
    if (cv_.sections.empty()) open_section("", i);
    cur_i_ = i;
    const bool after_cell = cell_read_;
    cell_read_ = false;
    // The first date cell of its own tells the CV's layout: one opening its section (a left
    // date column; plain pdftotext reads a row's cell before the block beside it) says the
    // CV's dates lead their blocks, one after a block of its section that they close them.
    if (!dates_known_ && prev_blank_ && date_cell_at(i)) {
      dates_known_ = true;
      dates_lead_ = section().entries.empty() && last_heading_ + 1 + blanks_before(last_heading_ + 1) == i;
    }
    if (prev_blank_ && axis_labels(i)) return;
    if (prev_blank_ && !section().publications) {
      std::size_t end = after_cell ? description_block(i) : i;
      if (end == i) end = dates_of_block_above(i);
      if (end == i) end = std::max({date_table(i), date_place_table(i), date_block(i)});
      if (end > i) {
        table_end_ = end;
        return;
      }
    }
    // a date cell right under the last entry's bullets, its title block after it
    if (const Entry* e = current(); e && !prev_blank_ && !e->date.empty() && !e->subs.empty() && !section().publications &&
                                    is_date_only(l.text)) {
      if (const std::size_t end = date_block(i); end > i) {
        table_end_ = end;
        return;
      }
    }
    // "sep. 2017 –" / "juin 2018": one date cell over two lines is read as one line (a
    // -layout column's cell, indented, has the text beside it start under it: not here)
    Line cell = l;
    const bool two_lines = i + 1 < lines_.size() && l.indent == 0 && lines_[i + 1].indent == 0 && two_line_cell(i, cell.text);
    if (two_lines) table_end_ = i + 2;
    std::size_t j = i + (two_lines ? 2 : 1);
    while (j < lines_.size() && lines_[j].blank) ++j;
    next_is_date_ = j < lines_.size() && is_date_only(lines_[j].text);
    next_is_bullet_ = j < lines_.size() && starts_with_bullet(lines_[j].text);
    body_line(cell);
    prev_blank_ = false;
    // a bullet's text, without its glyph and the gap after it ("●<gap>Especialização, …,")
    std::size_t glyph = 0;
    prev_text_ = starts_with_bullet(cell.text, &glyph) ? trim(cell.text.substr(glyph)) : cell.text;
    prev_indent_ = l.indent;
  }

  // The same with two-line cells: a block of date and place pairs ("May 2025" /
  // "Atlanta, GA" / "Apr 2026" / …), then a block of as many bullet and place pairs
  // ("• Trevor Evans Award" / "Department of Mathematics" / "• Phi Beta Kappa …" / …),
  // or the two blocks the other way round. Pair k of each block is one entry. Where the
  // entries are read, the index of the first line after them; else i.
  std::size_t date_place_table(std::size_t i) {
    const std::size_t end = block_end(i);
    const std::size_t rows = end - i;
    if (rows < 4 || rows % 2 != 0) return i;
    std::size_t at = end;
    while (at < lines_.size() && lines_[at].blank) ++at;
    if (at == end || at >= lines_.size() || block_end(at) - at != rows) return i;
    // the dates first, or (jrlyu's teaching) the bullets first and their dates in the block after them
    if (date_place_rows(i, at, rows)) return at + rows;
    if (date_place_rows(at, i, rows)) return at + rows;
    return i;
  }

  // Whether `rows` lines from `dates` are date and place pairs and as many from `bullets` are
  // bullet and place pairs; if so, each pair k of the two is made one entry.
  bool date_place_rows(std::size_t dates, std::size_t bullets, std::size_t rows) {
    constexpr std::size_t kLongestPlace = 40;
    for (std::size_t k = dates; k < dates + rows; k += 2) {
      const std::string& date = lines_[k].text;
      const std::string& place = lines_[k + 1].text;
      if (!is_date_only(date) || date.find('\t') != std::string::npos || has_year(place) || place.size() > kLongestPlace ||
          place.find('\t') != std::string::npos || starts_with_bullet(place))
        return false;
    }
    std::vector<std::string> titles;
    for (std::size_t k = bullets; k < bullets + rows; k += 2) {
      std::size_t glyph = 0;
      const std::string& under = lines_[k + 1].text;
      if (!starts_with_bullet(lines_[k].text, &glyph) || lines_[k].text.find('\t') != std::string::npos ||
          starts_with_bullet(under) || leading_date(under) > 0 || under.find('\t') != std::string::npos)
        return false;
      titles.push_back(trim(lines_[k].text.substr(glyph)));
    }
    flush_dates();
    for (std::size_t r = 0; r < titles.size(); ++r) {
      Entry e;
      e.date = trim(lines_[dates + 2 * r].text);
      e.title = titles[r];
      e.text = lines_[bullets + 2 * r + 1].text + ", " + trim(lines_[dates + 2 * r + 1].text);
      section().entries.push_back(std::move(e));
    }
    table_read();
    return true;
  }

  // After a table's rows were read as entries: the next line starts afresh, as after a blank line.
  void table_read() {
    last_sub_ = false;
    entry_glyph_.clear();
    entry_col_ = -1;
    prev_blank_ = true;
    prev_text_.clear();
  }

  // A right-hand date column printed after its entries: "Doctorado en Sociología," /
  // "Pontificia Universidad …" / "Magíster en Sociología," / "Pontificia …" / blank /
  // "Mar. 2023 – a la fecha" / "Mar. 2017 – May. 2019". A block of two or more dates
  // right under a block that made as many undated entries dates them in order. Where
  // the dates were read, the index of the first line after them; else i. (Not in a CV
  // whose dates lead their blocks: there the dates are the blocks' under them.)
  std::size_t dates_of_block_above(std::size_t i) {
    const std::size_t end = block_end(i);
    const std::size_t rows = end - i;
    if (dates_lead_ || rows < 2 || section().entries.size() < rows) return i;
    // (an open date, "02/2017–" over "05/2017", is one cell over two lines)
    for (std::size_t k = i; k < end; ++k)
      if (!is_date_only(lines_[k].text) || lines_[k].text.find('\t') != std::string::npos || open_date(lines_[k].text))
        return i;
    std::size_t above = i;  // the block above: [from, above)
    while (above > 0 && lines_[above - 1].blank) --above;
    std::size_t from = above;
    while (from > 0 && !lines_[from - 1].blank && from - 1 != last_heading_) --from;
    if (from == above || (last_heading_ != static_cast<std::size_t>(-2) && from <= last_heading_)) return i;
    auto& es = section().entries;
    const std::size_t first = es.size() - rows;
    for (std::size_t k = first; k < es.size(); ++k) {
      const auto s = starts_.find(k);
      if (s == starts_.end() || s->second.line < from || s->second.line >= above || !es[k].date.empty() ||
          es[k].key_value || es[k].subheading)
        return i;
    }
    // and no entry before them came from that block
    if (const auto s = starts_.find(first - 1); first > 0 && s != starts_.end() && s->second.line >= from) return i;
    flush_dates();
    for (std::size_t r = 0; r < rows; ++r) es[first + r].date = trim(lines_[i + r].text);
    table_read();
    return end;
  }

  // Plain pdftotext prints a table column by column: "2025–2026" / "2024–present" /
  // blank / "Assistant Professor" / "Affiliated Researcher" / blank / "University of
  // Barcelona" / "Dept. for Education". A block of dates, then blocks of as many lines
  // (no dates, no bullets): row k of each block is one entry, its date, title and
  // place. Where the entries are read, the index of the first line after them; else i.
  std::size_t date_table(std::size_t i) {
    auto block = [&](std::size_t from, std::size_t& to) {
      to = block_end(from);
      return to - from;
    };
    std::size_t end = 0;
    const std::size_t rows = block(i, end);
    if (rows < 2) return i;
    for (std::size_t k = i; k < end; ++k)
      if (!is_date_only(lines_[k].text) || lines_[k].text.find('\t') != std::string::npos) return i;
    std::vector<std::vector<std::string>> columns;  // the blocks after the dates, a cell per row
    std::size_t wrapped_cells = 0;                  // columns with a cell over two lines
    constexpr std::size_t kColumns = 2;
    for (std::size_t at = end; columns.size() < kColumns;) {
      if (at >= lines_.size() || !lines_[at].blank) break;
      while (at < lines_.size() && lines_[at].blank) ++at;
      std::size_t to = 0;
      if (at >= lines_.size() || block(at, to) < rows) break;
      bool text = true;
      for (std::size_t k = at; k < to && text; ++k)
        text = leading_date(lines_[k].text) == 0 && !starts_with_bullet(lines_[k].text) &&
               lines_[k].text.find('\t') == std::string::npos;
      std::vector<std::string> cells;
      if (!text || !column_cells(at, to, rows, cells)) break;
      wrapped_cells += to - at > rows;
      columns.push_back(std::move(cells));
      at = end = to;
    }
    // a column with wrapped cells counts only beside one with a line per row, which
    // confirms the rows
    if (columns.empty() || (wrapped_cells && columns.size() == wrapped_cells)) return i;
    flush_dates();
    for (std::size_t r = 0; r < rows; ++r) {
      Entry e;
      e.date = trim(lines_[i + r].text);
      e.text = columns[0][r];
      if (columns.size() > 1) {
        e.title = e.text;
        e.text = columns[1][r];
      }
      section().entries.push_back(std::move(e));
    }
    table_read();
    return end;
  }

  // A table column's lines [from, to) as `rows` cells. A cell may have wrapped onto a
  // second line ("Research Expert Panel, …, Financial Services Skill" / "Commission"):
  // with k lines more than rows, k of the lines that ran on from a filled line above them
  // (in lower case, or short: a wrapped cell's end is its rest) are those cells' ends,
  // the lower-case and short ones first.
  // (date_table takes such a column only beside one with a line per row.)
  bool column_cells(std::size_t from, std::size_t to, std::size_t rows, std::vector<std::string>& cells) {
    const std::size_t extra = to - from - rows;
    if (extra > rows / 2) return false;  // not a column of this table
    std::size_t width = 0;
    for (std::size_t k = from; k < to; ++k) width = std::max(width, shown_columns(lines_[k].text));
    // lines that may end the cell above them: that line was filled, and this one goes
    // on in lower case or is a short rest ("Commission"), not a cell of its own
    std::vector<std::size_t> run_on;
    for (std::size_t k = from + 1; k < to; ++k) {
      const std::string& t = lines_[k].text;
      const bool rest = std::islower(static_cast<unsigned char>(t[0])) || shown_columns(t) * 3 < width;
      if (rest && filled(lines_[k - 1].text, t, width)) run_on.push_back(k);
    }
    if (run_on.size() < extra) return false;
    std::stable_sort(run_on.begin(), run_on.end(), [&](std::size_t a, std::size_t b) {
      const bool la = std::islower(static_cast<unsigned char>(lines_[a].text[0])) != 0;
      const bool lb = std::islower(static_cast<unsigned char>(lines_[b].text[0])) != 0;
      if (la != lb) return la;
      return shown_columns(lines_[a].text) < shown_columns(lines_[b].text);
    });
    const std::set<std::size_t> ends(run_on.begin(), run_on.begin() + static_cast<std::ptrdiff_t>(extra));
    cells.clear();
    for (std::size_t k = from; k < to; ++k) {
      if (ends.count(k) && ends.count(k - 1)) return false;  // a cell over three lines: not one of these
      if (ends.count(k))
        cells.back() = join_wrapped(cells.back(), lines_[k].text, hyphens_);
      else
        cells.push_back(lines_[k].text);
    }
    return cells.size() == rows;
  }

  // Where the block of lines from `from` ends: at a blank line or a heading; inside it
  // a line that could be one ("UCL", "Dept. for Education") is a cell unless it is a
  // section's caps title.
  std::size_t block_end(std::size_t from) {
    std::size_t to = from;
    while (to < lines_.size() && !lines_[to].blank &&
           !(heading_at(to) && (to == from || (is_caps(lines_[to].text) && has_section_word(lines_[to].text)))))
      ++to;
    return to;
  }

  std::size_t next_block(std::size_t after) const {
    while (after < lines_.size() && lines_[after].blank) ++after;
    return after;
  }

  // A line that can be an entry's title or place: short, no date, no sentence, no bullet
  // (a place may close with a full stop: "Centro de Medición Mide UC, Santiago.").
  // `stops`: a full stop may close it anyway (see date_block).
  bool title_like(std::size_t k, std::size_t longest = kLongestTitle, bool stops = false) {
    const std::string& t = lines_[k].text;
    constexpr std::size_t kLongestPlace = 70;
    // (a full stop after a number alone, "1.", closes a list's number, no title)
    const bool worded = std::count_if(t.begin(), t.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }) >= 2;
    const bool place = (stops && worded) || (t.find(", ") != std::string::npos && visible_width(t) <= kLongestPlace);
    return !lines_[k].blank && t.find('\t') == std::string::npos && !starts_with_bullet(t) && leading_date(t) == 0 &&
           !ends_dated(t) && visible_width(t) <= longest && (visible_end(t) != '.' || place) && !heading_at(k);
  }

  // Plain pdftotext sets an entry's date cell apart from its title by blank lines, before
  // or after it: "Research Assistant" / "Department of Mathematics" / blank / "Oct 2023 –
  // Present" / "Atlanta, GA" (or the date block first). A block of one to three title
  // lines and a block of a date line and at most a place are one entry. Where the entry
  // is read, the index of the first line after it; else i.
  std::size_t date_block(std::size_t i) {
    constexpr std::size_t kTitleLines = 3, kLongestPlace = 40;
    // a date line, and a place over or under it ("Nancy, France" / "12/2014–01/2019") or
    // beside it ("Oxford, UK | 2023 - 2027")
    std::string cell_date, cell_place;
    auto date_at = [&](std::size_t k) {
      const std::string& t = lines_[k].text;
      if (t.find('\t') != std::string::npos) return false;
      if (is_date_only(t) || labelled_dates(t)) {
        cell_date = trim(t);
        return true;
      }
      const auto bar = t.find(" | ");
      if (bar == std::string::npos || t.find(" | ", bar + 3) != std::string::npos) return false;
      const std::string left = trim(t.substr(0, bar)), right = trim(t.substr(bar + 3));
      const bool date_right = is_date_only(right) && !left.empty() && left.size() <= kLongestPlace && !has_year(left);
      const bool date_left = is_date_only(left) && !right.empty() && right.size() <= kLongestPlace && !has_year(right);
      if (!date_right && !date_left) return false;
      cell_date = date_right ? right : left;
      cell_place = date_right ? left : right;
      return true;
    };
    auto date_cell = [&](std::size_t from, std::size_t to) {
      if (to - from == 2 && two_line_cell(from, cell_date)) {
        cell_place.clear();
        return true;
      }
      for (std::size_t d = from; d < to && to - from <= 2; ++d) {
        cell_date.clear();
        cell_place.clear();
        const std::size_t other = d == from ? from + 1 : from;
        if (!date_at(d)) continue;
        if (to - from == 1) return true;
        if (cell_place.empty() && title_like(other, kLongestPlace)) {
          cell_place = lines_[other].text;
          return true;
        }
      }
      return false;
    };
    auto titles = [&](std::size_t from, std::size_t to, bool stops = false) {
      if (to - from < 1 || to - from > kTitleLines) return false;
      for (std::size_t k = from; k < to; ++k)
        if (!title_like(k, kLongestTitle, stops)) return false;
      return true;
    };
    // titles of words, not a bare link ("github.com/jroe")
    auto worded_titles = [&](std::size_t from, std::size_t to) {
      return titles(from, to) && lines_[from].text.find(' ') != std::string::npos;
    };
    const std::size_t end = block_end(i);
    if (end >= lines_.size() || !lines_[end].blank) return i;
    const std::size_t b = next_block(end);
    if (b >= lines_.size()) return i;
    const std::size_t b_end = block_end(b);
    std::vector<std::size_t> title_lines;
    std::size_t d_to = 0;  // where the block holding the dates ends
    Entry* e = current();
    const bool led = dates_lead_section();
    // the date cell of the title line above it: "Massachusetts Institute of Technology" /
    // blank / "Cambridge, MA, USA | 2021 - 2022"
    if (e && !led && !dates_lead_ && date_cell(i, end) && e->date.empty() && e->subs.empty() && e->title.empty() && !e->key_value &&
        starts_.count(section().entries.size() - 1) && starts_[section().entries.size() - 1].last + 1 < i &&
        visible_width(e->text) <= kLongestTitle && visible_end(e->text) != '.' && e->text.find('\t') == std::string::npos) {
      e->date = cell_date;
      if (!cell_place.empty()) {
        e->title = e->text;
        e->text = cell_place;
      }
      cell_read_ = true;
      return end;
    }
    // the date first, unless the entry above is still waiting for its date. Where the CV
    // sets its dates before their blocks, an undated block above is no sign of that, and
    // the title lines may go on with the entry's description ("Université de Bordeaux" /
    // "Enseignante vacataire" / "64 heures. … Cours assurés :"). Dates waiting for their
    // entries (a column printed first) make this cell the next of their column. Where the
    // section's dates lead their lines, worded titles under the cell are its entry's
    // whatever the entry above, and a bare link is no title.
    const std::size_t heads = title_head(b, b_end);
    const bool after_dated = !(e && e->date.empty() && e->subs.empty());
    std::size_t heads_end = 0;  // date first: its title lines are [b, heads_end)
    if (date_cell(i, end)) {
      if (led && worded_titles(b, b_end))
        heads_end = b_end;
      else if (heads > 0 && (!led || worded_titles(b, b + heads)) && pending_.empty() &&
               (heads == b_end - b ? after_dated || dates_lead_ : dates_lead_))
        heads_end = b + heads;
    }
    if (heads_end > 0) {
      d_to = end;
      for (std::size_t k = b; k < heads_end; ++k) title_lines.push_back(k);
    } else if (!dates_lead_ && !titles(i, end) && titles(i, end, true) && !section_opens_with_date() && date_cell(b, b_end)) {
      // "5° Conferencia COES, Santiago, Chile." / "Premio al mejor poster." / blank /
      // "2018": title lines closed by full stops, their date cell right under them. (Not
      // where the section sets its dates first: there a sentence ends the entry above.)
      d_to = b_end;
      for (std::size_t k = i; k < end; ++k) title_lines.push_back(k);
    } else if (!dates_lead_) {
      // title blocks, each of its own ("Payfit" / "Paris, France" / "SITE RELIABILITY
      // ENGINEER" between blank lines), then the date cell
      constexpr std::size_t kBlocks = 3, kLines = 4;
      std::size_t from = i, to = end, blocks = 0;
      // blocks apart are cells only when they read as names ("Payfit"), not as a
      // figure left from the entry above ("5.0 GPA")
      auto name_like = [&](std::size_t k) {
        const unsigned char c = static_cast<unsigned char>(lines_[k].text[0]);
        return std::isupper(c) || c >= 0x80;
      };
      while (titles(from, to) && ++blocks <= kBlocks && title_lines.size() + (to - from) <= kLines &&
             (blocks == 1 || (name_like(from) && name_like(i)))) {
        for (std::size_t k = from; k < to; ++k) title_lines.push_back(k);
        if (to >= lines_.size() || !lines_[to].blank) return i;
        from = next_block(to);
        if (from >= lines_.size()) return i;
        to = block_end(from);
        if (date_cell(from, to)) {
          d_to = to;
          break;
        }
      }
      if (d_to == 0) return i;
      // where dates lead their lines, a date cell with titles under it is theirs
      if (const std::size_t nb = next_block(d_to); led && d_to < lines_.size() && lines_[d_to].blank &&
                                                   nb < lines_.size() && worded_titles(nb, block_end(nb)))
        return i;
    } else {
      return i;
    }
    flush_dates();
    Entry entry;
    entry.date = cell_date;
    std::vector<std::string> parts;
    for (std::size_t k : title_lines) parts.push_back(lines_[k].text);
    if (!cell_place.empty()) parts.push_back(cell_place);
    if (parts.size() > 1) entry.title = parts.front();
    while (!entry.title.empty() && entry.title.back() == ',') entry.title.pop_back();  // shown as "**title**, place"
    for (std::size_t k = parts.size() > 1 ? 1 : 0; k < parts.size(); ++k)
      entry.text += (entry.text.empty() ? "" : entry.text.back() == ',' ? " " : ", ") + parts[k];
    section().entries.push_back(std::move(entry));
    last_sub_ = false;
    entry_glyph_.clear();
    entry_col_ = -1;
    prev_text_.clear();
    cell_read_ = true;
    const std::size_t read = std::max(title_lines.back() + 1, d_to);
    if (read < lines_.size() && !lines_[read].blank) {  // the description under the title block
      prev_blank_ = false;
      description_at_ = read;
    }
    return read;
  }

  // "2012" / "2014" / "2016" / "2018" / "2020", each a block of its own: years rising by
  // one step are a chart's axis (a timeline beside the entries), not dates of entries,
  // which a CV lists newest first. Kept as one line of text.
  bool axis_labels(std::size_t i) {
    constexpr std::size_t kLabels = 4;
    std::vector<int> years;
    std::string text;
    std::size_t end = i;
    for (std::size_t k = i; k < lines_.size() && block_end(k) == k + 1 && is_year(trim(lines_[k].text)); k = next_block(k + 1)) {
      const int y = std::stoi(trim(lines_[k].text));
      if ((years.size() >= 2 && y - years.back() != years[1] - years[0]) || (!years.empty() && y <= years.back())) break;
      years.push_back(y);
      text += (text.empty() ? "" : " ") + trim(lines_[k].text);
      end = k + 1;
    }
    if (years.size() < kLabels) return false;
    table_end_ = end;
    flush_dates();
    Entry e;
    e.text = text;
    section().entries.push_back(std::move(e));
    table_read();
    return true;
  }

  // The blank lines from line k on.
  std::size_t blanks_before(std::size_t k) const {
    std::size_t n = 0;
    while (k + n < lines_.size() && lines_[k + n].blank) ++n;
    return n;
  }

  // A date cell of its own at line k: a date-only line alone in its block, or two lines of one.
  bool date_cell_at(std::size_t k) {
    const std::size_t end = block_end(k);
    std::string d;
    return (end == k + 1 && is_date_only(lines_[k].text) && lines_[k].text.find('\t') == std::string::npos) ||
           (end == k + 2 && two_line_cell(k, d));
  }

  // The date of the cell at line k (see date_cell_at).
  std::string first_cell(std::size_t k) const {
    std::string d;
    return k + 1 < lines_.size() && !lines_[k + 1].blank && two_line_cell(k, d) ? d : trim(lines_[k].text);
  }

  // A date cell over two lines: an open range and its end ("sep. 2017 –" / "juin 2018",
  // "06/2019–" / "12/2019"), or months and their year ("avr. – juil." / "2021").
  bool two_line_cell(std::size_t k, std::string& date) const {
    const std::string a = trim(lines_[k].text), b = trim(lines_[k + 1].text);
    if (a.empty() || b.empty() || a.find('\t') != std::string::npos || b.find('\t') != std::string::npos ||
        !is_date_only(b) || !single_date(b))
      return false;
    if (is_date_only(a) && open_date(a) && latest_year(b) >= latest_year(a)) {
      date = closed_cell(a, b);
      return true;
    }
    if (year_less_date(a) && !open_date(a) && is_year(b)) {
      date = a + " " + b;
      return true;
    }
    return false;
  }

  // The title lines opening a block: one to three lines that read as a title or a place,
  // the whole block or followed by a line that reads as none, the entry's description (a
  // sentence, a "Key: value" detail, a bullet, a paragraph's first line). 0 when the block
  // is not so.
  std::size_t title_head(std::size_t from, std::size_t to) {
    constexpr std::size_t kTitleLines = 3;
    auto wraps_on = [&](std::size_t k) {
      return k + 1 < to && std::islower(static_cast<unsigned char>(lines_[k + 1].text[0]));
    };
    // (a first line may have a colon: "Research Assistant: Optimization")
    auto heads = [&](std::size_t k) {
      std::string kv;
      const std::string& t = lines_[k].text;
      return title_like(k) && visible_end(t) != ':' && (k == from || !key_value(t, kv)) && !wraps_on(k);
    };
    std::size_t n = 0;
    while (from + n < to && n < kTitleLines && heads(from + n)) ++n;
    if (n == 0) return 0;
    if (from + n >= to) return n;
    const std::string& t = lines_[from + n].text;
    std::string kv;
    const bool describes = starts_with_bullet(t) || key_value(t, kv) || visible_end(t) == '.' || visible_end(t) == ':' ||
                           visible_width(t) > kLongestTitle || wraps_on(from + n);
    return describes ? n : 0;
  }

  // "10/2021 - 3/2023 Adacotech Inc." and no line closing with its date: the section's
  // dates lead their entries, so a date cell on a line of its own ("11/2023" between
  // "[certificate]" and "SIGIR Asia 2023") is the next block's.
  bool dates_lead_section() {
    if (led_known_for_ == last_heading_) return led_;  // once per section
    led_known_for_ = last_heading_;
    led_ = false;
    std::size_t leading = 0, closing = 0;
    constexpr std::size_t kScan = 200;
    for (std::size_t k = last_heading_ + 1; k < lines_.size() && k < last_heading_ + 1 + kScan; ++k) {
      const std::string& t = lines_[k].text;
      if (lines_[k].blank || is_date_only(t)) continue;
      if (k > last_heading_ + 1 && heading_at(k)) break;
      const std::size_t lead = leading_date(t);
      const auto tab = t.rfind('\t');
      if (lead > 0 && lead < t.size())
        ++leading;
      else if (ends_dated(t) || (tab != std::string::npos && is_date_only(t.substr(tab + 1))))
        ++closing;
    }
    led_ = leading > 0 && closing == 0;
    return led_;
  }

  // "Mitglied seit 10/2018, Head seit 4/2020", "Member since 2018, Chair since 2021": a
  // date cell naming the role each date is of, a word before each date (which opens
  // with a range word: "seit", "since").
  static bool labelled_dates(std::string_view t) {
    bool labelled = false;
    for (std::size_t from = 0; from <= t.size();) {
      std::size_t to = t.find(", ", from);
      if (to == std::string_view::npos) to = t.size();
      const std::string_view part = t.substr(from, to - from);
      if (!is_date_only(part)) {
        const auto sp = part.find(' ');
        if (sp == std::string_view::npos) return false;
        const std::string_view word = part.substr(0, sp), date = part.substr(sp + 1);
        const auto tok = date.substr(0, date.find(' '));
        if (!std::all_of(word.begin(), word.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c < 0; }) ||
            !is_date_only(date) || !vocabulary().date_joiners.count(lower_ascii(tok)))
          return false;
        labelled = true;
      }
      from = to + 2;
    }
    return labelled;
  }

  // The section's first line is a date: its dates come before their entries.
  bool section_opens_with_date() const {
    const std::size_t first = next_block(last_heading_ + 1);
    return last_heading_ != static_cast<std::size_t>(-2) && first < lines_.size() && is_date_only(lines_[first].text);
  }

  // "Representante en el Consejo …" / blank / "Septiembre 2019" / blank / "He sido parte
  // del Consejo de Departamento …" / "la ETSIAAB-UPM, donde …": the wrapped sentences
  // right under an entry read from its title and date blocks describe it (the PDF
  // shows them under its title). Where they were read, the index after them; else i.
  std::size_t description_block(std::size_t i) {
    Entry* e = current();
    const std::size_t end = block_end(i);
    if (!e || !e->subs.empty() || end - i < 2) return i;
    for (std::size_t k = i; k < end; ++k) {
      const std::string& t = lines_[k].text;
      if (t.find('\t') != std::string::npos || starts_with_bullet(t) || leading_date(t) > 0 || numbered(t)) return i;
      // a sentence wrapped, not a list of lines
      if (k > i && !std::islower(static_cast<unsigned char>(t[0]))) return i;
    }
    if (visible_end(lines_[end - 1].text) != '.') return i;
    std::string text = lines_[i].text;
    for (std::size_t k = i + 1; k < end; ++k) text = join_wrapped(text, lines_[k].text, hyphens_);
    e->subs.push_back(text);
    table_read();
    return end;
  }

  // "Autres Git, LaTeX, …" / "Logiciels" / "" / "Langues": in text, a Title Case line that
  // closes a block, a blank line and a heading under it, is the block's last line (a
  // table's label wrapped under its text), not a section with nothing in it.
  bool block_tail(const Line& l, std::size_t i) {
    if (l.size > 0 || l.gap_above > 0 || l.heading_level != 0 || i == 0 || is_caps(l.text)) return false;
    std::size_t j = i + 1;
    if (j >= lines_.size() || !lines_[j].blank) return false;
    while (j < lines_.size() && lines_[j].blank) ++j;
    return j < lines_.size() && heading_at(j);
  }

  // -layout puts a margin label or a second column's heading on the line:
  // "EDUCATION<gap>Indian Institute …", "EXPERIENCE<gap>EDUCATION".
  bool columns_heading(const Line& l, std::size_t i) {
    auto title = column_title(l);
    if (!title) return false;
    const auto tab = l.text.find('\t');
    heading(*title, true, i, small_caps_split(l.text.substr(0, tab)), true);
    Line rest = l;
    rest.text = trim(l.text.substr(tab + 1));
    if (auto second = heading_title(rest, nullptr); second && is_caps(rest.text)) {
      heading(*second, true, i + 1);  // two columns' headings: not one label over two lines
      return true;
    }
    body_line(rest);
    prev_blank_ = false;
    prev_text_ = rest.text;
    return true;
  }

  // A label-left line's margin label and the text beside it: "ACADEMIC<gap>• Organised …",
  // or with only a space before a bullet, "C OMPUTATIONAL • Working knowledge of …".
  bool margin_split(const Line& l, std::string& label, std::string& rest) const {
    if (l.blank || l.indent > 0) return false;
    auto cut = l.text.find('\t');
    std::size_t after = cut + 1;
    if (cut == std::string::npos) {
      cut = l.text.find(" • ");
      after = cut + 1;
    }
    if (cut == std::string::npos || cut == 0) return false;
    label = trim(l.text.substr(0, cut));
    rest = trim(l.text.substr(after));
    return !rest.empty() && is_caps(label) && std::count(label.begin(), label.end(), ' ') < 4;
  }

  // Caps labels stacked in the margin of a label-left page, the first naming no section
  // alone: "ACADEMIC" / "OUTREACH" / "ACTIVITIES", "C OMPUTATIONAL" / "S KILLS". The lines
  // follow one another with no space between (a space opens the next label); their labels
  // are one heading and the texts beside them go on under it.
  bool stacked_label(const Line& l, std::size_t i) {
    std::string label, rest;
    if (!margin_labels_ || !margin_split(l, label, rest) || column_title(l)) return false;
    std::string joined = label;
    std::vector<std::string> rests = {rest};
    std::size_t k = i + 1;
    for (std::string nl, nr; k < lines_.size() && k <= i + 3 && lines_[k].gap_above < 0.5 && margin_split(lines_[k], nl, nr); ++k) {
      joined += " " + nl;
      rests.push_back(nr);
    }
    if (k == i + 1) return false;
    Line head = l;
    head.text = joined;
    const auto title = heading_title(head, nullptr);
    if (!title || !has_section_word(*title)) return false;
    heading(*title, true, i, small_caps_split(joined), true);
    for (std::size_t r = 0; r < rests.size(); ++r) {
      Line body = lines_[i + r];
      body.text = rests[r];
      body_line(body);
      prev_blank_ = false;
      prev_text_ = body.text;
    }
    last_heading_ = k - 1;
    label_run_end_ = k;
    return true;
  }

  // A Title Case margin label over two lines: "Contact<gap># jane@…" then
  // "Information<gap>§ github.com/…" at the same column. The second line's label
  // continues the heading unless it is a section of its own: a section word whose
  // text does not run on from the line before ("Research … builds the" /
  // "Summary<gap>methods, …" runs on, so that label is "Research Summary").
  bool margin_label_continues(const Line& l, std::size_t i) {
    if (!margin_labels_ || !last_column_ || cv_.sections.empty() || l.indent > 0 || l.second_column == 0)
      return false;
    const Line& head = lines_[last_heading_];
    if (std::abs(l.second_column - head.second_column) > 3 || !label_continues(i)) return false;
    const auto tab = l.text.find('\t');
    const std::string label = l.text.substr(0, tab);
    Line rest = l;
    rest.text = trim(l.text.substr(tab + 1));
    const auto words = std::count(label.begin(), label.end(), ' ') + 1;
    if (words > 3 || is_caps(label) || !std::isupper(static_cast<unsigned char>(label[0])) ||
        std::any_of(label.begin(), label.end(), is_digit) || rest.text.empty())
      return false;
    const bool runs_on = !prev_text_.empty() && prev_text_.back() != '.' &&
                         std::islower(static_cast<unsigned char>(rest.text[0]));
    if (has_section_word(label) && !runs_on) return false;
    cv_.sections.back().title += " " + label;
    last_heading_ = i;
    body_line(rest);
    prev_blank_ = false;
    prev_text_ = rest.text;
    return true;
  }

  // "PHD SUPERVISION (Primary Supervisor unless otherwise noted)": the note is text.
  bool noted_heading(const Line& l, std::size_t i) {
    const auto open = l.text.find(" (");
    if (open == std::string::npos || l.text.back() != ')' || l.text.find('\t') != std::string::npos) return false;
    Line head = l;
    head.text = l.text.substr(0, open);
    auto title = heading_title(head, nullptr);
    if (!title || !is_caps(head.text)) return false;
    heading(*title, true, i);
    new_entry(l.text.substr(open + 1));
    return true;
  }

  // Two columns, the right one starting a section: "…valida-<gap>STRENGTHS".
  bool last_column_heading(const Line& l, std::size_t i) {
    const auto tab = l.text.rfind('\t');
    if (tab == std::string::npos || cv_.sections.empty()) return false;
    Line head = l;
    head.text = trim(l.text.substr(tab + 1));
    auto title = heading_title(head, nullptr);
    if (!title || !is_caps(head.text) || !has_section_word(*title)) return false;
    Line body = l;
    body.text = trim(l.text.substr(0, tab));
    if (!body.text.empty() && !heading_title(body, nullptr)) {
      body_line(body);
      prev_blank_ = false;
      prev_text_ = body.text;
    }
    heading(*title, true, i);
    return true;
  }

  void heading(const std::string& title, bool caps, std::size_t i, bool split = false, bool column = false) {
    // A title seen before is a table's label column or a repeated page label, not a
    // new section (and a duplicate heading fails markdownlint MD024): it stays text.
    const std::string key = lower_ascii(title);
    if (!seen_titles_.insert(key).second && !cv_.sections.empty()) {
      Line l;
      l.text = title;
      body_line(l);
      prev_blank_ = false;
      prev_text_ = title;
      return;
    }
    if (!doc_caps_known_) {
      doc_caps_known_ = true;
      doc_caps_ = caps;
    }
    // Section titles are caps in this CV: a Title Case one is a heading inside it.
    if (doc_caps_ && !caps && !cv_.sections.empty() && !cv_.sections.back().title.empty()) {
      flush_dates();
      Entry e;
      e.text = title;
      e.subheading = true;
      section().entries.push_back(std::move(e));
      pub_starts_ = PubStarts::unknown;
      prev_blank_ = true;
      prev_text_.clear();
      last_sub_ = false;
      entry_glyph_.clear();
      return;
    }
    open_section(title, i, caps, split, column);
  }

  void open_section(const std::string& title, std::size_t i, bool caps = false, bool split = false,
                    bool column = false) {
    if (continues_label(title, i, caps, split, column)) return;
    last_caps_ = caps;
    last_split_ = split;
    last_column_ = column;
    merged_ = false;
    flush_dates();
    Section s;
    s.title = title;
    s.publications = is_publication_heading(title);
    cv_.sections.push_back(std::move(s));
    starts_.clear();
    last_heading_ = i;
    prev_blank_ = true;
    prev_text_.clear();
    last_sub_ = false;
    pub_mode_ = 0;
    pub_starts_ = PubStarts::unknown;
    closed_ = false;
  }

  // A caps label wrapped over lines ("ACADEMIC" / "OUTREACH" / "ACTIVITIES",
  // "C URRENT" / "AFFILIATION") continues the last heading, which is extended.
  bool continues_label(const std::string& title, std::size_t i, bool caps, bool split, bool column) {
    if (lines_[i].heading_level >= 2) return false;  // structure.cpp joined it from the fonts
    if (cv_.sections.empty() || cv_.sections.back().title.empty()) return false;
    if (!(caps && last_caps_) && !(column && last_column_)) return false;
    std::string& prev = cv_.sections.back().title;
    const bool from_column = column && last_column_ && label_continues(i);
    if (!(last_heading_ + 1 == i && cv_.sections.back().entries.empty()) && !from_column) return false;
    const auto ends = [&](std::string_view w) { return prev.size() > w.size() && prev.compare(prev.size() - w.size(), w.size(), w) == 0; };
    const bool open_end = ends("/") || ends("&") || ends(" AND") || ends(" IN") || ends(" OF");
    if (!(open_end || split || last_split_ || merged_ || !(has_section_word(prev) && has_section_word(title))))
      return false;
    prev += (prev.back() == '/' ? "" : " ") + title;
    cv_.sections.back().publications = is_publication_heading(prev);
    last_heading_ = i;
    merged_ = true;
    return true;
  }

  // Label-left -layout: "C ONTACT<gap>…" / "<gap>…" / "I NFORMATION<gap>…": the
  // label's next line comes within two lines, only indented content between.
  bool label_continues(std::size_t i) const {
    if (last_heading_ >= i || i - last_heading_ > 3 || lines_[i].indent > 0) return false;
    for (std::size_t k = last_heading_ + 1; k < i; ++k)
      if (lines_[k].blank || lines_[k].indent == 0) return false;
    return true;
  }

  Section& section() { return cv_.sections.back(); }
  // the entry lines attach to; none right after a sub-heading
  Entry* current() {
    return section().entries.empty() || section().entries.back().subheading ? nullptr : &section().entries.back();
  }

  bool continues(const Line& l) const {
    if (prev_blank_ || prev_text_.empty() || prev_text_.find('\t') != std::string::npos) return false;
    if (l.text.find('\t') != std::string::npos || numbered(l.text) || months_above_year(l.text) > 0) return false;
    const unsigned char c = static_cast<unsigned char>(l.text[0]);
    if (std::islower(c)) return true;
    if (ends_open(prev_text_)) return true;
    if (last_sub_ && l.indent > prev_indent_ && prev_indent_ > 0) return true;
    const char e = visible_end(prev_text_);
    // "…, Artificial Intelligence, 2020", "… [PDF]" or "… [PDF](u)" / "J. Roe, A. Smith and
    // …": a publication ended and the next one's authors start
    const std::string& p = prev_text_;
    const bool ended =
        (p.size() >= 4 && is_year(std::string_view(p).substr(p.size() - 4))) || p.back() == ')' || p.back() == ']';
    if (cv_.sections.back().publications && ended && author_like(l.text, surname_of(owner_))) return false;
    // "… session MLSys" / "2023, LLM and …": a year in a list goes on with it
    const std::size_t lead = leading_date(l.text);
    const bool list_year = lead > 0 && lead < l.text.size() && l.text[lead - 1] == ',';
    return visible_width(prev_text_) * 10 >= wrap_ * 8 && e != '.' && e != ':' && (lead == 0 || list_year);
  }

  // The last character a reader sees: a Markdown link's text ends before "](url)".
  static char visible_end(const std::string& t) {
    if (t.size() >= 2 && t.back() == ')') {
      const auto open = t.rfind("](");
      if (open != std::string::npos && open > 0 && t.find(' ', open) == std::string::npos) return t[open - 1];
    }
    return t.back();
  }

  void append(const std::string& t) {
    Entry* e = current();
    if (!e) return;
    std::string& target = last_sub_ && !e->subs.empty() ? e->subs.back() : e->text;
    target = join_wrapped(target, t, hyphens_);
    if (auto s = starts_.find(section().entries.size() - 1); s != starts_.end()) s->second.last = cur_i_;
  }

  void body_line(const Line& l) {
    if (!open_cell_.empty()) {  // "Depuis" / "09/2022 Post-doc …": one date cell
      Line joined = l;
      joined.text = open_cell_ + " " + l.text;
      open_cell_.clear();
      body_line(joined);
      return;
    }
    if (!held_place_.empty()) {
      dated_after_place(l);
      return;
    }
    const bool after_title = just_titled_;
    just_titled_ = false;
    const std::size_t opened_by_prev = entry_line_;
    entry_line_ = static_cast<std::size_t>(-1);
    std::size_t after = 0;
    if (starts_with_bullet(l.text, &after)) {
      entry_col_ = -1;
      std::string t = trim(l.text.substr(after));
      const std::string glyph = l.text.substr(0, after - 1);
      // a bullet like the one that opened the entry is its sibling, another kind is under it
      if (current() && !section().publications && glyph != entry_glyph_) {
        current()->subs.push_back(t);
        last_sub_ = true;
      } else {
        new_entry(t);
        entry_glyph_ = glyph;
        entry_indent_ = l.indent;
        hang_entry_ = section().entries.size() - 1;
        // "• Trevor Evans Award<gap>May 2025" over "Department of Mathematics<gap>Atlanta, GA"
        // indented to its text: a dated title line, the line under it its place
        if (t.find('\t') != std::string::npos && !current()->date.empty() && !section().publications) {
          just_titled_ = true;
          entry_col_ = l.indent + static_cast<int>(columns(std::string_view(l.text).substr(0, after)));
        }
      }
      return;
    }
    if (section().publications && pub_paragraph(l)) return;
    if (hanging_line(l)) return;
    if (date_cell_closes(l, opened_by_prev)) return;
    if (date_cell_opens(l)) return;
    // "2021– PhD in Computer Science," / "current": the open range's end
    if (Entry* e = current(); e && !e->date.empty() && l.text.find('\t') == std::string::npos &&
                              vocabulary().present.count(lower_ascii(trim(l.text)))) {
      const std::string& d = e->date;
      if (d.back() == '-' || (d.size() >= 3 && (d.compare(d.size() - 3, 3, "–") == 0 || d.compare(d.size() - 3, 3, "—") == 0))) {
        e->date += l.text;
        return;
      }
    }
    // "…, Ahmedabad, India," / "24-28 September 2018.": the date ends the sentence
    const bool sentence_goes_on = !prev_blank_ && current() && (ends_open(prev_text_) || ends_with_month(prev_text_));
    if (sentence_goes_on && leading_date(l.text) > 0 && l.text.find('\t') == std::string::npos) {
      append(l.text);
      return;
    }
    if (date_line(l)) return;
    if (comma_across_gap(l)) return;
    if (dated_under_place(l)) return;
    if (after_title && place_line(l)) return;
    if (under_dated_colon(l)) return;
    if (location_cell(l)) return;
    // the line under a date cell's title block describes its entry (see date_block)
    if (Entry* e = current(); e && cur_i_ == description_at_) {
      e->subs.push_back(l.text);
      last_sub_ = details_ = true;
      return;
    }
    if (bullet_runs_on(l)) {
      append(l.text);
      bullet_run_line_ = cur_i_;
      return;
    }
    if (last_sub_ && !bold_title_ahead(l) && continues(l)) {
      append(l.text);
      return;
    }
    if (description_line(l)) return;
    if (!bold_title_ahead(l) && continues(l)) {
      append(l.text);
      if (dated_line_end_ + 1 == cur_i_) dated_line_end_ = cur_i_;  // the date-led line wrapped
      return;
    }
    if (section().publications && pub_continues(l)) return;
    if (!section().publications && place_before_dated_line(l)) return;
    std::string kv;
    entry_col_ = -1;
    // "08/2018 - 12/2018 - CIn UFPE" / "Cargo: Monitor" / "Descrição: …": plain text lost
    // the hanging indent, but labelled lines right under a dated entry are its details
    const bool under_dated_line = dated_line_end_ + 1 == cur_i_ || (last_sub_ && details_);
    details_ = false;
    if (Entry* e = current(); e && under_dated_line && !prev_blank_ && !e->date.empty() && !e->key_value &&
                              !e->subheading && !section().publications && key_value(l.text, kv)) {
      e->subs.push_back(l.text);
      last_sub_ = details_ = true;
      return;
    }
    if (!section().publications && key_value(l.text, kv)) {
      new_entry(kv);
      entry_glyph_.clear();
      current()->key_value = true;
      return;
    }
    if (dated_under_group(l)) return;
    if (title_under_date(l)) return;
    // the line after an entry's bullets opens a block as a blank line does
    const bool after_subs = last_sub_ && current() && !current()->subs.empty();
    new_entry(l.text);
    entry_glyph_.clear();
    entry_indent_ = l.indent;
    entry_line_ = cur_i_;
    // "2. Chinese Committee …, 2023:" over its indented details: a numbered entry's hanging
    // indent keeps them, as a bullet's does
    if (numbered(l.text)) hang_entry_ = section().entries.size() - 1;
    starts_[section().entries.size() - 1] = {cur_i_, cur_i_, prev_blank_ || after_subs || l.gap_above >= kBlockGap};
    if (dated_at_start(l.text, section().entries.back())) {
      merge_title_run(section().entries.size() - 1, false);
      dated_line_end_ = cur_i_;
    }
    else if (bold_titles_over(l)) merge_title_run(section().entries.size() - 1, false, true);
    // "Research Assistant<gap>2017-present" (or "2019–2024<gap>PhD, …"): a dated title
    // line, whose entry's text starts at entry_col_ in the -layout page
    const Entry& e = section().entries.back();
    const auto tab = l.text.find('\t');
    if (tab != std::string::npos && !e.date.empty() && !section().publications) {
      just_titled_ = true;
      entry_col_ = is_date_only(l.text.substr(0, tab)) ? l.second_column : l.indent;
    } else if (tab == std::string::npos && !e.date.empty() && !section().publications && l.text.find(" | ") != std::string::npos &&
               l.text.find(e.date) != std::string::npos && leading_date(l.text) == 0) {
      // "Hello World | Enero – Febrero 2022" (see bar_date_cell) over its place line
      just_titled_ = true;
      entry_col_ = l.indent;
    } else if (tab == std::string::npos && !e.date.empty() && !section().publications && !e.text.empty() &&
               l.text.size() > e.text.size() && l.text.compare(l.text.size() - e.text.size(), e.text.size(), e.text) == 0) {
      // "2016–2021 Ph.D. in Computer Science …" (moderncv): the text starts after the date
      entry_col_ = l.indent + static_cast<int>(columns(std::string_view(l.text).substr(0, l.text.size() - e.text.size())));
    }
  }

  // "2. Chinese Committee …, 2023:" / "Economic and Social Impacts …": a line closing
  // with a date and a colon announces the line under it, its entry's detail (the PDF shows
  // it indented), not an entry of its own. The detail's wrapped lines follow it.
  bool under_dated_colon(const Line& l) {
    Entry* e = current();
    const std::string& p = prev_text_;
    if (!e || prev_blank_ || section().publications || p.empty() || p.back() != ':' ||
        trailing_date(std::string_view(p).substr(0, p.size() - 1)) == std::string::npos ||
        p.find('\t') != std::string::npos || l.text.find('\t') != std::string::npos || numbered(l.text) ||
        leading_date(l.text) > 0)
      return false;
    e->subs.push_back(l.text);
    last_sub_ = true;
    return true;
  }

  // "●<gap>04/2019 - Instituto SENAI …" then, indented under the bullet's text, "Comunicação
  // (ISI-TICs)" / "Cargo: Desenvolvedor …" / "Principais atividades: …": a hanging indent
  // keeps the lines under the bullet's entry (its wrapped text, then its details), not
  // entries of their own.
  bool hanging_line(const Line& l) {
    Entry* e = current();
    // a page break between them is no blank line of the CV's
    std::size_t above = cur_i_;
    while (above > 0 && lines_[above - 1].blank) --above;
    const bool page_break = above > 0 && l.page > 0 && lines_[above - 1].page > 0 && lines_[above - 1].page != l.page;
    if (!e || (prev_blank_ && !page_break) || section().publications || hang_entry_ != section().entries.size() - 1 ||
        l.indent < entry_indent_ + 2 || l.text.find('\t') != std::string::npos)
      return false;
    if (continues(l)) {
      append(l.text);
    } else {
      e->subs.push_back(l.text);
      last_sub_ = true;
    }
    return true;
  }

  // "• National workshop on …, Raman Research Institute" / "(RRI), Bengaluru, India, 23-26
  // June 2015." / "• Fourteenth Workshop …": plain text lost the hanging indent, and the
  // line above may look short (pdftotext joins the lines a hyphen split, so the widest lines
  // run past the column). A bullet's line that ends no sentence, then at most three lines
  // without a glyph whose last ends one, right before the next bullet (or a gap): the
  // bullet's sentence runs on there.
  bool bullet_runs_on(const Line& l) {
    constexpr std::size_t kRunOn = 3;
    if (prev_blank_ || !current() || section().publications || cur_i_ == 0 || l.text.find('\t') != std::string::npos ||
        numbered(l.text) || leading_date(l.text) > 0)
      return false;
    // the bullet's line, right above or above lines that ran on from it already (not
    // above its date line: "– Award Nominee" / "2025" / "Nominated by …" is its description)
    std::size_t b = cur_i_ - 1, glyph = 0;
    while (b + kRunOn > cur_i_ && b > 0 && b == bullet_run_line_ && !starts_with_bullet(lines_[b].text)) --b;
    const std::string& top = lines_[b].text;
    if (lines_[b].blank || !starts_with_bullet(top, &glyph) || top.find('\t') != std::string::npos ||
        visible_end(top) == '.' || visible_width(top) * 10 < wrap_ * 6)
      return false;
    for (std::size_t k = b + 1; k < cur_i_; ++k)
      if (visible_end(lines_[k].text) == '.') return false;
    std::size_t end = cur_i_;
    while (end < lines_.size() && end < b + 1 + kRunOn && !lines_[end].blank && !starts_with_bullet(lines_[end].text) &&
           !heading_at(end))
      ++end;
    const bool next_ok = end >= lines_.size() || lines_[end].blank || heading_at(end) ||
                         lines_[end].text.compare(0, glyph, top, 0, glyph) == 0;
    return next_ok && end > cur_i_ && visible_end(lines_[end - 1].text) == '.' &&
           (end >= lines_.size() || lines_[end].blank || starts_with_bullet(lines_[end].text) || heading_at(end));
  }

  // "University of California, Berkeley<gap>Berkeley, CA" over "Ph.D. in EECS<gap>01/2021 –
  // Present" (Awesome-CV, resume.cls): the place line of an entry whose date is on
  // its second line. Held for that line; the two are one entry.
  bool place_before_dated_line(const Line& l) {
    const auto first_tab = l.text.find('\t');
    if (first_tab == std::string::npos || leading_date(l.text) > 0 || cur_i_ + 1 >= lines_.size()) return false;
    const std::string right = trim(l.text.substr(l.text.rfind('\t') + 1));
    constexpr std::size_t kLongestPlace = 40;
    if (right.empty() || right.size() > kLongestPlace || has_year(right)) return false;
    const Line& next = lines_[cur_i_ + 1];
    const auto next_tab = next.text.rfind('\t');
    if (next.blank || next_tab == std::string::npos || !is_date_only(next.text.substr(next_tab + 1)) ||
        leading_date(next.text) > 0 || heading_at(cur_i_ + 1))
      return false;
    std::string place;
    for (std::size_t from = 0; from <= l.text.size();) {
      const auto tab = std::min(l.text.find('\t', from), l.text.size());
      const std::string seg = trim(l.text.substr(from, tab - from));
      if (!seg.empty()) place += (place.empty() ? "" : place.back() == ',' ? " " : ", ") + seg;
      from = tab + 1;
    }
    held_place_ = place;
    return true;
  }

  // The dated line under a held place line: "**Ph.D. in EECS**, University of
  // California, Berkeley, Berkeley, CA — 01/2021 – Present".
  void dated_after_place(const Line& l) {
    std::string place = std::move(held_place_);
    held_place_.clear();
    new_entry(l.text);
    Entry& e = section().entries.back();
    e.title = e.text;
    e.text = place;
    entry_glyph_.clear();
    entry_indent_ = l.indent;
    entry_line_ = cur_i_;
    entry_col_ = l.indent;  // what is indented under it describes it
    just_titled_ = false;
  }

  static std::size_t columns(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
  }

  // A publication is a paragraph. Where the section numbers its entries ("[3]",
  // "12.") or sets a date in front of each, only such a line starts one: the
  // others continue the entry above, whatever their words (a title, a venue, an
  // author list); a line indented under the entry's first one does too.
  bool pub_paragraph(const Line& l) {
    if (pub_label(l)) return true;
    if (pub_starts_ == PubStarts::unknown) pub_starts_ = scan_pub_starts(cur_i_);
    Entry* e = current();
    if (!e || pub_starts_ == PubStarts::none || is_date_only(l.text)) return false;
    if (pub_starts_ == PubStarts::wrapped && l.text.find('\t') != std::string::npos) return false;
    // "…, pp. 147–" / "163. isbn: …": a page range the line break cut, not item 163
    const bool range_cut = ends_with_dash(prev_text_);
    const bool start = pub_starts_ == PubStarts::numbered  ? numbered(after_date_cell(l.text)) && !range_cut
                       : pub_starts_ == PubStarts::gap     ? prev_blank_
                       : pub_starts_ == PubStarts::hanging ? l.indent <= pub_base_indent_ + 1
                       : pub_starts_ == PubStarts::wrapped ? paragraph_ended(l)
                                                           : leading_date(l.text) > 0 && l.indent <= entry_indent_ + 1;
    // left of the entry and set in columns ("Jane Roe<gap>April 2026"): not the paragraph's
    if (!start && l.indent < entry_indent_ && l.text.find('\t') != std::string::npos) return false;
    // a year heading a group of publications ("2021<gap>E. Horta, …, 2021" / "P. Barrat, …"):
    // after one that ended (a year or a full stop), an author list starts the next
    const std::string& p = prev_text_;
    const bool initial = p.size() >= 2 && p.back() == '.' && std::isupper(static_cast<unsigned char>(p[p.size() - 2])) &&
                         (p.size() == 2 || !std::isalpha(static_cast<unsigned char>(p[p.size() - 3])));  // "…, S."
    const bool ended = !p.empty() && ((visible_end(p) == '.' && !initial) ||
                                      (p.size() >= 4 && is_year(std::string_view(p).substr(p.size() - 4))));
    const bool next_authors = (pub_starts_ == PubStarts::dated || pub_starts_ == PubStarts::wrapped) && ended &&
                              author_like(l.text, surname_of(owner_));
    // "… (with A. Smith). Working Paper." then "Automation and …": the line was full, the reference ended
    const bool next_title = pub_starts_ == PubStarts::wrapped && e && co_authored_and_ended(e->text) &&
                            opens_reference(l.text);
    if (start || next_authors || next_title) {
      new_entry(l.text);
      entry_glyph_.clear();
      entry_indent_ = l.indent;
      return true;
    }
    last_sub_ = false;
    std::string t = l.text;
    for (char& c : t)
      if (c == '\t') c = ' ';
    append(t);
    return true;
  }

  // "Title (with A. Smith). Drafting.": a reference written title first, its
  // co-authors in parentheses, then a full stop: it has ended ("(with C." has not).
  static bool co_authored_and_ended(const std::string& t) {
    auto with = t.rfind("(with ");
    if (const auto cap = t.rfind("(With "); cap != std::string::npos && (with == std::string::npos || cap > with)) with = cap;
    if (with == std::string::npos || t.find(')', with) == std::string::npos || visible_end(t) != '.') return false;
    const std::size_t n = t.size();
    const bool initial = n >= 2 && std::isupper(static_cast<unsigned char>(t[n - 2])) &&
                         (n == 2 || !std::isalpha(static_cast<unsigned char>(t[n - 3])));
    return !initial;
  }

  static bool ends_with_dash(const std::string& t) {
    return !t.empty() && (t.back() == '-' || (t.size() >= 3 && (t.compare(t.size() - 3, 3, "–") == 0 ||
                                                                t.compare(t.size() - 3, 3, "—") == 0)));
  }

  // "Conference:" over the papers of a kind: a label of a few words and a colon,
  // a heading inside the section.
  bool pub_label(const Line& l) {
    const std::string& t = l.text;
    if (t.size() < 4 || t.back() != ':' || t.find('\t') != std::string::npos || !std::isupper(static_cast<unsigned char>(t[0])) ||
        std::count(t.begin(), t.end(), ' ') > 3 || std::any_of(t.begin(), t.end(), is_digit))
      return false;
    Entry e;
    e.text = trim(t.substr(0, t.size() - 1));
    e.subheading = true;
    section().entries.push_back(std::move(e));
    pub_starts_ = PubStarts::unknown;
    prev_blank_ = true;
    last_sub_ = false;
    entry_glyph_.clear();
    return true;
  }

  // How the publications from line i to the next heading start: numbered (two or
  // more numbered lines), dated (three or more lines, and a fifth of all, open with
  // a date and go on), or neither.
  PubStarts scan_pub_starts(std::size_t i) {
    int numbers = 0, dates = 0, text = 0, paragraphs = 0, run = 0, longest = 0, date_lines = 0;
    std::vector<const Line*> section;  // its lines, nullptr for a blank one
    for (std::size_t k = i; k < lines_.size() && (k == i || !heading_at(k)); ++k) {
      const std::string& t = lines_[k].text;
      if (lines_[k].blank || t.empty()) {
        run = 0;
        section.push_back(nullptr);
        continue;
      }
      section.push_back(&lines_[k]);
      ++text;
      paragraphs += run == 0;
      longest = std::max(longest, ++run);
      if (numbered(after_date_cell(t))) ++numbers;
      else if (leading_date(t) > 0 && !is_date_only(t)) ++dates;
      date_lines += is_date_only(t);
    }
    if (numbers >= 2) return PubStarts::numbered;
    if (dates >= 3 && dates * 5 >= text) return PubStarts::dated;
    if (hanging_indent(section)) return PubStarts::hanging;
    if (wrapped_paragraphs(section)) return PubStarts::wrapped;
    // paragraphs set apart by blank lines, each of a few lines (a whole page of text
    // between two blanks is no list of paragraphs; dates on lines of their own are
    // another layout's, see date_line)
    constexpr int kLongestParagraph = 6;
    return paragraphs >= 3 && longest <= kLongestParagraph && date_lines == 0 ? PubStarts::gap : PubStarts::none;
  }

  // The first line of each publication out at the left, the lines under it indented
  // (-layout and PDF): one such paragraph or more, and no indented line after a blank.
  // A line set in columns ("Jane Roe<gap>April 2026", a running footer) takes no part.
  bool hanging_indent(const std::vector<const Line*>& section) {
    const auto plain = [](const Line* l) { return l && l->text.find('\t') == std::string::npos; };
    int base = -1;
    for (const Line* l : section)
      if (plain(l)) base = base < 0 ? l->indent : std::min(base, l->indent);
    int hung = 0;
    for (std::size_t k = 0; k < section.size(); ++k) {
      if (!plain(section[k]) || section[k]->indent < base + 2) continue;
      if (k == 0 || !section[k - 1]) return false;  // indented after a gap: another layout
      hung += section[k - 1]->indent <= base + 1;
    }
    pub_base_indent_ = base;
    return hung >= 1;
  }

  // Publications as wrapped paragraphs one under the other, without a gap or an
  // indent between them: a line is either filled to the column's width (the text
  // runs on) or ends its paragraph short. At least a third of the lines filled (lists
  // of title, authors and venue each on a line of its own fill few) and two ends.
  bool wrapped_paragraphs(const std::vector<const Line*>& section) {
    std::size_t width = 0;
    for (const Line* l : section)
      if (l && l->text.find('\t') == std::string::npos) width = std::max(width, shown_columns(l->text));
    int pairs = 0, full = 0, ends = 0;
    for (std::size_t k = 1; k < section.size(); ++k) {
      const Line* a = section[k - 1];
      const Line* b = section[k];
      if (!a || !b || a->text.find('\t') != std::string::npos || b->text.find('\t') != std::string::npos) continue;
      ++pairs;
      if (filled(a->text, b->text, width)) ++full;
      else if (ends_reference(a->text) && opens_reference(b->text)) ++ends;
    }
    pub_width_ = width;
    // short lines, a title on one and the authors on the next, fill nothing: a
    // paragraph's lines run about as wide as the page's
    if (width < 50 || width * 10 < wrap_ * 7) return false;
    return full * 3 >= pairs && full >= 2 && ends >= 2;
  }

  // A line that may start a reference: not a word running on in lower case.
  static bool opens_reference(std::string_view t) {
    const auto c = static_cast<unsigned char>(t[0]);
    return !std::islower(c) && c != ',' && c != ';' && c != ')';
  }

  // In wrapped paragraphs: the line above ended short, as a reference ends, or a gap came.
  bool paragraph_ended(const Line& l) const {
    if (prev_blank_ && !filled(prev_text_, l.text, pub_width_)) return true;
    return !filled(prev_text_, l.text, pub_width_) && ends_reference(prev_text_) && opens_reference(l.text) &&
           prev_text_.find('\t') == std::string::npos;
  }

  // "02/2023- Senior Research Scientist …" / "7/2024 Hosted by …": a date cell
  // over two lines (a left date column). The second line's date closes the open
  // one: one point in time, no earlier than the first; its text goes under the entry.
  bool date_cell_closes(const Line& l, std::size_t opened_by) {
    Entry* e = current();
    if (!e || prev_blank_ || opened_by + 1 != cur_i_ || !(open_date(e->date) || year_less_date(e->date))) return false;
    const std::size_t lead = leading_date(l.text);
    if (lead == 0 || (lead < l.text.size() && l.text[lead] != ' ' && l.text[lead] != '\t')) return false;
    const std::string d = trim(l.text.substr(0, lead));
    if (!single_date(d) || latest_year(d) < latest_year(e->date)) return false;
    e->date = closed_cell(e->date, d);
    std::string rest = trim(l.text.substr(lead));
    for (char& c : rest)
      if (c == '\t') c = ' ';
    if (!rest.empty()) {
      e->subs.push_back(rest);
      last_sub_ = true;
    }
    return true;
  }

  // "Depuis" on a line of its own, its year on the next line: held for that line.
  bool date_cell_opens(const Line& l) {
    if (!year_less_date(l.text) || !open_date(l.text) || cur_i_ + 1 >= lines_.size()) return false;
    const Line& next = lines_[cur_i_ + 1];
    if (next.blank || leading_date(next.text) == 0) return false;
    open_cell_ = trim(l.text);
    return true;
  }

  // Under a dated title line, at the column its text starts and before any blank
  // line or bullet: the place ("Visual Computing Lab of CS at UW-Madison,"; a
  // right-aligned part, "Madison, WI", follows it), or when it reads as a sentence,
  // the first line of a description. A dated line is an entry of its own.
  bool place_line(const Line& l) {
    Entry* e = current();
    if (!e || prev_blank_ || last_sub_ || !e->title.empty() || e->subs.size() > 0) return false;
    if (std::abs(l.indent - entry_col_) > 1 || l.text.size() > 100 || leading_date(l.text) > 0) return false;
    std::string place;
    for (std::size_t from = 0; from <= l.text.size();) {
      const auto tab = std::min(l.text.find('\t', from), l.text.size());
      const std::string seg = trim(l.text.substr(from, tab - from));
      if (is_date_only(seg)) return false;
      if (!seg.empty()) place += (place.empty() || place.back() == ',' ? (place.empty() ? "" : " ") : ", ") + seg;
      from = tab + 1;
    }
    if (place.empty()) return false;
    // "…/Institute of South-" / "South Cooperation and Development, …": the title wrapped
    if (ends_open(e->text) && l.text.find('\t') == std::string::npos) {
      e->text = join_wrapped(e->text, l.text, hyphens_);
      return true;
    }
    // a sentence there is the entry's description ("Identifying the factors …")
    constexpr std::size_t kLongestPlace = 70;
    if (place.size() > kLongestPlace || place.back() == '.') {
      e->subs.push_back(place);
      last_sub_ = true;
      return true;
    }
    e->title = e->text;
    e->text = place;
    return true;
  }

  // "BOSCH Car Multimedia" / " Jan 2023 – Present" / blank / "Braga, Portugal" / blank
  // (Awesome-CV-like, plain text): a block closed by its date line, then a block of one
  // place line, is one entry, the place its location. (A date cell of its own before a
  // line is another layout's: "2016 – Present" / blank / "Research Assistant, Texas A&M".)
  bool location_cell(const Line& l) {
    constexpr std::size_t kLongestPlace = 40;
    Entry* e = current();
    if (!e || !prev_blank_ || dates_lead_ || section().publications || e->date.empty() || !e->subs.empty()) return false;
    std::size_t date = cur_i_;  // the line above the blank ones: the entry's date, closing its block
    while (date > 0 && lines_[date - 1].blank) --date;
    if (date < 2 || date == cur_i_ || lines_[date - 2].blank || heading_at(date - 2) || !is_date_only(lines_[date - 1].text) ||
        lines_[date - 1].text.find(e->date) == std::string::npos)
      return false;
    const std::string& t = l.text;
    const bool alone = cur_i_ + 1 >= lines_.size() || lines_[cur_i_ + 1].blank;
    if (!alone || t.find(", ") == std::string::npos || std::any_of(t.begin(), t.end(), is_digit) ||
        visible_end(t) == '.' || !title_like(cur_i_, kLongestPlace))
      return false;
    if (e->title.empty()) {
      e->title = e->text;
      e->text = t;
    } else {
      e->text += (e->text.empty() ? "" : ", ") + t;
    }
    return true;
  }

  // A line indented under a dated entry's text (-layout): a description of it, not
  // an entry ("Research Assistant<gap>2016-2017" / "    Worked on UW2020 …").
  bool description_line(const Line& l) {
    Entry* e = current();
    if (!e || entry_col_ < 0 || section().publications || l.indent < entry_col_ + 2 || leading_date(l.text) > 0)
      return false;
    std::string t = l.text;
    for (auto& c : t)
      if (c == '\t') c = ' ';
    e->subs.push_back(t);
    last_sub_ = true;
    return true;
  }

  // "… 5-9 February": the year is on the next line
  static bool ends_with_month(const std::string& t) {
    const std::size_t b = last_word_start(t, t.size());
    if (b == t.size() || b == 0 || t[b - 1] != ' ') return false;
    const std::string w = lower_ascii(std::string_view(t).substr(b));
    return w.size() >= 3 && vocabulary().date.count(w) > 0 && w != "present" && w != "now" && w != "to";
  }

  // Where the run of letters that ends at `end` starts.
  static std::size_t last_word_start(std::string_view t, std::size_t end) {
    while (end > 0 && std::isalpha(static_cast<unsigned char>(t[end - 1]))) --end;
    return end;
  }

  // a run of digits that is_year accepts
  static bool has_year(std::string_view t) {
    for (std::size_t i = 0; i < t.size();) {
      std::size_t j = i;
      while (j < t.size() && is_digit(t[j])) ++j;
      if (j > i && is_year(t.substr(i, j - i))) return true;
      i = j > i ? j : i + 1;
    }
    return false;
  }

  // The date opens the line ("Jan 2023 – Present<gap>Braga", "Fevereiro 2011 – Setembro
  // 2016. Universidade …") rather than closing it: the line is under its entry's title.
  static bool dated_at_start(const std::string& line, const Entry& e) {
    if (e.date.empty()) return false;
    const auto tab = line.find('\t');
    return line.compare(0, e.date.size(), e.date) == 0 &&
           (leading_date(line) > 0 || (tab != std::string::npos && is_date_only(line.substr(0, tab))));
  }

  // A title line, or a place line, of an entry whose date comes below: one line, no
  // date, no sentence, nothing under it.
  bool title_part(std::size_t k, bool bold = false) {
    const Entry& p = section().entries[k];
    if (bold) {  // set in bold over a plain dated line: cells in columns are its parts too
      return starts_.count(k) && lines_[starts_[k].line].bold && p.date.empty() && p.title.empty() && p.subs.empty() &&
             !p.subheading && !p.text.empty() && visible_width(p.text) <= kLongestTitle + 20;
    }
    return starts_.count(k) && p.date.empty() && p.title.empty() && p.subs.empty() && !p.key_value && !p.subheading &&
           !p.text.empty() && p.text.find('\t') == std::string::npos && visible_width(p.text) <= kLongestTitle &&
           visible_end(p.text) != '.';
  }

  // PDF: "COMITÊ ORGANIZADOR<gap>Fevereiro de 2020" in plain type under the event's name in
  // bold: the bold lines above a dated line are its entry's, as a title run is.
  bool bold_titles_over(const Line& l) const {
    const auto tab = l.text.rfind('\t');
    return l.page > 0 && !l.bold && tab != std::string::npos && !section_is_publications() &&
           is_date_only(l.text.substr(tab + 1)) && cur_i_ > 0 && !lines_[cur_i_ - 1].blank && lines_[cur_i_ - 1].bold;
  }
  // "Universidad Politécnica de Madrid" / "(Junio 2020 - Septiembre 2020)" / "Becario" /
  // (gap): place, date and title of one entry, the block ending after the title. A line that
  // another dated line follows is the next entry's ("Award A" / "2019" / "Award B" / "2018").
  bool title_under_date(const Line& l) {
    Entry* e = current();
    // a "Key: value" entry shows no title: one given it would be lost
    if (!e || dated_by_line_ + 1 != cur_i_ || !e->title.empty() || !e->subs.empty() || e->text.empty() || e->key_value ||
        section().publications || !title_like(cur_i_, 40))
      return false;
    const bool block_ends = cur_i_ + 1 >= lines_.size() || lines_[cur_i_ + 1].blank ||
                            lines_[cur_i_ + 1].gap_above >= kBlockGap || heading_at(cur_i_ + 1);
    // "Atlanta, GA" / "Aug 2024 – Dec 2024" / "Atlanta, GA": a column of date and place
    // cells, no title
    if (!block_ends || l.text == e->text) return false;
    e->title = l.text;
    return true;
  }

  // PDF: "…science des données" / bold "Microsoft Azure Sponsorship" / "Financement:
  // 20000$<gap>11/2017–12/2018": a bold line after plain text, over a plain dated line,
  // is the next entry's title, not the wrapped end of the text above it.
  bool bold_title_ahead(const Line& l) const {
    if (l.page == 0 || !l.bold || cur_i_ == 0 || cur_i_ + 1 >= lines_.size() || lines_[cur_i_ - 1].bold) return false;
    const Line& next = lines_[cur_i_ + 1];
    const auto tab = next.text.rfind('\t');
    return !next.blank && !next.bold && tab != std::string::npos && !starts_with_bullet(next.text) &&
           is_date_only(next.text.substr(tab + 1));
  }
  bool section_is_publications() const { return !cv_.sections.empty() && cv_.sections.back().publications; }

  // "Hardware Developer" / "BOSCH Car Multimedia" / "Jan 2023 – Present<gap>Braga, Portugal":
  // the lines that open a block (after a blank line or a heading) and the dated line
  // right under them are one entry, its title the first line. The block is split where
  // the next entry starts, not at the date. `self`: entry `d` is the last of those
  // lines, dated by a date-only line under it; else `d` was made of the dated line.
  void merge_title_run(std::size_t d, bool self, bool bold = false) {
    if (section().publications || !starts_.count(d)) return;
    auto& es = section().entries;
    const std::size_t dated_line = self ? cur_i_ : starts_[d].line;
    const std::size_t end = self ? d + 1 : d;  // the title lines are entries [first, end)
    const std::string date = std::move(es[d].date);
    es[d].date.clear();  // (a title line dated just now is still one)
    std::size_t first = end;
    constexpr std::size_t kTitleLines = 3;
    // each title line runs up to the next one (a wrapped one: "Faculdade de Engenharia da
    // Universidade" / "do Porto (FEUP)"), the last up to the dated line
    for (std::size_t next = dated_line; first > 0 && end - (first - 1) <= kTitleLines && title_part(first - 1, bold) &&
                                        starts_[first - 1].last + 1 == next;)
      next = starts_[--first].line;
    Entry& e = es[d];
    e.date = date;
    if (end - first < (self ? 2u : 1u)) return;
    if (bold) {  // the run starts the bold lines
      std::size_t above = starts_[first].line;
      while (above > 0 && lines_[above - 1].blank) --above;
      if (above > 0 && lines_[above - 1].bold && !heading_at(above - 1)) return;
    } else if (!starts_[first].block_start) {
      return;
    }
    std::vector<std::string> parts;
    for (std::size_t k = first; k < end; ++k) {
      std::string t = es[k].text;
      for (std::size_t p = t.find('\t'); p != std::string::npos; p = t.find('\t', p)) t.replace(p, 1, ", ");
      parts.push_back(t);
    }
    if (!self && !e.text.empty()) parts.push_back(e.text);
    e.title = parts.front();
    e.text.clear();
    for (std::size_t k = 1; k < parts.size(); ++k)
      e.text += (e.text.empty() ? "" : e.text.back() == ',' ? " " : ", ") + parts[k];
    starts_[d] = starts_[first];
    es.erase(es.begin() + static_cast<std::ptrdiff_t>(first), es.begin() + static_cast<std::ptrdiff_t>(d));
    std::map<std::size_t, EntryStart> moved;
    for (auto& [k, v] : starts_) moved[k < first ? k : k >= d ? k - (d - first) : k] = v;
    starts_ = std::move(moved);
  }

  // "Rensselaer Polytechnic Institute (RPI), Troy NY, USA" over "    Ph.D. in Computer
  // Science, Aug 2016 - May 2022" and "    M.S. in …, Aug 2016 - May 2018": dated lines
  // indented under an undated one are its entries (degrees at one school, posts at one
  // employer), kept under it.
  bool dated_under_group(const Line& l) {
    Entry* e = current();
    const std::size_t k = section().entries.size() - 1;
    if (!e || section().publications || !e->date.empty() || !e->title.empty() || e->key_value || !starts_.count(k) ||
        l.indent < entry_indent_ + 2)
      return false;
    // "Ph.D. in Physics<gap>2014-2020": a title and its date cell
    std::string t = l.text;
    if (const auto tab = t.rfind('\t'); tab != std::string::npos) {
      if (!is_date_only(t.substr(tab + 1)) || t.find('\t') != tab) return false;
      t = trim(t.substr(0, tab)) + " — " + trim(t.substr(tab + 1));
    } else if (!(leading_date(t) > 0 || ends_dated(t))) {
      return false;
    }
    // right under it, or one blank line apart that the PDF sets no further apart than a line
    std::size_t blanks = 0;
    bool between = false;  // a line of text between the two
    for (std::size_t j = starts_[k].last + 1; j < cur_i_; ++j) {
      between |= !lines_[j].blank;
      blanks += lines_[j].blank;
    }
    const bool close = !between && (blanks == 0 || (blanks == 1 && (l.page == 0 || l.gap_above < kBlockGap)));
    const bool under_line = e->subs.empty() && close;
    const bool next_one = !e->subs.empty() && group_indent_ == l.indent && group_entry_ == k && !prev_blank_;
    if (!(under_line || next_one)) return false;
    e->subs.push_back(t);
    last_sub_ = false;  // the next dated line is its sibling, not its continuation
    group_indent_ = l.indent;
    group_entry_ = k;
    return true;
  }

  // Plain text: "Rensselaer Polytechnic Institute (RPI), Troy NY, USA" / "Ph.D. in Computer
  // Science, Aug 2016 - May 2022" / "M.S. in …, Aug 2016 - May 2018" / "Southwest Jiaotong
  // University, Chengdu, China" / "M.S. in …, Sept 2011 - July 2014". The PDF sets each
  // undated line apart (a heading, bold); plain text keeps only the order. In a block made
  // of nothing but undated lines each over lines that end in a date, an undated line is a
  // place (a school, an employer) and the dated lines under it are its entries.
  bool dated_under_place(const Line& l) {
    Entry* e = current();
    if (!e || prev_blank_ || l.page > 0 || section().publications || place_run_kind(l) != 2 || !e->date.empty() ||
        !e->title.empty() || e->key_value)
      return false;
    const std::size_t k = section().entries.size() - 1;
    if (!starts_.count(k)) return false;
    const EntryStart& s = starts_[k];
    const bool under_place = e->subs.empty() && s.line == s.last && s.last + 1 == cur_i_;
    const bool next_one = !e->subs.empty() && place_sub_line_ + 1 == cur_i_;
    if (!(under_place || next_one) || lines_[s.line].indent != l.indent || !place_run_block(s.line)) return false;
    e->subs.push_back(l.text);
    last_sub_ = false;  // the next dated line is its sibling, not its continuation
    place_sub_line_ = cur_i_;
    return true;
  }

  // "2021– PhD in Computer Science," / "current" / blank / "Graz University of Technology
  // (TUG), Graz, Austria" / blank: the entry's text ends with a comma, unfinished, and
  // a line standing alone one blank line under it is its rest (the date cell's second
  // line pushed it down a line).
  bool comma_across_gap(const Line& l) {
    Entry* e = current();
    if (!prev_blank_ || !e || last_sub_ || section().publications || e->key_value || e->text.empty() ||
        visible_end(e->text) != ',' || cur_i_ < 2 || lines_[cur_i_ - 2].blank || l.text.find('\t') != std::string::npos ||
        starts_with_bullet(l.text) || leading_date(l.text) > 0 || numbered(l.text) ||
        (cur_i_ + 1 < lines_.size() && !lines_[cur_i_ + 1].blank))
      return false;
    const std::string above = lines_[cur_i_ - 2].text;
    if (visible_end(above) != ',' && !is_date_only(above) && !(vocabulary().present.count(lower_ascii(trim(above)))))
      return false;
    append(l.text);
    return true;
  }

  // In the shape dated_under_place reads: 1 an undated line that can name a place, 2 a
  // line that ends in a date, 0 another line (a bullet, a sentence, cells in columns).
  int place_run_kind(const Line& l) const {
    const std::string& t = l.text;
    std::string kv;
    if (l.blank || t.find('\t') != std::string::npos || starts_with_bullet(t) || numbered(t) || leading_date(t) > 0)
      return 0;
    const auto c = static_cast<unsigned char>(t[0]);
    if (ends_dated(t)) return std::islower(c) ? 0 : 2;  // "conclusão em 2022.": a sentence's end
    const bool place = !has_year(t) && visible_width(t) <= kLongestTitle && visible_end(t) != '.' &&
                       !std::islower(c) && !key_value(t, kv);
    return place ? 1 : 0;
  }

  // The block (between blank lines or headings) holding line `at` is one or more runs of
  // an undated line and the dated lines under it, and nothing else. Remembered per block.
  bool place_run_block(std::size_t at) {
    std::size_t from = at;
    while (from > 0 && !lines_[from - 1].blank && !heading_at(from - 1)) --from;
    if (from == place_block_from_) return place_block_ok_;
    int prev = 0;
    bool ok = true;
    for (std::size_t k = from; k < lines_.size() && !lines_[k].blank && (k == from || !heading_at(k)) && ok; ++k) {
      const int kind = place_run_kind(lines_[k]);
      ok = kind != 0 && !(kind == 1 && prev == 1) && !(kind == 2 && prev == 0) && lines_[k].indent == lines_[from].indent;
      // "… Learning, and" / "Execution for …, 2018", "… Origins of Molecular" / "Basis to …,
      // 2019": a line that wrapped into the dated one is not a place over it
      const std::string& t = lines_[k].text;
      if (kind == 1 && k + 1 < lines_.size() && (ends_open(t) || filled(t, lines_[k + 1].text, wrap_))) ok = false;
      prev = kind;
    }
    place_block_from_ = from;
    place_block_ok_ = ok && prev == 2;
    return place_block_ok_;
  }

  // "Research Summer Intern, June - Aug 2020": a date closes the line, not inside a sentence
  static bool ends_dated(const std::string& t) {
    const std::size_t td = trailing_date(t);
    return td != std::string::npos && td >= 2 && (t[td - 1] == ' ' || t[td - 1] == '(') &&
           !in_sentence(t, td > 0 && t[td - 1] == '(' ? td - 1 : td);
  }

  // A line that is only a date (or a date and a place): it belongs to an entry.
  bool date_line(const Line& l) {
    const std::size_t lead = leading_date(l.text);
    if (lead == 0) return false;
    // "… Workshop @ MLSys" / "2023.": the year ends the sentence above
    if (lead == l.text.size() && l.text.back() == '.' && !prev_blank_ && current() && !prev_text_.empty() &&
        visible_end(prev_text_) != '.' && prev_text_.find('\t') == std::string::npos) {
      append(l.text);
      return true;
    }
    const std::string rest = trim(l.text.substr(lead));
    const bool place = !rest.empty() && rest.size() <= 40 && rest.find('\t') == std::string::npos &&
                       (rest[0] == ',' || l.text[lead - 1] == ',');
    if (!rest.empty() && (!place || continues(l))) return false;  // "… CVPR" / "2021-24, ICCV 2021-23.": a list goes on
    std::string d = trim(l.text);
    while (!d.empty() && d.back() == ',') d.pop_back();
    for (char& c : d)
      if (c == '\t') c = ' ';
    Entry* e = current();
    if (e && !e->date.empty() && last_sub_ && !e->subs.empty() && pending_.empty() && !next_is_date_ &&
        next_is_bullet_ && !has_year(e->subs.back()) && e->subs.back().back() != '.') {
      // between two bullets of a dated entry ("∗ Purdue University" / "November 2024" /
      // "∗ MIT …"): pdftotext put the first bullet's right-aligned date on its own line.
      // (Not after a sentence: a duty's full stop ends it, the date is the next entry's.)
      e->subs.back() += " — " + d;
    } else if (e && e->date.empty() && pending_.empty() && !next_is_date_) {
      e->date = d;
      if (!prev_blank_) merge_title_run(section().entries.size() - 1, true);
      if (rest.empty()) dated_by_line_ = cur_i_;
    } else {
      pending_.push_back(d);
    }
    last_sub_ = false;
    return true;
  }

  // Publications written title / venue / authors on lines of their own: the
  // lines stay one entry until the author list has been seen.
  bool pub_continues(const Line& l) {
    Entry* e = current();
    const bool authors = author_like(l.text, surname_of(owner_));
    if (pub_mode_ == 0) pub_mode_ = authors ? 2 : 1;  // 2: authors first
    if (!e || numbered(l.text) || closed_) {
      closed_ = pub_mode_ == 1 && authors;
      return false;
    }
    if (pub_mode_ == 2 && authors) return false;
    const std::string& t = e->text;
    if (co_authored_and_ended(t) && !std::islower(static_cast<unsigned char>(l.text[0]))) return false;
    const char last = t.empty() ? '.' : t.back();
    // a line that runs on ("… from Demonstra-" / "tion with …") is wrapped text, not the next part
    const bool runs_on = !t.empty() && (last == '-' || ends_open(t) || std::islower(static_cast<unsigned char>(l.text[0])));
    // no ". " between the parts: punctuation the CV does not have is not ours to add ("Urban. Workshop")
    e->text = runs_on || split_link(t, l.text) ? join_wrapped(t, l.text, hyphens_) : t + " " + l.text;
    closed_ = pub_mode_ == 1 && authors;
    return true;
  }

  // A date the sentence holds: after "on", "in", "since"…, or half of a
  // parenthesis ("(Before August 2023)", "(since 2022"). It stays as written.
  static bool in_sentence(const std::string& t, std::size_t date) {
    if (std::count(t.begin() + static_cast<std::ptrdiff_t>(date), t.end(), '(') !=
        std::count(t.begin() + static_cast<std::ptrdiff_t>(date), t.end(), ')'))
      return true;
    const std::size_t b = last_word_start(t, date - 1);
    return vocabulary().date_prepositions.count(lower_ascii(std::string_view(t).substr(b, date - 1 - b))) > 0;
  }

  // A date cell's months in front of a line whose next line starts with its year
  // (moderncv: "janv.–juin ATER, …" / "2020 Temps complet …"): their bytes, 0 when not.
  std::size_t months_above_year(const std::string& t) const {
    std::size_t end = 0;
    bool month = false;
    for (auto [b, e] : tokens_of(t)) {
      const std::string_view tok = std::string_view(t).substr(b, e - b);
      if (date_token(tok) != 1 || !std::any_of(tok.begin(), tok.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }) ||
          vocabulary().date_joiners.count(lower_ascii(tok)))
        break;
      end = e;
      // months and seasons have three letters or more; the words joining a date's parts
      // ("de", "e", "y") do not, and alone they open a wrapped sentence's line
      // ("… gerenciamento" / "de projeto, …" / "02/2019 - Navegue"), not a date cell
      month |= e - b >= 3;
    }
    if (end == 0 || !month || end >= t.size() || cur_i_ + 1 >= lines_.size()) return 0;
    const Line& next = lines_[cur_i_ + 1];
    const std::size_t lead = next.blank ? 0 : leading_date(next.text);
    return lead > 0 && single_date(next.text.substr(0, lead)) ? end : 0;
  }

  void new_entry(std::string t) {
    Entry e;
    // a date column on the left or a right-aligned date after a gap
    const auto tab = t.find('\t');
    // "2024: Best Paper Award": a label in front, which stays there
    const bool label = leading_date(t) > 0 && leading_date(t) < t.size() && t[leading_date(t) - 1] == ':';
    if (label) {
      if (t[leading_date(t)] == '\t') t[leading_date(t)] = ' ';
    } else if (tab != std::string::npos) {
      const auto last_tab = t.rfind('\t');
      if (is_date_only(t.substr(last_tab + 1))) {
        e.date = trim(t.substr(last_tab + 1));
        t = trim(t.substr(0, last_tab));
      } else if (is_date_only(t.substr(0, tab)) || (year_less_date(t.substr(0, tab)) && open_date(t.substr(0, tab)))) {
        e.date = trim(t.substr(0, tab));  // "Depuis<gap>Post-doc …": the year follows on the next line
        t = trim(t.substr(tab + 1));
      }
    } else if (const std::size_t lead = leading_date(t); lead > 0 && lead < t.size() && t[lead] == ' ') {
      e.date = t.substr(0, lead);
      t = trim(t.substr(lead));
      // "04/2019 - Instituto …": a dash after one date leaves it open, as written; after a
      // range ("08/2018 - 12/2018 - CIn UFPE") it only parts the date from the text
      for (std::string_view dash : {"- ", "– ", "— "})
        if (t.size() > dash.size() && t.compare(0, dash.size(), dash) == 0) {
          if (single_date(e.date)) e.date += " " + std::string(dash.substr(0, dash.size() - 1));
          t = trim(t.substr(dash.size()));
          break;
        }
    } else if (const std::size_t cell = months_above_year(t); cell > 0) {
      e.date = t.substr(0, cell);  // "janv.–juin ATER, …" over "2020 Temps complet …"
      t = trim(t.substr(cell));
    }
    // "1.<gap>Pieron, M.": the number and its text are one
    if (const auto nt = t.find('\t'); nt != std::string::npos && nt <= 6 && numbered(t.substr(0, nt) + " x")) t[nt] = ' ';
    if (e.date.empty() && !label && !section().publications && tab == std::string::npos) {
      const std::size_t td = trailing_date(t);
      // not one of several years in the line ("Top Reviewer, NeurIPS 2019, ICML 2020.")
      if (td != std::string::npos && td > 0 && t[td - 1] == ' ' && td >= 2 && t[td - 2] != ',' &&
          std::isalpha(static_cast<unsigned char>(t[td - 2])) && !in_sentence(t, td) && !has_year(t.substr(0, td))) {
        e.date = t.substr(td);
        t = trim(t.substr(0, td));
      }
      if (e.date.empty()) bar_date_cell(t, e.date);
    }
    while (!e.date.empty() && e.date.back() == ',') e.date.pop_back();
    if (e.date.empty() && !pending_.empty()) {
      e.date = pending_.front();
      pending_.pop_front();
    }
    e.text = t;
    section().entries.push_back(std::move(e));
    last_sub_ = false;
    if (section().publications) closed_ = pub_mode_ == 1 && author_like(t, surname_of(owner_));
  }

  // "Hello World | Enero – Febrero 2022", "Bachillerato Internacional | 2018-2020 | Prepa":
  // cells set apart by bars, one of them the date. The date is taken out, the other cells
  // stay in their order, a comma between them (as date_block reads "Oxford, UK | 2023").
  static bool bar_date_cell(std::string& t, std::string& date) {
    std::vector<std::string> cells;
    for (std::size_t from = 0;;) {
      const auto bar = t.find(" | ", from);
      cells.push_back(trim(t.substr(from, bar == std::string::npos ? std::string::npos : bar - from)));
      if (bar == std::string::npos) break;
      from = bar + 3;
    }
    if (cells.size() < 2 || cells.size() > 3) return false;
    std::size_t dates = 0, at = 0;
    for (std::size_t k = 0; k < cells.size(); ++k) {
      if (is_date_only(cells[k])) {
        ++dates;
        at = k;
      } else if (cells[k].empty() || has_year(cells[k]) || visible_width(cells[k]) > kLongestTitle) {
        return false;
      }
    }
    if (dates != 1) return false;
    date = cells[at];
    cells.erase(cells.begin() + static_cast<std::ptrdiff_t>(at));
    t.clear();
    for (const auto& c : cells) t += (t.empty() ? "" : ", ") + c;
    return true;
  }

  // Dates left over at the end of a section: pdftotext printed the date column
  // after the entries, so they go to the undated entries in order; any beyond
  // those stay as items of their own rather than vanish.
  void flush_dates() {
    if (cv_.sections.empty()) return;
    for (auto& e : section().entries) {
      if (pending_.empty()) break;
      if (e.date.empty() && !e.subheading && !e.key_value && !e.text.empty()) {
        e.date = pending_.front();
        pending_.pop_front();
      }
    }
    for (auto& d : pending_) {
      Entry e;
      e.date = d;
      section().entries.push_back(std::move(e));
    }
    pending_.clear();
  }

  const std::vector<Line>& lines_;
  std::string owner_;
  LineBreakHyphens hyphens_;
  Cv cv_;
  std::size_t wrap_ = 80;
  std::size_t last_heading_ = static_cast<std::size_t>(-2);
  std::size_t label_run_end_ = 0;  // lines before it were read with a stacked margin label (stacked_label)
  std::size_t dated_line_end_ = static_cast<std::size_t>(-1);  // last line of an entry's date-led line
  std::size_t dated_by_line_ = static_cast<std::size_t>(-1);  // a date-only line that dated the entry above it
  bool details_ = false;  // the last sub is a labelled detail line under a dated line ("Cargo: …")
  bool prev_blank_ = true, last_sub_ = false, closed_ = false, next_is_date_ = false, next_is_bullet_ = false;
  bool just_titled_ = false;  // the last line was a dated title line (see body_line)
  bool cell_read_ = false;    // the last lines read were an entry's title and date blocks (see description_block)
  bool led_ = false;          // see dates_lead_section, for the section opened at led_known_for_
  std::size_t led_known_for_ = static_cast<std::size_t>(-3);
  int entry_col_ = -1;        // where the current entry's text starts in the -layout page, -1: unknown
  int pub_mode_ = 0;
  PubStarts pub_starts_ = PubStarts::unknown;  // see pub_paragraph
  int pub_base_indent_ = 0;                    // PubStarts::hanging: where a publication's first line starts
  std::size_t pub_width_ = 0;                  // PubStarts::wrapped: the widest line of the section
  int entry_indent_ = 0;                       // the current entry's first line's indent
  std::size_t cur_i_ = 0;                      // the line being read
  std::size_t entry_line_ = static_cast<std::size_t>(-1);  // the line that opened the current entry, when it was the last one
  std::string open_cell_;                      // see date_cell_opens
  std::string held_place_;                     // see place_before_dated_line
  bool doc_caps_known_ = false, doc_caps_ = false, last_caps_ = false, last_split_ = false;
  bool last_column_ = false, merged_ = false;
  bool margin_labels_ = false;  // see has_margin_labels
  int prev_indent_ = 0;
  std::string prev_text_, entry_glyph_;
  std::deque<std::string> pending_;
  std::set<std::string> seen_titles_;
  // where the current section's plain-line entries started (see merge_title_run), by index
  struct EntryStart {
    std::size_t line = 0, last = 0;  // its first and last input line
    bool block_start = false;        // after a blank line or a heading
  };
  std::map<std::size_t, EntryStart> starts_;
  std::size_t table_end_ = 0;
  std::size_t description_at_ = static_cast<std::size_t>(-1);  // see date_block
  // the CV's date cells come before the blocks beside them (see line, date_block)
  bool dates_lead_ = false, dates_known_ = false;
  std::size_t hang_entry_ = static_cast<std::size_t>(-1);  // see hanging_line  // lines before it were read with a table (see date_table)
  int group_indent_ = -1;                       // see dated_under_group
  std::size_t place_sub_line_ = static_cast<std::size_t>(-1);   // see dated_under_place
  std::size_t bullet_run_line_ = static_cast<std::size_t>(-1);  // the last line bullet_runs_on joined
  std::size_t place_block_from_ = static_cast<std::size_t>(-1);  // see place_run_block
  bool place_block_ok_ = false;
  std::size_t group_entry_ = static_cast<std::size_t>(-1);
  static constexpr std::size_t kLongestTitle = 90;
  static constexpr double kBlockGap = 1.0;  // a PDF's space above a line, in body lines, that sets it apart
};

}  // namespace

Cv build_cv(const std::vector<Line>& lines, const std::string& owner_hint) {
  Builder b(lines, owner_hint);
  Cv cv = b.build();
  return cv;
}

}  // namespace kempt::cv::detail
