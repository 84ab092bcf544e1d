// Dates as people write them, read without guessing: a date is rewritten as ISO 8601
// only when it can mean one day. `15/01/2024` is the 15th of January (there is no
// 15th month); `01/02/2024` could be either, so it is reported and kept.
#include <fmt/format.h>

#include <array>
#include <cctype>
#include <optional>

#include "frontmatter_internal.hpp"

namespace kempt::frontmatter {
namespace {

struct Ymd {
  int year = 0, month = 0, day = 0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
bool real_day(const Ymd& d) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  return d.day <= kDays[static_cast<std::size_t>(d.month - 1)] + (d.month == 2 && leap(d.year) ? 1 : 0);
}

// A run of 1..max digits at `pos`; advances `pos`.
std::optional<int> number(std::string_view s, std::size_t& pos, std::size_t min_digits, std::size_t max_digits) {
  std::size_t end = pos;
  while (end < s.size() && is_digit(s[end]) && end - pos < max_digits) ++end;
  if (end - pos < min_digits || (end < s.size() && is_digit(s[end]))) return std::nullopt;
  int n = 0;
  for (std::size_t i = pos; i < end; ++i) n = n * 10 + (s[i] - '0');
  pos = end;
  return n;
}

int month_named(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {"january", "february", "march",     "april",
                                                               "may",     "june",     "july",      "august",
                                                               "september", "october", "november", "december"};
  std::string w;
  for (char c : word) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (w.size() < 3) return 0;
  if (w == "sept") w = "sep";
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (kMonths[m] == w || (w.size() == 3 && kMonths[m].substr(0, 3) == w)) return static_cast<int>(m + 1);
  }
  return 0;
}

std::string_view word_at(std::string_view s, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < s.size() && std::isalpha(static_cast<unsigned char>(s[pos]))) ++pos;
  return s.substr(start, pos - start);
}

void skip(std::string_view s, std::size_t& pos, std::string_view chars) {
  while (pos < s.size() && chars.find(s[pos]) != std::string_view::npos) ++pos;
}

// The "th" of "15th".
void skip_ordinal(std::string_view s, std::size_t& pos) {
  for (std::string_view suffix : {"st", "nd", "rd", "th"}) {
    if (s.substr(pos, 2) == suffix) pos += 2;
  }
}

// "January 15, 2024", "Jan. 15 2024", "15 January 2024", "15th Jan 2024".
std::optional<Ymd> named_month_date(std::string_view s, std::size_t& pos) {
  std::size_t p = pos;
  Ymd d;
  if (auto day = number(s, p, 1, 2)) {
    d.day = *day;
    skip_ordinal(s, p);
    skip(s, p, " ");
    d.month = month_named(word_at(s, p));
    skip(s, p, ". ,");
  } else {
    d.month = month_named(word_at(s, p));
    skip(s, p, ". ");
    auto day2 = number(s, p, 1, 2);
    if (!day2) return std::nullopt;
    d.day = *day2;
    skip_ordinal(s, p);
    skip(s, p, ", ");
  }
  auto year = number(s, p, 4, 4);
  if (d.month == 0 || !year) return std::nullopt;
  d.year = *year;
  pos = p;
  return d;
}

// The date at the start of `s`, or why there is none (in `reason`).
std::optional<Ymd> date_part(std::string_view s, std::size_t& pos, DateReading& reading) {
  std::size_t p = 0;
  auto first = number(s, p, 1, 4);
  if (!first) {
    p = 0;
    if (auto d = named_month_date(s, p)) return pos = p, d;
    return std::nullopt;
  }
  if (p == s.size() || s[p] == ' ' || s[p] == ',') {
    p = 0;
    if (auto d = named_month_date(s, p)) return pos = p, d;
  }
  const char sep = p < s.size() ? s[p] : '\0';
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  ++p;
  auto second = number(s, p, 1, 2);
  if (!second) return std::nullopt;
  if (p >= s.size() || s[p] != sep) {
    if (*first >= 1000 && p == s.size()) reading.reason = "a year and month, not a full date";
    return std::nullopt;
  }
  ++p;
  const bool year_first = *first >= 1000;
  auto third = year_first ? number(s, p, 1, 2) : number(s, p, 4, 4);
  if (!third) return std::nullopt;
  pos = p;
  if (year_first) return Ymd{*first, *second, *third};
  const int a = *first, b = *second;
  if (a > 12 && b <= 12) return Ymd{*third, b, a};
  if (b > 12 && a <= 12) return Ymd{*third, a, b};
  if (a == b) return Ymd{*third, a, b};
  reading.kind = DateReading::Kind::ambiguous;
  reading.reason = a > 12 ? "no such month or day"
                           : fmt::format("it could be {:04}-{:02}-{:02} or {:04}-{:02}-{:02}", *third, b, a, *third, a, b);
  return std::nullopt;
}

