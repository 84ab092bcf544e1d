#!/usr/bin/env python3
"""Issue 14 item 3: outputs a tool can trust.

Runs the built kempt over a small site (mojibake, trailing blanks, a placeholder, a
windows-1252 page, a front matter that does not parse, file names with a space, a
comma and colon, non-ASCII, '#' and '%') and checks:
  - `--format json` of check, fix --check, fix --diff and fix against
    docs/kempt-output.schema.json (draft 2020-12), and what each mode says;
  - `--format sarif` against the OASIS SARIF 2.1.0 schema (sarif-schema-2.1.0.json
    beside this file), URIs included (format "uri-reference", via python3-rfc3987);
    the URIs as RFC 3986 spells them; only open findings as results; the fixes,
    applied as SARIF says, give the bytes `kempt fix` writes;
  - `--format github`: every line names its file, escaped as workflow commands are.
Usage: check_outputs.py KEMPT SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import jsonschema

KEMPT, SOURCE = sys.argv[1], sys.argv[2]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


FRENCH = "Séminaire d’été : « Systèmes répartis » — présentation de Zoë à 14 h.\n"
# UTF-8 read as windows-1252 and saved again as UTF-8.
MOJIBAKE = FRENCH.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
         "incididunt ut labore et dolore magna aliqua.\n")

SITE = {
    "index.md": b"---\ntitle: Home\n---\n\n# Home\n\nWelcome.  \nSecond line \n",
    "news.md": b"---\ntitle: News\n---\n\n" + MOJIBAKE,
    "about.md": ("---\ntitle: About\n---\n\n# About\n\nI study systems.\n\n" + LOREM).encode(),
    "legacy.html": ("<p>" + FRENCH + "</p>\n").encode("cp1252"),
    "posts/bad.md": b"---\ntitle: [unclosed\n---\n\nText.\n",
    "my page #1.md": b"Hello \n",
    "café 100%.md": b"Clean text.\n",
    "a,b:c.md": b"tab\t\n",
    "clean.md": b"---\ntitle: Clean\n---\n\nNothing to fix.\n",
}


def make_site(root):
    for name, data in SITE.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)


def kempt(args, cwd):
    r = subprocess.run([KEMPT] + args, cwd=cwd, capture_output=True)
    return r.returncode, r.stdout.decode("utf-8"), r.stderr.decode("utf-8", "replace")


def validator(schema_path):
    with open(schema_path) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def validate(v, doc, what):
    errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:5]:
        print(f"  {what}: {list(e.absolute_path)}: {e.message}")
    check(not errors, f"{what} is valid against its schema")


def files_by_path(doc):
    return {f["path"]: f for f in doc["files"]}


# ---------------------------------------------------------------- JSON
def check_json(work):
    v = validator(os.path.join(SOURCE, "docs", "kempt-output.schema.json"))
    modes = {
        "check": (["check"], "check", False, False, 3),
        "fix --check": (["fix", "--check"], "fix", False, False, 3),
        "fix --diff": (["fix", "--diff"], "fix", False, True, 3),
        "fix": (["fix"], "fix", True, False, 3),
    }
    changed_by = {}
    for name, (args, command, writes, diffs, exit_code) in modes.items():
        site = os.path.join(work, "json-" + name.replace(" ", "").replace("-", ""))
        make_site(site)
        code, out, err = kempt(args + ["--format", "json", "."], site)
        check(code == exit_code, f"json {name}: exit {code}, expected {exit_code} ({err.strip()})")
        doc = json.loads(out)
        validate(v, doc, f"json {name}")
        check(doc["version"] == 2 and doc["command"] == command and doc["writes"] == writes,
              f"json {name}: version/command/writes")
        files = files_by_path(doc)
        check(set(files) == set(SITE), f"json {name}: every file listed ({sorted(files)})")
        changed = sorted(p for p, f in files.items() if f["status"] == "changed")
        changed_by[name] = changed
        check(doc["summary"]["changed"] == len(changed), f"json {name}: summary.changed counts the changed files")
        check(files["posts/bad.md"]["status"] == "failed", f"json {name}: the bad front matter fails")
        check(files["clean.md"]["status"] == "unchanged" and not files["clean.md"]["findings"],
              f"json {name}: the clean page has nothing")
        for p, f in files.items():
            check(f["written"] == (writes and f["status"] == "changed"), f"json {name}: {p} written")
            check(("diff" in f) == (diffs and f["status"] == "changed"), f"json {name}: {p} has a diff iff --diff")
            for x in f["findings"]:
                check(x["path"] == p, f"json {name}: finding path {x['path']} is its file's {p}")
                check(x["fixed"] == (writes and x["fixable"]), f"json {name}: {p} {x['rule']} fixed")
        if diffs:
            # Written by hand: the diff `fix --diff` prints for my page #1.md.
            check(files["my page #1.md"]["diff"] ==
                  "--- a/my page #1.md\n+++ b/my page #1.md\n@@ -1,1 +1,1 @@\n-Hello \n+Hello\n",
                  f"json {name}: the diff of 'my page #1.md' ({files['my page #1.md']['diff']!r})")
            check(files["legacy.html"]["diff"] == "", "json fix --diff: a transcoded page's diff is empty")
            # The same diff as the text output prints.
            _, text_out, _ = kempt(["fix", "--diff", "--color", "never", "index.md"], site)
            check(files["index.md"]["diff"] in text_out, "json fix --diff: index.md's diff is the text output's")
    check(len(set(map(tuple, changed_by.values()))) == 1, f"json: all modes agree on the changed files {changed_by}")
    check(set(changed_by["check"]) == {"index.md", "news.md", "about.md", "legacy.html", "my page #1.md", "a,b:c.md"},
          f"json: the changed files {changed_by['check']}")


# ---------------------------------------------------------------- SARIF
def pct(s):
    """RFC 3986 percent-encoding of a path, written out independently of kempt's."""
    out = ""
    for b in s.encode("utf-8"):
        c = chr(b)
        out += c if c.isascii() and (c.isalnum() or c in "-._~/") else "%%%02X" % b
    return out


