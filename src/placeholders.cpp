// Pass `placeholders`: finds a template's sample content with the catalogue, then
// decides on cmark-gfm's block tree what can go.
//
//   # 🎖 Honors and Awards                      (removed: its section is left empty)
//   - *2021.10* Lorem ipsum dolor sit amet, …  (removed: wholly placeholder)
//   - *2021.03*, Talk at MIT \| [\[video\]](https://github.com/)
//                                               (kept and reported: real text beside
//                                                a placeholder link; --aggressive
//                                                unlinks it, keeping its text)
//
// A unit (list item, paragraph, table row, HTML block, or an HTML block together
// with the Markdown blocks up to its closing tag) goes when it holds at least one
// match and nothing real once the matches are set aside. Removal cuts whole lines
// of the source; every other byte stays as it was.
#include "kempt/placeholders.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "kempt/config.hpp"
#include "kempt/markdown.hpp"
#include "placeholders_internal.hpp"

namespace kempt {

namespace placeholders {

std::string rule_for(const Fingerprint& fp) {
  if (fp.kind == "lorem") return "placeholders/lorem-ipsum";
  if (fp.kind == "link" || fp.kind == "contact") return "placeholders/placeholder-" + fp.kind;
  if (fp.kind == "image") return "placeholders/sample-image";
  return "placeholders/sample-" + fp.kind;
}

std::string describe(const Fingerprint& fp) {
  return fmt::format("{} [template {}, fingerprint {}]", fp.note.empty() ? fp.kind : fp.note, fp.template_name,
                     fp.qualified_id());
}

}  // namespace placeholders

namespace {

using namespace placeholders;
using BlockType = MarkdownBlock::Type;

/// A placeholder found in the body: the bytes it covers and what it is.
struct Evidence {
  std::vector<ByteSpan> parts;  ///< covered bytes (a link's label may be left out)
  const Fingerprint* fingerprint = nullptr;
  bool strong = true;           ///< not weak, and a link with a generic label
  bool reportable = true;       ///< worth a finding where it cannot be removed
  bool generic_lorem = false;   ///< found by the Lorem ipsum detector
  std::size_t lorem_words = 0;
  std::optional<Element> element;  ///< the link or image it is, for --aggressive
  bool label_generic = true;

  std::size_t begin() const { return parts.front().begin; }
  std::size_t end() const { return parts.back().end; }
};

/// A block of the body as the pass sees it: cmark's blocks, plus HTML regions.
struct Unit {
  BlockType type = BlockType::other;
  bool region = false;    ///< an HTML block with the blocks up to its closing tag
  bool balanced = true;   ///< (HTML) closes what it opens
  int level = 0;          ///< heading level
  std::uint32_t first = 0, last = 0;
  std::vector<Unit> children;
  bool removed = false;
};

bool overlaps(ByteSpan a, ByteSpan b) { return a.begin < b.end && b.begin < a.end; }

std::string_view unit_name(const Unit& u) {
  if (u.region) return "HTML block";
  switch (u.type) {
    case BlockType::paragraph: return "paragraph";
    case BlockType::item: return "list item";
    case BlockType::list: return "list";
    case BlockType::block_quote: return "block quote";
    case BlockType::html_block: return "HTML block";
    case BlockType::table: return "table";
    case BlockType::table_row: return "table row";
    case BlockType::heading: return "heading";
    default: return "block";
  }
}

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

// cmark-gfm's tree of a page takes up to 30 times the page in memory (a node
// for every tag, link and line break): pages larger than this, which no site
// has, are not parsed, so a run stays within its memory bound.
constexpr std::size_t kMaxParsedBody = std::size_t{4} << 20;

/// One analysis of a Markdown body: evidence, units, what goes, what is reported.
class BodyAnalysis {
 public:
  BodyAnalysis(std::string_view body, const PlaceholderCatalogue& catalogue, const PlaceholderOptions& options)
      : body_(body), catalogue_(catalogue), options_(options) {
    collect_evidence();
  }

  bool has_evidence() const { return !evidence_.empty(); }

