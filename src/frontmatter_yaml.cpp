// Line repairs for YAML front matter that Jekyll's parser (Psych, YAML 1.1) rejects
// or misreads. Each works on one line and only on a value that sits on that line:
//
//   title: Lab: Systems          →  title: "Lab: Systems"
//   handle: @someone             →  handle: "@someone"
//   citation: 'A, B. 2021.       →  citation: "A, B. 2021."   (the next line is a key)
//   \t- /about/                  →    - /about/
//
// The lines are read with a small line grammar, not a parser: these lines are the
// ones a parser stops at. Whatever the repairs make of a block is parsed again by
// the pass, and dropped unless the block then parses (and reads the same elsewhere).
#include <fmt/format.h>

#include <optional>
#include <set>

#include "frontmatter_internal.hpp"

namespace kempt::frontmatter {
namespace {

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }
bool is_comment(std::string_view s) {
  const std::size_t at = s.find_first_not_of(" \t");
  return at != std::string_view::npos && s[at] == '#';
}
bool is_content(std::string_view s) { return !is_blank(s) && !is_comment(s); }

std::size_t indent_of(std::string_view s) {
  const std::size_t n = s.find_first_not_of(' ');
  return n == std::string_view::npos ? s.size() : n;
}

// The parts of a `key: value` or `- value` line the repairs look at.
struct YamlLine {
  std::size_t anchor = 0;   // column a continuation must be indented past: the key's, else the last dash's
  bool has_key = false;
  std::size_t value = std::string_view::npos;  // where the value starts
  std::size_t value_end = 0;                   // before a comment and trailing blanks
};

// End of a plain value: before ` #` (a comment) and trailing blanks.
std::size_t plain_end(std::string_view s, std::size_t from) {
  std::size_t end = s.size();
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == '#' && i > from && (s[i - 1] == ' ' || s[i - 1] == '\t')) {
      end = i;
      break;
    }
  }
  while (end > from && (s[end - 1] == ' ' || s[end - 1] == '\t')) --end;
  return end;
}

// Where a plain key's `:` is (followed by a blank or the end), or npos.
std::size_t key_colon(std::string_view s, std::size_t from) {
  if (from >= s.size() || std::string_view("[{&*!|>'\"%@`#,?").find(s[from]) != std::string_view::npos) {
    return std::string_view::npos;
  }
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == '#' && i > from && s[i - 1] == ' ') return std::string_view::npos;
    if (s[i] == ':' && (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\t')) return i;
  }
  return std::string_view::npos;
}

YamlLine read_line(std::string_view s) {
  YamlLine l;
  std::size_t pos = indent_of(s);
  l.anchor = pos;
  bool dash = false;
  while (pos < s.size() && s[pos] == '-' && (pos + 1 == s.size() || s[pos + 1] == ' ')) {
    l.anchor = pos;
    dash = true;
    pos = std::min(s.find_first_not_of(' ', pos + 1), s.size());
  }
  if (const std::size_t colon = key_colon(s, pos); colon != std::string_view::npos) {
    l.has_key = true;
    l.anchor = pos;
    pos = std::min(s.find_first_not_of(" \t", colon + 1), s.size());
  } else if (!dash) {
    return l;
  }
  if (pos >= s.size() || s[pos] == '#') return l;
  l.value = pos;
  l.value_end = plain_end(s, pos);
  return l;
}

bool opens_block_scalar(std::string_view value) {
  if (value.empty() || (value[0] != '|' && value[0] != '>')) return false;
  return value.size() <= 3 && value.find_first_not_of("123456789+-", 1) == std::string_view::npos;
}

// Brackets opened minus closed on a line, outside quotes.
int bracket_balance(std::string_view s, std::size_t from) {
  int depth = 0;
  for (std::size_t i = from; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"' || c == '\'') {
      const std::size_t close = closing_quote(s, i);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == '#' && i > from && s[i - 1] == ' ') {
      break;
    }
  }
  return depth;
}

std::string name_after(std::string_view s, std::size_t at) {
  std::size_t end = at;
  while (end < s.size() && std::string_view(" \t,[]{}'\"").find(s[end]) == std::string_view::npos) ++end;
  return std::string(s.substr(at, end - at));
}

