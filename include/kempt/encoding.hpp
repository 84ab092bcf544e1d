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

struct EncodingGuess {
  std::string charset;  ///< ICU converter name to decode with; empty when none is sure
  bool confident = false;
  std::string reason;   ///< why it is (or is not) trusted, for the finding
  std::vector<std::string> candidates;  ///< charsets that decode the bytes, most plausible first
};

/// Guesses the encoding of bytes that are not valid UTF-8: a BOM when there is one,
/// else uchardet's answer, checked by decoding with ICU and judging the characters.
EncodingGuess guess_encoding(std::string_view bytes);

/// Decodes `bytes` with ICU converter `charset`; nullopt when any byte is illegal
/// or unmapped in it (the decoding must be exact, or it is not used).
std::optional<std::string> decode_exactly(std::string_view bytes, const std::string& charset);

std::unique_ptr<Pass> make_encoding_pass();

}  // namespace kempt