  /// Decides what goes; returns the new body (or the same text when nothing goes).
  std::string run(std::vector<PendingFinding>& findings) {
    if (!unparsed_.empty()) {
      findings.push_back({0, "placeholders/not-parsed", unparsed_ + ": its placeholders are left as they are", false});
    }
    if (evidence_.empty()) return std::string(body_);
    root_ = unit_of(blocks_);
    group_html_regions(root_);
    if (discusses_lorem()) {
      // A page about typography quotes the filler: only template strings count there.
      std::erase_if(evidence_, [](const Evidence& e) { return e.generic_lorem; });
      if (evidence_.empty()) return std::string(body_);
    }
    for (Unit& child : root_.children) decide(child, root_, findings);
    drop_empty_sections(findings);
    return splice();
  }

  /// The whole body is sample content of `template_id` (for sample files).
  bool wholly_template(const std::string& template_id) const {
    if (is_blank(body_)) return true;
    std::set<std::string> strong;
    if (!wholly_placeholder({0, body_.size()}, &strong)) return false;
    return strong.count(template_id) > 0;
  }

 private:
  // --- evidence ---------------------------------------------------------------
  void collect_evidence() {
    add_catalogue_evidence(catalogue_, body_, body_, evidence_);
    add_element_evidence();
    if (evidence_.empty()) return;  // the common case: no need to parse the page
    if (body_.size() > kMaxParsedBody) {
      unparsed_ = fmt::format("a Markdown body of {} MiB is more than the {} MiB kempt parses", body_.size() >> 20,
                              kMaxParsedBody >> 20);
      evidence_.clear();
      return;
    }
    lines_ = split_lines(body_);
    blocks_ = markdown_blocks(body_);
    if (blocks_.cut && blocks_.children.empty()) {  // (and so all left alone, as code is)
      unparsed_ = fmt::format("Markdown nested deeper than {} levels is not parsed", kMaxMarkdownDepth);
    }
    std::vector<ByteSpan> excluded;
    collect_code_blocks(blocks_, excluded);
    std::sort(excluded.begin(), excluded.end(), [](ByteSpan a, ByteSpan b) { return a.begin < b.begin; });
    std::vector<ByteSpan> spans = code_spans(body_, excluded);
    for (ByteSpan c : html_comments(body_)) spans.push_back(c);
    excluded.insert(excluded.end(), spans.begin(), spans.end());
    // Never inside code or a comment; but a template's own sentence may hold a
    // code span (al-folio's `prof_pic.jpg`), so a match around code counts.
    std::erase_if(evidence_, [&](const Evidence& e) {
      const ByteSpan s{e.begin(), e.end()};
      return std::any_of(excluded.begin(), excluded.end(), [&](ByteSpan x) {
        return overlaps(x, s) && !(x.begin > s.begin && x.end < s.end);
      });
    });
    std::sort(evidence_.begin(), evidence_.end(), [](const Evidence& a, const Evidence& b) { return a.begin() < b.begin(); });
  }

  void collect_code_blocks(const MarkdownBlock& b, std::vector<ByteSpan>& out) const {
    if (b.type == BlockType::code_block || b.cut) {  // (what kempt cannot see into, it leaves alone)
      const ByteSpan s = span_of(b.first_line, b.last_line);
      out.push_back({s.begin, s.end});
    }
    for (const MarkdownBlock& c : b.children) collect_code_blocks(c, out);
  }

  void add_element_evidence() {
    if (body_.find("](") == std::string_view::npos && body_.find('<') == std::string_view::npos) return;
    // The bytes the text evidence covers, marked once for every label to read.
    std::vector<bool> covered;
    const std::size_t text_evidence = evidence_.size();
    for_each_element(body_, [&](Element&& el) {
      if (el.target.empty()) return;
      const Fingerprint* fp = el.kind == Element::Kind::image ? catalogue_.match_image(el.target) : catalogue_.match_link(el.target);
      if (!fp) return;
      // A front-page link counts only behind a label that hides where it goes
      // ("[video]"); `<https://github.com>` or `[github.com](https://github.com)`
      // says what it is, as a demo post or a list of sites does on purpose.
      if (fp->generic_label && shows_own_target(body_, el)) return;
      // The label is covered when it says nothing of its own ("video") or is itself
      // placeholder text; a real label ("My thesis") stays, and makes the unit mixed.
      if (covered.empty()) covered = covered_by_text(text_evidence);
      const bool generic = el.kind == Element::Kind::image || generic_label(body_, el.label, covered, 0, catalogue_);
      Evidence e;
      e.fingerprint = fp;
      e.label_generic = generic;
      e.strong = !fp->weak && (!fp->generic_label || generic);
      e.reportable = e.strong;
      if (generic || el.label.empty()) e.parts = {el.whole};
      else e.parts = {{el.whole.begin, el.label.begin}, {el.label.end, el.whole.end}};
      e.element = std::move(el);
      evidence_.push_back(std::move(e));
    });
  }

