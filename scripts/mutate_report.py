"""Score and survivors from ``mutmut results --all true`` (stdin), per module; see scripts/mutate.

A mutant counts as killed when a test failed (or timed out) against it; "no tests" and
"suspicious" count as survivors, "not checked" (outside the modules asked for) is left out.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterable

LINE = re.compile(r"^\s*(?P<name>compiler\.[\w.]+?)\.x\S*__mutmut_\d+: (?P<status>.+)$")
KILLED = {"killed", "timeout", "caught by type check", "segfault"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--min", type=float, default=0.0)
    parser.add_argument("--sample", type=int, help="print a seeded random sample of N mutant names per module asked for")
    parser.add_argument("modules", nargs="*")
    args = parser.parse_args()
    prefixes = tuple(f"compiler.{m}" for m in args.modules)
    if args.sample:
        return _sample(sys.stdin, prefixes, args.sample)
    killed: dict[str, int] = defaultdict(int)
    survivors: dict[str, list[str]] = defaultdict(list)
    for line in sys.stdin:
        match = LINE.match(line.rstrip("\n"))
        if not match or match["status"] == "not checked":
            continue
        module = match["name"]
        if prefixes and not module.startswith(prefixes):
            continue
        if match["status"] in KILLED:
            killed[module] += 1
        else:
            survivors[module].append(f"{line.strip()}")
    failed = False
    total_killed = total = 0
    for module in sorted(set(killed) | set(survivors)):
        count = killed[module] + len(survivors[module])
        score = 100.0 * killed[module] / count
        total_killed, total = total_killed + killed[module], total + count
        failed |= score < args.min
        print(f"{module:<40} {killed[module]:>5}/{count:<5} killed  {score:5.1f} %")
    if total:
        print(f"{'TOTAL':<40} {total_killed:>5}/{total:<5} killed  {100.0 * total_killed / total:5.1f} %")
    for module in sorted(m for m in survivors if survivors[m]):
        print(f"\nsurvivors in {module} ({len(survivors[module])}):")
        for entry in survivors[module]:
            print(f"  {entry}")
    return 1 if failed else 0


def _sample(lines: Iterable[str], prefixes: tuple[str, ...], size: int) -> int:
    by_module: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        match = LINE.match(line.rstrip("\n"))
        if match and (not prefixes or match["name"].startswith(prefixes)):
            # one sample per module asked for (emit.iam: its files together), else per file
            group = next((p for p in prefixes if match["name"].startswith(p)), match["name"])
            by_module[group].append(line.strip().split(":")[0])
    # MUTATE_SEED draws another sample: one that no test was written against measures the score.
    rng = random.Random(int(os.environ.get("MUTATE_SEED") or 18))
    for module in sorted(by_module):
        names = sorted(by_module[module])
        print("\n".join(rng.sample(names, min(size, len(names)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
