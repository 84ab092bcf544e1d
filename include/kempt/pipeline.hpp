#pragma once
/// Runs the enabled passes over a Document in their fixed order.

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kempt/pass.hpp"
#include "kempt/placeholders.hpp"

namespace kempt {

/// A request the user can correct (unknown pass name, bad option): exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What the user allowed beyond the defaults (`kempt fix` options).
struct PipelineOptions {
  PlaceholderOptions placeholders;
};

/// The passes kempt has, in pipeline order.
std::vector<std::string_view> pass_names();

struct PipelineOutcome {
  Document document;               ///< after every pass (or as read, when held)
  std::vector<Finding> findings;
  std::string source_text;         ///< the file's text as decoded, before any text pass
  bool held = false;               ///< left untouched: see the error findings
  /// The bytes to write back: differs from `document.bytes` only when a pass fixed something.
  bool changed() const { return !held && (document.delete_file || document.text != document.bytes); }
};

class Pipeline {
 public:
  /// All passes, minus those not in `only` (when not empty) and those in `skip`.
  /// Throws UsageError for a name that is not a pass.
  static Pipeline select(const std::vector<std::string>& only, const std::vector<std::string>& skip,
                         const PipelineOptions& options = {});

  /// The given passes, in the order given: a library user's own (or a test's) pipeline.
  static Pipeline of(std::vector<std::shared_ptr<const Pass>> passes);

  PipelineOutcome run(Document document) const;
  std::vector<std::string_view> enabled() const;

 private:
  std::vector<std::shared_ptr<const Pass>> passes_;
};

}  // namespace kempt
