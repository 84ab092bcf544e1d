// Pass `whitespace`: trailing blanks, mixed line endings, the final newline.
//
//   "Some text.   \r\n" + "More\n"  →  "Some text.\n" + "More\n"   (LF is the majority)
//
// Never touched: two or more trailing spaces inside a Markdown paragraph (a hard
// break, seed 001 relies on them), and lines whose bytes are content: code blocks,
// <pre>, Liquid highlight blocks, YAML block scalars, TOML multi-line strings.
#include "kempt/whitespace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>
#include <optional>

#include "kempt/markdown.hpp"
#include "whitespace_internal.hpp"
#include "ascii.hpp"

namespace kempt {
namespace {

constexpr std::array<std::string_view, 3> kEolBytes = {"\n", "\r\n", "\r"};
constexpr std::array<std::string_view, 3> kEolNames = {"LF", "CRLF", "CR"};
constexpr std::size_t index_of(LineEnd end) { return static_cast<std::size_t>(end); }

using Line = TextLine;

std::size_t indent_of(std::string_view s) {
  std::size_t n = s.find_first_not_of(' ');
  return n == std::string_view::npos ? s.size() : n;
}
bool is_blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

std::string_view trim_right(std::string_view s) {
  std::size_t end = s.find_last_not_of(" \t");
  return end == std::string_view::npos ? std::string_view{} : s.substr(0, end + 1);
}

// `key: |`, `- >-`, `|2`: the header of a YAML block scalar, whose lines keep
// their trailing blanks as part of the value.
bool opens_yaml_block_scalar(std::string_view line) {
  std::string_view s = trim_right(line);
  if (std::size_t hash = s.find(" #"); hash != std::string_view::npos) s = trim_right(s.substr(0, hash));
  std::size_t start = s.find_last_of(' ');
  std::string_view token = start == std::string_view::npos ? s : s.substr(start + 1);
  if (token.empty() || (token[0] != '|' && token[0] != '>') || token.size() > 3) return false;
  if (token.find_first_not_of("123456789+-", 1) != std::string_view::npos) return false;
  std::string_view before = trim_right(s.substr(0, s.size() - token.size()));
  return before.empty() || before.back() == ':' || before.back() == '-';
}

void mark_yaml_block_scalars(const std::vector<Line>& lines, std::size_t first, std::size_t last,
                             std::vector<bool>& verbatim) {
  bool open = false;
  std::size_t parent_indent = 0;
  for (std::size_t i = first; i < last; ++i) {
    std::string_view s = lines[i].content;
    if (open && (is_blank(s) || indent_of(s) > parent_indent)) {
      verbatim[i] = true;
      continue;
    }
    open = opens_yaml_block_scalar(s);
    parent_indent = indent_of(s);
  }
}

// `"Deep\ ` + newline: in a double-quoted YAML scalar a backslash escapes the blank
// after it (the value keeps a space); without the blank it escapes the line break and
// the words join. A line ending in a backslash keeps its blanks.
void mark_yaml_escaped_blanks(const std::vector<Line>& lines, std::size_t first, std::size_t last,
                              std::vector<bool>& verbatim) {
  for (std::size_t i = first; i < last; ++i) {
    std::string_view kept = trim_right(lines[i].content);
    if (!kept.empty() && kept.back() == '\\') verbatim[i] = true;
  }
}

// Marks each line whose end lies inside a region opened by `open` and closed by
// `close` (TOML's `"""`, HTML's <pre>): the line's trailing blanks are content.
template <typename Scanner>
void mark_inside_regions(const std::vector<Line>& lines, std::size_t first, std::size_t last,
                         std::vector<bool>& verbatim, Scanner&& still_inside_at_end) {
  bool inside = false;
  for (std::size_t i = first; i < last; ++i) {
    inside = still_inside_at_end(lines[i].content, inside);
    if (inside) verbatim[i] = true;
  }
}

// `delimiter` remembers which quote (""" or ''') opened the string in progress.
bool toml_in_multiline_string(std::string_view s, bool inside, std::string_view& delimiter) {
  for (std::size_t pos = 0; pos + 3 <= s.size();) {
    std::string_view three = s.substr(pos, 3);
    if (!inside && (three == "\"\"\"" || three == "'''")) {
      inside = true, delimiter = three, pos += 3;
    } else if (inside && three == delimiter) {
      inside = false, pos += 3;
    } else if (!inside && s[pos] == '#') {
      break;  // a comment: nothing after it opens a string
    } else {
      ++pos;
    }
  }
  return inside;
}

bool starts_tag_ci(std::string_view s, std::size_t at, std::string_view tag) {
  if (at + tag.size() > s.size()) return false;
  for (std::size_t k = 0; k < tag.size(); ++k) {
    if (ascii_lower(s[at + k]) != tag[k]) return false;
  }
  std::size_t after = at + tag.size();
  return after == s.size() || s[after] == '>' || s[after] == ' ' || s[after] == '\t' || s[after] == '/';
}

bool html_in_preformatted(std::string_view s, bool inside) {
  for (std::size_t pos = s.find('<'); pos != std::string_view::npos; pos = s.find('<', pos + 1)) {
    if (!inside && (starts_tag_ci(s, pos, "<pre") || starts_tag_ci(s, pos, "<textarea"))) inside = true;
    else if (inside && (starts_tag_ci(s, pos, "</pre") || starts_tag_ci(s, pos, "</textarea"))) inside = false;
  }
  return inside;
}

std::size_t count_lines_in(const std::vector<Line>& lines, std::size_t end_offset) {
  std::size_t n = 0;
  while (n < lines.size() && lines[n].offset < end_offset) ++n;
  return n;
}

// Leading blanks and `>` quote markers: what kramdown strips before it reads a line
// inside a block quote.
std::string_view after_quote_markers(std::string_view s) {
  for (;;) {
    const std::size_t at = s.find_first_not_of(" \t");
    if (at == std::string_view::npos) return {};
    if (s[at] != '>') return s.substr(at);
    s.remove_prefix(at + 1);
  }
}

std::size_t leading_spaces(std::string_view s) {
  std::size_t n = s.find_first_not_of(' ');
  return n == std::string_view::npos ? s.size() : n;
}

// The length of a list marker (`-`, `*`, `+`, `1.`, `1)`) at the start of `s`, or 0.
std::size_t list_marker_length(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '*' || s[0] == '+')) return 1;
  const std::size_t digits = s.find_first_not_of("0123456789");
  if (digits == 0 || digits == std::string_view::npos || digits > 9) return 0;
  return s[digits] == '.' || s[digits] == ')' ? digits + 1 : 0;
}

