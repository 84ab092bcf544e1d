// Pass `frontmatter`: checks and repairs a page's front matter, one line at a time.
//
// The block is never re-emitted. Each fix is an edit of one line, and the block is
// parsed again after the edits: a fix that leaves what a site generator reads
// unchanged (trailing blanks), or changes only its own value on purpose (quotes,
// dates), is kept; any other is dropped. A block that does not parse after its
// repairs, or that cannot be read safely, holds the whole file as it is.
#include "kempt/frontmatter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "frontmatter_internal.hpp"
#include "kempt/config.hpp"

namespace kempt {
namespace {

using frontmatter::LineEdit;
using Format = FrontMatterBlock::Format;

// Trying edits one at a time costs a parse each; past this many, a block whose
// edits fail together keeps none of them.
constexpr std::size_t kMaxSingleTries = 200;
// Rounds of fixes after the first, each on the text the last one left.
constexpr int kMaxRounds = 16;

std::string_view format_name(Format f) {
  switch (f) {
    case Format::yaml: return "YAML";
    case Format::toml: return "TOML";
    case Format::json: return "JSON";
  }
  return "YAML";
}

std::string_view trim_right(std::string_view s) {
  const std::size_t end = s.find_last_not_of(" \t");
  return end == std::string_view::npos ? std::string_view{} : s.substr(0, end + 1);
}

// Same values at the same places, but where a deliberate fix changed its own line.
bool reads_the_same(const FrontMatterTree& a, const FrontMatterTree& b, const std::set<std::uint32_t>& changed_lines) {
  if (!a.ok || !b.ok || a.values.size() != b.values.size()) return false;
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    const FrontMatterValue& x = a.values[i];
    const FrontMatterValue& y = b.values[i];
    if (x.path != y.path) return false;
    if (x.value != y.value && !changed_lines.count(y.line)) return false;
  }
  return true;
}

// The text up to the block's end and the line start after it: all the fixer locates
// in, without indexing every line of a long page.
std::string_view through_block(std::string_view text, std::size_t block_end) {
  return text.substr(0, std::min(text.size(), block_end + 1));
}

// The file's text with some lines of the block replaced. Lines keep their endings,
// so line numbers and CRLF stay as they were.
class BlockText {
 public:
  BlockText(std::string_view text, const FrontMatterBlock& block) : text_(text), block_(block) {
    for (const TextLine& l : split_lines(text.substr(0, block.block.end))) lines_.push_back(l);
  }
  const std::vector<TextLine>& lines() const { return lines_; }
  // Line index of the first and one past the last line the parser reads.
  std::pair<std::size_t, std::size_t> content_lines() const {
    std::size_t first = 0, last = lines_.size();
    while (first < last && lines_[first].offset < block_.content.begin) ++first;
    while (last > first && lines_[last - 1].offset >= block_.content.end) --last;
    return {first, last};
  }
  std::string with(const std::map<std::size_t, std::string>& edits) const {
    std::string out;
    out.reserve(text_.size());
    std::size_t pos = 0;
    for (const auto& [index, content] : edits) {
      const TextLine& l = lines_[index];
      out.append(text_.substr(pos, l.offset - pos));
      out.append(content);
      pos = l.offset + l.content.size();
    }
    out.append(text_.substr(pos));
    return out;
  }

 private:
  std::string_view text_;
  const FrontMatterBlock& block_;
  std::vector<TextLine> lines_;
};

// The last trees parsed of edited text during one run of the pass, by the text they
// were parsed from (the whole page; its block is where locate_front_matter finds
// it). A round after a fix reads the text the round before it parsed last when it
// tried its edits: yaml-cpp is most of this pass's time, and a tree is a pure
// function of the text. (A round's own text is never kept: the next round reads
// it only when the round changed nothing, and then there is no next round. The
// last few only: a block of many edits is parsed once for each, and each text is
// the whole page.)
class ParsedTrees {
 public:
  FrontMatterTree of(const std::string& text, const FrontMatterBlock& block, bool edited) {
    for (const auto& [parsed, tree] : trees_) {
      if (parsed == text) return tree;
    }
    FrontMatterTree tree = parse_front_matter(text, block);
    if (!edited) return tree;
    if (trees_.size() == kKept) trees_.erase(trees_.begin());
    trees_.emplace_back(text, tree);
    return tree;
  }

