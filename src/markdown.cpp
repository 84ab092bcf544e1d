#include "kempt/markdown.hpp"

#include "kempt/document.hpp"
#include "ascii.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

namespace kempt {
namespace {

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

// What is parsed for: blocks alone, or inline code as well.
enum class Detail { blocks, inlines };

cmark_parser* new_gfm_parser(Detail detail) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
  // Tables matter here: without the extension a table would parse as a paragraph
  // and its rows' trailing spaces would look like hard breaks. The others are
  // inline only, and autolink makes every 'w' and ':' a node of its own.
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (detail == Detail::blocks && std::string_view(name) != "table") continue;
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, ext);
    }
  }
  return parser;
}

// Parses `body` with cmark-gfm and calls `visit` on entering every node.
template <typename Visit>
void for_each_node(std::string_view body, Detail detail, Visit&& visit) {
  std::unique_ptr<cmark_parser, ParserDeleter> parser(new_gfm_parser(detail));
  cmark_parser_feed(parser.get(), body.data(), body.size());
  std::unique_ptr<cmark_node, NodeDeleter> root(cmark_parser_finish(parser.get()));
  std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(root.get()));
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    if (ev == CMARK_EVENT_ENTER) visit(cmark_iter_get_node(iter.get()));
  }
}

void mark(std::vector<bool>& lines, int first, int last) {
  if (first < 1) first = 1;
  if (last >= static_cast<int>(lines.size())) last = static_cast<int>(lines.size()) - 1;
  for (int l = first; l <= last; ++l) lines[static_cast<std::size_t>(l)] = true;
}

bool starts_with_pre(const char* literal) {
  if (!literal) return false;
  std::string_view s(literal);
  s.remove_prefix(std::min(s.find_first_not_of(" \t"), s.size()));
  if (s.size() < 4) return false;
  std::string head(s.substr(0, 4));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  return head == "<pre" && (s.size() == 4 || s[4] == '>' || s[4] == ' ' || s[4] == '\t' || s[4] == '\n');
}

// Jekyll renders `{% highlight %}` ... `{% endhighlight %}` verbatim, but cmark sees
// only a paragraph: find those blocks by their tags.
void mark_liquid_highlight(std::string_view body, const std::vector<TextLine>& lines,
                           std::vector<bool>& verbatim) {
  if (body.find("{%") == std::string_view::npos) return;
  auto has_tag = [](std::string_view text, std::string_view tag) {
    for (std::size_t at = text.find("{%"); at != std::string_view::npos; at = text.find("{%", at + 2)) {
      const std::size_t word = text.find_first_not_of(" -", at + 2);
      if (word != std::string_view::npos && text.substr(word, tag.size()) == tag) return true;
    }
    return false;
  };
  int open_line = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line = static_cast<int>(i + 1);
    if (open_line == 0 && has_tag(lines[i].content, "highlight")) open_line = line;
    if (open_line != 0 && has_tag(lines[i].content, "endhighlight")) {
      mark(verbatim, open_line, line);
      open_line = 0;
    }
  }
}

bool is_setext_underline(std::string_view line) {
  const std::size_t start = line.find_first_not_of(' ');
  if (start == std::string_view::npos || start > 3 || (line[start] != '=' && line[start] != '-')) return false;
  const std::size_t run_end = line.find_first_not_of(line[start], start);
  return run_end == std::string_view::npos || line.find_first_not_of(" \t", run_end) == std::string_view::npos;
}

// The 1-based line of a setext heading's underline within [first, last], or 0
// for an ATX heading.
int setext_underline(const std::vector<TextLine>& lines, int first, int last) {
  if (first < 1 || first > static_cast<int>(lines.size())) return 0;
  std::string_view head = lines[static_cast<std::size_t>(first - 1)].content;
  const std::size_t start = head.find_first_not_of(' ');
  if (start != std::string_view::npos && start <= 3 && head[start] == '#') return 0;
  for (int l = first + 1; l <= last && l <= static_cast<int>(lines.size()); ++l) {
    if (is_setext_underline(lines[static_cast<std::size_t>(l - 1)].content)) return l;
  }
  return 0;
}