// Whether `s` (no trailing blanks) is list markers alone: `-`, `1.`, `- - 1.` (an
// item whose content is an empty item).
bool only_list_markers(std::string_view s) {
  for (;;) {
    const std::size_t n = list_marker_length(s);
    if (n == 0) return false;
    if (n == s.size()) return true;
    if (s[n] != ' ' && s[n] != '\t') return false;
    s = s.substr(s.find_first_not_of(" \t", n));
  }
}

// A list marker (or `#`) with only blanks after it. kramdown needs the blank to see a
// list item (LIST_START wants a space or tab after the marker) or a heading; without it
// the line is text.
bool is_marker_alone(std::string_view content) {
  if (trim_right(content).size() == content.size()) return false;
  const std::string_view s = trim_right(after_quote_markers(content));
  if (!s.empty() && s.size() <= 6 && s.find_first_not_of('#') == std::string_view::npos) return true;
  return only_list_markers(s);
}

bool is_html_tag_start(std::string_view s, bool closing, bool& span) {
  // `<name` or `</name` with a name kramdown's UNAME would take.
  std::size_t at = closing ? 2 : 1;
  if (s.size() <= at || s[0] != '<' || (closing && s[1] != '/')) return false;
  std::size_t n = at;
  while (n < s.size() && (std::isalnum(static_cast<unsigned char>(s[n])) || s[n] == '-' || s[n] == ':' || s[n] == '_')) ++n;
  if (n == at || !std::isalpha(static_cast<unsigned char>(s[at]))) return false;
  std::string name(s.substr(at, n - at));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  // A `<script>` line does not end kramdown's paragraph either (LAZY_END_HTML_SPAN_ELEMENTS).
  span = is_kramdown_span_element(name) || name == "script";
  return true;
}

