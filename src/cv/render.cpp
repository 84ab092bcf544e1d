// The CV as Markdown: every character of the text escaped so CommonMark reads it
// as text, links made only from what is unmistakably a URL, e-mail or phone.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "cv/cv_internal.hpp"

namespace kempt::cv::detail {

namespace {

bool url_char(char c) { return c > ' ' && c != '<' && c != '>' && c != '"' && c != '\t'; }

std::string escape(std::string_view s, bool line_start) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' || c == '>' ||
        c == '~' || c == '|')
      out += '\\';
    else if (line_start && out.empty() && (c == '#' || c == '+' || c == '-' || c == '=') &&
             (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == c))
      out += '\\';
    out += c;
  }
  if (line_start) {  // "1. Foo" would open an ordered list
    std::size_t d = 0;
    while (d < out.size() && std::isdigit(static_cast<unsigned char>(out[d]))) ++d;
    if (d > 0 && d < out.size() && (out[d] == '.' || out[d] == ')')) out.insert(d, "\\");
  }
  if (out.size() >= 2 && out.compare(0, 2, "\\-") != 0 && (out == "-" || out == "="))
    out.insert(0, "\\");
  return out;
}

std::string strip_trailing_punct(std::string& url) {
  std::string tail;
  while (!url.empty() && std::string_view(".,;:)'\"").find(url.back()) != std::string_view::npos) {
    if (url.back() == ')' && std::count(url.begin(), url.end(), '(') >= std::count(url.begin(), url.end(), ')'))
      break;
    tail.insert(tail.begin(), url.back());
    url.pop_back();
  }
  return tail;
}

bool email_like(std::string_view w) {
  const auto at = w.find('@');
  if (at == std::string_view::npos || at == 0 || w.find('@', at + 1) != std::string_view::npos) return false;
  const auto dot = w.find('.', at);
  return dot != std::string_view::npos && dot + 2 < w.size() + 1 && dot > at + 1 &&
         std::all_of(w.begin(), w.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("._%+-@").find(c) != std::string_view::npos;
         });
}

bool domain_like(std::string_view w) {
  if (w.find('@') != std::string_view::npos || w.find("..") != std::string_view::npos) return false;
  const auto slash = w.find('/');
  const std::string_view host = w.substr(0, slash);
  if (!std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
      }))
    return false;
  for (std::string_view t : vocabulary().domain_endings)  // ".com", ".ac.uk" (data/cv_words.yaml)
    if (host.size() > t.size() + 1 && host.substr(host.size() - t.size()) == t) return true;
  return false;
}

// One piece of text: links for URLs, e-mails and Markdown links already there;
// the rest escaped.
std::string inline_md(std::string_view s, bool line_start) {
  std::string out, plain;
  auto flush = [&] {
    out += escape(plain, line_start && out.empty());
    plain.clear();
  };
  std::size_t i = 0;
  while (i < s.size()) {
    const bool word_start = i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' || s[i - 1] == '\t';
    if (word_start && s[i] == '[') {  // an existing [text](url)
      const auto close = s.find("](", i);
      const auto end = close == std::string_view::npos ? close : s.find(')', close);
      if (end != std::string_view::npos && s.substr(i, close - i).find('\n') == std::string_view::npos &&
          s.substr(close + 2, end - close - 2).find(' ') == std::string_view::npos) {
        const std::string_view target = s.substr(close + 2, end - close - 2);
        if (target.rfind("http", 0) == 0 || target.rfind("mailto:", 0) == 0) {
          flush();
          out += "[" + escape(s.substr(i + 1, close - i - 1), false) + "](" + std::string(target) + ")";
          i = end + 1;
          continue;
        }
      }
    }
    if (!word_start) {
      plain += s[i++];
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && url_char(s[j]) && s[j] != ' ') ++j;
    std::string word(s.substr(i, j - i));
    std::string tail = strip_trailing_punct(word);
    if (word.rfind("http://", 0) == 0 || word.rfind("https://", 0) == 0) {
      flush();
      out += "[" + escape(word, false) + "](" + word + ")" + escape(tail, false);
      i = j;
    } else if (email_like(word)) {
      flush();
      out += "[" + escape(word, false) + "](mailto:" + word + ")" + escape(tail, false);
      i = j;
    } else if (word.rfind("www.", 0) == 0 || domain_like(word)) {
      flush();
      out += "[" + escape(word, false) + "](https://" + word + ")" + escape(tail, false);
      i = j;
    } else {
      plain += s[i++];
    }
  }
  flush();
  return out;
}