 private:
  static constexpr std::size_t kKept = 4;
  std::vector<std::pair<std::string, FrontMatterTree>> trees_;
};

class FrontMatterFixer {
 public:
  FrontMatterFixer(Document& doc, const FrontMatterBlock& block, const FrontMatterSettings& settings, ParsedTrees& trees)
      : doc_(doc), block_(block), settings_(settings), trees_(trees), text_(doc.text, block),
        index_(through_block(doc.text, block.block.end)) {}

  // Moves the document into the result: the fixer is done with it then.
  PassResult run() {
    Document& doc = doc_;
    PassResult result;
    before_ = trees_.of(doc.text, block_, false);
    if (before_.limit) return held(std::move(doc), before_, "refused");

    std::vector<LineEdit> edits = trailing_blanks();
    if (block_.format == Format::yaml) merge(edits, repairs());
    if (!apply(edits)) return held(std::move(doc), before_, "invalid");
    if (block_.format == Format::yaml && settings_.dates == FrontMatterSettings::Dates::iso) apply_dates();

    for (const LineEdit& e : kept_) finding(e.line, e.column, e.rule, e.message, true);
    check(after_);
    std::string fixed = text_.with(accepted_);
    doc.text = std::move(fixed);
    if (block_.bom) {
      doc.text.erase(0, block_.bom);
      findings_.insert(findings_.begin(), Finding{doc_.display_path(), 1, 1, "frontmatter/bom",
                                                  "byte-order mark before the front matter removed (Jekyll would not see the block)",
                                                  true, Severity::warning});
    }
    result.document = std::move(doc);
    result.findings = std::move(findings_);
    return result;
  }

 private:
  PassResult held(Document doc, const FrontMatterTree& tree, std::string_view why) {
    PassResult result;
    const std::string message =
        why == "refused"
            ? fmt::format("front matter not checked: {}; file left untouched", tree.error)
            : fmt::format("invalid {} front matter: {}; file left untouched", format_name(block_.format), tree.error);
    result.findings.push_back({doc.display_path(), tree.error_line, tree.error_column,
                               why == "refused" ? "frontmatter/too-complex" : "frontmatter/invalid", message, false,
                               Severity::error});
    result.hold = true;
    result.document = std::move(doc);
    return result;
  }

  void finding(std::size_t line_index, std::size_t byte_column, std::string rule, std::string message, bool fixed,
               Severity severity = Severity::warning) {
    const TextLine& l = text_.lines()[line_index];
    const auto pos = index_.locate(l.offset + std::min(byte_column, l.content.size()));
    findings_.push_back({doc_.display_path(), pos.line, pos.column, std::move(rule), std::move(message), fixed, severity});
  }

  std::vector<LineEdit> trailing_blanks() const {
    std::vector<LineEdit> edits;
    const auto& lines = text_.lines();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string_view kept = trim_right(lines[i].content);
      if (kept.size() == lines[i].content.size()) continue;
      edits.push_back({i, std::string(kept), "frontmatter/trailing-space", "trailing whitespace", kept.size(), false});
    }
    return edits;
  }

  // Repairs work on the lines as the trailing-blank fixes leave them.
  std::vector<LineEdit> repairs() const {
    const auto [first, last] = text_.content_lines();
    std::vector<std::string> lines;
    for (std::size_t i = first; i < last; ++i) lines.emplace_back(trim_right(text_.lines()[i].content));
    std::vector<LineEdit> edits = frontmatter::repair_yaml_lines(lines, settings_.quote);
    for (LineEdit& e : edits) e.line += first;
    return edits;
  }

