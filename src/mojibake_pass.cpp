// The mojibake pass over a file, and repairs applied to a text: each look repairs
// what the finder (mojibake.cpp) is sure of and the next looks again at the lines
// it changed; findings point into the file as it was, through each look's edits.
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "kempt/document.hpp"
#include "kempt/markdown.hpp"
#include "kempt/mojibake.hpp"
#include "mojibake_find.hpp"
#include "mojibake_legacy.hpp"
#include "mojibake_model.hpp"

namespace kempt {

using mojibake::kSegmentBytes;

namespace {

// A replacement one look made: [was_begin, was_end) in its input became
// [now_begin, now_end) in its output.
struct Edit {
  std::size_t was_begin, was_end, now_begin, now_end;
};

std::vector<Edit> edits_of(const std::vector<MojibakeSpan>& spans,
                           const std::function<const std::string*(const MojibakeSpan&)>& replacement) {
  std::vector<Edit> edits;
  std::ptrdiff_t shift = 0;
  for (const MojibakeSpan& s : spans) {
    const std::string* with = replacement(s);
    if (!with) continue;
    const auto now = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(s.begin) + shift);
    edits.push_back({s.begin, s.end, now, now + with->size()});
    shift += static_cast<std::ptrdiff_t>(with->size()) - static_cast<std::ptrdiff_t>(s.end - s.begin);
  }
  return edits;
}

// Maps an offset in a look's output back to its input; an offset inside a
// replacement goes to that replacement's start (`begin`) or end.
std::size_t offset_before(const std::vector<Edit>& edits, std::size_t at, bool begin) {
  auto it = std::upper_bound(edits.begin(), edits.end(), at, [](std::size_t v, const Edit& e) { return v < e.now_begin; });
  if (it == edits.begin()) return at;
  const Edit& e = *std::prev(it);
  if (at < e.now_end || (!begin && at == e.now_end)) return begin ? e.was_begin : e.was_end;
  return at - e.now_end + e.was_end;
}

// What the looks so far wrote, as ranges of the latest look's output: `repaired`
// (ranges of its input, none inside an edit) moved past `edits`, and the edits'
// own output added.
void carry_repaired(std::vector<ByteSpan>& repaired, const std::vector<Edit>& edits) {
  std::vector<ByteSpan> moved;
  moved.reserve(repaired.size() + edits.size());
  std::size_t e = 0;
  std::ptrdiff_t shift = 0;
  auto add_edits_before = [&](std::size_t at) {
    for (; e < edits.size() && edits[e].was_begin <= at; ++e) {
      moved.push_back({edits[e].now_begin, edits[e].now_end});
      shift = static_cast<std::ptrdiff_t>(edits[e].now_end) - static_cast<std::ptrdiff_t>(edits[e].was_end);
    }
  };
  for (const ByteSpan& r : repaired) {
    add_edits_before(r.begin);
    moved.push_back({static_cast<std::size_t>(static_cast<std::ptrdiff_t>(r.begin) + shift),
                     static_cast<std::size_t>(static_cast<std::ptrdiff_t>(r.end) + shift)});
  }
  add_edits_before(std::numeric_limits<std::size_t>::max());
  repaired = std::move(moved);
}

// A later look's spans in the lines an earlier one changed. What an earlier look
// wrote is the line's context, never text to read again: its output can look like
// another page's mojibake by chance (失, GBK CA A7, read as UTF-8 is ʧ), and the
// look that wrote it already chose the best reading of those bytes.
std::vector<MojibakeSpan> find_in_later_look(std::string_view text, const std::vector<ByteSpan>& lines,
                                             const std::vector<ByteSpan>& repaired) {
  std::vector<MojibakeSpan> spans = mojibake::find_spans_in_lines(text, lines, &repaired);
  std::erase_if(spans, [&](const MojibakeSpan& s) {
    // The first repaired range that ends after the span starts.
    auto it = std::upper_bound(repaired.begin(), repaired.end(), s.begin,
                               [](std::size_t at, const ByteSpan& r) { return at < r.end; });
    return it != repaired.end() && it->begin < s.end;
  });
  return spans;
}

// What a look writes in place of one span: all the file pass keeps of a span it
// takes once the span has been reported.
struct Replacement {
  std::size_t begin, end;
  std::string with;
};

// (A deque: a look may write a million, and a vector growing to that holds
// two copies at once.)
using Replacements = std::deque<Replacement>;

std::vector<Edit> edits_of(const Replacements& replacements) {
  std::vector<Edit> edits;
  edits.reserve(replacements.size());
  std::ptrdiff_t shift = 0;
  for (const Replacement& r : replacements) {
    const auto now = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(r.begin) + shift);
    edits.push_back({r.begin, r.end, now, now + r.with.size()});
    shift += static_cast<std::ptrdiff_t>(r.with.size()) - static_cast<std::ptrdiff_t>(r.end - r.begin);
  }
  return edits;
}