// Emphasis markers → * and **; unbalanced or empty pairs are dropped.
std::string emphasis(std::string s) {
  auto balanced = [&](char open, char close) {
    int depth = 0;
    for (char c : s) {
      if (c == open) ++depth;
      if (c == close && --depth < 0) return false;
      if (c == open && depth > 1) return false;
    }
    return depth == 0;
  };
  const bool ital = balanced(kItalicOpen, kItalicClose), bold = balanced(kBoldOpen, kBoldClose);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool open = c == kItalicOpen || c == kBoldOpen;
    const bool close = c == kItalicClose || c == kBoldClose;
    if (!open && !close) {
      out += c;
      continue;
    }
    const bool keep = (c == kItalicOpen || c == kItalicClose) ? ital : bold;
    if (!keep) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    const std::string mark = (c == kItalicOpen || c == kItalicClose) ? "*" : "**";
    if (open) {
      // emphasis must hug its text: "<i> x</i>" → " *x*"
      std::size_t k = i + 1;
      while (k < s.size() && s[k] == ' ') ++k;
      if (k < s.size() && s[k] == (c == kItalicOpen ? kItalicClose : kBoldClose)) {  // empty pair
        i = k;
        continue;
      }
      if (!out.empty() && out.back() != ' ' && out.back() != '(') out += ' ';
      out += mark;
      i = k - 1;
    } else {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += mark;
      if (i + 1 < s.size() && s[i + 1] != ' ' && !std::ispunct(static_cast<unsigned char>(s[i + 1]))) out += ' ';
    }
  }
  return out;
}

// A name's initials as publication lists write them: "Jean-Pierre" → "J.-P."
// (dotted), "J-P" and "JP" (bare); "M." stays "M.".
struct Initials {
  std::string dotted, hyphen_bare, bare;
};

Initials initials_of(const std::string& given_word) {
  Initials in;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= given_word.size(); ++i) {
    if (i < given_word.size() && given_word[i] != '-') continue;
    if (i > start) {
      // the part's first letter, whole when it is not ASCII ("Élodie" → "É.")
      std::size_t len = 1;
      const unsigned char c = static_cast<unsigned char>(given_word[start]);
      if (c >= 0xC0) len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      const std::string first = given_word.substr(start, len);
      const bool more = start > 0;
      in.dotted += (more ? "-" : "") + first + ".";
      in.hyphen_bare += (more ? "-" : "") + first;
      in.bare += first;
    }
    start = i + 1;
  }
  return in;
}

std::string upper_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// In an owner form: here the list may write middle initials the name line does not
// give ("Endres, SC", "S. C. Endres" for "Stefan Endres"; see match_form).
constexpr char kMoreInitials = '\x1f';  // (no byte the text carries: 01–04 mark emphasis)
// In an owner form: here a second surname the name line leaves out, after the
// first ("Cano Córdoba, F." or "Cano-Córdoba, F." for "Filip Cano").
constexpr char kSecondSurname = '\x1e';

