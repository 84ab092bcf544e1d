#!/usr/bin/env python3
"""Self-test of scripts/score_cv_v2.py on small hand-written Markdown: each measure must tell
the right structure from the wrong one. Needs the corpus's score_cv.py (exit 77 without it).
  python3 scripts/test_score_cv_v2.py [CORPUS]"""
import os
import sys
import unittest

here = os.path.dirname(os.path.abspath(__file__))
corpus = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CV_CORPUS", os.path.join(here, "..", "..", "shared", "corpus", "cv"))
if not os.path.exists(os.path.join(corpus, "score_cv.py")):
    corpus = "/work/shared/corpus/cv"
if not os.path.exists(os.path.join(corpus, "score_cv.py")):
    print("CV corpus (score_cv.py) not found: skipped")
    sys.exit(77)
sys.path.insert(0, here)
import score_cv_v2 as v2  # noqa: E402

sc = v2.load_score_cv(corpus)

LABELS = sc.parse_yaml_subset("""
cv: test
owner_forms: ['Pérez Pérez, J.', 'J. Pérez Pérez', 'Pérez Pérez']
sections:
  - title: Education
    entries: 2
  - title: Publications
    entries: 3
    publications: 3
    subsections: [Articles]
dated_entries:
  - title: Ph.D. in Economics
    place: Brown University
    date: 2012 to 2018
  - title: B.A. Economics
    place: Universidad del Rosario
    date: '2009'
""")


def measure(md):
    blocks = v2.parse(v2.body_lines(sc, md))
    match = v2.section_matcher(sc, LABELS)
    return blocks, match


class Dated(unittest.TestCase):
    def test_entry_in_one_item_is_together(self):
        blocks, match = measure("## Education\n\n- **Ph.D. in Economics**, Brown University, 2012 to 2018\n"
                                "- B.A. Economics, Universidad del Rosario,\n  2009\n")
        self.assertEqual(v2.dated_together(sc, blocks, LABELS, match), (2, 2))

    def test_date_in_its_own_item_is_not(self):
        blocks, match = measure("## Education\n\n- Ph.D. in Economics, Brown University\n- 2012 to 2018\n"
                                "- B.A. Economics\n- Universidad del Rosario 2009\n")
        self.assertEqual(v2.dated_together(sc, blocks, LABELS, match), (0, 2))

    def test_one_paragraph_holding_both_entries_counts_for_neither(self):
        blocks, match = measure("## Education\n\nPh.D. in Economics Brown University 2012 to 2018\n"
                                "B.A. Economics Universidad del Rosario 2009\n")
        self.assertEqual(v2.dated_together(sc, blocks, LABELS, match), (0, 2))

    def test_sub_heading_entry_with_its_lines(self):
        blocks, match = measure("## Education\n\n### Ph.D. in Economics — 2012 to 2018\n\nBrown University\n\n"
                                "### B.A. Economics\n\n2009\n")
        self.assertEqual(v2.dated_together(sc, blocks, LABELS, match), (1, 2))


class Publications(unittest.TestCase):
    def test_one_item_each(self):
        blocks, match = measure("## Publications\n\n### Articles\n\n- A. One. 2020.\n- B. Two. 2021.\n- C. Three.\n")
        ok, total, missing, units = v2.publications(sc, blocks, LABELS, match)
        self.assertEqual((ok, total, missing, len(units)), (3, 3, 0, 3))

    def test_split_into_lines(self):
        blocks, match = measure("## Publications\n\n- A. One.\n- Journal X.\n- B. Two.\n- Journal Y.\n"
                                "- C. Three.\n- Journal Z.\n")
        self.assertEqual(v2.publications(sc, blocks, LABELS, match)[:3], (0, 3, 0))

    def test_paragraphs_count_when_there_is_no_list(self):
        blocks, match = measure("## Publications\n\nA. One.\n\nB. Two.\n")
        self.assertEqual(v2.publications(sc, blocks, LABELS, match)[:3], (2, 3, 0))

    def test_missing_section(self):
        blocks, match = measure("## Education\n\n- x\n")
        self.assertEqual(v2.publications(sc, blocks, LABELS, match)[:3], (0, 3, 1))


class OwnerBold(unittest.TestCase):
    forms = sc.as_list(LABELS["owner_forms"])

    def check(self, text):
        return v2.owner_bold([text], self.forms)

    def test_whole_form_bold(self):
        self.assertEqual(self.check("**Pérez Pérez, J.**, García, G. (2025). Title."), (1, 1))

    def test_half_bold_is_wrong(self):
        self.assertEqual(self.check("Pérez **Pérez, J.**, García, G. (2025). Title."), (0, 1))

    def test_not_bold(self):
        self.assertEqual(self.check("Cortés, D. and Pérez Pérez, J. (2010). Title."), (0, 1))

    def test_bold_running_over_coauthors_is_wrong(self):
        self.assertEqual(self.check("**Pérez Pérez, J. and Nuño-Ledesma, J.** (2024)"), (0, 1))

    def test_list_stop_outside_the_bold(self):
        self.assertEqual(self.check("Hansen, C.; **Pérez Pérez, J**; Shapiro, J."), (1, 1))

    def test_item_without_owner_is_not_counted(self):
        self.assertEqual(self.check("García, G. and Bernal, D. (2025)."), (0, 0))


class Sections(unittest.TestCase):
    LABELS = sc.parse_yaml_subset("""
cv: test
sections:
  - title: Presentations (*=Coauthor)
  - title: Education
""")

    def test_escaped_heading_matches_its_rendered_label(self):
        res = sc.score("", "## Presentations (\\*=Coauthor)\n\n## Education\n", self.LABELS,
                       do_lint=False, do_render=False)
        self.assertEqual((res["heading_recall"], res["heading_precision"]), (1.0, 1.0))

    def test_a_backslash_before_a_letter_stays(self):
        res = sc.score("", "## Presentations (\\C=Coauthor)\n\n## Education\n", self.LABELS,
                       do_lint=False, do_render=False)
        self.assertEqual(res["missing_sections"], ["Presentations (*=Coauthor)"])


class Units(unittest.TestCase):
    def test_nested_and_continuation_lines_stay_in_their_item(self):
        blocks = v2.parse(["- first", "  continued", "  - nested", "- second", "", "para", "more"])
        self.assertEqual([(b[0], b[2]) for b in blocks],
                         [("item", "first\ncontinued\n- nested"), ("item", "second"), ("para", "para\nmore")])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
