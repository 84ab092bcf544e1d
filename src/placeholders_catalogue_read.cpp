// Reading a placeholder catalogue (data/templates.yaml's shape) strictly, so that a
// typo is an error with its line and not a fingerprint that silently never matches.
// Built into libkempt for `placeholders:` in .kempt.yaml, and into the build-time
// generator that bakes data/templates.yaml (tools/gen_placeholder_catalogue.cpp),
// so the built-in catalogue passes the same checks without a YAML parse per process.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "kempt/config.hpp"
#include "placeholders_catalogue.hpp"

namespace kempt {
namespace {

constexpr const char* kKinds[] = {"paper", "talk", "teaching", "portfolio", "post",  "news",  "bio",
                                  "name",  "contact", "link", "image",   "lorem", "cv",  "project",
                                  "award", "date",  "heading", "file", "comment"};
constexpr const char* kTargets[] = {"text", "regex", "link", "link_regex", "image", "image_regex", "file", "content"};

std::string where(const std::string& origin, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return origin;
  return fmt::format("{}:{}:{}", origin, mark.line + 1, mark.column + 1);
}

[[noreturn]] void fail(const std::string& origin, const YAML::Node& node, const std::string& message) {
  throw ConfigError(fmt::format("{}: {}", where(origin, node), message));
}

std::string scalar(const std::string& origin, const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar() || node.Scalar().empty()) fail(origin, node, what + " must be a non-empty string");
  return node.Scalar();
}

bool flag(const std::string& origin, const YAML::Node& node, const std::string& what) {
  if (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false")) return node.Scalar() == "true";
  fail(origin, node, what + " must be true or false");
}

std::vector<std::string> words(const std::string& origin, const YAML::Node& node, const std::string& what) {
  if (!node.IsSequence()) fail(origin, node, what + " must be a list of words");
  std::vector<std::string> out;
  for (const YAML::Node& item : node) {
    std::string w = scalar(origin, item, what + " entry");
    std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return std::tolower(c); });
    out.push_back(std::move(w));
  }
  return out;
}

bool valid_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '-' || c == '_' || c == '.';
  });
}

// RE2 is the judge of a pattern: compile it alone to report the error where it is written.
void check_pattern(const std::string& origin, const YAML::Node& node, const Fingerprint& fp) {
  if (fp.literal || fp.target == Fingerprint::Target::file || fp.target == Fingerprint::Target::content) return;
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(fp.pattern, options);
  if (!re.ok()) fail(origin, node, fmt::format("not a pattern RE2 accepts: {}", re.error()));
}

// A content fingerprint: `all` (the sample file's distinctive strings, spread
// over it) and `size` (its normalised size in bytes, the largest of the releases
// it covers). One string or two could be quoted by an owner's real file; all of
// them, in a file hardly larger than the sample, cannot be anything else.
constexpr std::size_t kMinContentStrings = 3;

void read_content(const std::string& origin, const YAML::Node& value, Fingerprint& fp) {
  if (!value.IsMap()) fail(origin, value, "content must be a mapping (all, size)");
  std::size_t size = 0;
  for (const auto& entry : value) {
    const std::string key = entry.first.as<std::string>("");
    if (key == "all") {
      if (!entry.second.IsSequence()) fail(origin, entry.second, "content.all must be a list of strings");
      for (const YAML::Node& item : entry.second) {
        std::string norm = normalise_sample_text(scalar(origin, item, "content.all entry"));
        if (norm.size() < 8) fail(origin, item, "a content.all string needs at least 8 characters");
        fp.all.push_back(std::move(norm));
      }
    } else if (key == "size") {
      size = entry.second.as<std::size_t>(0);
      if (size == 0) fail(origin, entry.second, "content.size must be a positive number of bytes");
    } else {
      fail(origin, entry.first, fmt::format("unknown content field '{}' (known: all, size)", key));
    }
  }
  if (fp.all.size() < kMinContentStrings) fail(origin, value, fmt::format("content.all needs at least {} strings", kMinContentStrings));
  if (size == 0) fail(origin, value, "content needs a size");
  // A quarter more than the sample (and a line's worth for the smallest files):
  // room for a changed date or name, not for an owner's own page around it.
  fp.max_size = size + size / 4 + 80;
}

