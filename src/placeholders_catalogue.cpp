// The placeholder catalogue: data/templates.yaml (built in, baked at build time) and
// `placeholders:` in .kempt.yaml (read by placeholders_catalogue_read.cpp), compiled
// into three RE2 sets (page text, link targets, image sources) so a page is scanned
// once whatever the catalogue's size.
#include "placeholders_catalogue.hpp"

#include <fnmatch.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstring>
#include <limits>
#include <mutex>
#include <span>
#include <stdexcept>
#include <unordered_map>

#include "data.hpp"
#include "kempt/config.hpp"
#include "placeholders_baked.hpp"
#include "ascii.hpp"

namespace kempt::placeholder_atoms {
// generated/placeholder_atoms.cpp (tools/gen_placeholder_atoms.cpp)
extern const int kAtomPatterns;
extern const bool kAtomsUsable;
extern const std::size_t kAtomCount;
extern const std::string_view kAtoms[];
extern const std::size_t kAlwaysCount;
extern const std::string_view kAlways[];
extern const unsigned short kAlwaysFirst[];
extern const unsigned short kAlwaysAtoms[];
extern const std::size_t kKeyedCount;
extern const std::string_view kKeyedIds[];
extern const unsigned short kKeyedFirst[];
extern const unsigned short kKeyedAtoms[];
extern const bool kValueKeysUsable;
extern const std::size_t kValueCount;
extern const std::string_view kValueIds[];
extern const unsigned short kValueFirst[];
extern const std::string_view kValueAtoms[];
}  // namespace kempt::placeholder_atoms

namespace kempt {
namespace {

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

// The components of a path, as path_ends_with compares them.
std::vector<std::string> components(const std::filesystem::path& path) {
  std::vector<std::string> parts;
  for (const auto& p : path) parts.push_back(p.string());
  return parts;
}

// Does the path of components `parts` end with the components of a glob (`want`),
// each matched by fnmatch?
bool path_ends_with(const std::vector<std::string>& parts, const std::vector<std::string>& want) {
  if (want.size() > parts.size()) return false;
  const std::size_t skip = parts.size() - want.size();
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (::fnmatch(want[i].c_str(), parts[skip + i].c_str(), 0) != 0) return false;
  }
  return true;
}

// A piece of a content fingerprint's normalised string that stands in the file's own
// bytes wherever it stands in their normalised text: a run without spaces (runs of
// white space are what normalising changes), with no "s:" in it and no 's' at its end
// (where an 's' normalising put into "http://" would be). The longest such run of
// `normalised`, or empty when it has none.
std::string raw_piece(const std::string& normalised) {
  std::string best;
  std::size_t at = 0;
  while (at <= normalised.size()) {
    std::size_t end = normalised.find(' ', at);
    if (end == std::string::npos) end = normalised.size();
    std::string piece = normalised.substr(at, end - at);
    // Cut before each "s:" and after its 's', keeping the longest part.
    for (std::size_t from = 0; from <= piece.size();) {
      std::size_t cut = piece.find("s:", from);
      std::string part = piece.substr(from, cut == std::string::npos ? std::string::npos : cut - from);
      while (!part.empty() && part.back() == 's') part.pop_back();
      if (part.size() > best.size()) best = part;
      if (cut == std::string::npos) break;
      from = cut + 1;
    }
    at = end + 1;
  }
  return best;
}


std::string anchored_image_pattern(const Fingerprint& fp) {
  // A literal image path matches a src that is it, or ends with it after a '/'.
  return fp.literal ? "(?:.*/)?" + RE2::QuoteMeta(fp.pattern) : fp.pattern;
}

// The built-in catalogue's source, laid out from the baked tables. Each call builds
// a new one: the compiled catalogue takes its own by move, so that a one-page run
// does not build it twice to copy it (thousands of strings).
CatalogueSource baked_source() {
  namespace bc = baked_catalogue;
  auto strings = [](std::span<const std::string_view> items) {
    return std::vector<std::string>(items.begin(), items.end());
  };
  CatalogueSource s;
  s.fingerprints.reserve(bc::kFingerprints.size());
  for (const bc::BakedFingerprint& b : bc::kFingerprints) {
    Fingerprint& fp = s.fingerprints.emplace_back();
    fp.template_id = b.template_id;
    fp.template_name = b.template_name;
    fp.id = b.id;
    fp.kind = b.kind;
    fp.note = b.note;
    fp.target = b.target;
    fp.pattern = b.pattern;
    fp.literal = b.literal;
    fp.weak = b.weak;
    fp.generic_label = b.generic_label;
    fp.all = strings(bc::kContentStrings.subspan(b.all_first, b.all_count));
    fp.max_size = b.max_size;
  }
  s.lorem_words = strings(bc::kLoremWords);
  s.lorem_common = strings(bc::kLoremCommon);
  s.lorem_mixed = strings(bc::kLoremMixed);
  s.generic_labels = strings(bc::kGenericLabels);
  s.ignore = strings(bc::kIgnore);
  return s;
}

}  // namespace

const CatalogueSource& builtin_catalogue_source() {
  static const CatalogueSource source = baked_source();
  return source;
}

