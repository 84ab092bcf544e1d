// kempt cv on seed 003 (another extractor's output: tabs, <i> tags, table rules)
// and on small cases for each rule.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <yaml-cpp/yaml.h>

#include "../src/cv/cv_internal.hpp"
#include "kempt/cv.hpp"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Word tokens as score_cv.py counts them (letters and digits, case folded): a multiset.
std::map<std::string, int> words(const std::string& s) {
  std::map<std::string, int> out;
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  icu::UnicodeString w;
  auto flush = [&] {
    std::string word;
    w.toLower().toUTF8String(word);
    if (w.length() >= 2 || (w.length() == 1 && u_isdigit(w.char32At(0)))) ++out[word];
    w.remove();
  };
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_isalnum(c)) w.append(c);
    else flush();
  }
  flush();
  return out;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// Markdown with its wrapped lines joined back ("\n  " continuation → " ").
std::string unwrapped(std::string s) {
  for (std::size_t p = s.find("\n  "); p != std::string::npos; p = s.find("\n  ", p)) s.replace(p, 3, " ");
  return s;
}

std::string md(const std::string& text, const std::string& owner = "") {
  return kempt::cv::convert_text(text, {.owner = owner}).markdown;
}

}  // namespace

TEST_CASE("seed 003: seven sections in order and one item per publication", "[cv]") {
  const std::string in = read(fs::path(KEMPT_SOURCE_DIR) / "fixtures/cv/seed003.txt");
  const auto r = kempt::cv::convert_text(in);
  const auto lines = lines_of(r.markdown);
  std::vector<std::string> headings;
  for (const auto& l : lines)
    if (l.rfind("## ", 0) == 0) headings.push_back(l.substr(3));
  CHECK(headings == std::vector<std::string>{"Education", "Experiences", "Publications", "Activities",
                                             "Teaching & Tutoring", "Honors & Awards", "Skills"});
  CHECK(lines.front() == "# HAO WANG");

  std::vector<std::string> pubs;  // publication items, continuation lines joined
  bool in_pubs = false;
  for (const auto& l : lines) {
    if (l.rfind("## ", 0) == 0) in_pubs = l == "## Publications";
    else if (in_pubs && l.rfind("- ", 0) == 0) pubs.push_back(l);
    else if (in_pubs && l.rfind("  ", 0) == 0 && !pubs.empty()) pubs.back() += " " + l.substr(2);
  }
  REQUIRE(pubs.size() == 10);
  for (const auto& p : pubs) CHECK(p.find("**Hao Wang**") != std::string::npos);
  CHECK(pubs[0].find("Towards Domain-Specific Network Transport") != std::string::npos);
  CHECK(pubs[0].find("NSDI 2024") != std::string::npos);
  CHECK(pubs[2].find("ICNP 2023") != std::string::npos);

  CHECK(r.markdown.find("|--") == std::string::npos);
  CHECK(r.markdown.find("| |") == std::string::npos);
  CHECK(r.markdown.find("<i>") == std::string::npos);
  CHECK(r.markdown.find('\t') == std::string::npos);
  CHECK(r.markdown.find("- **Languages:** Mandarin, English") != std::string::npos);
  // Education and Experiences have bullets under their entries, but some entry's
  // heading would run past 80 columns (markdownlint MD013): those sections stay
  // lists, each entry's bullets nested under it, its dates with it
  CHECK(r.markdown.find("\n- BSc in Computer Science, Peking University — 2015.9 - 2019.7\n"
                        "  - Awarded outstanding graduate.\n") != std::string::npos);
  CHECK(r.markdown.find("\n- Research Intern in Naturali (an AI Startup Corporation) — 2018.1 - 2018.6,\n"
                        "  Beijing\n"
                        "  - Reproduce and test latest NLP research work.\n") != std::string::npos);
  for (const auto& l : lines) CHECK(l.size() <= 80 + std::count(l.begin(), l.end(), '\xe2') * 2);
  CHECK(r.markdown.find("- TA, HKUST COMP 5621 – Computer Networks — Fall 2021\n") != std::string::npos);
  CHECK(r.removed.size() == 6);  // the three pairs of table rules

  const auto in_words = words(in), out_words = words(r.markdown);
  for (const auto& [w, n] : in_words) {
    INFO(w);
    CHECK(out_words.count(w) == 1);
    if (out_words.count(w)) CHECK(out_words.at(w) >= n);
  }
}

TEST_CASE("cv headings: spaced letters and split small caps and other languages", "[cv]") {
  CHECK(md("Jane Roe\n\nE D U C A T I O N\n\nBSc, Somewhere 2010\n").find("\n## Education\n") != std::string::npos);
  CHECK(md("Jane Roe\n\nC ONTACT I NFORMATION\n\nSomewhere\n").find("\n## Contact Information\n") != std::string::npos);
  CHECK(md("Jane Roe\n\nFORMATION\n\nMaster, Paris 2010\n").find("\n## Formation\n") != std::string::npos);
  CHECK(md("Jane Roe\n\nEmployment History\n\nLecturer, X 2010\n").find("\n## Employment History\n") != std::string::npos);
  CHECK(md("Jane Roe\n\nKAIST\n\nLecturer\n").find("## KAIST") == std::string::npos);
}

TEST_CASE("cv headings: section words of French, Spanish, Portuguese and German CVs", "[cv]") {
  CHECK(md("Jeanne Roe\n\nDiplômes\n\nMaster, Paris 2010\n").find("\n## Diplômes\n") != std::string::npos);
  CHECK(md("Jeanne Roe\n\nAutres activités\n\nChorale, Paris\n").find("\n## Autres activités\n") != std::string::npos);
  CHECK(md("Juana Roe\n\nCURSOS\n\nPython, Coursera 2019\n").find("\n## Cursos\n") != std::string::npos);
  CHECK(md("Joana Roe\n\nProdução Bibliográfica\n\nRoe, J. Um artigo. 2020\n").find("\n## Produção Bibliográfica\n") !=
        std::string::npos);
  CHECK(md("Joana Roe\n\nCertificados & Prêmios\n\nMelhor artigo, 2020\n").find("\n## Certificados & Prêmios\n") !=
        std::string::npos);
  CHECK(md("Johanna Roe\n\nArbeitserfahrung\n\nIngenieurin, Berlin 2019\n").find("\n## Arbeitserfahrung\n") !=
        std::string::npos);
  // a job title with the word is an entry, not a section: "Poste d’ingénieur" is no "Poste actuel"
  CHECK(md("Jeanne Roe\n\nPoste actuel\n\nPoste d’ingénieur\nParis 2019\n").find("\n## Poste d") == std::string::npos);
}

TEST_CASE("cv headings: a Word list's numbered section keeps its number", "[cv]") {
  const std::string plain = md("Juan Roe\n\n1. Experiencia Laboral\n\nAnalista de datos, Santiago 2019\n");
  CHECK(plain.find("\n## 1. Experiencia Laboral\n") != std::string::npos);
  const std::string layout = md("Juan Roe\n\n     1.   Experiencia Laboral\n\n     Analista de datos, Santiago\n");
  CHECK(layout.find("\n## 1. Experiencia Laboral\n") != std::string::npos);
  // a numbered publication or a year is no section
  CHECK(md("Juan Roe\n\nPUBLICATIONS\n\n1. Roe, J. Deep learning. 2020\n").find("## 1.") == std::string::npos);
  CHECK(md("Juan Roe\n\n2019. Research Experience\n\nX\n").find("## 2019") == std::string::npos);
}

TEST_CASE("cv headings: Title Case labels in the left margin of -layout text", "[cv]") {
  const std::string in =
      "Jane Roe\n"
      "Contact       jane@example.org\n"
      "Information   github.com/janeroe\n"
      "              Example University, Widget Hall\n"
      "\n"
      "Research      I study widgets and how the\n"
      "Summary       widgets fail in practice.\n"
      "              They fail often.\n"
      "\n"
      "Education     PhD in Widgetry, Example University                    2020\n"
      "              Thesis: On Widgets\n";
  const std::string out = md(in);
  CHECK(out.find("\n## Contact Information\n") != std::string::npos);
  CHECK(out.find("\n## Research Summary\n") != std::string::npos);
  CHECK(out.find("I study widgets and how the widgets fail in practice.") != std::string::npos);
  CHECK(out.find("\n## Education\n") != std::string::npos);
  CHECK(out.find("## Information") == std::string::npos);
  // a two-column page: the left column's heading with the other column far off is not a margin label
  const std::string two = md("Jane Roe\n\nEXPERIENCE\n\nLecturer, Example University 2020\n"
                             "Field Experience                                                  Sports\n"
                             "Surveyed widgets in the field                                     Basketball\n");
  CHECK(two.find("## Field Experience") == std::string::npos);
}

// The word lists are data (data/cv_words.yaml, embedded at build time): every
// section word of the file, in every language, makes a heading; its date and
// publication words do their part too.
TEST_CASE("cv words come from data/cv_words.yaml", "[cv]") {
  const YAML::Node words = YAML::LoadFile((fs::path(KEMPT_SOURCE_DIR) / "data/cv_words.yaml").string());
  int n = 0;
  for (const auto& lang : words["section_words"]) {
    for (const auto& w : lang.second) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(w.as<std::string>()), caps = u, title = u;
      caps.toUpper();
      title.replace(0, 1, icu::UnicodeString(u_toupper(u.char32At(0))));
      std::string c, t;
      caps.toUTF8String(c);
      title.toUTF8String(t);
      INFO(lang.first.as<std::string>() << ": " << c);
      CHECK(md("Jane Roe\n\n" + c + "\n\nSomewhere, 2010\n").find("\n## " + t + "\n") != std::string::npos);
      ++n;
    }
  }
  CHECK(n > 100);
  CHECK(md("Jane Roe\n\nBERUFSERFAHRUNG\n\nDozentin, Uni Wien 2019 – heute\n")
            .find("\n## Berufserfahrung\n\n- Dozentin, Uni Wien — 2019 – heute\n") != std::string::npos);
  CHECK(md("Jane Roe\n\nPUBBLICAZIONI\n\nJ. Roe and A. Bianchi, Un articolo, 2020\n")
            .find("- **J. Roe** and A. Bianchi") != std::string::npos);
}

TEST_CASE("cv furniture: page numbers and running headers out and listed", "[cv]") {
  const std::string in = "Jane Roe\nEDUCATION\nBSc, Somewhere 2010\nJane Roe - CV\n1 of 2\n\fJane Roe - CV\nSKILLS\nPython\n2 of 2\n\f";
  const auto r = kempt::cv::convert_text(in);
  CHECK(r.markdown.find("of 2") == std::string::npos);
  // page 1's copy is its footer and page 2's its header: neither is the name atop page 1
  CHECK(r.markdown.find("Jane Roe - CV") == std::string::npos);
  CHECK(r.markdown.rfind("# Jane Roe\n", 0) == 0);
  int pages = 0, headers = 0;
  for (const auto& x : r.removed) {
    pages += x.why == "page number";
    headers += x.why == "running header";
  }
  CHECK(pages == 2);
  CHECK(headers == 2);
}

TEST_CASE("cv text repairs: hyphenation and ligatures and NFC and icon glyphs", "[cv]") {
  const std::string out = md("Jane Roe\n\nEXPERIENCE\n\nResearch at Univer-\nsity on communication-\nefficient learning with e\xef\xac\x83\x63ient Ko\xcc\x88nig \xef\x82\x95 methods\n");
  CHECK(out.find("at University on") != std::string::npos);
  CHECK(out.find("communication-efficient learning") != std::string::npos);  // a compound keeps its hyphen
  CHECK(out.find("efficient") != std::string::npos);
  CHECK(out.find("K\xc3\xb6nig") != std::string::npos);
  CHECK(out.find("\xef\x82\x95") == std::string::npos);
}

// Line-break hyphens: the CV's own words, then the system word list (wamerican),
// then the parts' shape decide whether the hyphen goes.
TEST_CASE("cv hyphenation: the CV's words and the word list decide", "[cv]") {
  const std::string out = unwrapped(md(
      "Jane Roe\n\nRESEARCH\n\n"
      "Quan-\ntitative methods for Hamilto-\nnian systems with an AI-\nagent, by reaction-\ndiffusion.\n\n"
      "Work with S. Halap-\npanavar on long-\nterm plans (Halappanavar and I; a long-term grant).\n\n"
      "A Congestion-\nAware planner.\n"));
  CHECK(out.find("Quantitative methods for Hamiltonian systems") != std::string::npos);  // the word list
  CHECK(out.find("an AI-agent") != std::string::npos);                                   // an acronym's compound
  CHECK(out.find("by reaction-diffusion.") != std::string::npos);                        // two words: kept
  CHECK(out.find("S. Halappanavar on long-term plans") != std::string::npos);            // the CV writes both so
  CHECK(out.find("A Congestion-Aware planner.") != std::string::npos);                   // a capital after the break
  // a publication's title wrapped over lines is one title
  const std::string pub = unwrapped(md("Jane Roe\n\nPUBLICATIONS\n\n[1] J. Roe. “Learning from Demonstra-\n"
                                  "tion with Little Effort”. In: Robotics Letters (2020).\n"));
  CHECK(pub.find("Learning from Demonstration with Little Effort") != std::string::npos);
}

TEST_CASE("cv small caps that extract a capital I as 'i'", "[cv]") {
  const std::string out = md("Jane Roe\nRESEARCH SCiENTiST CANDiDATE | FORMAL METHODS, VERiFiCATiON\n\n"
                             "EXPERIENCE\n\nOrganiser, NEEEiL IT at CEiiA, Porto 2019\n");
  CHECK(out.find("RESEARCH SCIENTIST CANDIDATE · FORMAL METHODS, VERIFICATION") != std::string::npos);
  CHECK(out.find("## Research Scientist") == std::string::npos);  // a list of items is no heading
  CHECK(out.find("NEEEiL IT at CEiiA") != std::string::npos);     // one such word alone may be a name
}

TEST_CASE("cv dates: a column of dates pairs with the entries that follow", "[cv]") {
  const std::string out = md("Jane Roe\n\nEDUCATION\n2020\n2015\n\nPhD in Economics, Michigan\nBA in Economics, Peking\n");
  CHECK(out.find("- PhD in Economics, Michigan — 2020") != std::string::npos);
  CHECK(out.find("- BA in Economics, Peking — 2015") != std::string::npos);
}

TEST_CASE("cv wrapping: a long link text wraps inside the link, its URL never", "[cv]") {
  const std::string title = "A Very Long Paper Title About Widgets That Goes On And On Past Eighty Columns Easily";
  const std::string out = md("Jane Roe\n\nPUBLICATIONS\n\n[" + title + "](https://example.org/papers/widgets.pdf), 2023\n");
  for (const auto& l : lines_of(out)) {
    const bool only_url = l.find(' ', l.find_first_not_of(' ')) == std::string::npos;
    CHECK((l.size() <= 80 || only_url));
  }
  CHECK(out.find("](https://example.org/papers/widgets.pdf), 2023") != std::string::npos);
  CHECK(out.find("- [A Very Long Paper Title") != std::string::npos);
}

// Entries with bullets under them become ### headings carrying their dates, the
// bullets a list under each; a section whose entries have none stays a list.
TEST_CASE("cv entries with sub-bullets are ### headings, others list items", "[cv]") {
  const std::string out = md(
      "Jane Roe\n\nEXPERIENCE\n\n"
      "Research Assistant, Example University\tSep 2019 – Jun 2024\n"
      "• Built a particle tracker.\n"
      "• Taught two lab courses.\n"
      "Intern, Acme Labs\tSummer 2018\n\n"
      "PUBLICATIONS\n\n"
      "J. Roe and A. Smith. A first paper. Journal A, 2020.\n\n"
      "J. Roe. A second paper. Journal B, 2021.\n");
  CHECK(out.find("## Experience\n\n"
                 "### Research Assistant, Example University — Sep 2019 – Jun 2024\n\n"
                 "- Built a particle tracker.\n"
                 "- Taught two lab courses.\n\n"
                 "### Intern, Acme Labs — Summer 2018\n\n"  // every entry of the section, bullets or not
                 "## Publications\n\n"
                 "- **J. Roe** and A. Smith. A first paper. Journal A, 2020.\n"
                 "- **J. Roe**. A second paper. Journal B, 2021.\n") != std::string::npos);
  CHECK(out.find("  - ") == std::string::npos);

  // no entries with bullets: a plain list
  const std::string plain = md("Jane Roe\n\nAWARDS\n\nBest Paper Award, Conf X\t2021\nTravel Grant, Conf Y\t2019\n");
  CHECK(plain.find("## Awards\n\n- Best Paper Award, Conf X — 2021\n- Travel Grant, Conf Y — 2019\n") != std::string::npos);
  CHECK(plain.find("###") == std::string::npos);

  // under a sub-heading of the section (Title Case in a caps CV) the entries are ####
  const std::string sub = md("Jane Roe\n\nEXPERIENCE\n\nVisiting Researcher, Uni Z\t2019\n• Maps\n\n"
                             "Research Positions\n\nPostdoc, Uni X\t2020 – 2022\n• Robots\n");
  CHECK(sub.find("## Experience\n\n### Visiting Researcher, Uni Z — 2019\n\n- Maps\n\n"
                 "### Research Positions\n\n#### Postdoc, Uni X — 2020 – 2022\n\n- Robots\n") != std::string::npos);
}

