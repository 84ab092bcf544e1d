#include "kempt/document.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>

#include "kempt/finding.hpp"

namespace kempt {

FileKind kind_from_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".md" || ext == ".markdown" || ext == ".mdown" || ext == ".mkd") return FileKind::markdown;
  if (ext == ".html" || ext == ".htm") return FileKind::html;
  if (ext == ".yml" || ext == ".yaml") return FileKind::yaml;
  if (ext == ".toml") return FileKind::toml;
  if (ext == ".bib") return FileKind::bibtex;
  if (ext == ".json") return FileKind::json;
  return FileKind::text;
}

std::string_view to_string(FileKind kind) {
  switch (kind) {
    case FileKind::markdown: return "markdown";
    case FileKind::html: return "html";
    case FileKind::yaml: return "yaml";
    case FileKind::toml: return "toml";
    case FileKind::bibtex: return "bibtex";
    case FileKind::json: return "json";
    case FileKind::text: return "text";
  }
  return "text";
}

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "warning";
}

std::string_view Finding::pass() const {
  std::string_view r = rule;
  return r.substr(0, r.find('/'));
}

namespace {

// The end of the line starting at `pos`, and where the next one starts.
std::pair<std::size_t, std::size_t> line_bounds(std::string_view text, std::size_t pos) {
  std::size_t end = std::min(find_line_break(text, pos), text.size());
  std::size_t next = end;
  if (next < text.size()) next += (text[next] == '\r' && next + 1 < text.size() && text[next + 1] == '\n') ? 2 : 1;
  return {end, next};
}

bool is_fence(std::string_view line, std::string_view fence) {
  // Jekyll accepts trailing blanks after the fence; so do we.
  if (line.substr(0, fence.size()) != fence) return false;
  return line.find_first_not_of(" \t", fence.size()) == std::string_view::npos;
}

}  // namespace

FrontMatter find_front_matter(std::string_view text) {
  FrontMatter fm;
  std::string_view fence;
  auto [end, next] = line_bounds(text, 0);
  std::string_view first = text.substr(0, end);
  if (is_fence(first, "---")) fence = "---";
  else if (is_fence(first, "+++")) fence = "+++";
  else return fm;
  for (std::size_t pos = next; pos < text.size();) {
    auto [lend, lnext] = line_bounds(text, pos);
    std::string_view line = text.substr(pos, lend - pos);
    if (is_fence(line, fence) || (fence == "---" && is_fence(line, "..."))) {
      fm.syntax = fence == "---" ? FrontMatter::Syntax::yaml : FrontMatter::Syntax::toml;
      fm.block = {0, lnext};
      return fm;
    }
    pos = lnext;
  }
  return fm;
}

std::size_t find_line_break(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return std::string_view::npos;
  const char* begin = text.data() + pos;
  const std::size_t n = text.size() - pos;
  const char* nl = static_cast<const char*>(std::memchr(begin, '\n', n));
  const std::size_t span = nl ? static_cast<std::size_t>(nl - begin) : n;
  // A lone CR is rare; look for one only before the next LF.
  const char* cr = static_cast<const char*>(std::memchr(begin, '\r', span));
  if (cr) return static_cast<std::size_t>(cr - text.data());
  return nl ? static_cast<std::size_t>(nl - text.data()) : std::string_view::npos;
}