std::shared_ptr<const PlaceholderCatalogue> builtin_placeholder_catalogue() {
  // Never destroyed: freeing its compiled patterns at exit cost a one-page run about
  // a million instructions (what a pre-commit hook pays on every commit), and the
  // process is ending. (Reachable from here, it is no leak to a leak checker.)
  static const auto* const catalogue =
      new std::shared_ptr<const PlaceholderCatalogue>(std::make_shared<const PlaceholderCatalogue>(baked_source(), true));
  return *catalogue;
}

std::shared_ptr<const PlaceholderCatalogue> read_placeholder_settings(const YAML::Node& node,
                                                                      const std::string& origin) {
  if (node.IsNull()) return builtin_placeholder_catalogue();
  CatalogueSource source = baked_source();
  read_catalogue(node, origin, source, false);
  for (const std::string& id : source.ignore) {
    const bool known = id == "generic/lorem-ipsum" ||
                       std::any_of(source.fingerprints.begin(), source.fingerprints.end(), [&](const Fingerprint& f) {
                         return f.template_id == id || f.qualified_id() == id;
                       });
    if (!known) throw ConfigError(fmt::format("{}: placeholders.ignore names '{}', which is no template or fingerprint", origin, id));
  }
  // (Ignoring fingerprints keeps the built-in required strings valid; adding some does not.)
  const bool builtin_text = source.fingerprints.size() == baked_catalogue::kFingerprints.size();
  // (Each pattern was compiled alone as it was read, so the sets built later accept them.)
  return std::make_shared<const PlaceholderCatalogue>(std::move(source), builtin_text);
}

RequiredStrings::RequiredStrings()
    : RequiredStrings(std::vector<std::string_view>(placeholder_atoms::kAtoms, placeholder_atoms::kAtoms + placeholder_atoms::kAtomCount)) {}

namespace {

// About how many of 1,000 bytes of a page (English prose in Markdown or HTML) are
// `c`, in either case: a short string is looked for at its rarest byte, as memchr
// then stops at few places that are not it ("title:" at its ':', not at every 't').
int commonness(unsigned char c) {
  static constexpr std::string_view kLetters = "etaoinsrhldcumwfgypbvkxjqz";  // most common first
  if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c | 0x20);
  if (const std::size_t rank = kLetters.find(static_cast<char>(c)); rank != std::string_view::npos) {
    return 100 - static_cast<int>(rank) * 4;
  }
  if (c >= '0' && c <= '9') return 10;
  switch (c) {
    case ' ': return 170;
    case '\n': case '<': case '>': case '"': case '/': case '=': return 20;
    case '.': case ',': case '-': return 10;
    default: return 3;
  }
}

}  // namespace

RequiredStrings::RequiredStrings(std::vector<std::string_view> strings) : atoms_(std::move(strings)), seen_(1 << 10) {
  // A short string ("://", ".pdf" among the link screen's) would have every byte of
  // a page read as a window: those are found by memchr for their rarest byte instead.
  for (std::size_t i = 0; i < atoms_.size(); ++i) {
    if (atoms_[i].size() >= kSampledFrom) continue;
    const std::string_view atom = atoms_[i];
    std::size_t anchor = 0;
    for (std::size_t k = 1; k < atom.size(); ++k) {
      if (commonness(static_cast<unsigned char>(atom[k])) < commonness(static_cast<unsigned char>(atom[anchor]))) anchor = k;
    }
    for (const char byte : {atom[anchor], static_cast<char>(std::toupper(static_cast<unsigned char>(atom[anchor])))}) {
      auto group = std::find_if(short_.begin(), short_.end(), [&](const ByAnchor& g) { return g.byte == byte; });
      if (group == short_.end()) group = short_.insert(short_.end(), ByAnchor{byte, {}});
      if (group->strings.empty() || group->strings.back().first != i) {
        group->strings.emplace_back(static_cast<uint16_t>(i), static_cast<uint8_t>(anchor));
      }
    }
  }
  // Every other string holds `step_` four-byte windows from its start on (its length
  // less three, for the shortest): a page is read at every step_-th byte only, and each
  // window is looked up as any of those. (Four bytes, not three: the three-byte windows
  // of English phrases are English's own, "the", "ing", and a fifth of a page's reads
  // stopped to compare; four stop three times less, for a step one byte shorter.)
  std::size_t shortest = std::numeric_limits<std::size_t>::max();
  for (std::string_view a : atoms_) {
    if (a.size() >= kSampledFrom) shortest = std::min(shortest, a.size());
  }
  step_ = shortest != std::numeric_limits<std::size_t>::max() ? shortest - (kWindow - 1) : 0;  // (0: none)
  strings_.reserve(atoms_.size() * step_);
  for (std::size_t i = 0; i < atoms_.size() && step_ > 0; ++i) {
    if (atoms_[i].size() < kSampledFrom) continue;
    const auto* atom = reinterpret_cast<const unsigned char*>(atoms_[i].data());
    for (std::size_t at = 0; at < step_ && at + kWindow <= atoms_[i].size(); ++at) {
      const uint32_t b = bucket(atom + at);
      strings_.emplace_back(b, static_cast<uint32_t>(i) | static_cast<uint32_t>(at) << 16);
      seen_[b >> 6] |= uint64_t{1} << (b & 63);
    }
  }
  std::sort(strings_.begin(), strings_.end());
  bits_before_.resize(seen_.size());
  for (std::size_t w = 0, bits = 0; w < seen_.size(); ++w) {
    bits_before_[w] = static_cast<uint32_t>(bits);
    bits += static_cast<std::size_t>(std::popcount(seen_[w]));
  }
  for (std::size_t k = 0; k < strings_.size(); ++k) {
    if (k == 0 || strings_[k].first != strings_[k - 1].first) first_.push_back(static_cast<uint32_t>(k));
  }
  first_.push_back(static_cast<uint32_t>(strings_.size()));
}

