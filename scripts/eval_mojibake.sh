#!/usr/bin/env bash
# Measures `kempt text --jsonl` on the mojibake corpora in ../shared/corpus/mojibake:
# ftfy's own test cases (by file and expectation) and the synthetic suite (by kind),
# printing exact-match rates. Run by hand for the figures.
# `kempt text` leaves a run that lost bytes it cannot restore as it is; ftfy's cases
# and the lossy kinds expect such characters marked U+FFFD, so they are scored on
# `kempt text --mark-lost`, and the default output of the lossy kinds is checked
# for harm instead: each line restored, unchanged, or partly repaired with every
# changed character the original's (no guess, no new U+FFFD).
#   scripts/eval_mojibake.sh [CORPUS_DIR]      (KEMPT=path/to/kempt to pick a binary)
# With FLOORS=tests/mojibake_floors.json it also fails (exit 1) when any figure falls
# below the floor recorded there: ctest runs it so, as a regression guard (exit 77,
# skipped, when the corpus is not beside the checkout).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus/mojibake}
[ -d "$corpus" ] || { echo "eval_mojibake: no corpus at $corpus" >&2; [ -n "${FLOORS:-}" ] && exit 77; exit 2; }
kempt=${KEMPT:-$root/build/kempt}
if [ ! -x "$kempt" ]; then
  source "$root/scripts/deps.sh"; source "$root/scripts/build.sh"
  kempt_install_deps python3; kempt_build "$root/build"
fi
command -v python3 >/dev/null || { source "$root/scripts/deps.sh"; kempt_install_deps python3; }
KEMPT_BIN=$kempt CORPUS=$corpus ROOT=$root FLOORS=${FLOORS:-} python3 - <<'PY'
import json, os, subprocess, collections, glob, time
kempt, corpus = os.environ["KEMPT_BIN"], os.environ["CORPUS"]

def run(texts, *flags):
    data = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts).encode()
    t0 = time.perf_counter()
    out = subprocess.run([kempt, "text", "--jsonl", *flags], input=data, capture_output=True, check=True).stdout
    dt = time.perf_counter() - t0
    lines = out.decode().split("\n")[:-1]
    assert len(lines) == len(texts), (len(lines), len(texts))
    return [json.loads(l) for l in lines], dt, len(data)

def own_chars(orig):
    """The characters of `orig`, and the letters of its Latin ligatures: kempt writes a
    ligature it repairs as its letters ("Artiï¬cial" → "Artificial", as ftfy's
    fix_latin_ligatures does), which is the original's text, not a guess."""
    import unicodedata
    return set(orig) | set("".join(unicodedata.normalize("NFKC", c) for c in orig if "\ufb00" <= c <= "\ufb06"))

def harmless_partial(inp, orig, got):
    """`got` changes `inp` only into characters of `orig`, and adds no U+FFFD."""
    import difflib
    sm = difflib.SequenceMatcher(None, inp, got, autojunk=False)
    new = "".join(got[j1:j2] for op, i1, i2, j1, j2 in sm.get_opcodes() if op in ("replace", "insert"))
    return got.count("\ufffd") <= inp.count("\ufffd") and not (set(new) - own_chars(orig))

print("== ftfy's test cases (target: the encoding-only fix; ftfy 6.3.1 passes every 'pass' case)")
cases = []
for f in sorted(glob.glob(os.path.join(corpus, "ftfy-cases", "*.json"))):
    for r in json.load(open(f, encoding="utf-8")):
        cases.append((os.path.basename(f)[:-5], r["expect"], r["original"], r.get("fixed-encoding", r["fixed"])))
outs, dt, size = run([c[2] for c in cases], "--mark-lost")
plain_outs, _, _ = run([c[2] for c in cases])
by = collections.defaultdict(lambda: [0, 0])
fails = []
for (name, expect, orig, want), got in zip(cases, outs):
    by[(name, expect)][1] += 1
    if got == want: by[(name, expect)][0] += 1
    elif expect == "pass": fails.append((name, orig, want, got))
tot_ok = sum(v[0] for k, v in by.items() if k[1] == "pass"); tot = sum(v[1] for k, v in by.items() if k[1] == "pass")
for (name, expect), (ok, n) in sorted(by.items()):
    print(f"  {name:16} expect={expect:4}  {ok:4}/{n:<4} {100*ok/n:6.2f}%")