// The ways a publication list may write the owner: "Jane A. Roe", "J. A. Roe",
// "J.A. Roe", "J. Roe", "Roe, J. A.", "Roe, J.", "Roe JA", "Roe J", "Roe.J", "ROE, J." …,
// for a surname of the last word and of the last two ("Pérez Pérez, J.").
// Longest first: where two forms start at one place, the longer one is bolded.
std::vector<std::string> owner_forms(const std::string& owner) {
  std::vector<std::string> words;
  for (auto [b, e] = std::pair<std::size_t, std::size_t>{0, 0}; b < owner.size(); b = e + 1) {
    e = owner.find(' ', b);
    if (e == std::string::npos) e = owner.size();
    if (e > b) words.push_back(owner.substr(b, e - b));
  }
  std::set<std::string> forms;
  if (!owner.empty()) forms.insert(owner);
  for (std::size_t k = 1; k <= 2 && k < words.size(); ++k) {
    std::string surname, given;
    for (std::size_t w = words.size() - k; w < words.size(); ++w) surname += (surname.empty() ? "" : " ") + words[w];
    std::string dotted_sp, dotted, hyphen_bare, bare;
    for (std::size_t w = 0; w + k < words.size(); ++w) {
      given += (given.empty() ? "" : " ") + words[w];
      const Initials in = initials_of(words[w]);
      dotted_sp += (dotted_sp.empty() ? "" : " ") + in.dotted;
      dotted += in.dotted;
      hyphen_bare += in.hyphen_bare;
      bare += in.bare;
    }
    const std::string& first = words[0];
    const Initials first_in = initials_of(first);
    std::string middle_dotted;  // "Jane A. Roe"
    for (std::size_t w = 1; w + k < words.size(); ++w) middle_dotted += " " + initials_of(words[w]).dotted;
    for (const std::string& sur : {surname, upper_ascii(surname)}) {
      for (const std::string& g : {given, first, first + middle_dotted, dotted_sp, dotted, first_in.dotted,
                                   first_in.hyphen_bare, hyphen_bare})
        forms.insert(g + " " + sur);
      forms.insert(dotted + sur);
      forms.insert(first_in.dotted + sur);
      forms.insert(sur + "." + first_in.bare);  // "Watanabe.A"
      for (const std::string& g : {given, first, dotted_sp, dotted, first_in.dotted}) forms.insert(sur + ", " + g);
      for (const std::string& g : {bare, hyphen_bare, first_in.bare, first_in.hyphen_bare}) {
        forms.insert(sur + " " + g);
        forms.insert(sur + ", " + g);
      }
      // The given initials, then any the name line leaves out (a form with the
      // given ones alone never takes part of these: see bold_owner).
      forms.insert(sur + ", " + dotted + kMoreInitials);
      forms.insert(sur + ", " + bare + kMoreInitials);
      forms.insert(sur + " " + bare + kMoreInitials);
      forms.insert(first_in.dotted + kMoreInitials + " " + sur);
      if (k == 1) {
        for (const std::string& g : {dotted, first_in.dotted, given, first}) forms.insert(sur + kSecondSurname + ", " + g);
      }
    }
  }
  std::vector<std::string> out(forms.begin(), forms.end());
  std::stable_sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

// Text with accents taken off its letters ("Pérez" → "Perez"), so that a name
// matches however the CV accents it; `at` maps each byte of the result to the
// byte of `s` it came from (and the end to the end).
std::string fold_accents(std::string_view s, std::vector<std::size_t>* at) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t from = i;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::string piece;
    if (c < 0x80 || U_FAILURE(err)) {
      piece = s[i++];
    } else {
      const char32_t cp = decode_utf8(s, i);
      icu::UnicodeString d;
      if (!nfd->getDecomposition(static_cast<UChar32>(cp), d)) d = icu::UnicodeString(static_cast<UChar32>(cp));
      icu::UnicodeString kept;
      for (int32_t k = 0; k < d.length();) {
        const UChar32 x = d.char32At(k);
        k += U16_LENGTH(x);
        if (u_charType(x) != U_NON_SPACING_MARK) kept.append(x);
      }
      kept.toUTF8String(piece);
      if (piece.empty()) piece = std::string(s.substr(from, i - from));
    }
    out += piece;
    if (at) at->insert(at->end(), piece.size(), from);
  }
  if (at) at->push_back(s.size());
  return out;
}

