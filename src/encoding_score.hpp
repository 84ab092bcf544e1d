#pragma once
// The encoding pass's judgement of a text (its letters, their pairs in each language's
// word list, CJK everyday characters), for the mojibake pass's legacy readings: the
// same question, whether these characters are text some language writes.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kempt::encoding_model {

struct TextJudgement {
  double cost = 0;                 ///< implausibility (mojibake model units)
  std::size_t non_ascii = 0;       ///< characters beyond ASCII
  bool possible = true;            ///< no character real text never holds
  bool plausible = false;          ///< as the encoding pass asks of a page's reading
  std::size_t foreign_words = 0;   ///< words of alphabets with a non-ASCII letter
  std::size_t wordlike_words = 0;  ///< of those, words a language could have
};

TextJudgement judge_text(std::string_view utf8);

/// The languages of legacy pages (bit i: the encoding pass's i-th) that write the
/// lowercase letter `c`.
std::uint64_t languages_writing_letter(char32_t c);

/// The margin the encoding pass asks of a reading over its rivals.
double clear_margin();

}  // namespace kempt::encoding_model
