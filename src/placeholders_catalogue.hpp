#pragma once
// The placeholder catalogue inside libkempt: reading it (strictly) from YAML and
// matching all its fingerprints at once with RE2 sets.
#include <re2/re2.h>
#include <re2/filtered_re2.h>
#include <re2/set.h>

#include <array>
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <mutex>
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

/// Whether a text holds any string a text fingerprint of the built-in catalogue
/// needs to match (found at build time by tools/gen_placeholder_atoms.cpp): most
/// pages hold none, and skip the pattern set. Letters compare case-blind, as the
/// strings are lowercase.
class RequiredStrings {
 public:
  /// The built-in text fingerprints' strings (placeholder_atoms::kAtoms).
  RequiredStrings();
  /// `strings`: lowercase, three bytes or longer, fewer than 65,536, outliving this.
  explicit RequiredStrings(std::vector<std::string_view> strings);
  /// A screen over `strings` (lowercase, outliving it); none when they are not as the
  /// constructor needs them.
  static std::optional<RequiredStrings> over(const std::vector<std::string>& strings);
  /// The strings (their indices) `text` holds, in order.
  std::vector<uint16_t> found_in(std::string_view text) const;

 private:
  static uint32_t bucket(const unsigned char* p);
  // Strings shorter than this are looked for where their rarest byte stands (memchr);
  // the others by windows read every step_ bytes.
  static constexpr std::size_t kSampledFrom = 7;
  static constexpr std::size_t kWindow = 4;  // the bytes a window holds (kSampledFrom > it)
  struct ByAnchor {
    char byte;  // the byte looked for, in one case
    // The short strings holding it: (string, its offset there)
    std::vector<std::pair<uint16_t, uint8_t>> strings;
  };
  std::vector<ByAnchor> short_;
  std::vector<std::string_view> atoms_;
  std::size_t step_ = 1;        // the bytes between two windows read (see the constructor)
  std::vector<uint64_t> seen_;  // a bit per bucket of a window a string starts with
  // (bucket, string | window's offset << 16) sorted: a thousand entries, looked up
  // only where a bit is set (a table per bucket cost a one-page run 64 pages to fill).
  std::vector<std::pair<uint32_t, uint32_t>> strings_;
  // Where each set bucket's entries start: the k-th set bit's at first_[k], k counted
  // as the set bits before seen_[w] (bits_before_[w]) and those below it in seen_[w].
  std::vector<uint32_t> bits_before_, first_;
};

/// Whether the '&' at html[at] may begin a character reference: a '#' or a name of
/// HTML's table (data/html_reference_names.txt) stands after it. The parser leaves
/// any other '&', and the bytes after it, as written.
bool may_begin_reference(std::string_view html, std::size_t at);

/// White space as normalise_sample_text reads it (a run of it is one space), and as
/// match_content counts what normalising keeps.
inline bool sample_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/// The (length, first letter, last letter) keys of a set of lowercase words, a bit
/// each: most words of a page are in none of the catalogue's lists, and their key
/// turns them away before a hash is worked out.
class WordKeys {
 public:
  void add(std::string_view word) {
    if (const int k = key(word); k >= 0) seen_[static_cast<std::size_t>(k) >> 6] |= uint64_t{1} << (k & 63);
  }
  /// False when `word` (lowercase) is surely not in the set.
  bool may_contain(std::string_view word) const {
    const int k = key(word);
    return k < 0 || seen(static_cast<std::size_t>(k));
  }
  /// False when the word `raw` (ASCII letters, in any case) is surely not in the set
  /// once lowercased: its length and end letters say so, before it is lowercased.
  /// (Asked of most words of every page: a few instructions.)
  bool may_contain_folded(std::string_view raw) const {
    if (raw.empty() || raw.size() > kKeyedLength) return true;
    // (c | 0x20) is a lowercase letter exactly when c is a letter, and is c lowercased.
    const unsigned first = (static_cast<unsigned char>(raw.front()) | 0x20u) - 'a';
    const unsigned last = (static_cast<unsigned char>(raw.back()) | 0x20u) - 'a';
    if (first >= 26 || last >= 26) return true;
    return seen((raw.size() * 26 + first) * 26 + last);
  }

