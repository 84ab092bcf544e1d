// HTML pages for the placeholders pass: an `.html`/`.htm` page (a Jekyll page with
// front matter, or an old hand-written homepage) is read by gumbo, a full HTML5
// parser, which says where each element's start and end tags are in the source.
//
//   <ul>
//     <li>Talk at MIT, 2019</li>
//     <li><a href="https://github.com/">GitHub</a></li>   (removed: wholly placeholder)
//   </ul>
//   <p>I study widgets. Lorem ipsum dolor sit amet, ...</p> (reported: real text beside it)
//
// The catalogue's fingerprints are matched on the page's bytes as on a Markdown
// page (text, Lorem ipsum, links and images by href/src); the units are block
// elements whose start and end tags are both in the source. A unit goes whole
// when it holds a match and nothing real beside it, and never when it holds
// Liquid; what gumbo inferred (an implied </li>, a moved element) is never cut.
#include <gumbo.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <optional>
#include <set>
#include <vector>

#include "placeholders_internal.hpp"
#include "ascii.hpp"

namespace kempt::placeholders {
namespace {

// Pages larger than this (no site has one) are left as they are, as large
// Markdown bodies are: gumbo's tree takes several times the page in memory.
constexpr std::size_t kMaxParsedHtml = std::size_t{2} << 20;

constexpr bool ascii_alnum(char c) { return ascii_letter(c) || (c >= '0' && c <= '9'); }

// gumbo's work grows with the square of how deep elements nest (each start tag
// looks through the open elements): 20,000 nested <div> take it half a second,
// 200,000 more than a minute. No page nests a tenth as deep as this.
constexpr int kMaxHtmlDepth = 128;

// A tag name of up to eight letters and digits as one number, its bytes lowered
// and in order from the lowest: names of nine or more are none of those tag_depth
// passes over.
constexpr uint64_t packed_name(std::string_view name) {
  uint64_t packed = 0;
  for (std::size_t k = 0; k < name.size() && k < 8; ++k) packed |= uint64_t{static_cast<unsigned char>(ascii_lower(name[k]))} << (8 * k);
  return packed;
}

// How deep the tags of `text` nest, as a parser keeps them open: void elements
// and those the next sibling closes (<p>, <li>, <td>, ...) are not counted, so
// an old page's unclosed <p> and <li> do not look deep. Linear: the next '>' is
// looked for once per position.
int tag_depth(std::string_view text) {
  static constexpr std::string_view kNames[] = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
      "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody", "thead", "tfoot", "colgroup",
      "html", "head", "body", "rb", "rt", "rp", "basefont", "frame", "keygen", "isindex"};
  static constexpr auto kNotNesting = [] {
    std::array<uint64_t, std::size(kNames)> packed{};
    for (std::size_t k = 0; k < packed.size(); ++k) packed[k] = packed_name(kNames[k]);
    return packed;
  }();
  int depth = 0, deepest = 0;
  std::size_t next_gt = 0;
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    if (opens_comment(text, at)) {
      const std::size_t close = text.find("-->", at + 4);
      if (close == std::string_view::npos) break;
      at = close;
      continue;
    }
    const bool closing = at + 1 < text.size() && text[at + 1] == '/';
    const std::size_t start = at + (closing ? 2 : 1);
    std::size_t i = start;
    while (i < text.size() && i - start < 16 && ascii_alnum(text[i])) ++i;  // (up to 16 are read)
    if (i == start || !ascii_letter(text[start])) continue;
    if (next_gt != std::string_view::npos && next_gt < i) next_gt = text.find('>', i);
    if (next_gt == std::string_view::npos) break;
    if (i - start <= 8 && std::find(kNotNesting.begin(), kNotNesting.end(), packed_name(text.substr(start, i - start))) !=
                              kNotNesting.end()) {
      continue;
    }
    if (closing) depth = std::max(0, depth - 1);
    else if (text[next_gt - 1] != '/') deepest = std::max(deepest, ++depth);
  }
  return deepest;
}

// What squeeze_text makes of a byte. A word byte is one no state of HTML's
// tokenizer treats apart from a letter, but for quotes, '=' and '#' (which do not
// end a tag either, but are left for clarity), and '-' (which ends a script's
// escaped text as "-->"); bytes beyond ASCII are letters' in a page that is UTF-8.
// Space is HTML's white space.
enum class ByteKind : unsigned char { other, word, space, markup };
constexpr std::array<ByteKind, 256> kByteKinds = [] {
  std::array<ByteKind, 256> kind{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80) {
      kind[static_cast<std::size_t>(c)] = ByteKind::word;
    }
  }
  for (unsigned char c : std::string_view(".,;:()*_+%$@^~|{}\\")) kind[c] = ByteKind::word;
  for (unsigned char c : std::string_view(" \t\n\r\f")) kind[c] = ByteKind::space;
  kind['<'] = ByteKind::markup;
  return kind;
}();

