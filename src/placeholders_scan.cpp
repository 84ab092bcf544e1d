// Reading a page's text the way the placeholders pass needs it: where links and
// images are, where Lorem ipsum runs, and whether what is left of a unit once its
// placeholders are set aside is anything a reader would miss.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "placeholders_internal.hpp"

namespace kempt::placeholders {
namespace {

bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// No tag of a page is longer: looking further for a '>' would make a text full of
// '<' quadratic.
constexpr std::size_t kMaxTag = 4096;

std::size_t tag_end(std::string_view text, std::size_t at, std::size_t end = std::string_view::npos) {
  const std::size_t stop = std::min({text.size(), end, at + kMaxTag});
  const std::size_t close = text.substr(0, stop).find('>', at);
  return close;
}
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals_at(std::string_view text, std::size_t at, std::string_view word) {
  if (at + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower(text[at + i]) != word[i]) return false;
  }
  return true;
}

// The end of a Markdown link destination and title starting at `open` (the '(').
std::size_t destination_end(std::string_view text, std::size_t open, std::string* target) {
  std::size_t i = open + 1;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  std::string url;
  if (i < text.size() && text[i] == '<') {
    const std::size_t close = text.find('>', i);
    if (close == std::string_view::npos || text.substr(i, close - i).find('\n') != std::string_view::npos) return 0;
    url = std::string(text.substr(i + 1, close - i - 1));
    i = close + 1;
  } else {
    int depth = 0;
    const std::size_t start = i;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '\\' && i + 1 < text.size()) { ++i; continue; }
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') break;
      if (c == '(') ++depth;
      if (c == ')' && depth-- == 0) break;
    }
    url = std::string(text.substr(start, i - start));
  }
  // An optional title, then the closing parenthesis.
  while (i < text.size() && text[i] != ')' && text[i] != '\n') ++i;
  if (i >= text.size() || text[i] != ')') return 0;
  *target = std::move(url);
  return i + 1;
}

// The '[' that opens the label ending at the ']' at `close`, or npos.
std::size_t label_start(std::string_view text, std::size_t close) {
  int depth = 0;
  const std::size_t limit = close > 4096 ? close - 4096 : 0;
  for (std::size_t i = close; i-- > limit;) {
    if (text[i] == '\n' && i > 0 && text[i - 1] == '\n') return std::string_view::npos;
    const bool escaped = i > 0 && text[i - 1] == '\\';
    if (escaped) continue;
    if (text[i] == ']') ++depth;
    if (text[i] == '[' && depth-- == 0) return i;
  }
  return std::string_view::npos;
}

void find_markdown_elements(std::string_view text, std::vector<Element>& out) {
  for (std::size_t at = text.find("]("); at != std::string_view::npos; at = text.find("](", at + 2)) {
    if (at > 0 && text[at - 1] == '\\') continue;
    const std::size_t open = label_start(text, at);
    if (open == std::string_view::npos) continue;
    std::string target;
    const std::size_t end = destination_end(text, at + 1, &target);
    if (end == 0) continue;
    Element e;
    e.kind = open > 0 && text[open - 1] == '!' ? Element::Kind::image : Element::Kind::link;
    e.whole = {e.kind == Element::Kind::image ? open - 1 : open, end};
    e.label = {open + 1, at};
    e.target = std::move(target);
    out.push_back(std::move(e));
  }
}

// The value of attribute `name` in the tag [begin, end), and where it is.
std::string attribute(std::string_view tag, std::string_view name) {
  for (std::size_t at = 0; (at = tag.find(name, at)) != std::string_view::npos; at += name.size()) {
    if (at == 0 || !(tag[at - 1] == ' ' || tag[at - 1] == '\t' || tag[at - 1] == '\n')) continue;
    std::size_t i = at + name.size();
    while (i < tag.size() && tag[i] == ' ') ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && tag[i] == ' ') ++i;
    if (i >= tag.size()) return {};
    if (tag[i] == '"' || tag[i] == '\'') {
      const std::size_t close = tag.find(tag[i], i + 1);
      return close == std::string_view::npos ? std::string() : std::string(tag.substr(i + 1, close - i - 1));
    }
    const std::size_t stop = tag.find_first_of(" \t\n>", i);
    return std::string(tag.substr(i, (stop == std::string_view::npos ? tag.size() : stop) - i));
  }
  return {};
}