TEST_CASE("cv entry headings: only where markdownlint's default rules hold", "[cv]") {
  // a repeated entry would repeat a heading (markdownlint MD024): the section stays a list
  const std::string twice = md("Jane Roe\n\nTEACHING\n\nTeaching Assistant, Uni X\n• Algorithms\nTeaching Assistant, Uni X\n• Databases\n");
  CHECK(twice.find("###") == std::string::npos);
  CHECK(twice.find("- Teaching Assistant, Uni X\n  - Algorithms\n") != std::string::npos);
  // an entry named like its section
  const std::string same = md("Jane Roe\n\nRESEARCH\n\nResearch\n• Robots\n");
  CHECK(same.find("### Research") == std::string::npos);
  // an entry ending "C #" keeps its '#', escaped
  const std::string hash = md("Jane Roe\n\nPROJECTS\n\nA compiler for C #\n• Parser\nA tool for the lab\n• Scripts\n");
  CHECK(hash.find("\n### A compiler for C \\#\n") != std::string::npos);
  // one ending in a full stop (MD026) or too long for one line (MD013): the section
  // stays a list, its words unchanged
  const std::string stop = md("Jane Roe\n\nPROJECTS\n\nA compiler for C\n• Parser\nA tool for the lab.\n• Scripts\n");
  CHECK(stop.find("###") == std::string::npos);
  CHECK(stop.find("- A tool for the lab.\n  - Scripts\n") != std::string::npos);
  const std::string wide = md("Jane Roe\n\nPROJECTS\n\nA compiler\n• Parser\n"
                              "A tool for the lab that grew into a framework for every widget experiment we ran\n• Scripts\n");
  CHECK(wide.find("###") == std::string::npos);
  // a heading another section already has (MD024 looks at the whole page)
  const std::string again = md("Jane Roe\n\nEXPERIENCE\n\nIntern, Acme Labs\n• Parsers\n\n"
                               "TEACHING\n\nIntern, Acme Labs\n• Taught parsing\n");
  CHECK(again.find("## Experience\n\n### Intern, Acme Labs\n\n- Parsers\n") != std::string::npos);
  CHECK(again.find("## Teaching\n\n- Intern, Acme Labs\n  - Taught parsing\n") != std::string::npos);
}

// Plain pdftotext puts a right-aligned date on a line of its own, after what it
// dates; which one that is depends on what is around it.
TEST_CASE("cv dates on lines of their own: a bullet's, a sentence's, an open range's end", "[cv]") {
  const std::string talks = md("Jane Roe\n\nINVITED TALKS\n\nSeminar tour\t2024\n"
                               "∗ Purdue University, Daniels School\nNovember 2024\n"
                               "∗ MIT, Research Group Meeting\nJune 2024\n∗ Cornell, Theory Seminar\n");
  CHECK(talks.find("### Seminar tour — 2024\n") != std::string::npos);
  CHECK(talks.find("- Purdue University, Daniels School — November 2024\n") != std::string::npos);
  CHECK(talks.find("- MIT, Research Group Meeting — June 2024\n") != std::string::npos);
  CHECK(talks.find("- Cornell, Theory Seminar\n") != std::string::npos);
  const std::string sentence = unwrapped(md("Jane Roe\n\nTALKS\n\n• Talk on widgets, Physical Research Laboratory, Ahmedabad, India,\n"
                                  "24-28 September 2018.\n• Poster on gadgets, Hyderabad, India, 5-9 February\n2018.\n"));
  CHECK(sentence.find("Ahmedabad, India, 24-28 September 2018.") != std::string::npos);
  CHECK(sentence.find("5-9 February 2018.") != std::string::npos);
  CHECK(sentence.find("— 24-28") == std::string::npos);
  const std::string range = md("Jane Roe\n\nEDUCATION\n\n2021– PhD in Computer Science, Graz\ncurrent\n\n"
                               "2018–2019 Master in Mathematics, Barcelona\n");
  CHECK(range.find("- PhD in Computer Science, Graz — 2021–current\n") != std::string::npos);
  CHECK(range.find("- Master in Mathematics, Barcelona — 2018–2019\n") != std::string::npos);
}

// -layout: "Title<gap>dates", the place under it, the description indented under that.
TEST_CASE("cv entries: a dated title line, its place and its description are one entry", "[cv]") {
  const std::string out = md(
      "Jane Roe\n\nWORK EXPERIENCE\n"
      "Research Assistant                                                  2017-present\n"
      "Electrical and Computer Engineering at UW-Madison,\n"
      "supervised by Prof. A. Smith\n"
      "    Working on distributed optimization and\n"
      "    parallel algorithms\n"
      "\n"
      "Research Assistant                                                     2016-2017\n"
      "Visual Computing Lab, UW-Madison                                    Madison, WI\n"
      "\n"
      "2014-2015     Lab Intern, Widget Institute\n"
      "              Characterised the widget yield of three production lines over a year.\n");
  CHECK(out.find("- **Research Assistant**, Electrical and Computer Engineering at UW-Madison,\n"
                 "  supervised by Prof. A. Smith — 2017-present\n"
                 "  - Working on distributed optimization and parallel algorithms\n") != std::string::npos);
  CHECK(out.find("- **Research Assistant**, Visual Computing Lab, UW-Madison, Madison, WI —\n  2016-2017\n") !=
        std::string::npos);
  // a sentence under the title line is its description, not its place
  CHECK(out.find("- Lab Intern, Widget Institute — 2014-2015\n"
                 "  - Characterised the widget yield of three production lines over a year.\n") != std::string::npos);
}

TEST_CASE("cv dates at a line's end: the whole date, and never out of a sentence", "[cv]") {
  const std::string out = md("Jane Roe\n\nEDUCATION\n\nM.S. in Applied Mathematics Sept 2011 - July 2014\n\n"
                             "TEACHING\n\nLab tutor in the Astrophysics course in 2017-18.\n\n"
                             "Founder of a community for PhDs (since 2022, several thousand members)\n\n"
                             "Prior to the Role (Before August 2023)\n");
  CHECK(out.find("- M.S. in Applied Mathematics — Sept 2011 - July 2014\n") != std::string::npos);
  CHECK(out.find("- Lab tutor in the Astrophysics course in 2017-18.\n") != std::string::npos);
  CHECK(unwrapped(out).find("PhDs (since 2022, several thousand members)\n") != std::string::npos);
  CHECK(out.find("- Prior to the Role (Before August 2023)\n") != std::string::npos);
}

// The name is the page's title: in the front matter, not a "# " heading under it
// (markdownlint MD025 counts a front matter title as the first top-level heading).
TEST_CASE("cv front matter for academicpages", "[cv]") {
  const auto r = kempt::cv::convert_text("Jane \"JR\" Roe\n\nSKILLS\n\nPython\n", {.front_matter = true});
  CHECK(r.markdown.rfind("---\nlayout: archive\ntitle: \"Jane \\\"JR\\\" Roe\"\npermalink: /cv/\nauthor_profile: true\n---\n\n", 0) == 0);
  CHECK(r.markdown.find("\n# ") == std::string::npos);
  CHECK(r.markdown.find("## Skills\n\n- Python\n") != std::string::npos);
  // without front matter the name is the # heading
  CHECK(md("Jane Roe\n\nSKILLS\n\nPython\n").rfind("# Jane Roe\n\n## Skills\n", 0) == 0);
}

// A surname set in capitals on the name line (a French habit) is written in lower
// case letters where the publications name the owner.
TEST_CASE("cv owner forms: a surname in capitals on the name line", "[cv]") {
  const std::string a = unwrapped(md("Thea DURAND\n\nPUBLICATIONS\n\n"
                                     "T. F. Durand, B. Smith. Widgets. Journal A, 2020.\n\n"
                                     "B. Smith, T. Durand. Gadgets. Journal B, 2021.\n"));
  CHECK(a.rfind("# Thea DURAND\n", 0) == 0);
  CHECK(a.find("- **T. F. Durand**, B. Smith. Widgets.") != std::string::npos);
  CHECK(a.find("- B. Smith, **T. Durand**. Gadgets.") != std::string::npos);
  CHECK(kempt::cv::detail::owner_from_name("Thea DURAND") == "Thea Durand");
  CHECK(kempt::cv::detail::owner_from_name("JANE A. ROE") == "Jane A. Roe");
  CHECK(kempt::cv::detail::owner_from_name("Jane Roe") == "Jane Roe");
}

// The owner in bold in every form publication lists write names in, the whole
// form and never part of it.
TEST_CASE("cv owner forms: initials, surname first, degrees, accents", "[cv]") {
  // the name line's degree and middle initial
  const std::string a = unwrapped(md("A. M. Roe, PhD\n\nPUBLICATIONS\n\n"
                                     "A. M. Roe and B. Smith. Widgets. Journal A, 2020.\n\n"
                                     "Smith, B. and Roe, A. M. Gadgets. Journal B, 2021.\n\n"
                                     "Roe AM, Smith B. Gizmos. Journal C, 2022.\n\n"
                                     "Smith, B. and A. Roe. Sprockets. Journal D, 2023.\n"));
  CHECK(a.rfind("# A. M. Roe, PhD\n", 0) == 0);
  CHECK(a.find("- **A. M. Roe** and B. Smith. Widgets.") != std::string::npos);
  CHECK(a.find("- Smith, B. and **Roe, A. M.** Gadgets.") != std::string::npos);
  CHECK(a.find("- **Roe AM**, Smith B. Gizmos.") != std::string::npos);
  CHECK(a.find("- Smith, B. and **A. Roe**. Sprockets.") != std::string::npos);
  // "Name, A." and "A. N. Name" from a full name with a middle name; never half a name
  const std::string b = unwrapped(md("Jane Ann Roe\n\nPUBLICATIONS\n\n"
                                     "Roe, J., Smith, B. Widgets. Journal A, 2020.\n\n"
                                     "Smith, B., J. A. Roe. Gadgets. Journal B, 2021.\n\n"
                                     "Smith, B., Roe, J. A. Gizmos. Journal C, 2022.\n\n"
                                     "Roe, J.K., Smith, B. Not hers. Journal D, 2023.\n\n"
                                     "Smith.B, Roe.J, Widgets again. Journal E, 2024.\n"));
  CHECK(b.find("- **Roe, J.**, Smith, B. Widgets.") != std::string::npos);
  CHECK(b.find("- Smith, B., **J. A. Roe**. Gadgets.") != std::string::npos);
  CHECK(b.find("- Smith, B., **Roe, J. A.** Gizmos.") != std::string::npos);
  CHECK(b.find("- Roe, J.K., Smith, B. Not hers.") != std::string::npos);
  CHECK(b.find("- Smith.B, **Roe.J**, Widgets again.") != std::string::npos);
  // accents folded for matching; a double surname bolded whole
  const std::string c = unwrapped(md("Juan Pérez\n\nPUBLICATIONS\n\n"
                                     "Smith, B. and J. Perez. Widgets. Journal A, 2020.\n\n"
                                     "Pérez Pérez, J., Smith, B. Gadgets. Journal B, 2021.\n"));
  CHECK(c.find("- Smith, B. and **J. Perez**. Widgets.") != std::string::npos);
  CHECK(c.find("- **Pérez Pérez, J.**, Smith, B. Gadgets.") != std::string::npos);
  CHECK(c.find("Pérez **Pérez") == std::string::npos);
  // middle initials the name line leaves out, written after the given one (the
  // owner's own list: "Endres, SC"); a word after the initial is no initial
  const std::string e = unwrapped(md("Stefan Endres\n\nPUBLICATIONS\n\n"
                                     "Endres, SC, Sandrock, C, Focke, WW (2018) Simplicial homology.\n\n"
                                     "Focke, WW and S. C. Endres. Dual cutting planes. Journal B, 2019.\n\n"
                                     "Endres, S.C. and Endres, Sabine. Bilevel. Journal C, 2020.\n"));
  CHECK(e.find("- **Endres, SC**, Sandrock, C, Focke, WW (2018)") != std::string::npos);
  CHECK(e.find("- Focke, WW and **S. C. Endres**. Dual cutting planes.") != std::string::npos);
  CHECK(e.find("- **Endres, S.C.** and Endres, Sabine. Bilevel.") != std::string::npos);
  // a second surname the name line leaves out, and a section that lists the owner
  // whatever its title says
  const std::string f = unwrapped(md("Filip Cano\n\nPUBLICATIONS\n\n"
                                     "Cano Córdoba, F., Judson, S. Shields. Journal A, 2023.\n\n"
                                     "Judson, S., Cano-Córdoba, F. Guards. Journal B, 2024.\n\n"
                                     "WORK IN PROGRESS\n\n"
                                     "Cano, F. and Smith, B. Monitors, draft.\n\n"
                                     "Cano, F. Shields again, draft.\n\n"
                                     "Smith, B. and Cano, F. Guards again, draft.\n"));
  CHECK(f.find("- **Cano Córdoba, F.**, Judson, S. Shields.") != std::string::npos);
  CHECK(f.find("- Judson, S., **Cano-Córdoba, F.** Guards.") != std::string::npos);
  CHECK(f.find("- **Cano, F.** and Smith, B. Monitors, draft.") != std::string::npos);
  // --name with a suffix
  const std::string d = unwrapped(md("JANE ROE\n\nPUBLICATIONS\n\nSmith, B. and J. Roe. Widgets. Journal A, 2020.\n",
                                     "Jane Roe, Jr."));
  CHECK(d.find("- Smith, B. and **J. Roe**. Widgets.") != std::string::npos);
}

// A left date column's cell may take two lines; a date that is a label or part of
// a sentence stays where it is; a range of years is no phone number.
TEST_CASE("cv date cells kept whole, labels and sentences left alone", "[cv]") {
  const std::string pos = md("Jane Roe\n\nPOSITIONS\n\n"
                             "9/2025- Assistant Professor, Uni Y.\n"
                             "8/2024- Head of Widgets, Acme.\n"
                             "02/2023- Senior Scientist, Acme Labs.\n"
                             "7/2024 Hosted by A. Smith\n");
  // an open range closed by the next line's date; two open ranges are two entries
  CHECK(pos.find("### Assistant Professor, Uni Y. — 9/2025-\n\n"
                 "### Head of Widgets, Acme. — 8/2024-\n\n"
                 "### Senior Scientist, Acme Labs. — 02/2023-7/2024\n\n- Hosted by A. Smith\n") != std::string::npos);
  // "Depuis" / "09/2022": in a -layout column and on lines of their own
  const std::string fr = md("Jane Roe\n\nEXPERIENCE\n\nDepuis         Post-doc researcher, Lab Z\n09/2022\n\n"
                            "2019 –         PhD student, Lab W\n2022\n");
  CHECK(fr.find("- Post-doc researcher, Lab Z — Depuis 09/2022\n") != std::string::npos);
  CHECK(fr.find("- PhD student, Lab W — 2019 – 2022\n") != std::string::npos);
  const std::string plain = md("Jane Roe\n\nEXPERIENCE\n\nDepuis\n09/2022 Post-doc researcher, Lab Z\n");
  CHECK(plain.find("- Post-doc researcher, Lab Z — Depuis 09/2022\n") != std::string::npos);
  // moderncv in French: the months over the year, the year's line going on with the entry
  const std::string months = md("Jane Roe\n\nEXPÉRIENCE\n\n   janv.–juin ATER, Université de Bordeaux.\n"
                                "        2020 Temps complet pendant un semestre.\n");
  CHECK(months.find("### ATER, Université de Bordeaux. — janv.–juin 2020\n\n"
                    "- Temps complet pendant un semestre.\n") != std::string::npos);
  // a wrapped sentence's line opening with "de" over a dated line: "de" is no month cell
  const std::string joined = md("Jane Roe\n\nEXPERIÊNCIA\n\n08/2018 - 12/2018 - CIn UFPE\n"
                                "Atividades: ajudar com Java, MVC, gerenciamento\nde projeto, MongoDB.\n"
                                "02/2019 - Navegue\nCargo: Cofundador\n");
  CHECK(joined.find("### Navegue — 02/2019 -\n\n- Cargo: Cofundador\n") != std::string::npos);
  CHECK(joined.find("de 02/2019") == std::string::npos);
  // "de" is a date's inner word, never its first: a year after it ends a sentence; a day
  // before it still goes with its month
  const std::string de = md("Jane Roe\n\nPREMIOS\n\nMejor artículo 5 de Octubre de 2019\n"
                            "Curso intensivo ao longo do ano de 2020.\n");
  CHECK(de.find("- Mejor artículo — 5 de Octubre de 2019\n") != std::string::npos);
  CHECK(de.find("- Curso intensivo ao longo do ano de 2020.\n") != std::string::npos);
  // a moderncv entry: what is indented under the text after the date is its detail
  const std::string mc = md("Jane Roe\n\nEDUCATION\n\n"
                            "  2016–2021 Ph.D. in Physics, Uni W\n"
                            "              Advisor: A. Smith\n"
                            "  2012–2016 B.S. in Physics, Uni V\n");
  CHECK(mc.find("### Ph.D. in Physics, Uni W — 2016–2021\n\n- Advisor: A. Smith\n\n"
                "### B.S. in Physics, Uni V — 2012–2016\n") != std::string::npos);
  // a label in front, a list of years, a year ending a sentence
  const std::string aw = md("Jane Roe\n\nAWARDS\n\n2024: Best Paper Award, Conf X\n"
                            "Top Reviewer Awards NeurIPS 2019, ICML 2020.\n\n"
                            "SERVICE\n\nSession chair: Tutorial session ICML 2022, Federated learning session MLSys\n"
                            "2023, Serving session MLSys 2025.\n"
                            "Workshop Organizer: Learning Systems (FLSys) Workshop @ MLSys\n2023.\n");
  CHECK(aw.find("- 2024: Best Paper Award, Conf X\n") != std::string::npos);
  CHECK(aw.find("- Top Reviewer Awards NeurIPS 2019, ICML 2020.\n") != std::string::npos);
  CHECK(unwrapped(aw).find("Federated learning session MLSys 2023, Serving session MLSys 2025.\n") != std::string::npos);
  CHECK(unwrapped(aw).find("Workshop @ MLSys 2023.\n") != std::string::npos);
  CHECK(aw.find(" — 2023") == std::string::npos);
  // "2022-2026" in the contact line is not a phone number
  const std::string contact = md("Jane Roe\n2022-2026 · jane@example.org\n\nSKILLS\n\nPython\n");
  CHECK(contact.find("tel:") == std::string::npos);
  CHECK(contact.find("2022-2026 · [jane@example.org](mailto:jane@example.org)") != std::string::npos);
  CHECK(md("Jane Roe\n+1 608 123 4567\n\nSKILLS\n\nPython\n").find("(tel:+16081234567)") != std::string::npos);
}

