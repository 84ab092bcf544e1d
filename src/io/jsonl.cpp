// `kempt fix --jsonl`: records of path + content in, fixed content + findings out,
// one line each, so that kempt is a filter a cluster's workers can pipe pages through.
#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>
#include <optional>

#include "kempt/document.hpp"
#include "kempt/stream.hpp"
#include "../report/json.hpp"

namespace kempt {
namespace {

using nlohmann::json;

constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                   static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                   static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kBase64[(n >> shift) & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += rest == 2 ? kBase64[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// RFC 4648 base64 (the standard alphabet; the closing '=' may be left out); none
// when `text` is not base64.
std::optional<std::string> base64_decode(std::string_view text) {
  static const std::array<int, 256> value = [] {
    std::array<int, 256> v{};
    v.fill(-1);
    for (std::size_t i = 0; i < kBase64.size(); ++i) v[static_cast<unsigned char>(kBase64[i])] = static_cast<int>(i);
    return v;
  }();
  while (!text.empty() && text.back() == '=' && text.size() % 4 != 1) text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : text) {
    const int v = value[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    bits = bits << 6 | static_cast<std::uint32_t>(v);
    if (++count == 4) {
      out += static_cast<char>(bits >> 16 & 0xFF);
      out += static_cast<char>(bits >> 8 & 0xFF);
      out += static_cast<char>(bits & 0xFF);
      bits = 0, count = 0;
    }
  }
  if (count == 2) out += static_cast<char>(bits >> 4 & 0xFF);
  if (count == 3) out += static_cast<char>(bits >> 10 & 0xFF), out += static_cast<char>(bits >> 2 & 0xFF);
  return out;
}

// A record kempt could not take: what was wrong, and the path when it had one.
std::string error_answer(std::size_t line_no, const std::string& why, const json* path, JsonlFixTotals& totals) {
  ++totals.failed;
  json answer = {{"line", line_no}, {"status", "failed"}, {"error", why}};
  if (path) answer["path"] = *path;
  return answer.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string fix_jsonl_record(std::string_view line, std::size_t line_no, const Pipeline& pipeline,
                             const JsonlFixOptions& options, JsonlFixTotals& totals) {
  ++totals.records;
  json record;
  try {
    record = json::parse(line);
  } catch (const json::parse_error& e) {
    return error_answer(line_no, fmt::format("line {}: not JSON ({})", line_no, e.what()), nullptr, totals);
  }
  if (!record.is_object())
    return error_answer(line_no, fmt::format("line {}: not a JSON object", line_no), nullptr, totals);
  const auto path = record.find("path");
  if (path == record.end() || !path->is_string() || path->get_ref<const std::string&>().empty())
    return error_answer(line_no, fmt::format("line {}: no \"path\" (a non-empty string)", line_no), nullptr, totals);
  const auto content = record.find("content"), content_base64 = record.find("content_base64");
  const bool as_text = content != record.end();
  if (as_text == (content_base64 != record.end()))
    return error_answer(line_no, fmt::format("line {}: give one of \"content\" and \"content_base64\"", line_no), &*path, totals);
  const json& given = as_text ? *content : *content_base64;
  if (!given.is_string())
    return error_answer(line_no, fmt::format("line {}: \"{}\" is not a string", line_no, as_text ? "content" : "content_base64"),
                        &*path, totals);
  std::optional<std::string> bytes =
      as_text ? std::optional<std::string>(given.get<std::string>()) : base64_decode(given.get_ref<const std::string&>());
  if (!bytes) return error_answer(line_no, fmt::format("line {}: \"content_base64\" is not base64", line_no), &*path, totals);

  // The same as `kempt fix` on a file at that path: its kind from its extension, its
  // settings from the folders above it (no site: a record has no site to vote with).
  const std::string& name = path->get_ref<const std::string&>();
  const FileTask task{name, kind_from_extension(name), {}};
  BatchOptions batch;
  batch.configs = options.configs;
  FileReport report;
  try {
    report = process_bytes(task, *bytes, pipeline, batch);
  } catch (const std::exception& e) {  // a `.kempt.yaml` above the path that does not parse
    return error_answer(line_no, fmt::format("line {}: {}", line_no, e.what()), &*path, totals);
  }
  const bool changed = report.status == FileReport::Status::changed;
  if (changed) ++totals.changed;
  if (report.status == FileReport::Status::failed) ++totals.failed;
  json findings = json::array();
  // The answer's content is the fixed text: a fixable finding is fixed in it (not under --check).
  const bool delivered = changed && !options.check;
  for (const Finding& f : report.findings) {
    findings.push_back(detail::finding_json(f, delivered));
    if (f.severity != Severity::note) ++totals.findings_per_pass[std::string(f.pass())];
  }
  json answer = {{"path", *path},         {"status", to_string(report.status)}, {"changed", changed},
                 {"encoding", report.encoding}, {"findings", std::move(findings)}};
  if (!options.check) {
    const std::string& text = changed ? report.after : *bytes;
    // Content comes back under the key it came in; text that is no UTF-8 (a legacy page
    // left as it is came as base64) cannot be a JSON string and never comes back as one.
    if (as_text && is_valid_utf8(text)) answer["content"] = text;
    else answer["content_base64"] = base64_encode(text);
  }
  return answer.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool fix_jsonl(int fd, std::ostream& out, const Pipeline& pipeline, const JsonlFixOptions& options,
               JsonlFixTotals& totals) {
  LineReader reader(fd);
  std::string_view line;
  while (reader.next(line)) {
    out << fix_jsonl_record(line, reader.line_number(), pipeline, options, totals) << '\n';
    out.flush();  // the other end may wait for this answer before it sends the next record
    if (!out) return false;
  }
  return true;
}

}  // namespace kempt