  std::vector<bool> covered_by_text(std::size_t count) const {
    std::vector<bool> covered(body_.size() + 1, false);
    for (std::size_t i = 0; i < count; ++i) {
      for (ByteSpan p : evidence_[i].parts) {
        for (std::size_t k = p.begin; k < std::min(p.end, body_.size()); ++k) covered[k] = true;
      }
    }
    return covered;
  }

  // --- units ------------------------------------------------------------------
  static Unit unit_of(const MarkdownBlock& b) {
    Unit u;
    u.type = b.type;
    u.level = b.heading_level;
    u.first = b.first_line;
    u.last = b.last_line;
    for (const MarkdownBlock& c : b.children) u.children.push_back(unit_of(c));
    return u;
  }

  ByteSpan span_of(std::uint32_t first, std::uint32_t last) const {
    if (lines_.empty()) return {0, 0};
    const TextLine& a = lines_[std::min<std::size_t>(first, lines_.size()) - 1];
    const TextLine& b = lines_[std::min<std::size_t>(last, lines_.size()) - 1];
    return {a.offset, b.offset + b.content.size()};
  }
  ByteSpan span_of(const Unit& u) const { return span_of(u.first, u.last); }

  // An HTML block that opens a tag it does not close (AcadHomepage's
  // <div class='paper-box'>) takes the blocks up to the closing tag with it,
  // looking at most kMaxRegionBlocks blocks ahead: a template's box is a few
  // blocks, and looking further from every unclosed <div> of a page of them
  // would be quadratic. Each block's tags are counted once.
  static constexpr std::size_t kMaxRegionBlocks = 64;

  void group_html_regions(Unit& parent) {
    struct Tags {
      int depth = 0, lowest = 0;  ///< open tags at the end, and the fewest on the way
    };
    std::vector<Tags> tags(parent.children.size());
    std::vector<bool> counted(parent.children.size(), false);
    auto tags_of = [&](std::size_t k) -> const Tags& {
      if (!counted[k]) {
        const ByteSpan s = span_of(parent.children[k]);
        html_balanced(body_.substr(s.begin, s.size()), &tags[k].depth, &tags[k].lowest);
        counted[k] = true;
      }
      return tags[k];
    };
    std::vector<Unit> grouped;
    for (std::size_t i = 0; i < parent.children.size(); ++i) {
      Unit& child = parent.children[i];
      group_html_regions(child);
      if (child.type != BlockType::html_block) {
        grouped.push_back(std::move(child));
        continue;
      }
      const Tags& own = tags_of(i);
      child.balanced = own.depth == 0 && own.lowest >= 0;
      std::size_t j = i;
      if (own.depth > 0 && own.lowest >= 0) {
        int depth = own.depth;
        for (std::size_t k = i + 1; k < parent.children.size() && k <= i + kMaxRegionBlocks; ++k) {
          const Tags& next = tags_of(k);
          if (depth + next.lowest < 0) break;  // closes more than was opened
          depth += next.depth;
          if (depth == 0) {
            j = k;
            break;
          }
        }
      }
      if (j == i) {
        grouped.push_back(std::move(child));
        continue;
      }
      Unit region;
      region.type = BlockType::html_block;
      region.region = true;
      region.first = child.first;
      region.last = parent.children[j].last;
      for (std::size_t k = i; k <= j; ++k) region.children.push_back(std::move(parent.children[k]));
      grouped.push_back(std::move(region));
      i = j;
    }
    parent.children = std::move(grouped);
  }

  // --- decisions ----------------------------------------------------------------
  std::vector<const Evidence*> evidence_in(ByteSpan span) const { return placeholders::evidence_in(evidence_, span); }

  bool any_evidence_in(ByteSpan span) const {
    auto it = std::lower_bound(evidence_.begin(), evidence_.end(), span.begin,
                               [](const Evidence& e, std::size_t at) { return e.begin() < at; });
    for (; it != evidence_.end() && it->begin() < span.end; ++it) {
      if (it->end() <= span.end) return true;
    }
    return false;
  }