// Whether kramdown's GFM parser (Jekyll's) surely ends a paragraph before `next`: a
// blank line, an IAL, `^`, a block-level opening tag, a list item, an ATX heading with
// text, a definition, a block quote. Other lines in PARAGRAPH_END_GFM (a closing tag
// with nothing open, a code fence that is never closed, an empty `#`) may fail to parse,
// and then kramdown joins the line to the paragraph, break included.
bool ends_kramdown_paragraph(std::string_view next) {
  if (is_blank(next)) return true;
  const std::size_t hashes = next.find_first_not_of('#');  // an ATX heading, at the margin only
  if (hashes >= 1 && hashes <= 6 && (next[hashes] == ' ' || next[hashes] == '\t') && !is_blank(next.substr(hashes))) {
    return true;
  }
  if (trim_right(next) == "^") return true;
  const std::size_t indent = leading_spaces(next);
  if (indent > 3) return false;
  std::string_view s = next.substr(indent);
  auto tail_ok = [&](std::size_t at) { return at < s.size() && (s[at] == ' ' || s[at] == '\t' || s[at] == '|'); };
  if ((s[0] == '-' || s[0] == '*' || s[0] == '+' || s[0] == ':') && tail_ok(1)) return true;
  if (const std::size_t digits = s.find_first_not_of("0123456789"); digits > 0 && digits != std::string_view::npos &&
                                                                      s[digits] == '.' && tail_ok(digits + 1)) {
    return true;
  }
  if (s[0] == '>') return true;
  if (s.size() > 2 && s.substr(0, 2) == "{:" && s[2] != ':' && s[2] != '/' && trim_right(s).back() == '}') return true;
  bool span = false;
  if (is_html_tag_start(s, false, span) && !span) return true;
  return false;
}

// Two trailing spaces are a line break to kramdown wherever it reads the line as
// paragraph text and the paragraph goes on, which is more places than cmark's
// paragraphs: after an `<img>` line, before a comment or `***`, inside a
// markdown="1" block. Unless the line is one kramdown never breaks (layout), a line
// followed by more paragraph text keeps its break.
bool kramdown_may_break(const std::vector<Line>& lines, std::size_t i) {
  if (i + 1 >= lines.size()) return false;
  std::string_view line = lines[i].content;
  std::string_view next = lines[i + 1].content;
  // In a block quote kramdown reads the lines without their `>` markers.
  const auto quoted = [](std::string_view s) { return s.substr(leading_spaces(s), 1) == ">"; };
  if (quoted(line) && quoted(next)) next = after_quote_markers(next);
  return !ends_kramdown_paragraph(next);
}

// Which lines keep their bytes, and which may end in a Markdown hard break.
struct LineRules {
  std::vector<bool> verbatim;
  std::vector<bool> hard_break_ok;
};

