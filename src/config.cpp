// `.kempt.yaml`: read strictly, so that a typo is an error the user sees (exit 2)
// rather than a setting silently ignored.
#include "kempt/config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unicode/ucnv.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "kempt/files.hpp"
#include "placeholders_catalogue.hpp"

namespace kempt {
namespace {

std::string where(const std::string& origin, const YAML::Mark& mark) {
  if (mark.is_null()) return origin;
  return fmt::format("{}:{}:{}", origin, mark.line + 1, mark.column + 1);
}

[[noreturn]] void fail(const std::string& origin, const YAML::Node& node, const std::string& message) {
  throw ConfigError(fmt::format("{}: {}", where(origin, node.Mark()), message));
}

std::vector<std::string> key_list(const std::string& origin, const YAML::Node& node, const char* name) {
  if (!node.IsSequence()) fail(origin, node, fmt::format("frontmatter.{} must be a list of keys, e.g. [title, date]", name));
  std::vector<std::string> keys;
  for (const YAML::Node& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) fail(origin, item, fmt::format("frontmatter.{} holds something that is not a key name", name));
    keys.push_back(item.Scalar());
  }
  return keys;
}

// One of `choices` (the first is the default's spelling), or an error naming them.
std::string choice(const std::string& origin, const YAML::Node& node, const char* name,
                   std::initializer_list<const char*> choices) {
  if (node.IsScalar()) {
    for (const char* c : choices) {
      if (node.Scalar() == c) return c;
    }
  }
  fail(origin, node, fmt::format("frontmatter.{} must be {}, not '{}'", name, fmt::join(choices, " or "),
                                 node.IsScalar() ? node.Scalar() : std::string("a collection")));
}

FrontMatterSettings read_frontmatter(const std::string& origin, const YAML::Node& node) {
  FrontMatterSettings s;
  if (node.IsNull()) return s;
  if (!node.IsMap()) fail(origin, node, "frontmatter must be a mapping (required, order, dates, quote)");
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>("");
    const YAML::Node& value = entry.second;
    if (key == "required") s.required = key_list(origin, value, "required");
    else if (key == "order") s.order = key_list(origin, value, "order");
    else if (key == "dates") s.dates = choice(origin, value, "dates", {"iso", "keep"}) == std::string("iso") ? FrontMatterSettings::Dates::iso : FrontMatterSettings::Dates::keep;
    else if (key == "quote") s.quote = choice(origin, value, "quote", {"minimal", "double"}) == std::string("minimal") ? FrontMatterSettings::Quote::minimal : FrontMatterSettings::Quote::double_quotes;
    else fail(origin, entry.first, fmt::format("unknown setting frontmatter.{} (known: required, order, dates, quote)", key));
  }
  return s;
}

// A rule id or prefix: its first part must be a pass (or `io`), so that a typo is
// an error rather than a rule that silently matches nothing.
std::string rule_id(const std::string& origin, const YAML::Node& node, const std::string& setting) {
  if (!node.IsScalar() || node.Scalar().empty())
    fail(origin, node, fmt::format("{} holds something that is not a rule id (e.g. mojibake/lost-bytes)", setting));
  const std::string& rule = node.Scalar();
  const std::string pass = rule.substr(0, rule.find('/'));
  std::vector<std::string_view> known = pass_names();
  known.push_back("io");
  const bool valid_chars = std::all_of(rule.begin(), rule.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '/' || c == '.';
  });
  if (!valid_chars || rule.back() == '/' || std::find(known.begin(), known.end(), pass) == known.end())
    fail(origin, node, fmt::format("{}: '{}' is not a rule id or prefix (it starts with a pass: {})", setting, rule,
                                   fmt::join(known, ", ")));
  return rule;
}

std::vector<std::string> rule_list(const std::string& origin, const YAML::Node& node, const std::string& setting) {
  if (node.IsScalar()) return {rule_id(origin, node, setting)};
  if (!node.IsSequence()) fail(origin, node, fmt::format("{} must be a list of rule ids, e.g. [mojibake/lost-bytes]", setting));
  std::vector<std::string> rules;
  for (const YAML::Node& item : node) rules.push_back(rule_id(origin, item, setting));
  return rules;
}

std::vector<std::pair<std::string, std::vector<std::string>>> per_file_rules(const std::string& origin,
                                                                             const YAML::Node& node) {
  if (!node.IsMap())
    fail(origin, node, "per-file-ignores must map globs to rule lists, e.g. {\"_posts/ru/*\": [mojibake]}");
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& entry : node) {
    const std::string glob = entry.first.as<std::string>("");
    if (glob.empty()) fail(origin, entry.first, "per-file-ignores: a glob must not be empty");
    out.emplace_back(glob, rule_list(origin, entry.second, fmt::format("per-file-ignores.\"{}\"", glob)));
  }
  return out;
}