  // Units nest on the same lines (a block quote, its list, its item, its
  // paragraph): their spans are the same, and so is the answer. Asking once per
  // span keeps a page nested thousands deep linear.
  bool wholly_placeholder_memo(ByteSpan span) {
    if (!memo_ || memo_->first.begin != span.begin || memo_->first.end != span.end) {
      memo_ = std::make_pair(span, wholly_placeholder(span));
    }
    return memo_->second;
  }

  // True when `span` holds a strong match and nothing real beside its matches;
  // weak matches count only beside a strong one of their template.
  bool wholly_placeholder(ByteSpan span, std::set<std::string>* strong_templates = nullptr) const {
    return placeholders::wholly_placeholder(body_, span, evidence_in(span), strong_templates);
  }

  bool removable_alone(const Unit& u, const Unit& parent) const {
    if (u.type == BlockType::code_block || u.type == BlockType::heading || u.type == BlockType::thematic_break ||
        u.type == BlockType::table_header || u.type == BlockType::other) {
      return false;
    }
    if (u.type == BlockType::html_block && !u.region && !u.balanced) return false;
    // The first block of a list item shares its line with the item's marker.
    if (parent.type == BlockType::item && u.first == parent.first) return false;
    return true;
  }

  void decide(Unit& u, const Unit& parent, std::vector<PendingFinding>& findings) {
    const ByteSpan span = span_of(u);
    if (!any_evidence_in(span)) return;
    if (removable_alone(u, parent) && wholly_placeholder_memo(span)) {
      u.removed = true;
      findings.push_back(removal_finding(u, span));
      return;
    }
    std::size_t removed = 0, blocks = 0;
    const std::size_t own_findings = findings.size();  // the children's come after
    for (Unit& child : u.children) {
      decide(child, u, findings);
      if (child.type == BlockType::table_header) continue;
      ++blocks;
      removed += child.removed;
    }
    if (blocks > 0 && removed == blocks && removable_alone(u, parent) && !u.region) {
      // Every part went: the container goes too, with one finding for it.
      // (only the children's findings: erasing over all of them per container
      // would be quadratic in a page of many small lists)
      findings.erase(std::remove_if(findings.begin() + static_cast<std::ptrdiff_t>(own_findings), findings.end(),
                                    [&](const PendingFinding& f) { return f.offset >= span.begin && f.offset <= span.end && f.fixed; }),
                     findings.end());
      u.removed = true;
      findings.push_back(removal_finding(u, span));
      return;
    }
    if (u.children.empty() || u.type == BlockType::table_row || (u.type == BlockType::html_block && !u.region)) {
      report_mixed(span, findings);
    }
  }

  // The match a finding names: a template's own string before a generic one.
  const Evidence* primary(ByteSpan span) const {
    auto rank = [](const Evidence* e) { return e->generic_lorem ? 2 : e->fingerprint->template_id == "generic" ? 1 : 0; };
    const Evidence* best = nullptr;
    for (const Evidence* e : evidence_in(span)) {
      if (e->strong && (!best || rank(e) < rank(best))) best = e;
    }
    return best;
  }

  PendingFinding removal_finding(const Unit& u, ByteSpan span) const {
    const Evidence* e = primary(span);
    const std::size_t others = evidence_in(span).size() - 1;
    return {span.begin, rule_for(*e->fingerprint),
            fmt::format("removed {}: {}{}", unit_name(u), describe(*e->fingerprint),
                        others ? fmt::format(" and {} more match{}", others, others == 1 ? "" : "es") : ""),
            true};
  }

  // A unit that stays but holds placeholders: say so, and with --aggressive take
  // out its placeholder links and images.
  void report_mixed(ByteSpan span, std::vector<PendingFinding>& findings) {
    std::set<const Fingerprint*> seen;
    for (const Evidence* e : evidence_in(span)) {
      if (!e->reportable || !e->strong) continue;
      if (e->element && options_.aggressive) {
        edits_.push_back(link_edit(*e));  // every such link goes, one finding for each kind
        if (!seen.insert(e->fingerprint).second) continue;
        const std::string_view what = unlinked(*e->element)                    ? "unlinked a link (its text kept)"
                                      : e->element->kind == Element::Kind::image ? "removed image"
                                                                                 : "removed link";
        findings.push_back({e->begin(), rule_for(*e->fingerprint),
                            fmt::format("{} beside real text: {}", what, describe(*e->fingerprint)), true});
        continue;
      }
      if (!seen.insert(e->fingerprint).second) continue;
      findings.push_back({e->begin(), rule_for(*e->fingerprint),
                          fmt::format("{} beside real text, not removed{}", describe(*e->fingerprint),
                                      !e->element ? "" : unlinked(*e->element) ? " (--aggressive unlinks it)" : " (--aggressive removes it)"),
                          false});
    }
  }

