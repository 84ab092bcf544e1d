// Pass `encoding`: bytes that are not UTF-8 become UTF-8 with the same characters.
//
//   "caf\xE9 \x93quoted\x94" (windows-1252)  →  "café “quoted”"
//
// uchardet proposes a charset; kempt trusts it only when ICU decodes every byte
// with it and the characters it yields read like text (no C1 controls, no
// unassigned code points, no word that mixes scripts). Otherwise the file stays
// as it is, with a finding naming the charsets that would decode it.
#include "kempt/encoding.hpp"
#include "kempt/encoding_declaration.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <uchardet/uchardet.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <memory>

namespace kempt {
namespace {

struct ConverterDeleter {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Supersets browsers use for these labels (WHATWG Encoding): a page labelled
// ISO-8859-1 with “smart quotes” in 0x93/0x94 is windows-1252 in practice.
std::string preferred_charset(std::string name) {
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  if (upper == "ISO-8859-1" || upper == "US-ASCII" || upper == "ASCII") return "windows-1252";
  if (upper == "ISO-8859-9") return "windows-1254";
  if (upper == "GB2312" || upper == "GBK" || upper == "EUC-CN") return "GB18030";
  if (upper == "EUC-KR" || upper == "UHC" || upper == "CP949") return "windows-949";  // ICU knows no "UHC"
  if (upper == "SHIFT_JIS") return "windows-31j";
  return name;
}

// Other charsets worth trying when uchardet's answer does not hold up.
constexpr std::array<const char*, 12> kFallbackCharsets = {
    "windows-1252", "windows-1250", "windows-1251", "windows-1253", "windows-1254", "windows-1257",
    "GB18030",      "Big5",         "windows-31j",  "EUC-JP",       "windows-949",  "KOI8-R"};

// Counts characters that real text does not contain where this decoding puts them.
struct Plausibility {
  std::size_t non_ascii = 0;
  std::size_t odd = 0;
};

bool scripts_mix_in_words(UScriptCode a, UScriptCode b) {
  if (a == b) return false;
  auto cjk = [](UScriptCode s) {
    return s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_HANGUL ||
           s == USCRIPT_BOPOMOFO;
  };
  return !(cjk(a) && cjk(b));  // Japanese and Korean words mix these on purpose
}

Plausibility judge(std::string_view utf8) {
  Plausibility p;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  UScriptCode word_script = USCRIPT_COMMON;
  bool prev_letter = false, symbol_after_letter = false;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    const bool letter = u_isalpha(c) || u_charType(c) == U_NON_SPACING_MARK;
    if (c >= 0x80) {
      ++p.non_ascii;
      const int8_t type = u_charType(c);
      if (type == U_CONTROL_CHAR || type == U_UNASSIGNED || type == U_PRIVATE_USE_CHAR ||
          type == U_SURROGATE || c == 0xFFFD) {
        ++p.odd;
      }
    }
    if (letter) {
      UErrorCode err = U_ZERO_ERROR;
      UScriptCode script = uscript_getScript(c, &err);
      if (script != USCRIPT_COMMON && script != USCRIPT_INHERITED) {
        if (word_script != USCRIPT_COMMON && scripts_mix_in_words(word_script, script)) ++p.odd;
        word_script = script;
      }
      if (symbol_after_letter) ++p.odd;  // "r¨s": a symbol inside a word
      symbol_after_letter = false;
    } else {
      const int8_t type = u_charType(c);
      symbol_after_letter = prev_letter && c >= 0x80 &&
                            (type == U_OTHER_SYMBOL || type == U_MATH_SYMBOL || type == U_MODIFIER_SYMBOL);
      if (!symbol_after_letter) word_script = USCRIPT_COMMON;
    }
    prev_letter = letter;
  }
  return p;
}

// A BOM settles the question: nobody writes FF FE by accident.
std::optional<std::string> charset_from_bom(std::string_view b) {
  auto starts = [&](std::string_view bom) { return b.substr(0, bom.size()) == bom; };
  using namespace std::string_view_literals;
  if (starts("\xFF\xFE\x00\x00"sv)) return "UTF-32LE";
  if (starts("\x00\x00\xFE\xFF"sv)) return "UTF-32BE";
  if (starts("\xFF\xFE"sv)) return "UTF-16LE";
  if (starts("\xFE\xFF"sv)) return "UTF-16BE";
  return std::nullopt;
}

// uchardet reads about 5 MB a second. Past this size it is given the lines that
// hold non-ASCII bytes (what it judges by), up to this much of them; whatever it
// answers, the charset must still decode every byte of the file.
constexpr std::size_t kMaxDetectorInput = 1 << 20;

std::string detector_input(std::string_view bytes) {
  std::string sample;
  for (std::size_t at = 0; at < bytes.size() && sample.size() < kMaxDetectorInput;) {
    std::size_t end = bytes.find('\n', at);
    end = end == std::string_view::npos ? bytes.size() : end + 1;
    const std::string_view line = bytes.substr(at, std::min(end - at, kMaxDetectorInput));
    if (std::any_of(line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) sample += line;
    at = end;
  }
  return sample;
}

std::string uchardet_answer(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)> ud(uchardet_new(),
                                                                                   &uchardet_delete);
  std::string sample;
  if (bytes.size() > kMaxDetectorInput) bytes = sample = detector_input(bytes);
  if (uchardet_handle_data(ud.get(), bytes.data(), bytes.size()) != 0) return {};
  uchardet_data_end(ud.get());
  const char* name = uchardet_get_charset(ud.get());
  return name ? name : "";
}

std::size_t line_of_offset(std::string_view bytes, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + offset, '\n'));
}

}  // namespace