bool is_void_element(std::string_view name) {
  static constexpr std::string_view kVoid[] = {"area", "base", "br",     "col",   "command", "embed",
                                               "hr",   "img",  "input",  "keygen", "link",   "meta",
                                               "param", "source", "track", "wbr"};
  return std::find(std::begin(kVoid), std::end(kVoid), name) != std::end(kVoid);
}


// Whether `haystack` holds `needle` (lowercase) in any case. Asked of every line of an
// HTML block: compared in place, not of a lowercased copy.
bool contains_ci(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t at = 0; at + needle.size() <= haystack.size(); ++at) {
    std::size_t k = 0;
    while (k < needle.size() && ascii_lower(haystack[at + k]) == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

// The lines of a cmark HTML block [first, last] that kramdown copies raw: from an opening
// comment to its `-->`, or from a block-level tag to the first line that closes it
// (nesting aside: a line kept out here only keeps its blanks). Lines after that, which
// cmark still counts in the block, are Markdown again to kramdown, and a span-level tag
// (`<img>` alone on a line) opens a kramdown paragraph.
void mark_kramdown_raw_html(const std::vector<TextLine>& lines, int first, int last, std::vector<bool>& raw) {
  if (first < 1 || last > static_cast<int>(lines.size()) || first > last) return;
  std::string_view head = lines[static_cast<std::size_t>(first - 1)].content;
  const std::size_t lt = head.find_first_not_of(' ');
  if (lt == std::string_view::npos || lt > 3 || head[lt] != '<') return;
  std::string_view rest = head.substr(lt + 1);
  std::string close;
  if (rest.substr(0, 3) == "!--") {
    close = "-->";
  } else {
    std::size_t n = 0;
    while (n < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[n])) || rest[n] == '-' || rest[n] == ':')) ++n;
    const std::string name = ascii_lowered(rest.substr(0, n));
    if (name.empty() || is_kramdown_span_element(name)) return;
    // markdown="1" asks kramdown to parse the content: it is Markdown, not raw.
    if (contains_ci(head, "markdown=")) return;
    close = is_void_element(name) ? std::string() : "</" + name;
  }
  for (int l = first; l <= last; ++l) {
    std::string_view text = lines[static_cast<std::size_t>(l - 1)].content;
    if (contains_ci(text, "markdown=")) break;  // kramdown parses a nested markdown="1" element
    raw[static_cast<std::size_t>(l)] = true;
    if (close.empty() || (l == first ? contains_ci(text.substr(lt + 1), close) : contains_ci(text, close))) break;
  }
}

MarkdownBlock::Type block_type(cmark_node* node) {
  using T = MarkdownBlock::Type;
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_DOCUMENT: return T::document;
    case CMARK_NODE_PARAGRAPH: return T::paragraph;
    case CMARK_NODE_HEADING: return T::heading;
    case CMARK_NODE_LIST: return T::list;
    case CMARK_NODE_ITEM: return T::item;
    case CMARK_NODE_BLOCK_QUOTE: return T::block_quote;
    case CMARK_NODE_CODE_BLOCK: return T::code_block;
    case CMARK_NODE_HTML_BLOCK: return T::html_block;
    case CMARK_NODE_THEMATIC_BREAK: return T::thematic_break;
    default: break;
  }
  // The table extension's node types are numbered at run time: compare names.
  const std::string_view name = cmark_node_get_type_string(node);
  if (name == "table") return T::table;
  if (name == "table_header") return T::table_header;
  if (name == "table_row") return T::table_row;
  return T::other;
}