  bool unlinked(const Element& el) const {
    return el.kind == Element::Kind::link && !el.autolink && !is_blank(body_.substr(el.label.begin, el.label.size()));
  }

  struct Edit {
    ByteSpan span;
    std::string replacement;
  };

  // Unlinks a link: its text stays, generic or not ("a [link](http://github.com)."
  // → "a link."). What has no text of its own (an image, an autolink, an empty
  // label) goes, with the separator before it (" | ", ", ").
  Edit link_edit(const Evidence& e) const {
    const Element& el = *e.element;
    if (unlinked(el)) {
      return {el.whole, std::string(body_.substr(el.label.begin, el.label.size()))};
    }
    std::size_t begin = el.whole.begin;
    std::size_t k = begin;
    while (k > 0 && (body_[k - 1] == ' ' || body_[k - 1] == '\t')) --k;
    std::size_t sep = k;
    while (sep > 0 && std::string_view("|,;/\\-").find(body_[sep - 1]) != std::string_view::npos && k - sep < 2) --sep;
    if (sep < k) {
      while (sep > 0 && (body_[sep - 1] == ' ' || body_[sep - 1] == '\t')) --sep;
      begin = sep;
    } else if (k < begin && (el.whole.end >= body_.size() || std::string_view("\r\n.,;:!?)").find(body_[el.whole.end]) != std::string_view::npos)) {
      begin = k;  // "talk [video]." → "talk."
    }
    return {{begin, el.whole.end}, ""};
  }

  // A page that mentions Lorem ipsum in its own prose (a short run beside real
  // text) is about it: its quotations of the filler are not leftovers.
  bool discusses_lorem() const {
    bool found = false;
    visit_leaves(root_, [&](const Unit& u) {
      const ByteSpan span = span_of(u);
      for (const Evidence* e : evidence_in(span)) {
        if (!e->generic_lorem || e->lorem_words >= 8) continue;
        std::vector<bool> covered(span.size(), false);
        for (std::size_t k = e->begin(); k < e->end(); ++k) covered[k - span.begin] = true;
        if (has_real_content(body_, span, covered)) found = true;
      }
    });
    return found;
  }

  template <typename F>
  void visit_leaves(const Unit& u, F&& f) const {
    if (u.children.empty() || u.type == BlockType::table_row) {
      f(u);
      return;
    }
    for (const Unit& c : u.children) visit_leaves(c, f);
  }

  // A heading whose section (up to the next heading of its level or higher) had
  // blocks and lost them all goes too; innermost sections first.
  void drop_empty_sections(std::vector<PendingFinding>& findings) {
    std::vector<Unit>& top = root_.children;
    for (std::size_t i = top.size(); i-- > 0;) {
      if (top[i].type != BlockType::heading) continue;
      std::size_t blocks = 0, removed = 0;
      const Evidence* behind = nullptr;
      for (std::size_t k = i + 1; k < top.size(); ++k) {
        if (top[k].type == BlockType::heading && top[k].level <= top[i].level) break;
        ++blocks;
        removed += top[k].removed;
        if (!behind && top[k].type != BlockType::heading) behind = primary(span_of(top[k]));
      }
      if (blocks == 0 || removed < blocks) continue;
      top[i].removed = true;
      const ByteSpan span = span_of(top[i]);
      std::string title(body_.substr(span.begin, span.size()));
      title = title.substr(0, title.find_first_of("\r\n"));
      title.erase(0, std::min(title.find_first_not_of("# \t"), title.size()));
      title.erase(std::min(title.find_last_not_of("# \t") + 1, title.size()));
      findings.push_back({span.begin, "placeholders/empty-section",
                          fmt::format("removed heading \"{}\": its section held only placeholder content{}", title,
                                      behind ? fmt::format(" [template {}, fingerprint {}]", behind->fingerprint->template_name,
                                                           behind->fingerprint->qualified_id())
                                             : ""),
                          true});
    }
  }

