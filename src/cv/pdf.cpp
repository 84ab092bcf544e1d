// PDF input: poppler's physical layout text (what `pdftotext -layout` prints, so
// columns and right-aligned dates keep their gaps) with the link targets
// pdftotext drops put back as Markdown links on their anchor text, and a page set
// in two columns read column by column.
//
// This uses libpoppler's own classes (Debian's libpoppler-private-dev) rather than
// poppler-cpp and poppler-glib: those wrappers each lay a page's text out anew, so
// getting the layout text, the word boxes under the links and the links themselves
// cost two full text passes per page and two parsed documents. Here one
// TextOutputDev pass per page gives the text, the word boxes and each column's
// text, and pages are laid out on every core, each worker with its own PDFDoc over
// the file read once (poppler is thread-safe for separate documents; one document
// is not).
//
// This file is kempt-pdf.so, a module of its own that libkempt loads on the first PDF
// it reads (src/cv/pdf_module.hpp says why): it links libpoppler and ICU, nothing of
// libkempt, and hands back the text and its typography for libkempt to convert.
#include <Annot.h>
#include <Error.h>
#include <GlobalParams.h>
#include <Link.h>
#include <PDFDoc.h>
#include <Page.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <goo/GooString.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "cv/cv_internal.hpp"
#include "cv/pdf_module.hpp"

namespace kempt::cv {

namespace {

// Reading order for boxes on a page: a row above first (two boxes are in one row
// when their centres are less than half the smaller height apart), then left to right.
bool reads_before(double y_a, double height_a, double x_a, double y_b, double height_b, double x_b) {
  return std::abs(y_a - y_b) > std::min(height_a, height_b) / 2 ? y_a < y_b : x_a < x_b;
}

struct Link {
  double x1, y1, x2, y2;  // the page's text coordinates: points, top-left origin
  std::string uri;
};

void init_poppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!globalParams) globalParams = std::make_unique<GlobalParams>();
    globalParams->setTextEncoding("UTF-8");
    // poppler's complaints about fonts go to stderr otherwise; the text is what matters
    setErrorCallback([](ErrorCategory, Goffset, const char*) {});
  });
}

// Web and mail links of a page, in the coordinates TextOutputDev gives words
// (crop box origin, y down). A rotated page is left without links rather than
// risk putting one on the wrong words.
std::vector<Link> page_links(Page& page) {
  std::vector<Link> out;
  if (page.getRotate() % 360 != 0) return out;
  const PDFRectangle* crop = page.getCropBox();
  const std::unique_ptr<Links> links = page.getLinks();
  if (!links) return out;
  for (const AnnotLink* link : links->getLinks()) {
    const LinkAction* action = link ? link->getAction() : nullptr;
    if (!action || action->getKind() != actionURI || !action->isOk()) continue;
    double x1, y1, x2, y2;
    link->getRect(&x1, &y1, &x2, &y2);
    out.push_back({x1 - crop->x1, crop->y2 - y2, x2 - crop->x1, crop->y2 - y1,
                   static_cast<const LinkURI*>(action)->getURI()});
  }
  // In the order the layout text reads (rows top to bottom, left to right), so that
  // the k-th "[pdf]" link on a page lands on the k-th "[pdf]" of its text.
  std::stable_sort(out.begin(), out.end(), [](const Link& a, const Link& b) {
    return reads_before((a.y1 + a.y2) / 2, a.y2 - a.y1, a.x1, (b.y1 + b.y2) / 2, b.y2 - b.y1, b.x1);
  });
  return out;
}

