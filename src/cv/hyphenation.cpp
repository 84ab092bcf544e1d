// Is "left-⏎right" one word the line break split ("Univer-sity", "Quan-titative")
// or a compound that happened to end the line ("Communication-efficient")?
//
// The evidence, strongest first: the CV itself (the joined word, or the compound,
// written elsewhere in it); a part that is an acronym ("AI-agent"); the system
// word list (Debian's wamerican, /usr/share/dict/words); the shape of the parts
// (a short part, or a suffix such as "-tion" for the right one). The word list is
// read only when a hyphen gets that far, and searched in place: a CV asks it a
// handful of times, so building an index would cost more than it saves (reading
// the 1 MB list takes a fraction of a millisecond; each search about 0.1 ms).
#include <cstdio>
#include <cstring>

#include "cv/cv_internal.hpp"

namespace kempt::cv::detail {

namespace {

bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// "\nword\n…": the system word list as written, or empty when there is none.
const std::string& word_list() {
  static const std::string words = [] {
    for (const char* path : {"/usr/share/dict/words", "/usr/share/dict/american-english"}) {
      std::FILE* f = std::fopen(path, "rb");
      if (!f) continue;
      std::string s(1, '\n');
      char buf[1 << 16];
      for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
      std::fclose(f);
      return s;
    }
    return std::string();
  }();
  return words;
}

// The list writes common words in lower case and names capitalised
// ("Hamiltonian"): a lower-case word is looked up in both forms.
bool in_word_list(const std::string& word) {
  const std::string& list = word_list();
  if (list.empty() || word.empty()) return false;
  std::string key = '\n' + word + '\n';
  if (memmem(list.data(), list.size(), key.data(), key.size())) return true;
  key[1] = static_cast<char>(std::toupper(static_cast<unsigned char>(key[1])));
  return memmem(list.data(), list.size(), key.data(), key.size()) != nullptr;
}

// "AI", "GPU", "LLMs": an acronym is not half of a word.
bool acronym(std::string_view w) {
  std::size_t upper = 0;
  for (char c : w) upper += std::isupper(static_cast<unsigned char>(c)) != 0;
  return upper >= 2 && (upper == w.size() || (upper + 1 == w.size() && w.back() == 's'));
}

}  // namespace

LineBreakHyphens::LineBreakHyphens(const std::vector<Line>& lines) {
  for (const auto& l : lines) {
    const std::string t = lower_ascii(l.text);
    for (std::size_t i = 0; i < t.size();) {
      if (!is_letter(t[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < t.size() && is_letter(t[j])) ++j;
      ++words_[t.substr(i, j - i)];
      // "long-term" inside the line: a compound the author writes with its hyphen
      if (j + 1 < t.size() && t[j] == '-' && is_letter(t[j + 1])) {
        std::size_t k = j + 1;
        while (k < t.size() && is_letter(t[k])) ++k;
        compounds_.insert(t.substr(i, k - i));
      }
      i = j;
    }
  }
}

bool LineBreakHyphens::split(std::string_view left, std::string_view right) const {
  if (left.empty() || right.empty()) return false;
  const std::string l = lower_ascii(left), r = lower_ascii(right), joined = l + r;
  if (words_.count(joined)) return true;
  if (compounds_.count(l + '-' + r)) return false;
  if (acronym(left)) return false;
  const Vocabulary& v = vocabulary();
  if (v.hyphen_prefixes.count(l)) return in_word_list(joined);  // "non-linear" stays, "Re-search" goes
  if (left.size() <= 3 || right.size() <= 3 || v.hyphen_suffixes.count(r)) return true;
  if (in_word_list(joined)) return true;  // "Quan-titative", "Hamilto-nian"
  return false;  // two words ("reaction-diffusion"), or nothing known: the hyphen stays
}

}  // namespace kempt::cv::detail
