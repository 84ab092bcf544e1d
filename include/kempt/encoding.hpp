#pragma once
/// Pass `encoding`: legacy-encoded files (windows-125x, GBK, Shift-JIS, UTF-16, ...)
/// become UTF-8 with the same characters; a UTF-8 byte-order mark is dropped.
/// Mojibake (valid UTF-8 holding wrongly decoded text) is not this pass's business.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kempt/pass.hpp"

namespace kempt {

/// One way of reading a file's bytes, as the encoding pass weighs it.
struct EncodingReading {
  std::string charset;  ///< ICU converter name (the most common page giving this text)
  double cost = 0;      ///< what decides between readings: text_cost, the page's prior, the detector's word
  double text_cost = 0;  ///< implausibility of the text it gives (mojibake model units)
  /// Non-ASCII bytes it reads (as many as its characters in a single-byte page, about
  /// twice as many in a double-byte one): what its cost is weighed against.
  std::size_t non_ascii = 0;
  /// No character real text never holds (C1 controls, unassigned), and at least half
  /// the words with non-ASCII letters are words a language could have.
  bool possible = true;
  std::string first_word;     ///< what it makes of the first word with non-ASCII bytes
};

struct EncodingGuess {
  std::string charset;  ///< ICU converter name to decode with; empty when none is sure
  bool confident = false;
  EncodingBasis basis = EncodingBasis::undecided;
  std::string reason;   ///< why it is (or is not) trusted, for the finding
  std::vector<std::string> candidates;  ///< charsets whose reading is plausible, most plausible first
  /// The distinct readings, most plausible first (each text once, under its likeliest page).
  std::vector<EncodingReading> readings;
  std::string first_word_bytes;  ///< the first word with non-ASCII bytes, those bytes shown as '?'
};

/// What is known of a file's encoding besides its bytes.
struct EncodingEvidence {
  std::string configured;  ///< `.kempt.yaml` `encoding:` for this file; empty: none
  std::string declared;    ///< what the file (or its site's `_config.yml`) declares; empty: none
  std::string site;        ///< the page the site's confidently decided files agree on; empty: none
};

/// Decides the encoding of bytes that are not valid UTF-8: a BOM settles it; else
/// every plausible legacy page (uchardet's answer among them) reads the bytes, the
/// mojibake model scores each reading, and evidence is taken in this order:
/// `encoding:` in `.kempt.yaml`, a declaration the bytes bear out, a reading that
/// wins by a clear margin, the site's page when the readings are too close to call.
/// Anything else is left (confident = false) with the readings named.
EncodingGuess guess_encoding(std::string_view bytes, const EncodingEvidence& evidence = {});

/// Decodes `bytes` with ICU converter `charset`; nullopt when any byte is illegal
/// or unmapped in it (the decoding must be exact, or it is not used).
std::optional<std::string> decode_exactly(std::string_view bytes, const std::string& charset);

std::unique_ptr<Pass> make_encoding_pass();

}  // namespace kempt
