#pragma once
// The built-in placeholder catalogue as tools/gen_placeholder_catalogue.cpp lays it
// out when kempt is built: data/templates.yaml read (and checked) once by the same
// reader as .kempt.yaml, so no kempt process parses that YAML again (issue 18: a
// one-page run spent most of its time there).
#include <cstddef>
#include <span>
#include <string_view>

#include "kempt/placeholders.hpp"

namespace kempt::baked_catalogue {

/// A Fingerprint in constant data; its `content.all` strings are
/// kContentStrings[all_first, all_first + all_count).
struct BakedFingerprint {
  std::string_view template_id, template_name, id, kind, note;
  Fingerprint::Target target;
  std::string_view pattern;
  bool literal, weak, generic_label;
  std::size_t all_first, all_count, max_size;
};

extern const std::span<const BakedFingerprint> kFingerprints;
extern const std::span<const std::string_view> kContentStrings;
extern const std::span<const std::string_view> kLoremWords, kLoremCommon, kLoremMixed, kGenericLabels, kIgnore;

}  // namespace kempt::baked_catalogue