// Where a replacement landed in `out`, widened to its line, unless the last
// line in `changed_lines` holds it already.
void add_changed_line(const std::string& out, std::size_t now_begin, std::vector<ByteSpan>& changed_lines) {
  if (!changed_lines.empty() && now_begin < changed_lines.back().end) return;  // same line
  std::size_t begin = now_begin;
  while (begin > 0 && out[begin - 1] != '\n' && out[begin - 1] != '\r') --begin;
  const std::size_t end = find_line_break(out, now_begin);
  changed_lines.push_back({begin, end == std::string::npos ? out.size() : end});
}

// apply_mojibake for replacements (in order, none overlapping).
std::string apply_replacements(std::string_view text, const Replacements& replacements,
                               std::vector<ByteSpan>* changed_lines) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (const Replacement& r : replacements) {
    out.append(text.substr(pos, r.begin - pos));
    out.append(r.with);
    pos = r.end;
  }
  out.append(text.substr(pos));
  changed_lines->clear();
  std::ptrdiff_t shift = 0;
  for (const Replacement& r : replacements) {
    add_changed_line(out, static_cast<std::size_t>(static_cast<std::ptrdiff_t>(r.begin) + shift), *changed_lines);
    shift += static_cast<std::ptrdiff_t>(r.with.size()) - static_cast<std::ptrdiff_t>(r.end - r.begin);
  }
  return out;
}

// Where the block of `text` from `from` (a line start, or a segment's) that the
// file pass looks at next ends: whole lines, and segments of a long line (see
// kSegmentBytes), up to about kBlockBytes. A block's spans are what the whole
// text gives there, as no line's segment depends on what is outside it.
std::size_t block_end(std::string_view text, std::size_t from) {
  constexpr std::size_t kBlockBytes = std::size_t{1} << 18;
  if (text.size() - from <= kBlockBytes) return text.size();
  const std::size_t limit = from + kBlockBytes;
  // After the last line break before the limit, when there is one.
  const auto* lf = static_cast<const char*>(memrchr(text.data() + from, '\n', kBlockBytes));
  const auto* cr = static_cast<const char*>(memrchr(text.data() + from, '\r', kBlockBytes));
  if (lf || cr) return static_cast<std::size_t>(std::max(lf, cr) - text.data()) + 1;
  // A line runs through the block: its segments, to about the limit.
  const std::size_t line_end = std::min(find_line_break(text, from), text.size());
  std::size_t at = from;
  while (at < limit && line_end - at > kSegmentBytes) at = mojibake::next_segment_end(text, at, line_end);
  return at < limit ? line_end : at;
}

}  // namespace

std::string apply_mojibake(std::string_view text, const std::vector<MojibakeSpan>& spans,
                           const std::function<const std::string*(const MojibakeSpan&)>& replacement,
                           std::vector<ByteSpan>* changed_lines) {
  std::string out = apply_mojibake(text, spans, replacement);
  if (!changed_lines) return out;
  // Where each replacement landed in `out`, widened to its line.
  changed_lines->clear();
  for (const Edit& e : edits_of(spans, replacement)) add_changed_line(out, e.now_begin, *changed_lines);
  return out;
}