// Awesome-CV and resume.cls set an entry's place on its first line and its date on
// the second, both right-aligned: one entry, not a "Key: value" line and another.
TEST_CASE("cv entries: a place line over a dated line is one entry", "[cv]") {
  const std::string out = md(
      "Jane Roe\n\nEDUCATION\n"
      "University of California, Berkeley                                   Berkeley, CA\n"
      "Ph.D. in Electrical Engineering                                   01/2021 – Present\n"
      "    Research focus: formal verification\n"
      "National Taiwan University                                         Taipei, Taiwan\n"
      "B.S. in Electrical Engineering                                    09/2015 – 01/2020\n\n"
      "SKILLS\n"
      "Programming          Python, C++\n"
      "Tools                Git, LaTeX\n");
  CHECK(out.find("### Ph.D. in Electrical Engineering, University of California, Berkeley, Berkeley, CA — 01/2021 – Present") ==
        std::string::npos);  // too long for a heading: the section stays a list
  CHECK(out.find("- **Ph.D. in Electrical Engineering**, University of California, Berkeley,\n"
                 "  Berkeley, CA — 01/2021 – Present\n"
                 "  - Research focus: formal verification\n"
                 "- **B.S. in Electrical Engineering**, National Taiwan University, Taipei, Taiwan\n"
                 "  — 09/2015 – 01/2020\n") != std::string::npos);
  // key and value lines with no date under them stay as they were
  CHECK(out.find("- **Programming:** Python, C++\n- **Tools:** Git, LaTeX\n") != std::string::npos);
}

// A publication is a paragraph: numbered, or opened by a date, the lines after the
// first (title, venue, authors on lines of their own) stay in it.
TEST_CASE("cv publications are paragraphs, one item each", "[cv]") {
  const std::string num = md("Jane Roe\n\nPUBLICATIONS\n\n"
                             "[1] A. Smith and J. Roe. A paper on widgets\nthat wraps. In NeurIPS, 2024.\n"
                             "[2] J. Roe.\nGadgets: a study.\nIn ICML, 2023.\n"
                             "[3] B. Smith, C. Jones, J. Roe\nGizmos\narXiv preprint, 2022\n");
  const std::string u = unwrapped(num);
  CHECK(u.find("## Publications\n\n"
               "- \\[1\\] A. Smith and **J. Roe**. A paper on widgets that wraps. In NeurIPS, 2024.\n"
               "- \\[2\\] **J. Roe**. Gadgets: a study. In ICML, 2023.\n"
               "- \\[3\\] B. Smith, C. Jones, **J. Roe** Gizmos arXiv preprint, 2022\n") != std::string::npos);
  // a date column in front of each, "1.<gap>" numbering after it
  const std::string dated = unwrapped(md("Jane Roe\n\nPUBLICATIONS\n\n"
                                         "2024 Roe, J., Smith, A., Widgets for all,\nJournal of Widgets\n"
                                         "2023 Smith, A., Roe, J., Gadgets\nProceedings of Gadgets (PG)\n"
                                         "2022 Roe, J., Gizmos, Gizmo Letters\n"));
  CHECK(dated.find("- **Roe, J.**, Smith, A., Widgets for all, Journal of Widgets — 2024\n"
                   "- Smith, A., **Roe, J.**, Gadgets Proceedings of Gadgets (PG) — 2023\n"
                   "- **Roe, J.**, Gizmos, Gizmo Letters — 2022\n") != std::string::npos);
  // a year over a group: the next publication starts with an author list after one that ended
  const std::string group = unwrapped(md("Jane Roe\n\nPUBLICATIONS\n\n"
                                         "2021   A. Smith, J. Roe, Widgets, Journal A, 2021\n"
                                         "       J. Roe, B. Jones, Gadgets and more gadgets,\n"
                                         "       Journal B, 2021\n\n"
                                         "2020   C. Lee, J. Roe, Gizmos, Journal C, 2020\n"
                                         "       J. Roe, Sprockets, Journal D, 2020\n\n"
                                         "2019   J. Roe, Cogs, Journal E, 2019\n"));
  CHECK(group.find("- A. Smith, **J. Roe**, Widgets, Journal A, 2021 — 2021\n"
                   "- **J. Roe**, B. Jones, Gadgets and more gadgets, Journal B, 2021\n"
                   "- C. Lee, **J. Roe**, Gizmos, Journal C, 2020 — 2020\n"
                   "- **J. Roe**, Sprockets, Journal D, 2020\n"
                   "- **J. Roe**, Cogs, Journal E, 2019 — 2019\n") != std::string::npos);
  const std::string col = unwrapped(md("Jane Roe\n\nPUBLICATIONS\n\n"
                                       "2025      1.   Roe, J., Smith, A. Widgets. Journal A\n"
                                       "          2.   Smith, A., Roe, J. Gadgets.\n"
                                       "               Journal B\n"));
  CHECK(col.find("- 1\\. **Roe, J.**, Smith, A. Widgets. Journal A — 2025\n"
                 "- 2\\. Smith, A., **Roe, J.** Gadgets. Journal B\n") != std::string::npos);
}

// Inputs the fuzzer (fuzz/cv_fuzz.cpp) once broke its checks with.
TEST_CASE("cv fuzz regressions: no output line is a table rule", "[cv]") {
  for (const auto& f : fs::directory_iterator(fs::path(KEMPT_SOURCE_DIR) / "fixtures/cv/fuzz")) {
    INFO(f.path().filename().string());
    for (const auto& l : lines_of(md(read(f.path())))) {
      const bool rule = l.find('|') != std::string::npos && l.find("--") != std::string::npos &&
                        l.find_first_not_of("|-: \\") == std::string::npos;
      CHECK_FALSE(rule);
    }
  }
}

TEST_CASE("cv never throws on odd bytes", "[cv]") {
  for (std::string s : {std::string(""), std::string("\f\f\f"), std::string("\xff\xfe\x00", 3), std::string("|--|\n- | |"),
                        std::string("\x01\x02\x03\x04"), std::string("<i><b></i>"), std::string("[a](b")}) {
    CHECK_NOTHROW(kempt::cv::convert_text(s));
  }
}

// fixtures/cv/links.pdf (scripts/make_cv_pdf.py): six pages, laid out by two workers
// on a machine with two cores or more.
TEST_CASE("cv entries: an entry is a block, its title lines over the line that opens with its date", "[cv]") {
  // Awesome-CV: title, place, then the date with the town; the block ends where the next title starts
  const std::string aw = md(
      "Jane Roe\n\nEXPERIENCE\n\nHardware Developer\nBosch Car Multimedia\n"
      "Jan 2023 – Present      Braga, Portugal\n• Designed infotainment systems.\n\n"
      "IoT Specialist\nBuilt CoLab\nMar 2021 – Jan 2023      Porto, Portugal\n• Built sensor prototypes.\n");
  CHECK(aw.find("- **Hardware Developer**, Bosch Car Multimedia, Braga, Portugal — Jan 2023 –\n"
                "  Present\n  - Designed infotainment systems.\n"
                "- **IoT Specialist**, Built CoLab, Porto, Portugal — Mar 2021 – Jan 2023\n"
                "  - Built sensor prototypes.\n") != std::string::npos);
  // a title over a line that opens with a Portuguese date and goes on with the place
  const std::string pt = md(
      "Jane Roe\n\nEDUCATION\n\nBacharel em Engenharia\n"
      "Fevereiro 2011 – Setembro 2016. Universidade Federal. Campo Grande.\n\n"
      "Curso de Língua Inglesa\nJunho 2006 – Dezembro 2010. Instituto Cultural.\n");
  CHECK(unwrapped(pt).find("- **Bacharel em Engenharia**, Universidade Federal. Campo Grande. — Fevereiro 2011 – Setembro 2016.\n") !=
        std::string::npos);
  CHECK(unwrapped(pt).find("- **Curso de Língua Inglesa**, Instituto Cultural. — Junho 2006 – Dezembro 2010.\n") != std::string::npos);
  // the line after an entry's bullets opens the next block
  const std::string after = md("Jane Roe\n\nEDUCATION\n\nPrograma de Iniciação\nJunho 2006 – Abril 2012. Universidade Federal.\n"
                               "• Estudou textos.\nCurso de Língua Inglesa\nFevereiro 2006 – Dezembro 2010. Instituto Cultural.\n");
  CHECK(after.find("- **Programa de Iniciação**, Universidade Federal. — Junho 2006 – Abril 2012.\n  - Estudou textos.\n"
                   "- **Curso de Língua Inglesa**, Instituto Cultural. — Fevereiro 2006 –\n  Dezembro 2010.\n") !=
        std::string::npos);
  // a date-only line under a title and a place
  const std::string two = md("Jane Roe\n\nEDUCATION\n\nErasmus+ Program\nUniversity of Twente\nAugust 2018 – February 2019\n");
  CHECK(two.find("- **Erasmus+ Program**, University of Twente — August 2018 – February 2019\n") != std::string::npos);
  // a left date column: an undated line under a dated one is not the next entry's title
  const std::string left = md("Jane Roe\n\nEDUCATION\n\n2019–2021 PhD in Physics\nUniversity of X\n2017–2019 MSc in Physics\n");
  CHECK(left.find("**University of X**") == std::string::npos);
  CHECK(left.find("MSc in Physics — 2017–2019") != std::string::npos);
  // not after a sentence: a paragraph's last line is no title
  const std::string prose = md("Jane Roe\n\nAWARDS\n\nSome fellowship for good work.\n2019 Best Paper Award\n");
  CHECK(prose.find("**Some fellowship") == std::string::npos);
}

TEST_CASE("cv entries: dated lines indented under an undated one are its entries", "[cv]") {
  const std::string out = md("Jane Roe\n\nEDUCATION\n\nRensselaer Polytechnic Institute, Troy NY\n"
                             "    Ph.D. in Computer Science, Aug 2016 - May 2022\n"
                             "    M.S. in Computer Science, Aug 2016 - May 2018\n"
                             "Tianjin University, Tianjin, China\n"
                             "    B.S. in Computing Science, Sept 2005 - July 2009\n");
  CHECK(out.find("### Rensselaer Polytechnic Institute, Troy NY\n\n"
                 "- Ph.D. in Computer Science, Aug 2016 - May 2022\n"
                 "- M.S. in Computer Science, Aug 2016 - May 2018\n\n"
                 "### Tianjin University, Tianjin, China\n\n"
                 "- B.S. in Computing Science, Sept 2005 - July 2009\n") != std::string::npos);
  // -layout: the place, a blank line, the title with its date cell indented under it
  const std::string cell = md("Jane Roe\n\nEDUCATION\n                   Indian Institute of Science, India\n\n"
                              "                      Ph.D. in Physics                      2014-2020\n"
                              "                   University of Delhi, India\n\n"
                              "                      B.Sc. Physics                      2009-2012\n");
  CHECK(cell.find("### Indian Institute of Science, India\n\n- Ph.D. in Physics — 2014-2020\n\n"
                  "### University of Delhi, India\n\n- B.Sc. Physics — 2009-2012\n") != std::string::npos);
  // a description indented under an undated line is not one of them (no date)
  const std::string desc = md("Jane Roe\n\nPROJECTS\n\nWidget Engine\n    A fast engine for widgets\n");
  CHECK(desc.find("- Widget Engine\n- A fast engine for widgets\n") != std::string::npos);
}

TEST_CASE("cv entries: plain text's undated line over lines ending in a date is their place", "[cv]") {
  // plain pdftotext keeps no indent and no bold: the block's shape alone says which line is the
  // place (a long contact line sets the page's width, as a real CV's lines do)
  const std::string head = "Jane Roe\nDepartment of Computer Science, Rensselaer Polytechnic Institute, Troy NY 12180\n\n";
  const std::string out = md(head + "EDUCATION\n\nRensselaer Polytechnic Institute, Troy NY\n"
                                    "Ph.D. in Computer Science, Aug 2016 - May 2022 (Expected)\n"
                                    "M.S. in Computer Science, Aug 2016 - May 2018\n"
                                    "Tianjin University, Tianjin, China\nB.S. in Computing Science, Sept 2005 - July 2009\n");
  CHECK(out.find("## Education\n\n### Rensselaer Polytechnic Institute, Troy NY\n\n"
                 "- Ph.D. in Computer Science, Aug 2016 - May 2022 (Expected)\n"
                 "- M.S. in Computer Science, Aug 2016 - May 2018\n\n"
                 "### Tianjin University, Tianjin, China\n\n"
                 "- B.S. in Computing Science, Sept 2005 - July 2009\n") != std::string::npos);
  // a "Key: value" line in the section (another column's) is no heading: the section stays a list
  const std::string kv = md(head + "EDUCATION\n\nLanguages: Python, Java\n\nRensselaer Polytechnic Institute, Troy NY\n"
                                   "Ph.D. in Computer Science, Aug 2016 - May 2022\n");
  CHECK(kv.find("- **Languages:** Python, Java\n- Rensselaer Polytechnic Institute, Troy NY\n"
                "  - Ph.D. in Computer Science, Aug 2016 - May 2022\n") != std::string::npos);
  // a line that ran on into the dated one (it ends open, or fills the page's width) is no place
  const std::string open = md(head + "TALKS\n\nCouplings in proteins, Regulation and Inference in\n"
                                     "Biological Networks, Bardonecchia, 2018\n");
  CHECK(open.find("- Couplings in proteins, Regulation and Inference in Biological Networks,\n"
                  "  Bardonecchia, 2018\n") != std::string::npos);
  const std::string full = md(head + "TALKS\n\nInvited talk, Conference on the Evolutionary Origins of Protein Molecular\n"
                                     "Basis and Control, Stockholm, 2019\n");
  CHECK(full.find("- Invited talk, Conference on the Evolutionary Origins of Protein Molecular\n"
                  "  Basis and Control, Stockholm, 2019\n") != std::string::npos);
  // a sentence's end in lower case is no dated entry of the line above
  const std::string lower = md(head + "EDUCATION\n\nMestrado em Física\nconclusão em 2022.\n");
  CHECK(lower.find("- Mestrado em Física conclusão em 2022.\n") != std::string::npos);
  // lines that each end in a date, with no undated line over them, stay entries of their own
  const std::string list = md(head + "AWARDS\n\nBest Paper Award, ICML, May 2019\nBest Poster, NeurIPS, June 2018\n");
  CHECK(list.find("## Awards\n\n- Best Paper Award, ICML, May 2019\n- Best Poster, NeurIPS, June 2018\n") !=
        std::string::npos);
}

TEST_CASE("cv entries: a line ending in a Spanish, Portuguese, French or German function word goes on", "[cv]") {
  // justified text that pdftotext cut word by word, and a title wrapped after "y" ("and")
  const std::string out = md("Juan Roe\n\nEDUCACIÓN\n\nIngeniería\nen\nCiencia\nde\nDatos | 2020-2024\n\n"
                             "EXPERIENCIA\n\nIngeniero de Sistemas y\nComputación, Universidad Nacional\n\n"
                             "SKILLS\n\nPython\nR\nMatlab\n");
  CHECK(out.find("- Ingeniería en Ciencia de Datos \\| 2020-2024\n") != std::string::npos);
  CHECK(out.find("- Ingeniero de Sistemas y Computación, Universidad Nacional\n") != std::string::npos);
  // one word a line is no wrapped text by itself: a list of skills stays a list
  CHECK(out.find("- Python\n- R\n- Matlab\n") != std::string::npos);
}

TEST_CASE("cv entries: a date among cells set apart by bars is the entry's date", "[cv]") {
  const std::string out = md("Juan Roe\n\nEXPERIENCIA\n\nHello World | Enero – Febrero 2022\nServicio Social en el laboratorio\n\n"
                             "EDUCACIÓN\n\nBachillerato Internacional | 2018-2020 | Prepa Tec\n\n"
                             "SKILLS\n\nPython | C++ | Java\n\nAWARDS\n\nBest Paper | ICML 2019 | NeurIPS 2020\n");
  // the line under a title line with its date is its place, as under "Title<gap>date"
  CHECK(out.find("- **Hello World**, Servicio Social en el laboratorio — Enero – Febrero 2022\n") != std::string::npos);
  CHECK(out.find("- Bachillerato Internacional, Prepa Tec — 2018-2020\n") != std::string::npos);
  // no date cell, or years inside other cells: the bars stay as written
  CHECK(out.find("- Python \\| C++ \\| Java\n") != std::string::npos);
  CHECK(out.find("- Best Paper \\| ICML 2019 \\| NeurIPS 2020\n") != std::string::npos);
}

TEST_CASE("cv entries: a bullet's sentence runs on to the line that ends it, before the next bullet", "[cv]") {
  // the widest lines are ones pdftotext joined at a hyphen: the wrapped lines look short against them
  const std::string out = md(
      "Jane Roe\n\nWORKSHOPS\n\n"
      "• Attended a very long workshop line that pdftotext joined at a hyphen and so runs well past the column, 6-10 June 2016.\n"
      "• Attended another long workshop line that pdftotext joined at a hyphen and so runs past the column, 1 March 2016.\n"
      "• National workshop on Cosmology with HI 21cm line, Raman Research Institute\n(RRI), Bengaluru, India, 23-26 June 2015.\n"
      "• Online outreach talk on Studying Galaxy Evolution using Hydro-Dynamical\n"
      "Simulations at Nehru Planetarium, New Delhi, 16 February 2023.\n"
      "• Workshop on the Virtual Observatory, Sri Venkateswara College, Delhi, 2011.\n\n"
      "AWARDS\n\n• Best Paper Award at the International Conference on Machine Learning\nOther honours\n"
      "• Dissertation Award Nominee at the International Conference on Learning\n2025\n"
      "Nominated by the department as the best thesis in the field.\n• Sigma Xi\n");
  CHECK(out.find("- National workshop on Cosmology with HI 21cm line, Raman Research Institute\n"
                 "  (RRI), Bengaluru, India, 23-26 June 2015.\n"
                 "- Online outreach talk on Studying Galaxy Evolution using Hydro-Dynamical\n"
                 "  Simulations at Nehru Planetarium, New Delhi, 16 February 2023.\n"
                 "- Workshop on the Virtual Observatory,") != std::string::npos);
  // a line that ends no sentence is no run-on ("Other honours"), nor is one under the bullet's date
  CHECK(out.find("Machine Learning Other honours") == std::string::npos);
  CHECK(out.find("Learning — 2025\n- Nominated by the department") != std::string::npos);
}

TEST_CASE("cv entries: a line alone under an entry ending with a comma and a gap is its rest", "[cv]") {
  // the date cell's second line ("current") pushed the place a line down in plain text
  const std::string out = md("Jane Roe\n\nEDUCATION\n2021– PhD in Computer Science,\ncurrent\n\n"
                             "Graz University of Technology (TUG), Graz, Austria\n\n2018–2019 Master in Mathematics, UPC\n");
  CHECK(out.find("- PhD in Computer Science, Graz University of Technology (TUG), Graz, Austria —\n  2021–current\n"
                 "- Master in Mathematics, UPC — 2018–2019\n") != std::string::npos);
  // a block of several lines after the gap is a block of its own
  const std::string block = md("Jane Roe\n\nSKILLS\nPython, Julia,\n\nGit and GitHub\nDocker\n");
  CHECK(block.find("- Python, Julia,\n- Git and GitHub\n- Docker\n") != std::string::npos);
}