std::optional<std::string> decode_exactly(std::string_view bytes, const std::string& charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterDeleter> conv(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status)) return std::nullopt;
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return std::nullopt;
  icu::UnicodeString decoded(bytes.data(), static_cast<int32_t>(bytes.size()), conv.get(), status);
  if (U_FAILURE(status)) return std::nullopt;
  if (decoded.length() > 0 && decoded.charAt(0) == 0xFEFF) decoded.remove(0, 1);
  std::string out;
  decoded.toUTF8String(out);
  return out;
}

EncodingGuess guess_encoding(std::string_view bytes) {
  EncodingGuess guess;
  if (auto bom = charset_from_bom(bytes)) {
    guess.charset = *bom;
    guess.confident = true;
    guess.reason = "byte-order mark";
    guess.candidates = {*bom};
    return guess;
  }
  const std::string detected = uchardet_answer(bytes);
  const std::string proposed = detected.empty() ? "" : preferred_charset(detected);

  struct Trial {
    std::string charset;
    Plausibility plausibility;
  };
  std::vector<Trial> trials;
  auto attempt = [&](const std::string& charset) {
    if (charset.empty()) return;
    for (const Trial& t : trials) {
      if (ucnv_compareNames(t.charset.c_str(), charset.c_str()) == 0) return;
    }
    if (auto text = decode_exactly(bytes, charset)) trials.push_back({charset, judge(*text)});
  };
  attempt(proposed);
  const bool proposed_decodes = !trials.empty();
  if (proposed_decodes && trials.front().plausibility.odd == 0) {
    // Nothing looks out of place: no other charset could do better, and trying
    // the twelve others would decode a large file twelve more times.
    guess.charset = proposed;
    guess.confident = true;
    guess.candidates = {proposed};
    guess.reason = ucnv_compareNames(detected.c_str(), proposed.c_str()) == 0
                       ? std::string("detected by uchardet")
                       : fmt::format("uchardet says {}; read as its superset", detected);
    return guess;
  }
  for (const char* c : kFallbackCharsets) attempt(c);

  std::stable_sort(trials.begin(), trials.end(),
                   [](const Trial& a, const Trial& b) { return a.plausibility.odd < b.plausibility.odd; });
  for (const Trial& t : trials) {
    // Candidates worth naming: at most 1 character in 20 looks out of place.
    if (t.plausibility.odd * 20 <= t.plausibility.non_ascii) guess.candidates.push_back(t.charset);
  }

  if (detected.empty()) {
    guess.reason = "uchardet found no charset";
    return guess;
  }
  if (!proposed_decodes) {
    guess.reason = fmt::format("uchardet says {}, but not every byte decodes in it", detected);
    return guess;
  }
  auto mine = std::find_if(trials.begin(), trials.end(), [&](const Trial& t) { return t.charset == proposed; });
  const std::size_t best_odd = trials.front().plausibility.odd;
  if (mine->plausibility.odd == 0 ||
      (mine->plausibility.odd == best_odd && mine->plausibility.odd * 100 <= mine->plausibility.non_ascii)) {
    guess.charset = proposed;
    guess.confident = true;
    guess.reason = ucnv_compareNames(detected.c_str(), proposed.c_str()) == 0
                       ? std::string("detected by uchardet")
                       : fmt::format("uchardet says {}; read as its superset", detected);
    return guess;
  }
  guess.reason = fmt::format("uchardet says {}, but {} of {} characters it yields look out of place", detected,
                             mine->plausibility.odd, mine->plausibility.non_ascii);
  return guess;
}

