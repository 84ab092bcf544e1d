// Finding a page's front matter and reading it into a flat, comparable value tree.
//
// Parsers here see text from anyone's repository, so every walk is bounded: YAML is
// read through yaml-cpp's event interface (aliases are references, never expanded),
// with limits on depth, on the number of values, and on what aliases would expand
// to; JSON is scanned for its depth before nlohmann parses it.
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "frontmatter_internal.hpp"
#include "kempt/frontmatter.hpp"

namespace kempt {
namespace {

constexpr std::size_t kMaxDepth = 64;
constexpr std::size_t kMaxValues = 50'000;
// What a site generator would build if it expanded every alias ("billion laughs").
constexpr std::uint64_t kMaxExpanded = 1'000'000;
// No site's front matter comes near this; yaml-cpp reads about a megabyte a
// second, and a front matter of megabytes would hold a run for many seconds.
constexpr std::size_t kMaxBytes = 256 * 1024;

// ---------------------------------------------------------------------------
// Locating

// The end of the line starting at `pos` (before its line ending) and the start of the next.
std::pair<std::size_t, std::size_t> line_at(std::string_view text, std::size_t pos) {
  const std::size_t end = std::min(find_line_break(text, pos), text.size());
  std::size_t next = end;
  if (next < text.size()) next += (text[next] == '\r' && next + 1 < text.size() && text[next + 1] == '\n') ? 2 : 1;
  return {end, next};
}

bool is_fence_line(std::string_view line, std::string_view fence) {
  return line.substr(0, fence.size()) == fence && line.find_first_not_of(" \t", fence.size()) == std::string_view::npos;
}

// Hugo's JSON front matter is an object at byte 0. `{%`/`{{` (Liquid) is not one.
bool opens_json_object(std::string_view text) {
  if (text.empty() || text[0] != '{') return false;
  const std::size_t next = text.find_first_not_of(" \t\r\n", 1);
  return next != std::string_view::npos && (text[next] == '"' || text[next] == '}');
}

// Offset just past the `}` that closes the object opening `text`, or npos.
std::size_t json_object_end(std::string_view text) {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && depth > 0 && --depth == 0) {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

std::optional<FrontMatterBlock> locate_fenced(std::string_view text, std::size_t start, FrontMatterBlock b) {
  const auto [first_end, first_next] = line_at(text, start);
  const std::string_view first = text.substr(start, first_end - start);
  const std::string_view fence = is_fence_line(first, "---") ? "---" : is_fence_line(first, "+++") ? "+++" : "";
  if (fence.empty()) return std::nullopt;
  b.format = fence == "---" ? FrontMatterBlock::Format::yaml : FrontMatterBlock::Format::toml;
  b.content_line = 2;
  for (std::size_t pos = first_next; pos < text.size();) {
    const auto [end, next] = line_at(text, pos);
    const std::string_view line = text.substr(pos, end - pos);
    if (is_fence_line(line, fence) || (fence == "---" && is_fence_line(line, "..."))) {
      b.closed = true;
      b.block = {start, next};
      b.content = {first_next, pos};
      return b;
    }
    pos = next;
  }
  b.block = {start, text.size()};
  b.content = {first_next, text.size()};
  return b;
}

}  // namespace

std::optional<FrontMatterBlock> locate_front_matter(std::string_view text) {
  FrontMatterBlock b;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") b.bom = 3;
  if (auto fenced = locate_fenced(text, b.bom, b)) return fenced;
  if (!opens_json_object(text.substr(b.bom))) return std::nullopt;
  b.format = FrontMatterBlock::Format::json;
  b.content_line = 1;
  const std::size_t end = json_object_end(text.substr(b.bom));
  if (end == std::string_view::npos) {
    b.block = b.content = {b.bom, text.size()};
    return b;
  }
  const auto [line_end, next] = line_at(text, b.bom + end);
  b.closed = text.substr(b.bom + end, line_end - b.bom - end).find_first_not_of(" \t") == std::string_view::npos;
  b.content = {b.bom, b.bom + end};
  b.block = {b.bom, b.closed ? next : text.size()};
  return b;
}

namespace {

// ---------------------------------------------------------------------------
// Shared by the three readers

struct LimitExceeded {
  std::string message;
  std::size_t offset;  // in the content
};

// Positions in the content, reported in file terms.
class Positions {
 public:
  Positions(std::string_view content, const FrontMatterBlock& block)
      : index_(content), block_(block) {}
  FrontMatterValue at(std::size_t offset) const {
    FrontMatterValue v;
    const auto pos = index_.locate(offset);
    v.line = pos.line + block_.content_line - 1;
    v.column = pos.column + (pos.line == 1 && block_.format == FrontMatterBlock::Format::json && block_.bom ? 1 : 0);
    v.offset = block_.content.begin + offset;
    return v;
  }
  std::size_t offset_of(std::uint32_t content_line, std::uint32_t column) const {
    if (content_line < 1 || content_line > index_.line_count()) return 0;
    return index_.line_start(content_line) + (column > 0 ? column - 1 : 0);
  }