// Anchors (`key: &name ...`) and aliases (`key: *name`) that open a value. Only
// whole values count: a `*` inside other text is no alias, and a repair that quotes
// it must not change what the next run thinks of the anchor it seemed to name.
struct AnchorNames {
  std::set<std::string> anchors, aliases;
  explicit AnchorNames(const std::vector<std::string>& lines) {
    for (const std::string& s : lines) {
      const YamlLine l = read_line(s);
      if (l.value == std::string_view::npos || l.value + 1 >= l.value_end) continue;
      const std::string_view v = std::string_view(s).substr(l.value, l.value_end - l.value);
      const std::string name = name_after(v, 1);
      if (name.empty()) continue;
      if (v[0] == '&') anchors.insert(name);
      if (v[0] == '*' && name.size() + 1 == v.size()) aliases.insert(name);
    }
  }
};

// Why a plain value must be quoted to mean what it says, or nothing.
std::optional<std::string> quoting_reason(std::string_view v, const AnchorNames& names) {
  const char c = v[0];
  if (c == '@' || c == '`' || c == '%') return fmt::format("YAML reserves '{}' at the start of a value", c);
  if (c == '*') {
    const std::string name = name_after(v, 1);
    if (name.size() + 1 == v.size() && names.anchors.count(name)) return std::nullopt;  // a real alias
    return std::string("'*' starts an alias in YAML");
  }
  if (c == '&') {
    const std::string name = name_after(v, 1);
    if (name.size() + 1 == v.size() || names.aliases.count(name)) return std::nullopt;  // a real anchor
    return fmt::format("'&' starts an anchor in YAML, which would drop '&{}'", name);
  }
  if (c == '[') {
    if (v.find("](") != std::string_view::npos) return std::string("a Markdown link reads as a YAML list");
    return std::nullopt;
  }
  if (std::string_view("{!|>'\"#-?,").find(c) != std::string_view::npos) return std::nullopt;
  if (v.find(": ") != std::string_view::npos || v.find(":\t") != std::string_view::npos || v.back() == ':') {
    return std::string("': ' inside a value starts a mapping in YAML");
  }
  return std::nullopt;
}

std::string unescape_single(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') ++i;
  }
  return out;
}

// The text of a quoted value that is broken (never closed on a line that a new key
// follows, or closed early by a quote of its own), or nothing.
std::optional<std::string> broken_quote_text(std::string_view v, bool next_is_sibling) {
  const char q = v[0];
  const std::size_t close = closing_quote(v, 0);
  std::string_view inner;
  if (close == std::string_view::npos) {
    if (!next_is_sibling) return std::nullopt;  // a value that goes on over lines
    inner = v.substr(1);
  } else if (close + 1 < v.size()) {
    if (v.back() != q || v.size() < 2) return std::nullopt;
    inner = v.substr(1, v.size() - 2);
  } else {
    return std::nullopt;
  }
  if (q == '"' && inner.find('\\') != std::string_view::npos) return std::nullopt;  // escapes: intent unclear
  return q == '\'' ? unescape_single(inner) : std::string(inner);
}

std::string replace_tabs(std::string_view s, std::size_t unit) {
  const std::size_t end = std::min(s.find_first_not_of(" \t"), s.size());
  std::string out;
  for (std::size_t i = 0; i < end; ++i) out.append(s[i] == '\t' ? unit : 1, ' ');
  out.append(s.substr(end));
  return out;
}

// The indentation step the block uses (2 unless its space-indented lines say otherwise).
std::size_t indent_unit(const std::vector<std::string>& lines) {
  std::size_t unit = 0;
  for (const std::string& s : lines) {
    const std::size_t n = indent_of(s);
    if (n > 0 && n < s.size() && s[n] != '\t' && is_content(s)) unit = unit == 0 ? n : std::min(unit, n);
  }
  return unit == 0 ? 2 : std::min<std::size_t>(unit, 8);
}

// Walks the lines, knowing which belong to a value begun on an earlier line.
class Repairer {
 public:
  Repairer(const std::vector<std::string>& lines, FrontMatterSettings::Quote style)
      : lines_(lines), style_(style), names_(lines), unit_(indent_unit(lines)) {}