void find_html_elements(std::string_view text, std::vector<Element>& out) {
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    const std::size_t close = tag_end(text, at);
    if (close == std::string_view::npos) continue;
    const std::string_view tag = text.substr(at, close + 1 - at);
    if (iequals_at(text, at, "<img") && tag.size() > 4 && !ascii_alpha(tag[4])) {
      out.push_back({Element::Kind::image, {at, close + 1}, {at, at}, attribute(tag, "src")});
    } else if (iequals_at(text, at, "<a") && tag.size() > 2 && (tag[2] == ' ' || tag[2] == '\n' || tag[2] == '\t')) {
      std::size_t end_tag = at;
      const std::string_view reach = text.substr(0, std::min(text.size(), close + kMaxTag));
      do {
        end_tag = reach.find("</", end_tag + 1);
      } while (end_tag != std::string_view::npos && !iequals_at(text, end_tag, "</a>"));
      if (end_tag == std::string_view::npos) continue;
      out.push_back({Element::Kind::link, {at, end_tag + 4}, {close + 1, end_tag}, attribute(tag, "href")});
    } else if (tag.find("://") != std::string_view::npos && tag.find_first_of(" \t\n") == std::string_view::npos) {
      out.push_back({Element::Kind::link, {at, close + 1}, {at + 1, at + 1}, std::string(tag.substr(1, tag.size() - 2))});
    }
  }
}

}  // namespace

std::vector<Element> find_elements(std::string_view text) {
  std::vector<Element> out;
  find_markdown_elements(text, out);
  find_html_elements(text, out);
  std::sort(out.begin(), out.end(), [](const Element& a, const Element& b) { return a.whole.begin < b.whole.begin; });
  return out;
}

std::vector<LoremRun> find_lorem(std::string_view text, const PlaceholderCatalogue& catalogue) {
  std::vector<LoremRun> runs;
  struct Word {
    std::size_t begin, end;
    std::string lower;
  };
  std::vector<Word> run;
  auto close_run = [&] {
    bool has_lorem_ipsum = false;
    std::vector<std::string_view> distinct;
    for (std::size_t i = 0; i < run.size(); ++i) {
      if (i + 1 < run.size() && run[i].lower == "lorem" && run[i + 1].lower == "ipsum") has_lorem_ipsum = true;
      if (!catalogue.is_common_lorem_word(run[i].lower) &&
          std::find(distinct.begin(), distinct.end(), run[i].lower) == distinct.end()) {
        distinct.push_back(run[i].lower);
      }
    }
    if (has_lorem_ipsum || (run.size() >= 6 && distinct.size() >= 4)) {
      std::size_t end = run.back().end;
      if (end < text.size() && text[end] == '.') ++end;
      runs.push_back({{run.front().begin, end}, run.size()});
    }
    run.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (ascii_alpha(static_cast<char>(c)) || c >= 0x80) {
      std::size_t j = i;
      bool ascii = true;
      while (j < text.size() && (ascii_alpha(text[j]) || static_cast<unsigned char>(text[j]) >= 0x80)) {
        ascii = ascii && static_cast<unsigned char>(text[j]) < 0x80;
        ++j;
      }
      std::string word;
      if (ascii) {
        for (std::size_t k = i; k < j; ++k) word += lower(text[k]);
      }
      if (ascii && catalogue.is_lorem_word(word)) {
        run.push_back({i, j, std::move(word)});
      } else if (!run.empty()) {
        close_run();
      }
      i = j;
    } else {
      // Digits end a run, and so does a blank line; punctuation and markup do not.
      const bool paragraph_break = c == '\n' && i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r');
      if (!run.empty() && ((c >= '0' && c <= '9') || paragraph_break)) close_run();
      ++i;
    }
  }
  if (!run.empty()) close_run();
  return runs;
}

