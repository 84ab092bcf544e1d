#!/usr/bin/env bash
# Correct text must come out of `kempt text` as it went in, however odd its words: every
# UTF-8 hunspell dictionary installed (scripts/deps.sh installs 37) is cut into lines of
# eight words with at least one letter beyond ASCII (up to 2,000 lines a dictionary,
# shuffled with a fixed seed), the hardest clean text the mojibake pass meets — no
# sentence around a word to tell it from a misreading ("façade", "ıspanak", "Ελλάδα").
# Prints the lines changed per dictionary; exits 1 when any line changed, 77 (skipped)
# when no dictionary is installed.
#   KEMPT=build/kempt scripts/eval_clean_words.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kempt=${KEMPT:-$root/build/kempt}
ls /usr/share/hunspell/*.dic >/dev/null 2>&1 || { echo "no hunspell dictionary installed: skipped"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'EOF'
import glob, os, random, re, sys
tmp = sys.argv[1]
lines, names = [], []
for aff in sorted(glob.glob("/usr/share/hunspell/*.aff")):
    dic = aff[:-4] + ".dic"
    if os.path.islink(dic) or not os.path.exists(dic):
        continue  # regional variants link to one dictionary: read it once
    enc = next((l.split()[1].decode() for l in open(aff, "rb") if l.startswith(b"SET") and len(l.split()) > 1), "")
    if enc.upper() != "UTF-8":
        continue
    try:
        entries = open(dic, encoding="utf-8").read().splitlines()[1:]
    except UnicodeDecodeError:
        continue
    # An entry is "word/FLAGS<tab>morphology": the word alone.
    words = [re.split(r"[/\t]", e, 1)[0].strip() for e in entries]
    words = [w for w in words if w and " " not in w and any(ord(c) > 127 for c in w)]
    random.Random(16).shuffle(words)
    for i in range(0, min(len(words), 16000), 8):
        lines.append(" ".join(words[i:i + 8]))
        names.append(os.path.basename(dic)[:-4])
open(os.path.join(tmp, "in.txt"), "w", encoding="utf-8").write("\n".join(lines) + "\n")
open(os.path.join(tmp, "names.txt"), "w").write("\n".join(names) + "\n")
EOF
"$kempt" text <"$tmp/in.txt" >"$tmp/out.txt"
python3 - "$tmp" <<'EOF'
import collections, os, sys
tmp = sys.argv[1]
ins = open(os.path.join(tmp, "in.txt"), encoding="utf-8").read().splitlines()
outs = open(os.path.join(tmp, "out.txt"), encoding="utf-8").read().splitlines()
names = open(os.path.join(tmp, "names.txt")).read().splitlines()
per = collections.Counter(names)
changed = collections.Counter()
shown = 0
for name, a, b in zip(names, ins, outs):
    if a != b:
        changed[name] += 1
        if shown < 10:
            print(f"  CHANGED ({name}): {a!r}\n        → {b!r}")
            shown += 1
if len(outs) != len(ins):
    print(f"  {len(ins)} lines in, {len(outs)} out")
    changed["(line count)"] += 1
print(f"clean dictionary words: {len(ins)} lines from {len(per)} dictionaries, "
      f"{sum(changed.values())} changed" + "".join(f"; {n}: {c}/{per[n]}" for n, c in changed.most_common()))
sys.exit(1 if changed else 0)
EOF