// The end of the markup that starts with the '<' at `at`: a comment's "-->" (past
// "<!--" and "<!--->", which end there too); a tag's first '>' outside a quoted
// value, opened as HTML's tokenizer opens one, by a quote after '=' and white
// space (`alt="a > b"`, and an unclosed `href="x>` runs on to the next quote);
// anything else's next '>'. (Ending later than the parser only squeezes less.)
std::size_t markup_end(std::string_view page, std::size_t at) {
  auto past = [&](std::size_t end, std::size_t length) { return end == std::string_view::npos ? page.size() : end + length; };
  if (opens_comment(page, at)) return past(page.find("-->", at + 2), 3);
  auto letter = [&](std::size_t i) { return i < page.size() && ascii_letter(page[i]); };
  if (!letter(at + 1) && !(at + 1 < page.size() && page[at + 1] == '/' && letter(at + 2))) return past(page.find('>', at + 1), 1);
  for (std::size_t i = at + 1; i < page.size(); ++i) {
    if (page[i] == '>') return i + 1;
    if (page[i] != '=') continue;
    std::size_t value = i + 1;
    while (value < page.size() && kByteKinds[static_cast<unsigned char>(page[value])] == ByteKind::space) ++value;
    if (value < page.size() && (page[value] == '"' || page[value] == '\'')) {
      const std::size_t close = page.find(page[value], value + 1);
      if (close == std::string_view::npos) return page.size();
      i = close;
    }
  }
  return page.size();
}

bool overlaps(ByteSpan a, ByteSpan b) { return a.begin < b.end && b.begin < a.end; }
bool within(ByteSpan inner, ByteSpan outer) { return outer.begin <= inner.begin && inner.end <= outer.end; }
bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// Blocks a reader sees as one piece of a page: what may go whole.
bool block_unit(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_LI: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_DETAILS: case GUMBO_TAG_CENTER:
      return true;
    default: return false;
  }
}

// A heading is a unit (a placeholder in it is reported as in it), but, as in
// Markdown, it does not go alone: its section's text is the user's to judge.
bool heading(GumboTag t) { return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6; }

// Elements whose content is code or not shown as text: placeholders there are
// examples, not leftovers (as Markdown code is).
bool code_like(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_PRE: case GUMBO_TAG_CODE: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_XMP: case GUMBO_TAG_KBD: case GUMBO_TAG_SAMP: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
      return true;
    default: return false;
  }
}

// Tags inside a sentence: a Lorem ipsum run goes on across them.
bool inline_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_A: case GUMBO_TAG_EM: case GUMBO_TAG_STRONG: case GUMBO_TAG_B: case GUMBO_TAG_I: case GUMBO_TAG_U:
    case GUMBO_TAG_SPAN: case GUMBO_TAG_SMALL: case GUMBO_TAG_SUP: case GUMBO_TAG_SUB: case GUMBO_TAG_ABBR:
    case GUMBO_TAG_CITE: case GUMBO_TAG_Q: case GUMBO_TAG_MARK: case GUMBO_TAG_FONT: case GUMBO_TAG_S:
    case GUMBO_TAG_STRIKE: case GUMBO_TAG_DEL: case GUMBO_TAG_INS: case GUMBO_TAG_BIG: case GUMBO_TAG_TT:
      return true;
    default: return false;
  }
}

// What gumbo made up or moved: such an element's tree is not its bytes.
constexpr unsigned kNotAsWritten =
    GUMBO_INSERTION_BY_PARSER | GUMBO_INSERTION_IMPLICIT_END_TAG | GUMBO_INSERTION_IMPLIED |
    GUMBO_INSERTION_CONVERTED_FROM_END_TAG | GUMBO_INSERTION_FROM_ISINDEX | GUMBO_INSERTION_FROM_IMAGE |
    GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT | GUMBO_INSERTION_ADOPTION_AGENCY_CLONED |
    GUMBO_INSERTION_ADOPTION_AGENCY_MOVED | GUMBO_INSERTION_FOSTER_PARENTED;

/// A placeholder found in the page: the bytes it covers and what it is.
struct Evidence {
  std::vector<ByteSpan> parts;
  const Fingerprint* fingerprint = nullptr;
  bool strong = true;
  bool reportable = true;
  bool generic_lorem = false;
  std::size_t lorem_words = 0;

  std::size_t begin() const { return parts.front().begin; }
  std::size_t end() const { return parts.back().end; }
};

// The memory of one gumbo parse. gumbo allocates each node, string and vector of a
// tree alone, and frees them one by one in a walk of the tree after: a fifth of
// an HTML page's parse time on the bench sites. It frees almost nothing while it
// parses (what it allocates is what the tree holds at the end), so an arena that
// hands out its chunks in order, frees nothing and drops them all with the tree
// holds about what malloc held.
class GumboArena {
 public:
  GumboArena() = default;
  GumboArena(const GumboArena&) = delete;
  GumboArena& operator=(const GumboArena&) = delete;
  ~GumboArena() { release(); }

  void use_in(GumboOptions& options) {
    options.allocator = [](void* self, std::size_t size) { return static_cast<GumboArena*>(self)->take(size); };
    options.deallocator = [](void*, void*) {};
    options.userdata = this;
  }
  void release() {
    for (void* chunk : chunks_) std::free(chunk);
    chunks_.clear();
    next_ = nullptr;
    left_ = 0;
    chunk_size_ = kFirstChunk;
  }

