#pragma once
/// Where whitespace matters in a Markdown body, read off cmark-gfm's AST.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kempt {

/// Per-line facts about a Markdown body; lines are 1-based and counted from the
/// start of the text given to `markdown_layout`.
struct MarkdownLayout {
  /// Lines whose bytes are content verbatim: code blocks (fenced and indented),
  /// <pre> HTML blocks, Liquid {% highlight %} blocks.
  std::vector<bool> verbatim;
  /// Lines inside a paragraph or heading and not its last line: two trailing
  /// spaces there are a hard line break.
  std::vector<bool> continues_paragraph;
  /// Lines whose trailing blanks kramdown (Jekyll's renderer) never reads as a line
  /// break, whatever follows: an ATX heading at the margin, the rows of a table with
  /// blank lines around it, the raw part of an HTML block that kramdown copies as is.
  std::vector<bool> kramdown_no_break;
  /// Lines of cmark HTML blocks.
  std::vector<bool> html_block;

  bool is_verbatim(std::uint32_t line) const {
    return line < verbatim.size() && verbatim[line];
  }
  bool can_hard_break(std::uint32_t line) const {
    return line < continues_paragraph.size() && continues_paragraph[line];
  }
  bool in_html_block(std::uint32_t line) const { return line < html_block.size() && html_block[line]; }
  bool kramdown_never_breaks(std::uint32_t line) const {
    return line < kramdown_no_break.size() && kramdown_no_break[line];
  }
};

/// Containers (block quotes, list items) nested deeper than this are not parsed:
/// cmark-gfm's time grows with the depth for every node it adds (it checks each
/// new node against all its ancestors), so a page of `>` a million deep would
/// take hours. No real page comes near it.
constexpr int kMaxMarkdownDepth = 64;

/// Whether `body` may nest containers deeper than kMaxMarkdownDepth, from each
/// line's container markers and indentation (an upper bound; linear, no parse).
bool markdown_too_deep(std::string_view body);

/// cmark-gfm's tree takes up to 40 times the text in memory (a node for every
/// line break, tag and link): a body larger than this is not laid out.
constexpr std::size_t kMaxLaidOutBody = std::size_t{4} << 20;

/// (For a body too deep or too large to parse, every line is verbatim: nothing
/// is ruled on, so no trailing blank in it is taken for a mistake.)
MarkdownLayout markdown_layout(std::string_view body);

/// Whether `name` (lower case) is one of kramdown's span-level HTML elements
/// (HTML_SPAN_ELEMENTS): a line opening with one starts a paragraph in kramdown where
/// cmark may see an HTML block.
bool is_kramdown_span_element(std::string_view name);

/// Byte ranges of `body` that are code: code blocks (fenced and indented) and
/// inline code spans, from cmark-gfm's source positions. Sorted, not overlapping.
/// A body too deep to parse is one region: all of it may be code.
std::vector<std::pair<std::size_t, std::size_t>> markdown_code_regions(std::string_view body);

/// A block of a Markdown body as cmark-gfm parsed it, by the lines it covers.
struct MarkdownBlock {
  enum class Type {
    document, paragraph, heading, list, item, block_quote, code_block, html_block,
    table, table_header, table_row, thematic_break, other
  };
  Type type = Type::other;
  int heading_level = 0;  ///< 1-6 for a heading
  /// 1-based lines of the body; trailing blank lines (which cmark gives some
  /// blocks, e.g. list items) are left out, so a block ends on its last text.
  std::uint32_t first_line = 0;
  std::uint32_t last_line = 0;
  std::vector<MarkdownBlock> children;
  /// Nested deeper than kempt follows (hundreds of levels): its parts are not
  /// listed, and what is inside may be code.
  bool cut = false;
};

/// The block tree of `body` (the document node at its root), with source lines.
/// A body too deep to parse is a document with no children, marked `cut`.
MarkdownBlock markdown_blocks(std::string_view body);

}  // namespace kempt
