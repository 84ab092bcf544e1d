#!/usr/bin/env python3
"""kempt over a corpus on a Dask cluster: pages partitioned across workers, each worker
piping its partition through `kempt fix --jsonl`, the answers and a findings summary
gathered on the client.

    dask_fix.py CORPUS --out results.jsonl [--write-to DIR] [--workers 2 | --scheduler ADDR] [-- KEMPT_OPTIONS]

CORPUS is a folder of site repos (the files `kempt fix` takes from a folder, by their
extension) or a JSON-lines dump of pages, one `{"path": ..., "content": ...}` (or
`"content_base64"`) a line. `--out` gets one answer a page, in the corpus's order, as
`kempt fix --jsonl` writes them (docs/json-output.md); `--write-to` a copy of the corpus
with every page as kempt fixed it. The summary (pages, changed, failed, findings by rule,
seconds in all and from the first task submitted to the last answer) is printed as JSON on stdout.

Without `--scheduler` a LocalCluster of `--workers` processes (one thread each) runs on
this machine. On a real cluster every worker needs `kempt` on its PATH (or `--kempt`),
and a folder corpus must be at the same path on every worker: a worker reads its own
pages, and kempt finds each page's `.kempt.yaml` (and Jekyll's `encoding:`) from its
path. A JSON-lines corpus is read by the client and its records are shipped; kempt runs in
the client's current folder where a worker has it (for the `.kempt.yaml` files above the
records' paths), else in the worker's own.
"""
import argparse
import base64
import collections
import json
import os
import subprocess
import sys
import time

# What `kempt fix DIR` takes from a folder (README, "Using it"): these extensions, and
# never these folders. (Inside a git work tree kempt also leaves out ignored files; this
# example walks plain folders.)
TEXT_EXTENSIONS = {".md", ".markdown", ".mdown", ".mkd", ".html", ".htm", ".txt", ".yml", ".yaml", ".toml", ".bib"}
NEVER_ENTERED = {".git", "_site", "node_modules", "vendor", ".jekyll-cache"}


def corpus_pages(root):
    """The corpus's page paths, relative to `root`, sorted."""
    pages = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in NEVER_ENTERED]
        for name in files:
            path = os.path.join(folder, name)
            if os.path.splitext(name)[1].lower() in TEXT_EXTENSIONS and not os.path.islink(path):
                pages.append(os.path.relpath(path, root))
    return sorted(pages, key=os.fsencode)


def json_lines(data):
    """The lines of JSON-lines bytes. Only "\n" ends one: str.splitlines would also cut at
    U+2028 or U+0085, which a JSON string may hold as they are."""
    lines = data.decode("utf-8").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def record_line(path, data):
    """One `kempt fix --jsonl` record: UTF-8 as a JSON string, other bytes as base64."""
    try:
        rec = {"path": path, "content": data.decode("utf-8")}
    except UnicodeDecodeError:
        rec = {"path": path, "content_base64": base64.b64encode(data).decode("ascii")}
    return json.dumps(rec, ensure_ascii=False)


def run_kempt(kempt, cwd, lines, kempt_args):
    """Pipes `lines` (records) through one `kempt fix --jsonl`; its answer lines."""
    # A record's settings are looked up from its path in this folder (when the worker has it).
    done = subprocess.run([kempt, "fix", "--jsonl", "-q", *kempt_args], capture_output=True,
                          cwd=cwd if os.path.isdir(cwd) else None,
                          input="".join(line + "\n" for line in lines).encode("utf-8"))
    # 3: some record failed, and its answer says why; anything else is kempt's own trouble.
    if done.returncode not in (0, 1, 3):
        raise RuntimeError(f"kempt fix --jsonl exited {done.returncode}: {done.stderr.decode(errors='replace')}")
    answers = json_lines(done.stdout)
    if len(answers) != len(lines):
        raise RuntimeError(f"kempt answered {len(answers)} of {len(lines)} records")
    return answers


