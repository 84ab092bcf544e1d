// Build-time generator for src/mojibake_tables.hpp: asks ICU for every locale's
// exemplar characters and for the single-byte code pages' byte tables, and writes
// them as a C++ source of compact runs (see mojibake_tables.hpp for the formats).
// These are pure functions of the ICU kempt is built against; asking at build time
// spares every kempt process the ~15 ms they cost.
//   gen_mojibake_tables OUT.cpp
#include <unicode/ucnv.h>
#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/uset.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string_view>
#include <vector>

#include "mojibake_tables.hpp"

namespace {

using kempt::mojibake::tables::kSingleBytePages;

// Calls `each(set)` with the exemplar set of `kinds` (united, case mappings added)
// of every ICU locale that is a language, not a regional variant (no '_').
void for_each_language(std::initializer_list<ULocaleDataExemplarSetType> kinds, const std::function<void(USet*)>& each) {
  const int32_t n = uloc_countAvailable();
  for (int32_t i = 0; i < n; ++i) {
    const char* locale = uloc_getAvailable(i);
    if (std::string_view(locale).find('_') != std::string_view::npos) continue;
    UErrorCode status = U_ZERO_ERROR;
    ULocaleData* data = ulocdata_open(locale, &status);
    if (U_FAILURE(status)) continue;
    USet* set = uset_openEmpty();
    for (auto kind : kinds) {
      UErrorCode s = U_ZERO_ERROR;
      USet* part = ulocdata_getExemplarSet(data, nullptr, USET_ADD_CASE_MAPPINGS, kind, &s);
      if (U_SUCCESS(s) && part) uset_addAll(set, part);
      if (part) uset_close(part);
    }
    each(set);
    uset_close(set);
    ulocdata_close(data);
  }
}

// Calls `each(c)` for every code point of `set` (its strings left out).
void for_each_char(const USet* set, const std::function<void(UChar32)>& each) {
  for (int32_t k = 0, items = uset_getItemCount(set); k < items; ++k) {
    UChar32 first, last;
    UErrorCode s = U_ZERO_ERROR;
    if (uset_getItem(set, k, &first, &last, nullptr, 0, &s) != 0) continue;  // a string, not a range
    for (UChar32 c = first; c <= last; ++c) each(c);
  }
}

// A converter that stops at the first byte it cannot read (as kempt's own do).
UConverter* open_strict(const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(name, &status);
  if (U_FAILURE(status)) return nullptr;
  ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  return conv;
}

// What `bytes` decode to: exactly one code point, or -1.
int32_t decode_one(UConverter* conv, const char* bytes, int32_t n) {
  if (!conv) return -1;
  UChar units[4];
  UErrorCode s = U_ZERO_ERROR;
  ucnv_reset(conv);
  const int32_t len = ucnv_toUChars(conv, units, 4, bytes, n, &s);
  if (U_FAILURE(s) || len == 0) return -1;
  int32_t i = 0;
  UChar32 u;
  U16_NEXT(units, i, len, u);
  return i == len ? u : -1;
}

// One row of a byte table: what each byte 0x80–0xFF of page `name` reads as alone.
void write_single_bytes(std::ostream& out, const char* name) {
  UConverter* conv = open_strict(name);
  out << "  { // " << name;
  for (int b = 0x80; b < 0x100; ++b) {
    const char byte = static_cast<char>(b);
    out << (b % 16 ? " " : "\n    ") << decode_one(conv, &byte, 1) << ",";
  }
  out << "\n  },\n";
  if (conv) ucnv_close(conv);
}

// The double-byte pages: what each byte 0x80–0xFF reads as alone, and each pair of
// a lead 0x80–0xFF and a trail 0x40–0xFF (-1: not exactly one code point). Decoding
// the 24,576 pairs of a page through ICU one by one cost ~16 M instructions in every
// process that met a CJK character, so they are decoded here, once.
void write_double_byte_pages(std::ostream& out) {
  using namespace kempt::mojibake::tables;
  out << "const int32_t kDoubleByteSingles[kDoubleBytePageCount][128] = {\n";
  for (const char* name : kDoubleBytePages) write_single_bytes(out, name);
  out << "};\n\n";
  out << "const int32_t kDoubleBytePairs[kDoubleBytePageCount][128][kDoubleByteTrails] = {\n";
  for (const char* name : kDoubleBytePages) {
    UConverter* conv = open_strict(name);
    out << "  { // " << name << "\n";
    for (int lead = 0x80; lead < 0x100; ++lead) {
      out << "    {";
      for (int trail = kDoubleByteFirstTrail; trail < 0x100; ++trail) {
        const char two[2] = {static_cast<char>(lead), static_cast<char>(trail)};
        out << (trail % 16 ? "," : (trail == kDoubleByteFirstTrail ? "" : ",\n     ")) << decode_one(conv, two, 2);
      }
      out << "},\n";
    }
    out << "  },\n";
    if (conv) ucnv_close(conv);
  }
  out << "};\n\n";
}

// `values` (one per code point) as runs: `first << 8 | value` where the value changes.
void write_runs(std::ostream& out, const char* name, const std::vector<uint8_t>& values) {
  out << "const uint32_t " << name << "_runs[] = {";
  int column = 0;
  for (std::size_t c = 0; c < values.size(); ++c) {
    if (c > 0 && values[c] == values[c - 1]) continue;
    out << (column++ % 8 ? " " : "\n   ") << "0x" << std::hex << (c << 8 | values[c]) << std::dec << "u,";
  }
  out << "\n};\nconst Runs " << name << "{" << name << "_runs};\n\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: gen_mojibake_tables OUT.cpp\n");
    return 2;
  }
  std::ostringstream out;
  out << "// Generated at build time by tools/gen_mojibake_tables.cpp from ICU " << U_ICU_VERSION
      << "'s data. Do not edit.\n#include \"mojibake_tables.hpp\"\n\nnamespace kempt::mojibake::tables {\n\n";

  out << "const int32_t kSingleByteDecode[kSingleBytePageCount][128] = {\n";
  for (const auto& page : kSingleBytePages) write_single_bytes(out, page.name);
  out << "};\n\n";
  write_double_byte_pages(out);

  std::vector<uint8_t> counts(0x110000, 0);
  for_each_language({ULOCDATA_ES_STANDARD, ULOCDATA_ES_PUNCTUATION}, [&](USet* set) {
    for_each_char(set, [&](UChar32 c) {
      if (counts[static_cast<std::size_t>(c)] < 255) ++counts[static_cast<std::size_t>(c)];
    });
  });
  write_runs(out, "kExemplarCounts", counts);

  std::vector<uint8_t> auxiliary(0x110000, 0);
  for_each_language({ULOCDATA_ES_AUXILIARY}, [&](USet* set) {
    for_each_char(set, [&](UChar32 c) { auxiliary[static_cast<std::size_t>(c)] = 1; });
  });
  write_runs(out, "kAuxiliaryExemplars", auxiliary);

  std::map<UChar32, std::vector<uint16_t>> languages;
  uint16_t id = 0;
  for_each_language({ULOCDATA_ES_STANDARD}, [&](USet* set) {
    for_each_char(set, [&](UChar32 c) {
      if (c >= 0x80 && c < 0x2000) languages[c].push_back(id);
    });
    ++id;
  });
  out << "const uint16_t kLanguageIds_data[] = {";
  std::size_t total = 0;
  for (const auto& [c, ids] : languages) {
    out << "\n   ";
    for (uint16_t i : ids) out << " " << i << ",";
    total += ids.size();
  }
  out << "\n};\nconst std::span<const uint16_t> kLanguageIds{kLanguageIds_data};\n\n";
  if (total >= 0xFFFF) {
    std::fprintf(stderr, "gen_mojibake_tables: %zu language ids do not fit LetterLanguages::begin\n", total);
    return 1;
  }
  out << "const LetterLanguages kLetterLanguages_data[] = {";
  std::size_t begin = 0;
  int column = 0;
  for (const auto& [c, ids] : languages) {
    out << (column++ % 8 ? " " : "\n   ") << "{0x" << std::hex << c << std::dec << ", " << begin << "},";
    begin += ids.size();
  }
  out << "\n    {0xFFFF, " << begin << "},\n};\n"
      << "const std::span<const LetterLanguages> kLetterLanguages{kLetterLanguages_data};\n\n"
      << "}  // namespace kempt::mojibake::tables\n";

  std::ofstream file(argv[1], std::ios::binary);
  file << out.str();
  if (!file.flush()) {
    std::fprintf(stderr, "gen_mojibake_tables: cannot write %s\n", argv[1]);
    return 1;
  }
  std::fprintf(stderr, "gen_mojibake_tables: %s\n", argv[1]);
  return 0;
}