std::vector<ByteSpan> code_spans(std::string_view text, const std::vector<ByteSpan>& blocked) {
  std::vector<ByteSpan> out;
  auto run_length = [&](std::size_t at) {
    std::size_t n = 0;
    while (at + n < text.size() && text[at + n] == '`') ++n;
    return n;
  };
  std::size_t next_block = 0;
  for (std::size_t i = 0; i < text.size();) {
    while (next_block < blocked.size() && blocked[next_block].end <= i) ++next_block;
    if (next_block < blocked.size() && blocked[next_block].begin <= i) {
      i = blocked[next_block].end;
      continue;
    }
    if (text[i] == '\\') {
      i += 2;
      continue;
    }
    if (text[i] != '`') {
      ++i;
      continue;
    }
    const std::size_t open = run_length(i);
    std::size_t close = std::string_view::npos;
    // A paragraph of unpaired backticks must not make this quadratic.
    const std::size_t reach = std::min(text.size(), i + 64 * 1024);
    for (std::size_t j = i + open; j < reach;) {
      if (text[j] == '\n') {
        const std::size_t next = text.find_first_not_of(" \t\r", j + 1);
        if (next == std::string_view::npos || text[next] == '\n') break;  // a blank line ends the paragraph
      }
      if (text[j] != '`') {
        ++j;
        continue;
      }
      const std::size_t n = run_length(j);
      if (n == open) {
        close = j;
        break;
      }
      j += n;
    }
    if (close == std::string_view::npos) {
      i += open;
      continue;
    }
    out.push_back({i, close + open});
    i = close + open;
  }
  return out;
}

std::vector<ByteSpan> html_comments(std::string_view text) {
  std::vector<ByteSpan> out;
  for (std::size_t at = text.find("<!--"); at != std::string_view::npos; at = text.find("<!--", at)) {
    const std::size_t close = text.find("-->", at + 4);
    const std::size_t end = close == std::string_view::npos ? text.size() : close + 3;
    out.push_back({at, end});
    at = end;
  }
  return out;
}

bool html_balanced(std::string_view text, int* depth_out) {
  static constexpr std::array<std::string_view, 14> kVoid = {"area", "base", "br", "col", "embed", "hr", "img",
                                                             "input", "link", "meta", "param", "source", "track", "wbr"};
  int depth = 0;
  bool ever_negative = false;
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    if (text.compare(at, 4, "<!--") == 0) {
      const std::size_t close = text.find("-->", at);
      if (close == std::string_view::npos) break;
      at = close;
      continue;
    }
    const bool closing = at + 1 < text.size() && text[at + 1] == '/';
    const std::size_t name_at = at + (closing ? 2 : 1);
    std::size_t name_end = name_at;
    while (name_end < text.size() && (ascii_alpha(text[name_end]) || (name_end > name_at && std::isdigit(static_cast<unsigned char>(text[name_end]))))) ++name_end;
    if (name_end == name_at) continue;
    const std::size_t close = tag_end(text, name_end);
    if (close == std::string_view::npos) continue;
    std::string name;
    for (std::size_t k = name_at; k < name_end; ++k) name += lower(text[k]);
    if (std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end()) continue;
    if (closing) {
      if (--depth < 0) ever_negative = true;
    } else if (text[close - 1] != '/') {
      ++depth;
    }
  }
  if (depth_out) *depth_out = depth;
  return depth == 0 && !ever_negative;
}

