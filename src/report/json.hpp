#pragma once
// The JSON objects `--format json` and `kempt fix --jsonl` share (docs/json-output.md).
#include <nlohmann/json.hpp>

#include "kempt/finding.hpp"

namespace kempt::detail {

/// A finding as `--format json` writes it; `written`: its file's fixed text is
/// delivered (on disk, or as a `--jsonl` answer's content), so a fixable finding is fixed.
nlohmann::json finding_json(const Finding& finding, bool written);

}  // namespace kempt::detail