// The words of the page under a link's rectangle, as they read: line by line,
// left to right (the layout word list is in column order, not reading order).
std::string anchor_text(TextWordList& words, const Link& link) {
  struct Word {
    double y, x, height;
    std::string text;
  };
  std::vector<Word> under;
  for (int i = 0; i < words.getLength(); ++i) {
    const TextWord* w = words.get(i);
    double x1, y1, x2, y2;
    w->getBBox(&x1, &y1, &x2, &y2);
    const double cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;
    if (cx < link.x1 - 1 || cx > link.x2 + 1 || cy < link.y1 - 1 || cy > link.y2 + 1) continue;
    const std::unique_ptr<GooString> text(w->getText());
    under.push_back({cy, x1, y2 - y1, text->toStr()});
  }
  std::stable_sort(under.begin(), under.end(),
                   [](const Word& a, const Word& b) { return reads_before(a.y, a.height, a.x, b.y, b.height, b.x); });
  // An icon before or after the words (a globe, a GitHub cat in the private use
  // area) is not anchor text: the converter drops it, and "[ name](url)" would be left.
  auto wordless = [](const Word& w) {
    const auto* s = reinterpret_cast<const uint8_t*>(w.text.data());
    for (int32_t i = 0, n = static_cast<int32_t>(w.text.size()); i < n;) {
      UChar32 c;
      U8_NEXT(s, i, n, c);
      if (c >= 0 && u_isalnum(c) && !(c >= 0xE000 && c <= 0xF8FF)) return false;
    }
    return true;
  };
  while (!under.empty() && wordless(under.back())) under.pop_back();
  std::size_t from = 0;
  while (from < under.size() && wordless(under[from])) ++from;
  std::string out;
  for (std::size_t i = from; i < under.size(); ++i) out += (out.empty() ? "" : " ") + under[i].text;
  return out;
}

// "Link", "here": a link that says nothing of where it goes (markdownlint MD059).
// Those keep their word and show the address as the link text instead.
bool generic_anchor(std::string anchor) {
  for (auto& c : anchor) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!anchor.empty() && std::string_view(".:;,").find(anchor.back()) != std::string_view::npos) anchor.pop_back();
  return anchor == "link" || anchor == "here" || anchor == "click here" || anchor == "more";
}

std::string shown(std::string uri) {
  for (std::string_view scheme : {"mailto:", "https://", "http://"}) {
    if (uri.rfind(scheme, 0) == 0) uri.erase(0, scheme.size());
  }
  if (uri.rfind("www.", 0) == 0) uri.erase(0, 4);
  while (!uri.empty() && uri.back() == '/') uri.pop_back();
  return uri;
}

// "[anchor](uri)" in place of the anchor's first occurrence on the page not yet linked.
void link_anchor(std::string& text, const std::string& anchor, const std::string& uri) {
  if (anchor.empty() || anchor == uri || uri.find(' ') != std::string::npos || uri.find(')') != std::string::npos)
    return;
  if (uri.rfind("http", 0) != 0 && uri.rfind("mailto:", 0) != 0) return;
  if (anchor.find('[') != std::string::npos || anchor.find(']') != std::string::npos) return;
  if (anchor.find('@') != std::string::npos || anchor.rfind("http", 0) == 0 || anchor.rfind("www.", 0) == 0) return;
  for (std::size_t p = text.find(anchor); p != std::string::npos; p = text.find(anchor, p + 1)) {
    const bool left = p == 0 || text[p - 1] == ' ' || text[p - 1] == '\n' || text[p - 1] == '(';
    const bool linked = (p > 0 && text[p - 1] == '[') || text.compare(p + anchor.size(), 3, " ([") == 0 ||
                        detail::in_link_text(text, p);
    if (!left || linked) continue;
    text.replace(p, anchor.size(), generic_anchor(anchor) ? anchor + " ([" + shown(uri) + "](" + uri + "))"
                                                          : "[" + anchor + "](" + uri + ")");
    return;
  }
}

// A page set in two columns, over its whole height or over a band of it (a
// two-column top half): the x of the gutter between them and the band's top and
// bottom, in the page's text coordinates.
struct Columns {
  double gutter, top, bottom;
};

struct WordBox {
  double x1, y1, x2, y2;
  bool digits;
};

std::vector<WordBox> word_boxes(TextWordList& words) {
  std::vector<WordBox> out;
  for (int i = 0; i < words.getLength(); ++i) {
    const TextWord* w = words.get(i);
    WordBox b{};
    w->getBBox(&b.x1, &b.y1, &b.x2, &b.y2);
    const std::unique_ptr<GooString> text(w->getText());
    for (const char c : text->toStr()) b.digits |= c >= '0' && c <= '9';
    out.push_back(b);
  }
  return out;
}

// A line of words on one side of a gutter within a band: its height (centre) and
// where it starts and ends.
struct SideLine {
  double y, x1, x2;
};