TEST_CASE("cv dates: a table printed column by column is read row by row", "[cv]") {
  const std::string out = md("Jane Roe\n\nAPPOINTMENTS\n2025–2026\n2022–2023\n\nAssistant Professor\nResearch Fellow\n\n"
                             "University of Barcelona\nUCL\n\nEDUCATION\n2018–2022\n\nPh.D. Economics\n");
  CHECK(out.find("## Appointments\n\n- **Assistant Professor**, University of Barcelona — 2025–2026\n"
                 "- **Research Fellow**, UCL — 2022–2023\n\n## Education\n") != std::string::npos);
  CHECK(out.find("- Ph.D. Economics — 2018–2022\n") != std::string::npos);
  // blocks of another length are no table: the dates go to the entries in order
  const std::string uneven = md("Jane Roe\n\nAPPOINTMENTS\n2025–2026\n2022–2023\n\nAssistant Professor\n\nResearch Fellow\n");
  CHECK(uneven.find("- Assistant Professor — 2025–2026\n- Research Fellow — 2022–2023\n") != std::string::npos);
}

TEST_CASE("cv dates: plain text's date cell set apart by blank lines joins its title block", "[cv]") {
  // resume.cls through plain pdftotext: the title block, then the date cell (or the other way
  // round), then the bullets; a date cell right under the last entry's bullets opens the next
  const std::string out = md(
      "Jane Roe\n\nEDUCATION\nB.S. in Applied Mathematics\nEmory University\n\nAug 2022 – May 2026\nAtlanta, GA\n\n"
      "• GPA: 3.99/4.0\n\nRESEARCH\nOct 2023 – Present\nAtlanta, GA\n\nResearch Assistant: Optimization\n"
      "Department of Mathematics\n\n• Conducted research on descent.\nJan 2025 – Jul 2025\nAtlanta, GA\n\n"
      "Research Assistant: Graph Theory\nDepartment of Mathematics\n\n• Studied spectra.\n");
  CHECK(out.find("- **B.S. in Applied Mathematics**, Emory University, Atlanta, GA — Aug 2022 –\n  May 2026\n"
                 "  - GPA: 3.99/4.0\n") != std::string::npos);
  CHECK(out.find("- **Research Assistant: Optimization**, Department of Mathematics, Atlanta, GA —\n"
                 "  Oct 2023 – Present\n  - Conducted research on descent.\n") != std::string::npos);
  CHECK(out.find("- **Research Assistant: Graph Theory**, Department of Mathematics, Atlanta, GA —\n"
                 "  Jan 2025 – Jul 2025\n  - Studied spectra.\n") != std::string::npos);
  // each cell in a block of its own, and a place over the date in the date's block
  const std::string cells = md("Jane Roe\n\nEXPERIENCE\nPayfit\n\nParis, France\n\nSITE RELIABILITY ENGINEER\n\n"
                               "Mar. 2022 - PRESENT\n\n• Supported developers.\n\n"
                               "EDUCATION\nDoctorat\nUniversité de Lorraine, Informatique\n\nNancy, France\n12/2014–01/2019\n\n"
                               "Titre: Élasticité\n");
  CHECK(cells.find("### Payfit, Paris, France, SITE RELIABILITY ENGINEER — Mar. 2022 - PRESENT\n\n"
                   "- Supported developers.\n") != std::string::npos);
  CHECK(cells.find("- **Doctorat**, Université de Lorraine, Informatique, Nancy, France —\n  12/2014–01/2019\n") !=
        std::string::npos);
  // "Place | date" cells, before or after their title; a figure in a block of its own is no title
  const std::string bars = md("Jane Roe\n\nEDUCATION\nOxford, UK | 2023 - 2027\n\nUniversity of Oxford\n\n"
                              "• DPhil in Mathematics.\nMassachusetts Institute of Technology\n\n"
                              "Cambridge, MA, USA | 2021 - 2022\n\n• Exchange year.\n\n5.0 GPA\n\n"
                              "Imperial College London\n\nLondon, UK | 2019 - 2023\n\n• MSci in Mathematics\n");
  CHECK(bars.find("### University of Oxford, Oxford, UK — 2023 - 2027\n\n- DPhil in Mathematics.\n\n"
                  "### Massachusetts Institute of Technology, Cambridge, MA, USA — 2021 - 2022\n\n- Exchange year.\n\n"
                  "### 5\\.0 GPA\n\n### Imperial College London, London, UK — 2019 - 2023\n\n- MSci in Mathematics\n") !=
        std::string::npos);
  // a sentence is no title block: the date stays where it was
  const std::string prose = md("Jane Roe\n\nAWARDS\n\nGiven for the best thesis of the year.\n\n2019\n");
  CHECK(prose.find("**Given") == std::string::npos);
}

TEST_CASE("cv dates: plain text's left date column, a cell before its block, over one line or two", "[cv]") {
  // a section opening with a date cell: the CV's dates lead their blocks; a cell's range cut
  // after its dash is one date; the block's title lines go with it, the lines under them describe it
  const std::string lead = md(
      "Jane Roe\n\nEXPERIENCE\nsep. 2017 –\njuin 2018\n\nUniversité de Bordeaux, France\nEnseignante vacataire\n"
      "64 heures. Cours assurés :\n– Introduction à Java.\n\n2014–2016\n\nAcme Corp\nEngineer\n"
      "Description: built the tools\nof the lab.\n");
  CHECK(lead.find("- **Université de Bordeaux, France**, Enseignante vacataire — sep. 2017 – juin\n  2018\n"
                  "  - 64 heures. Cours assurés :\n  - Introduction à Java.\n"
                  "- **Acme Corp**, Engineer — 2014–2016\n  - Description: built the tools of the lab.\n") !=
        std::string::npos);
  // the first cell after a block of its section: the dates close their blocks (title
  // lines closed by full stops, each block one entry with the cell under it)
  const std::string trail = md(
      "Jane Roe\n\nTALKS\nSunbelt Conference, Portland, USA.\nPresentation. “Social Circles”.\n\n27 – 7 Jul. 2023\n\n"
      "Network Conference, Princeton, USA.\nPresentation. “Social Circles and Beliefs”.\n\n8 – 9 Jun. 2023\n");
  CHECK(trail.find("- **Sunbelt Conference, Portland, USA.** Presentation. “Social Circles”. — 27 –\n  7 Jul. 2023\n"
                   "- **Network Conference, Princeton, USA.** Presentation. “Social Circles and\n  Beliefs”. — 8 – 9 Jun. 2023\n") !=
        std::string::npos);
  // a two-line cell inside a block is one date too, not two halves on two entries
  const std::string inside = md("Jane Roe\n\nEXPERIENCE\nEngineer, Acme\n2019 –\n2021\nResearcher, Lab\n");
  CHECK(inside.find("- Engineer, Acme — 2019 – 2021\n- Researcher, Lab\n") != std::string::npos);
  // dates already waiting for their entries (a column printed first): the next cell is theirs
  const std::string column = md("Jane Roe\n\nEXPERIENCE\n2021\n\nLab Z\nEngineer\nBuilt tools.\n\n"
                                "PROJECTS\n2020\n2019\n\n2018\n\nProject A\nBuilt a thing.\nProject B\nProject C\n");
  CHECK(column.find("### Lab Z, Engineer — 2021\n\n- Built tools.\n") != std::string::npos);
  CHECK(column.find("- Project A — 2020\n") != std::string::npos);
}

TEST_CASE("cv entries: plain text's place line after a block closed by its date is the entry's location", "[cv]") {
  // Awesome-CV-like through plain pdftotext: title, place, date, then the location apart
  const std::string out = md("Jane Roe\n\nEXPERIENCE\nHardware Developer\nBOSCH Car Multimedia\nJan 2023 – Present\n\n"
                             "Braga, Portugal\n\n• Designed infotainment systems.\n\nIoT Specialist\nBUILT CoLAB\n"
                             "Mar 2021 – Jan 2023\n\nPorto, Portugal\n\n• Built sensor prototypes.\n");
  CHECK(out.find("- **Hardware Developer**, BOSCH Car Multimedia, Braga, Portugal — Jan 2023 –\n  Present\n"
                 "  - Designed infotainment systems.\n"
                 "- **IoT Specialist**, BUILT CoLAB, Porto, Portugal — Mar 2021 – Jan 2023\n"
                 "  - Built sensor prototypes.\n") != std::string::npos);
  // a date cell of its own, then a line: that line is the next entry (dates lead there)
  const std::string lead = md("Jane Roe\n\nRESEARCH\n\n2016 – Present\n\nResearch Assistant, Texas A&M\n\n"
                              "2012 – 2016\n\nResearch Assistant, Chinese Academy of Sciences\n");
  CHECK(lead.find("- Research Assistant, Texas A&M — 2016 – Present\n"
                  "- Research Assistant, Chinese Academy of Sciences — 2012 – 2016\n") != std::string::npos);
  // a sentence, or a line with more under it, is no location
  const std::string prose = md("Jane Roe\n\nEXPERIENCE\nEngineer\nAcme\n2020 – 2021\n\nBuilt tools, mostly.\n");
  CHECK(prose.find("- Built tools, mostly.\n") != std::string::npos);
}

TEST_CASE("cv dates: where the CV's dates lead their blocks, a date column is the blocks' under it", "[cv]") {
  // the first date cell opens its section: a column of cells after undated lines dates
  // the block under it (a table printed column by column), not the lines above it
  const std::string lead = md("Jane Roe\n\nEXPERIENCE\n\n2019 – 2021\n\nAcme Corp\nEngineer\n\nAWARDS\n\n"
                              "Best paper award\nBest poster award\n\n2018\n2017\n\nPrize of the city\nPrize of the region\n");
  CHECK(lead.find("- Best paper award\n- Best poster award\n- Prize of the city — 2018\n- Prize of the region — 2017\n") !=
        std::string::npos);
  // where the first cell closes a block, the column printed after its entries dates them
  const std::string trail = md("Jane Roe\n\nEXPERIENCE\n\nAcme Corp\n\n2019 – 2021\n\nAWARDS\n\n"
                               "Best paper award\nBest poster award\n\n2018\n2017\n");
  CHECK(trail.find("- Best paper award — 2018\n- Best poster award — 2017\n") != std::string::npos);
}

TEST_CASE("cv dates: a chart's axis of rising years is text, not the dates of the entries under it", "[cv]") {
  const std::string axis = md("Jane Roe\n\nEDUCATION\n\n2012\n\n2014\n\n2016\n\n2018\n\nUniversité de Bordeaux\n"
                              "Doctorat en Informatique\n");
  CHECK(axis.find("- 2012 2014 2016 2018\n- Université de Bordeaux\n- Doctorat en Informatique\n") != std::string::npos);
  // newest first, as a CV lists its dates: a date column printed before its entries
  const std::string column = md("Jane Roe\n\nAWARDS\n\n2018\n\n2016\n\n2014\n\n2012\n\n"
                                "Best paper\nBest poster\nBest talk\nBest thesis\n");
  CHECK(column.find("- Best paper — 2018\n- Best poster — 2016\n- Best talk — 2014\n- Best thesis — 2012\n") !=
        std::string::npos);
}

TEST_CASE("cv entries: lines hanging under a bullet's text are its entry's", "[cv]") {
  // a Word list: the bullet, a gap, the dated text; its wrapped line and details indented under it
  const std::string out = md("Jane Roe\n\nEXPERIENCE\n   ●      04/2019 - Instituto SENAI de Inovação para Tecnologias da\n"
                             "       Comunicação (ISI-TICs)\n       Cargo: Desenvolvedor\n"
                             "       Principais atividades: desenvolvimento front-end.\n"
                             "   ●      08/2018 - 12/2018 - CIn UFPE\n       Cargo: Monitor\n");
  CHECK(out.find("- Instituto SENAI de Inovação para Tecnologias da Comunicação (ISI-TICs) —\n  04/2019 -\n"
                 "  - Cargo: Desenvolvedor\n  - Principais atividades: desenvolvimento front-end.\n"
                 "- CIn UFPE — 08/2018 - 12/2018\n  - Cargo: Monitor\n") != std::string::npos);
  // not indented under it: an entry of its own
  const std::string flat = md("Jane Roe\n\nSKILLS\n   ●      Python\n   Java\n");
  CHECK(flat.find("- Python\n- Java\n") != std::string::npos);
}

TEST_CASE("cv entries: a dated title line's wrapped end is its text, not its place", "[cv]") {
  // the date cell holds a multibyte dash: the text's column is counted in characters
  const std::string out = md("Jane Roe\n\nEMPLOYMENT\n\n     2020 – present    Assistant Professor, Institute of South-\n"
                             "                       South Cooperation, Peking University\n\n"
                             "     2014 – 2020    Lecturer, Uni X\n                    Beijing, China\n");
  CHECK(out.find("- Assistant Professor, Institute of South-South Cooperation, Peking University —\n"
                 "  2020 – present\n") != std::string::npos);
  CHECK(out.find("- **Lecturer, Uni X**, Beijing, China — 2014 – 2020\n") != std::string::npos);
}

TEST_CASE("cv dates: Spanish, Portuguese and German months", "[cv]") {
  const std::string out = md("Jane Roe\n\nEXPERIENCE\n\nBecario, Universidad X      Junio 2020 - Septiembre 2020\n"
                             "Pesquisador, Universidade Y      Maio 2015 – Agosto 2015\n"
                             "Doktorand, Universität Z      März 2019 – Dezember 2021\n");
  CHECK(out.find("- Becario, Universidad X — Junio 2020 - Septiembre 2020\n") != std::string::npos);
  CHECK(out.find("- Pesquisador, Universidade Y — Maio 2015 – Agosto 2015\n") != std::string::npos);
  CHECK(out.find("- Doktorand, Universität Z — März 2019 – Dezember 2021\n") != std::string::npos);
}

namespace {

// kempt_tests runs in build/tests/, and the PDF module (kempt-pdf.so) is built beside kempt in
// build/, where libkempt does not look for a program of build/tests/: point it there for its
// first (and only) look, then leave the environment as it was, so that the `kempt` processes
// the CLI tests start find the module beside themselves, as they must.
bool pdf_input() {
  static const bool supported = [] {
    const bool preset = std::getenv("KEMPT_PDF_MODULE") != nullptr;
    if (!preset && *KEMPT_PDF_MODULE_PATH) ::setenv("KEMPT_PDF_MODULE", KEMPT_PDF_MODULE_PATH, 1);
    const bool loaded = kempt::cv::pdf_supported();
    if (!preset) ::unsetenv("KEMPT_PDF_MODULE");
    return loaded;
  }();
  return supported;
}

}  // namespace

TEST_CASE("cv from a PDF: layout text, sections, dates and link targets", "[cv][pdf]") {
  if (!pdf_input()) {
    FAIL("this build has no PDF input (libpoppler-private-dev missing at configure time), or kempt-pdf.so does not load");
  }
  const auto r = kempt::cv::convert_pdf((fs::path(KEMPT_SOURCE_DIR) / "fixtures/cv/links.pdf").string());
  const std::string& out = r.markdown;
  CHECK(out.rfind("# Jane Q. Doe\n", 0) == 0);
  std::size_t at = 0;
  for (const char* h : {"\n## Education\n", "\n## Publications\n", "\n## Teaching\n", "\n## Skills\n"}) {
    const std::size_t p = out.find(h, at);
    CHECK(p != std::string::npos);
    if (p != std::string::npos) at = p;
  }
  // right-aligned dates come back to their entries
  CHECK(out.find("- Ph.D. in Computer Science, Example University — Sep 2019 - Jun 2024\n") != std::string::npos);
  // two links with the same anchor on one page: each on its own occurrence, top first
  const std::size_t first = out.find("[Replication Data](https://data.example.org/first)");
  const std::size_t second = out.find("[Replication Data](https://data.example.org/second)");
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(first < second);
  CHECK(out.find("Robust Widgets") < first);
  CHECK(out.find("Fragile Widgets") < second);
  CHECK(out.find("Fragile Widgets") > first);
  // a link on the last page (laid out by the other worker) and the key: value line
  CHECK(out.find("- **Code:** [GitHub](https://github.com/janedoe)\n") != std::string::npos);
  // "Link" says nothing of where it goes (markdownlint MD059): the word stays, the address is shown
  CHECK(unwrapped(out).find("- **Lab page:** Link ([lab.example.org/widgets](https://lab.example.org/widgets/))\n") !=
        std::string::npos);
  // the page numbers 1–4 are furniture, listed
  int pages = 0;
  for (const auto& x : r.removed) pages += x.why == "page number";
  CHECK(pages == 4);
  // page 5 has two columns whose lines share no rows: each is read whole
  const std::size_t service = out.find("\n## Service\n");
  REQUIRE(service != std::string::npos);
  for (int i = 0; i < 12; ++i) {
    const std::size_t left = out.find("- Left award number " + std::to_string(i) + " for widget studies\n");
    CHECK(left != std::string::npos);
    CHECK(left < service);
  }
  for (int i = 0; i < 11; ++i) {
    const std::size_t right = out.find("- Right service item " + std::to_string(i) + " for the lab\n");
    CHECK(right != std::string::npos);
    CHECK(right > service);
  }
  // page 6 is a table, its cells in rows: each row stays one line
  CHECK(out.find("- Student Number 7 of the widget school, Qualification exam — Fall 2017\n") != std::string::npos);
}

TEST_CASE("cv from a PDF: a file that is not a PDF is an error", "[cv][pdf]") {
  if (!pdf_input()) return;
  const fs::path not_pdf = fs::path(KEMPT_SOURCE_DIR) / "fixtures/cv/seed003.txt";
  CHECK_THROWS_AS(kempt::cv::convert_pdf(not_pdf.string()), std::runtime_error);
  CHECK_THROWS_AS(kempt::cv::convert_pdf("/nonexistent/cv.pdf"), std::runtime_error);
}