bool is_blank_line(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

// Deeper than this, a block's parts are not told apart: no page nests so deep,
// and following a crafted one (`>` a million times) would overflow the stack.
constexpr int kMaxBlockDepth = 200;

MarkdownBlock block_of(cmark_node* node, const std::vector<TextLine>& lines, int depth = 0) {
  MarkdownBlock b;
  b.type = block_type(node);
  if (b.type == MarkdownBlock::Type::heading) b.heading_level = cmark_node_get_heading_level(node);
  const int count = static_cast<int>(lines.size());
  int first = std::clamp(cmark_node_get_start_line(node), 1, std::max(count, 1));
  // cmark ends some blocks at column 0 of the line after them, and lets list
  // items run over the blank lines that follow them.
  int last = cmark_node_get_end_line(node);
  if (cmark_node_get_end_column(node) == 0) --last;
  last = std::clamp(last, first, std::max(count, 1));
  while (last > first && last <= count && is_blank_line(lines[static_cast<std::size_t>(last - 1)].content)) --last;
  b.first_line = static_cast<std::uint32_t>(first);
  b.last_line = static_cast<std::uint32_t>(last);
  for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
    if ((cmark_node_get_type(child) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK) continue;
    // Table cells are blocks to cmark, but a row is the smallest unit kempt removes.
    if (b.type == MarkdownBlock::Type::table_row || b.type == MarkdownBlock::Type::table_header) continue;
    if (depth >= kMaxBlockDepth) {
      b.cut = true;
      break;
    }
    b.children.push_back(block_of(child, lines, depth + 1));
  }
  return b;
}

// How many containers a line may open or continue: its block quote and list
// markers, plus its indentation over two (a nested item is indented at least two
// columns per level); 0 for a line with no marker, which only continues.
std::size_t line_depth_bound(std::string_view line) {
  std::size_t columns = 0, markers = 0;
  for (std::size_t i = 0; i < line.size();) {
    const char c = line[i];
    if (c == ' ' || c == '\t') {
      columns += c == '\t' ? 4 : 1;
      ++i;
      continue;
    }
    auto marker_ends = [&](std::size_t at) { return at >= line.size() || line[at] == ' ' || line[at] == '\t'; };
    if (c == '>') {
      ++markers, ++i;
      continue;
    }
    if ((c == '-' || c == '*' || c == '+') && marker_ends(i + 1)) {
      ++markers, ++i;
      continue;
    }
    std::size_t digits = i;
    while (digits < line.size() && digits - i < 9 && line[digits] >= '0' && line[digits] <= '9') ++digits;
    if (digits > i && digits < line.size() && (line[digits] == '.' || line[digits] == ')') && marker_ends(digits + 1)) {
      ++markers, i = digits + 1;
      continue;
    }
    break;
  }
  return markers == 0 ? 0 : markers + columns / 2;
}

// The bytes a line's start may hold before its text: blanks, block quote and list
// markers, ordered list numbers. (A table, as this runs over every byte of a page.)
constexpr std::array<bool, 256> kLineStartMarker = [] {
  std::array<bool, 256> marker{};
  for (const char c : std::string_view(" \t>-*+.)0123456789")) marker[static_cast<unsigned char>(c)] = true;
  return marker;
}();

// The bytes for_blocks masks, and the line breaks.
constexpr std::array<bool, 256> kMaskedOrBreak = [] {
  std::array<bool, 256> masked{};
  for (const char c : std::string_view("\n\r<!&[]")) masked[static_cast<unsigned char>(c)] = true;
  return masked;
}();

// The body as cmark-gfm is given it to find blocks, byte for byte: past a
// line's container markers and indentation, every '<' that does not open a
// closing tag, and every '!', '&', '[' and ']', becomes an 'x'. Kept: the tag
// or comment opener a line starts with ("<!--", "<![CDATA[", "<div", as HTML
// blocks start), and the brackets of a line that starts with '[' (a link
// reference definition). Blocks never depend on the rest (an HTML block ends at
// "-->", "?>", ">", "]]>" or a closing tag), but cmark-gfm makes a node of
// ~200 bytes of each, and a paragraph of unclosed "<!--" costs it time with the
// square of the paragraph. (Checked: the block lines of all 521 pages of the
// site corpus and of every fixture are the same as with the unmasked text.)
std::string for_blocks(std::string_view body) {
  std::string out(body);
  bool at_start = true;   // only markers and blanks so far on this line
  bool opening = false;   // inside the tag a line starts with
  bool reference = false;  // the line starts with '['
  for (std::size_t i = 0; i < out.size(); ++i) {
    // Past a line's start and outside the tag it opens with, only these bytes do
    // anything: the others are passed over.
    if (!at_start && !opening) {
      while (i < out.size() && !kMaskedOrBreak[static_cast<unsigned char>(out[i])]) ++i;
      if (i == out.size()) break;
    }
    const char c = out[i];
    if (c == '\n' || c == '\r') {
      at_start = true, opening = false, reference = false;
      continue;
    }
    if (opening && (c == ' ' || c == '\t' || c == '>')) opening = false;
    if (c == '<') {
      if (at_start) opening = true;
      else if (!opening && (i + 1 >= out.size() || out[i + 1] != '/')) out[i] = 'x';
      at_start = false;
    } else if (c == '!' || c == '&' || c == '[' || c == ']') {
      if (at_start && c == '[') reference = true;
      else if (!at_start && !opening && !(reference && (c == '[' || c == ']'))) out[i] = 'x';
      at_start = false;
    } else if (!kLineStartMarker[static_cast<unsigned char>(c)]) {
      at_start = false;
    }
  }
  return out;
}

}  // namespace

