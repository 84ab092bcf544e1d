// The bit-sliced language counters against one counter per language.
#include <catch2/catch.hpp>

#include <array>
#include <random>

#include "../src/language_counts.hpp"

using kempt::encoding_model::LanguageCounts;

namespace {

struct Plain {
  std::array<uint64_t, 64> counts{};
  void count_missing(uint64_t has) {
    for (std::size_t l = 0; l < 64; ++l) counts[l] += !(has >> l & 1);
  }
  void add(const Plain& other) {
    for (std::size_t l = 0; l < 64; ++l) counts[l] += other.counts[l];
  }
  uint64_t fewest(std::size_t languages) const {
    uint64_t least = counts[0];
    for (std::size_t l = 1; l < languages; ++l) least = std::min(least, counts[l]);
    return least;
  }
};

void require_same(const LanguageCounts& sliced, const Plain& plain) {
  for (std::size_t l = 0; l < 64; ++l) REQUIRE(sliced.of(l) == plain.counts[l]);
  for (const std::size_t n : {1, 2, 37, 44, 63, 64}) REQUIRE(sliced.fewest(n) == plain.fewest(n));
}

}  // namespace

TEST_CASE("language counts: bit-sliced counters count as one counter per language", "[encoding]") {
  SECTION("nothing counted") { require_same(LanguageCounts{}, Plain{}); }
  SECTION("words of random masks, summed per page") {
    std::mt19937_64 random(18);
    // Masks as the word lists give them: most languages write a pair, or few do.
    auto mask = [&] {
      switch (random() % 4) {
        case 0: return ~uint64_t{0};
        case 1: return uint64_t{0};
        case 2: return random() & random();
        default: return random() | random();
      }
    };
    LanguageCounts page;
    Plain plain_page;
    for (int word = 0; word < 400; ++word) {
      LanguageCounts sliced;
      Plain plain;
      for (int letter = 0, letters = static_cast<int>(random() % 40); letter < letters; ++letter) {
        const uint64_t has = mask();
        sliced.count_missing(has);
        plain.count_missing(has);
      }
      require_same(sliced, plain);
      page.add(sliced);
      plain_page.add(plain);
      require_same(page, plain_page);
    }
    // (The page's counts reach thousands: carries through many planes.)
    REQUIRE(plain_page.fewest(64) > 1000);
  }
  SECTION("one language always missing, the rest never") {
    LanguageCounts sliced;
    Plain plain;
    for (int k = 0; k < 70000; ++k) {  // past 2^16
      sliced.count_missing(~(uint64_t{1} << 40));
      plain.count_missing(~(uint64_t{1} << 40));
    }
    require_same(sliced, plain);
    REQUIRE(sliced.of(40) == 70000);
    REQUIRE(sliced.fewest(40) == 0);
    REQUIRE(sliced.fewest(64) == 0);
  }
}