// Issue 15: headings decided on the PDF's typography (src/cv/structure.cpp).
namespace {

using kempt::cv::detail::Line;

Line typeset(const std::string& text, double size, double y, bool bold = false, double x = 72) {
  Line l;
  l.text = text;
  l.size = size;
  l.bold = bold;
  l.x = x;
  l.y = y;
  l.page = 1;
  return l;
}

// A one-page CV: the name at 20 pt, section titles at 13 pt in normal case, body text
// at 10 pt, among it a line whose words alone look like a title ("Java Projects").
std::vector<Line> typeset_cv() {
  std::vector<Line> v;
  double y = 72;
  auto add = [&](const std::string& t, double size, bool bold = false) { v.push_back(typeset(t, size, y += 14, bold)); };
  add("Jane Roe", 20);
  add("Études", 13);
  add("Doctorat en informatique, Université Laval", 10);
  add("Thèse sur les compilateurs et leurs langages", 10);
  add("Publications", 13);
  add("Journal Articles", 11, true);
  add("Roe, J. A study of widgets and how they are built for the lab", 10);
  add("Java Projects", 10);
  add("Conference Papers", 11, true);
  add("Roe, J. Another study of widgets and of the gadgets they need", 10);
  add("Enseignement", 13);
  add("Chargée de cours, Université Laval", 10);
  return v;
}

}  // namespace

TEST_CASE("cv entries: PDF bold lines over a plain dated line are its entry's", "[cv]") {
  using namespace kempt::cv::detail;
  std::vector<Line> v;
  double y = 72;
  auto add = [&](const std::string& t, double size, bool bold = false) { v.push_back(typeset(t, size, y += 14, bold)); };
  add("Jane Roe", 20);
  add("EXPERIENCE", 13, true);
  add("Encontro de Modelagem Computacional, Petrópolis", 10, true);
  add("COMITÊ ORGANIZADOR\tFevereiro de 2020 e Fevereiro de 2021", 10);
  add("• Convidou palestrantes.", 10);
  add("Colóquio de Matemática, Rio de Janeiro", 10);
  add("VOLUNTÁRIO\tJulho de 2017", 10);
  for (std::size_t k = 0; k < v.size(); ++k) v[k].src = k + 1;
  mark_heading_styles(v);
  const std::string out = render(build_cv(v, ""), "", false);
  CHECK(out.find("- **Encontro de Modelagem Computacional, Petrópolis**, COMITÊ ORGANIZADOR —\n"
                 "  Fevereiro de 2020 e Fevereiro de 2021\n  - Convidou palestrantes.\n") != std::string::npos);
  // not in bold: the line above stays an entry of its own
  CHECK(out.find("- Colóquio de Matemática, Rio de Janeiro\n- VOLUNTÁRIO — Julho de 2017\n") != std::string::npos);
}

TEST_CASE("cv typography: a heading font makes normal-case headings, body text none", "[cv]") {
  using namespace kempt::cv::detail;
  auto lines = typeset_cv();
  // by its words alone "Java Projects" would be a heading, "Études" (no known section word) not
  CHECK(heading_title(lines[7], &lines[8]).has_value());
  CHECK_FALSE(heading_title(lines[1], &lines[2]).has_value());
  mark_heading_styles(lines);
  CHECK(lines[0].heading_level == 0);  // the name, in a font of its own
  CHECK(lines[1].heading_level == 2);
  CHECK(lines[4].heading_level == 2);
  CHECK(lines[10].heading_level == 2);
  CHECK(lines[5].heading_level == 3);  // bold, larger than the body: the subsections' font
  CHECK(lines[8].heading_level == 3);
  CHECK(lines[7].heading_level == -1);
  CHECK(heading_title(lines[1], &lines[2]) == std::optional<std::string>("Études"));
  CHECK_FALSE(heading_title(lines[7], &lines[8]).has_value());

  const Cv cv = build_cv(lines, "");
  CHECK(cv.name == "Jane Roe");
  REQUIRE(cv.sections.size() == 3);
  CHECK(cv.sections[0].title == "Études");
  CHECK(cv.sections[1].title == "Publications");
  CHECK(cv.sections[2].title == "Enseignement");
  std::vector<std::string> subs;
  for (const auto& e : cv.sections[1].entries)
    if (e.subheading) subs.push_back(e.text);
  CHECK(subs == std::vector<std::string>{"Journal Articles", "Conference Papers"});
}

TEST_CASE("cv typography: a body-font label over lines indented under it is left to its words", "[cv]") {
  using namespace kempt::cv::detail;
  auto lines = typeset_cv();
  lines.push_back(typeset("Referee Services", 10, 300));
  lines.push_back(typeset("Journal of Widgets", 10, 314, false, 90));
  mark_heading_styles(lines);
  CHECK(lines[12].heading_level == 0);  // not ruled out: its words decide, as in text
  CHECK(heading_title(lines[12], &lines[13]).has_value());
  CHECK(lines[7].heading_level == -1);  // "Java Projects", at the margin of its neighbours
}

TEST_CASE("cv typography: a heading wrapped over two lines of its font is one heading", "[cv]") {
  using namespace kempt::cv::detail;
  std::vector<Line> lines = {typeset("Jane Roe", 20, 60),         typeset("Education", 13, 100),
                             typeset("PhD, Example University", 10, 114), typeset("Honors and", 13, 140),
                             typeset("Awards", 13, 155),           typeset("Best paper award of the lab", 10, 169),
                             typeset("Teaching", 13, 195),         typeset("Skills", 13, 210),
                             typeset("Algorithms at Example University", 10, 224)};
  mark_heading_styles(lines);
  CHECK(lines[3].text == "Honors and Awards");
  CHECK(lines[4].blank);
  // two sections' titles, one under the other, stay two
  CHECK(lines[6].text == "Teaching");
  CHECK(lines[7].text == "Skills");
  CHECK(lines[7].heading_level == 2);
}

// A timeline chart's years on the baseline of a section's title: pdftotext's layout reads
// them as one line, the years after a gap.
TEST_CASE("cv typography: a heading sharing its baseline with a chart's axis is a heading, the axis before it", "[cv]") {
  using namespace kempt::cv::detail;
  std::vector<Line> lines = {typeset("Jane Roe", 20, 60),
                             typeset("Expérience professionnelle", 17, 100, true),
                             typeset("Enseignante temporaire, Université de Bordeaux, 2020", 10, 114),
                             typeset("Formation\t2008\t2010\t2012\t(3\t(4 )", 17, 140, true),
                             typeset("Doctorat en Informatique, Université de Bordeaux, 2016 – 2020", 10, 160),
                             typeset("Publications\tDrumond, Roe and others", 17, 190, true),
                             typeset("Roe, J. Apprentissage à partir de petits corpus. Thèse, 2019.", 10, 210)};
  mark_heading_styles(lines);
  REQUIRE(lines.size() == 8);
  CHECK(lines[3].text == "2008\t2010\t2012\t(3\t(4 )");
  CHECK(lines[3].heading_level < 2);
  CHECK(lines[4].text == "Formation");
  CHECK(lines[4].heading_level == 2);
  // words after the gap are no axis: the line stays whole
  CHECK(lines[6].text == "Publications\tDrumond, Roe and others");
}

// A left sidebar (column 0) beside a main column (column 1) holding most of the text: the
// sidebar's lesser headings are in a font of their own between its text's and its headings'.
TEST_CASE("cv typography: a sidebar's lesser headings in a font of their own are its sections", "[cv]") {
  using namespace kempt::cv::detail;
  auto side = [](const std::string& t, double size, double y) {
    Line l = typeset(t, size, y, false, 12);
    l.column = 0;
    return l;
  };
  auto main = [](const std::string& t, double size, double y, bool bold = false) {
    Line l = typeset(t, size, y, bold, 226);
    l.column = 1;
    return l;
  };
  std::vector<Line> lines = {
      side("Jane ROE", 25, 37),
      side("Docteure en Informatique", 14.5, 59),  // the job title, in the lesser headings' font
      side("Compétences", 20.5, 120),
      side("Machine learning et deep learning", 10, 146),
      side("Développement logiciel", 14.5, 170),
      side("Python", 10, 195),
      side("Soft skils", 14.5, 220),
      side("Autonomie, curiosité, collaboration", 10, 245),
      side("Intérêts", 20.5, 280),
      side("Danse, chant et comédie musicale", 10, 305),
      main("Expérience professionnelle", 17, 24, true),
      main("Enseignante temporaire, Université de Bordeaux, 2020", 10, 49),
      main("Cours d'algorithmique des tableaux et de bases de données pour la première année", 10, 62),
      main("Travaux pratiques en Python, HTML/CSS, PostgreSQL et Flask avec deux groupes", 10, 75),
      main("Doctorante contractuelle, INRIA Bordeaux Sud-ouest, 2016-2019", 10, 88),
      main("Études sur l'apprentissage profond pour la reconnaissance d'images et son interprétabilité", 10, 101),
      main("Publications", 17, 130, true),
      main("Roe, J. Apprentissage à partir de petits corpus de données. Thèse, Bordeaux, 2019.", 10, 155),
  };
  mark_heading_styles(lines);
  CHECK(lines[2].heading_level == 2);
  CHECK(lines[4].heading_level == 2);
  CHECK(lines[6].heading_level == 2);
  CHECK(lines[8].heading_level == 2);
  CHECK(lines[1].heading_level < 2);  // above the sidebar's first heading
  CHECK(lines[5].heading_level < 2);
  // one such line alone is no font of headings
  lines.erase(lines.begin() + 6, lines.begin() + 8);
  for (auto& l : lines) l.heading_level = 0;
  mark_heading_styles(lines);
  CHECK(lines[4].heading_level < 2);
}

TEST_CASE("cv typography: text inputs give gaps, and glyphs and typed rules leave headings", "[cv]") {
  using namespace kempt::cv::detail;
  std::vector<kempt::cv::Removed> removed;
  const auto lines = read_lines("Jane Roe\n\n\nFormação__________\nC ONTACT\nPhD\n", removed);
  REQUIRE(lines.size() == 7);  // the last, empty line after the final newline included
  CHECK(lines[0].gap_above == 0);
  CHECK(lines[3].gap_above == 2);  // two blank lines above it
  CHECK(lines[3].text == "Formação");
  CHECK(lines[4].small_caps);
  CHECK_FALSE(lines[5].small_caps);
  CHECK(lines[3].size == 0);  // nothing known of its font
  Line l;
  l.text = "❖ EXPÉRIENCES";
  CHECK(heading_title(l, nullptr) == std::optional<std::string>("EXPÉRIENCES"));
  l.text = "• Teaching";  // a list item, not a heading
  CHECK_FALSE(heading_title(l, nullptr).has_value());
}

TEST_CASE("cv joins: a link cut by a line break is one link, and no period is invented", "[cv]") {
  const std::string out = unwrapped(md(
      "Jane Roe\n\nPUBLICATIONS\n\n"
      "Roe, J. and Smith, A. A study of widgets and of the gadgets that go with them in [Quan-](https://x.org/a)\n"
      "[titative Finance](https://x.org/a), 2020.\n"
      "Roe, J. Urban\nWorkshop on Widgets, 2021.\n"));
  CHECK(out.find("in [Quantitative Finance](https://x.org/a), 2020.") != std::string::npos);
  CHECK(out.find("Urban Workshop on Widgets, 2021.") != std::string::npos);
  CHECK(out.find("Urban.") == std::string::npos);
}

TEST_CASE("cv glyphs: a skill's rating in circles goes, a circle bullet stays", "[cv]") {
  using kempt::cv::detail::normalize_text;
  CHECK(normalize_text("Python   ○ ○ ○ ○ ○   2016\n") == "Python               2016\n");
  CHECK(normalize_text("C/C++ ○○○○●\n") == "C/C++      \n");
  CHECK(normalize_text("○ Teaching assistant\n") == "○ Teaching assistant\n");
  CHECK(normalize_text("○ ○ two\n") == "○ ○ two\n");
  const std::string out = md("Jane Roe\n\nSKILLS\n\nPython   ○ ○ ○ ○ ○\nJava   ★★★☆☆\n");
  CHECK(out.find("○") == std::string::npos);
  CHECK(out.find("★") == std::string::npos);
  CHECK(out.find("Python") != std::string::npos);
  CHECK(out.find("Java") != std::string::npos);
}

