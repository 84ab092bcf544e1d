#pragma once
// The two halves of mojibake repair that are not about spans: the code pages text
// gets misread with (built from ICU converters), and the plausibility model that
// says how much a run of characters looks like text someone wrote.
#include <unicode/uscript.h>
#include <unicode/utypes.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kempt::mojibake {

struct CodePage {
  std::string name;         // ICU converter name, shown in explanations
  bool double_byte = false;
  // Single-byte pages: what each byte reads as (-1: undefined).
  std::array<int32_t, 256> decode{};
  // BMP code point → its bytes in this page: one byte (below 0x100) or lead * 256 +
  // trail; 0 = not in this page. One flat table (0x10000 entries) for every page, so
  // that encoding a character is one lookup; double-byte pages fill theirs on first
  // use. Zero-initialized static storage (see code_pages()).
  uint16_t* encode = nullptr;
  // Bytes this page does not define: Windows reads them as C1 controls, and
  // editors drop them or write `?`/U+FFFD, which is how bytes get lost.
  std::vector<uint8_t> lost;
  // Double-byte pages: the tables built on first use (see built_tables).
  struct Lazy {
    std::once_flag once;
    std::atomic<bool> done{false};
  };
  std::unique_ptr<Lazy> built = std::make_unique<Lazy>();
  mutable std::unordered_map<UChar32, uint16_t> astral;  // like `encode`, above the BMP
  // Double-byte pages: lead * 256 + trail for each pair every decoder of the page
  // reads (private-use ones left out: some decoders reject them), built with `encode`.
  mutable std::vector<bool> pairs;
};

/// Builds a double-byte page's tables (once; thread-safe).
void build_double_byte(const CodePage& page);

/// `page`, its tables built.
inline const CodePage& built_tables(const CodePage& page) {
  if (page.double_byte && !page.built->done.load(std::memory_order_acquire)) build_double_byte(page);
  return page;
}

/// Whether every decoder of a double-byte page reads `lead` `trail` as one character.
inline bool pair_defined(const CodePage& page, uint8_t lead, uint8_t trail) {
  return built_tables(page).pairs[static_cast<std::size_t>(lead * 256 + trail)];
}

/// Every page kempt tries, single-byte first, most common first: ties go to earlier pages.
const std::vector<CodePage>& code_pages();

/// `c` (not ASCII) as `page` writes it: one byte (below 0x100) or lead * 256 +
/// trail; 0 when the page cannot hold it.
inline uint16_t page_bytes(const CodePage& page, UChar32 c) {
  if (c < 0x10000) return built_tables(page).encode[static_cast<std::size_t>(c)];
  if (!page.double_byte) return 0;
  const auto& astral = built_tables(page).astral;
  const auto it = astral.find(c);
  return it == astral.end() ? 0 : it->second;
}

/// Appends `c` as `page` writes it; false when the page cannot hold it.
inline bool encode_char(const CodePage& page, UChar32 c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
    return true;
  }
  const uint16_t bytes = page_bytes(page, c);
  if (bytes == 0) return false;
  if (bytes >= 0x100) out += static_cast<char>(bytes >> 8);
  out += static_cast<char>(bytes & 0xFF);
  return true;
}

/// What a BMP code point tells the scan for mojibake (scan_triggers), in one word so
/// that clean text costs one lookup a character: bits 0–15 the pages that write it
/// as a UTF-8 lead byte (0xC2–0xF4; page i at bit i), bits 16–30 those that write it
/// as a continuation byte (0x80–0xBF; page i at bit 16+i), bit 31 that it wakes the
/// double-byte pages (rare CJK, Shift-JIS user-defined characters). A misread run
/// always has a lead char followed by a continuation char (or a lost-byte mark).
/// Double-byte pages have no lead or continuation bits: two of theirs carry these.
/// A Han, kana or Hangul character (page 14's continuation bit).
inline constexpr uint32_t kCjkBit = 1u << 30;
/// Set in every entry once it is filled (page 13's continuation bit): 0 is "not yet".
inline constexpr uint32_t kTabledBit = 1u << 29;
namespace detail {
extern std::atomic<uint32_t> trigger_table[0x10000];
uint32_t trigger_fill(UChar32 c);
}  // namespace detail
struct Triggers {
  uint32_t double_byte_pages = 0;  // bits of the double-byte pages
  /// For a character below U+0250: the pages on which it alone inside a lowercase
  /// word ("obiÄne") may be read, its continuation byte dropped. That takes an
  /// uppercase Latin letter the page writes as a two-byte lead (C2–DF) and a page
  /// that leaves bytes undefined (read_sequence, inside_lowercase_word). A longer
  /// lead alone before ASCII is no sequence at all ("thành", "répertoire").
  std::array<uint16_t, 0x250> lone_lead_pages{};
  /// The facts of `c` (0x80–0xFFFF), tabled: filled on first use of each code point,
  /// but for the single-byte pages' own characters, which triggers() fills up front.
  uint32_t facts(UChar32 c) const {
    const uint32_t v = detail::trigger_table[c].load(std::memory_order_relaxed);
    return v != 0 ? v : detail::trigger_fill(c);
  }
};
const Triggers& triggers();