// ` 10:30`, `T10:30:00`, `10:30:00 +0800`, `10:30:00Z`: the time kept as written,
// an offset given its colon (`+08:00`), as YAML timestamps need it.
std::optional<std::string> time_part(std::string_view s) {
  if (s.empty()) return std::string();
  if (s[0] != ' ' && s[0] != 'T' && s[0] != 't') return std::nullopt;
  std::size_t p = 1;
  skip(s, p, " ");
  const std::size_t start = p;
  if (!number(s, p, 1, 2) || p >= s.size() || s[p] != ':') return std::nullopt;
  ++p;
  if (!number(s, p, 2, 2)) return std::nullopt;
  if (p < s.size() && s[p] == ':') {
    ++p;
    if (!number(s, p, 2, 2)) return std::nullopt;
    if (p < s.size() && s[p] == '.') {
      ++p;
      if (!number(s, p, 1, 9)) return std::nullopt;
    }
  }
  std::string out = std::string(1, s[0] == ' ' ? ' ' : 'T') + std::string(s.substr(start, p - start));
  const std::size_t zone = p;
  skip(s, p, " ");
  if (p == s.size()) return out;
  if (s[p] == 'Z' && p + 1 == s.size()) return out + std::string(s.substr(zone));
  if (s[p] != '+' && s[p] != '-') return std::nullopt;
  const char sign = s[p++];
  const std::size_t digits_at = p;
  auto digits = number(s, p, 1, 4);
  if (!digits || p - digits_at == 3) return std::nullopt;
  const bool compact = p - digits_at == 4;  // +0800
  int hours = compact ? *digits / 100 : *digits;
  int minutes = compact ? *digits % 100 : 0;
  if (!compact && p < s.size() && s[p] == ':') {
    ++p;
    auto m = number(s, p, 2, 2);
    if (!m) return std::nullopt;
    minutes = *m;
  }
  if (p != s.size() || hours > 14 || minutes > 59) return std::nullopt;
  return out + std::string(s.substr(zone, digits_at - 1 - zone)) + fmt::format("{}{:02}:{:02}", sign, hours, minutes);
}

}  // namespace

DateReading read_date(std::string_view value) {
  DateReading reading;
  std::size_t pos = 0;
  const std::optional<Ymd> day = date_part(value, pos, reading);
  if (!day) {
    if (reading.kind != DateReading::Kind::ambiguous) {
      reading.kind = DateReading::Kind::unreadable;
      if (reading.reason.empty()) reading.reason = value.size() == 4 ? "a year, not a full date" : "not a date kempt can read";
    }
    return reading;
  }
  if (!real_day(*day)) {
    reading.kind = DateReading::Kind::unreadable;
    reading.reason = "no such day";
    return reading;
  }
  const std::optional<std::string> time = time_part(value.substr(pos));
  if (!time) {
    reading.kind = DateReading::Kind::unreadable;
    reading.reason = "the time after the date is not one kempt can read";
    return reading;
  }
  reading.iso = fmt::format("{:04}-{:02}-{:02}{}", day->year, day->month, day->day, *time);
  reading.kind = reading.iso == value ? DateReading::Kind::iso : DateReading::Kind::rewritten;
  return reading;
}

bool is_date_key(std::string_view key) {
  static constexpr std::array<std::string_view, 11> kKeys = {
      "date", "lastmod", "last_modified_at", "last_modified", "publishdate", "publishDate",
      "expirydate", "expiryDate", "updated", "modified", "created"};
  for (std::string_view k : kKeys) {
    if (k == key) return true;
  }
  return false;
}

bool is_text_key(std::string_view key) {
  static constexpr std::array<std::string_view, 19> kKeys = {
      "title",    "subtitle", "description", "excerpt", "summary",  "name",     "author",
      "country",  "lang",     "language",    "locale",  "location", "venue",    "category",
      "categories", "tags",   "keywords",    "role",    "organization"};
  for (std::string_view k : kKeys) {
    if (k == key) return true;
  }
  return false;
}

bool is_yaml11_boolean(std::string_view word) {
  static constexpr std::array<std::string_view, 16> kWords = {"yes", "Yes", "YES", "no", "No", "NO", "on", "On",
                                                              "ON",  "off", "Off", "OFF", "y",  "Y",  "n",  "N"};
  for (std::string_view w : kWords) {
    if (w == word) return true;
  }
  return false;
}

}  // namespace kempt::frontmatter
