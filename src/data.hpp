#pragma once
// Catalogues from data/, embedded at build time (see src/data.cpp.in; data/cv_words.yaml is
// compiled into lists by tools/gen_cv_words.cpp, data/templates.yaml into constant data by
// tools/gen_placeholder_catalogue.cpp).
#include <string_view>

namespace kempt::data {

/// data/emoji_prior.tsv: emoji<TAB>tier<TAB>context words, '#' comments.
extern const std::string_view kEmojiPrior;

/// data/html_reference_names.txt: HTML's character reference names, one a line in
/// byte order, '#' comments.
extern const std::string_view kHtmlReferenceNames;

}  // namespace kempt::data