namespace {

class EncodingPass final : public Pass {
 public:
  std::string_view name() const override { return "encoding"; }
  std::string_view summary() const override {
    return "legacy encodings (windows-125x, GBK, Shift-JIS, UTF-16, ...) to UTF-8; UTF-8 BOM removed";
  }

  bool needs_utf8() const override { return false; }

  PassResult run(Document doc) const override {
    PassResult result;
    const std::string path = doc.display_path();
    if (doc.decoded) {
      // A UTF-8 page declaring another charset is shown garbled; a BOM is all that
      // keeps some of them right, so it stays when the declaration cannot be fixed.
      const bool declarations_ok = correct_declarations_of_utf8(doc, result.findings);
      if (declarations_ok && doc.text.starts_with("\xEF\xBB\xBF")) {
        doc.text.erase(0, 3);
        result.findings.push_back({path, 1, 1, "encoding/bom", "UTF-8 byte-order mark removed", true});
      }
      result.document = std::move(doc);
      return result;
    }
    EncodingGuess guess = guess_encoding(doc.bytes);
    std::optional<std::string> text;
    if (guess.confident) text = decode_exactly(doc.bytes, guess.charset);
    if (!text) {
      const std::size_t bad = first_invalid_utf8(doc.bytes);
      const std::string names = guess.candidates.empty() ? "none" : fmt::format("{}", fmt::join(guess.candidates, ", "));
      const std::string hint = guess.candidates.empty() ? std::string("windows-1252") : guess.candidates.front();
      result.findings.push_back(
          {path, static_cast<std::uint32_t>(line_of_offset(doc.bytes, bad)), 0, "encoding/uncertain",
           fmt::format("not UTF-8 (byte {} is 0x{:02X}) and the encoding is unclear: {}; candidates: {}; left "
                       "untouched. Convert it yourself, e.g. `iconv -f {} -t UTF-8`, and check the result",
                       bad, static_cast<unsigned char>(doc.bytes[bad]), guess.reason, names, hint),
           false, Severity::error});
      result.hold = true;
      result.document = std::move(doc);
      return result;
    }
    doc.text = std::move(*text);
    doc.encoding = guess.charset;
    doc.decoded = true;
    const std::size_t first_non_ascii = std::find_if(doc.text.begin(), doc.text.end(), [](char c) {
                                          return static_cast<unsigned char>(c) >= 0x80;
                                        }) - doc.text.begin();
    auto pos = LineIndex(doc.text).locate(first_non_ascii);
    result.findings.push_back({path, pos.line, pos.column, "encoding/transcoded",
                               fmt::format("file was {} ({}); converted to UTF-8", guess.charset, guess.reason),
                               true});
    result.document = std::move(doc);
    return result;
  }
};

}  // namespace

std::unique_ptr<Pass> make_encoding_pass() { return std::make_unique<EncodingPass>(); }

}  // namespace kempt