Fingerprint read_fingerprint(const std::string& origin, const YAML::Node& node, const Fingerprint& owner, bool builtin) {
  if (!node.IsMap()) fail(origin, node, "a fingerprint must be a mapping (id, kind, text|regex|link|...)");
  Fingerprint fp = owner;
  bool has_target = false;
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>("");
    const YAML::Node& value = entry.second;
    if (key == "id") fp.id = scalar(origin, value, "id");
    else if (key == "kind") fp.kind = scalar(origin, value, "kind");
    else if (key == "note") fp.note = scalar(origin, value, "note");
    else if (key == "weak") fp.weak = flag(origin, value, "weak");
    else if (key == "generic_label") fp.generic_label = flag(origin, value, "generic_label");
    else if (std::find(std::begin(kTargets), std::end(kTargets), key) != std::end(kTargets)) {
      if (has_target) fail(origin, entry.first, "a fingerprint has exactly one of text, regex, link, link_regex, image, image_regex, file");
      has_target = true;
      if (key == "content") {
        fp.target = Fingerprint::Target::content;
        read_content(origin, value, fp);
        continue;
      }
      fp.pattern = scalar(origin, value, key);
      fp.literal = key == "text" || key == "link" || key == "image" || key == "file";
      fp.target = key.starts_with("link") ? Fingerprint::Target::link
                  : key.starts_with("image") ? Fingerprint::Target::image
                  : key == "file" ? Fingerprint::Target::file
                                  : Fingerprint::Target::text;
    } else {
      fail(origin, entry.first, fmt::format("unknown fingerprint field '{}' (known: id, kind, note, weak, generic_label, {})",
                                            key, fmt::join(kTargets, ", ")));
    }
  }
  if (!valid_id(fp.id)) fail(origin, node, "a fingerprint needs an id of lower-case letters, digits and '-'");
  if (std::find(std::begin(kKinds), std::end(kKinds), fp.kind) == std::end(kKinds)) {
    fail(origin, node, fmt::format("fingerprint {}: kind must be one of {}", fp.id, fmt::join(kKinds, ", ")));
  }
  if (!has_target) fail(origin, node, fmt::format("fingerprint {} has none of {}", fp.id, fmt::join(kTargets, ", ")));
  if (fp.generic_label && fp.target != Fingerprint::Target::link) fail(origin, node, "generic_label applies to links only");
  // (The built-in catalogue's patterns are checked by its tests, not in every process.)
  if (!builtin) check_pattern(origin, node, fp);
  return fp;
}

void read_template(const std::string& origin, const YAML::Node& node, CatalogueSource& out, bool builtin) {
  if (!node.IsMap()) fail(origin, node, "a template must be a mapping (id, name, repo, fingerprints)");
  Fingerprint owner;
  YAML::Node list;
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>("");
    if (key == "id") owner.template_id = scalar(origin, entry.second, "id");
    else if (key == "name") owner.template_name = scalar(origin, entry.second, "name");
    else if (key == "repo") scalar(origin, entry.second, "repo");
    else if (key == "fingerprints") list = entry.second;
    else fail(origin, entry.first, fmt::format("unknown template field '{}' (known: id, name, repo, fingerprints)", key));
  }
  if (!valid_id(owner.template_id)) fail(origin, node, "a template needs an id of lower-case letters, digits and '-'");
  // A template already known (built in, or earlier in the file) gets more fingerprints.
  auto known = std::find_if(out.fingerprints.begin(), out.fingerprints.end(),
                            [&](const Fingerprint& f) { return f.template_id == owner.template_id; });
  if (known != out.fingerprints.end()) {
    if (owner.template_name.empty()) owner.template_name = known->template_name;
  } else if (owner.template_name.empty()) {
    fail(origin, node, fmt::format("template {} needs a name", owner.template_id));
  }
  if (!list.IsSequence() || list.size() == 0) fail(origin, node, fmt::format("template {} needs a list of fingerprints", owner.template_id));
  for (const YAML::Node& item : list) {
    Fingerprint fp = read_fingerprint(origin, item, owner, builtin);
    const bool duplicate = std::any_of(out.fingerprints.begin(), out.fingerprints.end(), [&](const Fingerprint& f) {
      return f.qualified_id() == fp.qualified_id();
    });
    if (duplicate) fail(origin, item, fmt::format("fingerprint {} is defined twice", fp.qualified_id()));
    out.fingerprints.push_back(std::move(fp));
  }
}

}  // namespace

std::string normalise_sample_text(std::string_view text, std::size_t limit) {
  std::string out;
  out.reserve(std::min(text.size(), limit));
  bool space = false;
  for (char c : text) {
    if (out.size() > limit) break;
    if (sample_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (c == '/' && out.ends_with("http://")) out.insert(out.size() - 3, "s");
  }
  return out;
}

void read_catalogue(const YAML::Node& root, const std::string& origin, CatalogueSource& out, bool builtin) {
  if (!root.IsMap()) fail(origin, root, "placeholders must be a mapping (templates, ignore)");
  for (const auto& entry : root) {
    const std::string key = entry.first.as<std::string>("");
    const YAML::Node& value = entry.second;
    if (key == "templates") {
      if (!value.IsSequence()) fail(origin, value, "templates must be a list");
      for (const YAML::Node& t : value) read_template(origin, t, out, builtin);
    } else if (key == "generic_labels") {
      for (std::string& w : words(origin, value, key)) out.generic_labels.push_back(std::move(w));
    } else if (key == "ignore") {
      if (!value.IsSequence()) fail(origin, value, "ignore must be a list of template or template/fingerprint ids");
      for (const YAML::Node& item : value) out.ignore.push_back(scalar(origin, item, "ignore entry"));
    } else if (key == "lorem" && builtin) {
      for (const auto& l : value) {
        const std::string part = l.first.as<std::string>("");
        if (part == "words") out.lorem_words = words(origin, l.second, "lorem.words");
        else if (part == "common") out.lorem_common = words(origin, l.second, "lorem.common");
        else if (part == "mixed") out.lorem_mixed = words(origin, l.second, "lorem.mixed");
        else fail(origin, l.first, "unknown lorem field (known: words, common, mixed)");
      }
    } else {
      fail(origin, entry.first, fmt::format("unknown setting placeholders.{} (known: templates, generic_labels, ignore)", key));
    }
  }
}

}  // namespace kempt