print(f"  ftfy-pass cases total (--mark-lost): {tot_ok}/{tot} = {100*tot_ok/tot:.2f}%  (goal >= 99%)")
# Without --mark-lost: the same, but for the cases whose expected output marks a
# lost character with U+FFFD, where the damaged runs staying as they were (the
# others repaired as expected) is right too.
plain_ok = sum(1 for (name, expect, orig, want), got in zip(cases, plain_outs)
               if expect == "pass" and (got == want or ("\ufffd" in want and harmless_partial(orig, want, got))))
print(f"  ftfy-pass cases, kempt text (no marks): {plain_ok}/{tot} right or left as they were where ftfy marks a loss")
for name, orig, want, got in fails[:15]:
    print(f"    FAIL {name}: {orig!r}\n         want {want!r}\n         got  {got!r}")

print("\n== synthetic suite (exact match; lossy kinds scored on --mark-lost, which may also give the U+FFFD-marked form)")
rows = [json.loads(l) for l in open(os.path.join(corpus, "synthetic.jsonl"), encoding="utf-8")]
LOSSY = ("-drop", "-fffd", "-qmark")
plain_outs, dt, size = run([r["input"] for r in rows])
lossy_rows = [i for i, r in enumerate(rows) if r["kind"].endswith(LOSSY)]
marked_outs, _, _ = run([rows[i]["input"] for i in lossy_rows], "--mark-lost")
outs = list(plain_outs)
for i, m in zip(lossy_rows, marked_outs): outs[i] = m
stats = collections.defaultdict(lambda: collections.Counter())
# The default output of the lossy kinds: restored, unchanged, partly repaired
# (every changed character the original's), or harmed.
harm = collections.defaultdict(collections.Counter)
for r, got in zip(rows, plain_outs):
    if not r["kind"].endswith(LOSSY): continue
    orig = r["accept"][0]; h = harm[r["kind"]]
    h["restored" if got == orig else "unchanged" if got == r["input"]
      else "partial" if harmless_partial(r["input"], orig, got) else "harmed"] += 1
examples = collections.defaultdict(list)
for r, got in zip(rows, outs):
    k = r["kind"]; ok = {r["expected"], *r.get("accept", [])}
    s = stats[k]; s["n"] += 1
    if got in ok: s["ok"] += 1; s["each"] += 1
    elif got == r["input"]: s["unchanged"] += 1
    else:
        s["wrong"] += 1
        # Lossy kinds: every lost character either restored or marked, the rest the
        # original (the expected form has one U+FFFD per damaged character).
        orig = r.get("accept", [None])[0]
        if k.endswith(LOSSY) and orig and len(got) == len(orig) and all(
                g == o or (g == "\ufffd" and e == "\ufffd") for g, o, e in zip(got, orig, r["expected"])):
            s["each"] += 1
        # A lossy case whose output holds a character that is neither in the input
        # nor in the original (nor U+FFFD): kempt guessed a lost byte, confidently
        # and wrongly ("🎉" where the author wrote "🐉").
        if k.endswith(LOSSY) and set(got) - own_chars(r["accept"][0]) - set(r["input"]) - {"\ufffd"}: s["guessed_wrong"] += 1
        if len(examples[k]) < 3: examples[k].append((r["input"], r["expected"], got))
print(f"  {'kind':32} {'n':>5} {'exact%':>7} {'unchanged':>9} {'wrong':>6} {'guessed-wrong':>13} {'scored%':>8} {'each-char%':>10}")
for k in sorted(stats):
    s = stats[k]
    # Lossy kinds are scored with each wrong confident guess counted twice (issue 3).
    scored = f"{100*(s['ok']-s['guessed_wrong'])/s['n']:8.2f}" if k.endswith(LOSSY) else ""
    gw = f"{s['guessed_wrong']:13}" if k.endswith(LOSSY) else ""
    # each-char%: lost characters each restored or marked (a line may mix both), with
    # wrong guesses counted twice as in scored%.
    each = f"{100*(s['each']-s['guessed_wrong'])/s['n']:10.2f}" if k.endswith(LOSSY) else ""
    print(f"  {k:32} {s['n']:5} {100*s['ok']/s['n']:7.2f} {s['unchanged']:9} {s['wrong']:6} {gw:>13} {scored:>8} {each}")
mangled = [k for k in stats if k != "clean"]
ok = sum(stats[k]["ok"] for k in mangled); n = sum(stats[k]["n"] for k in mangled)
print(f"  mangled total: {ok}/{n} = {100*ok/n:.2f}%   clean changed: {stats['clean']['wrong']}/{stats['clean']['n']}")
print(f"  throughput: {size/1e6/dt:.1f} MB/s of JSONL through one kempt process")
for k in sorted(examples):
    for inp, exp, got in examples[k][:2]:
        print(f"    WRONG {k}: {inp!r}\n          want {exp!r}\n          got  {got!r}")
