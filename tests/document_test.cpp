#include <catch2/catch.hpp>

#include "kempt/document.hpp"
#include "support.hpp"

using namespace kempt;
using namespace std::string_literals;

TEST_CASE("is_valid_utf8 accepts UTF-8 and rejects what strict decoders reject", "[document]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ASCII text that is longer than eight bytes"));
  CHECK(is_valid_utf8("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x8E\x89"));  // café — 🎉
  CHECK_FALSE(is_valid_utf8("caf\xE9"));                                // windows-1252 é
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));                               // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));                           // UTF-16 surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));                       // past U+10FFFF
  CHECK_FALSE(is_valid_utf8("abcdefgh\xE2\x80"));                       // truncated after the fast path
}

TEST_CASE("find_front_matter finds closed YAML and TOML blocks only", "[document]") {
  const std::string yaml = "---\ntitle: x\n---\nbody\n";
  FrontMatter fm = find_front_matter(yaml);
  REQUIRE(fm.syntax == FrontMatter::Syntax::yaml);
  CHECK(yaml.substr(fm.block.begin, fm.block.size()) == "---\ntitle: x\n---\n");

  FrontMatter crlf = find_front_matter("---  \r\ntitle: x\r\n---\r\nbody");
  REQUIRE(crlf.syntax == FrontMatter::Syntax::yaml);
  CHECK(crlf.block.end == 22);  // 7 + 10 + 5 bytes

  CHECK(find_front_matter("+++\ntitle = 'x'\n+++\n").syntax == FrontMatter::Syntax::toml);
  CHECK_FALSE(find_front_matter("---\ntitle: never closed\n").present());
  CHECK_FALSE(find_front_matter("text\n---\na: b\n---\n").present());
  CHECK_FALSE(find_front_matter("----\na\n----\n").present());
}

TEST_CASE("LineIndex maps offsets to line and code-point column", "[document]") {
  const std::string text = "ab\r\ncaf\xC3\xA9 x\rz\n";
  LineIndex index(text);
  CHECK(index.line_count() == 3);
  auto p = index.locate(text.find(" x"));
  CHECK(p.line == 2);
  CHECK(p.column == 5);  // é is one column
  CHECK(index.locate(text.find('z')).line == 3);
  CHECK(index.locate(0).column == 1);
}

TEST_CASE("a prose file with front matter is a Markdown page, YAML and HTML are not", "[document]") {
  auto page = Document::from_bytes("seed.txt", FileKind::text, "---\ntitle: a\n---\n# Hi\n");
  CHECK(page.is_markdown_page());
  CHECK_FALSE(Document::from_bytes("cv.txt", FileKind::text, "HAO WANG\n").is_markdown_page());
  CHECK_FALSE(Document::from_bytes("a.yml", FileKind::yaml, "---\na: 1\n---\nb: 2\n").is_markdown_page());
  CHECK_FALSE(Document::from_bytes("a.html", FileKind::html, "---\na: 1\n---\n<p>\n").is_markdown_page());
  CHECK(Document::from_bytes("a.md", FileKind::markdown, "no front matter\n").is_markdown_page());
  CHECK(kind_from_extension("x/Y.MarkDown") == FileKind::markdown);
  CHECK(kind_from_extension("_config.yml") == FileKind::yaml);
}

TEST_CASE("find_line_break finds LF, CRLF and a lone CR", "[document]") {
  CHECK(find_line_break("abc\ndef", 0) == 3);
  CHECK(find_line_break("abc\r\ndef", 0) == 3);
  CHECK(find_line_break("a\rb\nc", 0) == 1);
  CHECK(find_line_break("a\rb\nc", 2) == 3);
  CHECK(find_line_break("no break", 0) == std::string_view::npos);
  CHECK(find_line_break("x\n", 2) == std::string_view::npos);
}

TEST_CASE("split_lines keeps each line's ending kind and offset", "[document]") {
  const auto lines = split_lines("a\r\nb\rc\nlast");
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].content == "a");
  CHECK(lines[0].end == LineEnd::crlf);
  CHECK(lines[1].content == "b");
  CHECK(lines[1].end == LineEnd::cr);
  CHECK(lines[1].offset == 3);
  CHECK(lines[2].end == LineEnd::lf);
  CHECK(lines[3].content == "last");
  CHECK(lines[3].end == LineEnd::none);
  CHECK(split_lines("").empty());
  CHECK(split_lines("x\r").size() == 1);
  CHECK(split_lines("x\r")[0].end == LineEnd::cr);
}

TEST_CASE("split_lines sizes its lines once, for every mix of line ends", "[document]") {
  // Room for the lines found and for no more than one beyond (an ending after the
  // last line starts none): a file of a million lines never holds two copies.
  const std::size_t texts = kempt::test::for_each_text("a\n\r", 7, [](const std::string& text) {
    const auto lines = split_lines(text);
    std::size_t joined = 0;
    for (const TextLine& l : lines) joined += l.content.size() + (l.end == LineEnd::crlf ? 2 : l.end == LineEnd::none ? 0 : 1);
    CHECK(joined == text.size());
    CHECK(lines.capacity() >= lines.size());
    CHECK(lines.capacity() <= lines.size() + 1);
  });
  CHECK(texts > 1000);
}

TEST_CASE("LineIndex counts LF, CR LF and lone CR as one line break each, wherever they stand", "[document]") {
  // Against a plain reading of every byte: the line of an offset is one more than
  // the breaks before it (LF, or CR not followed by LF), its column one more than
  // the code points since the last. Every text of up to eight bytes drawn from a
  // letter, both line breaks and a two-byte character's bytes.
  const std::size_t texts = kempt::test::for_each_text("a\n\r\xC3\xA9", 8, [](const std::string& text) {
    const LineIndex index(text);
    std::uint32_t line = 1, column = 1;
    for (std::size_t offset = 0; offset <= text.size(); ++offset) {
      const LineIndex::Position at = index.locate(offset);
      INFO("\"" << text << "\" at " << offset);
      REQUIRE(at.line == line);
      REQUIRE(at.column == column);
      if (offset == text.size()) break;
      const char c = text[offset];
      const bool ends = c == '\n' || (c == '\r' && (offset + 1 == text.size() || text[offset + 1] != '\n'));
      // (A text's last byte starts no line: past the end is still the last line. A
      // byte counts as a column unless it continues a character.)
      if (ends && offset + 1 < text.size()) {
        ++line, column = 1;
      } else if (ends || (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++column;
      }
    }
  });
  CHECK(texts > 100000);
}
