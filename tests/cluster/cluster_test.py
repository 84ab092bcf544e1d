#!/usr/bin/env python3
"""Issue 14 item 5: scripts/cluster/dask_fix.py on a LocalCluster of two worker
processes gives what one `kempt fix --jsonl` gives, and what `kempt fix` does to a copy
of the files; so does the README's GNU parallel line.

The corpus is generated: pages of ../shared/corpus/sites (fixtures/demo-site when that is
absent, or PAGES_FROM), each given damage kempt repairs: UTF-8 read as windows-1252 and saved again,
trailing blanks, a windows-1252 page. Prints the timings for the closing note.

Usage: cluster_test.py KEMPT SOURCE_DIR [PAGES]
"""
import base64
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

kempt, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
wanted = int(sys.argv[3]) if len(sys.argv) > 3 else 400
sys.path.insert(0, os.path.join(source, "scripts", "cluster"))
import dask_fix  # noqa: E402  (its walk and record format are the ones under test)

failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


SENTENCE = "Café — ‘déjà vu’ at the Zoë seminar, naïve œuvre."


def mangled(text):
    """`text` as a page shows it after UTF-8 was read as windows-1252 and saved again."""
    return text.encode("utf-8").decode("cp1252")


def make_corpus(root):
    sites = os.path.join(source, "..", "shared", "corpus", "sites")
    origin = os.environ.get("PAGES_FROM") or (sites if os.path.isdir(sites) else os.path.join(source, "fixtures", "demo-site"))
    pages = [p for p in dask_fix.corpus_pages(origin) if p.endswith((".md", ".html", ".markdown"))]
    rng = random.Random(14)
    # Few pages (the demo site): each is used again, with other damage.
    pages = sorted(rng.sample(pages, wanted)) if len(pages) >= wanted else [pages[i % len(pages)] for i in range(wanted)]
    for i, rel in enumerate(pages):
        with open(os.path.join(origin, rel), "rb") as f:
            data = f.read()
        if i % 3 == 0 and rel.endswith(".md"):
            data += ("\n" + mangled(SENTENCE) + "\n").encode("utf-8")   # mojibake in the body
        if i % 4 == 1:
            lines = data.split(b"\n")
            data = b"\n".join(line + b" \t" if j % 5 == 2 and line.strip() else line for j, line in enumerate(lines))
        if i % 50 == 3:  # characters Python's splitlines would cut a JSON line at
            data += "\nA line\u2028separator, a next-line\u0085mark and a page\u000cbreak.\n".encode("utf-8")
        if i % 25 == 7 and rel.endswith(".md"):                          # a legacy page
            data = ("---\ntitle: Séminaire\n---\n\n" + SENTENCE + "\nLes étudiants intéressés écrivent à l’équipe.\n"
                    ).encode("cp1252")
        target = os.path.join(root, f"site{i % 7}", f"{i:03d}-" + rel.replace(os.sep, "_"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
    return len(pages)


def answers_by_path(lines):
    return {a["path"]: a for a in map(json.loads, lines)}


def content_of(answer):
    if "content" in answer:
        return answer["content"].encode("utf-8")
    return base64.b64decode(answer["content_base64"])


def tree(root):
    out = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, root)] = f.read()
    return out


def timed(cmd, **kw):
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, **kw)
    return done, time.perf_counter() - t0


