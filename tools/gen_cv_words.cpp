// Build-time generator: the vocabulary of `kempt cv` (data/cv_words.yaml) read,
// checked and lower-cased once, when kempt is built, and written out as C++ lists.
//
//   kempt_gen_cv_words OUT.cpp data/cv_words.yaml
//
// Parsing the YAML in every `kempt cv` run cost more than converting a page of text.
// The file is read strictly: a misspelt key or a list that is no list stops the build
// with the file and line, instead of shipping a word list that silently stays empty.
#include "cpp_literal.hpp"
#include <unicode/unistr.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::string origin = "data/cv_words.yaml";

[[noreturn]] void fail(const YAML::Node& node, const std::string& message) {
  const YAML::Mark mark = node.Mark();
  throw std::runtime_error(origin + (mark.is_null() ? "" : ":" + std::to_string(mark.line + 1)) + ": " + message);
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

struct List {
  const char* key;     // in the YAML file
  const char* member;  // of kempt::cv::detail::Vocabulary
  bool fold;           // compared in lower case
};
// bullets and domain endings are compared as written
const List kLists[] = {
    {"section_words", "section", true},         {"title_words", "title", true},
    {"joiners", "joiners", true},               {"role_words", "roles", true},
    {"publication_words", "publication", true}, {"document_titles", "document_titles", true},
    {"present_words", "present", true},         {"date_words", "date", true},
    {"date_joiners", "date_joiners", true},     {"date_prepositions", "date_prepositions", true},
    {"bullets", "bullets", false},              {"open_ends", "open_ends", true},
    {"domain_endings", "domain_endings", false},
};

std::map<std::string, std::vector<std::string>> read(const std::string& path) {
  const YAML::Node root = YAML::LoadFile(path);
  if (!root.IsMap()) fail(root, "expected a map of word lists");
  std::map<std::string, std::vector<std::string>> words;  // by Vocabulary member
  bool hyphenation = false;
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>("");
    if (key == "hyphenation") {
      hyphenation = true;
      if (!kv.second.IsMap()) fail(kv.second, "hyphenation must hold suffixes and prefixes");
      for (const auto& part : kv.second) {
        const std::string name = part.first.as<std::string>("");
        if (name != "suffixes" && name != "prefixes")
          fail(part.first, "unknown hyphenation list '" + name + "' (known: suffixes, prefixes)");
        collect(part.second, "hyphenation." + name, true, words["hyphen_" + name]);
      }
      continue;
    }
    const List* list = nullptr;
    for (const auto& l : kLists)
      if (key == l.key) list = &l;
    if (!list) fail(kv.first, "unknown list '" + key + "'");
    collect(kv.second, key, list->fold, words[list->member]);
  }
  for (const auto& l : kLists)
    if (!words.count(l.member)) fail(root, std::string("missing list '") + l.key + "'");
  if (!hyphenation) fail(root, "missing list 'hyphenation'");
  // a word of `present` is a date word too ("2024present")
  words["date"].insert(words["date"].end(), words["present"].begin(), words["present"].end());
  return words;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: kempt_gen_cv_words OUT.cpp data/cv_words.yaml\n";
    return 2;
  }
  origin = argv[2];
  try {
    const auto words = read(argv[2]);
    std::ofstream out(argv[1]);
    out << "// Generated at build time by tools/gen_cv_words.cpp from data/cv_words.yaml: edit that file.\n"
           "#include \"cv/cv_internal.hpp\"\n\nnamespace kempt::cv::detail {\n\n"
           "Vocabulary baked_vocabulary() {\n  Vocabulary v;\n";
    for (const auto& [member, list] : words) {
      out << "  v." << member << " = {";
      for (std::size_t i = 0; i < list.size(); ++i) out << (i % 8 ? " " : "\n      ") << kempt::tools::cpp_literal(list[i]) << ",";
      out << "};\n";
    }
    out << "  return v;\n}\n\n}  // namespace kempt::cv::detail\n";
    if (!out) throw std::runtime_error(std::string(argv[1]) + ": cannot write");
  } catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
  return 0;
}
