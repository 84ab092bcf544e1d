#pragma once
// Catalogues from data/, embedded at build time (see src/data.cpp.in).
#include <string_view>

namespace kempt::data {

/// data/emoji_prior.tsv: emoji<TAB>tier<TAB>context words, '#' comments.
extern const std::string_view kEmojiPrior;

/// data/templates.yaml: the placeholder catalogue (templates and their fingerprints).
extern const std::string_view kTemplates;

/// data/cv_words.yaml: the vocabulary of `kempt cv` (section, date, role words; bullets).
extern const std::string_view kCvWords;

}  // namespace kempt::data