bool name_char(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// Middle initials at `p` in folded text: capitals that start no word ("C." "C"
// "-C"), each after an optional space or dot: " C.", "C", ". C" in "S. C. Endres",
// "SC", "S.C.". Returns where they end (`p` when there are none).
std::size_t skip_initials(const std::string& f, std::size_t p) {
  for (;;) {
    std::size_t q = p;
    if (q < f.size() && (f[q] == ' ' || f[q] == '-')) ++q;
    if (q >= f.size() || !std::isupper(static_cast<unsigned char>(f[q]))) return p;
    const std::size_t after = q + 1;
    if (after < f.size() && name_char(static_cast<unsigned char>(f[after])) &&
        !std::isupper(static_cast<unsigned char>(f[after]))) {
      return p;  // a word ("Endres"), not an initial
    }
    p = after < f.size() && f[after] == '.' ? after + 1 : after;
  }
}

// Where `form` (folded, maybe with a kMoreInitials slot) ends when it stands at `p`
// in `f`; npos when it does not.
std::size_t match_form(const std::string& f, std::size_t p, const std::string& form) {
  if (const std::size_t second = form.find(kSecondSurname); second != std::string::npos) {
    if (f.compare(p, second, form, 0, second) != 0) return std::string::npos;
    std::size_t q = p + second;  // " Córdoba" or "-Córdoba": one capitalized word
    if (q + 1 >= f.size() || (f[q] != ' ' && f[q] != '-') || !std::isupper(static_cast<unsigned char>(f[q + 1]))) {
      return std::string::npos;
    }
    for (q += 2; q < f.size() && name_char(static_cast<unsigned char>(f[q])); ++q) {
    }
    const std::size_t rest = form.size() - second - 1;
    return f.compare(q, rest, form, second + 1, rest) == 0 ? q + rest : std::string::npos;
  }
  const std::size_t slot = form.find(kMoreInitials);
  if (slot == std::string::npos) return f.compare(p, form.size(), form) == 0 ? p + form.size() : std::string::npos;
  if (f.compare(p, slot, form, 0, slot) != 0) return std::string::npos;
  std::size_t q = skip_initials(f, p + slot);
  // "S." then " C." : the slot may take a dot's following space too
  const std::size_t rest = form.size() - slot - 1;
  if (f.compare(q, rest, form, slot + 1, rest) != 0) return std::string::npos;
  return q + rest;
}

// Inside "**…**" already, or inside a link's target "](…)": no bold there.
bool bold_allowed(const std::string& s, std::size_t p) {
  std::size_t stars = 0;
  for (std::size_t q = s.find("**"); q != std::string::npos && q < p; q = s.find("**", q + 2)) ++stars;
  if (stars % 2) return false;
  const auto target = s.rfind("](", p);
  return target == std::string::npos || s.find(')', target) < p;
}

// The owner's forms as bold_owner compares them: escaped as the text is, accents
// folded; done once per CV, not once per entry.
std::vector<std::string> comparable_forms(const std::vector<std::string>& forms) {
  std::vector<std::string> folded;
  for (const auto& form : forms) folded.push_back(fold_accents(escape(form, false), nullptr));
  return folded;
}

// The owner's name in bold wherever it stands as a whole name (text already
// escaped), the whole name and never part of it: at each place the longest form
// wins, and a surname-first form takes in a capitalized word glued in front of it
// ("Pérez Pérez, J." when the owner is "Juan Pérez").
// `folded` comes from comparable_forms.
std::string bold_owner(std::string s, const std::vector<std::string>& folded) {
  if (folded.empty()) return s;
  bool first_byte[256] = {};  // most places start no form: one look decides
  for (const auto& form : folded)
    if (!form.empty()) first_byte[static_cast<unsigned char>(form[0])] = true;
  std::vector<std::size_t> at;
  const std::string f = fold_accents(s, &at);
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // byte ranges of s
  for (std::size_t p = 0; p < f.size();) {
    if ((p > 0 && name_char(static_cast<unsigned char>(f[p - 1]))) || !first_byte[static_cast<unsigned char>(f[p])]) {
      ++p;
      continue;
    }
    std::size_t len = 0;
    bool surname_first = false;
    for (std::size_t k = 0; k < folded.size() && !len; ++k) {
      const std::string& form = folded[k];
      const std::size_t e = form.empty() ? std::string::npos : match_form(f, p, form);
      if (e == std::string::npos) continue;
      // never part of a longer name: "Roe, J" is not in "Roe, J.K." nor "Roe, J-P."
      if (e < f.size() && name_char(static_cast<unsigned char>(f[e]))) continue;
      if (e + 1 < f.size() && (f[e] == '.' || f[e] == '-') && name_char(static_cast<unsigned char>(f[e + 1]))) continue;
      len = e - p;
      // "Pérez, J." or "Pérez J" (one word before the initials): a compound surname may
      // have its first part in front
      std::string plain = form;
      plain.erase(std::remove_if(plain.begin(), plain.end(), [](char c) { return c == kMoreInitials || c == kSecondSurname; }),
                  plain.end());
      const std::size_t sur_end = plain.find(',') != std::string::npos ? plain.find(',') : plain.rfind(' ');
      surname_first = plain.find(' ') == std::string::npos ||
                      ((plain.find(',') != std::string::npos || std::isupper(static_cast<unsigned char>(plain.back()))) &&
                       plain.find(' ') >= sur_end);
    }
    if (!len) {
      ++p;
      continue;
    }
    std::size_t b = p;
    if (surname_first && p >= 2 && f[p - 1] == ' ') {
      std::size_t w = p - 1;
      while (w > 0 && (name_char(static_cast<unsigned char>(f[w - 1])) || f[w - 1] == '-')) --w;
      const bool capital = w < p - 1 && std::isupper(static_cast<unsigned char>(f[w]));
      const bool starts_list = w == 0 || (w >= 2 && (f.compare(w - 2, 2, ", ") == 0 || f.compare(w - 2, 2, "; ") == 0 ||
                                                     f.compare(w - 2, 2, "& ") == 0)) ||
                               (w >= 4 && f.compare(w - 4, 4, "and ") == 0);
      if (capital && starts_list) b = w;
    }
    if (bold_allowed(s, at[b])) spans.emplace_back(at[b], at[p + len]);
    p += len;
  }
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
    s.insert(it->second, "**");
    s.insert(it->first, "**");
  }
  return s;
}