std::vector<SideLine> side_lines(const std::vector<WordBox>& words, double top, double bottom, double gutter,
                                 bool left) {
  std::vector<SideLine> lines;
  for (const auto& b : words) {
    const double cy = (b.y1 + b.y2) / 2;
    if (cy < top || cy > bottom || (left ? b.x2 > gutter : b.x1 < gutter)) continue;
    auto line = std::find_if(lines.begin(), lines.end(), [&](const SideLine& l) { return std::abs(l.y - cy) < 3; });
    if (line == lines.end()) {
      lines.push_back({cy, b.x1, b.x2});
    } else {
      line->x1 = std::min(line->x1, b.x1);
      line->x2 = std::max(line->x2, b.x2);
    }
  }
  return lines;
}

// How many of the lines start at one of two margins (6 points wide each): a
// column with a date column inside it, or headings set out of its text's margin.
std::size_t at_two_margins(const std::vector<SideLine>& lines) {
  std::vector<double> starts;
  for (const auto& l : lines) starts.push_back(l.x1);
  std::sort(starts.begin(), starts.end());
  std::size_t covered = 0;
  for (int pass = 0; pass < 2 && !starts.empty(); ++pass) {
    std::size_t best_from = 0, best = 0;
    for (std::size_t a = 0, b = 0; a < starts.size(); ++a) {
      while (b < starts.size() && starts[b] < starts[a] + 6) ++b;
      if (b - a > best) best = b - a, best_from = a;
    }
    covered += best;
    starts.erase(starts.begin() + static_cast<std::ptrdiff_t>(best_from),
                 starts.begin() + static_cast<std::ptrdiff_t>(best_from + best));
  }
  return covered;
}

// The extent of the page's text, which the tests of a band measure against.
struct TextArea {
  double left, width;  // the page's, or the part of it being split
  double height;  // from the first word's top to the last one's bottom
};

// Is the band split at `gutter` two columns of text? Not a margin of labels or of
// dates (the left side is a sizeable share of the words, mostly not numbers), not
// right-aligned dates (the right side's lines start at one margin), not a table
// (a table's cells share their rows; two columns' lines rarely do).
// A column holding a date column of its own (or headings out of its margin) starts
// its lines at two margins instead: then its lines must be a text's, several words
// each. A left sidebar holds fewer words than the main column (name, contact,
// skills), but runs down most of the page, in lines of a few words, not labels.
// 0: no; 1: two columns of text at one margin each; 2: a column at two margins, or a sidebar.
int two_columns(const std::vector<WordBox>& words, double gutter, double top, double bottom, const TextArea& area) {
  int left = 0, right = 0, left_digits = 0;
  for (const auto& b : words) {
    const double cy = (b.y1 + b.y2) / 2;
    if (cy < top || cy > bottom) continue;
    if (b.x2 <= gutter) {
      ++left;
      left_digits += b.digits;
    } else if (b.x1 >= gutter) {
      ++right;
    }
  }
  if (left < 20 || right < 20 || left_digits * 10 > left * 3) return 0;
  const auto rights = side_lines(words, top, bottom, gutter, false);
  const auto lefts = side_lines(words, top, bottom, gutter, true);
  if (rights.size() < 4) return 0;
  double margin = 1e9;
  for (const auto& l : rights) margin = std::min(margin, l.x1);
  std::size_t aligned = 0, shared_rows = 0;
  for (const auto& r : rights) {
    aligned += r.x1 < margin + 6;
    shared_rows += std::any_of(lefts.begin(), lefts.end(), [&](const SideLine& l) { return std::abs(l.y - r.y) < 1; });
  }
  if (shared_rows * 2 > rights.size()) return 0;
  const bool sizeable = left * 100 >= (left + right) * 15;
  if (aligned * 2 >= rights.size() && sizeable) return 1;
  const bool text = rights.size() >= 10 && static_cast<std::size_t>(right) >= 4 * rights.size() &&
                    at_two_margins(rights) * 4 >= rights.size() * 3;
  if (!text) return 0;
  if (sizeable) return 2;
  double left_from = 1e9, left_to = -1e9;
  for (const auto& l : lefts) left_from = std::min(left_from, l.x1), left_to = std::max(left_to, l.x2);
  return gutter - area.left <= 0.4 * area.width && bottom - top >= 0.4 * area.height && left * 100 >= (left + right) * 8 &&
                 lefts.size() >= 8 && static_cast<std::size_t>(left) >= 2 * lefts.size() &&
                 left_to - left_from >= 0.15 * area.width
             ? 2
             : 0;
}