 private:
  static constexpr std::size_t kFirstChunk = 16 << 10, kLargestChunk = 256 << 10;
  void* take(std::size_t size) {
    // (Each allocation its own address, as malloc gives even for 0 bytes.)
    size = (std::max<std::size_t>(size, 1) + alignof(std::max_align_t) - 1) & ~(alignof(std::max_align_t) - 1);
    if (size > left_) {
      // (Chunks double up to 256 KiB: a page's tree is some 5 to 20 times the page.)
      const std::size_t chunk = std::max(size, chunk_size_);
      chunk_size_ = std::min(chunk_size_ * 2, kLargestChunk);
      next_ = static_cast<char*>(std::malloc(chunk));
      if (!next_) throw std::bad_alloc();
      chunks_.push_back(next_);
      left_ = chunk;
    }
    void* p = next_;
    next_ += size;
    left_ -= size;
    return p;
  }
  std::vector<void*> chunks_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
  std::size_t chunk_size_ = kFirstChunk;
};

// A page as gumbo parsed it, and the page's offsets of what it points at.
//
// gumbo spends most of a page's time on its text, a character at a time, though
// only elements and comments are read from its tree: the page is parsed with its
// words and white space squeezed (SqueezedText), which builds the same elements
// from fewer bytes, and as it is only when a squeezed run turns out to be in a tag
// or a comment of the tree.
class ParsedHtml {
 public:
  ParsedHtml(std::string_view page, HtmlParse how) : page_(page) {
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // (its error list is not read; each error copies the open elements)
    arena_.use_in(options);  // (the tree goes with the arena: no gumbo_destroy_output)
    if (how == HtmlParse::squeezed) squeezed_ = squeeze_text(page_);
    if (!squeezed_.runs.empty()) {
      output_ = gumbo_parse_with_options(&options, squeezed_.text.data(), squeezed_.text.size());
      if (intact(output_->document)) return;
      arena_.release();
      squeezed_ = {};
    }
    output_ = gumbo_parse_with_options(&options, page_.data(), page_.size());
  }
  ParsedHtml(const ParsedHtml&) = delete;
  ParsedHtml& operator=(const ParsedHtml&) = delete;

  const GumboNode* document() const { return output_->document; }
  /// The page's offset of a byte of a tag or a comment (which hold no squeezed run).
  std::size_t offset_of(const char* p) const { return squeezed_.source_offset(offset_in_parsed(p)); }
  /// Whether `s` is bytes gumbo read (not ones it made up: an implied tag has none).
  bool holds(const GumboStringPiece& s) const {
    return s.data && s.length > 0 && s.data >= parsed().data() && offset_in_parsed(s.data) + s.length <= parsed().size();
  }

 private:
  std::string_view parsed() const { return squeezed_.runs.empty() ? page_ : std::string_view(squeezed_.text); }
  std::size_t offset_in_parsed(const char* p) const { return static_cast<std::size_t>(p - parsed().data()); }

  // Whether no squeezed run is in a tag or a comment under `n`.
  bool intact(const GumboNode* n) const {
    auto clear = [&](const GumboStringPiece& s) { return !holds(s) || !squeezed_.cuts(offset_in_parsed(s.data), s.length); };
    if (n->type == GUMBO_NODE_COMMENT) return clear(n->v.text.original_text);
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE && n->type != GUMBO_NODE_DOCUMENT) return true;
    if (n->type != GUMBO_NODE_DOCUMENT && (!clear(n->v.element.original_tag) || !clear(n->v.element.original_end_tag))) return false;
    const GumboVector& children = n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      if (!intact(static_cast<const GumboNode*>(children.data[i]))) return false;
    }
    return true;
  }

  std::string_view page_;
  SqueezedText squeezed_;  // what gumbo parsed, when not the page itself
  GumboArena arena_;
  GumboOutput* output_ = nullptr;  // (in arena_)
};

struct Removal {
  ByteSpan span;
  GumboTag tag;
};

class HtmlAnalysis {
 public:
  HtmlAnalysis(std::string_view body, const PlaceholderCatalogue& catalogue, HtmlParse how = HtmlParse::squeezed)
      : body_(body), catalogue_(catalogue) {
    if (!worth_parsing()) return;
    if (body_.size() > kMaxParsedHtml) {
      unparsed_ = fmt::format("an HTML page of {} MiB is more than the {} MiB kempt parses", body_.size() >> 20,
                              kMaxParsedHtml >> 20);
      return;
    }
    if (const int depth = tag_depth(body_); depth > kMaxHtmlDepth) {
      unparsed_ = fmt::format("HTML nested deeper than {} levels is not parsed", kMaxHtmlDepth);
      return;
    }
    // Most pages hold nothing the catalogue knows: proven without the parser, they
    // are left as they are without paying for it (the parse is most of this pass's
    // time on an HTML site). Each test is the parsed page's evidence's necessary
    // condition: text matches are found in the bytes as they are, Lorem ipsum in the
    // bytes with tags blanked (from '<' to '>'), links and images in values that
    // are the bytes but for character references.
    // (The text matches found here are the evidence's, should the page be parsed.)
    std::optional<std::vector<TextMatch>> text_matches;
    if (catalogue_.screens()) {
      text_matches = catalogue_.find_in_text(body_);
      if (text_matches->empty() && !may_hold_lorem(body_, catalogue_) && !catalogue_.may_link_placeholders(body_)) return;
    }
    parsed_.emplace(body_, how);
    read_tree(parsed_->document());
    std::sort(units_.begin(), units_.end(), [](const UnitSpan& a, const UnitSpan& b) { return a.span.begin < b.span.begin; });
    link_units();
    hidden_ = merged(std::move(hidden_));
    collect_evidence(std::move(text_matches));
  }