// The owner named as one of several authors: "Roe, J., Smith, A.", "A. Smith and J. Roe".
bool among_authors(const std::string& text, const std::vector<std::string>& forms) {
  const std::string b = bold_owner(text, forms);
  for (std::string_view next : {"**, ", "**; ", "** and ", "** & ", ", **", "; **", "and **", "& **"})
    if (b.find(next) != std::string::npos) return true;
  return false;
}

// A section of three or more entries, two in three naming the owner, is an author
// list whatever its title says ("Documents de travail", "Projets en cours", "Work in progress");
// so is a shorter one whose every entry names the owner among other authors.
bool lists_the_owner(const Section& s, const std::vector<std::string>& forms) {
  if (forms.empty() || s.entries.empty()) return false;
  if (s.entries.size() < 3)
    return std::all_of(s.entries.begin(), s.entries.end(), [&](const Entry& e) { return among_authors(e.text, forms); });
  std::size_t naming = 0;
  for (const Entry& e : s.entries) naming += bold_owner(e.text, forms) != e.text;
  return 3 * naming >= 2 * s.entries.size();
}

std::string text_md(std::string t, bool line_start) {
  for (std::size_t p = t.find('\t'); p != std::string::npos; p = t.find('\t', p)) t.replace(p, 1, ", ");
  return emphasis(inline_md(t, line_start));
}