 private:
  static constexpr std::size_t kKeyedLength = 15;
  // -1: not keyed (longer than kKeyedLength bytes, or not two lowercase ASCII letters at its ends).
  static int key(std::string_view w) {
    auto letter = [](char c) { return c >= 'a' && c <= 'z' ? c - 'a' : -1; };
    if (w.empty() || w.size() > kKeyedLength || letter(w.front()) < 0 || letter(w.back()) < 0) return -1;
    return (static_cast<int>(w.size()) * 26 + letter(w.front())) * 26 + letter(w.back());
  }
  bool seen(std::size_t k) const { return seen_[k >> 6] >> (k & 63) & 1; }
  std::array<uint64_t, ((kKeyedLength + 1) * 26 * 26 + 63) / 64> seen_{};
};

/// A set of lowercase words asked of every word of every page, behind its keys.
class WordSet {
 public:
  template <class It>
  void insert(It first, It last) {
    for (; first != last; ++first) {
      words_.insert(*first);
      keys_.add(*first);
    }
  }
  bool contains(std::string_view word) const { return keys_.may_contain(word) && words_.find(word) != words_.end(); }
  bool may_contain_folded(std::string_view raw) const { return keys_.may_contain_folded(raw); }

 private:
  // (Looked up by string_view: no string is built for a word of the page.)
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> words_;
  WordKeys keys_;
};

class PlaceholderCatalogue {
 public:
  /// Takes `source`; each pattern set is built when a page first needs it (throwing
  /// std::invalid_argument then, naming a pattern RE2 rejects: read_catalogue has
  /// compiled every user pattern alone by then, so only a broken build can).
  /// `builtin_text`: its text fingerprints are the built-in catalogue's (none added),
  /// so the built-in required strings may screen pages.
  explicit PlaceholderCatalogue(CatalogueSource source, bool builtin_text = false);
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

  bool is_lorem_word(std::string_view lower) const { return lorem_words_.contains(lower); }
  /// False when the ASCII word `raw`, lowercased, is surely no Latin filler word.
  bool may_be_lorem_word(std::string_view raw) const { return lorem_words_.may_contain_folded(raw); }
  bool is_common_lorem_word(std::string_view lower) const { return lorem_common_.contains(lower); }
  /// A Latin filler word that tells filler from prose: an uncommon one, or "lorem" or
  /// "ipsum" (what may_hold_lorem looks for), and its screen by length and end letters.
  bool is_uncommon_lorem_word(std::string_view lower) const {
    return is_lorem_word(lower) && (!is_common_lorem_word(lower) || lower == "lorem" || lower == "ipsum");
  }
  bool may_be_uncommon_lorem_word(std::string_view raw) const { return lorem_uncommon_keys_.may_contain_folded(raw); }
  /// An English word of a filler that mixes it with the Latin (Monocle ipsum).
  bool is_mixed_filler_word(std::string_view lower) const { return lorem_mixed_.contains(lower); }
  bool is_generic_label(std::string_view lower) const { return generic_labels_.contains(lower); }
  /// The fingerprint behind Lorem ipsum found in general (not a template string).
  const Fingerprint& lorem_fingerprint() const { return lorem_; }
  /// False when .kempt.yaml ignores generic/lorem-ipsum.
  bool lorem_enabled() const { return lorem_enabled_; }

  const std::vector<Fingerprint>& fingerprints() const { return fingerprints_; }
  /// Whether the built-in required strings screen pages (see RequiredStrings), and
  /// HTML pages are screened before they are parsed (see may_link_placeholders).
  bool screens() const { return required_ != nullptr; }
  /// False when no link or image fingerprint can match an `href` or `src` of this
  /// HTML page, as an HTML parser reads them: the page holds none of the strings
  /// they need (RE2's FilteredRE2) and no character reference that could spell one.
  bool may_link_placeholders(std::string_view html) const;
  std::set<std::string> template_ids() const;