LineRules rules_for(const Document& doc, const std::vector<Line>& lines) {
  LineRules rules{std::vector<bool>(lines.size(), false), std::vector<bool>(lines.size(), false)};
  const FrontMatter fm = doc.front_matter();
  const std::size_t fm_lines = fm.present() ? count_lines_in(lines, fm.block.end) : 0;
  if (fm.syntax == FrontMatter::Syntax::yaml) {
    mark_yaml_block_scalars(lines, 1, fm_lines, rules.verbatim);
    mark_yaml_escaped_blanks(lines, 1, fm_lines, rules.verbatim);
  }
  std::string_view delimiter;
  auto in_toml_string = [&delimiter](std::string_view s, bool inside) {
    return toml_in_multiline_string(s, inside, delimiter);
  };
  if (fm.syntax == FrontMatter::Syntax::toml) mark_inside_regions(lines, 1, fm_lines, rules.verbatim, in_toml_string);
  switch (doc.kind) {
    case FileKind::yaml:
      mark_yaml_block_scalars(lines, 0, lines.size(), rules.verbatim);
      mark_yaml_escaped_blanks(lines, 0, lines.size(), rules.verbatim);
      break;
    case FileKind::toml:
      mark_inside_regions(lines, 0, lines.size(), rules.verbatim, in_toml_string);
      break;
    case FileKind::html:
      mark_inside_regions(lines, fm_lines, lines.size(), rules.verbatim, html_in_preformatted);
      break;
    default: break;
  }
  if (!doc.is_markdown_page()) return rules;

  // Parsing costs more than everything else here: do it only when a body line
  // has trailing blanks for the layout to rule on.
  bool body_has_trailing = false;
  for (std::size_t i = fm_lines; i < lines.size() && !body_has_trailing; ++i) {
    std::string_view s = lines[i].content;
    body_has_trailing = !s.empty() && (s.back() == ' ' || s.back() == '\t');
  }
  if (!body_has_trailing) return rules;
  const std::size_t body_start = fm.present() ? fm.block.end : 0;
  MarkdownLayout layout = markdown_layout(std::string_view(doc.text).substr(body_start));
  // A <pre> opened inside an HTML block (not at its start, which cmark's layout knows)
  // keeps its lines to its </pre>.
  bool in_pre = false;
  for (std::size_t i = fm_lines; i < lines.size(); ++i) {
    const auto body_line = static_cast<std::uint32_t>(i - fm_lines + 1);
    if (!layout.in_html_block(body_line)) {
      in_pre = false;
      continue;
    }
    const bool open_before = in_pre;
    in_pre = html_in_preformatted(lines[i].content, in_pre);
    if (open_before || in_pre) rules.verbatim[i] = true;
  }
  // kramdown's indented code block runs on over the unindented lines after it, up to a
  // blank line (CODEBLOCK_MATCH takes lazy lines); cmark ends it at the first one.
  bool indented_code = false;
  // cmark keeps an empty list item open over a line of blanks indented as far as its
  // content, and closes it at an empty line: those lines keep their blanks.
  bool after_empty_item = false;
  for (std::size_t i = fm_lines; i < lines.size(); ++i) {
    const auto body_line = static_cast<std::uint32_t>(i - fm_lines + 1);
    std::string_view content = lines[i].content;
    if (is_blank(content)) {
      if (after_empty_item) rules.verbatim[i] = true;
    } else {
      after_empty_item = only_list_markers(trim_right(after_quote_markers(content)));
    }
    const bool indented = content.substr(0, 4) == "    " || content.substr(0, leading_spaces(content) + 1).find('\t') != std::string_view::npos;
    if (is_blank(content)) {
      indented_code = false;
    } else if (indented && (layout.is_verbatim(body_line) ||
                            (layout.in_html_block(body_line) && !layout.kramdown_never_breaks(body_line)))) {
      indented_code = true;
    } else if (indented_code) {
      rules.verbatim[i] = true;
    }
    // A marker alone on its line, or a backslash before the blanks (without them
    // `\` + newline is a hard break to cmark and to kramdown's GFM parser), keeps them.
    // An indented line in an HTML block that kramdown does not copy raw (after its
    // closing tag, inside markdown="1") may be an indented code block to kramdown.
    const bool kramdown_code = layout.in_html_block(body_line) && !layout.kramdown_never_breaks(body_line) && indented;
    if (layout.is_verbatim(body_line) || kramdown_code || is_marker_alone(content) ||
        (!trim_right(content).empty() && trim_right(content).back() == '\\')) {
      rules.verbatim[i] = true;
    }
    if (layout.can_hard_break(body_line) ||
        (!layout.kramdown_never_breaks(body_line) && kramdown_may_break(lines, i))) {
      rules.hard_break_ok[i] = true;
    }
  }
  return rules;
}

// Two spaces before the newline make the break, whatever blanks come before them
// (`text\t  `); both renderers then drop the whole run, so it stays as it is.
bool is_hard_break(std::string_view content, std::string_view kept) {
  return !kept.empty() && content.size() >= kept.size() + 2 && content.substr(content.size() - 2) == "  ";
}

// Ties go to LF, the form git and every site generator prefer.
LineEnd majority_of(const std::array<std::size_t, 3>& counts) {
  LineEnd best = LineEnd::lf;
  for (LineEnd e : {LineEnd::crlf, LineEnd::cr}) {
    if (counts[index_of(e)] > counts[index_of(best)]) best = e;
  }
  return best;
}

LineEnd majority_line_end(const std::vector<Line>& lines, std::array<std::size_t, 3>& counts) {
  counts = {0, 0, 0};
  for (const Line& l : lines) {
    if (l.end != LineEnd::none) ++counts[index_of(l.end)];
  }
  return majority_of(counts);
}

// Every line costs the pass about 70 bytes of tables (its place and its rules, twice
// over with the Markdown layout), so a text of mostly empty lines would take many
// times its size. Past this many lines, or past the size kempt lays Markdown out,
// the pass streams: line endings and the final newline only.
constexpr std::size_t kMaxRuledLines = std::size_t{1} << 20;

bool too_big_to_rule(std::string_view text) {
  if (text.size() > kMaxLaidOutBody) return true;
  // Every line has at least one byte: a text this short cannot have too many, and
  // most pages are spared the two counting scans.
  if (text.size() <= kMaxRuledLines) return false;
  std::size_t lines = 0;
  for (const char* p = text.data(), *end = p + text.size(); p < end; ++p) {
    p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (!p) break;
    if (++lines > kMaxRuledLines) return true;
  }
  // Lone CRs end lines too; count them only when the LFs alone did not decide.
  return lines + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\r')) > kMaxRuledLines;
}

