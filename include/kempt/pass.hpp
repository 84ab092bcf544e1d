#pragma once
/// The unit of work: a pure function from a Document to a Document and Findings.

#include <memory>
#include <string_view>
#include <vector>

#include "kempt/document.hpp"
#include "kempt/finding.hpp"

namespace kempt {

struct PassResult {
  Document document;
  std::vector<Finding> findings;
  /// True when the pass met something it cannot be sure about (undecodable bytes,
  /// an unparsable block): the whole file must then be left exactly as it was.
  bool hold = false;
};

/// A pass reads nothing but its argument and writes nothing but its result: no
/// files, no globals, no printing. That is what makes `fix`, `--check`, `--diff`
/// and the tests run the very same code.
class Pass {
 public:
  virtual ~Pass() = default;
  /// The user-facing name, as in `--only`/`--skip`.
  virtual std::string_view name() const = 0;
  virtual std::string_view summary() const = 0;
  /// False only for a pass that works on raw bytes (`encoding`); every other pass
  /// is given valid UTF-8 or not run at all.
  virtual bool needs_utf8() const { return true; }
  /// True for a pass that may add or remove lines (placeholders): the pipeline then
  /// maps the line numbers of later passes' findings back to the file's.
  virtual bool may_change_line_count() const { return false; }
  /// Whether the pass has anything to do with files of `kind`; JSON files are
  /// walked only for the placeholders pass's sample data files.
  virtual bool reads(FileKind kind) const { return kind != FileKind::json; }
  virtual PassResult run(Document document) const = 0;
};

}  // namespace kempt