std::optional<RequiredStrings> RequiredStrings::over(const std::vector<std::string>& strings) {
  const bool suit = strings.size() < 0x10000 && std::all_of(strings.begin(), strings.end(), [](const std::string& s) { return s.size() >= 3; });
  if (!suit) return std::nullopt;
  return RequiredStrings(std::vector<std::string_view>(strings.begin(), strings.end()));
}

// A window's bucket is of its bytes with 0x20 set: a letter in either case, and
// some pairs of signs ('[' and '{', a control and a digit or sign), share one. It
// only says where a string may stand; stands_at says whether it does.
inline uint32_t RequiredStrings::bucket(const unsigned char* p) {
  static_assert(kWindow == 4);
  uint32_t w;
  std::memcpy(&w, p, 4);
  if constexpr (std::endian::native != std::endian::little) w = __builtin_bswap32(w);
  return static_cast<uint32_t>((uint64_t{w | 0x20202020u} * 0x9E3779B97F4A7C15u) >> 48);
}

std::vector<uint16_t> RequiredStrings::found_in(std::string_view text) const {
  std::vector<uint16_t> found;
  // (Every string has a byte or more: an empty text, whose data() may be null and so
  // no argument for memchr, holds none.)
  if (text.empty()) return found;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  auto stands_at = [&](std::size_t at, std::string_view atom) {
    if (atom.size() > text.size() - at) return false;
    std::size_t k = 0;
    while (k < atom.size() && ascii_lower(s[at + k]) == static_cast<unsigned char>(atom[k])) ++k;
    return k == atom.size();
  };
  auto is_found = [&](uint16_t i) { return std::find(found.begin(), found.end(), i) != found.end(); };
  for (const ByAnchor& group : short_) {
    // (Until the group's strings are all found: a page holds "http" many times.)
    auto left = static_cast<std::size_t>(std::count_if(group.strings.begin(), group.strings.end(), [&](const auto& g) { return !is_found(g.first); }));
    for (const void* hit = left ? std::memchr(s, group.byte, text.size()) : nullptr; hit;) {
      const auto at = static_cast<std::size_t>(static_cast<const unsigned char*>(hit) - s);
      for (const auto& [i, offset] : group.strings) {
        if (at >= offset && !is_found(i) && stands_at(at - offset, atoms_[i])) {
          found.push_back(i);
          --left;
        }
      }
      hit = left && at + 1 < text.size() ? std::memchr(s + at + 1, group.byte, text.size() - at - 1) : nullptr;
    }
  }
  // (Wherever a longer string stands, one of its first step_ windows starts at a
  // multiple of step_: it is found there, step_ bytes read at a time.)
  // The strings one of whose windows falls in bucket `b`, the window read at `i`.
  auto look_up = [&](std::size_t i, uint32_t b, uint64_t word) {
    const std::size_t set = bits_before_[b >> 6] + static_cast<std::size_t>(std::popcount(word & ((uint64_t{1} << (b & 63)) - 1)));
    for (auto j = strings_.begin() + first_[set], last = strings_.begin() + first_[set + 1]; j != last; ++j) {
      const std::size_t at = j->second >> 16;
      if (at <= i && stands_at(i - at, atoms_[j->second & 0xFFFF])) found.push_back(static_cast<uint16_t>(j->second & 0xFFFF));
    }
  };
  for (std::size_t i = 0; step_ > 0 && i + kWindow <= text.size(); i += step_) {
    const uint32_t b = bucket(s + i);
    const uint64_t word = seen_[b >> 6];
    if (word >> (b & 63) & 1) look_up(i, b, word);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

PlaceholderCatalogue::PlaceholderCatalogue(CatalogueSource source, bool builtin_text) {
  // The generator read the same text fingerprints (their number says so) and found
  // every one needs a string; otherwise every page runs the set.
  const auto text_fingerprints = std::count_if(source.fingerprints.begin(), source.fingerprints.end(),
                                               [](const Fingerprint& fp) { return fp.target == Fingerprint::Target::text; });
  // (A settings file that adds fingerprints makes builtin_text false; one that only
  // ignores some leaves the keys of the others as they were.)
  values_keyed_ = builtin_text && placeholder_atoms::kValueKeysUsable;
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
  for (const std::string& w : source.lorem_words) {
    if (!is_common_lorem_word(w) || w == "lorem" || w == "ipsum") lorem_uncommon_keys_.add(w);  // (is_uncommon_lorem_word)
  }
  generic_labels_.insert(source.generic_labels.begin(), source.generic_labels.end());
  prepare(text_, Fingerprint::Target::text, RE2::UNANCHORED);
  if (required_) {
    const std::span<const std::string_view> always(placeholder_atoms::kAlways, placeholder_atoms::kAlwaysCount);
    prepare(text_always_, Fingerprint::Target::text, RE2::UNANCHORED, [always](const Fingerprint& fp) {
      return std::find(always.begin(), always.end(), fp.qualified_id()) != always.end();
    });
    index_keys();
  }
  prepare(links_, Fingerprint::Target::link, RE2::ANCHOR_BOTH);
  prepare(images_, Fingerprint::Target::image, RE2::ANCHOR_BOTH);
  for (const Fingerprint& fp : fingerprints_) {
    if (fp.target != Fingerprint::Target::file) continue;
    for (const std::string& glob : expand_braces(fp.pattern)) file_globs_.emplace_back(components(glob), &fp);
  }
  for (const Fingerprint& fp : fingerprints_) {
    if (fp.target != Fingerprint::Target::content) continue;
    contents_.push_back(&fp);
    largest_content_ = std::max(largest_content_, fp.max_size);
    // (Every string must be in the file: the longest piece of any of them will do.)
    std::string piece;
    for (const std::string& all : fp.all) {
      if (std::string p = raw_piece(all); p.size() > piece.size()) piece = std::move(p);
    }
    content_pieces_.push_back(std::move(piece));
  }
}

const RequiredStrings* PlaceholderCatalogue::piece_screen() const {
  std::call_once(piece_screen_built_, [this] {
    for (std::string p : content_pieces_) {
      for (char& c : p) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
      folded_pieces_.push_back(std::move(p));
    }
    piece_screen_ = RequiredStrings::over(folded_pieces_);
    piece_screen_ready_.store(true, std::memory_order_release);
  });
  return piece_screen_ ? &*piece_screen_ : nullptr;
}

const Fingerprint* PlaceholderCatalogue::match_content(std::string_view text) const {
  if (contents_.empty()) return nullptr;
  // Normalised, a file keeps every byte that is not white space: one with more of
  // them than the largest sample's size is no sample, and is searched for none.
  // (A file no larger than that is not counted: most files.)
  if (text.size() > largest_content_) {
    std::size_t white = 0;
    for (std::size_t at = 0; at < text.size(); ++at) {
      white += sample_space(text[at]);
      // (Checked now and then: the count alone is a loop the compiler unrolls.)
      if ((at & 4095) == 4095 && at + 1 - white > largest_content_) return nullptr;
    }
    if (text.size() - white > largest_content_) return nullptr;
  }
  // Most files hold no sample's piece at all: they are not normalised.
  auto holds = [&](const std::string& piece) { return piece.empty() || text.find(piece) != std::string_view::npos; };
  bool any = false;
  // (A short file is searched piece by piece while the screen is not built: it costs
  // more to build than such a file to search, which is all a one-page run reads. Once
  // a larger file has built it, it is cheaper for every file.)
  constexpr std::size_t kScreenFrom = 4096;
  const bool screened = text.size() >= kScreenFrom || piece_screen_ready_.load(std::memory_order_acquire);
  if (const RequiredStrings* screen = screened ? piece_screen() : nullptr) {
    for (uint16_t i : screen->found_in(text)) any = any || holds(content_pieces_[i]);
  } else {
    any = std::any_of(content_pieces_.begin(), content_pieces_.end(), holds);
  }
  if (!any) return nullptr;
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
  const Compiled& listed = c;
  c.anchor = anchor;
  c.list = [this, &listed, target, only = std::move(only)] { list(listed, target, only); };
}

// Which text patterns each required string keys, by their place in text_ (what the
// user's `ignore:` left out is not there).
void PlaceholderCatalogue::index_keys() {
  namespace pa = placeholder_atoms;
  std::unordered_map<std::string, std::size_t> place;
  for (const Fingerprint& fp : fingerprints_) {
    if (fp.target == Fingerprint::Target::text) place.emplace(fp.qualified_id(), place.size());
  }
  keyed_by_.resize(pa::kAtomCount);
  for (std::size_t k = 0; k < pa::kKeyedCount; ++k) {
    const auto it = place.find(std::string(pa::kKeyedIds[k]));
    if (it == place.end()) continue;
    for (std::size_t j = pa::kKeyedFirst[k]; j < pa::kKeyedFirst[k + 1]; ++j) keyed_by_[pa::kKeyedAtoms[j]].push_back(it->second);
  }
  for (std::size_t k = 0; k < pa::kAlwaysCount; ++k) {
    const auto it = place.find(std::string(pa::kAlways[k]));
    if (it == place.end()) continue;
    unscreened_.push_back(it->second);
    unscreened_keys_.emplace_back(pa::kAlwaysAtoms + pa::kAlwaysFirst[k], pa::kAlwaysAtoms + pa::kAlwaysFirst[k + 1]);
  }
}

void PlaceholderCatalogue::list(const Compiled& c, Fingerprint::Target target,
                                const std::function<bool(const Fingerprint&)>& only) const {
  for (const Fingerprint& fp : fingerprints_) {
    if (fp.target != target || (only && !only(fp))) continue;
    std::string pattern = target == Fingerprint::Target::image ? anchored_image_pattern(fp)
                          : fp.literal                         ? RE2::QuoteMeta(fp.pattern)
                                                               : fp.pattern;
    // ^ and $ match at line ends: fingerprints describe lines of a page.
    if (target == Fingerprint::Target::text && !fp.literal) pattern = "(?m)" + pattern;
    c.patterns.push_back(std::move(pattern));
    c.owner.push_back(&fp);
  }
  c.each.resize(c.patterns.size());
  c.once = std::make_unique<std::once_flag[]>(c.patterns.size());
}

void PlaceholderCatalogue::Compiled::compile_set() const {
  ensure();
  std::call_once(set_built, [this] {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(64 << 20);
    set = std::make_unique<RE2::Set>(options, anchor);
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      std::string error;
      if (set->Add(patterns[i], &error) < 0) {
        throw std::invalid_argument(fmt::format("fingerprint {}: {}", owner[i]->qualified_id(), error));
      }
    }
    set_compiled = !patterns.empty() && set->Compile();
  });
}

const RE2& PlaceholderCatalogue::Compiled::pattern(std::size_t i) const {
  std::call_once(once[i], [&] {
    // RE2's budget is per pattern, and its DFA fills it as pages go by: at 64 MB
    // each, hundreds of patterns held 20 MB of a 10,000-page run. A search whose
    // DFA runs out falls back to the NFA (the same match, only slower), and at 1 MB
    // none measurably did; a pattern too large to compile in 1 MB gets the 64 MB.
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(1 << 20);
    each[i] = std::make_unique<RE2>(patterns[i], options);
    if (!each[i]->ok()) {
      options.set_max_mem(64 << 20);
      each[i] = std::make_unique<RE2>(patterns[i], options);
    }
  });
  return *each[i];
}

std::vector<int> PlaceholderCatalogue::set_matches(const Compiled& c, std::string_view text) const {
  std::vector<int> hits;
  c.ensure();
  if (c.owner.empty()) return hits;
  c.compile_set();
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

// The text patterns a screened page could match: those keyed by the required
// strings it holds, and those none screens; none of the others can match it.
PlaceholderCatalogue::Screened PlaceholderCatalogue::screened_candidates(std::string_view text) const {
  Screened out;
  std::vector<uint16_t> found = required_->found_in(text);
  for (uint16_t atom : found) {
    for (std::size_t i : keyed_by_[atom]) out.keyed.push_back(static_cast<int>(i));
  }
  std::sort(out.keyed.begin(), out.keyed.end());
  out.keyed.erase(std::unique(out.keyed.begin(), out.keyed.end()), out.keyed.end());
  std::sort(found.begin(), found.end());
  for (std::size_t k = 0; k < unscreened_.size(); ++k) {
    const std::vector<uint16_t>& key = unscreened_keys_[k];
    const bool held = key.empty() || std::any_of(key.begin(), key.end(), [&](uint16_t atom) {
                        return std::binary_search(found.begin(), found.end(), atom);
                      });
    if (held) out.unscreened.push_back(static_cast<int>(unscreened_[k]));
  }
  std::sort(out.unscreened.begin(), out.unscreened.end());
  return out;
}

std::vector<TextMatch> PlaceholderCatalogue::find_in_text(std::string_view text) const {
  std::vector<TextMatch> out;
  // A page that holds no required string can match only the few fingerprints none
  // screens (one small set); one that holds some is asked only of the patterns its
  // strings key, each alone, unless so many that the whole set costs less (it is
  // compiled once a process: a one-page run should not pay for it).
  constexpr std::size_t kFewCandidates = 24;
  const Compiled* c = &text_;
  std::vector<int> asked;
  if (required_) {
    const Screened screened = screened_candidates(text);
    if (screened.keyed.empty()) {
      // (A page holding no key, weak ones too, matches nothing: most pages.)
      if (screened.unscreened.empty()) return out;
      c = &text_always_;
      asked = set_matches(text_always_, text);
    } else if (screened.keyed.size() + unscreened_.size() > kFewCandidates) {
      asked = set_matches(text_, text);
    } else {
      // (The way is chosen by every unscreened pattern, as before weak keys were
      // read; only those whose key the page holds are asked.)
      text_.ensure();  // (the candidates are places in its list)
      std::merge(screened.keyed.begin(), screened.keyed.end(), screened.unscreened.begin(), screened.unscreened.end(),
                 std::back_inserter(asked));
    }
  } else {
    asked = set_matches(text_, text);
  }
  const re2::StringPiece whole(text.data(), text.size());
  for (int i : asked) {
    const Fingerprint* fp = c->owner[static_cast<std::size_t>(i)];
    if (fp->literal && !fp->pattern.empty()) {
      // (A literal is where its bytes are, as its quoted pattern would find it: no
      // pattern is compiled for it, which is most of a one-page run's work here.)
      const std::string_view literal = fp->pattern;
      for (std::size_t at = text.find(literal); at != std::string_view::npos; at = text.find(literal, at + literal.size())) {
        out.push_back({at, at + literal.size(), fp});
      }
      continue;
    }
    const RE2& re = c->pattern(static_cast<std::size_t>(i));
    re2::StringPiece m;
    for (std::size_t pos = 0; pos <= text.size() && re.Match(whole, pos, text.size(), RE2::UNANCHORED, &m, 1);) {
      const std::size_t begin = static_cast<std::size_t>(m.data() - text.data());
      const std::size_t end = begin + m.size();
      if (end > begin) out.push_back({begin, end, c->owner[static_cast<std::size_t>(i)]});
      pos = end > begin ? end : begin + 1;
    }
  }
  std::sort(out.begin(), out.end(), [](const TextMatch& a, const TextMatch& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  return out;
}

namespace {

// The named character references that can spell part of a link or image string:
// every name in HTML's table whose text holds a printable ASCII character other
// than & < > " ' (which no such string holds: element_screen checks). The table is
// HTML5's (2,231 names, as gumbo and Python's html.entities.html5 have it); this is
// what `[k for k, v in html.entities.html5.items() if any(0x21 <= ord(c) <= 0x7E and
// c not in '&<>"\'' for c in v)]` gives. Each ends in ';': the names the parser reads
// without one all stand for characters beyond ASCII. Any other name reads as such a
// character, or as no reference at all ("&hl=en", "R&D").
constexpr std::string_view kSpellingReferences[] = {
    "DiacriticalGrave;", "Hat;", "UnderBar;", "VerticalLine;", "ast;", "bne;", "bsol;", "colon;", "comma;",
    "commat;", "dollar;", "equals;", "excl;", "fjlig;", "grave;", "lbrace;", "lbrack;", "lcub;", "lowbar;",
    "lpar;", "lsqb;", "midast;", "num;", "percnt;", "period;", "plus;", "quest;", "rbrace;", "rbrack;", "rcub;",
    "rpar;", "rsqb;", "semi;", "sol;", "verbar;", "vert;"};

// Whether the numeric character reference at html[at] ("&#...") reads as a character
// no link or image string holds: one beyond ASCII ("&#8217;", "&#xA9;"; the parser
// reads 0, surrogates, 0x80-0x9F and values past U+10FFFF as other characters beyond
// ASCII too), or & < > " ' ("&#39;"), as the harmless names. "&#" with no digit
// after it is not counted harmless.
bool harmless_numeric_reference(std::string_view html, std::size_t at) {
  std::size_t i = at + 2;
  const bool hex = i < html.size() && (html[i] == 'x' || html[i] == 'X');
  if (hex) ++i;
  uint32_t value = 0;
  std::size_t digits = 0;
  for (; i < html.size(); ++i, ++digits) {
    const char c = html[i];
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else break;
    value = std::min<uint32_t>(value * (hex ? 16 : 10) + static_cast<uint32_t>(d), 0x110000);  // (past U+10FFFF is all one)
  }
  return digits > 0 && (value >= 0x80 || value == '"' || value == '&' || value == '\'' || value == '<' || value == '>');
}

// Whether no character reference of `html` can spell part of a link or image
// string: none is one of kSpellingReferences (as the parser reads names, by the
// longest that the text starts with: a spelling name at the start is counted), and
// every numeric one is harmless.
bool only_harmless_references(std::string_view html) {
  for (std::size_t at = html.find('&'); at != std::string_view::npos; at = html.find('&', at + 1)) {
    const std::string_view rest = html.substr(at + 1);
    if (rest.starts_with('#')) {
      if (!harmless_numeric_reference(html, at)) return false;
      continue;
    }
    for (std::string_view name : kSpellingReferences) {
      if (rest.starts_with(name)) return false;
    }
  }
  return true;
}

// Whether `pattern` may anchor itself: ^ or $ outside a character class, or \A or \z.
// (Read as RE2 reads it, but for what it need not tell apart: a '[' inside a class
// is taken to open none, as in RE2.)
bool may_anchor(std::string_view pattern) {
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (++i < pattern.size() && (pattern[i] == 'A' || pattern[i] == 'z')) return true;
      continue;
    }
    if (in_class) {
      in_class = c != ']';
      continue;
    }
    if (c == '^' || c == '$') return true;
    if (c == '[') {
      // A ']' first in the class (after a '^') is one of its characters.
      std::size_t next = i + 1;
      if (next < pattern.size() && pattern[next] == '^') ++next;
      if (next < pattern.size() && pattern[next] == ']') ++next;
      i = next - 1;
      in_class = true;
    }
  }
  return false;
}

// The link and image patterns, each between a byte that can come before an
// attribute value in the source (a quote, '=', a space) and one that can come after
// it (a quote, a space, '>') or the end: unanchored, the set matches a page only
// where a value could stand that the pattern matches whole. None when a pattern
// anchors itself (mid-page, ^ and $ would not mean a value's ends) or the set does
// not compile.
std::unique_ptr<RE2::Set> delimited_set(const std::vector<std::string>& links, const std::vector<std::string>& images) {
  RE2::Options options;
  options.set_log_errors(false);
  // (Its DFA grows with the pages it reads: at 8 MB the set stays small, and a page
  // it runs out of memory on goes to the parser.)
  options.set_max_mem(8 << 20);
  auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (const std::vector<std::string>* patterns : {&links, &images}) {
    for (const std::string& p : *patterns) {
      if (may_anchor(p)) return nullptr;
      if (set->Add("(?:^|[\"'=\\s])(?:" + p + ")(?:[\"'\\s>]|\\z)", nullptr) < 0) return nullptr;
    }
  }
  return set->Compile() ? std::move(set) : nullptr;
}

// HTML's character reference names, in byte order (data/html_reference_names.txt).
const std::vector<std::string_view>& reference_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (std::string_view rest = data::kHtmlReferenceNames; !rest.empty();) {
      const std::size_t end = std::min(rest.find('\n'), rest.size());
      if (const std::string_view line = rest.substr(0, end); !line.empty() && line[0] != '#') out.push_back(line);
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    std::sort(out.begin(), out.end());
    return out;
  }();
  return names;
}

}  // namespace

// ("&hl=en" in a query and "R&D" are no references.)
bool may_begin_reference(std::string_view html, std::size_t at) {
  const std::string_view rest = html.substr(at + 1);
  if (rest.starts_with('#')) return true;
  const std::vector<std::string_view>& names = reference_names();
  // (The names rest starts with sort among those that start with its first k bytes,
  // for each k up to their length: the search narrows k by k, and stops where none does.)
  for (std::size_t k = 1; k <= rest.size(); ++k) {
    const std::string_view prefix = rest.substr(0, k);
    const auto it = std::lower_bound(names.begin(), names.end(), prefix);
    if (it == names.end() || !it->starts_with(prefix)) return false;
    if (*it == prefix) return true;
  }
  return false;
}

namespace {

// Whether the quote at `quote` may open an attribute value: the tokenizer enters a
// quoted value only from the '=' after a name, past any white space.
bool may_open_value(std::string_view html, std::size_t quote) {
  std::size_t k = quote;
  while (k > 0 && html_space(html[k - 1])) --k;
  return k > 0 && html[k - 1] == '=';
}

// Stretches of `html` (sorted, disjoint) that hold every attribute value a character
// reference could fall in: around each '&' that may begin one, the widest stretch a
// value holding it can span, one without a '"' (in double quotes), without a '\'' (in single
// quotes) or without a space or '>' (unquoted). A quoted value holds no quote of
// its kind, so the last one before the '&' would have opened it: where that one
// opens no value (an apostrophe in prose), no such value holds the '&', and the
// stretch to it, often most of the page, is none. Found with the stops' positions,
// not by a search from each '&': a page may hold thousands of references.
std::vector<ByteSpan> stretches_around_references(std::string_view html) {
  std::vector<ByteSpan> out;
  // (Most pages' '&'s are a query's, and begin none: the stops are not needed.)
  std::size_t first = html.find('&');
  while (first != std::string_view::npos && !may_begin_reference(html, first)) first = html.find('&', first + 1);
  if (first == std::string_view::npos) return out;
  std::array<std::vector<std::size_t>, 3> stops;  // '"', '\'', space or '>'
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '"') stops[0].push_back(i);
    else if (c == '\'') stops[1].push_back(i);
    else if (html_space(c) || c == '>') stops[2].push_back(i);
  }
  for (std::size_t at = first; at != std::string_view::npos; at = html.find('&', at + 1)) {
    if (!may_begin_reference(html, at)) continue;
    ByteSpan widest{at, at + 1};
    for (std::size_t kind = 0; kind < stops.size(); ++kind) {
      const std::vector<std::size_t>& positions = stops[kind];
      const auto next = std::lower_bound(positions.begin(), positions.end(), at);
      const bool quoted = kind < 2;
      if (quoted && (next == positions.begin() || !may_open_value(html, *std::prev(next)))) continue;
      widest.begin = std::min(widest.begin, next == positions.begin() ? 0 : *std::prev(next) + 1);
      widest.end = std::max(widest.end, next == positions.end() ? html.size() : *next);
    }
    out.push_back(widest);
  }
  // (A quoted stretch may reach back past the stretches of the references before it.)
  std::sort(out.begin(), out.end(), [](const ByteSpan& a, const ByteSpan& b) { return a.begin < b.begin; });
  std::size_t kept = 0;
  for (const ByteSpan& s : out) {
    if (kept > 0 && s.begin <= out[kept - 1].end) out[kept - 1].end = std::max(out[kept - 1].end, s.end);
    else out[kept++] = s;
  }
  out.resize(kept);
  return out;
}

}  // namespace

