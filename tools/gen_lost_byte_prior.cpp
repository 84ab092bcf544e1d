// Build-time generator for the lost-byte prior (src/mojibake_lost_bytes.hpp): the
// letter trigrams of each language's hunspell word list that a lost byte can touch.
//
//   kempt_gen_lost_byte_prior OUT.cpp ru=/usr/share/hunspell/ru_RU.dic ...
//
// An editor that meets a byte its code page leaves undefined (0x81 0x8D 0x8F 0x90
// 0x9D in windows-1252, ...) drops it or writes `?`/U+FFFD; the UTF-8 character
// that byte belonged to can then be any of the few whose bytes differ only there
// ("Ру?кий": с э я ѐ ѝ). Only trigrams holding such a character (in either case)
// can tell those apart, so only they are kept: words are lowercased, put in NFC
// and framed by a boundary mark (U+0001), and each trigram is written with the
// set of languages whose word list has it. The lost bytes themselves are
// written too, so that the reader knows which trigrams the table covers.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "mojibake_tables.hpp"

namespace {

constexpr UChar32 kBoundary = 1;

// The bytes 0x80–0x9F some Windows page leaves undefined (ICU reads them as the
// C1 control of the same number), as the mojibake model's CodePage::lost has them.
std::vector<bool> lost_bytes() {
  std::vector<bool> lost(256, false);
  for (const auto& page : kempt::mojibake::tables::kSingleBytePages) {
    if (page.c1_is_text) continue;
    UErrorCode status = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(page.name, &status);
    if (U_FAILURE(status)) continue;
    for (int b = 0x80; b < 0xA0; ++b) {
      UErrorCode s = U_ZERO_ERROR;
      UChar units[4];
      const char byte = static_cast<char>(b);
      ucnv_reset(conv);
      const int32_t len = ucnv_toUChars(conv, units, 4, &byte, 1, &s);
      if (U_SUCCESS(s) && len == 1 && units[0] >= 0x80 && units[0] < 0xA0) lost[static_cast<std::size_t>(b)] = true;
    }
    ucnv_close(conv);
  }
  return lost;
}

// Whether a UTF-8 continuation byte of `c` is one an editor may lose.
bool losable_form(UChar32 c, const std::vector<bool>& lost) {
  uint8_t buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf, n, 4, c, error);
  for (int32_t i = 1; i < n; ++i) {
    if (lost[buf[i]]) return true;
  }
  return false;
}

bool losable(UChar32 c, const std::vector<bool>& lost) {
  return c >= 0x80 && (losable_form(c, lost) || losable_form(u_toupper(c), lost) || losable_form(u_totitle(c), lost));
}

// The charset a dictionary's words are in: its .aff file's SET line.
std::string dictionary_charset(const std::string& dic_path) {
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

using Trigram = uint64_t;  // three 21-bit code points, first highest

void count_trigrams(const std::string& dic_path, const std::vector<bool>& lost, std::map<Trigram, int>& counts) {
  std::ifstream in(dic_path, std::ios::binary);
  if (!in) {
    std::cerr << "gen_lost_byte_prior: cannot read " << dic_path << "\n";
    std::exit(1);
  }
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(dictionary_charset(dic_path).c_str(), &status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    std::cerr << "gen_lost_byte_prior: cannot read the charset of " << dic_path << "\n";
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
    if (U_SUCCESS(s)) word = nfc->normalize(word, s);
    if (U_FAILURE(s)) continue;
    std::vector<UChar32> letters{kBoundary};
    for (int32_t i = 0; i < word.length();) {
      const UChar32 c = word.char32At(i);
      i += U16_LENGTH(c);
      letters.push_back(u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) ? u_tolower(c) : kBoundary);
    }
    letters.push_back(kBoundary);
    for (std::size_t i = 0; i + 2 < letters.size(); ++i) {
      const UChar32 a = letters[i], b = letters[i + 1], c = letters[i + 2];
      if (b == kBoundary) continue;
      if (!losable(a, lost) && !losable(b, lost) && !losable(c, lost)) continue;
      ++counts[(Trigram(a) << 42) | (Trigram(b) << 21) | Trigram(c)];
    }
  }
  ucnv_close(conv);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: kempt_gen_lost_byte_prior OUT.cpp LANG=DIC...\n";
    return 2;
  }
  const std::vector<bool> lost = lost_bytes();
  std::vector<std::string> languages;
  std::map<Trigram, uint64_t> table;  // trigram → languages (bit i: languages[i])
  for (int k = 2; k < argc; ++k) {
    const std::string arg = argv[k];
    const std::size_t eq = arg.find('=');
    if (eq == std::string::npos || languages.size() == 64) {
      std::cerr << "gen_lost_byte_prior: bad argument (LANG=DIC, at most 64): " << arg << "\n";
      return 2;
    }
    if (arg.rfind("hangul=", 0) == 0) continue;  // (the letter-pair generator's; syllables are not letters)
    const std::size_t id = languages.size();
    languages.push_back(arg.substr(0, eq));
    std::map<Trigram, int> counts;
    count_trigrams(arg.substr(eq + 1), lost, counts);
    for (const auto& entry : counts) table[entry.first] |= uint64_t{1} << id;
  }
  std::ofstream out(argv[1]);
  out << "// Generated by tools/gen_lost_byte_prior.cpp from Debian's hunspell word lists. Do not edit.\n"
      << "#include \"mojibake_lost_bytes.hpp\"\n\nnamespace kempt::mojibake::lost_bytes {\n\n"
      << "namespace {\nconst char* const kLanguagesData[] = {";
  for (const std::string& l : languages) out << "\"" << l << "\", ";
  out << "};\nconst uint64_t kKeysData[] = {";
  std::size_t i = 0;
  for (const auto& entry : table) out << (i++ % 6 ? " " : "\n    ") << "0x" << std::hex << entry.first << std::dec << "ull,";
  out << "\n};\nconst uint64_t kLanguageSetsData[] = {";
  i = 0;
  for (const auto& entry : table) out << (i++ % 6 ? " " : "\n    ") << "0x" << std::hex << entry.second << std::dec << "ull,";
  std::set<UChar32> letters;
  for (const auto& entry : table) {
    for (int shift : {42, 21, 0}) {
      const auto c = static_cast<UChar32>(entry.first >> shift & 0x1FFFFF);
      if (c != kBoundary) letters.insert({c, u_toupper(c), u_totitle(c)});
    }
  }
  out << "\n};\nconst UChar32 kLettersData[] = {";
  i = 0;
  for (UChar32 c : letters) out << (i++ % 12 ? " " : "\n    ") << c << ",";
  out << "\n};\nconst bool kLostData[256] = {";
  for (std::size_t b = 0; b < 256; ++b) out << (b % 32 ? " " : "\n    ") << (lost[b] ? 1 : 0) << ",";
  out << "\n};\n}  // namespace\n\n"
      << "const std::span<const char* const> kLanguages{kLanguagesData};\n"
      << "const std::span<const uint64_t> kTrigramKeys{kKeysData};\n"
      << "const std::span<const uint64_t> kTrigramLanguages{kLanguageSetsData};\n"
      << "const std::span<const bool, 256> kLostBytes{kLostData};\n"
      << "const std::span<const UChar32> kLetters{kLettersData};\n\n"
      << "}  // namespace kempt::mojibake::lost_bytes\n";
  return out ? 0 : 1;
}
