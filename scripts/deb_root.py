#!/usr/bin/env python3
"""Prints the installed packages a clean root needs to hold the given packages: the
Essential set (a shell, coreutils, dpkg) and the named ones, with their Depends and
Pre-Depends, recursively, each resolved to the package installed on this machine (an
alternative by the first installed one, a virtual package by its installed provider).
Only this machine's own packages are used: nothing is downloaded."""
import re
import subprocess
import sys

FIELDS = "${Package}\t${Essential}\t${Depends}\t${Pre-Depends}\t${Provides}\t${db:Status-Abbrev}\n"
rows = subprocess.run(["dpkg-query", "-W", "-f", FIELDS], capture_output=True, text=True, check=True).stdout
installed, providers = {}, {}
for row in rows.splitlines():
    name, essential, depends, pre, provides, status = row.split("\t")
    if not status.startswith("ii"):
        continue
    installed[name] = (essential == "yes", ", ".join(x for x in (depends, pre) if x))
    for p in filter(None, (re.split(r"[\s(]", x.strip())[0] for x in provides.split(","))):
        providers.setdefault(p, name)


def resolve(alternatives):
    """The installed package that satisfies one `a | b (>= 1)` clause, or None."""
    for alt in alternatives.split("|"):
        name = re.split(r"[\s(:]", alt.strip())[0]
        if name in installed:
            return name
        if name in providers:
            return providers[name]
    return None


wanted = [p for p, (essential, _) in installed.items() if essential]
for clause in sys.argv[1:]:
    for part in clause.split(","):
        if part.strip():
            found = resolve(part)
            if found is None:
                sys.exit(f"deb_root: nothing installed here satisfies '{part.strip()}'")
            wanted.append(found)
seen = set()
while wanted:
    p = wanted.pop()
    if p in seen:
        continue
    seen.add(p)
    for part in installed[p][1].split(","):
        if part.strip():
            found = resolve(part)
            if found is not None:  # an unmet dependency of the machine's own: dpkg -i will say so
                wanted.append(found)
print("\n".join(sorted(seen)))