// The tallest band with a gutter no word crosses, between 20% and 70% of the width
// from `left` (further left is a margin of labels or dates), at least a fifth of the
// text's height.
std::optional<Columns> find_columns(const std::vector<WordBox>& words, double left, double width) {
  if (words.size() < 40) return std::nullopt;
  double text_top = 1e9, text_bottom = -1e9;
  for (const auto& b : words) {
    text_top = std::min(text_top, b.y1);
    text_bottom = std::max(text_bottom, b.y2);
  }
  const TextArea area{left, width, text_bottom - text_top};
  // the tallest band of each kind: one at two margins (or a sidebar) only where it is
  // clearly taller than one at one margin, or holds more than a few words the other
  // puts on the left: the one-margin gutter is surer (a sidebar's right-aligned
  // "Mayo 2016" left of it, not in the main column)
  std::optional<Columns> best[2];
  double tallest[2] = {0.2 * (text_bottom - text_top), 0.2 * (text_bottom - text_top)};
  for (double x = left + 0.2 * width; x <= left + 0.7 * width; x += 2) {
    std::vector<double> crossing = {text_top - 1, text_bottom + 1};
    for (const auto& b : words)
      if (b.x1 < x && b.x2 > x) crossing.push_back((b.y1 + b.y2) / 2);
    std::sort(crossing.begin(), crossing.end());
    for (std::size_t k = 0; k + 1 < crossing.size(); ++k) {
      const double top = crossing[k] + 0.5, bottom = crossing[k + 1] - 0.5;
      const int kind = bottom - top > std::min(tallest[0], tallest[1]) ? two_columns(words, x, top, bottom, area) : 0;
      if (kind > 0 && bottom - top > tallest[kind - 1]) {
        // the band starts and ends with the right column: a left-only line under it
        // ("SELECTED PROJECTS" after both columns) belongs to the full-width text below,
        // one over it (a contact line) to the text above
        // (poppler puts a character in a rectangle by its centre: the band ends a little
        // under the centre of the right column's last line, starts a little over its first's)
        double right_start = bottom, right_end = top;
        for (const auto& b : words) {
          const double cy = (b.y1 + b.y2) / 2;
          if (b.x1 >= x && cy >= top && cy <= bottom) right_start = std::min(right_start, cy), right_end = std::max(right_end, cy);
        }
        best[kind - 1] = Columns{x, std::max(top, right_start - 3), std::min(bottom, right_end + 3)};
        tallest[kind - 1] = bottom - top;
      }
    }
  }
  if (!best[0] || !best[1]) return best[0] ? best[0] : best[1];
  // a column of its own between the two gutters (several words down the band, a date
  // column) belongs to the main column the band at one margin cuts it from
  int between = 0;
  for (const auto& b : words) {
    const double cy = (b.y1 + b.y2) / 2;
    between += b.x1 >= best[1]->gutter && b.x2 <= best[0]->gutter && cy >= best[0]->top && cy <= best[0]->bottom;
  }
  return tallest[1] >= 1.2 * tallest[0] || between >= 6 ? best[1] : best[0];
}

// A piece of the page read whole, and the column it belongs to (0: the page's
// leftmost; pieces starting at one x share a column).
struct Region {
  double x1, y1, x2, y2;
  int column = 0;
};

bool inside(const Region& r, double x, double y) { return x >= r.x1 && x < r.x2 && y >= r.y1 && y < r.y2; }