// 1-based line and column (in code points) of `offset`, counted in one scan: the
// streaming path keeps no line table.
std::pair<std::uint32_t, std::uint32_t> position_of(std::string_view text, std::size_t offset) {
  std::uint32_t line = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++line, start = i + 1;
  }
  std::uint32_t column = 1;
  for (std::size_t i = start; i < offset; ++i) column += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return {line, column};
}

// The streaming path for a text too big to rule line by line: it unifies line
// endings and adds a missing final newline; trailing blanks stay (they may be hard
// breaks or code, which only the layout could tell), said once in a note.
PassResult run_unruled(Document doc) {
  PassResult result;
  const std::string_view text = doc.text;
  std::array<std::size_t, 3> counts{};
  bool blanks = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\n' && c != '\r') continue;
    blanks = blanks || (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t'));
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++counts[index_of(LineEnd::crlf)], ++i;
    else ++counts[index_of(c == '\n' ? LineEnd::lf : LineEnd::cr)];
  }
  const LineEnd eol = majority_of(counts);
  const bool mixed = (counts[0] > 0) + (counts[1] > 0) + (counts[2] > 0) > 1;
  const bool ends_open = text.back() != '\n' && text.back() != '\r';
  const std::string path = doc.display_path();
  auto finding = [&](std::size_t offset, std::string rule, std::string message, bool fixed, Severity severity) {
    const auto [line, column] = position_of(text, offset);
    result.findings.push_back({path, line, column, std::move(rule), std::move(message), fixed, severity});
  };
  if (blanks) {
    finding(0, "whitespace/not-ruled",
            fmt::format("a text over {} MiB or {} lines is not laid out; its trailing blanks are left as they are",
                        kMaxLaidOutBody >> 20, kMaxRuledLines),
            false, Severity::note);
  }
  if (!mixed && !ends_open) {
    result.document = std::move(doc);
    return result;
  }
  std::string out;
  out.reserve(text.size() + 2);
  std::size_t first_odd = std::string::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\n' && c != '\r') {
      out.push_back(c);
      continue;
    }
    LineEnd end = c == '\n' ? LineEnd::lf : LineEnd::cr;
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') end = LineEnd::crlf;
    if (end != eol && first_odd == std::string::npos) first_odd = i;
    out.append(kEolBytes[index_of(mixed ? eol : end)]);
    if (end == LineEnd::crlf) ++i;
  }
  if (mixed) {
    finding(first_odd, "whitespace/line-endings",
            fmt::format("mixed line endings ({} LF, {} CRLF, {} CR); made all {}", counts[0], counts[1], counts[2],
                        kEolNames[index_of(eol)]),
            true, Severity::warning);
  }
  if (ends_open) {
    finding(text.size(), "whitespace/final-newline", "no newline at end of file", true, Severity::warning);
    out.append(kEolBytes[index_of(eol)]);
  }
  doc.text = std::move(out);
  result.document = std::move(doc);
  return result;
}

}  // namespace

// Whether the pass has nothing to say about `text` and would give it back byte for
// byte, told without splitting lines or ruling on them: every line ends the same way,
// LF or CR LF (none mixed, no lone CR), none ends in a space or tab (no trailing
// blank, so the rules that keep some never come into it), the text ends in a line
// break (a final newline) and its last line is not empty (no blank lines at the
// end). Most pages of a kept site are so; any other goes the whole way.
bool whitespace::already_tidy(std::string_view text) {
  // (A text of one byte or none is no tidy page: its data() may be null, no argument
  // for memchr.)
  if (text.size() < 2) return false;
  const std::size_t eol = std::memchr(text.data(), '\r', text.size()) ? 2 : 1;  // the bytes of each line break
  if (text.size() < eol + 1 || text.back() != '\n' || (eol == 2 && text[text.size() - 2] != '\r')) return false;
  if (text[text.size() - eol - 1] == '\n') return false;  // an empty last line
  for (const char* p = text.data(), *end = p + text.size(); p < end;) {
    const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* content_end = nl - (eol - 1);  // (the text ends in a line break: there is one)
    if (content_end < p || (eol == 2 && *content_end != '\r')) return false;
    if (content_end > p && (content_end[-1] == ' ' || content_end[-1] == '\t')) return false;
    if (eol == 2 && std::memchr(p, '\r', static_cast<std::size_t>(content_end - p))) return false;  // a lone CR
    p = nl + 1;
  }
  return true;
}