std::string repair_found_mojibake(std::string_view text, std::vector<MojibakeSpan>& spans, bool mark_lost) {
  std::vector<ByteSpan> changed;
  auto written = [mark_lost](const MojibakeSpan& s) { return s.replacement(mark_lost); };
  std::string out = apply_mojibake(text, spans, written, &changed);
  std::vector<std::vector<Edit>> looks{edits_of(spans, written)};
  std::vector<ByteSpan> written_so_far;
  carry_repaired(written_so_far, looks.back());
  // Later looks at the lines repaired so far repair, and never mark: a mark
  // beside a letter would read as a lead and its lost byte once more ("Ç�").
  auto repaired = [](const MojibakeSpan& s) { return s.confident ? &s.after : nullptr; };
  for (unsigned look = 2; look <= kMaxLooks && !changed.empty(); ++look) {
    std::vector<MojibakeSpan> found = find_in_later_look(out, changed, written_so_far);
    out = apply_mojibake(out, found, repaired, &changed);
    const std::vector<Edit> these = edits_of(found, repaired);
    carry_repaired(written_so_far, these);
    for (MojibakeSpan& s : found) {
      s.look = look;
      s.marked.clear();
      for (auto it = looks.rbegin(); it != looks.rend(); ++it) {
        s.begin = offset_before(*it, s.begin, true);
        s.end = offset_before(*it, s.end, false);
      }
    }
    looks.push_back(these);
    // What a later look leaves alone is correct text now, or was reported before.
    for (MojibakeSpan& s : found) {
      if (s.confident) spans.push_back(std::move(s));
    }
  }
  return out;
}

std::string repair_mojibake(std::string_view text, std::vector<MojibakeSpan>* spans, bool mark_lost) {
  std::vector<MojibakeSpan> found = find_mojibake(text);
  std::string out = repair_found_mojibake(text, found, mark_lost);
  if (spans) *spans = std::move(found);
  return out;
}

}  // namespace kempt

// ---------------------------------------------------------------------------
// The pass over a file.
namespace kempt {
namespace {

// Rule ids name the code page the way users search for it: mojibake/cp1252.
std::string rule_for(const MojibakeSpan& s) {
  if (s.c1) return "mojibake/c1-controls";
  if (s.stray_bom) return "mojibake/stray-bom";
  if (!s.legacy_origin.empty()) {
    const std::string shown = s.chain.empty() || s.chain.back() == "windows-1252" ? "cp1252" : "latin1";
    return "mojibake/" + std::string(mojibake::legacy_user_name(s.legacy_origin)) + "-as-" + shown;
  }
  const std::string_view page = s.chain.empty() ? std::string_view("unknown") : s.chain.back();
  static const std::pair<const char*, const char*> kNames[] = {
      {"windows-1252", "cp1252"}, {"windows-1254", "cp1254"}, {"windows-1250", "cp1250"},
      {"windows-1251", "cp1251"}, {"windows-1253", "cp1253"}, {"windows-1257", "cp1257"},
      {"macintosh", "macroman"},  {"ibm-437", "cp437"},       {"ISO-8859-1", "latin1"},
      {"ISO-8859-2", "iso8859-2"}, {"ISO-8859-15", "iso8859-15"}, {"GB18030", "gbk"},
      {"Big5", "big5"},           {"windows-31j", "shift-jis"}, {"windows-949", "euc-kr"}};
  for (const auto& [icu, user] : kNames) {
    if (page == icu) return std::string("mojibake/") + user + (s.chain.size() > 1 ? "-layered" : "");
  }
  return "mojibake/" + std::string(page);
}

class MojibakePass final : public Pass {
 public:
  std::string_view name() const override { return "mojibake"; }
  std::string_view summary() const override {
    return "UTF-8 read with the wrong code page (ðŸŽ‰ â€” Ã©, GBK 鈥), once or more, with lost bytes";
  }