// The page cut into the pieces it reads in: a two-column band's columns each read
// whole, between the text above and below it; each piece cut again the same way (a
// sidebar beside a main column that is itself in two columns lower down).
void split(const std::vector<WordBox>& words, const Region& r, int depth, std::vector<Region>& out) {
  std::vector<WordBox> in;
  for (const auto& b : words)
    if (inside(r, (b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2)) in.push_back(b);
  const std::optional<Columns> c = depth > 0 ? find_columns(in, r.x1, r.x2 - r.x1) : std::nullopt;
  if (!c) {
    if (!in.empty()) out.push_back(r);
    return;
  }
  split(in, {r.x1, r.y1, r.x2, c->top}, depth - 1, out);
  split(in, {r.x1, c->top, c->gutter, c->bottom}, depth - 1, out);
  split(in, {c->gutter, c->top, r.x2, c->bottom}, depth - 1, out);
  split(in, {r.x1, c->bottom, r.x2, r.y2}, depth - 1, out);
}

std::vector<Region> page_regions(const std::vector<WordBox>& words, double width, double height) {
  std::vector<Region> out;
  split(words, {0, 0, width, height}, 3, out);
  std::vector<double> starts;
  for (const auto& r : out) starts.push_back(r.x1);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  for (auto& r : out) r.column = static_cast<int>(std::lower_bound(starts.begin(), starts.end(), r.x1) - starts.begin());
  return out;
}

// The page's text with each piece read whole, in order.
std::string region_text(TextPage& page, const std::vector<Region>& regions) {
  std::string out;
  for (const auto& r : regions) {
    if (r.x2 - r.x1 < 1 || r.y2 - r.y1 < 1) continue;
    const std::unique_ptr<GooString> t(page.getText(r.x1, r.y1, r.x2, r.y2, eolUnix));
    out += t->toStr();
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += '\n';
  }
  return out;
}

// What a word's font says: the PDF's font flags often are not set, so the font's
// name decides too ("CMBX10", "Lato-Bold", "CMCSC10", "SourceSansPro-It").
struct FontStyle {
  bool bold = false, italic = false, small_caps = false;
  bool icons = false;  // an icon font: its glyphs may map to letters (a calendar read as "z")
};

FontStyle font_style(const TextFontInfo* font) {
  FontStyle f;
  if (!font) return f;
  std::string name;
  if (const GooString* n = font->getFontName()) name = n->toStr();
  if (const auto plus = name.find('+'); plus != std::string::npos) name.erase(0, plus + 1);
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto has = [&](std::string_view w) { return name.find(w) != std::string::npos; };
  f.bold = font->isBold() || has("bold") || has("heavy") || has("black") || has("semibold") || has("bx") ||
           has("demi");
  f.italic = font->isItalic() || has("italic") || has("oblique") || has("ital") || has("-it") ||
             name.rfind("cmti", 0) == 0 || name.rfind("sfti", 0) == 0;
  f.small_caps = has("csc") || has("caps") || name.rfind("sfcc", 0) == 0;
  f.icons = has("fontawesome") || has("academicons") || has("marvosym") || has("wingdings") || has("webdings") ||
            has("fontello") || has("octicons") || has("ionicons") || has("materialicons");
  return f;
}

struct StyledWord {
  std::string text;
  double x1, y1, x2, baseline, size;
  int band;  // reading order of the piece of the page the word is in (columns read whole)
  int letters;
  FontStyle font;
  bool underlined;
};

// The page's words in the order its text reads them: top to bottom, left to right,
// each column of a two-column band whole.
std::vector<StyledWord> styled_words(TextWordList& words, const std::vector<Region>& regions) {
  std::vector<StyledWord> out;
  out.reserve(static_cast<std::size_t>(words.getLength()));
  for (int i = 0; i < words.getLength(); ++i) {
    const TextWord* w = words.get(i);
    StyledWord s{};
    double y2;
    w->getBBox(&s.x1, &s.y1, &s.x2, &y2);
    const std::unique_ptr<GooString> text(w->getText());
    s.text = text->toStr();
    s.baseline = w->getBaseline();
    s.size = w->getFontSize();
    s.underlined = w->isUnderlined();
    s.font = font_style(w->getFontInfo(0));
    for (const char c : s.text) s.letters += std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80) != 0;
    const double cx = (s.x1 + s.x2) / 2, cy = (s.y1 + y2) / 2;
    const auto region = std::find_if(regions.begin(), regions.end(), [&](const Region& r) { return inside(r, cx, cy); });
    s.band = region == regions.end() ? 0 : static_cast<int>(region - regions.begin());
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const StyledWord& a, const StyledWord& b) {
    if (a.band != b.band) return a.band < b.band;
    return std::abs(a.baseline - b.baseline) > std::min(a.size, b.size) / 2 ? a.baseline < b.baseline : a.x1 < b.x1;
  });
  return out;
}

// The typography of each line of the page's text ('\n'-ended, blank ones included):
// each word of a line is the next word of the page with its text not yet taken, in
// reading order, and the line takes the style most of its letters have.
bool one_character(std::string_view s) {
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return c >= 0 && i == static_cast<int32_t>(s.size());
}

