// The CV converter's vocabulary, read once from data/cv_words.yaml (embedded at
// build time). Read strictly: a misspelt key or a list that is no list is an
// error naming the line, not a word list that silently stays empty.
#include <unicode/unistr.h>
#include <yaml-cpp/yaml.h>

#include <stdexcept>

#include "cv/cv_internal.hpp"
#include "data.hpp"

namespace kempt::cv::detail {

namespace {

constexpr const char* kOrigin = "data/cv_words.yaml";

[[noreturn]] void fail(const YAML::Node& node, const std::string& message) {
  const YAML::Mark mark = node.Mark();
  const std::string where = mark.is_null() ? std::string(kOrigin)
                                           : std::string(kOrigin) + ":" + std::to_string(mark.line + 1);
  throw std::runtime_error(where + ": " + message);
}

std::string lower(const std::string& s) {
  std::string out;
  icu::UnicodeString::fromUTF8(s).toLower().toUTF8String(out);
  return out;
}

// A list of words, or a map of such lists (by language, by kind): one list to kempt.
void collect(const YAML::Node& node, const std::string& key, bool fold, std::vector<std::string>& out) {
  if (node.IsMap()) {
    for (const auto& group : node) collect(group.second, key, fold, out);
    return;
  }
  if (!node.IsSequence()) fail(node, key + " must be a list of words (or groups of lists)");
  for (const auto& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) fail(item, key + ": every word must be a non-empty string");
    out.push_back(fold ? lower(item.Scalar()) : item.Scalar());
  }
}

Vocabulary read_vocabulary() {
  const YAML::Node root = YAML::Load(std::string(data::kCvWords));
  if (!root.IsMap()) fail(root, "expected a map of word lists");
  Vocabulary v;
  struct Field {
    const char* key;
    WordSet* set;
    std::vector<std::string>* list;
    bool fold;
    bool seen;
  };
  Field fields[] = {
      {"section_words", &v.section, nullptr, true, false},
      {"title_words", &v.title, nullptr, true, false},
      {"joiners", &v.joiners, nullptr, true, false},
      {"role_words", &v.roles, nullptr, true, false},
      {"publication_words", &v.publication, nullptr, true, false},
      {"document_titles", &v.document_titles, nullptr, true, false},
      {"present_words", &v.present, nullptr, true, false},
      {"date_words", &v.date, nullptr, true, false},
      {"date_joiners", &v.date_joiners, nullptr, true, false},
      {"date_prepositions", &v.date_prepositions, nullptr, true, false},
      {"bullets", nullptr, &v.bullets, false, false},
      {"open_ends", nullptr, &v.open_ends, true, false},
      {"hyphenation", nullptr, nullptr, true, false},
      {"domain_endings", nullptr, &v.domain_endings, false, false},
  };
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>("");
    Field* f = nullptr;
    for (auto& c : fields)
      if (key == c.key) f = &c;
    if (!f) fail(kv.first, "unknown list '" + key + "'");
    f->seen = true;
    if (key == "hyphenation") {
      if (!kv.second.IsMap()) fail(kv.second, "hyphenation must hold suffixes and prefixes");
      for (const auto& part : kv.second) {
        const std::string name = part.first.as<std::string>("");
        std::vector<std::string> words;
        collect(part.second, "hyphenation." + name, true, words);
        if (name == "suffixes") v.hyphen_suffixes.insert(words.begin(), words.end());
        else if (name == "prefixes") v.hyphen_prefixes.insert(words.begin(), words.end());
        else fail(part.first, "unknown hyphenation list '" + name + "' (known: suffixes, prefixes)");
      }
      continue;
    }
    std::vector<std::string> words;
    collect(kv.second, key, f->fold, words);
    if (f->set) f->set->insert(words.begin(), words.end());
    else f->list->insert(f->list->end(), words.begin(), words.end());
  }
  for (const auto& c : fields)
    if (!c.seen) fail(root, std::string("missing list '") + c.key + "'");
  // a word of `present` is a date word too ("2024present")
  v.date.insert(v.present.begin(), v.present.end());
  return v;
}

}  // namespace

const Vocabulary& vocabulary() {
  static const Vocabulary v = read_vocabulary();
  return v;
}

}  // namespace kempt::cv::detail
