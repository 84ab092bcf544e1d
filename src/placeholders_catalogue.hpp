#pragma once
// The placeholder catalogue inside libkempt: reading it (strictly) from YAML and
// matching all its fingerprints at once with RE2 sets.
#include <re2/re2.h>
#include <re2/set.h>

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "kempt/placeholders.hpp"

namespace YAML {
class Node;
}

namespace kempt {

/// Where a fingerprint matched in a text.
struct TextMatch {
  std::size_t begin = 0;
  std::size_t end = 0;
  const Fingerprint* fingerprint = nullptr;
};

/// The catalogue as read, before compiling: what .kempt.yaml adds to the built-in one.
struct CatalogueSource {
  std::vector<Fingerprint> fingerprints;
  std::vector<std::string> lorem_words, lorem_common, lorem_mixed, generic_labels;
  std::vector<std::string> ignore;  ///< template ids or template/fingerprint ids left out
};

class PlaceholderCatalogue {
 public:
  /// Compiles `source`; throws std::invalid_argument naming a pattern RE2 rejects.
  explicit PlaceholderCatalogue(CatalogueSource source);
  PlaceholderCatalogue(const PlaceholderCatalogue&) = delete;
  PlaceholderCatalogue& operator=(const PlaceholderCatalogue&) = delete;

  /// Every match of a text or regex fingerprint in `text`, by position.
  std::vector<TextMatch> find_in_text(std::string_view text) const;
  /// The fingerprint a whole link target (URL) is, or null.
  const Fingerprint* match_link(std::string_view url) const;
  /// The fingerprint an image source is, or null.
  const Fingerprint* match_image(std::string_view src) const;
  /// The content fingerprint whose sample file `text` (a whole file) is, or null.
  const Fingerprint* match_content(std::string_view text) const;
  /// The sample-file fingerprints whose path pattern `path` ends with.
  std::vector<const Fingerprint*> match_file(const std::filesystem::path& path) const;

  bool is_lorem_word(std::string_view lower) const { return lorem_words_.count(std::string(lower)) > 0; }
  bool is_common_lorem_word(std::string_view lower) const { return lorem_common_.count(std::string(lower)) > 0; }
  /// An English word of a filler that mixes it with the Latin (Monocle ipsum).
  bool is_mixed_filler_word(std::string_view lower) const { return lorem_mixed_.count(std::string(lower)) > 0; }
  bool is_generic_label(std::string_view lower) const { return generic_labels_.count(std::string(lower)) > 0; }
  /// The fingerprint behind Lorem ipsum found in general (not a template string).
  const Fingerprint& lorem_fingerprint() const { return lorem_; }
  /// False when .kempt.yaml ignores generic/lorem-ipsum.
  bool lorem_enabled() const { return lorem_enabled_; }

  const std::vector<Fingerprint>& fingerprints() const { return fingerprints_; }
  std::set<std::string> template_ids() const;

 private:
  struct Compiled {
    std::unique_ptr<RE2::Set> set;
    std::vector<std::unique_ptr<RE2>> each;
    std::vector<const Fingerprint*> owner;
  };
  void compile(Compiled& c, Fingerprint::Target target, RE2::Anchor anchor);
  std::vector<int> set_matches(const Compiled& c, std::string_view text) const;
  const Fingerprint* match_whole(const Compiled& c, std::string_view text) const;

  std::vector<Fingerprint> fingerprints_;
  Fingerprint lorem_;
  bool lorem_enabled_ = true;
  Compiled text_, links_, images_;
  std::vector<std::pair<std::string, const Fingerprint*>> file_globs_;
  std::vector<const Fingerprint*> contents_;
  std::size_t largest_content_ = 0;
  std::unordered_set<std::string> lorem_words_, lorem_common_, lorem_mixed_, generic_labels_;
};

/// Reads a catalogue document (data/templates.yaml's shape) into `out`; `origin`
/// names the file in errors. Throws ConfigError (with line:column) for anything
/// it does not know or cannot use.
void read_catalogue(const YAML::Node& root, const std::string& origin, CatalogueSource& out,
                    bool builtin);

/// The built-in catalogue's source (data/templates.yaml).
const CatalogueSource& builtin_catalogue_source();

/// Compiles the built-in catalogue plus a `placeholders:` section of .kempt.yaml.
/// Throws ConfigError.
std::shared_ptr<const PlaceholderCatalogue> read_placeholder_settings(const YAML::Node& node,
                                                                      const std::string& origin);

}  // namespace kempt
