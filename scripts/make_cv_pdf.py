#!/usr/bin/env python3
"""Writes fixtures/cv/links.pdf: a small 6-page CV set in Helvetica with web links, two
columns and a table, the
test input for `kempt cv` on PDFs (tests/cv_test.cpp). Written by hand, object by object,
so that the test needs no TeX and the file stays a few KB. Re-run after editing PAGES:
    python3 scripts/make_cv_pdf.py > fixtures/cv/links.pdf
"""
import sys

# Each page: lines of (x, y, size, text) and links (x1, y1, x2, y2, uri), PDF points,
# origin bottom left. The two "Replication Data" anchors on page 2 link to different
# data sets: the upper one must get the first.
PAGES = [
    ([(72, 740, 20, "Jane Q. Doe"),
      (72, 716, 10, "jane@example.org  |  janedoe.github.io"),
      (72, 680, 14, "EDUCATION"),
      (72, 660, 10, "Ph.D. in Computer Science, Example University"), (460, 660, 10, "Sep 2019 - Jun 2024"),
      (72, 644, 10, "B.S. in Mathematics, Other College"), (460, 644, 10, "Sep 2015 - Jun 2019"),
      (300, 40, 9, "1")],
     []),
    ([(72, 740, 14, "PUBLICATIONS"),
      (72, 720, 10, "Jane Q. Doe and Alan Smith. Robust Widgets. Journal of Widgets, 2023."),
      (72, 706, 10, "Replication Data"),
      (72, 686, 10, "Alan Smith and Jane Q. Doe. Fragile Widgets. Widget Letters, 2022."),
      (72, 672, 10, "Replication Data"),
      (300, 40, 9, "2")],
     [(72, 704, 150, 716, "https://data.example.org/first"),
      (72, 670, 150, 682, "https://data.example.org/second")]),
    ([(72, 740, 14, "TEACHING"),
      (72, 720, 10, "Teaching Assistant, Algorithms, Example University"), (460, 720, 10, "Fall 2021"),
      (300, 40, 9, "3")],
     []),
    ([(72, 740, 14, "SKILLS"),
      (72, 720, 10, "Languages: C++, Python"),
      (72, 706, 10, "Code: GitHub"),
      (72, 692, 10, "Lab page: Link"),
      (300, 40, 9, "4")],
     [(100, 704, 140, 716, "https://github.com/janedoe"),
      (118, 690, 142, 702, "https://lab.example.org/widgets/")]),
    # two columns whose lines do not share rows: each must be read whole
    ([(72, 750, 14, "AWARDS")]
     + [(72, 730 - 15 * i, 10, f"Left award number {i} for widget studies") for i in range(12)]
     + [(330, 740, 14, "SERVICE")]
     + [(330, 722 - 17 * i, 10, f"Right service item {i} for the lab") for i in range(11)]
     + [(72, 480, 14, "REFERENCES"), (72, 460, 10, "Available on request from the widget committee.")],
     []),
    # a table: its cells share rows, it is not two columns
    ([(72, 750, 14, "SUPERVISION")]
     + [(72, 730 - 15 * i, 10, f"Fall {2010 + i}") for i in range(12)]
     + [(160, 730 - 15 * i, 10, f"Student Number {i} of the widget school") for i in range(12)]
     + [(400, 730 - 15 * i, 10, "Qualification exam") for i in range(12)],
     []),
]


def esc(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


objs = {1: "<< /Type /Catalog /Pages 2 0 R >>",
        3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"}
kids, n = [], 4
for lines, links in PAGES:
    page, content, n = n, n + 1, n + 2
    stream = "".join(f"BT /F1 {size} Tf {x} {y} Td ({esc(t)}) Tj ET\n" for x, y, size, t in lines)
    objs[content] = f"<< /Length {len(stream)} >>\nstream\n{stream}endstream"
    annots = []
    for x1, y1, x2, y2, uri in links:
        objs[n] = (f"<< /Type /Annot /Subtype /Link /Rect [{x1} {y1} {x2} {y2}] /Border [0 0 0] "
                   f"/A << /S /URI /URI ({esc(uri)}) >> >>")
        annots.append(f"{n} 0 R")
        n += 1
    objs[page] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
                  f"/Resources << /Font << /F1 3 0 R >> >> /Annots [{' '.join(annots)}] >>")
    kids.append(f"{page} 0 R")
objs[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"

out = bytearray(b"%PDF-1.4\n")
offsets = {}
for i in sorted(objs):
    offsets[i] = len(out)
    out += f"{i} 0 obj\n{objs[i]}\nendobj\n".encode("latin-1")
xref = len(out)
out += f"xref\n0 {n}\n0000000000 65535 f \n".encode()
for i in range(1, n):
    out += f"{offsets[i]:010d} 00000 n \n".encode()
out += f"trailer\n<< /Size {n} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
sys.stdout.buffer.write(bytes(out))