  PassResult run(Document doc) const override {
    PassResult result;
    // Each look repairs what it is sure of; the next looks again at the lines it
    // changed, so that running kempt twice finds nothing more.
    std::vector<ByteSpan> changed;
    LeftAlone left_alone;
    // Findings point into the file as it is: later looks' offsets map back
    // through each earlier look's edits.
    const std::string original = doc.text;
    std::optional<LineIndex> index;  // (made for the first finding: a file of short lines has many)
    std::vector<std::vector<Edit>> looks;
    auto locate = [&](std::size_t at) {
      for (auto it = looks.rbegin(); it != looks.rend(); ++it) at = offset_before(*it, at, true);
      if (!index) index.emplace(original);
      return index->locate(at);
    };
    std::vector<ByteSpan> written_so_far;  // what the looks wrote, in doc.text
    for (unsigned look = 1; look <= kMaxLooks; ++look) {
      // The first look goes through the text a block at a time; later looks
      // only through the lines the earlier ones changed.
      std::size_t from = 0;
      auto next_block = [&](std::vector<MojibakeSpan>& spans) {
        if (from >= doc.text.size() || (look > 1 && from > 0)) return false;
        if (look > 1) {
          spans = find_in_later_look(doc.text, changed, written_so_far);
          from = 1;
          return true;
        }
        const std::size_t to = block_end(doc.text, from);
        mojibake::find_spans_into(std::string_view(doc.text).substr(from, to - from), spans);
        for (MojibakeSpan& s : spans) s.begin += from, s.end += from;
        from = to;
        return true;
      };
      doc.text = take_look(doc, next_block, look, locate, result.findings, left_alone, changed, looks);
      carry_repaired(written_so_far, looks.back());
      if (changed.empty()) break;
    }
    // Findings a later look settled are dropped; the rest go in reading order.
    result.findings.erase(std::remove_if(result.findings.begin(), result.findings.end(),
                                         [](const Finding& f) { return f.rule.empty(); }),
                          result.findings.end());
    std::stable_sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    result.document = std::move(doc);
    return result;
  }

 private:
  // The runs reported as left alone: a later repair on the same line whose text
  // holds a run's text settles it (its finding is dropped). Kept by line and
  // text, so that a repair looks up the texts it holds rather than going
  // through every run reported: a line may hold a million of each.
  class LeftAlone {
   public:
    void add(std::uint32_t line, const std::string& before, std::size_t finding) {
      Line& l = lines_[line];
      auto [it, fresh] = l.by_text.try_emplace(before);
      if (fresh) ++l.lengths[before.size()];
      it->second.push_back(finding);
    }

    // Drops the findings of the runs on `line` whose text `repaired` holds.
    void settle(std::uint32_t line, std::string_view repaired, std::vector<Finding>& findings) {
      const auto found = lines_.find(line);
      if (found == lines_.end()) return;
      Line& l = found->second;
      auto drop = [&](auto it) {
        for (std::size_t f : it->second) findings[f].rule.clear();
        if (--l.lengths[it->first.size()] == 0) l.lengths.erase(it->first.size());
        return l.by_text.erase(it);  // settled once is settled: never looked at again
      };
      // The less work of two ways: each text left alone on the line looked for
      // in the repair, or each piece of the repair as long as one of them looked up.
      std::vector<std::size_t> lengths;
      std::size_t pieces = 0;
      for (const auto& [length, texts] : l.lengths) {
        if (length > repaired.size()) break;
        lengths.push_back(length);
        pieces += repaired.size() - length + 1;
      }
      if (l.by_text.size() <= pieces) {
        for (auto it = l.by_text.begin(); it != l.by_text.end();) {
          it = repaired.find(it->first) != std::string_view::npos ? drop(it) : std::next(it);
        }
        return;
      }
      for (std::size_t length : lengths) {
        for (std::size_t at = 0; at + length <= repaired.size(); ++at) {
          if (auto it = l.by_text.find(repaired.substr(at, length)); it != l.by_text.end()) drop(it);
        }
      }
    }

   private:
    struct TextHash {
      using is_transparent = void;
      std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    struct Line {
      std::unordered_map<std::string, std::vector<std::size_t>, TextHash, std::equal_to<>> by_text;  // → findings
      std::map<std::size_t, std::size_t> lengths;  // text length → how many texts of it
    };
    std::map<std::uint32_t, Line> lines_;
  };