// Whether some attribute value of `html` could match a link or image pattern whole,
// as far as the bytes tell. (only_harmless_references holds for `html`.) A value
// is its bytes but for character references and line ends, and a value's bytes stand
// between the delimiters the set asks for; so where no reference can fall inside a
// value that holds a pattern's strings, and with line ends as the parser reads them,
// no match of the set means no value matches. A reference may, when a string of the
// screen stands in the widest stretch a value around it can span: then the page may.
bool PlaceholderCatalogue::values_may_match(const ElementScreen& screen, std::string_view html) const {
  if (!screen.between_delimiters || !screen.strings) return true;
  for (const ByteSpan around : stretches_around_references(html)) {
    if (!screen.strings->found_in(html.substr(around.begin, around.size())).empty()) return true;
  }
  // (CR LF and a lone CR are one LF to the parser, in values as everywhere.)
  std::string normalized;
  if (html.find('\r') != std::string_view::npos) {
    normalized.reserve(html.size());
    for (std::size_t i = 0; i < html.size(); ++i) {
      if (html[i] != '\r') normalized += html[i];
      else if (i + 1 == html.size() || html[i + 1] != '\n') normalized += '\n';
    }
    html = normalized;
  }
  RE2::Set::ErrorInfo info{};
  const bool matched = screen.between_delimiters->Match(re2::StringPiece(html.data(), html.size()), nullptr, &info);
  return matched || info.kind != RE2::Set::kNoError;  // (out of memory: it may)
}

