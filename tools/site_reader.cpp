// kempt_site_reader: reads texts as the C++ readers of a site do, for
// scripts/check_sites.sh, many texts in one process:
//   yaml   the values yaml-cpp reads, as one canonical line
//   toml   the values toml++ reads, as JSON
//   cmark  the HTML cmark-gfm renders, with GitHub's extensions (table, strikethrough,
//          autolink, tagfilter) and raw HTML kept (so changes inside it show)
//
// stdin, repeated:   KIND LABEL BYTES\n<BYTES bytes>        (LABEL without spaces)
// stdout, repeated:  LABEL ok|error BYTES\n<BYTES bytes>\n  (the result, or the error)
//
// yaml-cpp resolves no types: a scalar's value is its text, so the canonical form
// compares texts, structure and key order (Ruby's Psych, in the same script, compares
// typed values). Explicit tags (`!!str`) are part of the value.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <toml++/toml.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      static const char* hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

void write_yaml(const YAML::Node& node, std::string& out) {
  const std::string& tag = node.Tag();
  if (!tag.empty() && tag != "?" && tag != "!") out += "!<" + tag + ">";
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: out += "~"; break;
    case YAML::NodeType::Scalar: out += quoted(node.Scalar()); break;
    case YAML::NodeType::Sequence: {
      out += '[';
      bool first = true;
      for (const YAML::Node& item : node) {
        if (!first) out += ',';
        first = false;
        write_yaml(item, out);
      }
      out += ']';
      break;
    }
    case YAML::NodeType::Map: {
      out += '{';
      bool first = true;
      for (const auto& kv : node) {
        if (!first) out += ',';
        first = false;
        write_yaml(kv.first, out);
        out += ':';
        write_yaml(kv.second, out);
      }
      out += '}';
      break;
    }
  }
}

std::string yaml_values(const std::string& text) {
  std::string out;
  write_yaml(YAML::Load(text), out);
  return out;
}

std::string toml_values(const std::string& text) {
  const toml::table table = toml::parse(text);
  std::ostringstream json;
  json << toml::json_formatter{table};
  return json.str();
}

std::string cmark_html(const std::string& text) {
  cmark_gfm_core_extensions_ensure_registered();
  const int options = CMARK_OPT_UNSAFE;
  std::unique_ptr<cmark_parser, void (*)(cmark_parser*)> parser(cmark_parser_new(options), cmark_parser_free);
  for (const char* name : {"table", "strikethrough", "autolink", "tagfilter"}) {
    cmark_syntax_extension* ext = cmark_find_syntax_extension(name);
    if (!ext) throw std::runtime_error(std::string("cmark-gfm has no extension ") + name);
    cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  cmark_parser_feed(parser.get(), text.data(), text.size());
  std::unique_ptr<cmark_node, void (*)(cmark_node*)> root(cmark_parser_finish(parser.get()), cmark_node_free);
  char* html = cmark_render_html(root.get(), options, cmark_parser_get_syntax_extensions(parser.get()));
  std::string out(html);
  std::free(html);
  return out;
}

std::string read_as(const std::string& kind, const std::string& text) {
  if (kind == "yaml") return yaml_values(text);
  if (kind == "toml") return toml_values(text);
  if (kind == "cmark") return cmark_html(text);
  throw std::runtime_error("unknown kind " + kind);
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string kind, label;
  std::size_t size = 0;
  while (std::cin >> kind >> label >> size) {
    std::cin.get();  // the newline after the header
    std::string text(size, '\0');
    std::cin.read(text.data(), static_cast<std::streamsize>(size));
    std::string state = "ok", result;
    try {
      result = read_as(kind, text);
    } catch (const std::exception& e) {
      state = "error", result = e.what();
    }
    std::cout << label << ' ' << state << ' ' << result.size() << '\n' << result << '\n';
  }
  return 0;
}
