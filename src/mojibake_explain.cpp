// The explanation of a repair: the chain of code pages a run was read with
// (CodePageChain, held in place) and the words the findings and `kempt text
// --explain` give for it (MojibakeSpan::explain_chain). The chain search that
// finds the pages is in mojibake_chains.cpp, the judging of its candidates in
// mojibake_judge.cpp, the line driver in mojibake.cpp.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kempt/mojibake.hpp"

namespace kempt {

void CodePageChain::push_back(std::string_view page) {
  if (size_ == kMaxPages || page.size() > kMaxName) throw std::length_error("code page chain: too long");
  std::copy(page.begin(), page.end(), names_[size_].begin());
  lengths_[size_++] = static_cast<std::uint8_t>(page.size());
}

void CodePageChain::push_front(std::string_view page) {
  if (size_ == kMaxPages || page.size() > kMaxName) throw std::length_error("code page chain: too long");
  std::move_backward(names_.begin(), names_.begin() + size_, names_.begin() + size_ + 1);
  std::move_backward(lengths_.begin(), lengths_.begin() + size_, lengths_.begin() + size_ + 1);
  std::copy(page.begin(), page.end(), names_[0].begin());
  lengths_[0] = static_cast<std::uint8_t>(page.size());
  ++size_;
}

std::vector<std::string> CodePageChain::names() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < size_; ++i) out.emplace_back((*this)[i]);
  return out;
}

int CodePageChain::compare(const CodePageChain& other) const {
  for (std::size_t i = 0; i < size_ && i < other.size_; ++i) {
    if (const int c = (*this)[i].compare(other[i])) return c;
  }
  return size_ < other.size_ ? -1 : size_ > other.size_ ? 1 : 0;
}

std::string MojibakeSpan::explain_chain() const {
  if (c1) return "windows-1252 punctuation read as Latin-1 (a C1 control)";
  if (stray_bom) return "a byte order mark inside the text (files joined, or a BOM pasted along)";
  if (!legacy_origin.empty()) return legacy_origin + " text read as " + std::string(chain.empty() ? std::string_view("?") : chain.back());
  std::string s = "UTF-8 read as " + std::string(chain.empty() ? std::string_view("?") : chain.back());
  for (std::size_t i = chain.size(); i-- > 1;) s += ", then as " + std::string(chain[i - 1]);
  return s;
}

}  // namespace kempt