// "+852 6875 8509", "(608) 123-4567": a phone number, linked as tel:.
std::string phone_md(const std::string& item) {
  std::size_t start = 0;
  const auto colon = item.find(": ");
  if (colon != std::string::npos && colon < 20) start = colon + 2;
  const std::string num = item.substr(start);
  std::string digits;
  for (char c : num) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    else if (std::string_view(" +-().").find(c) == std::string_view::npos) return {};
  }
  if (digits.size() < 7 || digits.size() > 15 || num.find('.') != std::string::npos) return {};
  if (is_date_only(num)) return {};  // "2022-2026" is a range of years
  const std::string tel = (num[0] == '+' ? "+" : "") + digits;
  return (start ? inline_md(item.substr(0, start), true) : std::string()) + "[" + escape(num, false) + "](tel:" + tel + ")";
}

std::size_t width(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Words of a Markdown line; an autolink is one word. A link's text wraps like any
// text (a line break inside it is still one link); its URL holds no spaces.
std::vector<std::string> md_words(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  bool angle = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool escaped = i > 0 && s[i - 1] == '\\';
    if (!escaped) {
      if (c == '<') angle = true;
      if (c == '>') angle = false;
    }
    if (c == ' ' && !angle) {
      if (!cur.empty()) words.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) words.push_back(cur);
  return words;
}

// A word that would open a block (list, heading, quote, setext line) at a line start,
// or one of table-rule characters only ("\|", "-\|", "--"): a line of those alone
// reads as a table's delimiter row.
bool opens_block(const std::string& w) {
  if (w.empty()) return false;
  if (w.find_first_not_of("|-:=+\\") == std::string::npos) return true;
  // "**Name**" opens no list: a marker is followed by a space, and "***" is a rule
  if (w.size() > 2 && w.compare(0, 2, "**") == 0 && w.find_first_not_of('*') != std::string::npos) return false;
  if (std::string_view("-+*#>=|").find(w[0]) != std::string_view::npos) return true;
  std::size_t d = 0;
  while (d < w.size() && std::isdigit(static_cast<unsigned char>(w[d]))) ++d;
  return d > 0 && d < w.size() && (w[d] == '.' || w[d] == ')');
}

// Lines kept under 80 columns (markdownlint MD013), continuation indented under
// the marker. A line never starts with a word that would open a block there: the
// word before it moves down too.
std::string wrap(const std::string& first_prefix, const std::string& md, std::size_t indent) {
  constexpr std::size_t kWidth = 80;
  std::string out;
  std::vector<std::string> line;
  std::size_t col = width(first_prefix);
  bool first = true;
  auto emit = [&](std::size_t n) {
    std::string text;
    for (std::size_t k = 0; k < n; ++k) text += (k ? " " : "") + line[k];
    out += (first ? first_prefix : std::string(indent, ' ')) + text + "\n";
    first = false;
    line.erase(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(n));
    col = indent;
    for (std::size_t k = 0; k < line.size(); ++k) col += width(line[k]) + (k ? 1 : 0);
  };
  for (const auto& w : md_words(md)) {
    const std::size_t ww = width(w);
    if (!line.empty() && col + 1 + ww > kWidth) {
      // break before the last word that may start a line; with none, the line runs
      // long rather than open a block (a list, a heading, a table rule) by accident
      std::size_t keep = line.size();
      while (keep >= 1 && opens_block(keep < line.size() ? line[keep] : w)) --keep;
      if (keep >= 1) emit(keep);
    }
    col += (line.empty() ? 0 : 1) + ww;
    line.push_back(w);
  }
  if (!line.empty() || first) emit(line.size());
  return out;
}

std::string title_md(const std::string& title) {
  return text_md(title_case(title), false);
}

// An entry's text and date as one line of Markdown: "Title, Place — Sep 2019 – Jun 2024".
// In a heading the key of a "Key: value" entry is not bold again.
std::string entry_body(const Entry& e, const std::vector<std::string>& owner, bool heading) {
  std::string body;
  if (e.key_value) {
    const auto tab = e.text.find('\t');
    std::string key = e.text.substr(0, tab);
    while (!key.empty() && key.back() == ':') key.pop_back();
    const std::string k = emphasis(inline_md(key, heading));
    body = (heading ? k + ":" : "**" + k + ":**") + " " + text_md(e.text.substr(tab + 1), false);
  } else if (!e.title.empty()) {
    // "**Research Assistant**, Visual Computing Lab, UW-Madison" (no bold in a heading)
    const std::string title = text_md(e.title, true);
    // a title closed by its own stop ("… y Desarrollo.") takes no comma after it
    const bool stopped = !e.title.empty() && std::string_view(".,;:!?").find(e.title.back()) != std::string_view::npos;
    body = (heading ? title : "**" + emphasis(title) + "**") +
           (e.text.empty() ? "" : (stopped ? " " : ", ") + text_md(e.text, false));
  } else {
    body = text_md(e.text, true);
  }
  if (!owner.empty()) body = bold_owner(body, owner);
  if (!e.date.empty()) body += (body.empty() ? "" : " — ") + inline_md(e.date, body.empty());
  return body;
}

std::string sub_md(const std::string& sub, const std::vector<std::string>& owner) {
  std::string s = text_md(sub, true);
  if (!owner.empty()) s = bold_owner(s, owner);
  return s.empty() ? std::string("\\-") : s;
}

std::string entry_md(const Entry& e, const std::vector<std::string>& owner) {
  std::string body = entry_body(e, owner, false);
  if (body.empty()) body = "\\-";
  std::string out = wrap("- ", body, 2);
  for (const auto& sub : e.subs) out += wrap("  - ", sub_md(sub, owner), 4);
  return out;
}

// An entry as a heading's text: nullopt when it cannot be one under markdownlint's
// default rules without changing its words. A heading is one line, so it must fit
// in 80 columns (MD013); it may not end in punctuation (MD026). A closing run of
// '#' is escaped, or it would be taken for the heading's closing sequence.
std::optional<std::string> heading_text(std::string md, std::size_t marker) {
  constexpr std::size_t kWidth = 80;
  while (!md.empty() && md.back() == ' ') md.pop_back();
  for (std::string_view p : {".", ",", ";", ":", "!", "。", "，", "；", "：", "！"}) {
    if (md.size() >= p.size() && md.compare(md.size() - p.size(), p.size(), p) == 0) return std::nullopt;
  }
  std::size_t run = md.size();
  while (run > 0 && md[run - 1] == '#') --run;
  if (run < md.size() && (run == 0 || md[run - 1] == ' ')) md.insert(run, "\\");
  if (md.empty() || marker + width(md) > kWidth) return std::nullopt;
  return md;
}

// What markdownlint compares for duplicate headings (MD024), a little coarser:
// escapes and case do not make two headings different.
std::string heading_key(const std::string& md) {
  std::string k;
  for (char c : md)
    if (c != '\\') k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

// Every heading the page has before entries become headings: the sections' and
// their sub-headings'.
std::set<std::string> fixed_headings(const Cv& cv) {
  std::set<std::string> seen;
  for (const auto& s : cv.sections) {
    if (!s.title.empty()) seen.insert(heading_key(title_md(s.title)));
    for (const auto& e : s.entries)
      if (e.subheading) seen.insert(heading_key(title_md(e.text)));
  }
  return seen;
}

// A section whose entries have sub-bullets (a job's duties, a degree's thesis)
// gives each entry a heading, "### Title, Place — dates", its bullets a list under
// it: every entry of the section, so that its entries are counted alike. Not when
// any of them cannot be a heading (see heading_text) or would repeat a heading of
// the page (MD024); then the section stays a list with nested bullets. `seen`
// holds the page's headings and gains these. The headings come back in entry
// order ("" in a sub-heading's place).
std::optional<std::vector<std::string>> entry_headings(const Section& s, const std::vector<std::string>& owner,
                                                       std::set<std::string>& seen) {
  if (s.title.empty()) return std::nullopt;  // under the page's # title a ### would skip a level (MD001)
  if (std::none_of(s.entries.begin(), s.entries.end(), [](const Entry& e) { return !e.subheading && !e.subs.empty(); }))
    return std::nullopt;
  // "Languages: Python, Java" among a school's degrees (a second column's lines that plain
  // text set in this section): a label and its values, nothing under them, are a list's
  // line, no heading
  if (std::any_of(s.entries.begin(), s.entries.end(), [](const Entry& e) { return e.key_value && e.subs.empty(); }))
    return std::nullopt;
  std::set<std::string> mine;
  std::vector<std::string> out;
  std::size_t marker = 4;  // "### ", "#### " under a sub-heading
  for (const auto& e : s.entries) {
    if (e.subheading) {
      out.emplace_back();
      marker = 5;
      continue;
    }
    const auto h = heading_text(entry_body(e, owner, true), marker);
    if (!h || seen.count(heading_key(*h)) || !mine.insert(heading_key(*h)).second) return std::nullopt;
    out.push_back(*h);
  }
  seen.insert(mine.begin(), mine.end());
  return out;
}

}  // namespace

std::string render(const Cv& cv, const std::string& owner, bool front_matter) {
  std::string out;
  // a page opens with its title (markdownlint MD041), even when no name line was found
  std::string name = trim(cv.name);
  for (char& c : name)
    if (c == '\t') c = ' ';
  if (name.empty()) name = owner.empty() ? "Curriculum Vitae" : owner;
  if (front_matter) {
    // the title lives in the front matter: a "# Name" under it would be the page's
    // second top-level heading (markdownlint MD025), and the theme prints the title
    std::string quoted;
    for (char c : name) quoted += (c == '"' || c == '\\' ? "\\" : "") + std::string(1, c);
    out += "---\nlayout: archive\ntitle: \"" + quoted + "\"\npermalink: /cv/\nauthor_profile: true\n---\n\n";
  } else {
    out += "# " + text_md(name, false) + "\n\n";
  }
  if (!cv.contact.empty()) {
    std::string line;
    for (const auto& c : cv.contact) {
      std::string md = phone_md(c);
      line += (line.empty() ? "" : " · ") + (md.empty() ? text_md(c, line.empty()) : md);
    }
    out += wrap("", line, 0) + "\n";
  }
  for (const auto& p : cv.preamble) out += wrap("", text_md(p, true), 0) + "\n";
  const auto forms = comparable_forms(owner_forms(cv.owner.empty() ? owner_from_name(owner) : cv.owner));
  std::set<std::string> headings = fixed_headings(cv);
  for (const auto& s : cv.sections) {
    if (!s.title.empty()) out += "## " + title_md(s.title) + "\n\n";
    if (s.entries.empty()) continue;
    const auto& owner_forms_here = s.publications || lists_the_owner(s, forms) ? forms : std::vector<std::string>{};
    if (const auto heads = entry_headings(s, owner_forms_here, headings)) {
      // entries as headings: ### under the section, #### under a sub-heading
      std::string level = "### ";
      for (std::size_t k = 0; k < s.entries.size(); ++k) {
        const Entry& e = s.entries[k];
        if (e.subheading) {
          out += "### " + title_md(e.text) + "\n\n";
          level = "#### ";
          continue;
        }
        out += level + (*heads)[k] + "\n\n";
        for (const auto& sub : e.subs) out += wrap("- ", sub_md(sub, owner_forms_here), 2);
        if (!e.subs.empty()) out += "\n";
      }
      continue;
    }
    bool in_list = false;
    for (const auto& e : s.entries) {
      if (e.subheading) {
        out += std::string(in_list ? "\n" : "") + "### " + title_md(e.text) + "\n\n";
        in_list = false;
        continue;
      }
      out += entry_md(e, owner_forms_here);
      in_list = true;
    }
    if (in_list) out += "\n";
  }
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
  if (out.empty()) out = "\n";
  return out;
}

}  // namespace kempt::cv::detail