  // --- splicing -----------------------------------------------------------------
  void collect_removed(const Unit& u, std::vector<std::pair<std::uint32_t, bool>>& lines_out) const {
    if (u.removed) {
      const bool joins = u.type == BlockType::item || u.type == BlockType::table_row;
      for (std::uint32_t l = u.first; l <= u.last; ++l) lines_out.push_back({l, joins});
      return;
    }
    for (const Unit& c : u.children) collect_removed(c, lines_out);
  }

  bool blank_line(std::size_t line) const { return is_blank(lines_[line - 1].content); }

  std::string splice() {
    std::vector<Edit> edits = std::move(edits_);
    add_line_removals(edits);
    std::sort(edits.begin(), edits.end(), [](const Edit& x, const Edit& y) { return x.span.begin > y.span.begin; });
    // From the end, an edit that overlaps one taken after it is left out; then
    // the text is copied once with the edits in it (replacing in place would move
    // the rest of the text once per edit).
    std::vector<const Edit*> taken;
    std::size_t floor = body_.size();
    for (const Edit& e : edits) {
      if (e.span.end > floor) continue;
      taken.push_back(&e);
      floor = e.span.begin;
    }
    std::string out;
    out.reserve(body_.size());
    std::size_t at = 0;
    for (auto it = taken.rbegin(); it != taken.rend(); ++it) {
      out.append(body_.substr(at, (*it)->span.begin - at));
      out.append((*it)->replacement);
      at = (*it)->span.end;
    }
    out.append(body_.substr(at));
    return out;
  }

  // The removed units' lines as edits, with the blank lines around them settled:
  // one blank line stays between the blocks that were on either side, none is
  // left at the end of the text.
  void add_line_removals(std::vector<Edit>& edits) const {
    std::vector<std::pair<std::uint32_t, bool>> removed;
    collect_removed(root_, removed);
    std::vector<char> gone(lines_.size() + 2, 0);
    std::vector<char> joins(lines_.size() + 2, 1);
    for (auto [l, j] : removed) {
      gone[l] = 1;
      joins[l] = j;
    }
    const std::size_t n = lines_.size();
    std::size_t last_text = n;  // the last line that is not blank
    while (last_text > 0 && blank_line(last_text)) --last_text;
    for (std::size_t a = 1; a <= n;) {
      if (!gone[a]) {
        ++a;
        continue;
      }
      std::size_t b = a;
      bool joinable = joins[a];
      // Blank lines between removed units go with them.
      while (b < n && (gone[b + 1] || (blank_line(b + 1) && next_gone_after_blanks(b + 1, gone)))) {
        ++b;
        joinable = joinable && (joins[b] || blank_line(b));
      }
      std::size_t first = a, last = b;
      const bool at_start = first == 1 || blank_line(first - 1);
      if (at_start) {
        while (last < n && blank_line(last + 1)) ++last;
      }
      std::string replacement;
      if (last >= last_text) {
        // Nothing follows: no blank lines are left dangling at the end either.
        last = n;
        while (first > 1 && blank_line(first - 1)) --first;
      } else if (!at_start && !blank_line(last + 1) && !joinable) {
        // Two blocks would run together (a paragraph would swallow the next one).
        if (blank_line(last)) --last;
        else replacement = line_ending(last);
      }
      if (first <= last) edits.push_back({line_bytes(first, last), replacement});
      a = b + 1;
    }
  }

  bool next_gone_after_blanks(std::size_t line, const std::vector<char>& gone) const {
    while (line <= lines_.size() && blank_line(line)) ++line;
    return line <= lines_.size() && gone[line];
  }

  std::string line_ending(std::size_t line) const {
    switch (lines_[line - 1].end) {
      case LineEnd::crlf: return "\r\n";
      case LineEnd::cr: return "\r";
      default: return "\n";
    }
  }

  // Bytes of lines [first, last] with their line endings; at the end of the text,
  // the line ending before them instead, so the text keeps ending as it did.
  ByteSpan line_bytes(std::size_t first, std::size_t last) const {
    const std::size_t begin = lines_[first - 1].offset;
    const std::size_t end = last < lines_.size() ? lines_[last].offset : body_.size();
    if (last == lines_.size() && lines_[last - 1].end == LineEnd::none && first > 1) {
      const TextLine& before = lines_[first - 2];
      return {before.offset + before.content.size(), end};
    }
    return {begin, end};
  }

