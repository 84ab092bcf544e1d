// The placeholder catalogue: data/templates.yaml (built in) and `placeholders:` in
// .kempt.yaml, read strictly so that a typo is an error and not a fingerprint that
// silently never matches; then compiled into three RE2 sets (page text, link
// targets, image sources) so a page is scanned once whatever the catalogue's size.
#include "placeholders_catalogue.hpp"

#include <fnmatch.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <mutex>
#include <span>
#include <stdexcept>

#include "data.hpp"
#include "kempt/config.hpp"

namespace kempt::placeholder_atoms {
// generated/placeholder_atoms.cpp (tools/gen_placeholder_atoms.cpp)
extern const int kAtomPatterns;
extern const bool kAtomsUsable;
extern const std::size_t kAtomCount;
extern const std::string_view kAtoms[];
extern const std::size_t kAlwaysCount;
extern const std::string_view kAlways[];
}  // namespace kempt::placeholder_atoms

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

// `{a,b}` alternatives in a file pattern (fnmatch has none), one level deep.
std::vector<std::string> expand_braces(const std::string& glob) {
  const std::size_t open = glob.find('{');
  const std::size_t close = open == std::string::npos ? open : glob.find('}', open);
  if (close == std::string::npos) return {glob};
  std::vector<std::string> out;
  const std::string inner = glob.substr(open + 1, close - open - 1);
  for (std::size_t start = 0;;) {
    const std::size_t comma = inner.find(',', start);
    for (const std::string& rest : expand_braces(glob.substr(close + 1))) {
      out.push_back(glob.substr(0, open) + inner.substr(start, comma - start) + rest);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// Does `path` end with the components of `glob`, each matched by fnmatch?
bool path_ends_with(const std::filesystem::path& path, const std::string& glob) {
  std::vector<std::string> parts, want;
  for (const auto& p : path.lexically_normal()) parts.push_back(p.string());
  for (const auto& p : std::filesystem::path(glob)) want.push_back(p.string());
  if (want.size() > parts.size()) return false;
  const std::size_t skip = parts.size() - want.size();
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (::fnmatch(want[i].c_str(), parts[skip + i].c_str(), 0) != 0) return false;
  }
  return true;
}

std::string anchored_image_pattern(const Fingerprint& fp) {
  // A literal image path matches a src that is it, or ends with it after a '/'.
  return fp.literal ? "(?:.*/)?" + RE2::QuoteMeta(fp.pattern) : fp.pattern;
}

}  // namespace

std::string normalise_sample_text(std::string_view text, std::size_t limit) {
  std::string out;
  out.reserve(std::min(text.size(), limit));
  bool space = false;
  for (char c : text) {
    if (out.size() > limit) break;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
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

const CatalogueSource& builtin_catalogue_source() {
  static const CatalogueSource source = [] {
    CatalogueSource s;
    read_catalogue(YAML::Load(std::string(data::kTemplates)), "data/templates.yaml", s, true);
    return s;
  }();
  return source;
}

std::shared_ptr<const PlaceholderCatalogue> builtin_placeholder_catalogue() {
  static const auto catalogue = std::make_shared<const PlaceholderCatalogue>(builtin_catalogue_source(), true);
  return catalogue;
}

std::shared_ptr<const PlaceholderCatalogue> read_placeholder_settings(const YAML::Node& node,
                                                                      const std::string& origin) {
  if (node.IsNull()) return builtin_placeholder_catalogue();
  CatalogueSource source = builtin_catalogue_source();
  read_catalogue(node, origin, source, false);
  for (const std::string& id : source.ignore) {
    const bool known = id == "generic/lorem-ipsum" ||
                       std::any_of(source.fingerprints.begin(), source.fingerprints.end(), [&](const Fingerprint& f) {
                         return f.template_id == id || f.qualified_id() == id;
                       });
    if (!known) throw ConfigError(fmt::format("{}: placeholders.ignore names '{}', which is no template or fingerprint", origin, id));
  }
  // (Ignoring fingerprints keeps the built-in required strings valid; adding some does not.)
  const bool builtin_text = source.fingerprints.size() == builtin_catalogue_source().fingerprints.size();
  // (Each pattern was compiled alone as it was read, so the sets built later accept them.)
  return std::make_shared<const PlaceholderCatalogue>(std::move(source), builtin_text);
}

RequiredStrings::RequiredStrings() : seen_(1 << 10), first_((1 << 16) + 1) {
  namespace pa = placeholder_atoms;
  std::vector<uint32_t> of(pa::kAtomCount);
  for (std::size_t i = 0; i < pa::kAtomCount; ++i) {
    of[i] = bucket(reinterpret_cast<const unsigned char*>(pa::kAtoms[i].data()));
    ++first_[of[i] + 1];
    seen_[of[i] >> 6] |= uint64_t{1} << (of[i] & 63);
  }
  for (std::size_t b = 1; b < first_.size(); ++b) first_[b] += first_[b - 1];
  strings_.resize(pa::kAtomCount);
  std::vector<uint32_t> next(first_.begin(), first_.end() - 1);
  for (std::size_t i = 0; i < pa::kAtomCount; ++i) strings_[next[of[i]]++] = static_cast<uint16_t>(i);
}

namespace {
unsigned char ascii_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c | 0x20) : c; }
}  // namespace

uint32_t RequiredStrings::bucket(const unsigned char* p) {
  const uint32_t k = ascii_lower(p[0]) | (uint32_t{ascii_lower(p[1])} << 8) | (uint32_t{ascii_lower(p[2])} << 16);
  return (k * 2654435761u) >> 16;
}

bool RequiredStrings::any_in(std::string_view text) const {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    const uint32_t b = bucket(s + i);
    if (!(seen_[b >> 6] >> (b & 63) & 1)) continue;
    for (uint32_t j = first_[b]; j < first_[b + 1]; ++j) {
      const std::string_view atom = placeholder_atoms::kAtoms[strings_[j]];
      if (atom.size() > text.size() - i) continue;
      std::size_t k = 0;
      while (k < atom.size() && ascii_lower(s[i + k]) == static_cast<unsigned char>(atom[k])) ++k;
      if (k == atom.size()) return true;
    }
  }
  return false;
}