/// Han, kana, Hangul or Bopomofo.
bool is_cjk_script(UScriptCode s);

/// An uppercase Latin letter: what a lead char alone inside a lowercase word must be
/// to have lost its continuation byte ("obiÄne"). The trigger scan's table
/// (Triggers::lone_lead_pages) and the chain search (inside_lowercase_word) must
/// agree on it: the scan wakes a line for such a char only where the search reads it.
bool latin_capital(UChar32 c);

/// CJK-looking characters no CLDR locale counts as everyday: what UTF-8 read as
/// GBK, Big5, Shift-JIS or EUC-KR turns into.
bool rare_cjk(UChar32 c);

/// The Unicode properties the model and the pass ask of characters again and again,
/// read from ICU once per code point (see char_props).
class CharProps {
 public:
  explicit CharProps(uint64_t bits) : bits_(bits) {}
  static CharProps of(UChar32 c);  // straight from ICU

  int8_t type() const { return static_cast<int8_t>(bits_ & 0xFF); }  // u_charType
  UScriptCode script() const { return static_cast<UScriptCode>(static_cast<int16_t>((bits_ >> 8) & 0xFFFF)); }
  bool alpha() const { return bits_ & kAlpha; }    // u_isalpha
  bool lower() const { return bits_ & kLower; }    // u_isULowercase
  bool upper() const { return bits_ & kUpper; }    // u_isUUppercase
  bool white() const { return bits_ & kWhite; }    // u_isUWhiteSpace
  bool punct() const { return bits_ & kPunct; }    // u_ispunct
  // Extended_Pictographic or Emoji_Modifier: what ZWJ and VS16 join.
  bool pictographic() const { return bits_ & kPictographic; }
  uint64_t bits() const { return bits_; }

 private:
  static constexpr uint64_t kAlpha = 1ull << 24, kLower = 1ull << 25, kUpper = 1ull << 26, kWhite = 1ull << 27,
                            kPunct = 1ull << 28, kPictographic = 1ull << 29;
  uint64_t bits_;
};

namespace detail {
// char_props' table over planes 0 and 1 (see `tabled` in mojibake_model.cpp):
// 0 until an entry is first asked for. Here so that the lookup inlines.
inline constexpr UChar32 kTabledEnd = 0x20000;
extern std::atomic<uint64_t> char_props_table[kTabledEnd];
uint64_t char_props_fill(UChar32 c);
}  // namespace detail

/// CharProps::of(c), cached: thread-safe, filled on first use of each code point.
inline CharProps char_props(UChar32 c) {
  if (c >= 0 && c < detail::kTabledEnd) {
    const uint64_t bits = detail::char_props_table[c].load(std::memory_order_relaxed);
    if (bits != 0) return CharProps(bits);
  }
  return CharProps(detail::char_props_fill(c));
}

/// What the single-byte pages write a code point as (bit i: page i): a UTF-8 lead
/// byte, a two-byte lead (C2–DF) among those, a continuation byte (80–BF). From the
/// pages' `encode` tables; tabled on first use of each code point.
struct ByteRoles {
  uint16_t lead = 0, lead2 = 0, cont = 0;
};
namespace detail {
extern std::atomic<uint64_t> byte_roles_table[kTabledEnd];
uint64_t byte_roles_fill(UChar32 c);
}  // namespace detail
inline ByteRoles byte_roles(UChar32 c) {
  uint64_t bits = c >= 0 && c < detail::kTabledEnd ? detail::byte_roles_table[c].load(std::memory_order_relaxed) : 0;
  if (bits == 0) bits = detail::byte_roles_fill(c);
  return {static_cast<uint16_t>(bits), static_cast<uint16_t>(bits >> 16), static_cast<uint16_t>(bits >> 32)};
}

/// How many CLDR locales list `c` among their exemplar characters (0–255).
int exemplar_count(UChar32 c);

/// The languages (CLDR locales, by a build-time id) whose everyday letters include
/// `c` (U+0080–U+1FFF, as the exemplar sets list it: mostly lowercase), sorted.
std::span<const uint16_t> languages_writing(UChar32 c);

/// Whether some language writes both letters (`languages_writing` of each meet).
bool one_language_writes_both(UChar32 a, UChar32 b);

/// The implausibility of a character on its own (0 for ASCII text).
double char_cost(UChar32 c);

/// The implausibility of `a` directly followed by `b`.
double pair_cost(UChar32 a, UChar32 b);

/// The implausibility of `run` between its neighbours (0 = none: start/end of text).
double run_cost(std::u32string_view run, UChar32 before2, UChar32 before, UChar32 after, UChar32 after2);

/// The emoji prior: cost of an emoji, lower when `next_word` is one of its context
/// words (it may go below zero); nullopt for a character that is not an emoji.
std::optional<double> emoji_cost(UChar32 c, std::string_view next_word);

/// Costs of this size and up mean "no real text holds this" (controls, unassigned).
inline constexpr double kImpossible = 12.0;

}  // namespace kempt::mojibake
