// Is "left-⏎right" one word the line break split ("Univer-sity", "Quan-titative")
// or a compound that happened to end the line ("Communication-efficient")?
//
// The evidence, strongest first: the CV itself (the joined word, or the compound,
// written elsewhere in it); a part that is an acronym ("AI-agent"); the system
// word list (Debian's wamerican, /usr/share/dict/words); the shape of the parts
// (a short part, or a suffix such as "-tion" for the right one). The word list is
// read only when a hyphen gets that far, and searched in place: a CV asks it a
// handful of times, so building an index would cost more than it saves (each
// search of the 1 MB list takes about 0.1 ms).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "cv/cv_internal.hpp"

namespace kempt::cv::detail {

namespace {

bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// The system word list as written, mapped read-only for the process's life (no
// copy: the first look-up costs no more than the page faults it touches), or
// empty when there is none.
std::string_view word_list() {
  static const std::string_view words = []() -> std::string_view {
    for (const char* path : {"/usr/share/dict/words", "/usr/share/dict/american-english"}) {
      const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      struct stat st {};
      void* map = ::fstat(fd, &st) == 0 && st.st_size > 0
                      ? ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0)
                      : MAP_FAILED;
      ::close(fd);
      if (map != MAP_FAILED) return {static_cast<const char*>(map), static_cast<std::size_t>(st.st_size)};
    }
    return {};
  }();
  return words;
}

bool listed(std::string_view list, const std::string& word) {
  if (list.size() > word.size() && list.compare(0, word.size(), word) == 0 && list[word.size()] == '\n')
    return true;  // the first line
  const std::string key = '\n' + word + '\n';
  return memmem(list.data(), list.size(), key.data(), key.size()) != nullptr;
}

// The list writes common words in lower case and names capitalised
// ("Hamiltonian"): a lower-case word is looked up in both forms.
bool in_word_list(const std::string& word) {
  const std::string_view list = word_list();
  if (list.empty() || word.empty()) return false;
  std::string capitalised = word;
  capitalised[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capitalised[0])));
  return listed(list, word) || listed(list, capitalised);
}

// "AI", "GPU", "LLMs": an acronym is not half of a word.
bool acronym(std::string_view w) {
  std::size_t upper = 0;
  for (char c : w) upper += std::isupper(static_cast<unsigned char>(c)) != 0;
  return upper >= 2 && (upper == w.size() || (upper + 1 == w.size() && w.back() == 's'));
}

}  // namespace

void LineBreakHyphens::learn() const {
  learned_ = true;
  for (const auto& l : lines_) {
    const std::string t = lower_ascii(l.text);
    for (std::size_t i = 0; i < t.size();) {
      if (!is_letter(t[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < t.size() && is_letter(t[j])) ++j;
      words_.insert(t.substr(i, j - i));
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
  if (!learned_) learn();
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