// An icon's glyph of one character is blanked in the text (its column kept): a word
// of an icon font is no text, and the converter cannot tell a "z" from a word.
std::vector<detail::Line> line_typography(std::string& text, const std::vector<StyledWord>& words, int page,
                                          const std::vector<Region>& regions) {
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_text;
  for (std::size_t k = 0; k < words.size(); ++k) by_text[words[k].text].push_back(k);
  std::unordered_map<std::string_view, std::size_t> taken;
  std::vector<detail::Line> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\n') continue;
    detail::Line l;
    l.page = page;
    std::map<double, int> sizes;
    int letters = 0, bold = 0, italic = 0, caps = 0, underlined = 0;
    int lettered = 0, bold_letters = 0, italic_letters = 0, caps_letters = 0;
    bool first = true;
    for (std::size_t a = start; a < i;) {
      while (a < i && (text[a] == ' ' || text[a] == '\f')) ++a;
      std::size_t b = a;
      while (b < i && text[b] != ' ' && text[b] != '\f') ++b;
      if (b == a) break;
      std::string_view token(text.data() + a, b - a);
      a = b;
      const auto found = by_text.find(token);
      if (found == by_text.end()) continue;
      std::size_t& next = taken[found->first];
      if (next >= found->second.size()) continue;
      const StyledWord& w = words[found->second[next++]];
      if (w.font.icons && one_character(token)) {
        std::fill(text.begin() + static_cast<std::ptrdiff_t>(b - token.size()), text.begin() + static_cast<std::ptrdiff_t>(b), ' ');
        continue;
      }
      if (first) {
        l.x = w.x1;
        l.y = w.baseline;
        l.column = w.band < static_cast<int>(regions.size()) ? regions[static_cast<std::size_t>(w.band)].column : 0;
        first = false;
      }
      l.x = std::min(l.x, w.x1);
      const int n = std::max(1, w.letters);
      sizes[std::round(w.size * 2) / 2] += n;
      letters += n;
      // the weight and slant are the words' letters': figures beside a bold title (a
      // chart's years on its baseline) do not make it plain
      const int styled = w.letters > 0 ? w.letters : 0;
      lettered += styled;
      bold += w.font.bold ? n : 0, bold_letters += w.font.bold ? styled : 0;
      italic += w.font.italic ? n : 0, italic_letters += w.font.italic ? styled : 0;
      caps += w.font.small_caps ? n : 0, caps_letters += w.font.small_caps ? styled : 0;
      underlined += w.underlined ? n : 0;
    }
    if (letters > 0) {
      l.size = std::max_element(sizes.begin(), sizes.end(), [](const auto& p, const auto& q) { return p.second < q.second; })->first;
      if (lettered > 0) bold = bold_letters, italic = italic_letters, caps = caps_letters;
      const int of = lettered > 0 ? lettered : letters;
      l.bold = bold * 10 >= of * 6;
      l.italic = italic * 10 >= of * 6;
      l.small_caps = caps * 10 >= of * 6;
      l.underlined = underlined * 10 >= letters * 9;
    }
    out.push_back(std::move(l));
    start = i + 1;
  }
  return out;
}

struct PageText {
  std::string text;
  std::vector<detail::Line> typography;  // one per line of text
};

// One page's layout text with its links and its lines' typography, from a single text pass.
PageText page_text(PDFDoc& doc, int number) {
  PageText out;
  std::string& text = out.text;
  TextOutputDev dev([](void* o, const char* s, int n) { static_cast<std::string*>(o)->append(s, n); }, &text,
                    /*physLayout=*/true, /*fixedPitch=*/0, /*rawOrder=*/false, /*discardDiag=*/false);
  if (!dev.isOk()) return out;
  dev.enableHTMLExtras(true);  // underlines: the page's thin rules and strokes under words
  doc.displayPage(&dev, number, 72, 72, 0, /*useMediaBox=*/false, /*crop=*/true, /*printing=*/false);
  Page* page = doc.getPage(number);
  if (!page) return out;
  const std::unique_ptr<TextWordList> words = dev.makeWordList();
  std::vector<Region> regions;
  if (page->getRotate() % 360 == 0) {
    regions = page_regions(word_boxes(*words), page->getCropWidth(), page->getCropHeight());
    if (regions.size() > 1) {
      TextPage* laid_out = dev.takeText();
      text = region_text(*laid_out, regions) + '\f';
      laid_out->decRefCnt();
    } else {
      regions.clear();  // one piece: the layout text as it is
    }
  }
  for (const auto& l : page_links(*page)) link_anchor(text, anchor_text(*words, l), l.uri);
  if (text.empty() || text.back() != '\f') text += '\f';
  out.typography = line_typography(text, styled_words(*words, regions), number, regions);
  return out;
}

