// Inline suppression comments and per-file ignores: which findings the user silenced.
#include "kempt/suppress.hpp"

#include <algorithm>
#include <cstring>

#include "kempt/document.hpp"
#include "kempt/markdown.hpp"

namespace kempt {

bool rule_matches(std::string_view pattern, std::string_view rule) {
  if (!rule.starts_with(pattern)) return false;
  return rule.size() == pattern.size() || rule[pattern.size()] == '/';
}

bool Suppressions::Directive::covers(std::string_view rule) const {
  return rules.empty() ||
         std::any_of(rules.begin(), rules.end(), [&](const std::string& p) { return rule_matches(p, rule); });
}

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The rule ids of a directive's argument text: separated by blanks or commas.
std::vector<std::string> rule_list(std::string_view args) {
  std::vector<std::string> rules;
  std::string current;
  for (char c : args) {
    if (is_blank(c) || c == ',') {
      if (!current.empty()) rules.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) rules.push_back(std::move(current));
  return rules;
}

bool inside(const std::vector<std::pair<std::size_t, std::size_t>>& regions, std::size_t at) {
  auto it = std::upper_bound(regions.begin(), regions.end(), std::make_pair(at, SIZE_MAX));
  return it != regions.begin() && at < std::prev(it)->second;
}

}  // namespace

void Suppressions::read_comments(std::string_view text, bool markdown) {
  directives_.clear();
  // Most files name no directive: one memmem, nothing else.
  if (!::memmem(text.data(), text.size(), "kempt-", 6)) return;
  std::size_t body = 0;
  std::vector<std::pair<std::size_t, std::size_t>> code;
  if (markdown) {
    const FrontMatter fm = find_front_matter(text);
    body = fm.present() ? fm.block.end : 0;
    code = markdown_code_regions(text.substr(body));
  }
  const LineIndex index(text);
  for (std::size_t at = text.find("<!--", body); at != std::string_view::npos; at = text.find("<!--", at + 4)) {
    const std::size_t close = text.find("-->", at + 4);
    if (close == std::string_view::npos) break;
    std::string_view inner = text.substr(at + 4, close - at - 4);
    while (!inner.empty() && is_blank(inner.front())) inner.remove_prefix(1);
    Directive d;
    // Longest keyword first: kempt-ignore-next-line starts with kempt-ignore.
    std::string_view keyword;
    for (auto [word, op] : {std::pair{std::string_view("kempt-ignore-next-line"), Directive::Op::ignore_next_line},
                            std::pair{std::string_view("kempt-ignore"), Directive::Op::ignore},
                            std::pair{std::string_view("kempt-enable"), Directive::Op::enable}}) {
      if (inner.starts_with(word) && (inner.size() == word.size() || is_blank(inner[word.size()]))) {
        keyword = word;
        d.op = op;
        break;
      }
    }
    if (keyword.empty() || (markdown && inside(code, at - body))) continue;
    d.rules = rule_list(inner.substr(keyword.size()));
    // The next line is the one after the comment's end (a comment may span lines).
    d.line = index.locate(d.op == Directive::Op::ignore_next_line ? close : at).line;
    directives_.push_back(std::move(d));
  }
}

bool Suppressions::ignores_everywhere(std::string_view rule) const {
  return std::any_of(file_rules_.begin(), file_rules_.end(),
                     [&](const std::string& p) { return rule_matches(p, rule); });
}

bool Suppressions::ignores(std::string_view rule, std::uint32_t line) const {
  if (ignores_everywhere(rule)) return true;
  if (line == 0) return false;
  // The last directive that speaks for `rule` before `line` decides; an ignore
  // counts from its own line, an enable from the line after it (both comment
  // lines are inside the region).
  bool silenced = false;
  for (const Directive& d : directives_) {
    if (d.line > line) break;
    if (!d.covers(rule)) continue;
    switch (d.op) {
      case Directive::Op::ignore: silenced = true; break;
      case Directive::Op::enable:
        if (d.line < line) silenced = false;
        break;
      case Directive::Op::ignore_next_line:
        break;
    }
  }
  if (silenced) return true;
  return std::any_of(directives_.begin(), directives_.end(), [&](const Directive& d) {
    return d.op == Directive::Op::ignore_next_line && d.line + 1 == line && d.covers(rule);
  });
}

}  // namespace kempt