  // One edit per line: a repair takes over the trailing-blank fix of its line.
  static void merge(std::vector<LineEdit>& edits, std::vector<LineEdit> repairs) {
    for (LineEdit& r : repairs) {
      auto same = std::find_if(edits.begin(), edits.end(), [&](const LineEdit& e) { return e.line == r.line; });
      if (same != edits.end()) *same = std::move(r);
      else edits.push_back(std::move(r));
    }
    std::sort(edits.begin(), edits.end(), [](const LineEdit& a, const LineEdit& b) { return a.line < b.line; });
  }

  std::set<std::uint32_t> value_lines(const std::vector<LineEdit>& edits) const {
    std::set<std::uint32_t> lines;
    for (const LineEdit& e : edits) {
      if (e.changes_value) lines.insert(index_.locate(text_.lines()[e.line].offset).line);
    }
    return lines;
  }

  FrontMatterTree parse_with(const std::map<std::size_t, std::string>& edits) const {
    const std::string text = text_.with(edits);
    return trees_.of(text, *locate_front_matter(text), true);
  }

  // Keeps the edits that leave the block parsing and reading as before (or, for a
  // block that did not parse, that make it parse). False: the block stays broken.
  bool apply(const std::vector<LineEdit>& edits) {
    // (No edit: the block reads as it was parsed, without parsing it again.)
    if (edits.empty()) {
      if (!before_.ok) return false;
      after_ = before_;
      return true;
    }
    std::map<std::size_t, std::string> all;
    for (const LineEdit& e : edits) all[e.line] = e.content;
    FrontMatterTree tried = parse_with(all);
    if (!before_.ok) {
      if (!tried.ok || edits.empty()) return false;
      keep(edits, std::move(all), std::move(tried));
      return true;
    }
    if (reads_the_same(before_, tried, value_lines(edits))) {
      keep(edits, std::move(all), std::move(tried));
      return true;
    }
    after_ = before_;
    if (edits.size() > kMaxSingleTries) return true;
    for (const LineEdit& e : edits) {
      std::map<std::size_t, std::string> more = accepted_;
      more[e.line] = e.content;
      FrontMatterTree t = parse_with(more);
      std::vector<LineEdit> deliberate = kept_;  // earlier quote fixes changed their own lines too
      deliberate.push_back(e);
      if (reads_the_same(before_, t, value_lines(deliberate))) {
        accepted_ = std::move(more);
        after_ = std::move(t);
        kept_.push_back(e);
      } else if (e.changes_value) {
        finding(e.line, e.column, e.rule, e.message + " would change how other values read; not fixed", false);
      }
    }
    return true;
  }

  void keep(const std::vector<LineEdit>& edits, std::map<std::size_t, std::string> all, FrontMatterTree tree) {
    accepted_ = std::move(all);
    after_ = std::move(tree);
    kept_.insert(kept_.end(), edits.begin(), edits.end());
  }