// A value the parser reads from the page is the page's bytes but for character
// references, line ends (CR LF read as LF) and NUL (read as U+FFFD). With only
// harmless references, each string in a value stands in the page as it is
// (ASCII letters folded): so a pattern whose strings the page lacks matches no value.
const PlaceholderCatalogue::ElementScreen& PlaceholderCatalogue::element_screen() const {
  std::call_once(element_screen_built_, [this] {
    auto screen = std::make_unique<ElementScreen>();
    links_.ensure();
    images_.ensure();
    RE2::Options options;
    options.set_log_errors(false);
    bool added = true;
    for (const Compiled* c : {&links_, &images_}) {
      for (const std::string& pattern : c->patterns) {
        int id = 0;
        added = added && screen->filter.Add(pattern, options, &id) == RE2::NoError;
      }
    }
    screen->none = links_.patterns.empty() && images_.patterns.empty();
    if (added && !screen->none) {
      screen->filter.Compile(&screen->atoms);
      screen->usable = std::all_of(screen->atoms.begin(), screen->atoms.end(), [](const std::string& a) {
        return !a.empty() && std::all_of(a.begin(), a.end(), [](char ch) {
          return ch > ' ' && ch < 0x7F && !std::isupper(static_cast<unsigned char>(ch)) && std::strchr("&<>\"'", ch) == nullptr;
        });
      });
      // (One pass over a page for all the strings, rather than a search for each.)
      if (screen->usable) screen->strings = RequiredStrings::over(screen->atoms);
      screen->between_delimiters = delimited_set(links_.patterns, images_.patterns);
    }
    element_screen_ = std::move(screen);
  });
  return *element_screen_;
}