PlaceholderCatalogue::PlaceholderCatalogue(CatalogueSource source, bool builtin_text) {
  // The generator read the same text fingerprints (their number says so) and found
  // every one needs a string; otherwise every page runs the set.
  const auto text_fingerprints = std::count_if(source.fingerprints.begin(), source.fingerprints.end(),
                                               [](const Fingerprint& fp) { return fp.target == Fingerprint::Target::text; });
  if (builtin_text && placeholder_atoms::kAtomsUsable && text_fingerprints == placeholder_atoms::kAtomPatterns) {
    required_ = std::make_unique<const RequiredStrings>();
  }
  for (Fingerprint& fp : source.fingerprints) {
    const bool ignored = std::any_of(source.ignore.begin(), source.ignore.end(), [&](const std::string& id) {
      return fp.template_id == id || fp.qualified_id() == id;
    });
    if (!ignored) fingerprints_.push_back(std::move(fp));
  }
  lorem_ = {"generic", "any template", "lorem-ipsum", "lorem", "Lorem ipsum filler", Fingerprint::Target::text, "", false, false, false};
  lorem_enabled_ = std::none_of(source.ignore.begin(), source.ignore.end(), [&](const std::string& id) {
    return id == lorem_.template_id || id == lorem_.qualified_id();
  });
  lorem_words_.insert(source.lorem_words.begin(), source.lorem_words.end());
  lorem_common_.insert(source.lorem_common.begin(), source.lorem_common.end());
  lorem_mixed_.insert(source.lorem_mixed.begin(), source.lorem_mixed.end());
  generic_labels_.insert(source.generic_labels.begin(), source.generic_labels.end());
  prepare(text_, Fingerprint::Target::text, RE2::UNANCHORED);
  if (required_) {
    const std::span<const std::string_view> always(placeholder_atoms::kAlways, placeholder_atoms::kAlwaysCount);
    prepare(text_always_, Fingerprint::Target::text, RE2::UNANCHORED, [always](const Fingerprint& fp) {
      return std::find(always.begin(), always.end(), fp.qualified_id()) != always.end();
    });
  }
  prepare(links_, Fingerprint::Target::link, RE2::ANCHOR_BOTH);
  prepare(images_, Fingerprint::Target::image, RE2::ANCHOR_BOTH);
  for (const Fingerprint& fp : fingerprints_) {
    if (fp.target != Fingerprint::Target::file) continue;
    for (std::string& glob : expand_braces(fp.pattern)) file_globs_.emplace_back(std::move(glob), &fp);
  }
  for (const Fingerprint& fp : fingerprints_) {
    if (fp.target != Fingerprint::Target::content) continue;
    contents_.push_back(&fp);
    largest_content_ = std::max(largest_content_, fp.max_size);
  }
}

const Fingerprint* PlaceholderCatalogue::match_content(std::string_view text) const {
  if (contents_.empty()) return nullptr;
  // No sample is larger than the largest max_size: a longer file is read no further.
  const std::string norm = normalise_sample_text(text, largest_content_);
  for (const Fingerprint* fp : contents_) {
    if (norm.size() > fp->max_size) continue;
    const bool all = std::all_of(fp->all.begin(), fp->all.end(),
                                 [&](const std::string& s) { return norm.find(s) != std::string::npos; });
    if (all) return fp;
  }
  return nullptr;
}