  // Past kMaxLineFindings of a rule on a line (a line of a million mangled
  // quotes), the rest of the line's are counted in one finding at the first of
  // them, as the whitespace pass does for a file: a finding each would take more
  // memory than the line. Every changed line still has its repair findings.
  static constexpr std::size_t kMaxLineFindings = 1000;
  struct UntoldRule {
    std::size_t told = 0, count = 0;  // findings made, and those past kMaxLineFindings
    Finding first;                    // the first of those past it
  };
  // A line's, by rule and whether repaired.
  using Untold = std::map<std::pair<std::string, bool>, UntoldRule>;

  // Past kMaxFileFindings of a rule in a file (a page mangled from end to end),
  // the same: a finding each took 30 bytes of memory a byte of such a page.
  static constexpr std::size_t kMaxFileFindings = 10000;

  // `where`: "on this line" or "in this file".
  static void tell_untold(Untold& untold, std::vector<Finding>& findings, std::string_view where = "on this line") {
    for (auto& [rule, u] : untold) {
      if (u.count == 0) continue;
      u.first.message = fmt::format("{} more {} finding{} {} from here (not listed one by one)", u.count, rule.first,
                                    u.count == 1 ? "" : "s", where);
      findings.push_back(std::move(u.first));
    }
    untold.clear();
  }

  // A look's spans, a block at a time: fills the vector with the next block's
  // (offsets in the document's text) and says whether there was one.
  using SpanBlocks = std::function<bool(std::vector<MojibakeSpan>&)>;

