#pragma once
// Counts kept for up to 64 languages at once, for the encoding model's word scores.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

namespace kempt::encoding_model {

/// Per language (bit i of a mask is language i, as the word lists have them), how
/// many letters or pairs it lacks: 64 counters kept bit-sliced, plane j holding
/// bit j of every count. Counting a miss for every language a mask lacks is a carry
/// through the planes, and the fewest misses are found from the top plane down;
/// a loop over the languages for each letter was most of the scoring's time.
class LanguageCounts {
 public:
  /// One more for each language whose bit `has` lacks.
  void count_missing(uint64_t has) { add_carry(~has, 0); }
  /// Each language's count plus `other`'s.
  void add(const LanguageCounts& other) {
    uint64_t carry = 0;
    for (std::size_t j = 0; j < std::max(used_, other.used_) || carry; ++j) {
      if (j == kPlanes) return;  // (2^32 misses: never)
      const uint64_t a = planes_[j], b = other.planes_[j];
      planes_[j] = a ^ b ^ carry;
      carry = (a & b) | (carry & (a ^ b));
      used_ = std::max(used_, j + 1);
    }
  }
  /// Language `language`'s count.
  uint32_t of(std::size_t language) const {
    uint32_t value = 0;
    for (std::size_t j = 0; j < used_; ++j) value |= static_cast<uint32_t>(planes_[j] >> language & 1) << j;
    return value;
  }
  /// The fewest misses of the first `languages` languages.
  uint32_t fewest(std::size_t languages) const {
    uint64_t candidates = languages >= 64 ? ~uint64_t{0} : (uint64_t{1} << languages) - 1;
    uint32_t value = 0;
    for (std::size_t j = used_; j-- > 0;) {
      if (const uint64_t zeros = candidates & ~planes_[j]) candidates = zeros;
      else value |= uint32_t{1} << j;
    }
    return value;
  }

 private:
  static constexpr std::size_t kPlanes = 32;
  void add_carry(uint64_t carry, std::size_t j) {
    for (; carry && j < kPlanes; ++j) {
      const uint64_t next = planes_[j] & carry;
      planes_[j] ^= carry;
      carry = next;
      used_ = std::max(used_, j + 1);
    }
  }
  std::array<uint64_t, kPlanes> planes_{};
  std::size_t used_ = 0;
};

}  // namespace kempt::encoding_model