namespace {

// A one-page PDF written object by object (no TeX needed): text lines in Helvetica
// (F1), Helvetica-Bold (F2) or an icon font (F3), WinAnsi bytes, and strokes under
// some of them.
struct PdfLine {
  double x, y, size;
  int font;
  std::string text;  // WinAnsi
  double underline = 0;  // the rule's length; 0: none
};

std::string tiny_pdf(const std::vector<PdfLine>& lines) {
  std::string content;
  for (const auto& l : lines) {
    content += "BT /F" + std::to_string(l.font) + " " + std::to_string(l.size) + " Tf " + std::to_string(l.x) + " " +
               std::to_string(l.y) + " Td (" + l.text + ") Tj ET\n";
    if (l.underline > 0)
      content += "0.5 w " + std::to_string(l.x) + " " + std::to_string(l.y - 2) + " m " +
                 std::to_string(l.x + l.underline) + " " + std::to_string(l.y - 2) + " l S\n";
  }
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R >> >> >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /FontAwesome /Encoding /WinAnsiEncoding >>"};
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (const auto o : offsets) {
    std::string n = std::to_string(o);
    pdf += std::string(10 - n.size(), '0') + n + " 00000 n \n";
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// The Markdown kempt makes of a one-page PDF of these lines (written to a temp file, removed after).
std::string convert_tiny_pdf(const std::vector<PdfLine>& lines, const std::string& name) {
  const fs::path pdf = fs::temp_directory_path() / ("kempt_cv_" + name + "_" + std::to_string(::getpid()) + ".pdf");
  {
    std::ofstream f(pdf, std::ios::binary);
    f << tiny_pdf(lines);
  }
  std::string out = kempt::cv::convert_pdf(pdf.string()).markdown;
  fs::remove(pdf);
  return out;
}

}  // namespace

TEST_CASE("cv from a PDF: headings by their font, underlined ones under their section, icons out", "[cv][pdf]") {
  if (!pdf_input()) FAIL("this build has no PDF input");
  const std::vector<PdfLine> page = {
      {72, 740, 20, 1, "Jane Roe"},
      {72, 700, 13, 1, "\xC9tudes"},
      {72, 684, 10, 1, "Doctorat en informatique, Universit\xE9 Laval"},
      {72, 656, 13, 1, "Publications"},
      {72, 640, 10, 1, "Roe, J. A study of widgets and how they are built for the lab."},
      {72, 626, 10, 1, "Java Projects"},
      {72, 612, 10, 1, "Roe, J. Another study of widgets and of the gadgets they need."},
      {72, 584, 13, 1, "Service"},
      {72, 566, 10, 1, "Reviewing", 46},
      {72, 552, 10, 1, "Journal of Widgets, Gadget Letters"},
      {72, 536, 10, 1, "Refereeing", 50},
      {72, 522, 10, 1, "Widget Conference"},
      {72, 508, 10, 3, "z"},  // a calendar icon whose glyph maps to a letter
      {84, 508, 10, 1, "Visiting researcher, Lab of Widgets"},
      {72, 494, 13, 1, "Enseignement"},
      {72, 478, 10, 2, "Charg\xE9" "e de cours, Universit\xE9 Laval"},
  };
  const std::string out = convert_tiny_pdf(page, "typography");
  INFO(out);
  CHECK(out.rfind("# Jane Roe\n", 0) == 0);
  std::size_t at = 0;
  for (const char* h : {"\n## Études\n", "\n## Publications\n", "\n## Service\n", "\n### Reviewing\n",
                        "\n### Refereeing\n", "\n## Enseignement\n"}) {
    const std::size_t p = out.find(h, at);
    CHECK(p != std::string::npos);
    if (p != std::string::npos) at = p;
  }
  CHECK(out.find("# Java Projects") == std::string::npos);
  CHECK(out.find("- Visiting researcher, Lab of Widgets\n") != std::string::npos);
  CHECK(out.find("z Visiting") == std::string::npos);
  CHECK(unwrapped(out).find("built for the lab. Java Projects") != std::string::npos);  // a wrapped line, not a title
}

// A left sidebar (name, skills, languages: a few words a line, a share of the page's
// words well under the main column's) beside a main column whose lines start at two
// margins (a date column, then the entries' text): each column is read whole, the
// sidebar's sections before the main column's, each with its own heading font.
TEST_CASE("cv from a PDF: a sidebar beside a main column with a date column is read column by column", "[cv][pdf]") {
  if (!pdf_input()) FAIL("this build has no PDF input");
  std::vector<PdfLine> page = {{40, 750, 18, 1, "Jane Roe"}, {40, 720, 14, 2, "Skills"}};
  const char* side[] = {"Python and scientific stack", "Widget design by hand", "Gadget repair and care",
                        "Lab safety and training"};
  double y = 704;
  for (const char* t : side) page.push_back({40, y, 9, 1, t}), y -= 14;
  page.push_back({40, y - 10, 14, 2, "Languages"});
  y -= 26;
  for (const char* t : {"French and English", "German, read well", "Spanish, spoken a little"})
    page.push_back({40, y, 9, 1, t}), y -= 14;
  // the main column: its heading, then dated entries of five text lines each
  page.push_back({200, 745, 12, 2, "Experience"});
  y = 725;
  const char* body[] = {"Designed the widgets of the lab and tested them by hand", "Measured how well the gadgets were built each week",
                        "Trained new students to use the widget bench safely", "Wrote the lab notes on every gadget we repaired",
                        "Kept the stock of parts in order for the whole team"};
  for (const char* dates : {"2019 - 2021", "2016 - 2019", "2014 - 2016"}) {
    if (dates[3] == '4') page.push_back({200, y, 12, 2, "Education"}), y -= 20;  // the main column's second heading
    page.push_back({200, y, 9, 1, dates});
    page.push_back({262, y, 9, 2, dates[3] == '4' ? "Doctorate in widgets, Gadget University" : "Research assistant, Lab of Widgets"});
    y -= 13;
    for (const char* t : body) page.push_back({262, y, 9, 1, t}), y -= 13;
    y -= 8;
  }
  const std::string out = unwrapped(convert_tiny_pdf(page, "sidebar"));
  INFO(out);
  const std::size_t skills = out.find("\n## Skills\n"), languages = out.find("\n## Languages\n"),
                    experience = out.find("\n## Experience\n");
  REQUIRE(skills != std::string::npos);
  REQUIRE(languages != std::string::npos);
  REQUIRE(experience != std::string::npos);
  CHECK(skills < languages);
  CHECK(languages < experience);
  CHECK(out.find("\n## Education\n") > experience);
  // each column's lines stay together: no sidebar line inside an entry, no entry text in the sidebar
  const std::string sidebar = out.substr(skills, experience - skills), main = out.substr(experience);
  for (const char* t : side) CHECK(sidebar.find(std::string("- ") + t + "\n") != std::string::npos);
  CHECK(sidebar.find("Spanish, spoken a little") != std::string::npos);
  CHECK(sidebar.find("widget bench") == std::string::npos);
  for (const char* t : {"Python", "French", "Spanish"}) CHECK(main.find(t) == std::string::npos);
  CHECK(main.find("Designed the widgets of the lab and tested them by hand Measured how well") != std::string::npos);
}

// The same sidebar beside a main column that is itself in two columns lower down
// (teaching beside service): each piece of the page is cut again, and its two
// columns read one after the other, not zipped line by line.
TEST_CASE("cv from a PDF: two columns inside the main column beside a sidebar are not zipped", "[cv][pdf]") {
  if (!pdf_input()) FAIL("this build has no PDF input");
  std::vector<PdfLine> page = {{40, 750, 18, 1, "Jane Roe"}, {40, 720, 14, 2, "Skills"}};
  const char* side[] = {"Python and scientific stack", "Widget design by hand", "Gadget repair and care",
                        "Lab safety and training", "French and English", "German, read well", "Spanish, spoken a little"};
  double y = 704;
  for (const char* t : side) page.push_back({40, y, 9, 1, t}), y -= 14;
  page.push_back({200, 745, 12, 2, "Experience"});
  y = 725;
  for (const char* t : {"Research assistant at the Lab of Widgets", "Designed the widgets of the lab by hand",
                        "Measured how well the gadgets were built", "Trained new students at the widget bench",
                        "Wrote the lab notes on every gadget"})
    page.push_back({200, y, 9, 1, t}), y -= 13;
  page.push_back({200, y - 10, 12, 2, "Teaching"});
  page.push_back({400, y - 16, 12, 2, "Service"});
  const char* teaching[] = {"Taught the widget course twice", "Graded the gadget labs each term", "Wrote the course notes on sprockets",
                            "Advised four students on their theses", "Ran the spring school on widgets"};
  const char* service[] = {"Reviewer for the Widget Journal", "Chair of the gadget workshop", "Member of the lab safety board",
                           "Organized the weekly seminar series", "Judge at the student widget fair"};
  for (int k = 0; k < 5; ++k) {
    page.push_back({200, y - 30 - 13 * k, 9, 1, teaching[k]});
    page.push_back({400, y - 36 - 13 * k, 9, 1, service[k]});
  }
  const std::string out = unwrapped(convert_tiny_pdf(page, "subcolumns"));
  INFO(out);
  const std::size_t experience = out.find("\n## Experience\n"), teaching_at = out.find("\n## Teaching\n"),
                    service_at = out.find("\n## Service\n");
  REQUIRE(experience != std::string::npos);
  REQUIRE(teaching_at != std::string::npos);
  REQUIRE(service_at != std::string::npos);
  CHECK(out.find("\n## Skills\n") < experience);
  CHECK(experience < teaching_at);
  CHECK(teaching_at < service_at);
  const std::string teaching_part = out.substr(teaching_at, service_at - teaching_at), service_part = out.substr(service_at);
  for (const char* t : teaching) CHECK(teaching_part.find(t) != std::string::npos);
  for (const char* t : service) CHECK(service_part.find(t) != std::string::npos);
  CHECK(teaching_part.find("Reviewer") == std::string::npos);
  CHECK(service_part.find("Taught") == std::string::npos);
}

// pdftotext -layout prints a left sidebar beside the main column on the same rows:
// its pieces of the rows are read first, then the main column's, and a row where
// only the other column has text is no blank line inside a column.
TEST_CASE("cv from -layout text: a left sidebar is read before the main column, not row by row", "[cv]") {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"Jane Roe", "EXPERIENCE"},
      {"", ""},
      {"SKILLS", "2019 - 2021   Research assistant at the Lab of Widgets"},
      {"Python and scientific stack", "              Designed the widgets of the lab by hand"},
      {"Widget design by hand", "              Measured how well the gadgets were built"},
      {"Gadget repair and care", "              Trained new students at the widget bench"},
      {"Lab safety and training", ""},
      {"", "2016 - 2019   Teaching assistant at Gadget University"},
      {"LANGUAGES", "              Graded the gadget labs each term for years"},
      {"French and English", "              Wrote the course notes on sprockets and gears"},
      {"German, read well", "              Advised four students on their theses"},
      {"Spanish, spoken a little", ""},
      {"", "2014 - 2016   Intern at the Sprocket Works of Lyon"},
      {"", "              Kept the stock of parts in order for the team"},
      {"", "              Ran the spring school on widgets twice"},
  };
  std::string text;
  for (const auto& [left, right] : rows) {
    std::string row = left + std::string(40 - left.size(), ' ') + right;
    while (!row.empty() && row.back() == ' ') row.pop_back();
    text += row + "\n";
  }
  const std::string out = unwrapped(md(text));
  INFO(text);
  INFO(out);
  const std::size_t skills = out.find("\n## Skills\n"), languages = out.find("\n## Languages\n"),
                    experience = out.find("\n## Experience\n");
  REQUIRE(skills != std::string::npos);
  REQUIRE(languages != std::string::npos);
  REQUIRE(experience != std::string::npos);
  CHECK(skills < languages);
  CHECK(languages < experience);
  const std::string sidebar = out.substr(skills, experience - skills), main = out.substr(experience);
  for (const char* t : {"Python and scientific stack", "Lab safety and training", "Spanish, spoken a little"})
    CHECK(sidebar.find(t) != std::string::npos);
  for (const char* t : {"Python", "French", "Spanish"}) CHECK(main.find(t) == std::string::npos);
  // each entry whole, with its date
  CHECK(main.find("**Research assistant at the Lab of Widgets**, Designed the widgets of the lab by hand — 2019 - 2021\n") !=
        std::string::npos);
  CHECK(main.find("- Trained new students at the widget bench\n") != std::string::npos);
  CHECK(main.find("**Intern at the Sprocket Works of Lyon**, Kept the stock of parts in order for the team — 2014 - 2016\n") !=
        std::string::npos);
}

TEST_CASE("cv publications: a title with a colon is no Key: value line", "[cv]") {
  const std::string out = unwrapped(md(
      "Jane Roe\n\nWORK IN PROGRESS\n\n"
      "The Geography of Widgets (with A. Smith). Drafting.\n"
      "Occupational Hazard: Inequalities in Widget Markets (with B. Jones). Drafting.\n"
      "AI and Widgets: Fostering Skills for a Future (2023). Briefing Note.\n\n"
      "SKILLS\n\nLanguages: English, French\n"));
  CHECK(out.find("- Occupational Hazard: Inequalities in Widget Markets (with B. Jones). Drafting.\n") != std::string::npos);
  CHECK(out.find("- AI and Widgets: Fostering Skills for a Future (2023). Briefing Note.\n") != std::string::npos);
  CHECK(out.find("**Occupational") == std::string::npos);
  CHECK(out.find("**AI") == std::string::npos);
  CHECK(out.find("- **Languages:** English, French\n") != std::string::npos);  // a real one stays
}

TEST_CASE("cv publications: a line's link URL does not make the page look wider", "[cv]") {
  // the first line is as wide as the page; the second is longer in bytes only, by its URL
  const std::string out = unwrapped(md(
      "Jane Roe\n\nBOOK CHAPTERS\n\n"
      "The Employment Impact of Widgets: Evidence from US Gadget Markets (with E. Smith) (2025). The\n"
      "Changing Nature of Work (Chicago Press, 2025), Chap. 2. [Book Chapter.]"
      "(https://www.example.org/books-and-chapters/changing-nature-work/employment-impact-of-widgets-and-gadgets)\n"));
  CHECK(out.find("(2025). The Changing Nature of Work (Chicago Press, 2025), Chap. 2. [Book Chapter.](https://") !=
        std::string::npos);
  CHECK(out.find("\n- Changing") == std::string::npos);
}

TEST_CASE("cv publications: a long line that ends a publication is not wrapped into the next", "[cv]") {
  const std::string out = unwrapped(md(
      "Jane Roe\n\nPUBLICATIONS\n\n"
      "J. Roe and A. Smith. A Study of Widgets. In Proceedings of the Conference on Widgets, 2020\n"
      "J. Roe, A. Smith and B. Jones. Gadgets Again. In Proceedings of the Workshop on Gadgets, 2021 [PDF]\n"
      "A. Smith, J. Roe and B. Jones. Widgets Once More. In Proceedings of the Workshop, 2022\n"));
  CHECK(out.find("on Widgets, 2020\n- **J. Roe**, A. Smith and B. Jones. Gadgets Again.") != std::string::npos);
  CHECK(out.find("on Gadgets, 2021 \\[PDF\\]\n- A. Smith, **J. Roe** and B. Jones.") != std::string::npos);
}

TEST_CASE("cv furniture: a running footer goes on its first page too", "[cv]") {
  const std::string out = md(
      "Jane Roe\n\nEDUCATION\n\nPhD in Widgets, University of Gadgets, 2020\nMSc in Widgets, University of Gadgets, 2016\n\n"
      "JUNE 16, 2026 JANE ROE · CURRICULUM VITAE 1\n\f"
      "TEACHING\n\nWidget Design, Lecturer, 2021\nGadget Theory, Lecturer, 2022\n\n"
      "JUNE 16, 2026 JANE ROE · CURRICULUM VITAE 2\n\f"
      "SKILLS\n\nLanguages: English, French\n\nJUNE 16, 2026 JANE ROE · CURRICULUM VITAE 3\n");
  CHECK(out.find("CURRICULUM VITAE") == std::string::npos);
  CHECK(out.find("- MSc in Widgets, University of Gadgets, 2016\n") != std::string::npos);
  CHECK(out.find("- **Languages:** English, French\n") != std::string::npos);
  // a name atop every page stays once, as the name
  const std::string named = md("Jane Roe\n\nEDUCATION\n\nPhD in Widgets, 2020\nMSc in Widgets, 2016\n\f"
                               "Jane Roe\n\nTEACHING\n\nWidget Design, 2021\nGadget Theory, 2022\n\f"
                               "Jane Roe\n\nSKILLS\n\nLanguages: English, French\n");
  CHECK(named.rfind("# Jane Roe\n", 0) == 0);
  // a header first seen atop page 2 is no name of page 1: it goes there too
  const std::string later = md("Jane Roe\n\nEDUCATION\n\nPhD in Widgets, 2020\nMSc in Widgets, 2016\n\f"
                               "Jane Roe          April 2026\n\nTEACHING\n\nWidget Design, 2021\nGadget Theory, 2022\n\f"
                               "Jane Roe          April 2026\n\nSKILLS\n\nLanguages: English, French\n");
  CHECK(later.find("April 2026") == std::string::npos);
  CHECK(later.rfind("# Jane Roe\n", 0) == 0);
  CHECK(later.find("- Gadget Theory, 2022\n") != std::string::npos);
}

TEST_CASE("cv links: a PDF link's anchor inside another link's text is not linked again", "[cv]") {
  using kempt::cv::detail::in_link_text;
  const std::string t = "Wages. [CEPEO Working Paper.](https://x.org/a) Working Paper.\n[Data](https://x.org/d) more";
  CHECK(in_link_text(t, t.find("Working")));      // inside "[CEPEO Working Paper.](…)"
  CHECK(in_link_text(t, t.find("CEPEO")));
  CHECK_FALSE(in_link_text(t, t.rfind("Working")));  // after the link: free
  CHECK_FALSE(in_link_text(t, t.find("Wages")));
  CHECK_FALSE(in_link_text(t, t.find("more")));
  CHECK_FALSE(in_link_text("a [b] c", 3));  // brackets that are no link
}

TEST_CASE("cv publications: a hanging indent starts each one, whatever its first word", "[cv]") {
  // the first line out at the left, the lines under it indented (-layout); a line
  // under it may start with a capital ("G. Wyness") or end a sentence, and stays
  const std::string out = unwrapped(md(
      "Jane Roe\n\nWORKING PAPERS\n\n"
      "The Widget Effect: Evidence from Widget Markets (with A. Smith, B. Jones and C. Lee). CESifo Working\n"
      "    Paper. Best Paper Award at the Widget Workshop.\n"
      "Degrees of Gadgets (with C. Crawford). Working Paper.\n"
      "Occupational Hazard: Inequalities in Widget Market Mismatch (with O. Francis, R. Murphy and G.\n"
      "    Wyness). Drafting.\n"
      "AI and Widgets: Fostering Skill Development for a Prosperous Future (2023). Briefing Note Series.\n"
      "     No 27.\n"));
  CHECK(out.find("Papers\n\n"
                 "- The Widget Effect: Evidence from Widget Markets (with A. Smith, B. Jones and C. Lee). CESifo "
                 "Working Paper. Best Paper Award at the Widget Workshop.\n"
                 "- Degrees of Gadgets (with C. Crawford). Working Paper.\n"
                 "- Occupational Hazard: Inequalities in Widget Market Mismatch (with O. Francis, R. Murphy and G. "
                 "Wyness). Drafting.\n"
                 "- AI and Widgets: Fostering Skill Development for a Prosperous Future (2023). Briefing Note "
                 "Series. No 27.\n") != std::string::npos);
}

TEST_CASE("cv publications: wrapped paragraphs end where a line ends short", "[cv]") {
  // no number, date, gap or indent between them: a line the next line's first word
  // would have fitted on, ending as a reference ends, closes one
  const std::string out = unwrapped(md(
      "Jane Roe\n\nRESEARCH PAPERS\n\n"
      "Housing Price Gradients in Widget City During the Gadget Pandemic (with Diego Mayorga and Karla Neri\n"
      "Hernández) Banco de Widgets, Working Papers 2024-18.\n"
      "Local Labor Markets in Widgetland: Definition, Data Bases, and Descriptive Analysis 1990-2020. With\n"
      "Lorenzo Aldeco and Claudia Velázquez. Banco de Widgets.\n"
      "Matching and Local Labor Market Size in Widgetland (with Jorge Meléndez and José Nuño). Alianza Working\n"
      "Paper 2023-003. (Resubmitted, Regional Science and Urban Economics)\n"
      "City Minimum Wages and Spatial Equilibrium Effects. Banco de Widgets, Working Papers 2022-04.\n"));
  CHECK(out.find("## Research Papers\n\n"
                 "- Housing Price Gradients in Widget City During the Gadget Pandemic (with Diego Mayorga and Karla "
                 "Neri Hernández) Banco de Widgets, Working Papers 2024-18.\n"
                 "- Local Labor Markets in Widgetland: Definition, Data Bases, and Descriptive Analysis 1990-2020. "
                 "With Lorenzo Aldeco and Claudia Velázquez. "
                 "Banco de Widgets.\n"
                 "- Matching and Local Labor Market Size in Widgetland (with Jorge Meléndez and José Nuño). Alianza "
                 "Working Paper 2023-003. (Resubmitted, Regional Science and Urban Economics)\n"
                 "- City Minimum Wages and Spatial Equilibrium Effects. Banco de Widgets, Working Papers 2022-04.\n") !=
        std::string::npos);
}

TEST_CASE("cv publications: a kind's label with a colon is a heading inside the section", "[cv]") {
  const std::string out = unwrapped(md(
      "Jane Roe\n\nPUBLICATIONS\n\n"
      "J. Roe and A. Smith. Widgets, Submitted. [PDF]\n"
      "Conference:\n"
      "A. Smith and J. Roe. Gadgets, In Proceedings of the Widget Conference (WC2018). [PDF]\n"));
  CHECK(out.find("- **J. Roe** and A. Smith. Widgets, Submitted. \\[PDF\\]\n\n"
                 "### Conference\n\n"
                 "- A. Smith and **J. Roe**. Gadgets, In Proceedings of the Widget Conference (WC2018). \\[PDF\\]\n") !=
        std::string::npos);
  CHECK(out.find("Conference:") == std::string::npos);
}

TEST_CASE("cv owner: the name before a dash, and short author lists", "[cv]") {
  // "Name – Curriculum vitae": the owner is the name; "Surname, Given" is one of their forms
  const std::string a = unwrapped(md("Jiuru Lyu – Curriculum vitae\n\nPUBLICATIONS\n\n"
                                     "[T1] Lyu, Jiuru. Double Descent. Honors Thesis, Emory University, 2026.\n"));
  CHECK(a.find("- \\[T1\\] **Lyu, Jiuru**. Double Descent.") != std::string::npos);
  // a section of one or two entries naming the owner among other authors lists them,
  // whatever its title; one naming the owner otherwise ("the Jane Roe Prize") does not
  const std::string b = unwrapped(md("Claire Alestra\n\nCURRENT PROJECTS\n\n"
                                     "C. Alestra, G. Cette, V. Chouard (2024), Does convergence challenge climate goals?\n\n"
                                     "AWARDS\n\nClaire Alestra Prize for the best thesis, 2020\n"));
  CHECK(b.find("- **C. Alestra**, G. Cette, V. Chouard (2024), Does convergence") != std::string::npos);
  CHECK(b.find("- Claire Alestra Prize for the best thesis") != std::string::npos);
  // patents are listed as papers are
  const std::string c = unwrapped(md("Jane Roe\n\nPATENTS\n\n"
                                     "N. Smith, J. Roe, Methods for widgets, US Patent App. 14/949,032, 2016\n"));
  CHECK(c.find("- N. Smith, **J. Roe**, Methods for widgets, US Patent App. 14/949,032, 2016\n") != std::string::npos);
}

TEST_CASE("cv publications: a page range cut by the line break is no new number", "[cv]") {
  const std::string out = unwrapped(md(
      "Jane Roe\n\nPUBLICATIONS\n\n"
      "[1] J. Roe. Widgets. In: Proceedings of the Widget Conference. Springer, 2017, pp. 147–\n"
      "163. isbn: 978-3-319-64999-3.\n"
      "[2] J. Roe and A. Smith. Gadgets. In: Gadget Letters, 2018.\n"));
  CHECK(out.find("\n- 163") == std::string::npos);
  CHECK(out.find("- \\[1\\] **J. Roe**. Widgets. In: Proceedings of the Widget Conference. Springer, 2017, pp. 147–163. "
                 "isbn:") != std::string::npos);
  CHECK(out.find("isbn: 978-3-319-64999-3.\n- \\[2\\] **J. Roe** and A. Smith. Gadgets.") != std::string::npos);
}