  // Applies one look's spans to the document's text, adding their findings. The
  // spans come in blocks, and only a block's are held at once (with what they
  // write): a file may hold millions.
  static std::string take_look(const Document& doc, const SpanBlocks& next_block, unsigned look,
                               const std::function<LineIndex::Position(std::size_t)>& locate,
                               std::vector<Finding>& findings, LeftAlone& left_alone,
                               std::vector<ByteSpan>& changed, std::vector<std::vector<Edit>>& looks) {
    // Markdown code is verbatim: a run there is repaired only when the same
    // mangling (code-page chain) runs through the page's prose too. A page that
    // shows "â€”" in code on purpose keeps it.
    std::vector<std::pair<std::size_t, std::size_t>> code;
    std::vector<std::size_t> reach;
    // (Found when a span first asks: most pages have no span, and parsing the
    // Markdown of a large one is most of the pass's work on it.)
    bool code_found = false;
    auto find_code = [&] {
      code_found = true;
      if (doc.is_markdown_page()) {
        const FrontMatter fm = doc.front_matter();
        const std::size_t body = fm.present() ? fm.block.end : 0;
        for (auto [b, e] : markdown_code_regions(std::string_view(doc.text).substr(body))) {
          code.emplace_back(b + body, e + body);
        }
      }
      // By start, with the furthest end so far beside each: whether a span meets
      // any region is one search, however many code spans the page has.
      std::sort(code.begin(), code.end());
      reach.resize(code.size());
      for (std::size_t i = 0; i < code.size(); ++i) reach[i] = std::max(i > 0 ? reach[i - 1] : 0, code[i].second);
    };
    auto in_code = [&](const MojibakeSpan& s) {
      if (!code_found) find_code();
      const auto starts_before = std::partition_point(code.begin(), code.end(), [&](const auto& r) { return r.first < s.end; });
      return starts_before != code.begin() && reach[static_cast<std::size_t>(starts_before - code.begin()) - 1] > s.begin;
    };
    // A span in code is repaired when its chain runs through the prose anywhere
    // in the page: those wait until every block has been seen (they are rare).
    std::set<CodePageChain> prose_chains;
    std::vector<MojibakeSpan> in_code_spans;
    Replacements replacements;
    const std::string path = doc.display_path();
    Untold untold;  // (spans come in order: a line's are together)
    std::uint32_t untold_line = 0;
    Untold untold_in_file;
    // (`s.after` is moved into the replacement: a span is reported once.)
    auto report = [&](MojibakeSpan& s, bool take) {
      // Later looks report only what they repair: the rest was reported already.
      if (look > 1 && !take) return;
      auto replace = [&] {
        if (take) replacements.push_back({s.begin, s.end, std::move(s.after)});
      };
      const auto pos = locate(s.begin);
      std::string rule = !s.not_analysed && !take && !s.confident ? "mojibake/lost-bytes" : rule_for(s);
      if (pos.line != untold_line) tell_untold(untold, findings), untold_line = pos.line;
      // (Counted before a finding is made: a long line's, or a long page's, are mostly untold.)
      auto past_limit = [&](Untold& scope, std::size_t limit) {
        UntoldRule& u = scope[{rule, take}];
        if (u.told < limit) return ++u.told, false;
        if (u.count++ == 0) {
          u.first = Finding{path, pos.line, pos.column, rule, "", take, Severity::warning};
          if (!take && s.confident) u.first.severity = Severity::note;  // in code: see below
        }
        replace();
        return true;
      };
      if (past_limit(untold_in_file, kMaxFileFindings) || past_limit(untold, kMaxLineFindings)) return;
      Finding f{path, pos.line, pos.column, std::move(rule), "", false, Severity::warning};
      if (s.not_analysed) {
        f.rule = "mojibake/not-analysed";
        f.severity = Severity::note;
        f.message = fmt::format("{} bytes of this line hold too many lone lead bytes or lost-byte marks to judge "
                                "in bounded time; left as they are", s.end - s.begin);
      } else if (take) {
        // This repair settles what an earlier look left alone there.
        left_alone.settle(pos.line, s.before, findings);
        f.fixed = true;
        if (s.stray_bom) {
          f.message = "a byte order mark (U+FEFF) inside the text, where it is no text: removed";
        } else if (s.after.empty()) {  // only a byte order mark decodes to nothing
          f.message = fmt::format("\"{}\" is a byte order mark shown as text ({}): removed", s.before, s.explain_chain());
        } else {
          f.message = fmt::format("\"{}\" is \"{}\" ({})", s.before, s.after, s.explain_chain());
        }
      } else if (s.confident) {
        f.severity = Severity::note;
        f.message = fmt::format("\"{}\" in code looks like \"{}\" ({}); kept, as the prose has no such mangling",
                                s.before, s.after, s.explain_chain());
      } else {
        left_alone.add(pos.line, s.before, findings.size());
        f.message = fmt::format("\"{}\" lost a byte ({}); it may have been {}; left as it is", s.before,
                                s.explain_chain(), fmt::join(s.candidates.begin(),
                                                             s.candidates.begin() + std::min<std::size_t>(6, s.candidates.size()),
                                                             " "));
      }
      findings.push_back(std::move(f));
      replace();
    };
    for (std::vector<MojibakeSpan> spans; next_block(spans);) {
      for (MojibakeSpan& s : spans) {
        if (s.confident && in_code(s)) {
          in_code_spans.push_back(std::move(s));
        } else {
          if (s.confident) prose_chains.insert(s.chain);
          report(s, s.confident);
        }
      }
    }
    tell_untold(untold, findings);
    if (!in_code_spans.empty()) {
      const std::size_t in_prose = replacements.size();
      for (MojibakeSpan& s : in_code_spans) report(s, prose_chains.count(s.chain) > 0);
      tell_untold(untold, findings);
      std::inplace_merge(replacements.begin(), replacements.begin() + static_cast<std::ptrdiff_t>(in_prose),
                         replacements.end(), [](const Replacement& x, const Replacement& y) { return x.begin < y.begin; });
    }
    tell_untold(untold_in_file, findings, "in this file");
    looks.push_back(edits_of(replacements));
    return apply_replacements(doc.text, replacements, &changed);
  }
};

}  // namespace

std::unique_ptr<Pass> make_mojibake_pass() { return std::make_unique<MojibakePass>(); }

}  // namespace kempt
