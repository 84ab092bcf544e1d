#pragma once
// Judging the chain search's candidates into spans, as the line driver
// (mojibake.cpp) sees it: each candidate scored against its run by the model
// (Judged), then a page's runs of a line settled together (the line's evidence,
// quote partners, the depth its repairs agree on, a double-byte page's cover of
// the line). mojibake_judge.cpp judges; the candidates come from the chain search
// (mojibake_chains.hpp).
#include <unicode/uscript.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kempt/mojibake.hpp"
#include "mojibake_chains.hpp"

namespace kempt::mojibake::finder {

// How much less implausible a decoding must be than the run it replaces.
inline constexpr double kMargin = 4.0;
// Marking a run's lost character with U+FFFD replaces text the model cannot
// restore: it must be that much clearer that the run is mojibake.
inline constexpr double kMarkExtra = 2.0;

// A scored candidate, before the bar it must clear is known.
struct Judged {
  MojibakeSpan span;
  std::size_t first_char = 0, end_char = 0;  // the span's characters in the line
  bool possible = true, ambiguous = false, explicit_loss = false, evidence_only = false;
  bool garbled = false;  // Candidate::garbled: neither repaired, marked nor reported
  double margin = kMargin;
  std::string marked;
  double marked_cost = 0;

  double symbols_only = 0;  // the extra evidence asked of a run with no letters

  // The reading one layer further in, where it is about as likely as `span.after`.
  struct Deeper {
    std::string after;
    CodePageChain chain;
    double cost = 0;
  };
  std::optional<Deeper> deeper;

  // Settles the span for a bar lowered by `bonus`. A page that explains three or
  // more runs of the line has shown its hand: its symbol-only runs need no more.
  void decide(double bonus) {
    if (bonus >= 3.0) span.cost_after -= symbols_only, marked_cost -= symbols_only;
    settle(margin - bonus);
  }

  // Repairs (or marks) the span when it gains at least `bar`.
  void settle(double bar) {
    if (evidence_only || garbled) return;  // evidence_only: settle_with_line_evidence's to decide
    span.confident = possible && !ambiguous && span.cost_before - span.cost_after >= bar;
    // Where the text itself marks the loss (`?`, U+FFFD), marking it plainly loses
    // nothing more; a dropped byte leaves no mark, so guessing there needs more.
    if (ambiguous && span.cost_before - marked_cost >= bar + (explicit_loss ? 0.0 : kMarkExtra)) {
      span.marked = std::move(marked);
    }
  }
};

// judge(), remembered for the runs that come back: a page repeats the same
// misreading ("â€™" in every other word), and a long line may hold a million of
// them. For a candidate with no lost byte, judge() reads only its page, its
// decoding and flags, its own characters and the two on each side of it (b2 b1
// and a1 a2: glued_to_word looks no further), and the line's dominant script; its
// offsets and bytes in the text are filled in afresh. Lossy candidates, rarer,
// are judged each time.
class JudgeMemo {
 public:
  // judge(line, text, cand, dominant), appended to `into` (`cand` may be moved from)
  // (mojibake_judge.cpp).
  void operator()(std::vector<Judged>& into, const std::vector<Char>& line, std::string_view text, std::size_t page, Candidate& cand,
                  UScriptCode dominant);

 private:
  static constexpr std::size_t kMaxEntries = 4096, kWindow = 1024;
  char32_t key_[40];  // (a buffer: built for every candidate)
  std::unordered_map<std::u32string, Judged, MemoKeyHash, std::equal_to<>> memo_;
  std::size_t looked_ = 0, found_ = 0, skip_ = 0;
};

// A page's runs of a line, judged and settled (mojibake_judge.cpp).
double margin_for(std::string_view page);
UScriptCode dominant_script(const std::vector<Char>& line);
std::size_t count_chars(std::string_view utf8);
double against_correct_text(const std::vector<Char>& line, const std::vector<Judged>& judged, const Judged& span);
void agree_on_depth(std::vector<Judged>& judged);
bool lone_symbols_on_plain_line(const std::vector<Char>& line, const std::vector<Judged>& judged);
void settle_with_line_evidence(std::vector<Judged>& judged, const std::vector<Char>& line);
bool mixes_scripts(std::string_view reading);
bool covers_line(const std::vector<Char>& line, const CodePage& page,
                 const std::vector<std::pair<std::size_t, std::size_t>>& runs);
const std::string& reading_of(const Judged& j);
bool settle_double_byte_line(std::vector<Judged>& judged);

}  // namespace kempt::mojibake::finder