  /// Decides what goes; returns the new body (the same text when nothing goes).
  std::string run(std::vector<PendingFinding>& findings) {
    if (!unparsed_.empty()) {
      findings.push_back({0, "placeholders/not-parsed", unparsed_ + ": its placeholders are left as they are", false});
    }
    if (evidence_.empty()) return std::string(body_);
    if (discusses_lorem()) {
      std::erase_if(evidence_, [](const Evidence& e) { return e.generic_lorem; });
      if (evidence_.empty()) return std::string(body_);
    }
    decide(parsed_->document(), {0, body_.size()}, findings);
    std::sort(removed_.begin(), removed_.end(), [](const Removal& a, const Removal& b) { return a.span.begin < b.span.begin; });
    report_kept(findings);
    return splice();
  }

  /// The whole body is sample content of `template_id` (for sample files).
  bool wholly_template(const std::string& template_id) const {
    if (is_blank(body_)) return true;
    if (evidence_.empty()) return false;
    std::set<std::string> strong;
    if (has_liquid({0, body_.size()}) || !wholly_placeholder({0, body_.size()}, &strong)) return false;
    return strong.count(template_id) > 0;
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  struct UnitSpan {
    ByteSpan span;
    GumboTag tag;
    std::size_t parent = kNone;  ///< the unit it is in (index in units_)
  };

  // Links and images are read from the tree only (`HREF=` and unquoted values
  // are the parser's to read, not a scan's), and text with no tag at all is a
  // page too (academicpages' portfolio-2.html): every page that has a body is parsed.
  bool worth_parsing() const { return !is_blank(body_); }

  // --- the tree ----------------------------------------------------------------
  std::size_t offset_of(const char* p) const { return parsed_->offset_of(p); }
  bool in_body(const GumboStringPiece& s) const { return parsed_->holds(s); }

  // The element's bytes from its start tag to its end tag, when both are the
  // source's own and say what gumbo says (an end tag of the same name after the start).
  bool source_span(const GumboNode* n, ByteSpan* out) const {
    const GumboElement& e = n->v.element;
    if ((n->parse_flags & kNotAsWritten) || !in_body(e.original_tag) || !in_body(e.original_end_tag)) return false;
    const std::size_t begin = offset_of(e.original_tag.data);
    const std::size_t end_tag = offset_of(e.original_end_tag.data);
    const std::size_t end = end_tag + e.original_end_tag.length;
    if (end_tag < begin + e.original_tag.length || e.tag == GUMBO_TAG_UNKNOWN) return false;
    const std::string_view name = gumbo_normalized_tagname(e.tag);
    const std::string_view written = body_.substr(end_tag, end - end_tag);
    if (written.size() < name.size() + 3 || written[0] != '<' || written[1] != '/') return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (ascii_lower(written[2 + i]) != name[i]) return false;
    }
    const char after = written[2 + name.size()];
    if (!(after == '>' || after == ' ' || after == '\t' || after == '\n' || after == '\r')) return false;
    *out = {begin, end};
    return true;
  }

  void read_tree(const GumboNode* n) {
    if (n->type == GUMBO_NODE_COMMENT) {
      if (in_body(n->v.text.original_text)) {
        const std::size_t at = offset_of(n->v.text.original_text.data);
        hidden_.push_back({at, at + n->v.text.original_text.length});
      }
      return;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) return;
    const GumboVector& children = n->type == GUMBO_NODE_ELEMENT ? n->v.element.children : n->v.document.children;
    if (n->type == GUMBO_NODE_ELEMENT) read_element(n);
    // (recursion: tag_depth() bounds how deep the tree is)
    for (unsigned i = 0; i < children.length; ++i) read_tree(static_cast<const GumboNode*>(children.data[i]));
  }