  std::size_t line_index_of(std::uint32_t file_line) const {
    const auto& lines = text_.lines();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (index_.locate(lines[i].offset).line == file_line) return i;
    }
    return 0;
  }

  // The scalar's text as written on its line (inside its quotes, if quoted).
  std::optional<std::pair<std::size_t, std::string>> written_scalar(const std::string& line, std::size_t at) const {
    if (at >= line.size()) return std::nullopt;
    if (line[at] == '"' || line[at] == '\'') {
      const std::size_t close = line.find(line[at], at + 1);
      if (close == std::string::npos) return std::nullopt;
      const std::string inner = line.substr(at + 1, close - at - 1);
      if (inner.find('\\') != std::string::npos) return std::nullopt;
      return std::pair{at + 1, inner};
    }
    std::size_t end = line.find(" #", at);
    return std::pair{at, std::string(trim_right(std::string_view(line).substr(at, end == std::string::npos ? end : end - at)))};
  }

  void apply_dates() {
    if (!after_.ok) return;
    std::vector<LineEdit> edits;
    const std::string edited_text = text_.with(accepted_);
    // (The edits are the block's: the text after it is as it was.)
    const LineIndex edited(through_block(edited_text, edited_text.size() - (doc_.text.size() - block_.block.end)));
    for (const FrontMatterValue& v : after_.values) {
      const bool scalar = v.value.rfind("?:", 0) == 0 || v.value.rfind("!:", 0) == 0;
      if (v.depth != 1 || !scalar || !frontmatter::is_date_key(v.key)) continue;
      const std::size_t i = line_index_of(v.line);
      const std::string line = accepted_.count(i) ? accepted_.at(i) : std::string(text_.lines()[i].content);
      const std::size_t at = v.offset - edited.line_start(v.line);  // `after_` was read from the edited text
      const auto written = written_scalar(line, at);
      if (!written || written->second.empty()) continue;
      const frontmatter::DateReading date = frontmatter::read_date(written->second);
      using Kind = frontmatter::DateReading::Kind;
      if (date.kind == Kind::iso) continue;
      if (date.kind != Kind::rewritten) {
        finding(i, at, "frontmatter/date", fmt::format("date '{}' left as it is: {}; write it as YYYY-MM-DD", written->second, date.reason), false);
        continue;
      }
      std::string fixed = line;
      fixed.replace(written->first, written->second.size(), date.iso);
      edits.push_back({i, std::move(fixed), "frontmatter/date", fmt::format("date '{}' written as {} (ISO 8601)", written->second, date.iso), at, true});
    }
    if (edits.empty()) return;
    const FrontMatterTree base = after_;
    std::map<std::size_t, std::string> all = accepted_;
    for (const LineEdit& e : edits) all[e.line] = e.content;
    FrontMatterTree tried = parse_with(all);
    if (!reads_the_same(base, tried, value_lines(edits))) return;
    accepted_ = std::move(all);
    after_ = std::move(tried);
    kept_.insert(kept_.end(), edits.begin(), edits.end());
  }

  void check(const FrontMatterTree& tree) {
    for (const auto& d : tree.duplicates) {
      push(d.key.line, d.key.column, "frontmatter/duplicate-key",
           fmt::format("duplicate key '{}' (first on line {}): Jekyll keeps only the last, other tools reject the page",
                       d.key.name, d.first_line));
    }
    if (block_.format == Format::yaml) {
      for (const FrontMatterValue& v : tree.values) {
        if (!v.plain || !frontmatter::is_text_key(v.key)) continue;
        const std::string word = v.value.substr(2);
        if (!frontmatter::is_yaml11_boolean(word)) continue;
        push(v.line, v.column, "frontmatter/yaml11-boolean",
             fmt::format("'{}' in '{}' reads as a boolean in YAML 1.1 (Jekyll, Hugo); quote it if it is text", word, v.key));
      }
    }
    check_keys(tree);
  }

  void check_keys(const FrontMatterTree& tree) {
    std::vector<const FrontMatterTree::Key*> top;
    for (const auto& k : tree.keys) {
      if (k.depth == 1) top.push_back(&k);
    }
    const std::string origin = doc_.config ? doc_.config->origin : std::string();
    for (const std::string& want : settings_.required) {
      if (std::none_of(top.begin(), top.end(), [&](const auto* k) { return k->name == want; })) {
        push(static_cast<std::uint32_t>(1), 1, "frontmatter/required", fmt::format("required key '{}' is missing (see {})", want, origin));
      }
    }
    const auto& order = settings_.order;
    auto rank = [&](const std::string& key) { return std::find(order.begin(), order.end(), key) - order.begin(); };
    const FrontMatterTree::Key* latest = nullptr;
    for (const auto* k : top) {
      if (rank(k->name) == static_cast<std::ptrdiff_t>(order.size())) continue;
      if (latest && rank(k->name) < rank(latest->name)) {
        push(k->line, k->column, "frontmatter/order",
             fmt::format("'{}' should come before '{}' (order in {})", k->name, latest->name, origin));
      } else {
        latest = k;
      }
    }
  }

  void push(std::uint32_t line, std::uint32_t column, std::string rule, std::string message) {
    findings_.push_back({doc_.display_path(), line, column, std::move(rule), std::move(message), false, Severity::warning});
  }

  Document& doc_;
  const FrontMatterBlock& block_;
  const FrontMatterSettings& settings_;
  ParsedTrees& trees_;
  BlockText text_;
  LineIndex index_;
  FrontMatterTree before_, after_;
  std::map<std::size_t, std::string> accepted_;
  std::vector<LineEdit> kept_;
  std::vector<Finding> findings_;
};