// ICU's name for `charset` (`cp1254` and `windows-1254` give the same), or empty when
// ICU has no converter by that name. An empty name would open ICU's default: refused.
std::string icu_charset_name(const std::string& charset) {
  if (charset.empty()) return {};
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset.c_str(), &status);
  if (U_FAILURE(status) || !conv) return {};
  std::string name = ucnv_getName(conv, &status);
  ucnv_close(conv);
  return U_SUCCESS(status) ? name : std::string();
}

// A charset the encoding pass can decode with; checked now, so that a typo is an
// error at load time rather than a file the pass cannot read.
std::string charset_name(const std::string& origin, const YAML::Node& node, const std::string& setting) {
  if (!node.IsScalar() || node.Scalar().empty())
    fail(origin, node, fmt::format("{} must name a charset, e.g. windows-1252", setting));
  if (icu_charset_name(node.Scalar()).empty())
    fail(origin, node, fmt::format("{}: '{}' is not a charset kempt knows (e.g. windows-1252, ISO-8859-2, GB18030, "
                                   "Shift_JIS)", setting, node.Scalar()));
  return node.Scalar();
}

// `encoding: windows-1254` (every file) or `encoding: {"old/*.htm": windows-1252}`,
// in the order written: the first glob that matches a file gives its charset.
std::vector<std::pair<std::string, std::string>> encodings(const std::string& origin, const YAML::Node& node) {
  if (node.IsScalar()) return {{"**", charset_name(origin, node, "encoding")}};
  if (!node.IsMap())
    fail(origin, node, "encoding must be a charset (every file) or map globs to charsets, e.g. "
                       "{\"old/*.htm\": windows-1252}");
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& entry : node) {
    const std::string glob = entry.first.as<std::string>("");
    if (glob.empty()) fail(origin, entry.first, "encoding: a glob must not be empty");
    out.emplace_back(glob, charset_name(origin, entry.second, fmt::format("encoding.\"{}\"", glob)));
  }
  return out;
}

}  // namespace

namespace {
// Globs are relative to the configuration's folder; a file outside it is matched as named.
std::string relative_to(const std::filesystem::path& folder, const std::filesystem::path& file) {
  std::string rel = file.lexically_normal().generic_string();
  if (!folder.empty()) {
    std::error_code ec;
    const std::filesystem::path inside = std::filesystem::absolute(file, ec).lexically_normal().lexically_relative(folder);
    if (!ec && !inside.empty() && *inside.begin() != "..") rel = inside.generic_string();
  }
  return rel;
}
}  // namespace

std::string Config::configured_encoding(const std::filesystem::path& file) const {
  if (encodings.empty()) return {};
  const std::string rel = relative_to(folder, file);
  for (const auto& [glob, charset] : encodings) {
    if (glob == "**" || glob_matches_path(glob, rel)) return charset;
  }
  return {};
}

std::vector<std::string> Config::ignored_rules(const std::filesystem::path& file) const {
  std::vector<std::string> rules = ignore.rules;
  if (ignore.per_file.empty()) return rules;
  const std::string rel = relative_to(folder, file);
  for (const auto& [glob, globbed] : ignore.per_file) {
    if (glob_matches_path(glob, rel)) rules.insert(rules.end(), globbed.begin(), globbed.end());
  }
  return rules;
}

Config parse_config(std::string_view yaml, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("{}: not valid YAML: {}", where(origin, e.mark), e.msg));
  }
  Config config;
  config.origin = origin;
  if (root.IsNull()) return config;
  if (!root.IsMap()) fail(origin, root, "the configuration must be a mapping, e.g. `frontmatter: {required: [title]}`");
  for (const auto& entry : root) {
    const std::string key = entry.first.as<std::string>("");
    if (key == "frontmatter") config.frontmatter = read_frontmatter(origin, entry.second);
    else if (key == "placeholders") config.placeholders = read_placeholder_settings(entry.second, origin);
    else if (key == "ignore") config.ignore.rules = rule_list(origin, entry.second, "ignore");
    else if (key == "per-file-ignores") config.ignore.per_file = per_file_rules(origin, entry.second);
    else if (key == "encoding") config.encodings = encodings(origin, entry.second);
    else fail(origin, entry.first, fmt::format("unknown section '{}' (known: frontmatter, placeholders, ignore, per-file-ignores, encoding)", key));
  }
  return config;
}