TEST_CASE("cv publications: in wrapped paragraphs, a full line ending a co-authored reference ends it", "[cv]") {
  // plain text: no indent; "… (with …). CEPEO Working Paper." fills its line, yet the
  // reference has its co-authors and a full stop ("(with C." would not)
  const std::string out = unwrapped(md(
      "Jane Roe\n\nWORKING PAPERS\n\n"
      "The Widget Impact of Emerging Gadget Technologies (with E. Smith, D. Li, S. Jones and T. Brown). CESifo Working\n"
      "Paper. Widget Database. Best Paper Award at the 2nd CESifo / ifo Junior Workshop on Big Data. IMF Paper Award\n"
      "at the Armenian Widget Association 2024 Annual Meetings.\n"
      "Degrees of Demand: Price Elasticity in Higher Widgets (with C. Crawford, R. Maris and G. Wyness). CEPEO Working Paper.\n"
      "Automation and Widgets over the Technology Life Cycle: Evidence from European Regions (with T. Ciarli, F. Jaccoud\n"
      "and M. Savona). Working Paper.\n"
      "Life Events, Social Identity and Values. Working Paper.\n"
      "Inter-generational Conflict and the Declining Labor Share. Working Paper.\n"));
  CHECK(out.find("- The Widget Impact of Emerging Gadget Technologies (with E. Smith, D. Li, S. Jones and T. Brown). "
                 "CESifo Working Paper. Widget Database. Best Paper Award at the 2nd CESifo / ifo Junior Workshop on Big "
                 "Data. IMF Paper Award at the Armenian Widget Association 2024 Annual Meetings.\n"
                 "- Degrees of Demand: Price Elasticity in Higher Widgets (with C. Crawford, R. Maris and G. Wyness). "
                 "CEPEO Working Paper.\n"
                 "- Automation and Widgets over the Technology Life Cycle: Evidence from European Regions (with T. "
                 "Ciarli, F. Jaccoud and M. Savona). Working Paper.\n"
                 "- Life Events, Social Identity and Values. Working Paper.\n"
                 "- Inter-generational Conflict and the Declining Labor Share. Working Paper.\n") != std::string::npos);
}

// ---- issue 15, headings: a line set apart by its font, its shape, its number or its place

TEST_CASE("cv typography: a font a point above the body's sets headings apart when bold or spaced", "[cv]") {
  using namespace kempt::cv::detail;
  std::vector<Line> lines;
  double y = 60;
  auto add = [&](const std::string& t, double size, bool bold, double gap) {
    lines.push_back(typeset(t, size, y += 14 + gap * 13, bold));
    lines.back().gap_above = gap;
  };
  add("Luís Roe", 18, false, 0);
  add("Formação", 12, true, 1.1);
  add("Especialização em design de interação, CESAR School, conclusão em 2022", 11, false, 0);
  add("Experiência Profissional", 12, true, 1.1);
  add("Desenvolvedor de inovação e tecnologia no instituto SENAI de Recife", 11, false, 0);
  add("Informações Adicionais", 12, true, 1.1);  // no section word: its font tells
  add("Vencedor do desafio de inovação e empreendedorismo da universidade", 11, false, 0);
  add("Bolsa Santander", 12, false, 0);  // a point larger, neither bold nor spaced: no heading font
  add("Bolsa de estudos para o intercâmbio de um semestre na Europa", 11, false, 0);
  CHECK_FALSE(heading_title(lines[5], &lines[6]).has_value());  // its words alone make no title
  mark_heading_styles(lines);
  CHECK(lines[1].heading_level == 2);
  CHECK(lines[3].heading_level == 2);
  CHECK(lines[5].heading_level == 2);
  CHECK(lines[7].heading_level != 2);
  CHECK(heading_title(lines[5], &lines[6]) == std::optional<std::string>("Informações Adicionais"));

  // moderncv: section titles in normal weight, a point above the body, space above them
  std::vector<Line> mcv;
  y = 60;
  auto put = [&](const std::string& t, double size, double gap) {
    mcv.push_back(typeset(t, size, y += 14 + gap * 13));
    mcv.back().gap_above = gap;
  };
  put("Thalita Roe", 20, 0);
  for (const char* section : {"Diplômes", "Publications", "Langages de programmation et outils logiciels"}) {
    put(section, 12, 2.5);
    put("Doctorat en informatique, Université Paris-Saclay, thèse sur les réseaux", 11, 0.4);
    put("Master recherche en ingénierie électrique, Université de Campinas", 11, 0);
  }
  mark_heading_styles(mcv);
  CHECK(mcv[7].heading_level == 2);
  CHECK(heading_title(mcv[7], &mcv[8]) == std::optional<std::string>("Langages de programmation et outils logiciels"));
}

TEST_CASE("cv headings: a numbered section between two numbered headings, whatever its words", "[cv]") {
  const std::string plain = md("Juan Roe\n\n1. Experiencia Laboral\n\nAnalista de datos, Santiago 2019\n\n"
                               "Educación Media\nColegio San Javier, Puerto Montt\n\n"
                               "2. Antecedentes formativos\n\nDoctorado en Sociología, Santiago\n\n"
                               "3. Manejo de Software\n\nStata, R\n");
  CHECK(plain.find("\n## 2. Antecedentes formativos\n") != std::string::npos);
  CHECK(plain.find("\n## 3. Manejo de Software\n") != std::string::npos);
  // between numbered sections, an unnumbered Title Case line is no section
  CHECK(plain.find("# Educación Media") == std::string::npos);
  CHECK(plain.find("Educación Media") != std::string::npos);
  // -layout: the number and the title apart
  const std::string layout = md("Juan Roe\n\n   1.   Experiencia Laboral\n\n   Analista de datos\n\n"
                                "   2.   Antecedentes formativos\n\n   Doctorado en Sociología\n\n"
                                "   3.   Manejo de Software\n\n   Stata, R\n");
  CHECK(layout.find("\n## 2. Antecedentes formativos\n") != std::string::npos);
  // plain text with the number on a line of its own
  const std::string alone = md("Juan Roe\n\n1.\n\nExperiencia Laboral\n\nAnalista de datos\n\n2.\n\n"
                               "Antecedentes formativos\n\nDoctorado en Sociología\n\n3.\n\nManejo de Software\n\nStata, R\n");
  CHECK(alone.find("\n## Antecedentes formativos\n") != std::string::npos);
  // a number no neighbour confirms stays text
  const std::string last = md("Juan Roe\n\n1. Experiencia Laboral\n\nAnalista de datos\n\n2. Antecedentes formativos\n\nX\n");
  CHECK(last.find("# 2.") == std::string::npos);
}

TEST_CASE("cv headings: a short note in parentheses after a title", "[cv]") {
  CHECK(md("Joana Roe\n\nFormação\n\nMestrado, Lisboa 2020\n\nCompetências Técnicas (Hard Skills)\n\nJava, C\n")
            .find("\n## Competências Técnicas (Hard Skills)\n") != std::string::npos);
  CHECK(md("Jorge Roe\n\nPublications\n\nRoe, J. (2020). A paper.\n\nPresentations (*=Coauthor)\n\nA workshop\n")
            .find("\n## Presentations (\\*=Coauthor)\n") != std::string::npos);
  CHECK(md("Jane Roe\n\nEducation\n\nPhD, Somewhere 2010\n\nResearch Assistant (part-time)\n\nLab X\n")
            .find("# Research Assistant") == std::string::npos);
}

TEST_CASE("cv headings: caps labels stacked in the margin of a label-left page are one", "[cv]") {
  const std::string in =
      "Jane Roe\n"
      "EDUCATION       PhD in Widgetry, Example University                 2020\n"
      "                Thesis: On Widgets and how they are made\n"
      "                Advised by Prof. Richard Roe\n"
      "                MSc in Widgetry, Example University                 2016\n"
      "\n"
      "ACADEMIC        • Organised star parties for the public in the city\n"
      "OUTREACH          park and in schools of the region.\n"
      "ACTIVITIES      • Judged a science fair for the schools.\n"
      "\n"
      "AWARDS          • Best poster award of the widget society\n"
      "                  for a poster on widgets.\n"
      "\n"
      "C OMPUTATIONAL • Working knowledge of Python and C.\n"
      "S KILLS         • Experience with clusters.\n";
  const std::string out = md(in);
  INFO(out);
  CHECK(out.find("\n## Academic Outreach Activities\n") != std::string::npos);
  CHECK(out.find("## Outreach") == std::string::npos);
  CHECK(unwrapped(out).find("- Organised star parties for the public in the city park and in schools of the region.\n") !=
        std::string::npos);
  CHECK(out.find("\n## Awards\n") != std::string::npos);
  CHECK(out.find("\n## Computational Skills\n\n- Working knowledge of Python and C.\n- Experience with clusters.\n") !=
        std::string::npos);
}

TEST_CASE("cv name: the line in the largest font, though an address is set above it", "[cv]") {
  using namespace kempt::cv::detail;
  std::vector<Line> lines = {typeset("Serra de Santo António", 10, 50, false, 420), typeset("Daniel Roe", 25, 80),
                             typeset("Perfil", 14.5, 140), typeset("Estudante de mestrado em engenharia", 11, 156),
                             typeset("Idiomas", 14.5, 190), typeset("Português nativo, inglês fluente", 11, 206)};
  mark_heading_styles(lines);
  CHECK(build_cv(lines, "").name == "Daniel Roe");
  // a name only a little larger than the line above it: the first line still is the name
  std::vector<Line> close = {typeset("Jane Roe", 12, 50), typeset("Research Scientist", 14, 66),
                             typeset("Education", 14.5, 100), typeset("PhD in widgets, Example University", 11, 116)};
  CHECK(build_cv(close, "").name == "Jane Roe");
}

TEST_CASE("cv text headings: a line shaped like the CV's headings, with their words or capitals", "[cv]") {
  const std::string caps = md("João Roe\n\nEXPERIÊNCIA PROFISSIONAL\nAnalista, Rio de Janeiro 2019\n\n"
                              "EDUCAÇÃO\nMestrado, UFRJ 2018\n\nSOBRE MIM\nCientista da computação.\n\n"
                              "IDIOMAS\nPortuguês, inglês\n\nPROFESSOR SUBSTITUTO\nUFRJ, Rio de Janeiro\n\nUFRJ\nRio\n");
  INFO(caps);
  CHECK(caps.find("\n## SOBRE MIM\n") != std::string::npos);
  CHECK(caps.find("# PROFESSOR") == std::string::npos);  // a job's words
  CHECK(caps.find("# UFRJ") == std::string::npos);       // an acronym
  const std::string title = md("Claire Roe\n\nPoste Actuel\nMaîtresse de conférences, Paris\n\n"
                               "Formations et diplômes\nDoctorat, Marseille\n\n"
                               "Séjours de Recherche\nChercheuse invitée, Santa Barbara\n\n"
                               "Projets en cours\nUn article sur le climat\n\n"
                               "Financements\n11/2017–12/2018\n\nAWS Research Grant\nFinancement de 2000 euros\n");
  INFO(title);
  CHECK(title.find("\n## Séjours de Recherche\n") != std::string::npos);
  CHECK(title.find("# AWS") == std::string::npos);  // under its date: an entry's title
  // a project's title with one title word, an organisation, a lead-in to the next line: no headings
  const std::string entries = md("Kevin Roe\n\nSummary\nI verify controllers.\n\nSkills\nPython\n\n"
                                 "Education\nPhD, Berkeley\n\nSign Language Translation System\nA design contest\n\n"
                                 "NortonLifeLock Research Group\nMachine learning intern\n\n"
                                 "Preprints & Under Submission Note:\nfirst-author papers.\n");
  INFO(entries);
  CHECK(entries.find("# Sign") == std::string::npos);
  CHECK(entries.find("# Norton") == std::string::npos);
  CHECK(entries.find("# Preprints") == std::string::npos);
  // a CV opening with a heading (its name set elsewhere): a place under a date stays an entry's
  const std::string opening = md("Experiencia\n06/2019–\n12/2019\n\nIBM Germany Research & Development\nPracticante\n\n"
                                 "Educación\nIngeniería, Monterrey\n\nIdiomas\nInglés\n\nPerfil\nIngeniero de software\n");
  INFO(opening);
  CHECK(opening.find("# IBM") == std::string::npos);
  // a CV opening with a heading: its name in capitals further down, right over a heading, is no section
  const std::string named = md("SUMMARY\n\nI study motion.\n\nJANE ROE\n\nEDUCATION\n\nWaseda University\n\n"
                               "SKILLS\n\nPython\n\nPUBLICATIONS\n\nRoe, J. A paper. 2020.\n");
  INFO(named);
  CHECK(named.find("# JANE") == std::string::npos);
  // the text after a label's colon
  const std::string colon = md("Ana Roe\n\nEducación\nIngeniería, Monterrey\n\nCursos\nPython\n\nIdiomas\nInglés\n\n"
                               "Perfil\nAnalista\n\nSports Analytics:\n\nMicro cursos de Kaggle de Ciencia de Datos\nUn texto\n");
  INFO(colon);
  CHECK(colon.find("# Micro") == std::string::npos);
  // the same shape in a CV whose headings are not shaped so: no heading
  CHECK(md("Claire Roe\n\nPoste Actuel\n\nMaîtresse de conférences\n\nSéjours de Recherche\nSanta Barbara\n")
            .find("# Séjours") == std::string::npos);
}

TEST_CASE("cv headings: capitals of a long word are no acronym", "[cv]") {
  using kempt::cv::detail::title_case;
  CHECK(title_case("COMPUTATIONAL SKILLS") == "Computational Skills");
  CHECK(title_case("IEEE AWARDS") == "IEEE Awards");
}

TEST_CASE("cv text headings: a typed rule underlines, and what is no heading's shape", "[cv]") {
  // Word's underlined headings, extracted as a rule of underscores: the rule says it
  const std::string ruled = md("Luís Roe\n\nFormação______________\n● Graduação, UFPE\n\n"
                               "Experiência Profissional______________\n● Desenvolvedor, Recife\n\n"
                               "Qualificação e Atividades Complementares______________\n● Angular\n\n"
                               "Informações Adicionais______________\n● Vencedor de um desafio\n");
  INFO(ruled);
  CHECK(ruled.find("\n## Informações Adicionais\n") != std::string::npos);
  // a course over its degree line is that entry's title, though shaped like the headings
  const std::string course = md("Guillaume Roe\n\nParcours universitaire\nDoctorat, Nancy\n\n"
                                "Expériences professionnelles\nIngénieur, Paris\n\nActivités de recherche\nUn projet\n\n"
                                "Activités d’enseignement\nUn cours\n\nModélisation du système d’information\n"
                                "Master 2, Université de Lorraine, cours de 8 heures\n");
  INFO(course);
  CHECK(course.find("# Modélisation") == std::string::npos);
  // a page's form feed is no blank line above
  const std::string paged = md("Guillaume Roe\n\nParcours universitaire\nDoctorat, Nancy\n\n"
                               "Expériences professionnelles\nIngénieur, Paris\n\nActivités de recherche\nUn projet\n\n"
                               "Financements obtenus\nMicrosoft Azure Sponsorship\nFinancement: 20000\n"
                               "\fAWS in Education Research Grant\nFinancement: 2000\n");
  INFO(paged);
  CHECK(paged.find("# AWS") == std::string::npos);
  // a table's label wrapped under its text, a heading right after it: no empty section
  const std::string tail = md("Thalita Roe\n\nDiplômes\nDoctorat, Paris\n\nLangages de programmation\n"
                              "Langages et Python, Matlab\nAutres Git, Linux\nLogiciels\n\nLangues\nAnglais\n");
  INFO(tail);
  CHECK(tail.find("# Logiciels") == std::string::npos);
  CHECK(tail.find("Logiciels") != std::string::npos);
  CHECK(tail.find("\n## Langues\n") != std::string::npos);
}

TEST_CASE("cv name: a date cell, a place or a web address is no name", "[cv]") {
  // a sidebar CV through plain pdftotext: the main column's first date cell comes first, the
  // name far below; no line up there is a name, so none is made up
  const std::string sidebar =
      md("avr. – juil.\n2021\n\nToulouse, France\n@ jane@roe.org\n\njaneroe.github.io\n\nEXPERIENCE\nEngineer, Acme\n");
  CHECK(sidebar.rfind("# Curriculum Vitae\n\navr. – juil. · 2021 · Toulouse, France · @", 0) == 0);
  CHECK(md("Toulouse, France\nJane Roe\n\nEXPERIENCE\nEngineer, Acme\n").rfind("# Jane Roe\n", 0) == 0);
  // a degree after the comma is the name's
  CHECK(md("Jane Roe, PhD\nToulouse\n\nEXPERIENCE\nEngineer, Acme\n").rfind("# Jane Roe, PhD\n", 0) == 0);
}