def fix_folder_partition(kempt, root, paths, kempt_args):
    """A worker's task for a folder corpus: read its pages, pipe them through kempt."""
    lines = []
    for path in paths:
        with open(os.path.join(root, path), "rb") as f:
            lines.append(record_line(path, f.read()))
    return run_kempt(kempt, root, lines, kempt_args)


def fix_records_partition(kempt, cwd, lines, kempt_args):
    """A worker's task for a JSON-lines corpus: its records are shipped to it."""
    return run_kempt(kempt, cwd, lines, kempt_args)


def partitions(items, sizes, count):
    """`items` cut into `count` runs of about equal total size, order kept."""
    total = sum(sizes) or 1
    parts, current, acc = [], [], 0
    for item, size in zip(items, sizes):
        current.append(item)
        acc += size
        if acc >= total * (len(parts) + 1) / count and len(parts) < count - 1:
            parts.append(current)
            current = []
    parts.append(current)
    return [p for p in parts if p]


def summarise(answers, workers, parts):
    by_rule = collections.Counter()
    changed = failed = 0
    for a in answers:
        changed += a.get("changed", False)
        failed += a.get("status") == "failed"
        for f in a.get("findings", []):
            by_rule[f["rule"]] += 1
    return {"pages": len(answers), "changed": changed, "failed": failed,
            "findings_by_rule": dict(sorted(by_rule.items())), "workers": workers,
            "partitions": parts}


def write_pages(answers, out_dir):
    """Every page as kempt left it (fixed, or as it came) under `out_dir`."""
    for a in answers:
        if "content" in a:
            data = a["content"].encode("utf-8")
        elif "content_base64" in a:
            data = base64.b64decode(a["content_base64"])
        else:
            continue  # a record kempt could not read has no content to write
        target = os.path.join(out_dir, a["path"])
        if os.path.relpath(target, out_dir).startswith(".."):
            raise RuntimeError(f"{a['path']}: outside {out_dir}")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="a folder of site repos, or a .jsonl dump of pages")
    ap.add_argument("--out", required=True, help="results: one kempt answer a page (JSON lines)")
    ap.add_argument("--write-to", help="write every page as kempt fixed it under this folder")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler (instead of a LocalCluster)")
    ap.add_argument("--partitions", type=int, default=0, help="default: 4 per worker")
    ap.add_argument("--kempt", default="kempt", help="the kempt binary, on every worker")
    ap.epilog = "Options after -- go to kempt fix --jsonl (--only, --skip, --aggressive, --config)."
    argv = sys.argv[1:]
    kempt_args = argv[argv.index("--") + 1:] if "--" in argv else []
    args = ap.parse_args(argv[:argv.index("--")] if "--" in argv else argv)

    from dask.distributed import Client, LocalCluster

    started = time.perf_counter()
    corpus = os.path.abspath(args.corpus)
    if os.path.isdir(corpus):
        pages = corpus_pages(corpus)
        sizes = [os.path.getsize(os.path.join(corpus, p)) for p in pages]
        task, where, items = fix_folder_partition, corpus, pages
    else:
        with open(corpus, "rb") as f:
            items = json_lines(f.read())
        sizes = [len(line) for line in items]
        task, where = fix_records_partition, os.getcwd()

    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        workers = len(client.scheduler_info()["workers"])
        parts = partitions(items, sizes, args.partitions or 4 * max(workers, 1))
        submitted = time.perf_counter()
        futures = [client.submit(task, args.kempt, where, part, kempt_args, pure=False) for part in parts]
        raw = [line for lines in client.gather(futures) for line in lines]
        tasks_seconds = time.perf_counter() - submitted
    finally:
        client.close()
        if cluster:
            cluster.close()

    # kempt's answer lines as it wrote them: the same bytes as one `kempt fix --jsonl` run.
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.writelines(line + "\n" for line in raw)
    answers = [json.loads(line) for line in raw]
    if args.write_to:
        write_pages(answers, args.write_to)
    summary = summarise(answers, workers, len(parts))
    summary["seconds"] = {"total": round(time.perf_counter() - started, 3), "tasks": round(tasks_seconds, 3)}
    json.dump(summary, sys.stdout, indent=2)
    print()
    return 3 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