print("\n== lossy kinds, `kempt text` without --mark-lost (do no harm: no guess, no new U+FFFD)")
print(f"  {'kind':32} {'restored':>8} {'partial':>8} {'unchanged':>9} {'harmed':>7}")
for k in sorted(harm):
    h = harm[k]
    print(f"  {k:32} {h['restored']:8} {h['partial']:8} {h['unchanged']:9} {h['harmed']:7}")
harmed = sum(h["harmed"] for h in harm.values())
# The issue's line is per script: every script's lossy lines >= 90% exact (on
# --mark-lost, as the suite table above scores them), the rest left unchanged.
by_script = collections.defaultdict(collections.Counter)
for r, got in zip(rows, outs):
    if not r["kind"].endswith(LOSSY): continue
    s = by_script[r["script"]]; s["n"] += 1
    orig, want = r["accept"][0], r["expected"]
    # Exact: the original, or every lost character either restored or marked where
    # the expected form marks it (a line may mix both: "予期" restored, "�る" marked).
    exact = got in {want, *r.get("accept", [])} or (len(got) == len(orig) == len(want) and all(
        g == o or (g == "\ufffd" and e == "\ufffd") for g, o, e in zip(got, orig, want)))
    s["ok" if exact else "unchanged" if got == r["input"] else "wrong"] += 1
    if set(got) - own_chars(orig) - set(r["input"]) - {"\ufffd"}: s["guessed_wrong"] += 1
print("\n== lossy kinds by script (--mark-lost; goal: >= 90% exact in every script, the rest unchanged)")
print(f"  {'script':12} {'n':>5} {'exact%':>7} {'unchanged':>9} {'wrong':>6} {'guessed-wrong':>13}")
for sc in sorted(by_script, key=lambda sc: by_script[sc]["ok"] / by_script[sc]["n"]):
    s = by_script[sc]
    print(f"  {sc:12} {s['n']:5} {100*s['ok']/s['n']:7.2f} {s['unchanged']:9} {s['wrong']:6} {s['guessed_wrong']:13}"
          f"{'' if s['ok'] >= 0.9 * s['n'] else '  below 90%'}")
below = [sc for sc, s in by_script.items() if s["ok"] < 0.9 * s["n"]]
print(f"  scripts below 90%: {len(below)}/{len(by_script)}")

# Legacy-origin lines (issue 16): text in a legacy page (GBK, Big5, Shift-JIS, the Korean
# page, windows-1251/1253/1254/1256, Mac Roman) shown through a Latin one; built from the
# suite's clean lines by scripts/gen_mojibake_legacy.py (kept in the repository).
legacy_file = os.path.join(os.environ["ROOT"], "tests", "corpus", "mojibake", "legacy.jsonl")
legacy = collections.defaultdict(collections.Counter)
if os.path.exists(legacy_file):
    lrows = [json.loads(l) for l in open(legacy_file, encoding="utf-8")]
    louts, _, _ = run([r["input"] for r in lrows])
    lexamples = collections.defaultdict(list)
    for r, got in zip(lrows, louts):
        s = legacy[r["kind"]]; s["n"] += 1
        if got == r["expected"]: s["ok"] += 1
        elif got == r["input"]: s["unchanged"] += 1
        else:
            s["wrong"] += 1
            if len(lexamples[r["kind"]]) < 2: lexamples[r["kind"]].append((r["input"], r["expected"], got))
    print("\n== legacy-origin suite (" + os.path.relpath(legacy_file, os.environ["ROOT"]) + "; goal >= 90% exact, 0 clean lines changed)")
    print(f"  {'kind':32} {'n':>5} {'exact%':>7} {'unchanged':>9} {'wrong':>6}")
    for k in sorted(legacy):
        s = legacy[k]
        print(f"  {k:32} {s['n']:5} {100*s['ok']/s['n']:7.2f} {s['unchanged']:9} {s['wrong']:6}")
    lk = [k for k in legacy if k != "legacy-clean"]
    lok = sum(legacy[k]["ok"] for k in lk); ln = sum(legacy[k]["n"] for k in lk)
    print(f"  legacy-origin total: {lok}/{ln} = {100*lok/max(ln,1):.2f}%   clean changed: {legacy['legacy-clean']['wrong']}/{legacy['legacy-clean']['n']}")
    for k in sorted(lexamples):
        for inp, exp, got in lexamples[k]:
            print(f"    WRONG {k}: {inp!r}\n          want {exp!r}\n          got  {got!r}")

