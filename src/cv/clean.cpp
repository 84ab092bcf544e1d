// First stage: extracted text → normalized lines, with page furniture and table
// rules taken out (and remembered for --explain).
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <vector>

#include "cv/cv_internal.hpp"
#include "kempt/mojibake.hpp"

namespace kempt::cv::detail {

char32_t decode_utf8(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const int n = b < 0x80 ? 0 : (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : (b >> 3) == 30 ? 3 : -1;
  if (n <= 0 || i + n >= s.size()) {
    ++i;
    return n == 0 ? b : 0xFFFD;
  }
  char32_t c = n == 0 ? b : b & (0x3F >> n);
  for (int k = 1; k <= n; ++k) {
    const auto cb = static_cast<unsigned char>(s[i + k]);
    if ((cb & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    c = (c << 6) | (cb & 0x3F);
  }
  i += n + 1;
  return c;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

namespace {

bool dropped(UChar32 c) {
  if (c == '\n' || c == '\t' || c == '\f') return false;
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return true;  // stray controls (icon fonts)
  if ((c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000) return true;  // icon glyphs in the PUA
  return c == 0xFEFF || c == 0x200B || c == 0xFFFD || c == 0x00AD;
}

// "SCiENTiST CANDiDATE · VERiFiCATiON": a small-caps font (Awesome-CV's) whose
// capital I extracts as 'i'. In a line with two or more words of capitals and a
// lone 'i', each such 'i' is an I. One such word alone may be a name ("NEEEiL").
std::string capital_i(std::string s) {
  struct Word {
    std::size_t begin, end;
  };
  std::vector<Word> words;
  std::size_t line_start = 0;
  auto fix_line = [&] {
    if (words.size() >= 2)
      for (const auto& w : words)
        for (std::size_t k = w.begin; k < w.end; ++k)
          if (s[k] == 'i') s[k] = 'I';
    words.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '\n') {
      fix_line();
      line_start = ++i;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i, upper = 0, small_i = 0;
    bool double_i = false;
    for (; j < s.size() && std::isalpha(static_cast<unsigned char>(s[j])); ++j) {
      upper += std::isupper(static_cast<unsigned char>(s[j])) != 0;
      small_i += s[j] == 'i';
      double_i |= j > i && s[j] == 'i' && s[j - 1] == 'i';
    }
    const bool ascii_word = (i == line_start || static_cast<unsigned char>(s[i - 1]) < 0x80) &&
                            (j == s.size() || static_cast<unsigned char>(s[j]) < 0x80);
    if (small_i > 0 && !double_i && upper >= 3 && upper + small_i == j - i && ascii_word) words.push_back({i, j});
    i = j;
  }
  fix_line();
  return s;
}

// <i>…</i>, <em>, <b>, <strong> from HTML-ish extractors become marker bytes.
std::string tags_to_markers(const std::string& s) {
  static const std::pair<std::string_view, char> kTags[] = {
      {"<i>", kItalicOpen}, {"</i>", kItalicClose}, {"<em>", kItalicOpen}, {"</em>", kItalicClose},
      {"<b>", kBoldOpen},   {"</b>", kBoldClose},   {"<strong>", kBoldOpen}, {"</strong>", kBoldClose}};
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    bool hit = false;
    if (s[i] == '<') {
      for (const auto& [tag, marker] : kTags) {
        if (s.size() - i >= tag.size() &&
            std::equal(tag.begin(), tag.end(), s.begin() + i,
                       [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
          out += marker;
          i += tag.size();
          hit = true;
          break;
        }
      }
    }
    if (!hit) out += s[i++];
  }
  return out;
}

}  // namespace

namespace {

bool rating_glyph(UChar32 c) {
  return c == 0x25CB || c == 0x25CF || c == 0x25EF || c == 0x25C9 || c == 0x2605 || c == 0x2606 || c == 0x26AB ||
         c == 0x26AA;
}

// "Python   ○ ○ ○ ○ ○": a skill's rating drawn in circles or stars, three or more in a
// row, says nothing as text (filled and empty extract alike). Length of the run from
// `i` in code units, 0 when it is none (a lone "○" opens a bullet point).
int32_t rating_run(const icu::UnicodeString& u, int32_t i) {
  int32_t end = i, glyphs = 0;
  while (end < u.length() && rating_glyph(u.char32At(end))) {
    ++glyphs;
    end += U16_LENGTH(u.char32At(end));
    if (end + 1 < u.length() && u.charAt(end) == ' ' && rating_glyph(u.char32At(end + 1))) ++end;
  }
  return glyphs >= 3 ? end - i : 0;
}

}  // namespace

std::string normalize_text(std::string_view input) {
  std::string text = fold_latin_ligatures(repair_mojibake(input));
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < u.length();) {
    if (const int32_t run = rating_run(u, i)) {
      for (int32_t k = 0; k < run; ++k) kept.append(static_cast<UChar>(' '));  // the columns stay where they were
      i += run;
      continue;
    }
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (dropped(c)) continue;
    if (c == 0x2010 || c == 0x2011) c = '-';
    if (c == 0x00A0 || c == 0x2009 || c == 0x202F || c == 0x2002 || c == 0x2003) c = ' ';
    if (c == 0x0131 && i < u.length() && u.char32At(i) == 0x0301) c = 'i';  // ı + ◌́: NFC keeps it apart
    kept.append(c);
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_SUCCESS(status)) {
    icu::UnicodeString composed = nfc->normalize(kept, status);
    if (U_SUCCESS(status)) kept = composed;
  }
  std::string out;
  kept.toUTF8String(out);
  return tags_to_markers(capital_i(out));
}

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "3", "- 3 -", "Page 3", "Page 3 of 16", "3 of 16", "3/16", "3 | Page"
bool is_page_number(std::string_view raw) {
  std::string s = trim(raw);
  while (!s.empty() && (s.front() == '-' || s.front() == ' ')) s.erase(0, 1);
  while (!s.empty() && (s.back() == '-' || s.back() == ' ')) s.pop_back();
  if (s.size() > 20) return false;
  std::string low;
  for (char c : s) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (low.rfind("page ", 0) == 0) low = trim(low.substr(5));
  if (low.size() > 7 && low.substr(low.size() - 7) == " | page") low = trim(low.substr(0, low.size() - 7));
  if (all_digits(low)) return low.size() <= 3;
  auto split = [&](std::string_view sep) {
    const auto p = low.find(sep);
    return p != std::string::npos && all_digits(trim(low.substr(0, p))) &&
           all_digits(trim(low.substr(p + sep.size())));
  };
  return split(" of ") || split("/");
}

// A line made of table rules only: "|--|----|", "- | | |", "+---+", even behind a bullet.
bool is_table_rule(std::string_view s) {
  if (std::size_t after = 0; starts_with_bullet(s, &after)) s.remove_prefix(after);  // "* ---|----|"
  if (s.find('|') == std::string_view::npos && s.find("+-") == std::string_view::npos) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c == '|' || c == '-' || c == ':' || c == ' ' || c == '+' || c == '='; });
}

// Running headers and footers: the same text (digits ignored) at the top or the
// bottom of several pages.
std::string furniture_key(std::string_view s) {
  std::string k;
  for (char c : s)
    if (!(c >= '0' && c <= '9') && c != ' ') k += c;
  return k;
}

// A table row "| a | b |" keeps its cells, as a tab-separated line; a cell of rule
// characters only ("-", ":--") is a piece of the table's rule, not content.
std::string table_row_cells(const std::string& s) {
  if (s.size() < 2 || s.front() != '|') return s;
  std::string out, cell;
  auto flush = [&] {
    std::string t = trim(cell);
    if (!t.empty() && t.find_first_not_of("-:=+ ") != std::string::npos) out += (out.empty() ? "" : "\t") + t;
    cell.clear();
  };
  for (char c : s) {
    if (c == '|') flush();
    else cell += c;
  }
  flush();
  return out;
}

// Where the text after the first layout gap (3+ spaces or a tab) starts, in columns as
// `indent` counts them (a character each, not a byte: "2020 – present" is 14 wide); 0 when none.
int second_column(const std::string& raw, std::size_t from) {
  for (std::size_t i = from; i < raw.size(); ++i) {
    if (raw[i] != ' ' && raw[i] != '\t') continue;
    std::size_t j = i;
    bool tab = false;
    while (j < raw.size() && (raw[j] == ' ' || raw[j] == '\t')) tab |= raw[j++] == '\t';
    if ((tab || j - i >= 3) && j < raw.size())
      return static_cast<int>(std::count_if(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(j),
                                            [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    i = j;
  }
  return 0;
}

Line make_line(const std::string& raw, std::size_t src) {
  Line l;
  l.src = src;
  while (l.indent < static_cast<int>(raw.size()) && raw[l.indent] == ' ') ++l.indent;
  std::string t = table_row_cells(trim(raw));
  // "Formação______": a rule typed as underscores after a heading is no text, but says
  // what a PDF's drawn rule says: the line is underlined
  if (const auto rule = t.find_last_not_of('_'); rule != std::string::npos && t.size() - rule > 5) {
    t = trim(t.substr(0, rule + 1));
    l.underlined = true;
  }
  // layout gaps (3+ spaces) and tabs both separate columns: keep one tab
  std::string out;
  for (std::size_t i = 0; i < t.size();) {
    if (t[i] == ' ' || t[i] == '\t') {
      std::size_t j = i;
      bool tab = false;
      while (j < t.size() && (t[j] == ' ' || t[j] == '\t')) tab |= t[j++] == '\t';
      out += (tab || j - i >= 3) ? '\t' : ' ';
      i = j;
    } else {
      out += t[i++];
    }
  }
  l.text = out;
  l.blank = out.empty();
  l.second_column = second_column(raw, static_cast<std::size_t>(l.indent));
  return l;
}

}  // namespace

namespace {

// The usual distance between the baselines of two lines of body text that follow
// each other: the most common one (half points) between neighbours of one page and column.
double body_pitch(const std::vector<Line>& lines) {
  std::map<int, int> count;
  const Line* prev = nullptr;
  for (const auto& l : lines) {
    if (l.blank || l.size <= 0) continue;
    if (prev && prev->page == l.page && prev->column == l.column && l.y > prev->y)
      ++count[static_cast<int>(std::lround((l.y - prev->y) * 2))];
    prev = &l;
  }
  int best = 0, pitch = 0;
  for (const auto& [half_points, n] : count)
    if (n > best) best = n, pitch = half_points;
  return pitch / 2.0;
}

// Space above each line: from the PDF, the distance to the line above in its page and
// column beyond one body line, in body lines; from text, the blank lines above it.
void set_gaps(std::vector<Line>& lines) {
  const double pitch = body_pitch(lines);
  int blanks = 0;
  const Line* prev = nullptr;
  for (auto& l : lines) {
    if (l.blank) {
      ++blanks;
      continue;
    }
    if (l.size > 0 && pitch > 0) {
      if (prev && prev->page == l.page && prev->column == l.column && l.y > prev->y)
        l.gap_above = std::max(0.0, (l.y - prev->y) / pitch - 1);
      else
        l.gap_above = blanks;  // a new page or column: what the layout text shows
      prev = &l;
    } else {
      l.gap_above = blanks;
    }
    blanks = 0;
  }
}

}  // namespace

namespace {

struct Raw {
  std::string text;
  std::size_t src;
};

// A -layout text line cut into its characters, one column each, as pdftotext lays them out.
std::vector<std::string_view> cells(const std::string& line) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < line.size();) {
    const std::size_t from = i;
    decode_utf8(line, i);
    out.push_back(std::string_view(line).substr(from, i - from));
  }
  return out;
}

// The words of columns [from, to) of a line: how many, how many hold a digit, and
// the columns where the first starts and the last ends (-1 when none).
struct Piece {
  int words = 0, digits = 0, start = -1, end = -1;
};

Piece piece_of(const std::vector<std::string_view>& c, int from, int to) {
  Piece p;
  bool in_word = false, digit = false;
  for (int k = from; k <= to; ++k) {
    const bool space = k >= to || k >= static_cast<int>(c.size()) || c[static_cast<std::size_t>(k)] == " ";
    if (!space) {
      if (!in_word) ++p.words, p.start = p.start < 0 ? k : p.start, digit = false;
      digit |= c[static_cast<std::size_t>(k)].size() == 1 && std::isdigit(static_cast<unsigned char>(c[static_cast<std::size_t>(k)][0]));
      p.end = k + 1;
    } else if (in_word) {
      p.digits += digit;
    }
    in_word = !space;
  }
  return p;
}

// A left sidebar in -layout text, as the PDF's geometry finds one (pdf.cpp's
// two_columns, in character columns): a gutter of spaces down most of the page
// between a narrow column of short lines (name, contact, skills) on most rows and a
// main column of text whose lines start at one or two margins (its date column).
// The page's rows of the band are read as the sidebar's pieces, then the main
// column's; a table's label column or a margin of labels or dates is no sidebar.
void read_sidebar(std::vector<Raw>& page) {
  if (page.size() < 10) return;
  std::vector<std::vector<std::string_view>> rows;
  int width = 0, nonblank = 0;
  for (const auto& r : page) {
    rows.push_back(cells(r.text));
    width = std::max(width, static_cast<int>(rows.back().size()));
    nonblank += trim(r.text).empty() ? 0 : 1;
  }
  if (width < 60) return;
  struct Band {
    int gutter = 0;
    std::size_t top = 0, bottom = 0;  // rows [top, bottom)
    int rows = 0;
  } best;
  auto clear_at = [&](std::size_t r, int g) {
    // a gap of two spaces at least: one space parts the words of a line
    return static_cast<int>(rows[r].size()) <= g ||
           (rows[r][static_cast<std::size_t>(g)] == " " && rows[r][static_cast<std::size_t>(g - 1)] == " ");
  };
  for (int g = width / 5; g * 20 <= width * 9; ++g) {
    for (std::size_t a = 0; a < rows.size();) {
      std::size_t b = a;
      while (b < rows.size() && clear_at(b, g)) ++b;
      if (b == a) {
        ++a;
        continue;
      }
      int left = 0, right = 0, left_digits = 0, left_lines = 0, right_lines = 0, band_rows = 0, left_from = width, left_to = 0;
      std::vector<int> starts;
      std::size_t first_right = b, last_right = a;
      for (std::size_t r = a; r < b; ++r) {
        const Piece l = piece_of(rows[r], 0, g), rt = piece_of(rows[r], g, std::max(g, static_cast<int>(rows[r].size())));
        band_rows += l.words + rt.words > 0;
        if (l.words) ++left_lines, left += l.words, left_digits += l.digits, left_from = std::min(left_from, l.start), left_to = std::max(left_to, l.end);
        if (rt.words) {
          ++right_lines, right += rt.words, starts.push_back(rt.start);
          first_right = std::min(first_right, r), last_right = r;
        }
      }
      std::sort(starts.begin(), starts.end());
      std::size_t covered = 0;
      for (int pass = 0; pass < 2 && !starts.empty(); ++pass) {
        std::size_t from = 0, most = 0;
        for (std::size_t i = 0, j = 0; i < starts.size(); ++i) {
          while (j < starts.size() && starts[j] <= starts[i] + 2) ++j;
          if (j - i > most) most = j - i, from = i;
        }
        covered += most;
        starts.erase(starts.begin() + static_cast<std::ptrdiff_t>(from), starts.begin() + static_cast<std::ptrdiff_t>(from + most));
      }
      const bool sidebar = left >= 20 && right >= 20 && left_digits * 10 <= left * 3 && left_lines >= 8 &&
                           left >= 2 * left_lines && (left_to - left_from) * 100 >= width * 15 && left_lines * 100 >= band_rows * 35 &&
                           left * 100 <= (left + right) * 45 && right_lines >= 10 && right >= 4 * right_lines &&
                           covered * 10 >= static_cast<std::size_t>(right_lines) * 7 && band_rows * 10 >= nonblank * 4;
      if (sidebar && band_rows > best.rows) best = {g, first_right, last_right + 1, band_rows};
      a = b;
    }
  }
  if (best.rows == 0) return;
  std::vector<Raw> out(page.begin(), page.begin() + static_cast<std::ptrdiff_t>(best.top));
  std::vector<Raw> main;
  for (std::size_t r = best.top; r < best.bottom; ++r) {
    std::string left, right;
    for (std::size_t k = 0; k < rows[r].size(); ++k) (static_cast<int>(k) < best.gutter ? left : right) += rows[r][k];
    while (!left.empty() && left.back() == ' ') left.pop_back();
    // a row blank on one side only is the other column's line, no gap in this one
    const bool left_blank = trim(left).empty(), right_blank = trim(right).empty();
    if (!left_blank || right_blank) out.push_back({left, page[r].src});
    if (!right_blank || left_blank) main.push_back({right, page[r].src});
  }
  // the main column's margin is its lines' start, as the sidebar's is the page's
  std::size_t margin = std::string::npos;
  for (const auto& m : main)
    if (!trim(m.text).empty()) margin = std::min(margin, m.text.find_first_not_of(' '));
  for (auto& m : main) m.text.erase(0, std::min(margin, m.text.size()));
  out.push_back({"", page[best.bottom - 1].src});  // the sidebar ends
  out.insert(out.end(), main.begin(), main.end());
  out.insert(out.end(), page.begin() + static_cast<std::ptrdiff_t>(best.bottom), page.end());
  page = std::move(out);
}

}  // namespace

std::vector<Line> read_lines(std::string_view text, std::vector<Removed>& removed, const std::vector<Line>* typography) {
  // pages of raw lines; a form feed starts a new page
  std::vector<std::vector<Raw>> pages(1);
  std::size_t src = 1, start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\n' && text[i] != '\f') continue;
    pages.back().push_back({std::string(text.substr(start, i - start)), src});
    if (i < text.size() && text[i] == '\f') {
      removed.push_back({src, "\\f", "form feed"});
      pages.emplace_back();
    } else {
      ++src;
    }
    start = i + 1;
  }
  if (!typography)
    for (auto& page : pages) read_sidebar(page);
  // edge lines of each page: the first and last two non-blank ones
  std::map<std::string, int> edge_count;
  std::vector<std::vector<std::size_t>> edges(pages.size());
  for (std::size_t p = 0; p < pages.size(); ++p) {
    std::vector<std::size_t> nb;
    for (std::size_t k = 0; k < pages[p].size(); ++k)
      if (!trim(pages[p][k].text).empty()) nb.push_back(k);
    for (std::size_t k = 0; k < nb.size(); ++k)
      if (k < 2 || k + 2 >= nb.size()) edges[p].push_back(nb[k]);
    for (std::size_t k : edges[p]) {
      std::string key = furniture_key(trim(pages[p][k].text));
      if (key.size() >= 4) ++edge_count[key];
    }
  }
  const bool multi_page = pages.size() > 2 || (pages.size() == 2 && !pages[1].empty());
  std::map<std::string, bool> seen;
  std::vector<Line> lines;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    for (std::size_t k = 0; k < pages[p].size(); ++k) {
      const Raw& r = pages[p][k];
      const std::string t = trim(r.text);
      const bool edge = std::find(edges[p].begin(), edges[p].end(), k) != edges[p].end();
      if (edge && multi_page && is_page_number(t)) {
        removed.push_back({r.src, t, "page number"});
        continue;
      }
      if (edge && multi_page) {
        std::string key = furniture_key(t);
        if (key.size() >= 4 && edge_count[key] >= std::max<int>(2, (pages.size() + 1) / 2)) {
          // the first is kept when it may be the name atop page 1; a footer never is, nor
          // a header first seen on a later page
          const auto at = static_cast<std::size_t>(std::find(edges[p].begin(), edges[p].end(), k) - edges[p].begin());
          const bool footer = at >= 2 && at + 2 >= edges[p].size();
          if (seen[key] || footer || p > 0) {
            removed.push_back({r.src, t, "running header"});
            continue;
          }
          seen[key] = true;
        }
      }
      if (!t.empty() && is_table_rule(t)) {
        removed.push_back({r.src, t, "table rule"});
        continue;
      }
      lines.push_back(make_line(r.text, r.src));
      Line& l = lines.back();
      if (typography && r.src - 1 < typography->size() && !l.blank) {
        const Line& t = (*typography)[r.src - 1];
        l.size = t.size, l.bold = t.bold, l.italic = t.italic, l.small_caps = t.small_caps;
        l.underlined = t.underlined, l.x = t.x, l.y = t.y, l.page = t.page, l.column = t.column;
      }
      l.small_caps |= small_caps_split(l.text);  // "C ONTACT": what a text shows of small capitals
    }
  }
  set_gaps(lines);
  return lines;
}

}  // namespace kempt::cv::detail