  void read_element(const GumboNode* n) {
    const GumboElement& e = n->v.element;
    // (a void element such as <img> has its end "implied": its start tag is still the source's)
    const bool start_written = !(n->parse_flags & kNotAsWritten & ~GUMBO_INSERTION_IMPLICIT_END_TAG) && in_body(e.original_tag);
    if (in_body(e.original_tag)) add_tag(offset_of(e.original_tag.data), e.original_tag.length, e.tag);
    if (in_body(e.original_end_tag)) add_tag(offset_of(e.original_end_tag.data), e.original_end_tag.length, e.tag);
    ByteSpan span;
    const bool whole = source_span(n, &span);
    if (code_like(e.tag) && start_written) {
      hidden_.push_back({offset_of(e.original_tag.data), whole ? span.end : body_.size()});
    }
    if (whole && (block_unit(e.tag) || heading(e.tag))) units_.push_back({span, e.tag});
    if (e.tag == GUMBO_TAG_IMG && start_written) {
      const GumboAttribute* src = gumbo_get_attribute(&e.attributes, "src");
      const std::size_t at = offset_of(e.original_tag.data);
      if (src) elements_.push_back({Element::Kind::image, {at, at + e.original_tag.length}, {at, at}, src->value});
    } else if (e.tag == GUMBO_TAG_A && whole) {
      const GumboAttribute* href = gumbo_get_attribute(&e.attributes, "href");
      const ByteSpan label{offset_of(e.original_tag.data) + e.original_tag.length, offset_of(e.original_end_tag.data)};
      if (href) elements_.push_back({Element::Kind::link, span, label, href->value});
    }
  }

  void add_tag(std::size_t at, std::size_t length, GumboTag tag) {
    tags_.push_back({at, at + length});
    tag_breaks_.push_back(!inline_tag(tag));
  }

  // The page with its tags blanked out, offsets kept: a block tag ends a run of
  // words as a blank line does, an inline one is a space.
  std::string masked() const {
    std::string text(body_);
    for (std::size_t i = 0; i < unsorted_tags_.size(); ++i) {
      const ByteSpan t = unsorted_tags_[i];
      std::fill(text.begin() + static_cast<std::ptrdiff_t>(t.begin), text.begin() + static_cast<std::ptrdiff_t>(t.end), ' ');
      if (tag_breaks_[i] && t.size() >= 2) text[t.begin] = text[t.begin + 1] = '\n';
    }
    for (ByteSpan h : hidden_) {
      for (std::size_t k = h.begin; k < h.end; ++k) text[k] = text[k] == '\n' ? '\n' : ' ';
    }
    return text;
  }