  std::vector<LineEdit> run() {
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      std::string line = lines_[i];
      if (continues_value(line)) continue;
      if (!is_content(line)) continue;
      const std::size_t tab_end = line.find_first_not_of(" \t");
      if (line.find('\t') < tab_end) {
        line = replace_tabs(line, unit_);
        edits_.push_back({i, line, "frontmatter/tab-indent", "tab indentation replaced by spaces (YAML allows no tabs there)", 0, false});
      }
      look_at_value(i, line);
    }
    return std::move(edits_);
  }

 private:
  enum class Open { none, block_scalar, plain, quoted, flow };

  // True when `line` is part of a value opened on an earlier line (and updates that state).
  bool continues_value(std::string_view line) {
    switch (open_) {
      case Open::none: return false;
      case Open::block_scalar:
      case Open::plain:
        if (is_blank(line) || indent_of(line) > open_indent_) return true;
        if (open_ == Open::plain && is_comment(line)) return true;
        open_ = Open::none;
        return false;
      case Open::quoted:
        if (line.find(open_quote_) != std::string_view::npos) open_ = Open::none;
        return true;
      case Open::flow:
        flow_depth_ += bracket_balance(line, 0);
        if (flow_depth_ <= 0) open_ = Open::none;
        return true;
    }
    return false;
  }

  // Is the next line with content a new entry (not more indented than `anchor`)?
  bool next_is_sibling(std::size_t i, std::size_t anchor) const {
    for (std::size_t j = i + 1; j < lines_.size(); ++j) {
      if (is_content(lines_[j])) return indent_of(lines_[j]) <= anchor;
    }
    return true;
  }

  void quote(std::size_t i, const std::string& line, const YamlLine& l, const std::string& text, std::string reason) {
    std::string fixed = line.substr(0, l.value) + quote_scalar(text, style_) + line.substr(l.value_end);
    std::string message = fmt::format("value quoted: {}", reason);
    if (!edits_.empty() && edits_.back().line == i) {
      edits_.back().content = std::move(fixed);  // tabs and quotes on one line: one edit
      edits_.back().rule = "frontmatter/quote";
      edits_.back().message = std::move(message);
      edits_.back().changes_value = true;
      return;
    }
    edits_.push_back({i, std::move(fixed), "frontmatter/quote", std::move(message), l.value, true});
  }

  void look_at_value(std::size_t i, const std::string& line) {
    const YamlLine l = read_line(line);
    if (l.value == std::string_view::npos) return;
    const std::string_view v = std::string_view(line).substr(l.value, l.value_end - l.value);
    if (v.empty()) return;
    const bool sibling = next_is_sibling(i, l.anchor);
    if (opens_block_scalar(v)) {
      open(Open::block_scalar, l.anchor);
    } else if (v[0] == '"' || v[0] == '\'') {
      // A quoted value runs to its closing quote, which may be on a later line.
      const std::size_t close = closing_quote(line, l.value);
      if (auto text = broken_quote_text(std::string_view(line).substr(l.value), sibling)) {
        const YamlLine whole{l.anchor, l.has_key, l.value, line.size()};
        quote(i, line, whole, *text, close == std::string::npos ? "the quote was never closed" : "the value holds its own quote mark");
      } else if (close == std::string::npos) {
        open(Open::quoted, l.anchor);
        open_quote_ = v[0];
      }
    } else if ((v[0] == '[' || v[0] == '{') && v.find("](") == std::string_view::npos) {
      flow_depth_ = bracket_balance(v, 0);
      if (flow_depth_ > 0) open(Open::flow, l.anchor);
    } else if (!sibling) {
      open(Open::plain, l.anchor);  // a plain value folded over lines: leave it be
    } else if (auto reason = quoting_reason(v, names_)) {
      quote(i, line, l, std::string(v), *reason);
    }
  }

  void open(Open what, std::size_t indent) {
    open_ = what;
    open_indent_ = indent;
  }

  const std::vector<std::string>& lines_;
  FrontMatterSettings::Quote style_;
  AnchorNames names_;
  std::size_t unit_;
  std::vector<LineEdit> edits_;
  Open open_ = Open::none;
  std::size_t open_indent_ = 0;
  char open_quote_ = '"';
  int flow_depth_ = 0;
};

}  // namespace

std::size_t closing_quote(std::string_view s, std::size_t open) {
  const char q = s[open];
  for (std::size_t i = open + 1; i < s.size(); ++i) {
    if (q == '"' && s[i] == '\\') {
      ++i;
    } else if (s[i] == q) {
      if (q == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i;
    }
  }
  return std::string_view::npos;
}

std::string quote_scalar(std::string_view text, FrontMatterSettings::Quote style) {
  const bool needs_escapes = text.find_first_of("\"\\") != std::string_view::npos;
  if (style == FrontMatterSettings::Quote::minimal && needs_escapes) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  }
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::vector<LineEdit> repair_yaml_lines(const std::vector<std::string>& lines, FrontMatterSettings::Quote style) {
  return Repairer(lines, style).run();
}

}  // namespace kempt::frontmatter