std::vector<TextLine> split_lines(std::string_view text) {
  std::vector<TextLine> lines;
  // Sized once: growing by doubling would hold two copies at the peak, and a
  // file of a million short lines has 32 bytes of TextLine per line.
  // (Line ends are counted by memchr, as they are found below: a byte-by-byte count
  // cost more than the split.) Each LF, and each CR but one right before an LF.
  const char* base = text.data();
  const char* const end = base + text.size();
  std::size_t ends = 0;
  for (const char* p = base; p < end && (p = static_cast<const char*>(std::memchr(p, '\n', end - p))); ++p) ++ends;
  for (const char* p = base; p < end && (p = static_cast<const char*>(std::memchr(p, '\r', end - p))); ++p) {
    ends += p + 1 == end || p[1] != '\n';
  }
  lines.reserve(ends + 1);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char* hit = static_cast<const char*>(std::memchr(base + pos, '\n', text.size() - pos));
    const std::size_t nl = hit ? static_cast<std::size_t>(hit - base) : text.size();
    // A lone CR (classic Mac) ends a line too; it is rare, so look for it only
    // between here and the next LF.
    const char* cr = static_cast<const char*>(std::memchr(base + pos, '\r', nl - pos));
    while (cr && cr + 1 < base + nl) {
      const std::size_t at = static_cast<std::size_t>(cr - base);
      lines.push_back({text.substr(pos, at - pos), LineEnd::cr, pos});
      pos = at + 1;
      cr = static_cast<const char*>(std::memchr(base + pos, '\r', nl - pos));
    }
    if (nl == text.size()) {
      if (cr) lines.push_back({text.substr(pos, nl - 1 - pos), LineEnd::cr, pos});
      else lines.push_back({text.substr(pos), LineEnd::none, pos});
      break;
    }
    if (cr) lines.push_back({text.substr(pos, nl - 1 - pos), LineEnd::crlf, pos});
    else lines.push_back({text.substr(pos, nl - pos), LineEnd::lf, pos});
    pos = nl + 1;
  }
  return lines;
}

std::size_t first_invalid_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const int32_t n = static_cast<int32_t>(bytes.size());
  int32_t i = 0;
  while (i < n) {
    i = static_cast<int32_t>(first_non_ascii(bytes, static_cast<std::size_t>(i)));
    if (i >= n) break;
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);  // ICU's strict decoder: rejects overlongs, surrogates, > U+10FFFF
    if (c < 0) return static_cast<std::size_t>(start);
  }
  return bytes.size();
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  // A line starts after each LF and each CR not followed by one (a text's last byte
  // starts none). Found by memchr, as split_lines finds them: the index is built for
  // every file with a finding, and most of a text is no line break.
  starts_.push_back(0);
  const char* const base = text.data();
  const std::size_t n = text.size();
  auto ends_line_at = [&](std::size_t i) {
    if (i + 1 < n) starts_.push_back(i + 1);
  };
  for (std::size_t pos = 0; pos < n;) {
    const auto* lf = static_cast<const char*>(std::memchr(base + pos, '\n', n - pos));
    const std::size_t end = lf ? static_cast<std::size_t>(lf - base) : n;
    // The CRs before it are lone ones, but for one right before the LF (CR LF).
    const std::size_t lone_until = lf && end > pos && base[end - 1] == '\r' ? end - 1 : end;
    for (std::size_t at = pos; at < lone_until;) {
      const auto* cr = static_cast<const char*>(std::memchr(base + at, '\r', lone_until - at));
      if (!cr) break;
      at = static_cast<std::size_t>(cr - base);
      ends_line_at(at);
      ++at;
    }
    if (!lf) break;
    ends_line_at(end);
    pos = end + 1;
  }
}

LineIndex::Position LineIndex::locate(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(it - starts_.begin());
  std::size_t from = starts_[line - 1];
  std::uint32_t column = 1;
  // Findings come in order along a line: count on from the last one, or a line
  // of megabytes with a finding every few bytes would be counted over and over.
  if (last_line_ == line && last_offset_ <= offset) {
    from = last_offset_;
    column = last_column_;
  }
  for (std::size_t i = from; i < offset; ++i) {
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;  // count code points
  }
  last_line_ = line;
  last_offset_ = offset;
  last_column_ = column;
  return {static_cast<std::uint32_t>(line), column};
}

Document Document::from_bytes(std::filesystem::path path, FileKind kind, std::string bytes) {
  Document doc;
  doc.path = std::move(path);
  doc.kind = kind;
  doc.decoded = is_valid_utf8(bytes);
  doc.text = bytes;
  doc.bytes = std::move(bytes);
  return doc;
}

bool Document::is_markdown_page() const {
  if (kind == FileKind::markdown) return true;
  // Only prose files are promoted: a YAML file may open with `---` as a document
  // marker, and an HTML page's front matter does not make its body Markdown.
  return kind == FileKind::text && decoded && find_front_matter(text).present();
}

}  // namespace kempt