  // Each unit's enclosing unit (units nest: each is an element as written), so
  // that the unit around a match is found by walking out, not by scanning back.
  void link_units() {
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < units_.size(); ++i) {
      while (!open.empty() && !within(units_[i].span, units_[open.back()].span)) open.pop_back();
      units_[i].parent = open.empty() ? kNone : open.back();
      open.push_back(i);
    }
  }

  static std::vector<ByteSpan> merged(std::vector<ByteSpan> spans) {
    std::sort(spans.begin(), spans.end(), [](ByteSpan a, ByteSpan b) { return a.begin < b.begin; });
    std::vector<ByteSpan> out;
    for (ByteSpan s : spans) {
      if (!out.empty() && s.begin <= out.back().end) out.back().end = std::max(out.back().end, s.end);
      else out.push_back(s);
    }
    return out;
  }

  // The first of the sorted, disjoint `spans` that may overlap `s`.
  static std::vector<ByteSpan>::const_iterator first_reaching(const std::vector<ByteSpan>& spans, ByteSpan s) {
    auto it = std::upper_bound(spans.begin(), spans.end(), s.begin, [](std::size_t at, ByteSpan x) { return at < x.begin; });
    return it == spans.begin() ? it : std::prev(it);
  }

  bool hides(ByteSpan s, bool around_counts) const {
    for (auto it = first_reaching(hidden_, s); it != hidden_.end() && it->begin < s.end; ++it) {
      if (overlaps(*it, s) && !(around_counts && it->begin > s.begin && it->end < s.end)) return true;
    }
    return false;
  }

  // --- evidence ------------------------------------------------------------------
  // `text_matches`: the catalogue's text matches in the body, when already found.
  void collect_evidence(std::optional<std::vector<TextMatch>> text_matches) {
    unsorted_tags_ = tags_;  // (read_tree's order, matching tag_breaks_)
    std::sort(tags_.begin(), tags_.end(), [](ByteSpan a, ByteSpan b) { return a.begin < b.begin; });
    masked_ = masked();
    add_catalogue_evidence(catalogue_, body_, masked_, evidence_, std::move(text_matches));
    // Text found in markup (an attribute, a comment) or in code is no leftover;
    // a match around a tag or a code span is (`Lorem <em>ipsum</em> dolor`).
    std::erase_if(evidence_, [&](const Evidence& e) { return hidden_or_in_tag({e.begin(), e.end()}); });
    add_element_evidence();
    std::sort(evidence_.begin(), evidence_.end(), [](const Evidence& a, const Evidence& b) { return a.begin() < b.begin(); });
  }

  bool hidden_or_in_tag(ByteSpan s) const {
    if (hides(s, true)) return true;
    // Tags do not overlap each other: the one before `s` and those inside it are all that can cut it.
    for (auto it = first_reaching(tags_, s); it != tags_.end() && it->begin < s.end; ++it) {
      if (overlaps(*it, s) && !(it->begin > s.begin && it->end < s.end)) return true;
    }
    return false;
  }

  void add_element_evidence() {
    std::vector<bool> covered(body_.size() + 1, false);
    for (const Evidence& e : evidence_) {
      for (ByteSpan p : e.parts) std::fill(covered.begin() + static_cast<std::ptrdiff_t>(p.begin), covered.begin() + static_cast<std::ptrdiff_t>(p.end), true);
    }
    for (const Element& el : elements_) {
      if (el.target.empty() || hides(el.whole, false)) continue;
      const Fingerprint* fp = el.kind == Element::Kind::image ? catalogue_.match_image(el.target) : catalogue_.match_link(el.target);
      if (!fp) continue;
      // (the label read without its tags: `<i class="fa fa-github"></i> GitHub`)
      if (fp->generic_label && shows_own_target(masked_, el)) continue;
      const bool generic = el.kind == Element::Kind::image || generic_label(masked_, el.label, covered, 0, catalogue_);
      Evidence e;
      e.fingerprint = fp;
      e.strong = !fp->weak && (!fp->generic_label || generic);
      e.reportable = e.strong;
      if (generic || el.label.empty()) e.parts = {el.whole};
      else e.parts = {{el.whole.begin, el.label.begin}, {el.label.end, el.whole.end}};
      evidence_.push_back(std::move(e));
    }
  }

  // --- decisions ----------------------------------------------------------------
  std::vector<const Evidence*> evidence_in(ByteSpan span) const { return placeholders::evidence_in(evidence_, span); }

  bool has_liquid(ByteSpan span) const {
    const std::string_view s = body_.substr(span.begin, span.size());
    return s.find("{{") != std::string_view::npos || s.find("{%") != std::string_view::npos;
  }

  // True when `span` holds a strong match and nothing real beside its matches;
  // weak matches count only beside a strong one of their template.
  bool wholly_placeholder(ByteSpan span, std::set<std::string>* strong_templates = nullptr) const {
    return placeholders::wholly_placeholder(body_, span, evidence_in(span), strong_templates);
  }

  // The innermost unit around `s`, or the whole page.
  UnitSpan innermost(ByteSpan s) const {
    auto it = std::upper_bound(units_.begin(), units_.end(), s.begin, [](std::size_t at, const UnitSpan& u) { return at < u.span.begin; });
    if (it != units_.begin()) {
      // The last unit to start before `s`, or one of the units it is in, holds `s` if any does.
      for (std::size_t i = static_cast<std::size_t>(it - units_.begin()) - 1; i != kNone; i = units_[i].parent) {
        if (within(s, units_[i].span)) return units_[i];
      }
    }
    return {{0, body_.size()}, GUMBO_TAG_BODY};
  }

  // A page that mentions Lorem ipsum in its own prose (a short run beside real
  // text) is about it: its quotations of the filler are not leftovers.
  bool discusses_lorem() const {
    for (const Evidence& e : evidence_) {
      if (!e.generic_lorem || e.lorem_words >= 8) continue;
      const ByteSpan span = innermost({e.begin(), e.end()}).span;
      std::vector<bool> covered(span.size(), false);
      for (std::size_t k = e.begin(); k < e.end(); ++k) covered[k - span.begin] = true;
      if (has_real_content(body_, span, covered)) return true;
    }
    return false;
  }

  // From the outside in, as Markdown's units: the largest element that is wholly
  // placeholder goes, inside the smallest that holds anything else.
  void decide(const GumboNode* n, ByteSpan parent, std::vector<PendingFinding>& findings) {
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) return;
    ByteSpan span;
    if (n->type == GUMBO_NODE_ELEMENT && source_span(n, &span) && within(span, parent)) {
      const std::vector<const Evidence*> found = evidence_in(span);
      if (found.empty()) return;
      const GumboTag tag = n->v.element.tag;
      if (block_unit(tag) && !has_liquid(span) && wholly_placeholder(span)) {
        removed_.push_back({span, tag});
        const Evidence* e = primary(found);
        const std::size_t others = found.size() - 1;
        findings.push_back({span.begin, rule_for(*e->fingerprint),
                            fmt::format("removed <{}> element: {}{}", gumbo_normalized_tagname(tag), describe(*e->fingerprint),
                                        others ? fmt::format(" and {} more match{}", others, others == 1 ? "" : "es") : ""),
                            true});
        return;
      }
      parent = span;
    }
    const GumboVector& children = n->type == GUMBO_NODE_ELEMENT ? n->v.element.children : n->v.document.children;
    for (unsigned i = 0; i < children.length; ++i) decide(static_cast<const GumboNode*>(children.data[i]), parent, findings);
  }

  // The match a finding names: a template's own string before a generic one.
  static const Evidence* primary(const std::vector<const Evidence*>& found) {
    auto rank = [](const Evidence* e) { return e->generic_lorem ? 2 : e->fingerprint->template_id == "generic" ? 1 : 0; };
    const Evidence* best = nullptr;
    for (const Evidence* e : found) {
      if (e->strong && (!best || rank(e) < rank(best))) best = e;
    }
    return best;
  }

  // (removed elements do not overlap; run() sorts them)
  bool removed_within(ByteSpan s) const {
    auto it = std::upper_bound(removed_.begin(), removed_.end(), s.begin, [](std::size_t at, const Removal& r) { return at < r.span.begin; });
    return it != removed_.begin() && within(s, std::prev(it)->span);
  }

  // What stays: one finding per fingerprint in each innermost unit, saying why
  // it stays.
  void report_kept(std::vector<PendingFinding>& findings) const {
    std::set<std::pair<std::size_t, const Fingerprint*>> seen;
    for (const Evidence& e : evidence_) {
      if (!e.strong || !e.reportable) continue;
      const ByteSpan s{e.begin(), e.end()};
      if (removed_within(s)) continue;
      const UnitSpan unit = innermost(s);
      if (!seen.insert({unit.span.begin, e.fingerprint}).second) continue;
      std::string why;
      if (has_liquid(unit.span)) why = "beside Liquid, not removed";
      else if (!wholly_placeholder(unit.span)) why = "beside real text, not removed";
      else if (heading(unit.tag)) why = "in a heading, not removed";
      else why = "not removed: no element around it has both its tags in the page";
      findings.push_back({e.begin(), rule_for(*e.fingerprint), fmt::format("{} {}", describe(*e.fingerprint), why), false});
    }
  }

  // --- splicing -----------------------------------------------------------------
  static bool line_break(char c) { return c == '\n' || c == '\r'; }
  std::size_t after_line_end(std::size_t at) const {
    if (at < body_.size() && body_[at] == '\r') ++at;
    if (at < body_.size() && body_[at] == '\n') ++at;
    return at;
  }

  // An element alone on its lines takes the lines (and a blank line after it
  // when one is before it too); else its bytes only.
  ByteSpan cut_of(ByteSpan span) const {
    std::size_t begin = span.begin, end = span.end;
    while (begin > 0 && (body_[begin - 1] == ' ' || body_[begin - 1] == '\t')) --begin;
    while (end < body_.size() && (body_[end] == ' ' || body_[end] == '\t')) ++end;
    const bool own_lines = (begin == 0 || line_break(body_[begin - 1])) && (end == body_.size() || line_break(body_[end]));
    if (!own_lines) return span;
    end = after_line_end(end);
    const bool blank_before = begin == 0 || is_blank(body_.substr(line_start(begin - 1), begin - line_start(begin - 1)));
    std::size_t next = end;
    while (next < body_.size() && (body_[next] == ' ' || body_[next] == '\t')) ++next;
    if (blank_before && next < body_.size() && line_break(body_[next])) end = after_line_end(next);
    return {begin, end};
  }

  // Where the line holding the line break at `at` (or text just before it) starts.
  std::size_t line_start(std::size_t at) const {
    std::size_t k = at;
    if (k > 0 && body_[k] == '\n' && body_[k - 1] == '\r') --k;
    while (k > 0 && !line_break(body_[k - 1])) --k;
    return k;
  }

  std::string splice() const {
    std::vector<ByteSpan> cuts;
    for (const Removal& r : removed_) cuts.push_back(cut_of(r.span));
    std::sort(cuts.begin(), cuts.end(), [](ByteSpan a, ByteSpan b) { return a.begin < b.begin; });
    std::string out;
    out.reserve(body_.size());
    std::size_t at = 0;
    for (ByteSpan c : cuts) {
      if (c.begin < at) c.begin = at;  // (two cuts that share a blank line)
      if (c.end <= c.begin) continue;
      out.append(body_.substr(at, c.begin - at));
      at = c.end;
    }
    out.append(body_.substr(at));
    return out;
  }

  std::string_view body_;
  const PlaceholderCatalogue& catalogue_;
  std::optional<ParsedHtml> parsed_;
  std::vector<ByteSpan> tags_, unsorted_tags_;
  std::vector<bool> tag_breaks_;
  std::vector<ByteSpan> hidden_;  ///< comments and code-like elements
  std::vector<UnitSpan> units_;
  std::vector<Element> elements_;
  std::string masked_;
  std::vector<Evidence> evidence_;
  std::vector<Removal> removed_;
  std::string unparsed_;
};

}  // namespace

