#pragma once
// What the pass over a file (mojibake_pass.cpp) asks of the finder (mojibake.cpp)
// beyond the public find_mojibake: the text a block at a time, and only the lines
// an earlier look changed.
#include <cstddef>
#include <string_view>
#include <vector>

#include "kempt/document.hpp"
#include "kempt/mojibake.hpp"

namespace kempt::mojibake {

/// A line longer than this is judged in segments of at most this many bytes (see
/// mojibake.cpp, "Work bounds").
inline constexpr std::size_t kSegmentBytes = 64 * 1024;

/// Where the segment of the line [begin, end) that starts at `begin` ends.
std::size_t next_segment_end(std::string_view text, std::size_t begin, std::size_t end);

/// find_mojibake into `spans`, which keeps its memory from block to block.
void find_spans_into(std::string_view text, std::vector<MojibakeSpan>& spans);

/// find_mojibake_in_lines, skipping what `written` (sorted ranges an earlier look
/// wrote) covers whole; `written` may be null.
std::vector<MojibakeSpan> find_spans_in_lines(std::string_view text, const std::vector<ByteSpan>& lines,
                                              const std::vector<ByteSpan>* written);

}  // namespace kempt::mojibake