 private:
  // One target's patterns: the set that says which match, and each pattern alone
  // (where a match is, or the set's fallback), compiled only when first asked:
  // most pages match none, and a process that checks one page should not pay
  // for compiling every pattern twice.
  struct Compiled {
    // (All built lazily, in a catalogue shared as const: hence mutable, behind once flags.)
    RE2::Anchor anchor = RE2::UNANCHORED;
    mutable std::vector<std::string> patterns;
    mutable std::vector<const Fingerprint*> owner;
    mutable std::vector<std::unique_ptr<RE2>> each;
    mutable std::unique_ptr<std::once_flag[]> once;
    const RE2& pattern(std::size_t i) const;
    // The patterns are listed on first use, and the set compiled only when a page
    // is asked of all of them at once: a page without links never needs the link
    // set, and a page the required strings screen needs only a few patterns alone.
    // (Each user pattern was compiled alone when read, so a pattern RE2 rejects is
    // still reported there.)
    std::function<void()> list;
    mutable std::once_flag listed, set_built;
    mutable std::unique_ptr<RE2::Set> set;
    mutable bool set_compiled = false;
    void ensure() const { std::call_once(listed, list); }
    void compile_set() const;
    // (Links and images of the built-in catalogue.) Each pattern's key: strings one
    // of which a value must hold, lowercase, for the pattern to match it (an empty
    // key: every value may), baked by tools/gen_placeholder_atoms.cpp. Found on first
    // use; `keyed` is false when a pattern has none baked, and the set then asks.
    mutable std::once_flag keys_found;
    mutable std::vector<std::vector<std::string_view>> keys;
    mutable bool keyed = false;
    void find_keys() const;
  };
  void prepare(Compiled& c, Fingerprint::Target target, RE2::Anchor anchor,
               std::function<bool(const Fingerprint&)> only = nullptr);
  void list(const Compiled& c, Fingerprint::Target target, const std::function<bool(const Fingerprint&)>& only) const;
  std::vector<int> set_matches(const Compiled& c, std::string_view text) const;
  // What the required strings leave of the text patterns for a page: the ones they
  // key (sorted, unique), and the unscreened ones whose weak key it holds, or that
  // have none (sorted).
  struct Screened {
    std::vector<int> keyed, unscreened;
  };
  Screened screened_candidates(std::string_view text) const;
  void index_keys();
  const Fingerprint* match_whole(const Compiled& c, std::string_view text) const;

  std::vector<Fingerprint> fingerprints_;
  std::unique_ptr<const RequiredStrings> required_;  // null: every page runs the text set
  Fingerprint lorem_;
  bool lorem_enabled_ = true;
  Compiled text_, links_, images_;
  Compiled text_always_;  // the text fingerprints no required string screens (with required_)
  bool values_keyed_ = false;  // the built-in link and image keys apply (see Compiled::keys)
  // With required_: the text fingerprints (indices of text_'s patterns) each required
  // string keys, and those none screens.
  std::vector<std::vector<std::size_t>> keyed_by_;
  std::vector<std::size_t> unscreened_;
  // Each unscreened pattern's weak key (required strings, one of which a page must
  // hold for it to match; empty: none, it is asked of every page).
  std::vector<std::vector<uint16_t>> unscreened_keys_;
  // The strings the link and image patterns need (built on the first HTML page).
  struct ElementScreen {
    re2::FilteredRE2 filter{3};
    std::vector<std::string> atoms;
    std::optional<RequiredStrings> strings;  // over `atoms`, when they suit it
    bool usable = false;
    bool none = false;  // no link or image fingerprint at all
    // Each pattern between the bytes a value can stand between (see values_may_match);
    // none when a pattern anchors itself (^ $ \A \z mean something else mid-page).
    std::unique_ptr<RE2::Set> between_delimiters;
  };
  bool values_may_match(const ElementScreen& screen, std::string_view html) const;
  mutable std::once_flag element_screen_built_;
  mutable std::unique_ptr<ElementScreen> element_screen_;
  const ElementScreen& element_screen() const;
  std::vector<std::pair<std::vector<std::string>, const Fingerprint*>> file_globs_;  // a glob's components
  std::vector<const Fingerprint*> contents_;
  std::vector<std::string> content_pieces_;  // by contents_: see raw_piece
  // The pieces lowercased, and a screen over them (when every piece is three bytes
  // or more): a file is searched once for all of them, and then for the ones it
  // holds in some case, as they are. Built when a file long enough to need it comes.
  mutable std::once_flag piece_screen_built_;
  mutable std::atomic<bool> piece_screen_ready_{false};  // built: every file may use it
  mutable std::vector<std::string> folded_pieces_;
  mutable std::optional<RequiredStrings> piece_screen_;
  const RequiredStrings* piece_screen() const;
  std::size_t largest_content_ = 0;
  WordSet lorem_words_, lorem_common_, lorem_mixed_, generic_labels_;
  WordKeys lorem_uncommon_keys_;  // of the words is_uncommon_lorem_word holds
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