  std::string_view body_;
  const PlaceholderCatalogue& catalogue_;
  const PlaceholderOptions& options_;
  std::vector<TextLine> lines_;
  std::vector<Evidence> evidence_;
  MarkdownBlock blocks_;
  std::vector<Edit> edits_;
  Unit root_;
  std::optional<std::pair<ByteSpan, bool>> memo_;
  std::string unparsed_;  ///< why the page was not parsed, when it was not
};

/// The value of the front matter's title line, or empty.
std::string_view title_line(std::string_view front_matter) {
  for (const TextLine& l : split_lines(front_matter)) {
    std::string_view s = l.content;
    if (s.starts_with("title:") || s.starts_with("title =") || s.starts_with("title=")) return s;
  }
  return {};
}

class PlaceholdersPass : public Pass {
 public:
  explicit PlaceholdersPass(PlaceholderOptions options) : options_(options) {}
  std::string_view name() const override { return "placeholders"; }
  bool may_change_line_count() const override { return true; }  // it removes blocks
  std::string_view summary() const override {
    return "template sample content: Lorem ipsum, sample papers, talks and links, sample files";
  }

  bool reads(FileKind) const override { return true; }  // sample data files of every kind, JSON too

  PassResult run(Document doc) const override {
    PassResult result;
    // An HTML page (front matter or not) is read by an HTML parser, never as Markdown.
    const bool html = doc.kind == FileKind::html;
    const bool page = doc.is_markdown_page() || html;
    if (!page && !data_file(doc.kind)) {
      result.document = std::move(doc);
      return result;
    }
    const auto catalogue = doc.config && doc.config->placeholders ? doc.config->placeholders : builtin_placeholder_catalogue();
    // A template's whole sample file, known by its content wherever it lives.
    if (const Fingerprint* sample = catalogue->match_content(doc.text)) return sample_file_result(std::move(doc), *sample);
    if (!page) {  // a data file is only ever reported (or deleted) whole, never edited
      result.document = std::move(doc);
      return result;
    }
    const std::size_t body_at = doc.front_matter().block.end;
    const std::string_view text = doc.text;
    const std::string_view front = text.substr(0, body_at);
    std::vector<Finding> findings;
    std::optional<LineIndex> index;  // (built for the first finding: most pages have none)
    auto finding = [&](std::size_t offset, std::string rule, std::string message, bool fixed) {
      if (!index) index.emplace(text);
      const auto pos = index->locate(offset);
      findings.push_back({doc.display_path(), pos.line, pos.column, std::move(rule), std::move(message), fixed});
    };

    if (const Fingerprint* sample = sample_file(doc, *catalogue, front, text.substr(body_at), html)) {
      return sample_file_result(std::move(doc), *sample);
    }
    report_front_matter(*catalogue, front, finding);

    std::vector<PendingFinding> pending;
    std::optional<std::string> body = html ? html_without_placeholders(text.substr(body_at), *catalogue, pending)
                                           : settled_body(std::string(text.substr(body_at)), *catalogue, pending);
    for (PendingFinding& p : pending) finding(body_at + p.offset, std::move(p.rule), std::move(p.message), p.fixed && body);
    if (!body) {
      finding(body_at, "placeholders/unsettled", "removing placeholders here does not settle; nothing was removed", false);
    } else {
      doc.text = std::string(front) + *body;
    }
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    result.findings = std::move(findings);
    result.document = std::move(doc);
    return result;
  }

 private:
  static bool data_file(FileKind kind) {
    return kind == FileKind::yaml || kind == FileKind::json || kind == FileKind::bibtex;
  }

  PassResult sample_file_result(Document doc, const Fingerprint& sample) const {
    PassResult result;
    const bool deleting = options_.delete_sample_files;
    result.findings.push_back({doc.display_path(), 0, 0, "placeholders/sample-file",
                               fmt::format("{} sample file{}: {} [template {}, fingerprint {}]", sample.template_name,
                                           sample.note.empty() ? "" : " (" + sample.note + ")", deleting ? "deleted" : "delete it with --delete-sample-files",
                                           sample.template_name, sample.qualified_id()),
                               deleting});
    doc.delete_file = deleting;
    result.document = std::move(doc);
    return result;
  }