bool is_kramdown_span_element(std::string_view name) {
  static constexpr std::string_view kSpan[] = {
      "a",   "abbr", "acronym", "b",     "big",   "bdo", "br",    "button", "cite",   "code",  "del",
      "dfn", "em",   "i",       "img",   "input", "ins", "kbd",   "label",  "mark",   "option", "q",
      "rb",  "rbc",  "rp",      "rt",    "rtc",   "ruby", "samp", "select", "small",  "span",  "strong",
      "sub", "sup",  "tt",      "u",     "var"};
  return std::find(std::begin(kSpan), std::end(kSpan), name) != std::end(kSpan);
}

namespace {
// Where the line that starts at `at` ends: its first CR or LF, or the end.
// (memchr twice: find_first_of tests each byte against the set, a tenth the speed
// on a long line.)
std::size_t line_break_from(std::string_view text, std::size_t at) {
  const char* from = text.data() + at;
  const void* lf = std::memchr(from, '\n', text.size() - at);
  const std::size_t line = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - from) : text.size() - at;
  const void* cr = std::memchr(from, '\r', line);
  return at + (cr ? static_cast<std::size_t>(static_cast<const char*>(cr) - from) : line);
}
}  // namespace

bool markdown_too_deep(std::string_view body) {
  for (std::size_t at = 0; at < body.size();) {
    const std::size_t end = line_break_from(body, at);
    if (line_depth_bound(body.substr(at, end - at)) > static_cast<std::size_t>(kMaxMarkdownDepth)) return true;
    at = end + 1;
  }
  return false;
}

MarkdownBlock markdown_blocks(std::string_view body) {
  if (markdown_too_deep(body)) {
    MarkdownBlock root;
    root.type = MarkdownBlock::Type::document;
    root.first_line = 1;
    root.last_line = static_cast<std::uint32_t>(std::max<std::size_t>(split_lines(body).size(), 1));
    root.cut = true;
    return root;
  }
  const std::string text = for_blocks(body);
  std::unique_ptr<cmark_parser, ParserDeleter> parser(new_gfm_parser(Detail::blocks));
  cmark_parser_feed(parser.get(), text.data(), text.size());
  std::unique_ptr<cmark_node, NodeDeleter> root(cmark_parser_finish(parser.get()));
  return block_of(root.get(), split_lines(body));
}

