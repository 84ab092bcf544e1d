// PDF input: poppler's physical layout text (what `pdftotext -layout` prints, so
// columns and right-aligned dates keep their gaps) with the link targets
// pdftotext drops put back as Markdown links on their anchor text.
#include <glib.h>
#include <poppler.h>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "cv/cv_internal.hpp"

namespace kempt::cv {

namespace {

struct Link {
  double x1, y1, x2, y2;  // top-left origin, points
  std::string uri;
};

// URI links of every page, through poppler-glib (poppler-cpp has no link API).
std::vector<std::vector<Link>> page_links(const std::string& path) {
  std::vector<std::vector<Link>> out;
  GError* err = nullptr;
  gchar* uri = g_filename_to_uri(std::filesystem::absolute(path).c_str(), nullptr, &err);
  if (!uri) {
    if (err) g_error_free(err);
    return out;
  }
  PopplerDocument* doc = poppler_document_new_from_file(uri, nullptr, &err);
  g_free(uri);
  if (!doc) {
    if (err) g_error_free(err);
    return out;
  }
  const int n = poppler_document_get_n_pages(doc);
  for (int p = 0; p < n; ++p) {
    out.emplace_back();
    PopplerPage* page = poppler_document_get_page(doc, p);
    if (!page) continue;
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    GList* links = poppler_page_get_link_mapping(page);
    for (GList* l = links; l; l = l->next) {
      auto* m = static_cast<PopplerLinkMapping*>(l->data);
      if (m->action && m->action->type == POPPLER_ACTION_URI && m->action->uri.uri)
        out.back().push_back({m->area.x1, h - m->area.y2, m->area.x2, h - m->area.y1, m->action->uri.uri});
    }
    poppler_page_free_link_mapping(links);
    g_object_unref(page);
  }
  g_object_unref(doc);
  return out;
}

std::string utf8(const poppler::ustring& s) {
  const auto bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// The words of the page under a link's rectangle, as they read.
std::string anchor_text(const std::vector<poppler::text_box>& boxes, const Link& link) {
  std::string out;
  for (const auto& b : boxes) {
    const auto r = b.bbox();
    const double cx = r.x() + r.width() / 2, cy = r.y() + r.height() / 2;
    if (cx < link.x1 - 1 || cx > link.x2 + 1 || cy < link.y1 - 1 || cy > link.y2 + 1) continue;
    out += (out.empty() ? "" : " ") + utf8(b.text());
  }
  return out;
}

// "[anchor](uri)" in place of the anchor's first plain occurrence on the page.
void link_anchor(std::string& text, const std::string& anchor, const std::string& uri) {
  if (anchor.empty() || anchor == uri || uri.find(' ') != std::string::npos || uri.find(')') != std::string::npos)
    return;
  if (uri.rfind("http", 0) != 0 && uri.rfind("mailto:", 0) != 0) return;
  if (anchor.find('[') != std::string::npos || anchor.find(']') != std::string::npos) return;
  if (anchor.find('@') != std::string::npos || anchor.rfind("http", 0) == 0 || anchor.rfind("www.", 0) == 0) return;
  for (std::size_t p = text.find(anchor); p != std::string::npos; p = text.find(anchor, p + 1)) {
    const bool left = p == 0 || text[p - 1] == ' ' || text[p - 1] == '\n' || text[p - 1] == '(';
    if (!left || (p > 0 && text[p - 1] == '[')) continue;
    text.replace(p, anchor.size(), "[" + anchor + "](" + uri + ")");
    return;
  }
}

}  // namespace

bool pdf_supported() { return true; }

Result convert_pdf(const std::string& path, const Options& options) {
  // poppler's complaints about fonts go to stderr otherwise; the text is what matters
  poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (!doc || doc->is_locked()) throw std::runtime_error(path + ": not a readable PDF");
  const auto links = page_links(path);
  std::string text;
  for (int p = 0; p < doc->pages(); ++p) {
    std::unique_ptr<poppler::page> page(doc->create_page(p));
    if (!page) continue;
    std::string t = utf8(page->text(poppler::rectf(), poppler::page::physical_layout));
    if (p < static_cast<int>(links.size()) && !links[p].empty()) {
      const auto boxes = page->text_list();
      for (const auto& l : links[p]) link_anchor(t, anchor_text(boxes, l), l.uri);
    }
    text += t;
    if (text.empty() || text.back() != '\f') text += '\f';
  }
  return convert_text(text, options);
}

}  // namespace kempt::cv