# Real translations held out from all tuning (issue 16: "never touch correct text"): lines
# of the gettext catalogues Debian installs, 174 locales, and the real mojibake some of
# them ship; built by scripts/gen_mojibake_translations.py (kept in the repository).
tr_file = os.path.join(os.environ["ROOT"], "tests", "corpus", "mojibake", "translations.jsonl")
trans = collections.defaultdict(collections.Counter)
if os.path.exists(tr_file):
    trows = [json.loads(l) for l in open(tr_file, encoding="utf-8")]
    touts, _, _ = run([r["input"] for r in trows])
    print("\n== real translations (" + os.path.relpath(tr_file, os.environ["ROOT"]) + "; Debian's gettext catalogues and copyright files, held out)")
    shown = 0
    for r, got in zip(trows, touts):
        s = trans[r["kind"]]; s["n"] += 1
        if got == r["expected"]: s["ok"] += 1
        elif got == r["input"]: s["unchanged"] += 1
        else: s["wrong"] += 1
        if got != r["expected"] and shown < 6:
            print(f"    WRONG {r['id']}: {r['input']!r}\n          want {r['expected']!r}\n          got  {got!r}"); shown += 1
    for k in sorted(trans):
        s = trans[k]
        print(f"  {k:32} {s['n']:5} exact {s['ok']:5} unchanged {s['unchanged']:5} wrong {s['wrong']:5}")

floors_file = os.environ.get("FLOORS")
if floors_file:
    floors = json.load(open(floors_file))
    below = []
    if tot_ok < floors["ftfy_pass_min"]: below.append(f"ftfy pass cases {tot_ok} < {floors['ftfy_pass_min']}")
    if plain_ok < floors["ftfy_pass_plain_min"]:
        below.append(f"ftfy pass cases without marks {plain_ok} < {floors['ftfy_pass_plain_min']}")
    if harmed > floors["lossy_harmed_max"]: below.append(f"lossy lines harmed {harmed} > {floors['lossy_harmed_max']}")
    if stats["clean"]["wrong"] > floors["clean_changed_max"]:
        below.append(f"clean lines changed {stats['clean']['wrong']} > {floors['clean_changed_max']}")
    for k, floor in sorted(floors.get("legacy_exact_min", {}).items()):
        got = 100 * legacy[k]["ok"] / legacy[k]["n"] if legacy[k]["n"] else 0.0
        if got < floor: below.append(f"{k}: {got:.2f}% < floor {floor:.2f}%")
    if legacy["legacy-clean"]["wrong"] > floors.get("legacy_clean_changed_max", 0):
        below.append(f"legacy-clean lines changed {legacy['legacy-clean']['wrong']}")
    for k in ("translation-clean", "copyright-clean"):
        if trans[k]["n"] and trans[k]["ok"] < trans[k]["n"] - floors.get("translation_clean_changed_max", 0):
            below.append(f"{k} lines changed {trans[k]['n'] - trans[k]['ok']}")
    if trans["copyright-mangled"]["ok"] < trans["copyright-mangled"]["n"]:
        below.append(f"copyright-mangled exact {trans['copyright-mangled']['ok']} of {trans['copyright-mangled']['n']}")
    if trans["translation-mangled"]["ok"] < floors.get("translation_mangled_exact_min", 0):
        below.append(f"translation-mangled exact {trans['translation-mangled']['ok']} < {floors['translation_mangled_exact_min']}")
    # Lossy kinds are held on each-char% (every lost character restored or marked, wrong
    # guesses counted twice): a line that restores one lost character by its word and
    # marks another is right in every character, though neither whole form.
    for k, floor in sorted(floors.get("lossy_each_min", {}).items()):
        got = 100 * (stats[k]["each"] - stats[k]["guessed_wrong"]) / stats[k]["n"] if stats[k]["n"] else 0.0
        if got < floor: below.append(f"{k} (each char): {got:.2f}% < floor {floor:.2f}%")
    for k, floor in sorted(floors["synthetic_exact_min"].items()):
        got = 100 * stats[k]["ok"] / stats[k]["n"] if stats[k]["n"] else 0.0
        if got < floor: below.append(f"{k}: {got:.2f}% < floor {floor:.2f}%")
    print("\n== floors (" + floors_file + "): " + ("all held" if not below else "BELOW"))
    for b in below: print("  " + b)
    raise SystemExit(1 if below else 0)
PY