namespace {

// Whether `page` holds a '<' and `name` (lowercase) in any case: a start tag of it, or
// text that only looks like one.
bool holds_tag(std::string_view page, std::string_view name) {
  for (std::size_t at = page.find('<'); at != std::string_view::npos; at = page.find('<', at + 1)) {
    if (page.size() - at - 1 < name.size()) return false;
    std::size_t k = 0;
    while (k < name.size() && ascii_lower(page[at + 1 + k]) == name[k]) ++k;
    if (k == name.size()) return true;
  }
  return false;
}

}  // namespace

SqueezedText squeeze_text(std::string_view page) {
  SqueezedText out;
  if (!is_valid_utf8(page)) return out;  // (a decoder's resynchronising is not a word's business)
  // Where the tree builder ignores words but keeps the white space between them (a
  // frameset; a template's column group), words are squeezed one by one.
  const bool join_words = !holds_tag(page, "frameset") && !holds_tag(page, "template");
  std::size_t copied = 0, removed = 0;
  // Keeps `kept` bytes of the run [from, end): `letter` for all of them, or its first bytes.
  auto squeeze = [&](std::size_t from, std::size_t end, std::size_t kept, char letter) {
    if (out.text.empty()) out.text.reserve(page.size() / 2);
    out.text.append(page.substr(copied, from - copied));
    if (letter) out.text.push_back(letter);
    else out.text.append(page.substr(from, kept));
    removed += end - from - kept;
    out.runs.push_back({out.text.size(), removed});
    copied = end;
  };
  for (std::size_t i = 0; i < page.size();) {
    const auto c = static_cast<unsigned char>(page[i]);
    const ByteKind kind = kByteKinds[c];
    if (kind == ByteKind::markup) {
      i = markup_end(page, i);
      continue;
    }
    std::size_t end = i + 1;
    if (kind != ByteKind::other) {
      while (end < page.size() && kByteKinds[static_cast<unsigned char>(page[end])] == kind) ++end;
    }
    if (kind == ByteKind::word) {
      const char before = i > 0 ? page[i - 1] : ' ';
      if (before != '&' && before != '#' && before != '/' && before != '!' && before != '?') {
        // The words after it that only white space parts from it go with it.
        for (std::size_t next = end; join_words;) {
          while (next < page.size() && kByteKinds[static_cast<unsigned char>(page[next])] == ByteKind::space) ++next;
          if (next == end || next == page.size() || kByteKinds[static_cast<unsigned char>(page[next])] != ByteKind::word) break;
          while (next < page.size() && kByteKinds[static_cast<unsigned char>(page[next])] == ByteKind::word) ++next;
          end = next;
        }
        if (end - i >= 2) squeeze(i, end, 1, 'x');
      }
    } else if (kind == ByteKind::space) {
      // (Two characters, CR LF being one: a LF right after <pre> is dropped, and the
      // next one then counts.)
      const std::size_t kept = page.compare(i, 2, "\r\n") == 0 ? 3 : 2;
      if (end - i > kept) squeeze(i, end, kept, 0);
    }
    i = end;
  }
  if (!out.runs.empty()) out.text.append(page.substr(copied));
  return out;
}