// Jekyll reads front matter in any page, Hugo's JSON only in content files; a
// prose file is a page only when its block is closed (else it is just text).
bool applies(const Document& doc, const FrontMatterBlock& block) {
  if (doc.kind == FileKind::markdown) return true;
  if (block.format == Format::json) return false;
  if (doc.kind == FileKind::html) return true;
  return doc.kind == FileKind::text && block.closed;
}

class FrontMatterPass final : public Pass {
 public:
  std::string_view name() const override { return "frontmatter"; }
  bool may_change_line_count() const override { return true; }  // a repair may split or merge lines
  std::string_view summary() const override {
    return "front matter (YAML, TOML, JSON): checked, and repaired line by line";
  }

  PassResult run(Document doc) const override {
    const std::optional<FrontMatterBlock> block = locate_front_matter(doc.text);
    if (!block || !applies(doc, *block)) return PassResult{std::move(doc), {}, false};
    if (!block->closed) return unclosed(std::move(doc), *block);
    static const FrontMatterSettings kDefaults;
    const FrontMatterSettings& settings = doc.config ? doc.config->frontmatter : kDefaults;
    const std::string input = doc.text;
    ParsedTrees trees;
    PassResult result = FrontMatterFixer(doc, *block, settings, trees).run();
    // A fix can make a neighbouring line read differently (a list that parses once
    // its quote is closed): go on until nothing changes, so a second kempt run has
    // nothing left to do. Checks are those of the final text. (A block the first
    // round left as it was would only be read again the same way: most blocks.)
    const bool unchanged = result.document.text == input;
    for (int round = 0; round < kMaxRounds && !result.hold && !unchanged; ++round) {
      Document again = result.document;
      const std::optional<FrontMatterBlock> now = locate_front_matter(again.text);
      if (!now || !now->closed) break;
      PassResult next = FrontMatterFixer(again, *now, settings, trees).run();
      if (next.hold || next.document.text == result.document.text) break;
      std::erase_if(result.findings, [](const Finding& f) { return !f.fixed; });
      for (Finding& f : next.findings) result.findings.push_back(std::move(f));
      result.document = std::move(next.document);
    }
    return result;
  }

 private:
  static PassResult unclosed(Document doc, const FrontMatterBlock& block) {
    const std::string_view opener = block.format == Format::yaml ? "---" : block.format == Format::toml ? "+++" : "{";
    const std::string_view closer = block.format == Format::json ? "a closing '}'" : "a closing line";
    Finding f{doc.display_path(), 1, 1, "frontmatter/unclosed",
              fmt::format("front matter opened with '{}' on line 1 is never closed ({} is missing); file left untouched",
                          opener, closer == "a closing line" ? fmt::format("'{}'", opener) : std::string(closer)),
              false, Severity::error};
    return PassResult{std::move(doc), {std::move(f)}, true};
  }
};

}  // namespace

std::unique_ptr<Pass> make_frontmatter_pass() { return std::make_unique<FrontMatterPass>(); }

}  // namespace kempt