def main():
    work = tempfile.mkdtemp(prefix="kempt-cluster-")
    try:
        corpus = os.path.join(work, "corpus")
        count = make_corpus(corpus)
        size = sum(len(b) for b in tree(corpus).values())
        records = [dask_fix.record_line(p, open(os.path.join(corpus, p), "rb").read())
                   for p in dask_fix.corpus_pages(corpus)]
        with open(os.path.join(work, "pages.jsonl"), "w", encoding="utf-8", newline="") as f:
            f.writelines(r + "\n" for r in records)
        print(f"corpus: {count} pages, {size} bytes, {len(records)} records")

        # One process: the reference.
        single, single_s = timed([kempt, "fix", "--jsonl", "-q"], cwd=corpus, stdin=open(os.path.join(work, "pages.jsonl"), "rb"))
        check(single.returncode in (0, 3), f"kempt fix --jsonl exits {single.returncode}: {single.stderr[-300:]!r}")
        single_lines = dask_fix.json_lines(single.stdout)
        check(len(single_lines) == len(records), f"one answer a record ({len(single_lines)} of {len(records)})")
        reference = answers_by_path(single_lines)
        changed = sum(a["changed"] for a in reference.values())
        mojibake = sum(f["pass"] == "mojibake" for a in reference.values() for f in a["findings"])
        converted = sum(a["encoding"] == "windows-1252" and a["changed"] for a in reference.values())
        check(changed >= count // 3 and mojibake >= count // 6 and converted >= 1,
              f"the corpus has work in it: {changed} pages change, {mojibake} mojibake findings, {converted} converted")

        # The cluster: two worker processes, the folder read by the workers.
        results, fixed_dir = os.path.join(work, "results.jsonl"), os.path.join(work, "fixed")
        cluster, cluster_s = timed([sys.executable, os.path.join(source, "scripts", "cluster", "dask_fix.py"), corpus,
                                    "--out", results, "--write-to", fixed_dir, "--workers", "2", "--kempt", kempt])
        check(cluster.returncode in (0, 3), f"dask_fix.py exits {cluster.returncode}: {cluster.stderr[-2000:]!r}")
        with open(results, "rb") as f:
            cluster_lines = dask_fix.json_lines(f.read())
        check(cluster_lines == single_lines, "the cluster's results are the single run's, byte for byte and in order")
        summary = json.loads(cluster.stdout)
        check(summary["pages"] == count and summary["changed"] == changed and summary["workers"] == 2,
              f"the summary counts the pages ({summary['pages']}), the changed ones ({summary['changed']}), 2 workers")
        by_rule = {}
        for a in reference.values():
            for f in a["findings"]:
                by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + 1
        check(summary["findings_by_rule"] == by_rule, "the summary's findings by rule are the answers'")

        # The same records as a JSON-lines corpus, shipped by the client.
        results2 = os.path.join(work, "results2.jsonl")
        shipped = subprocess.run([sys.executable, os.path.join(source, "scripts", "cluster", "dask_fix.py"),
                                  os.path.join(work, "pages.jsonl"), "--out", results2, "--workers", "2",
                                  "--kempt", kempt], cwd=corpus, capture_output=True)
        check(shipped.returncode in (0, 3) and dask_fix.json_lines(open(results2, "rb").read()) == single_lines,
              "a JSON-lines corpus gives the same results")

        # `kempt fix` on a copy of the files: the same bytes and findings per page.
        copy = os.path.join(work, "copy")
        shutil.copytree(corpus, copy)
        fixed, fix_s = timed([kempt, "fix", "-q", "--format", "json", "."], cwd=copy)
        check(fixed.returncode in (0, 3), f"kempt fix exits {fixed.returncode}")
        on_disk, written = tree(copy), tree(fixed_dir)
        check(on_disk.keys() == written.keys(), "the cluster wrote every page")
        differ = [p for p in on_disk if on_disk[p] != written.get(p)]
        check(not differ, f"each page the cluster wrote is what kempt fix wrote ({len(differ)} differ: {differ[:5]})")
        files = {f["path"]: f for f in json.loads(fixed.stdout)["files"]}
        same_findings = [p for p, a in reference.items()
                         if a["findings"] == files.get(p, {}).get("findings") and a["status"] == files.get(p, {}).get("status")]
        check(len(same_findings) == len(reference),
              f"each page's findings and status are kempt fix's ({len(reference) - len(same_findings)} differ: "
              f"{[p for p in reference if p not in same_findings][:5]})")

        # The README's GNU parallel line, when parallel is installed.
        if shutil.which("parallel"):
            par, par_s = timed(["bash", "-c", f"parallel --pipe --block 100k --keep-order {kempt} fix --jsonl -q "
                                              f"<{work}/pages.jsonl"], cwd=corpus)
            check(dask_fix.json_lines(par.stdout) == single_lines, "GNU parallel gives the same answers")
            print(f"timing: GNU parallel (--pipe --block 100k, {os.cpu_count()} jobs): {par_s:.2f} s")
        else:
            print("note: GNU parallel is not installed (apt install parallel); its line is not tested")
        print(f"timing: one kempt fix --jsonl process: {single_s:.2f} s; dask_fix.py on a LocalCluster of 2 "
              f"workers: {cluster_s:.2f} s in all, {summary['seconds']['tasks']:.2f} s from the first task "
              f"submitted to the last answer; kempt fix on the files (one thread a core): {fix_s:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