bool PlaceholderCatalogue::may_link_placeholders(std::string_view html) const {
  if (!required_) return true;  // (an unscreened catalogue parses every page)
  const ElementScreen& screen = element_screen();
  if (screen.none) return false;
  if (!screen.usable || !only_harmless_references(html)) return true;
  std::vector<int> present;
  if (screen.strings) {
    for (uint16_t i : screen.strings->found_in(html)) present.push_back(i);
  } else {
    // (std::tolower in the C locale, which kempt never leaves, without a call a byte)
    std::string folded(html);
    for (char& c : folded) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
    for (std::size_t i = 0; i < screen.atoms.size(); ++i) {
      if (folded.find(screen.atoms[i]) != std::string::npos) present.push_back(static_cast<int>(i));
    }
  }
  std::vector<int> potential;
  screen.filter.AllPotentials(present, &potential);
  // (The strings say which patterns may match; their values, where they could stand, say more.)
  return !potential.empty() && values_may_match(screen, html);
}

void PlaceholderCatalogue::Compiled::find_keys() const {
  namespace pa = placeholder_atoms;
  std::call_once(keys_found, [this] {
    ensure();
    keys.resize(owner.size());
    for (std::size_t i = 0; i < owner.size(); ++i) {
      const std::string id = owner[i]->qualified_id();
      std::size_t k = 0;
      while (k < pa::kValueCount && pa::kValueIds[k] != id) ++k;
      if (k == pa::kValueCount) return;  // (keyed stays false)
      keys[i].assign(pa::kValueAtoms + pa::kValueFirst[k], pa::kValueAtoms + pa::kValueFirst[k + 1]);
    }
    keyed = true;
  });
}