namespace {

bool media_tag(std::string_view text, std::size_t at) {
  for (std::string_view name : {"<img", "<video", "<iframe", "<audio", "<source", "<embed", "<object", "<picture"}) {
    if (iequals_at(text, at, name) && at + name.size() < text.size() && !ascii_alpha(text[at + name.size()])) return true;
  }
  return false;
}

// Length of the markup at `at` that is never real content (a tag, a comment, an
// entity, a link target, a kramdown attribute list), or 0.
std::size_t furniture_at(std::string_view text, std::size_t at, std::size_t end) {
  const char c = text[at];
  if (c == '<') {
    if (text.compare(at, 4, "<!--") == 0) {
      const std::size_t close = text.find("-->", at);
      return (close == std::string_view::npos || close + 3 > end ? end : close + 3) - at;
    }
    const std::size_t close = tag_end(text, at, end);
    if (close == std::string_view::npos) return 0;
    const std::string_view tag = text.substr(at, close + 1 - at);
    const bool named = tag.size() > 2 && (ascii_alpha(tag[1]) || (tag[1] == '/' && ascii_alpha(tag[2])));
    const bool autolink = tag.find("://") != std::string_view::npos && tag.find(' ') == std::string_view::npos;
    if (!named || autolink) return 0;
    return media_tag(text, at) ? 0 : tag.size();
  }
  if (c == '&') {
    std::size_t i = at + 1;
    if (i < end && text[i] == '#') ++i;
    const std::size_t start = i;
    while (i < end && (ascii_alpha(text[i]) || std::isdigit(static_cast<unsigned char>(text[i])))) ++i;
    return i > start && i < end && text[i] == ';' ? i + 1 - at : 0;
  }
  if (c == ']' && at + 1 < end && text[at + 1] == '(') {
    std::string target;
    const std::size_t stop = destination_end(text, at + 1, &target);
    return stop != 0 && stop <= end ? stop - at : 1;
  }
  if (c == '{' && at + 1 < end && text[at + 1] == ':') {
    const std::size_t close = text.substr(0, std::min(end, at + kMaxTag)).find('}', at);
    return close == std::string_view::npos ? 0 : close + 1 - at;
  }
  return 0;
}

}  // namespace

bool has_real_content(std::string_view text, ByteSpan unit, const std::vector<bool>& covered) {
  const std::size_t end = std::min(unit.end, text.size());
  for (std::size_t i = unit.begin; i < end;) {
    if (covered[i - unit.begin]) {
      ++i;
      continue;
    }
    if (const std::size_t skip = furniture_at(text, i, end)) {
      i += skip;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '!' && i + 1 < end && text[i + 1] == '[') return true;  // an image of one's own
    if (c == '{' && i + 1 < end && (text[i + 1] == '%' || text[i + 1] == '{')) return true;  // Liquid
    if (c == '<' && media_tag(text, i)) return true;
    if (c < 0x80) {
      if (ascii_alpha(static_cast<char>(c))) return true;
      ++i;
      continue;
    }
    UChar32 cp = 0;
    int32_t k = static_cast<int32_t>(i);
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), k, static_cast<int32_t>(end), cp);
    if (cp >= 0 && u_isalpha(cp)) return true;
    i = static_cast<std::size_t>(k);
  }
  return false;
}

bool generic_label(std::string_view text, ByteSpan label, const std::vector<bool>& covered, std::size_t base,
                   const PlaceholderCatalogue& catalogue) {
  for (std::size_t i = label.begin; i < label.end;) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (!ascii_alpha(static_cast<char>(c)) && c < 0x80) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < label.end && (ascii_alpha(text[j]) || static_cast<unsigned char>(text[j]) >= 0x80)) ++j;
    bool all_covered = true;
    for (std::size_t k = i; k < j; ++k) all_covered = all_covered && k >= base && k - base < covered.size() && covered[k - base];
    std::string word;
    for (std::size_t k = i; k < j; ++k) word += lower(text[k]);
    if (!all_covered && !catalogue.is_generic_label(word)) return false;
    i = j;
  }
  return true;
}

}  // namespace kempt::placeholders