// The file is read once; each worker's document parses it from memory (poppler
// reads a file in small pieces, a system call each: 15% of the time).
std::string read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error(path + ": " + std::strerror(errno));
  // Read straight into a string sized up front: growing it through a 1.7 MB PDF
  // cost 5% of a 10-page run. The loop still reads a file that grew (or a pipe).
  std::string data;
  std::size_t used = 0;
  if (std::fseek(f, 0, SEEK_END) == 0) {
    const long size = std::ftell(f);
    if (size > 0) data.resize(static_cast<std::size_t>(size));
    std::rewind(f);
  }
  for (;;) {
    if (used == data.size()) data.resize(std::max<std::size_t>(1 << 16, data.size() * 2));
    const std::size_t n = std::fread(data.data() + used, 1, data.size() - used, f);
    if (n == 0) break;
    used += n;
  }
  data.resize(used);
  std::fclose(f);
  return data;
}

std::unique_ptr<PDFDoc> open(const std::string& data, const std::string& path) {
  auto doc = std::make_unique<PDFDoc>(new MemStream(data.data(), 0, static_cast<Goffset>(data.size()), Object(objNull)));
  if (!doc->isOk())
    throw std::runtime_error(path + ": not a readable PDF (damaged, password-protected or not a PDF); try `pdftotext -layout " +
                             path + " cv.txt` and `kempt cv cv.txt`");
  return doc;
}

}  // namespace

detail::PdfText read_pdf(const std::string& path) {
  init_poppler();
  const std::string data = read_file(path);
  auto first = open(data, path);
  const int pages = first->getNumPages();
  std::vector<PageText> texts(static_cast<std::size_t>(std::max(pages, 0)));
  std::atomic<int> next{1};
  auto lay_out = [&](PDFDoc& doc) {
    for (int p = next++; p <= pages; p = next++) texts[static_cast<std::size_t>(p - 1)] = page_text(doc, p);
  };
  // A second worker pays for parsing the document and its fonts again: worth it
  // from a few pages on.
  const int workers = std::clamp<int>(static_cast<int>(std::thread::hardware_concurrency()), 1, std::max(1, pages / 2));
  std::vector<std::thread> threads;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(workers));
  for (int w = 1; w < workers; ++w) {
    threads.emplace_back([&, w] {
      try {
        auto doc = open(data, path);
        lay_out(*doc);
      } catch (...) {
        errors[static_cast<std::size_t>(w)] = std::current_exception();
      }
    });
  }
  lay_out(*first);
  for (auto& t : threads) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  // The pages' lines follow on: a page's first line is the line after the previous
  // page's last '\n' (its form feed starts that line).
  detail::PdfText out;
  for (auto& t : texts) {
    out.text += t.text;
    if (!out.typography.empty() && !t.typography.empty()) out.typography.pop_back();  // the form feed's empty rest
    for (auto& l : t.typography) out.typography.push_back(std::move(l));
  }
  return out;
}

}  // namespace kempt::cv

// The module's entry points (src/cv/pdf_module.hpp), the only symbols it exports.
extern "C" __attribute__((visibility("default"))) const char* kempt_pdf_stamp() {
  static const std::string stamp = kempt::cv::detail::pdf_module_stamp();
  return stamp.c_str();
}

// Exceptions stay on this side: libkempt throws its own std::runtime_error from the message.
extern "C" __attribute__((visibility("default"))) void kempt_pdf_read(const char* path, kempt::cv::detail::PdfText* out) {
  try {
    *out = kempt::cv::read_pdf(path);
  } catch (const std::runtime_error& e) {  // they name the file and what to do
    *out = {};
    out->error = e.what();
  } catch (const std::exception& e) {  // std::bad_alloc, ...
    *out = {};
    out->error = std::string(path) + ": " + e.what();
  }
}
