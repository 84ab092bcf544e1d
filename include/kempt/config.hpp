#pragma once
/// A site's settings for kempt: `.kempt.yaml`, found upward from each file, or `--config`.
///
///   frontmatter:
///     required: [title, date]       # keys every page's front matter must have
///     order: [title, date, tags]    # checked only when given
///     dates: iso                    # iso: rewrite unambiguous dates as YYYY-MM-DD; keep: leave them
///     quote: minimal                # minimal: "…" unless that needs escapes, then '…'; double: always "…"
///   placeholders:
///     templates: [...]              # more templates/fingerprints, as in data/templates.yaml
///     generic_labels: [...]         # more link texts that say nothing of their own
///     ignore: [academicpages, generic/bare-profile-link]   # templates or fingerprints left out
///   ignore: [mojibake/lost-bytes]   # rules (or rule prefixes) neither reported nor fixed, in every file
///   per-file-ignores:               # the same for the files a glob matches (relative to this file's folder)
///     "_posts/ru/*": [mojibake]
///   encoding: windows-1254          # the legacy charset of every file that is not UTF-8, or per glob
///                                   # (first match wins): {"old/*.htm": windows-1252, "CN/*": GB18030};
///                                   # a name ICU does not know is an error at load time

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kempt/pipeline.hpp"

namespace kempt {

/// A configuration file kempt cannot use: exit code 2, the message names file, line and column.
class ConfigError : public UsageError {
 public:
  using UsageError::UsageError;
};

struct FrontMatterSettings {
  enum class Dates { iso, keep };
  enum class Quote { minimal, double_quotes };
  std::vector<std::string> required;
  std::vector<std::string> order;
  Dates dates = Dates::iso;
  Quote quote = Quote::minimal;
};

class PlaceholderCatalogue;

/// Rules left out (`ignore:`, `per-file-ignores:`): rule ids or prefixes, as
/// `rule_matches` reads them. A finding so ignored is neither reported nor fixed;
/// a pass ignored as a whole is not run.
struct IgnoreSettings {
  std::vector<std::string> rules;  ///< in every file
  std::vector<std::pair<std::string, std::vector<std::string>>> per_file;  ///< glob → rules
};

struct Config {
  std::string origin;  ///< the file it came from, for messages; empty for the defaults
  /// The folder `per-file-ignores` globs are relative to (the file's); empty: the current one.
  std::filesystem::path folder;
  FrontMatterSettings frontmatter;
  /// The built-in placeholder catalogue with this file's additions; null: the built-in one.
  std::shared_ptr<const PlaceholderCatalogue> placeholders;
  IgnoreSettings ignore;
  /// `encoding:` — the legacy page of the files a glob matches (relative to `folder`;
  /// a plain string in the YAML means every file: glob "**"), first match wins.
  std::vector<std::pair<std::string, std::string>> encodings;
  /// `encoding:` of the Jekyll `_config.yml` nearest above the file (a declaration, not
  /// a setting of kempt's); empty: none, or UTF-8.
  std::string jekyll_encoding;

  /// The charset `encoding:` sets for `file`; empty: none.
  std::string configured_encoding(const std::filesystem::path& file) const;

  /// The rules ignored in `file`: `ignore:` and those of every glob that matches it.
  std::vector<std::string> ignored_rules(const std::filesystem::path& file) const;
};

/// Reads a `.kempt.yaml` text; `origin` names it in errors. Throws ConfigError.
Config parse_config(std::string_view yaml, const std::string& origin);
/// Reads and parses a configuration file. Throws ConfigError.
Config load_config(const std::filesystem::path& file);

/// The `encoding:` a Jekyll `_config.yml` text sets (`bom|` dropped), for the encoding
/// pass as the site's declaration; empty when it sets none, sets UTF-8, names a charset
/// ICU does not know, or the text does not parse. Reads no other key.
std::string jekyll_encoding(std::string_view config_yml);

/// Which configuration applies to a file: the `--config` file when given, else the
/// nearest `.kempt.yaml` in the file's folder or above it, else the defaults; with
/// `jekyll_encoding` from the nearest Jekyll `_config.yml` above the file (not above
/// its git work tree's top). Each folder is looked up once; safe to share between threads.
class ConfigFinder {
 public:
  static constexpr const char* kFileName = ".kempt.yaml";
  /// Loads `explicit_file` at once (throws ConfigError), so a bad `--config` stops the run early.
  explicit ConfigFinder(std::optional<std::filesystem::path> explicit_file = std::nullopt);
  /// Throws ConfigError for a `.kempt.yaml` that cannot be read or parsed.
  std::shared_ptr<const Config> for_file(const std::filesystem::path& file) const;

 private:
  std::shared_ptr<const Config> for_folder(const std::filesystem::path& folder) const;
  std::string jekyll_for_folder(const std::filesystem::path& folder) const;
  std::shared_ptr<const Config> explicit_;
  std::shared_ptr<const Config> defaults_;
  mutable std::mutex mutex_;
  // By the folder's absolute, lexically normal path as a string: for such paths the
  // text is the path, and a string compares and hashes in a fraction of the time of a
  // path's component-wise compare (asked twice for every file of a run).
  mutable std::unordered_map<std::string, std::shared_ptr<const Config>> by_folder_;
  mutable std::unordered_map<std::string, std::string> jekyll_by_folder_;
  /// A configuration with a Jekyll site's `encoding:` added, per (configuration, charset).
  mutable std::map<std::pair<const Config*, std::string>, std::shared_ptr<const Config>> with_jekyll_;
};

}  // namespace kempt