std::size_t SqueezedText::source_offset(std::size_t at) const {
  const auto next = std::upper_bound(runs.begin(), runs.end(), at, [](std::size_t x, const Run& r) { return x < r.cut; });
  return at + (next == runs.begin() ? 0 : std::prev(next)->removed);
}

bool SqueezedText::cuts(std::size_t at, std::size_t length) const {
  const auto next = std::upper_bound(runs.begin(), runs.end(), at, [](std::size_t x, const Run& r) { return x < r.cut; });
  return next != runs.end() && next->cut <= at + length;
}

std::string html_outline(std::string_view page, HtmlParse how) {
  const ParsedHtml parsed(page, how);
  std::string out;
  auto place = [&](const GumboStringPiece& s) {
    return parsed.holds(s) ? fmt::format("{}+{}", parsed.offset_of(s.data), s.length) : std::string("-");
  };
  auto outline = [&](auto&& self, const GumboNode* n, int depth) -> void {
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    switch (n->type) {
      case GUMBO_NODE_DOCUMENT:
        out += fmt::format("document quirks {} doctype {}\n", static_cast<int>(n->v.document.doc_type_quirks_mode),
                           n->v.document.has_doctype ? n->v.document.name : "-");
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboElement& e = n->v.element;
        out += fmt::format("<{}> ns {} flags {:x} at {} end {}", e.tag == GUMBO_TAG_UNKNOWN ? "?" : gumbo_normalized_tagname(e.tag),
                           static_cast<int>(e.tag_namespace), static_cast<unsigned>(n->parse_flags), place(e.original_tag),
                           place(e.original_end_tag));
        for (unsigned i = 0; i < e.attributes.length; ++i) {
          const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
          out += fmt::format(" {}=\"{}\"", a->name, a->value);
        }
        out += '\n';
        break;
      }
      case GUMBO_NODE_COMMENT: out += fmt::format("comment at {}\n", place(n->v.text.original_text)); break;
      case GUMBO_NODE_WHITESPACE: out += "white space\n"; break;
      default: out += n->type == GUMBO_NODE_CDATA ? "cdata\n" : "text\n"; break;
    }
    if (n->type != GUMBO_NODE_DOCUMENT && n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return;
    const GumboVector& children = n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) self(self, static_cast<const GumboNode*>(children.data[i]), depth + 1);
  };
  outline(outline, parsed.document(), 0);
  return out;
}

std::optional<std::string> html_without_placeholders(std::string_view body, const PlaceholderCatalogue& catalogue,
                                                     std::vector<PendingFinding>& findings, HtmlParse how) {
  // Removing one element can leave its neighbour alone with a placeholder (as in
  // Markdown): run to a fixed point, so that a second run finds nothing to do.
  std::string text(body);
  for (int round = 0; round < 8; ++round) {
    std::vector<PendingFinding> pending;
    std::string next = HtmlAnalysis(text, catalogue, how).run(pending);
    if (round == 0) findings = std::move(pending);
    if (next == text) return text;
    text = std::move(next);
  }
  return std::nullopt;
}

bool html_wholly_template(std::string_view body, const PlaceholderCatalogue& catalogue, const std::string& template_id) {
  return HtmlAnalysis(body, catalogue).wholly_template(template_id);
}

}  // namespace kempt::placeholders