Config load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("{}: cannot read the configuration file", file.generic_string()));
  std::ostringstream text;
  text << in.rdbuf();
  Config config = parse_config(text.str(), file.generic_string());
  std::error_code ec;
  config.folder = std::filesystem::absolute(file, ec).lexically_normal().parent_path();
  return config;
}

ConfigFinder::ConfigFinder(std::optional<std::filesystem::path> explicit_file)
    : defaults_(std::make_shared<const Config>()) {
  if (explicit_file) explicit_ = std::make_shared<const Config>(load_config(*explicit_file));
}

std::string jekyll_encoding(std::string_view config_yml) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(config_yml));
  } catch (const YAML::Exception&) {
    return {};  // Jekyll could not build the site either: it declares nothing
  }
  if (!root.IsMap()) return {};
  const YAML::Node value = root["encoding"];
  if (!value.IsScalar()) return {};
  // Jekyll hands the setting to Ruby's File.read: `bom|utf-8` reads UTF-8 after a BOM.
  std::string charset = value.Scalar();
  if (charset.size() > 4 && std::equal(charset.begin(), charset.begin() + 4, "bom|",
                                       [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
    charset.erase(0, 4);
  const std::string name = icu_charset_name(charset);
  // UTF-8 is Jekyll's default, no legacy page; a name ICU does not know declares nothing it can use.
  if (name.empty() || name == "UTF-8") return {};
  return charset;
}

std::shared_ptr<const Config> ConfigFinder::for_file(const std::filesystem::path& file) const {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(file, ec);
  if (ec) return explicit_ ? explicit_ : defaults_;
  const std::filesystem::path folder = absolute.lexically_normal().parent_path();
  std::shared_ptr<const Config> base = explicit_ ? explicit_ : for_folder(folder);
  std::string jekyll = jekyll_for_folder(folder);
  if (jekyll.empty()) return base;
  // The Jekyll site's declaration joins the file's settings: one copy per pair, not per file.
  std::lock_guard lock(mutex_);
  auto [it, fresh] = with_jekyll_.try_emplace({base.get(), jekyll});
  if (fresh) {
    auto config = std::make_shared<Config>(*base);
    config->jekyll_encoding = std::move(jekyll);
    it->second = std::move(config);
  }
  return it->second;
}

// A file's site root is the nearest folder with a `_config.yml` (Jekyll's default
// name; `_config.yaml` when that is what the site has), looked for up to the top
// of the git work tree the folder is in: a site never reaches above its repository.
std::string ConfigFinder::jekyll_for_folder(const std::filesystem::path& folder) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = jekyll_by_folder_.find(folder.native()); it != jekyll_by_folder_.end()) return it->second;
  }
  std::string found;
  std::error_code ec;
  std::filesystem::path config_file;
  for (const char* name : {"_config.yml", "_config.yaml"}) {
    if (std::filesystem::is_regular_file(folder / name, ec)) {
      config_file = folder / name;
      break;
    }
  }
  if (!config_file.empty()) {
    // A site's `_config.yml` is a few KiB; anything far larger is not one to read for a setting.
    constexpr std::uintmax_t kMaxJekyllConfigBytes = 1 << 20;
    const std::uintmax_t size = std::filesystem::file_size(config_file, ec);
    std::ifstream in(config_file, std::ios::binary);
    if (!ec && size <= kMaxJekyllConfigBytes && in) {
      std::ostringstream text;
      text << in.rdbuf();
      found = jekyll_encoding(text.str());
    }
  } else if (!std::filesystem::exists(folder / ".git", ec) && folder.has_parent_path() &&
             folder.parent_path() != folder) {
    found = jekyll_for_folder(folder.parent_path());
  }
  std::lock_guard lock(mutex_);
  jekyll_by_folder_.emplace(folder.native(), found);
  return found;
}

std::shared_ptr<const Config> ConfigFinder::for_folder(const std::filesystem::path& folder) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = by_folder_.find(folder.native()); it != by_folder_.end()) return it->second;
  }
  std::shared_ptr<const Config> found;
  std::error_code ec;
  if (std::filesystem::exists(folder / kFileName, ec)) {
    found = std::make_shared<const Config>(load_config(folder / kFileName));
  } else if (folder.has_parent_path() && folder.parent_path() != folder) {
    found = for_folder(folder.parent_path());
  } else {
    found = defaults_;
  }
  std::lock_guard lock(mutex_);
  by_folder_.emplace(folder.native(), found);
  return found;
}

}  // namespace kempt
