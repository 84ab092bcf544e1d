#pragma once
// The words of a hunspell dictionary (.dic beside its .aff), for the build-time
// generators that learn from Debian's word lists (gen_letter_pairs,
// gen_lost_byte_prior): each word decoded from the dictionary's own charset.
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace kempt::tools {

// The charset a dictionary's words are in: its .aff file's SET line.
inline std::string dictionary_charset(const std::string& dic_path) {
  std::ifstream in(dic_path.substr(0, dic_path.size() - 4) + ".aff");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("SET", 0) == 0) {
      std::istringstream fields(line.substr(3));
      std::string name;
      fields >> name;
      if (name.rfind("ISO8859", 0) == 0) name = "ISO-8859" + name.substr(7);
      return name;
    }
  }
  return "ISO-8859-1";  // hunspell's default
}

// Calls `each(word)` for every word of the dictionary at `dic_path` (its affix
// flags and morphology left out; a word its charset cannot read is skipped).
// `tool` names the generator in the message when the file cannot be read, which
// stops the build.
template <class Each>
void for_each_dictionary_word(const std::string& dic_path, const char* tool, Each&& each) {
  std::ifstream in(dic_path, std::ios::binary);
  const std::string charset = dictionary_charset(dic_path);
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset.c_str(), &status);
  if (!in || U_FAILURE(status)) {
    std::cerr << tool << ": cannot read " << dic_path << " (charset " << charset << ")\n";
    std::exit(1);
  }
  std::string line;
  std::getline(in, line);  // the word count
  while (std::getline(in, line)) {
    // "word/FLAGS\tmorphology": the word ends at an unescaped '/' or a blank.
    std::size_t end = 0;
    while (end < line.size() && line[end] != '/' && line[end] != '\t' && line[end] != ' ' && line[end] != '\r') {
      end += line[end] == '\\' ? 2 : 1;
    }
    UErrorCode s = U_ZERO_ERROR;
    icu::UnicodeString word(line.data(), static_cast<int32_t>(std::min(end, line.size())), conv, s);
    if (U_SUCCESS(s)) each(word);
  }
  ucnv_close(conv);
}

}  // namespace kempt::tools