const Fingerprint* PlaceholderCatalogue::match_whole(const Compiled& c, std::string_view text) const {
  // A value holding none of a pattern's key cannot match it: most values are asked
  // of no pattern, and a one-page run compiles the one or two its values may match,
  // not the whole set. They are asked first to last, as the set gives its first hit.
  if (values_keyed_) {
    c.find_keys();
    if (c.keyed) {
      std::string folded(text);  // (the keys are lowercase ASCII where they have case)
      for (char& ch : folded) ch = static_cast<char>(ascii_lower(static_cast<unsigned char>(ch)));
      for (std::size_t i = 0; i < c.keys.size(); ++i) {
        const auto& key = c.keys[i];
        const bool may = key.empty() || std::any_of(key.begin(), key.end(), [&](std::string_view a) {
                           return folded.find(a) != std::string::npos;
                         });
        if (may && RE2::FullMatch(re2::StringPiece(text.data(), text.size()), c.pattern(i))) return c.owner[i];
      }
      return nullptr;
    }
  }
  const std::vector<int> hits = set_matches(c, text);
  return hits.empty() ? nullptr : c.owner[static_cast<std::size_t>(hits.front())];
}

const Fingerprint* PlaceholderCatalogue::match_link(std::string_view url) const { return match_whole(links_, url); }
const Fingerprint* PlaceholderCatalogue::match_image(std::string_view src) const { return match_whole(images_, src); }

std::vector<const Fingerprint*> PlaceholderCatalogue::match_file(const std::filesystem::path& path) const {
  std::vector<const Fingerprint*> out;
  // (The path is split once: every page is asked of every glob.)
  const std::vector<std::string> parts = components(path.lexically_normal());
  for (const auto& [glob, fp] : file_globs_) {
    if (path_ends_with(parts, glob) && std::find(out.begin(), out.end(), fp) == out.end()) out.push_back(fp);
  }
  return out;
}

std::set<std::string> PlaceholderCatalogue::template_ids() const {
  std::set<std::string> ids;
  for (const Fingerprint& fp : fingerprints_) ids.insert(fp.template_id);
  return ids;
}

}  // namespace kempt