 private:
  LineIndex index_;
  const FrontMatterBlock& block_;
};

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

void fail(FrontMatterTree& tree, const FrontMatterValue& where, std::string message, bool limit = false) {
  tree.ok = false;
  tree.error = std::move(message);
  tree.error_line = where.line;
  tree.error_column = where.column;
  tree.limit = limit;
}

// Flow collections nest through yaml-cpp's recursive descent; refuse deep ones
// before it starts.
std::optional<std::size_t> too_deep_brackets(std::string_view content) {
  std::size_t depth = 0;
  for (std::size_t i = 0; i < content.size(); ++i) {
    const char c = content[i];
    if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// YAML

class YamlReader final : public YAML::EventHandler {
 public:
  YamlReader(std::string_view content, const Positions& positions, FrontMatterTree& tree)
      : content_(content), positions_(positions), tree_(tree) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  // Named in the tree by their names, not yaml-cpp's running numbers: quoting away
  // one anchor must not make every later alias look different.
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_anchor_ = name; }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { node(mark, anchor, "~", false, 1); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchor_weight_.find(anchor);
    node(mark, 0, "*" + anchor_names_[anchor], false, it == anchor_weight_.end() ? 1 : it->second);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    const bool plain = tag == "?";
    node(mark, anchor, (plain ? "?" : tag == "!" ? "!" : "!" + tag) + ":" + value, plain, 1, &value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, false);
  }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor, true);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapEnd() override { close(); }

  bool root_is_mapping() const { return root_kind_ == 'm' || root_kind_ == 0 || root_kind_ == '~'; }

 private:
  struct Frame {
    bool map = false;
    std::string path;
    std::string key;       // the current key (map), or the list's own key (sequence)
    bool want_key = true;
    std::size_t index = 0;
    std::uint64_t weight = 1;
    YAML::anchor_t anchor = 0;
    std::map<std::string, std::uint32_t> seen;
  };

  static std::uint64_t add(std::uint64_t a, std::uint64_t b) { return std::min(a + b, kMaxExpanded + 1); }

  void guard(const YAML::Mark& mark) {
    if (stack_.size() > kMaxDepth) throw LimitExceeded{fmt::format("nested deeper than {} levels", kMaxDepth), pos(mark)};
    if (tree_.values.size() > kMaxValues) throw LimitExceeded{fmt::format("more than {} values", kMaxValues), pos(mark)};
    if (total_ > kMaxExpanded) {
      throw LimitExceeded{fmt::format("aliases would expand to more than {} values (an alias bomb)", kMaxExpanded), pos(mark)};
    }
  }
  const std::string& name_of(YAML::anchor_t anchor) {
    if (anchor && !pending_anchor_.empty()) anchor_names_[anchor] = std::move(pending_anchor_), pending_anchor_.clear();
    return anchor_names_[anchor];
  }
  std::size_t pos(const YAML::Mark& mark) const {
    return std::min<std::size_t>(mark.pos < 0 ? 0 : static_cast<std::size_t>(mark.pos), content_.size());
  }

  // A key or a value; returns true when it was a value (and so takes a place in the tree).
  bool place(const YAML::Mark& mark, const std::string& text, const std::string* scalar, FrontMatterValue& out) {
    Frame& top = stack_.back();
    if (top.map && top.want_key) {
      top.want_key = false;
      top.key = scalar ? *scalar : text;
      FrontMatterTree::Key key{top.key, join_path(top.path, top.key), 0, 0, static_cast<std::uint32_t>(stack_.size())};
      const FrontMatterValue at = positions_.at(pos(mark));
      key.line = at.line;
      key.column = at.column;
      if (auto [it, fresh] = top.seen.emplace(top.key, key.line); !fresh) tree_.duplicates.push_back({key, it->second});
      tree_.keys.push_back(std::move(key));
      return false;
    }
    out = positions_.at(pos(mark));
    out.path = top.map ? join_path(top.path, top.key) : fmt::format("{}[{}]", top.path, top.index++);
    out.key = top.key;
    out.depth = static_cast<std::uint32_t>(stack_.size());
    if (top.map) top.want_key = true;
    return true;
  }

  void node(const YAML::Mark& mark, YAML::anchor_t anchor, std::string text, bool plain, std::uint64_t weight,
            const std::string* scalar = nullptr) {
    if (anchor) anchor_weight_[anchor] = weight;
    const std::string anchor_name = name_of(anchor);
    total_ = add(total_, weight);
    if (stack_.empty()) {
      root_kind_ = text == "~" ? '~' : 's';
      return;
    }
    stack_.back().weight = add(stack_.back().weight, weight);
    FrontMatterValue v;
    if (!place(mark, text, scalar, v)) return;
    v.value = anchor ? fmt::format("&{} {}", anchor_name, text) : std::move(text);
    v.plain = plain;
    tree_.values.push_back(std::move(v));
    guard(mark);
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool map) {
    total_ = add(total_, 1);
    Frame frame;
    frame.map = map;
    frame.anchor = anchor;
    if (stack_.empty()) {
      root_kind_ = map ? 'm' : 'l';
    } else {
      FrontMatterValue v;
      if (place(mark, map ? "{" : "[", nullptr, v)) {
        frame.path = v.path;
        frame.key = v.key;
        v.value = anchor ? fmt::format("&{} {}", name_of(anchor), map ? "{" : "[") : (map ? "{" : "[");
        tree_.values.push_back(std::move(v));
      } else {
        // A collection used as a key: its contents live under `?`.
        frame.path = join_path(stack_.back().path, "?");
        stack_.back().key = "?";
      }
    }
    stack_.push_back(std::move(frame));
    guard(mark);
  }

  void close() {
    if (stack_.empty()) return;
    Frame done = std::move(stack_.back());
    stack_.pop_back();
    if (done.anchor) anchor_weight_[done.anchor] = done.weight;
    if (!stack_.empty()) stack_.back().weight = add(stack_.back().weight, done.weight);
  }

  std::string_view content_;
  const Positions& positions_;
  FrontMatterTree& tree_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, std::uint64_t> anchor_weight_;
  std::map<YAML::anchor_t, std::string> anchor_names_;
  std::string pending_anchor_;
  std::uint64_t total_ = 0;
  char root_kind_ = 0;
};

void read_yaml(std::string_view content, const Positions& positions, FrontMatterTree& tree) {
  YamlReader reader(content, positions, tree);
  std::stringstream in{std::string(content)};
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(reader);
    tree.ok = true;
  } catch (const YAML::Exception& e) {
    const std::size_t offset = positions.offset_of(static_cast<std::uint32_t>(e.mark.line + 1),
                                                   static_cast<std::uint32_t>(e.mark.column + 1));
    fail(tree, positions.at(e.mark.is_null() ? 0 : offset), e.msg);
    return;
  }
  if (!reader.root_is_mapping()) {
    fail(tree, positions.at(0), "front matter must be `key: value` lines, not a single value or a list");
    return;
  }
  for (const FrontMatterValue& v : tree.values) {
    const std::size_t at = v.offset - positions.at(0).offset;
    // yaml-cpp accepts a quote left open to the end of the block; Jekyll's parser does not.
    if (!v.plain && at < content.size() && (content[at] == '"' || content[at] == '\'') &&
        frontmatter::closing_quote(content, at) == std::string_view::npos) {
      fail(tree, v, fmt::format("the quoted value opened here ({}) is never closed", content[at]));
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// TOML

void read_toml_node(const toml::node& node, const std::string& path, const std::string& key, std::uint32_t depth,
                    const Positions& positions, FrontMatterTree& tree) {
  if (depth > kMaxDepth) throw LimitExceeded{fmt::format("nested deeper than {} levels", kMaxDepth), 0};
  FrontMatterValue v = positions.at(positions.offset_of(node.source().begin.line, node.source().begin.column));
  v.path = path;
  v.key = key;
  v.depth = depth;
  if (const toml::table* t = node.as_table()) {
    v.value = "{";
    if (depth > 0) tree.values.push_back(v);
    for (auto&& [k, child] : *t) {
      const std::string name(k.str());
      FrontMatterTree::Key rec{name, join_path(path, name), k.source().begin.line + positions.at(0).line - 1,
                               k.source().begin.column, depth + 1};
      tree.keys.push_back(rec);
      read_toml_node(child, rec.path, name, depth + 1, positions, tree);
    }
    return;
  }
  if (const toml::array* a = node.as_array()) {
    v.value = "[";
    tree.values.push_back(v);
    for (std::size_t i = 0; i < a->size(); ++i) {
      read_toml_node(*a->get(i), fmt::format("{}[{}]", path, i), key, depth + 1, positions, tree);
    }
    return;
  }
  std::ostringstream text;
  if (const auto* s = node.as_string()) text << "str:" << s->get();
  else node.visit([&](const auto& value) { text << static_cast<int>(node.type()) << ":" << value; });
  v.value = text.str();
  tree.values.push_back(std::move(v));
}

void read_toml(std::string_view content, const Positions& positions, FrontMatterTree& tree) {
  toml::table table;
  try {
    table = toml::parse(content);
  } catch (const toml::parse_error& e) {
    fail(tree, positions.at(positions.offset_of(e.source().begin.line, e.source().begin.column)),
         std::string(e.description()));
    return;
  }
  read_toml_node(table, "", "", 0, positions, tree);
  // toml++ keeps tables sorted by key; the checks want the order they were written in.
  auto by_place = [](const auto& a, const auto& b) { return std::tie(a.line, a.column) < std::tie(b.line, b.column); };
  std::stable_sort(tree.keys.begin(), tree.keys.end(), by_place);
  std::stable_sort(tree.values.begin(), tree.values.end(), by_place);
  tree.ok = true;
}

// ---------------------------------------------------------------------------
// JSON

// nlohmann keeps the last of duplicate keys and knows no positions: a small scan
// records each key where it is written, and refuses deep nesting before parsing.
void scan_json_keys(std::string_view s, const Positions& positions, FrontMatterTree& tree) {
  struct Level {
    bool object;
    std::string path;
    bool want_key;
    std::size_t index = 0;
    std::map<std::string, std::uint32_t> seen;
  };
  std::vector<Level> stack;
  std::string last_key;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '{' || c == '[') {
      std::string path;
      if (!stack.empty()) {
        Level& up = stack.back();
        path = up.object ? join_path(up.path, last_key) : fmt::format("{}[{}]", up.path, up.index++);
      }
      stack.push_back(Level{c == '{', path, c == '{', 0, {}});
      if (stack.size() > kMaxDepth) throw LimitExceeded{fmt::format("nested deeper than {} levels", kMaxDepth), i};
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
    } else if (c == ',' && !stack.empty()) {
      stack.back().want_key = stack.back().object;
    } else if (c == '"') {
      const std::size_t start = i;
      std::string text;
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) text += s[i++];
        text += s[i];
      }
      if (stack.empty() || !stack.back().object || !stack.back().want_key) continue;
      Level& level = stack.back();
      level.want_key = false;
      try {
        last_key = nlohmann::json::parse("\"" + text + "\"").get<std::string>();
      } catch (const std::exception&) {
        last_key = text;
      }
      const FrontMatterValue at = positions.at(start);
      FrontMatterTree::Key key{last_key, join_path(level.path, last_key), at.line, at.column,
                               static_cast<std::uint32_t>(stack.size())};
      if (auto [it, fresh] = level.seen.emplace(last_key, key.line); !fresh) tree.duplicates.push_back({key, it->second});
      tree.keys.push_back(std::move(key));
    }
  }
}

void read_json_value(const nlohmann::json& j, const std::string& path, const std::string& key, std::uint32_t depth,
                     const FrontMatterValue& where, FrontMatterTree& tree) {
  FrontMatterValue v = where;
  v.path = path;
  v.key = key;
  v.depth = depth;
  if (j.is_object()) {
    v.value = "{";
    if (depth > 0) tree.values.push_back(v);
    for (const auto& [k, child] : j.items()) read_json_value(child, join_path(path, k), k, depth + 1, where, tree);
  } else if (j.is_array()) {
    v.value = "[";
    tree.values.push_back(v);
    for (std::size_t i = 0; i < j.size(); ++i) read_json_value(j[i], fmt::format("{}[{}]", path, i), key, depth + 1, where, tree);
  } else {
    v.value = std::string(j.type_name()) + ":" + j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    tree.values.push_back(std::move(v));
  }
}

void read_json(std::string_view content, const Positions& positions, FrontMatterTree& tree) {
  scan_json_keys(content, positions, tree);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(content);
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number too big
    std::string message = e.what();
    if (const std::size_t colon = message.find("] "); colon != std::string::npos) message.erase(0, colon + 2);
    const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&e);
    fail(tree, positions.at(parse && parse->byte > 0 ? parse->byte - 1 : 0), message);
    return;
  }
  if (!j.is_object()) {
    fail(tree, positions.at(0), "JSON front matter must be an object");
    return;
  }
  read_json_value(j, "", "", 0, positions.at(0), tree);
  tree.ok = true;
}

}  // namespace

FrontMatterTree parse_front_matter(std::string_view text, const FrontMatterBlock& block) {
  FrontMatterTree tree;
  const std::string_view content = text.substr(block.content.begin, block.content.size());
  const Positions positions(content, block);
  try {
    if (content.size() > kMaxBytes) throw LimitExceeded{fmt::format("larger than {} KiB", kMaxBytes / 1024), 0};
    if (block.format != FrontMatterBlock::Format::toml) {
      if (auto deep = too_deep_brackets(content)) {
        throw LimitExceeded{fmt::format("nested deeper than {} levels", kMaxDepth), *deep};
      }
    }
    switch (block.format) {
      case FrontMatterBlock::Format::yaml: read_yaml(content, positions, tree); break;
      case FrontMatterBlock::Format::toml: read_toml(content, positions, tree); break;
      case FrontMatterBlock::Format::json: read_json(content, positions, tree); break;
    }
  } catch (const LimitExceeded& e) {
    tree = FrontMatterTree{};
    fail(tree, positions.at(e.offset), e.message, true);
  }
  return tree;
}

}  // namespace kempt