PassResult whitespace::rule_lines(Document doc) {
  PassResult result;
  const std::vector<Line> lines = split_lines(doc.text);
  std::array<std::size_t, 3> counts{};
  const LineEnd eol = majority_line_end(lines, counts);
  const bool mixed = (counts[0] > 0) + (counts[1] > 0) + (counts[2] > 0) > 1;
  const LineRules rules = rules_for(doc, lines);
  const std::string path = doc.display_path();
  // Most files have nothing to report: index lines only once there is something.
  std::optional<LineIndex> index;
  auto finding = [&](std::size_t offset, std::string rule, std::string message) {
    if (!index) index.emplace(doc.text);
    auto pos = index->locate(offset);
    result.findings.push_back({path, pos.line, pos.column, std::move(rule), std::move(message), true,
                               Severity::warning});
  };

  // The lines to keep, each with its new content; blank lines at the end go.
  std::size_t keep = lines.size();
  while (keep > 0 && !rules.verbatim[keep - 1] && is_blank(lines[keep - 1].content)) --keep;

  // A finding for each of a million lines would take many times the file's
  // memory: past kMaxLineFindings, the rest are counted in one finding.
  constexpr std::size_t kMaxLineFindings = 1000;
  std::size_t trailing = 0, first_untold = std::string::npos;

  std::string out;
  out.reserve(doc.text.size());
  std::size_t first_odd_eol = std::string::npos;
  for (std::size_t i = 0; i < keep; ++i) {
    const Line& line = lines[i];
    std::string_view content = line.content;
    if (!rules.verbatim[i]) {
      std::string_view kept = trim_right(content);
      if (kept.size() != content.size() && !(rules.hard_break_ok[i] && is_hard_break(content, kept))) {
        if (++trailing <= kMaxLineFindings) finding(line.offset + kept.size(), "whitespace/trailing", "trailing whitespace");
        else if (first_untold == std::string::npos) first_untold = line.offset + kept.size();
        content = kept;
      }
    }
    out.append(content);
    LineEnd end = line.end;
    if (mixed && end != LineEnd::none && end != eol) {
      if (first_odd_eol == std::string::npos) first_odd_eol = line.offset + line.content.size();
      end = eol;
    }
    if (end == LineEnd::none) end = eol;  // the last line gets its newline
    out.append(kEolBytes[index_of(end)]);
  }

  if (first_untold != std::string::npos) {
    finding(first_untold, "whitespace/trailing",
            fmt::format("trailing whitespace on {} more lines from here", trailing - kMaxLineFindings));
  }
  if (first_odd_eol != std::string::npos) {
    finding(first_odd_eol, "whitespace/line-endings",
            fmt::format("mixed line endings ({} LF, {} CRLF, {} CR); made all {}", counts[0], counts[1],
                        counts[2], kEolNames[index_of(eol)]));
  }
  if (keep > 0 && keep < lines.size()) {
    std::size_t dropped = lines.size() - keep;
    finding(lines[keep].offset, "whitespace/final-newline",
            fmt::format("{} blank line{} at end of file", dropped, dropped == 1 ? "" : "s"));
  } else if (keep > 0 && lines[keep - 1].end == LineEnd::none) {
    finding(doc.text.size(), "whitespace/final-newline", "no newline at end of file");
  } else if (keep == 0) {
    finding(0, "whitespace/final-newline", "file holds only blank lines");
  }
  doc.text = std::move(out);
  result.document = std::move(doc);
  return result;
}

namespace {

class WhitespacePass final : public Pass {
 public:
  std::string_view name() const override { return "whitespace"; }
  std::string_view summary() const override {
    return "trailing spaces and tabs, mixed line endings, one final newline";
  }

  PassResult run(Document doc) const override {
    PassResult result;
    if (doc.text.empty()) {
      result.document = std::move(doc);
      return result;
    }
    if (too_big_to_rule(doc.text)) return run_unruled(std::move(doc));
    if (whitespace::already_tidy(doc.text)) {
      result.document = std::move(doc);
      return result;
    }
    return whitespace::rule_lines(std::move(doc));
  }
};

}  // namespace

std::unique_ptr<Pass> make_whitespace_pass() { return std::make_unique<WhitespacePass>(); }

}  // namespace kempt
