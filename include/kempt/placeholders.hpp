#pragma once
/// Pass `placeholders`: the sample content site templates ship (Lorem ipsum, the
/// sample paper box, `Paper Title Number 1`, links to a bare https://github.com/)
/// and people leave in. The smallest Markdown unit that is wholly placeholder
/// (list item, paragraph, table row, HTML block) is cut out of the source bytes;
/// a section left empty loses its heading. Units that mix real text with a
/// placeholder are reported, never cut. What is a placeholder comes from a
/// catalogue (data/templates.yaml, plus `placeholders:` in .kempt.yaml).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kempt/pass.hpp"

namespace kempt {

struct PlaceholderOptions {
  /// Also remove a placeholder link (or image) from a unit that holds real text.
  bool aggressive = false;
  /// Delete files that are wholly a template's sample (e.g. academicpages'
  /// `_publications/2009-10-01-paper-title-number-1.md`); otherwise they are reported.
  bool delete_sample_files = false;
};

std::unique_ptr<Pass> make_placeholders_pass(PlaceholderOptions options = {});

/// One piece of sample content a template ships, as the catalogue describes it.
struct Fingerprint {
  /// Where it is looked for: page text, a link target, an image source, a file path.
  enum class Target { text, link, image, file, content };
  std::string template_id;    ///< e.g. "acadhomepage"
  std::string template_name;  ///< e.g. "AcadHomepage"
  std::string id;             ///< unique within its template, e.g. "sample-paper-image"
  std::string kind;           ///< paper, talk, bio, image, link, lorem, contact, ...
  std::string note;           ///< what it is, for people
  Target target = Target::text;
  std::string pattern;        ///< as written in the catalogue
  bool literal = false;       ///< `pattern` is a literal string, not a regular expression
  /// Counts only beside a non-weak match of the same template (names, dates, headings).
  bool weak = false;
  /// (links) Counts only when the link's text says nothing of its own ("video", "code").
  bool generic_label = false;
  /// (content) A whole sample file wherever it lives: every one of these strings
  /// (normalised: see normalise_sample_text) is in it, and its normalised text is
  /// at most `max_size` bytes (the shipped file's size, plus a margin).
  std::vector<std::string> all;
  std::size_t max_size = 0;

  /// "template/fingerprint", as findings and `ignore:` name it.
  std::string qualified_id() const { return template_id + "/" + id; }
};

/// A file's text as content fingerprints compare it: every run of white space
/// (line ends, indentation) one space, and `http://` read as `https://` (releases
/// moved their links from one to the other and nothing else). It stops once it is
/// longer than `limit` bytes (a file larger than every sample needs no more).
std::string normalise_sample_text(std::string_view text, std::size_t limit = std::string_view::npos);

/// The compiled catalogue: every fingerprint of every template, matched at once.
class PlaceholderCatalogue;

/// The catalogue built into kempt (data/templates.yaml), compiled on first use.
std::shared_ptr<const PlaceholderCatalogue> builtin_placeholder_catalogue();

}  // namespace kempt