TEST_CASE("cv name: a name in capitals wrapped over two lines, and no heading for a name", "[cv]") {
  const std::string wrapped = md("JOÃO VITOR\nDE O. SILVA          Rio de Janeiro, Brasil\n\nEDUCAÇÃO\nMestrado, UFRJ\n");
  CHECK(wrapped.rfind("# JOÃO VITOR DE O. SILVA\n", 0) == 0);
  CHECK(wrapped.find("Rio de Janeiro, Brasil") != std::string::npos);
  // a title under the name is no part of it
  CHECK(md("JANE ROE\nDATA SCIENTIST\n\nEDUCATION\nPhD, Somewhere\n").rfind("# JANE ROE\n", 0) == 0);
  CHECK(md("JANE ROE\nMACHINE LEARNING\n\nEDUCATION\nPhD, Somewhere\n").rfind("# JANE ROE\n", 0) == 0);
  // -layout: a right-aligned contact block's first line set above the name
  const std::string right = md(std::string(40, ' ') + "Serra de Santo António\n" + "Daniel Roe" +
                               std::string(33, ' ') + "Alcanena, Portugal\n" + std::string(44, ' ') +
                               "(+351) 912 559 675\n\nPerfil\nEstudante\n");
  CHECK(right.rfind("# Daniel Roe\n", 0) == 0);
  // a centred name over lines that end elsewhere stays the name
  CHECK(md(std::string(40, ' ') + "Jane Roe\nDepartment of Physics" + std::string(10, ' ') + "jane@example.org\n" +
           std::string(36, ' ') + "Example University\n\nEDUCATION\nPhD, Somewhere\n")
            .rfind("# Jane Roe\n", 0) == 0);
  // a PDF whose first heading is in the largest font: the name is still the first line
  using namespace kempt::cv::detail;
  std::vector<Line> lines = {typeset("Bastien Roe\tSITE RELIABILITY ENGINEER", 7.5, 40), typeset("Paris, France", 8, 60),
                             typeset("Skills", 16, 100, true), typeset("Cloud platforms, AWS and GCP", 9, 116),
                             typeset("Experience", 16, 140, true), typeset("Engineer at a company in Paris", 9, 156)};
  mark_heading_styles(lines);
  CHECK(build_cv(lines, "").name == "Bastien Roe");
  // a job's title set larger than a first line that mixes the name with smaller text
  std::vector<Line> job = {typeset("Hongyi Roe\tPiscataway, NJ", 9, 40), typeset("Assistant Professor", 17, 60),
                           typeset("Positions", 14.5, 100), typeset("Assistant Professor, CS Department, Rutgers", 10, 116),
                           typeset("Education", 14.5, 140), typeset("PhD in widgets, Example University", 10, 156)};
  mark_heading_styles(job);
  CHECK(build_cv(job, "").name == "Hongyi Roe");
}

TEST_CASE("cv entries: a numbered entry's hanging indent keeps its details", "[cv]") {
  // "2. Funder, 2023:" over its indented project line: one entry, not two
  const std::string out = md("Jane Roe\n\nGRANTS\n\n   1. National Science Fund, 2024 – 2026:\n"
                             "      Economic Impacts of Development Cooperation in Africa. PI.\n\n"
                             "   2. Think Tank Cooperation, 2023:\n      South Cooperation Framework. PI.\n");
  CHECK(out.find("- 1\\. National Science Fund, 2024 – 2026:\n  - Economic Impacts of Development Cooperation in Africa. PI.\n") !=
        std::string::npos);
  CHECK(out.find("- 2\\. Think Tank Cooperation, 2023:\n  - South Cooperation Framework. PI.\n") != std::string::npos);
}

TEST_CASE("cv dates: Spanish 'a la fecha' ends an open range", "[cv]") {
  const std::string out = md("Jane Roe\n\nEXPERIENCE\n\nInvestigador y Analista de Datos        Sept. 2019 – a la fecha\n"
                             "Agencia Calidad de la Educación, Santiago.\n\nAnalista de datos        Mar. 2014 – Sept. 2019\n"
                             "Centro de Medición Mide UC, Santiago.\n");
  // the date is whole and the place line stays under its title
  CHECK(out.find("Investigador y Analista de Datos — Sept. 2019 – a la fecha\n\n- Agencia Calidad de la Educación, Santiago.\n") !=
        std::string::npos);
  CHECK(out.find("Analista de datos — Mar. 2014 – Sept. 2019\n\n- Centro de Medición Mide UC, Santiago.\n") != std::string::npos);
  // "a" and "la" join a date's parts but open none: the year alone is the date
  const std::string won = md("Jane Roe\n\nAWARDS\n\nBest poster prize a 2019\n");
  CHECK(won.find("- Best poster prize a — 2019\n") != std::string::npos);
}

TEST_CASE("cv entries: the line indented under a dated bullet line is its place", "[cv]") {
  // -layout: each award a bullet with its date at the right, its place line under its text
  const std::string out = md("Jane Roe\n\nAWARDS AND HONORS\n\n"
                             " • Evans Award                                        May 2025\n"
                             "   Department of Mathematics, Emory University        Atlanta, GA\n"
                             " • Honor Society                                      Apr 2026\n"
                             "   Emory Chapter of the Society                       Atlanta, GA\n");
  CHECK(out.find("- **Evans Award**, Department of Mathematics, Emory University, Atlanta, GA —\n  May 2025\n") !=
        std::string::npos);
  CHECK(out.find("- **Honor Society**, Emory Chapter of the Society, Atlanta, GA — Apr 2026\n") != std::string::npos);
}

TEST_CASE("cv entries: labelled lines right under a date-led line are its details", "[cv]") {
  // plain pdftotext lost the hanging indent of "Cargo: …" / "Descrição: …" under the dated line
  const std::string out = md("Jane Roe\n\nEXPERIENCE\n\n08/2018 - 12/2018 - CIn UFPE\nCargo: Monitor\n"
                             "Descrição: monitor na disciplina de Engenharia de Software e Sistemas ministrada pelo\n"
                             "professor Paulo Borba.\n02/2017 - 04/2018 - Instituto SENAI\nCargo: Estagiário\n\n"
                             "CONTACT\n\nBorn 07.05.1989\nTelefon: 123\n");
  CHECK(out.find("### CIn UFPE — 08/2018 - 12/2018\n\n- Cargo: Monitor\n- Descrição: monitor na disciplina de Engenharia "
                 "de Software e Sistemas\n  ministrada pelo professor Paulo Borba.\n") != std::string::npos);
  CHECK(out.find("### Instituto SENAI — 02/2017 - 04/2018\n\n- Cargo: Estagiário\n") != std::string::npos);
  // under a line that does not open with its date, a "Key: value" line is an entry of its own
  CHECK(out.find("- **Telefon:** 123\n") != std::string::npos);
}

TEST_CASE("cv dates: plain text's column of date and place cells before its bullet entries", "[cv]") {
  // pdftotext printed the right column (date over place) first, then the bullets (title over place)
  const std::string out = md("Jane Roe\n\nAWARDS AND HONORS\nMay 2025\nAtlanta, GA\nApr 2026\nBoston, MA\n\n"
                             "• Evans Award\nDepartment of Mathematics\n• Honor Society\nChapter of the Society\n");
  CHECK(out.find("- **Evans Award**, Department of Mathematics, Atlanta, GA — May 2025\n"
                 "- **Honor Society**, Chapter of the Society, Boston, MA — Apr 2026\n") != std::string::npos);
  // the bullets first, their date and place cells in the block after them
  const std::string after = md("Jane Roe\n\nTEACHING\n• Emory Department of Mathematics\nGrader in MATH 212\n"
                               "• Academic Success\nPeer Tutor in Mathematics\n\nJan 2026 – Present\nAtlanta, GA\n"
                               "Sep 2023 – Present\nBoston, MA\n");
  CHECK(unwrapped(after).find("- **Emory Department of Mathematics**, Grader in MATH 212, Atlanta, GA — Jan 2026 – Present\n"
                             "- **Academic Success**, Peer Tutor in Mathematics, Boston, MA — Sep 2023 – Present\n") !=
        std::string::npos);
}

TEST_CASE("cv dates: French, Spanish and Portuguese seasons, an accented capital first", "[cv]") {
  const std::string out = md("Jane Roe\n\nEXPÉRIENCE\nDéveloppeuse | Google Summer of Code\nÉté 2021\n"
                             "Sélectionnée pour le programme.\nStagiaire | Inria\nÉTÉ 2020\n\n"
                             "EXPERIENCIA\nBecaria | UPM\nVerano 2019\n");
  CHECK(out.find("- Développeuse \\| Google Summer of Code — Été 2021\n") != std::string::npos);
  CHECK(out.find("- Stagiaire \\| Inria — ÉTÉ 2020\n") != std::string::npos);
  CHECK(out.find("- Becaria \\| UPM — Verano 2019\n") != std::string::npos);
  // a season word alone is no date
  CHECK(md("Jane Roe\n\nEXPÉRIENCE\nÉté\n").find("- Été\n") != std::string::npos);
}

TEST_CASE("cv entries: the line under a dated line closing with a colon is its detail", "[cv]") {
  const std::string out = md("Jane Roe\n\nGRANTS\n1. Science Foundation, 2024 – 2026:\n"
                             "Impacts of Development Cooperation in Africa and the effects of the programme on\n"
                             "households. PI.\n2. Growth Centre, 2025:\nHiring Health Promoters. Co-PI.\n");
  CHECK(out.find("- 1\\. Science Foundation, 2024 – 2026:\n"
                 "  - Impacts of Development Cooperation in Africa and the effects of the\n"
                 "    programme on households. PI.\n"
                 "- 2\\. Growth Centre, 2025:\n  - Hiring Health Promoters. Co-PI.\n") != std::string::npos);
  // an undated label with a colon is left as it was, and so is a colon that a name
  // holds ("Robotics: Science and Systems"), whatever years the line has before it
  const std::string label = md("Jane Roe\n\nSKILLS\nLanguages:\nEnglish, French\n");
  CHECK(label.find("  - English") == std::string::npos);
  const std::string name = md("Jane Roe\n\nSERVICE\nProgramme Committee\nKR 2021; NeurIPS 2020; Robotics:\n"
                              "Science and Systems (RSS) 2020\n");
  CHECK(name.find("  - Science and Systems") == std::string::npos);
}

TEST_CASE("cv dates: plain text's right date column printed after its entries' block", "[cv]") {
  // two entries (a title line ending with a comma, its place under it), then their two dates
  const std::string out = md("Jane Roe\n\nEDUCATION\n\nPhD in Sociology,\nCatholic University of Chile.\n"
                             "Master in Sociology,\nUniversity of Chile\n\nMar. 2023 – a la fecha\nMar. 2017 – May. 2019\n\n"
                             "Summer School\nUniversity of Bonn\n\n2016\n");
  CHECK(out.find("- PhD in Sociology, Catholic University of Chile. — Mar. 2023 – a la fecha\n"
                 "- Master in Sociology, University of Chile — Mar. 2017 – May. 2019\n"
                 "- **Summer School**, University of Bonn — 2016\n") != std::string::npos);
  // the dates first, then as many entries: the dates are theirs (date_table), not the entries' above
  const std::string first = md("Jane Roe\n\nTEACHING\n\nStatistics\n\n2021–2022\n2019–2021\n\n"
                               "Lecturer\nAssistant\n\nUniversity of Bonn\nUniversity of Kiel\n");
  CHECK(first.find("- Statistics\n- **Lecturer**, University of Bonn — 2021–2022\n"
                   "- **Assistant**, University of Kiel — 2019–2021\n") != std::string::npos);
}

TEST_CASE("cv dates: title lines closed by full stops over their date cell", "[cv]") {
  const std::string out = md("Jane Roe\n\nAWARDS\n\nNational Research Agency.\nDoctoral grant.\n\n2023\n\n"
                             "COES Conference, Santiago, Chile.\nBest poster award.\n\n2018\n");
  CHECK(out.find("- **National Research Agency.** Doctoral grant. — 2023\n"
                 "- **COES Conference, Santiago, Chile.** Best poster award. — 2018\n") != std::string::npos);
  // a sentence wrapped over more lines than a title has stays apart from the date under it
  const std::string prose = md("Jane Roe\n\nAWARDS\n\nBest Poster\n\n2019\n\nThe award went to the best poster.\n"
                               "Its jury met in\nthe spring\nand chose it.\n\n2018\n");
  CHECK(prose.find("- Best Poster — 2019\n") != std::string::npos);
  CHECK(prose.find("**The award went to the best poster.**") == std::string::npos);
}

TEST_CASE("cv entries: wrapped sentences under an entry's title and date blocks describe it", "[cv]") {
  const std::string out = md("Jane Roe\n\nPROJECTS\n\nStudent council\n\nMarch 2020\n\n"
                             "I was part of the department council in my school, where I\nhad a vote in its decisions.\n\n"
                             "Volunteer\n\nMay 2019\n");
  CHECK(out.find("### Student council — March 2020\n\n- I was part of the department council in my school, where I "
                 "had a vote in its\n  decisions.\n\n### Volunteer — May 2019\n") != std::string::npos);
  // lines of their own (each opening with a capital) are no wrapped sentence
  const std::string list = md("Jane Roe\n\nPROJECTS\n\nStudent council\n\nMarch 2020\n\nPoetry.\nChess.\n");
  CHECK(list.find("  - Poetry") == std::string::npos);
  CHECK(list.find("- Student council — March 2020\n") != std::string::npos);
}

TEST_CASE("cv dates: plain text's table column whose cell wrapped onto a second line", "[cv]") {
  const std::string out = md("Jane Roe\n\nMISCELLANEOUS\n2026 Winter\n2020 Winter\n2018 April\n\n"
                             "Research Expert Panel, Interim report to the Treasury, Financial Services Skill\n"
                             "Commission\nWinter School on Inequality and Social Welfare Theory, University of Verona\n"
                             "Econometric Games, University of Amsterdam\n\nLondon, UK\nAlba di Canazei, IT\nAmsterdam, NL\n");
  CHECK(out.find("- **Research Expert Panel, Interim report to the Treasury, Financial Services\n"
                 "  Skill Commission**, London, UK — 2026 Winter\n"
                 "- **Winter School on Inequality and Social Welfare Theory, University of\n"
                 "  Verona**, Alba di Canazei, IT — 2020 Winter\n"
                 "- **Econometric Games, University of Amsterdam**, Amsterdam, NL — 2018 April\n") != std::string::npos);
  // without a column of a line per row beside it, a line more than rows is no wrapped cell:
  // four prizes for three dates stay four
  const std::string four = md("Jane Roe\n\nAWARDS\n2026\n2020\n2018\n\nAlpha Prize of the Society\nBeta Prize\n"
                              "Gamma Prize of the Society\nDelta Prize\n");
  CHECK(four.find("Society Beta") == std::string::npos);
}

TEST_CASE("cv dates: a date cell alone goes to the block under it where dates lead their lines", "[cv]") {
  const std::string in = "Jane Roe\n\nEXPERIENCE\n\nDeep Learning course\n[certificate]\n\n11/2023\n\n"
                         "SIGIR Asia 2023 (Beijing, China)\nOral paper presentation\n\n"
                         "10/2021 - 3/2023 Adacotech Inc. (Tokyo, Japan)\nMachine learning engineer\n";
  const std::string out = md(in);
  CHECK(out.find("- **SIGIR Asia 2023 (Beijing, China)**, Oral paper presentation — 11/2023\n") != std::string::npos);
  CHECK(out.find("[certificate\\] — 11/2023") == std::string::npos);
  // a bare link under the date cell is no title: the date stays with the title above
  const std::string link = md("Jane Roe\n\nEDUCATION\n4/2021 - Present Waseda University (Tokyo, Japan)\n\n"
                              "High School\n\n4/2018 - 3/2021\n\ngithub.com/jroe\n");
  CHECK(link.find("- High School — 4/2018 - 3/2021\n") != std::string::npos);
  // where a line closes with its date, the date cell is still the title's above it
  const std::string closing = md("Jane Roe\n\nEXPERIENCE\n\nMassachusetts Institute of Technology\n\n2021 - 2022\n\n"
                                 "Visiting student\nCambridge, MA\n\nIntern, Acme 2019\n");
  CHECK(closing.find("- Massachusetts Institute of Technology — 2021 - 2022\n") != std::string::npos);
}

TEST_CASE("cv dates: a date cell naming the role of each date", "[cv]") {
  const std::string out = md("Jane Roe\n\nEXPERIENCE\nHead of External — Speakers Series\n\n"
                             "Member since 10/2018, Head since 4/2020\n\nWe organise talks.\n");
  CHECK(out.find("- Head of External — Speakers Series — Member since 10/2018, Head since 4/2020\n") !=
        std::string::npos);
  // two words before the date, or none of the range words: a line of its own
  const std::string two = md("Jane Roe\n\nEXPERIENCE\nHead of External\n\nBoard Member since 2018\n\nMore.\n");
  CHECK(two.find("- Head of External\n- Board Member since 2018\n") != std::string::npos);
}

TEST_CASE("cv entries: PDF bold title after a wrapped plain line is the next entry's", "[cv]") {
  using namespace kempt::cv::detail;
  std::vector<Line> v;
  double y = 72;
  auto add = [&](const std::string& t, double size, bool bold = false) { v.push_back(typeset(t, size, y += 14, bold)); };
  add("Jane Roe", 20);
  add("GRANTS", 13, true);
  add("Win2Wal", 10, true);
  add("Financement: 560000 e\t01/2022–12/2023", 10);
  add("Sujet: Gestion élastique et prévoyante des infrastructures de conteneurs pour l’IA et la science des données", 10);
  add("Microsoft Azure Sponsorship", 10, true);
  add("Financement: 20000$\t11/2017–12/2018", 10);
  for (std::size_t k = 0; k < v.size(); ++k) v[k].src = k + 1;
  mark_heading_styles(v);
  const std::string out = render(build_cv(v, ""), "", false);
  // the long "Sujet" line does not swallow the bold title under it
  CHECK(out.find("la science des données\n- **Microsoft Azure Sponsorship**, Financement: 20000$ — 11/2017–12/2018\n") !=
        std::string::npos);
}

TEST_CASE("cv entries: place, date, then title ending the block are one entry", "[cv]") {
  const std::string out = md("Jane Roe\n\nEXPERIENCE\n\nUniversidad Politécnica de Madrid\n(Junio 2020 - Septiembre 2020)\n"
                             "Becario\n\nDurante la beca ayudé a programar.\n");
  CHECK(out.find("- **Becario**, Universidad Politécnica de Madrid — (Junio 2020 -\n  Septiembre 2020)\n") != std::string::npos);
  // a title with its own date under it is the next entry
  const std::string two = md("Jane Roe\n\nAWARDS\n\nBest Poster Award\n2019\nBest Talk Award\n2018\n");
  CHECK(two.find("- Best Poster Award — 2019\n- Best Talk Award — 2018\n") != std::string::npos);
  // a "Key: value" entry shows no title: the line under its date is no title of it (it was
  // lost from the output: mascarenhas-pt's "Areas de especialização")
  const std::string kv = md("Jane Roe\n\nPERSONAL\n\nNacionalidade: Brasileiro\n1996\nAreas de especialização\n\nSistemas embarcados\n");
  CHECK(kv.find("Areas de especialização") != std::string::npos);
  CHECK(kv.find("Nacionalidade:** Brasileiro — 1996") != std::string::npos);
}