  // Removing units can make a neighbour wholly placeholder in turn (two blocks
  // that now touch, say): run to a fixed point, so that a second run finds
  // nothing. The first round's findings are the ones to report (their lines are
  // the page's); a page that does not settle gives nullopt and keeps its text.
  std::optional<std::string> settled_body(std::string body, const PlaceholderCatalogue& catalogue,
                                          std::vector<PendingFinding>& first_round) const {
    for (int round = 0; round < 8; ++round) {
      BodyAnalysis analysis(body, catalogue, options_);
      std::vector<PendingFinding> pending;
      std::string next = analysis.run(pending);
      if (round == 0) first_round = std::move(pending);
      if (next == body) return body;
      body = std::move(next);
    }
    return std::nullopt;
  }

  // A file at a template's sample path whose body is wholly that template's
  // sample and whose title (if it has one) is the template's too.
  static const Fingerprint* sample_file(const Document& doc, const PlaceholderCatalogue& catalogue,
                                        std::string_view front, std::string_view body, bool html) {
    const std::vector<const Fingerprint*> candidates = catalogue.match_file(doc.path);
    if (candidates.empty()) return nullptr;
    const std::string_view title = title_line(front);
    const std::vector<TextMatch> title_matches = catalogue.find_in_text(title);
    PlaceholderOptions none;
    std::optional<BodyAnalysis> analysis;
    if (!html) analysis.emplace(body, catalogue, none);
    for (const Fingerprint* fp : candidates) {
      const bool title_ok = title.empty() || std::any_of(title_matches.begin(), title_matches.end(), [&](const TextMatch& m) {
                              return m.fingerprint->template_id == fp->template_id;
                            });
      const bool wholly = html ? html_wholly_template(body, catalogue, fp->template_id) : analysis->wholly_template(fp->template_id);
      if (title_ok && wholly && (!title.empty() || !is_blank(body))) return fp;
    }
    return nullptr;
  }

  // The placeholder link or image a `key: value` line's value is (paperurl,
  // social links), or null; a bare site root is too common a value to count.
  static const Fingerprint* link_value(const PlaceholderCatalogue& catalogue, std::string_view line) {
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return nullptr;
    std::string_view value = line.substr(colon + 1);
    value.remove_prefix(std::min(value.find_first_not_of(" \t'\""), value.size()));
    value = value.substr(0, value.find_last_not_of(" \t'\"") + 1);
    if (value.empty()) return nullptr;
    const Fingerprint* fp = catalogue.match_link(value);
    if (!fp) fp = catalogue.match_image(value);
    return fp && !fp->generic_label && !fp->weak ? fp : nullptr;
  }

  // Placeholders in front matter values are reported: a value is the user's to rewrite.
  template <typename Report>
  static void report_front_matter(const PlaceholderCatalogue& catalogue, std::string_view front, Report&& report) {
    for (const TextLine& line : split_lines(front)) {
      const std::string_view s = line.content;
      const std::size_t start = s.find_first_not_of(" \t");
      if (start == std::string_view::npos || s[start] == '#') continue;  // comments are not live
      std::set<const Fingerprint*> seen;
      for (const TextMatch& m : catalogue.find_in_text(s)) {
        if (m.fingerprint->weak || !seen.insert(m.fingerprint).second) continue;
        report(line.offset + m.begin, rule_for(*m.fingerprint),
               fmt::format("{} in the front matter: edit the value [template {}, fingerprint {}]",
                           m.fingerprint->note.empty() ? m.fingerprint->kind : m.fingerprint->note,
                           m.fingerprint->template_name, m.fingerprint->qualified_id()),
               false);
      }
      if (const Fingerprint* fp = link_value(catalogue, s); fp && seen.insert(fp).second) {
        report(line.offset + s.find(':') + 1, rule_for(*fp),
               fmt::format("{} in the front matter: edit the value [template {}, fingerprint {}]",
                           fp->note.empty() ? fp->kind : fp->note, fp->template_name, fp->qualified_id()),
               false);
      }
      for (const LoremRun& run : find_lorem(s, catalogue)) {
        if (run.words < 8 || !catalogue.lorem_enabled()) continue;
        report(line.offset + run.span.begin, "placeholders/lorem-ipsum",
               fmt::format("Lorem ipsum filler in the front matter: edit the value [template any template, fingerprint {}]",
                           catalogue.lorem_fingerprint().qualified_id()),
               false);
      }
    }
  }

  PlaceholderOptions options_;
};

}  // namespace

std::unique_ptr<Pass> make_placeholders_pass(PlaceholderOptions options) {
  return std::make_unique<PlaceholdersPass>(options);
}

}  // namespace kempt
