// The CV converter's vocabulary: data/cv_words.yaml, checked and lower-cased at
// build time (tools/gen_cv_words.cpp), so a run pays only for building its sets.
#include "cv/cv_internal.hpp"

namespace kempt::cv::detail {

Vocabulary baked_vocabulary();  // generated/cv_words.cpp

const Vocabulary& vocabulary() {
  static const Vocabulary v = baked_vocabulary();
  return v;
}

}  // namespace kempt::cv::detail