def apply_text_fixes(text, replacements):
    """Applies SARIF replacements (line/column text regions, columns in code points)."""
    # Lines end at '\n' (CRLF included), as kempt counts them; str.splitlines would
    # also break at \x1e or U+2028, which old pages hold.
    lines = [l + "\n" for l in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))

    def offset(line, column):
        return starts[line - 1] + column - 1 if line - 1 < len(starts) else len(text)

    # Each region is in the unmodified text (SARIF 3.57.1): apply from the end.
    spans = []
    for r in replacements:
        d = r["deletedRegion"]
        a = offset(d["startLine"], d.get("startColumn", 1))
        b = offset(d.get("endLine", d["startLine"]), d["endColumn"])
        spans.append((a, b, r.get("insertedContent", {}).get("text", "")))
    for a, b, ins in sorted(set(spans), reverse=True):
        text = text[:a] + ins + text[b:]
    return text


def check_sarif(work):
    v = validator(os.path.join(SOURCE, "tests", "outputs", "sarif-schema-2.1.0.json"))
    site = os.path.join(work, "sarif")
    make_site(site)
    code, out, err = kempt(["check", "--format", "sarif", "."], site)
    check(code == 3, f"sarif check: exit {code}")
    log = json.loads(out)
    validate(v, log, "sarif check")
    run = log["runs"][0]
    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    check(root == "file://" + pct(os.path.realpath(site)) + "/", f"sarif: %SRCROOT% is the folder kempt ran in ({root})")
    uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in run["results"]}
    for res in run["results"]:
        check(res["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId") == "%SRCROOT%",
              "sarif: relative URIs name their base")
    # Written by hand (RFC 3986: space %20, '#' %23, ',' %2C, ':' %3A, é %C3%A9).
    for expected in ["my%20page%20%231.md", "a%2Cb%3Ac.md", "posts/bad.md", "news.md", "legacy.html"]:
        check(expected in uris, f"sarif: URI {expected} among {sorted(uris)}")
    check("caf%C3%A9%20100%25.md" not in uris, "sarif: a clean file has no result")

    # Fixes: every fixable result has one; together they make what `kempt fix` writes.
    by_file = {}
    for res in run["results"]:
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        if res.get("properties", {}).get("fixable"):
            if uri == "legacy.html":  # a new encoding is no text replacement
                check("fixes" not in res, "sarif: a transcoded page's results carry no text fix")
                continue
            check("fixes" in res, f"sarif: fixable result {uri} {res['ruleId']} has a fix")
            for fx in res.get("fixes", []):
                for ch in fx["artifactChanges"]:
                    check(ch["artifactLocation"]["uri"] == uri, "sarif: a fix changes its result's file")
                    by_file.setdefault(uri, []).extend(ch["replacements"])
        else:
            check("fixes" not in res, f"sarif: {uri} {res['ruleId']} is not fixable and has no fix")
    fixed_site = os.path.join(work, "sarif-fixed")
    make_site(fixed_site)
    kempt(["fix", "."], fixed_site)
    names = {pct(n): n for n in SITE}
    for uri, repl in by_file.items():
        name = names[uri]
        with open(os.path.join(site, name), encoding="utf-8") as f:
            before = f.read()
        with open(os.path.join(fixed_site, name), encoding="utf-8") as f:
            fixed = f.read()
        check(apply_text_fixes(before, repl) == fixed, f"sarif: the fixes of {name} give what kempt fix writes")
    check(set(by_file) >= {"index.md", "news.md", "about.md", "my%20page%20%231.md", "a%2Cb%3Ac.md"},
          f"sarif: fixes for {sorted(by_file)}")

    # After `fix`, only open findings are results: the front matter that does not parse.
    code, out, _ = kempt(["fix", "--format", "sarif", "."], site)
    log = json.loads(out)
    validate(v, log, "sarif fix")
    left = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]) for r in log["runs"][0]["results"]]
    check(left and all(u == "posts/bad.md" for u, _ in left), f"sarif fix: only the open finding is a result ({left})")
    # fix --check and fix --diff: the fixable findings are open.
    for args in (["fix", "--check"], ["fix", "--diff"]):
        code, out, _ = kempt(args + ["--format", "sarif", "."], fixed_site)
        validate(v, json.loads(out), "sarif " + " ".join(args))

    # A path outside the folder kempt runs in is an absolute file:// URI.
    inner = os.path.join(work, "sarif-inner")
    os.makedirs(inner)
    make_site(os.path.join(work, "sarif outside"))
    target = os.path.join(work, "sarif outside", "my page #1.md")
    code, out, _ = kempt(["check", "--format", "sarif", target, "../sarif outside/a,b:c.md"], inner)
    log = json.loads(out)
    validate(v, log, "sarif outside")
    locs = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    want = {"file://" + pct(os.path.realpath(target)),
            "file://" + pct(os.path.realpath(os.path.join(work, "sarif outside", "a,b:c.md")))}
    check({l["uri"] for l in locs} == want and all("uriBaseId" not in l for l in locs),
          f"sarif: outside paths as file:// URIs ({locs})")


# ---------------------------------------------------------------- GitHub
def check_github(work):
    site = os.path.join(work, "github")
    make_site(site)
    code, out, _ = kempt(["check", "--format", "github", "."], site)
    lines = out.splitlines()
    check(len(lines) >= 6, f"github: annotations ({len(lines)})")
    for ln in lines:
        check(ln.startswith(("::error file=", "::warning file=", "::notice file=")) and " file=," not in ln
              and not ln.startswith("::error file=,"), f"github: names its file: {ln}")
    # Written by hand: a property escapes ',' and ':' (and '%'), the data does not.
    check("::warning file=a%2Cb%3Ac.md,line=1,col=4,title=whitespace/trailing::trailing whitespace (fixable)" in lines,
          "github: a,b:c.md escaped: " + " | ".join(l for l in lines if "a%2C" in l))
    check(any(l.startswith("::error file=posts/bad.md,line=2") for l in lines), "github: the parse error names its file")


with tempfile.TemporaryDirectory() as work:
    work = os.path.realpath(work)
    check_json(work)
    check_sarif(work)
    check_github(work)

print(f"{'FAILED' if failures else 'ok'}: {len(failures)} failed checks")
sys.exit(1 if failures else 0)
