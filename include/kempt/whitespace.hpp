#pragma once
/// Pass `whitespace`: trailing spaces and tabs, mixed line endings, the final newline.
/// Leaves alone what whitespace means something in: Markdown hard breaks, code
/// blocks, <pre>, Liquid highlight blocks, YAML block scalars, TOML multi-line strings.

#include <memory>

#include "kempt/pass.hpp"

namespace kempt {

std::unique_ptr<Pass> make_whitespace_pass();

}  // namespace kempt