MarkdownLayout markdown_layout(std::string_view body) {
  const std::vector<TextLine> lines = split_lines(body);
  MarkdownLayout layout;
  layout.verbatim.assign(lines.size() + 2, false);
  layout.continues_paragraph.assign(lines.size() + 2, false);
  layout.kramdown_no_break.assign(lines.size() + 2, false);
  layout.html_block.assign(lines.size() + 2, false);
  if (body.size() > kMaxLaidOutBody || markdown_too_deep(body)) {
    layout.verbatim.assign(lines.size() + 2, true);
    return layout;
  }
  const int count = static_cast<int>(lines.size());
  auto blank_or_edge = [&](int line) {  // 1-based; 0 and count + 1 are the edges
    return line < 1 || line > count || is_blank_line(lines[static_cast<std::size_t>(line - 1)].content);
  };

  for_each_node(for_blocks(body), Detail::blocks, [&](cmark_node* node) {
    const int first = cmark_node_get_start_line(node);
    const int last = cmark_node_get_end_line(node);
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_CODE_BLOCK:
        mark(layout.verbatim, first, last);
        break;
      case CMARK_NODE_HTML_BLOCK:
        if (starts_with_pre(cmark_node_get_literal(node))) mark(layout.verbatim, first, last);
        mark_kramdown_raw_html(lines, first, std::min(last, count), layout.kramdown_no_break);
        mark(layout.html_block, first, std::min(last, count));
        break;
      case CMARK_NODE_PARAGRAPH:
        mark(layout.continues_paragraph, first, last - 1);
        break;
      case CMARK_NODE_HEADING:
        // cmark's end line of a setext heading may run past its underline (seen
        // with a blank line after it): find the underline ourselves. ATX headings
        // are one line and have nothing to break.
        if (const int underline = setext_underline(lines, first, last)) {
          mark(layout.continues_paragraph, first, underline - 2);
          // kramdown takes a setext heading of one line after a blank line, underlined
          // from the margin; a longer one is a paragraph to it, with its breaks.
          const std::string_view rule = lines[static_cast<std::size_t>(underline - 1)].content;
          if (underline == first + 1 && blank_or_edge(first - 1) && !rule.empty() && rule[0] != ' ') {
            mark(layout.kramdown_no_break, first, first);
          }
        } else if (first >= 1 && first <= count && lines[static_cast<std::size_t>(first - 1)].content.substr(0, 1) == "#") {
          // kramdown's GFM parser takes `#` headings only at the margin.
          mark(layout.kramdown_no_break, first, first);
        }
        break;
      default:
        // A table kramdown sees as one too: every line has a `|`, a blank line before and
        // after. (cmark-gfm also takes a paragraph line above the header and a pipeless
        // line below into its table; kramdown reads those as a paragraph.)
        if (std::string_view(cmark_node_get_type_string(node)) == "table") {
          int end = std::min(last, count);
          while (end > first && blank_or_edge(end)) --end;
          bool all_rows = first >= 1;
          for (int l = first; all_rows && l <= end; ++l) {
            all_rows = lines[static_cast<std::size_t>(l - 1)].content.find('|') != std::string_view::npos;
          }
          if (all_rows && blank_or_edge(first - 1) && blank_or_edge(end + 1)) mark(layout.kramdown_no_break, first, end);
        }
        break;
    }
  });
  mark_liquid_highlight(body, lines, layout.verbatim);
  return layout;
}

std::vector<std::pair<std::size_t, std::size_t>> markdown_code_regions(std::string_view body) {
  const std::vector<TextLine> lines = split_lines(body);
  auto offset = [&](int line, int column) -> std::size_t {  // 1-based line, 1-based byte column
    if (line < 1) return 0;
    if (static_cast<std::size_t>(line) > lines.size()) return body.size();
    const TextLine& l = lines[static_cast<std::size_t>(line - 1)];
    return std::min(l.offset + static_cast<std::size_t>(std::max(column, 1) - 1), body.size());
  };
  auto line_end = [&](int line) -> std::size_t {
    if (line < 1 || static_cast<std::size_t>(line) > lines.size()) return body.size();
    const TextLine& l = lines[static_cast<std::size_t>(line - 1)];
    return l.offset + l.content.size();
  };
  std::vector<std::pair<std::size_t, std::size_t>> regions;
  if (markdown_too_deep(body)) return {{0, body.size()}};
  for_each_node(body, Detail::inlines, [&](cmark_node* node) {
    const cmark_node_type type = cmark_node_get_type(node);
    if (type == CMARK_NODE_CODE_BLOCK) {
      regions.emplace_back(offset(cmark_node_get_start_line(node), 1), line_end(cmark_node_get_end_line(node)));
    } else if (type == CMARK_NODE_CODE) {
      regions.emplace_back(offset(cmark_node_get_start_line(node), cmark_node_get_start_column(node)),
                           offset(cmark_node_get_end_line(node), cmark_node_get_end_column(node) + 1));
    }
  });
  std::sort(regions.begin(), regions.end());
  return regions;
}

}  // namespace kempt
