// Build-time generator: the strings a page must hold for any text fingerprint of the
// built-in placeholder catalogue (data/templates.yaml) to match it.
//
// RE2's FilteredRE2 works out, for each pattern, the literal pieces ("atoms",
// lowercase) without which it cannot match. A page that holds none of them matches
// no text fingerprint, and the placeholders pass need not compile or run the
// catalogue's pattern set on it (issue 18: a one-page run pays only for that page).
// Only text fingerprints (`text:` and `regex:`) are read, as the pass builds its
// text set from them; the pass checks that count against kAtomPatterns.
//
//   kempt_gen_placeholder_atoms OUT.cpp data/templates.yaml
#include "cpp_literal.hpp"
#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <functional>
#include <optional>
#include <algorithm>
#include <iterator>
#include <utility>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <set>
#include <string>
#include <vector>

namespace {

// Whether lowercasing the page's ASCII letters is enough to find `atom`: its other
// characters have no case (CJK brackets, ’), so no lowercasing changed them.
bool ascii_fold_suffices(const std::string& atom) {
  const auto* s = reinterpret_cast<const uint8_t*>(atom.data());
  const auto n = static_cast<int32_t>(atom.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return false;
    if (c >= 0x80 && u_hasBinaryProperty(c, UCHAR_CASED)) return false;
  }
  return true;
}

// Whether an RE2 pattern turns case-insensitive matching on inline ((?i), (?si:...)):
// its atoms are then lowercase forms that a non-ASCII character may match too (k for
// the Kelvin sign), which folding ASCII letters would not show.
bool sets_case_insensitive(const std::string& pattern) {
  for (std::size_t at = pattern.find("(?"); at != std::string::npos; at = pattern.find("(?", at + 2)) {
    const std::size_t end = pattern.find_first_of(":)", at + 2);
    if (pattern.substr(at + 2, end == std::string::npos ? end : end - at - 2).find('i') != std::string::npos) return true;
  }
  return false;
}

// Adds to `filter`, in catalogue order, the pattern `pattern_of` gives for each
// fingerprint (none: not one of the kind asked for), and returns their ids
// (template/fingerprint) and, in `patterns`, the patterns. Exits on a pattern RE2
// does not accept.
std::vector<std::string> add_patterns(const YAML::Node& root, re2::FilteredRE2& filter,
                                      const std::function<std::optional<std::string>(const YAML::Node&)>& pattern_of,
                                      std::vector<std::string>* patterns = nullptr) {
  std::vector<std::string> ids;
  for (const YAML::Node& t : root["templates"]) {
    for (const YAML::Node& fp : t["fingerprints"]) {
      const std::optional<std::string> pattern = pattern_of(fp);
      if (!pattern) continue;
      RE2::Options options;
      options.set_log_errors(false);
      int id = 0;
      if (filter.Add(*pattern, options, &id) != RE2::NoError) {
        std::cerr << "kempt_gen_placeholder_atoms: not a pattern RE2 accepts: " << *pattern << "\n";
        std::exit(1);
      }
      ids.push_back(t["id"].as<std::string>() + "/" + fp["id"].as<std::string>());
      if (patterns) patterns->push_back(*pattern);
    }
  }
  return ids;
}

// Link and image fingerprints match a whole value (a link's target, an image's
// source). Each one's key: strings one of which a value must hold, lowercase, for the
// fingerprint to match it (as long as will do); empty when it has none, and the
// fingerprint is then asked of every value. The pass asks a value only of the
// fingerprints whose key it holds, and compiles no link set for a page whose links
// hold none (issue 18: the link set was a tenth of a one-page run).
void write_value_keys(const YAML::Node& root, std::ostream& out) {
  re2::FilteredRE2 filter(3);
  std::vector<std::string> patterns;
  // As PlaceholderCatalogue::list writes them into its link and image sets.
  const std::vector<std::string> ids = add_patterns(root, filter, [](const YAML::Node& fp) -> std::optional<std::string> {
    if (fp["link"]) return RE2::QuoteMeta(fp["link"].as<std::string>());
    if (fp["link_regex"]) return fp["link_regex"].as<std::string>();
    if (fp["image"]) return "(?:.*/)?" + RE2::QuoteMeta(fp["image"].as<std::string>());
    if (fp["image_regex"]) return fp["image_regex"].as<std::string>();
    return std::nullopt;
  }, &patterns);
  std::vector<std::string> atoms;
  if (!ids.empty()) filter.Compile(&atoms);
  const int n = static_cast<int>(atoms.size());
  auto potential = [&](const std::vector<int>& present, int r) {
    std::vector<int> out;
    filter.AllPotentials(present, &out);
    return std::find(out.begin(), out.end(), r) != out.end();
  };
  std::vector<std::vector<std::string>> keys;
  bool usable = true;
  for (int r = 0; r < static_cast<int>(ids.size()); ++r) {
    // A cut: atoms such that a value holding none of them cannot match. The longest
    // that will do ("http" is in every link), fewest first dropped shortest first.
    auto blocks = [&](const std::set<int>& cut) {
      std::vector<int> present;
      for (int i = 0; i < n; ++i) {
        if (!cut.count(i)) present.push_back(i);
      }
      return !potential(present, r);
    };
    std::vector<std::string> key;
    for (std::size_t length : {8, 6, 5, 3}) {
      std::set<int> cut;
      for (int x = 0; x < n; ++x) {
        if (atoms[x].size() >= length) cut.insert(x);
      }
      if (cut.empty() || !blocks(cut)) continue;
      std::vector<int> order(cut.begin(), cut.end());
      std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return atoms[a].size() < atoms[b].size(); });
      for (int x : order) {
        cut.erase(x);
        if (!blocks(cut)) cut.insert(x);
      }
      for (int x : cut) key.push_back(atoms[x]);
      break;
    }
    if (sets_case_insensitive(patterns[static_cast<std::size_t>(r)])) key.clear();
    for (const std::string& a : key) usable = usable && !a.empty() && ascii_fold_suffices(a);
    keys.push_back(std::move(key));
  }
  out << "// Link and image fingerprints (template/fingerprint) and the key of each:\n"
      << "// kValueAtoms[kValueFirst[k], kValueFirst[k + 1]), none for one asked of every value.\n"
      << "extern const bool kValueKeysUsable = " << (usable ? "true" : "false") << ";\n"
      << "extern const std::size_t kValueCount = " << ids.size() << ";\n"
      << "extern const std::string_view kValueIds[] = {\n";
  for (const std::string& id : ids) out << "    " << kempt::tools::cpp_literal(id) << ",\n";
  if (ids.empty()) out << "    \"\",\n";
  out << "};\nextern const unsigned short kValueFirst[] = {0,";
  std::size_t first = 0;
  for (const auto& key : keys) out << (first += key.size()) << ",";
  out << "};\nextern const std::string_view kValueAtoms[] = {\n";
  for (const auto& key : keys) {
    for (const std::string& a : key) out << "    " << kempt::tools::cpp_literal(a) << ",\n";
  }
  if (first == 0) out << "    \"\",\n";
  out << "};\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: kempt_gen_placeholder_atoms OUT.cpp data/templates.yaml\n";
    return 2;
  }
  const YAML::Node root = YAML::LoadFile(argv[2]);
  re2::FilteredRE2 filter(3);
  // As PlaceholderCatalogue::list writes them into its text set.
  const std::vector<std::string> ids = add_patterns(root, filter, [](const YAML::Node& fp) -> std::optional<std::string> {
    if (fp["text"]) return RE2::QuoteMeta(fp["text"].as<std::string>());
    if (fp["regex"]) return "(?m)" + fp["regex"].as<std::string>();
    return std::nullopt;
  });
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  const int n = static_cast<int>(atoms.size()), patterns = static_cast<int>(ids.size());
  auto potentials = [&](const std::vector<int>& present) {
    std::vector<int> out;
    filter.AllPotentials(present, &out);
    return std::set<int>(out.begin(), out.end());
  };
  // Each pattern's key: strings one of which a page must hold for it to match.
  // An atom it cannot match without (the longest, the rarest in prose), else the
  // atoms each enough alone when together they are needed (its alternatives);
  // a pattern with neither is asked on every page.
  std::vector<std::vector<int>> necessary(patterns), sufficient(patterns);
  std::vector<int> everything(n);
  for (int i = 0; i < n; ++i) everything[i] = i;
  for (int x = 0; x < n; ++x) {
    std::vector<int> without;
    for (int i = 0; i < n; ++i) {
      if (i != x) without.push_back(i);
    }
    const std::set<int> p = potentials(without);
    for (int r = 0; r < patterns; ++r) {
      if (!p.count(r)) necessary[r].push_back(x);
    }
    for (int r : potentials({x})) sufficient[r].push_back(x);
  }
  // A key that ordinary pages hold ("layout: " of front matter, "*202") screens
  // nothing: its pattern is asked on every page, in a set of its own, instead.
  auto weak = [&](int x) {
    const std::string& a = atoms[x];
    if (a.size() < 5) return true;
    const std::size_t colon = a.find(':');
    return colon != std::string::npos && colon + 2 >= a.size() &&
           std::all_of(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) { return std::islower(static_cast<unsigned char>(c)) || c == '_'; });
  };
  std::set<int> keys;
  std::vector<std::string> always;
  std::vector<std::set<int>> always_keys;  // each always pattern's weak key (empty: none)
  std::vector<std::pair<std::string, std::set<int>>> keyed;  // a screened pattern's id and key
  // Short atoms ("title: ", "heading") are in most pages: a pattern whose own atoms
  // are that short is keyed by long atoms it cannot match without, when those exist
  // ('^title: "?Page not in menu"?$' by either form of "page not in menu").
  constexpr std::size_t kLong = 8;
  auto long_cut = [&](int r, std::size_t length) {
    std::set<int> cut;
    for (int x = 0; x < n; ++x) {
      if (atoms[x].size() >= length) cut.insert(x);
    }
    auto blocks = [&](const std::set<int>& c) {
      std::vector<int> present;
      for (int i = 0; i < n; ++i) {
        if (!c.count(i)) present.push_back(i);
      }
      return !potentials(present).count(r);
    };
    if (!blocks(cut)) return std::set<int>{};
    // Dropped shortest first (the commonest), so that what stays is long; of equal
    // lengths, one that starts like a front matter key ("title:") goes first.
    std::vector<int> order(cut.begin(), cut.end());
    auto common = [&](int x) { return atoms[x].find(':') != std::string::npos && atoms[x].find(' ') > atoms[x].find(':'); };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return atoms[a].size() != atoms[b].size() ? atoms[a].size() < atoms[b].size() : common(a) > common(b);
    });
    for (int x : order) {
      cut.erase(x);
      if (!blocks(cut)) cut.insert(x);
    }
    return cut;
  };
  for (int r = 0; r < patterns; ++r) {
    const bool short_key = necessary[r].empty() || std::all_of(necessary[r].begin(), necessary[r].end(),
                                                               [&](int x) { return atoms[x].size() < kLong; });
    std::set<int> key;
    if (short_key) {
      for (std::size_t length : {16, 12, 8, 6, 5}) {
        if (key = long_cut(r, length); !key.empty()) break;
      }
    }
    if (key.empty() && !necessary[r].empty()) {
      // The longest that is not weak: a long pattern's longest atom can be a front
      // matter key ("excerpt_separator:" of minimal-mistakes' demo post), which would
      // send the whole pattern to every page.
      std::vector<int> strong;
      std::copy_if(necessary[r].begin(), necessary[r].end(), std::back_inserter(strong), [&](int x) { return !weak(x); });
      const std::vector<int>& from = strong.empty() ? necessary[r] : strong;
      key.insert(*std::max_element(from.begin(), from.end(),
                                   [&](int a, int b) { return atoms[a].size() < atoms[b].size(); }));
    }
    if (key.empty()) {
      const std::set<int> enough(sufficient[r].begin(), sufficient[r].end());
      std::vector<int> rest;
      for (int i = 0; i < n; ++i) {
        if (!enough.count(i)) rest.push_back(i);
      }
      if (!enough.empty() && !potentials(rest).count(r)) key = enough;
    }
    if (key.empty() || std::any_of(key.begin(), key.end(), weak)) {
      always.push_back(ids[r]);
      always_keys.push_back(key);
    } else {
      keys.insert(key.begin(), key.end());
      keyed.emplace_back(ids[r], key);
    }
  }
  // Usable when every key can be found by folding ASCII letters only.
  bool usable = true;
  for (int k : keys) usable = usable && atoms[k].size() >= 3 && ascii_fold_suffices(atoms[k]);
  // A weak key is still a key: a page holding none of its strings cannot match the
  // pattern. The pass looks for them in the same scan (they key no screened pattern),
  // and asks an always pattern only of a page that holds one; a weak key the scan
  // could not find whole is dropped, and its pattern asked of every page.
  // Each weak string is cut to its first six bytes ("title: " to "title:"; a page holding
  // the whole holds the cut): the screen finds strings that short by memchr for their
  // first byte, while one of seven or more would make it sample every page more
  // densely (RequiredStrings::kSampledFrom).
  constexpr std::size_t kShortScreened = 6;
  for (std::set<int>& key : always_keys) {
    std::set<int> cut;
    for (int x : key) {
      const std::string a = atoms[x].substr(0, kShortScreened);
      const auto at = std::find(atoms.begin(), atoms.end(), a);
      cut.insert(at != atoms.end() ? static_cast<int>(at - atoms.begin()) : (atoms.push_back(a), static_cast<int>(atoms.size()) - 1));
    }
    key = cut;
    if (std::any_of(key.begin(), key.end(), [&](int x) { return atoms[x].size() < 3 || !ascii_fold_suffices(atoms[x]); })) key.clear();
    keys.insert(key.begin(), key.end());
  }
  std::ofstream out(argv[1]);
  out << "// Generated by tools/gen_placeholder_atoms.cpp from data/templates.yaml. Do not edit.\n"
      << "#include <string_view>\n\nnamespace kempt::placeholder_atoms {\n"
      << "extern const int kAtomPatterns = " << patterns << ";\n"
      << "extern const bool kAtomsUsable = " << (usable ? "true" : "false") << ";\n"
      << "extern const std::size_t kAtomCount = " << keys.size() << ";\n"
      << "extern const std::string_view kAtoms[] = {\n";
  for (int k : keys) out << "    " << kempt::tools::cpp_literal(atoms[k]) << ",\n";
  if (keys.empty()) out << "    \"\",\n";
  out << "};\n"
      << "// The screened patterns (template/fingerprint), and the strings keying each:\n"
      << "// kKeyedAtoms[kKeyedFirst[k], kKeyedFirst[k + 1]) index kAtoms.\n"
      << "extern const std::size_t kKeyedCount = " << keyed.size() << ";\n"
      << "extern const std::string_view kKeyedIds[] = {\n";
  for (const auto& [id, key] : keyed) out << "    " << kempt::tools::cpp_literal(id) << ",\n";
  if (keyed.empty()) out << "    \"\",\n";
  // Each pattern's key as kAtoms indices, flattened: NAMEAtoms[NAMEFirst[k], NAMEFirst[k + 1]).
  auto write_keys = [&](const std::string& name, const std::vector<const std::set<int>*>& each) {
    std::vector<int> first{0}, flat;
    for (const std::set<int>* key : each) {
      for (int k : *key) flat.push_back(static_cast<int>(std::distance(keys.begin(), keys.find(k))));
      first.push_back(static_cast<int>(flat.size()));
    }
    out << "extern const unsigned short " << name << "First[] = {";
    for (int f : first) out << f << ",";
    out << "};\nextern const unsigned short " << name << "Atoms[] = {";
    for (int a : flat) out << a << ",";
    if (flat.empty()) out << "0,";
  };
  std::vector<const std::set<int>*> keyed_keys, weak_keys;
  for (const auto& [id, key] : keyed) keyed_keys.push_back(&key);
  for (const std::set<int>& key : always_keys) weak_keys.push_back(&key);
  out << "};\n";
  write_keys("kKeyed", keyed_keys);
  out << "};\n"
      << "// Patterns no key screens: asked on every page.\n"
      << "extern const std::size_t kAlwaysCount = " << always.size() << ";\n"
      << "extern const std::string_view kAlways[] = {\n";
  for (const std::string& id : always) out << "    " << kempt::tools::cpp_literal(id) << ",\n";
  if (always.empty()) out << "    \"\",\n";
  out << "};\n"
      << "// Their weak keys, as kKeyed*: an empty one asks the pattern of every page.\n";
  write_keys("kAlways", weak_keys);
  out << "};\n";
  write_value_keys(root, out);
  out << "}  // namespace kempt::placeholder_atoms\n";
  return out ? 0 : 1;
}