void PlaceholderCatalogue::prepare(Compiled& c, Fingerprint::Target target, RE2::Anchor anchor,
                                   std::function<bool(const Fingerprint&)> only) {
  const Compiled& built = c;
  c.build = [this, &built, target, anchor, only = std::move(only)] { build(built, target, anchor, only); };
}

void PlaceholderCatalogue::build(const Compiled& c, Fingerprint::Target target, RE2::Anchor anchor,
                                 const std::function<bool(const Fingerprint&)>& only) const {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  c.set = std::make_unique<RE2::Set>(options, anchor);
  for (const Fingerprint& fp : fingerprints_) {
    if (fp.target != target || (only && !only(fp))) continue;
    std::string pattern = target == Fingerprint::Target::image ? anchored_image_pattern(fp)
                          : fp.literal                         ? RE2::QuoteMeta(fp.pattern)
                                                               : fp.pattern;
    // ^ and $ match at line ends: fingerprints describe lines of a page.
    if (target == Fingerprint::Target::text && !fp.literal) pattern = "(?m)" + pattern;
    std::string error;
    if (c.set->Add(pattern, &error) < 0) {
      throw std::invalid_argument(fmt::format("fingerprint {}: {}", fp.qualified_id(), error));
    }
    c.patterns.push_back(std::move(pattern));
    c.owner.push_back(&fp);
  }
  c.each.resize(c.patterns.size());
  c.once = std::make_unique<std::once_flag[]>(c.patterns.size());
  c.set_compiled = !c.patterns.empty() && c.set->Compile();
}

const RE2& PlaceholderCatalogue::Compiled::pattern(std::size_t i) const {
  std::call_once(once[i], [&] {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(64 << 20);
    each[i] = std::make_unique<RE2>(patterns[i], options);
  });
  return *each[i];
}

std::vector<int> PlaceholderCatalogue::set_matches(const Compiled& c, std::string_view text) const {
  std::vector<int> hits;
  c.ensure();
  if (c.owner.empty()) return hits;
  RE2::Set::ErrorInfo info{};
  // (A set too large for RE2 to compile is asked pattern by pattern, as one whose
  // DFA runs out of memory on a text is.)
  if (!c.set_compiled || (!c.set->Match(re2::StringPiece(text.data(), text.size()), &hits, &info) &&
                          info.kind == RE2::Set::kOutOfMemory)) {
    // The set's DFA ran out of memory on this text: ask each pattern instead.
    hits.clear();
    for (std::size_t i = 0; i < c.patterns.size(); ++i) {
      if (RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), c.pattern(i))) hits.push_back(static_cast<int>(i));
    }
  }
  std::sort(hits.begin(), hits.end());
  return hits;
}

std::vector<TextMatch> PlaceholderCatalogue::find_in_text(std::string_view text) const {
  std::vector<TextMatch> out;
  // A text without any required string can match only the few fingerprints none screens.
  const Compiled& c = required_ && !required_->any_in(text) ? text_always_ : text_;
  const re2::StringPiece whole(text.data(), text.size());
  for (int i : set_matches(c, text)) {
    const RE2& re = c.pattern(static_cast<std::size_t>(i));
    re2::StringPiece m;
    for (std::size_t pos = 0; pos <= text.size() && re.Match(whole, pos, text.size(), RE2::UNANCHORED, &m, 1);) {
      const std::size_t begin = static_cast<std::size_t>(m.data() - text.data());
      const std::size_t end = begin + m.size();
      if (end > begin) out.push_back({begin, end, c.owner[static_cast<std::size_t>(i)]});
      pos = end > begin ? end : begin + 1;
    }
  }
  std::sort(out.begin(), out.end(), [](const TextMatch& a, const TextMatch& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  return out;
}

const Fingerprint* PlaceholderCatalogue::match_whole(const Compiled& c, std::string_view text) const {
  const std::vector<int> hits = set_matches(c, text);
  return hits.empty() ? nullptr : c.owner[static_cast<std::size_t>(hits.front())];
}

const Fingerprint* PlaceholderCatalogue::match_link(std::string_view url) const { return match_whole(links_, url); }
const Fingerprint* PlaceholderCatalogue::match_image(std::string_view src) const { return match_whole(images_, src); }

std::vector<const Fingerprint*> PlaceholderCatalogue::match_file(const std::filesystem::path& path) const {
  std::vector<const Fingerprint*> out;
  for (const auto& [glob, fp] : file_globs_) {
    if (path_ends_with(path, glob) && std::find(out.begin(), out.end(), fp) == out.end()) out.push_back(fp);
  }
  return out;
}

std::set<std::string> PlaceholderCatalogue::template_ids() const {
  std::set<std::string> ids;
  for (const Fingerprint& fp : fingerprints_) ids.insert(fp.template_id);
  return ids;
}

}  // namespace kempt
