"""Run every benchmark of bench/, print one table and write bench/results.json."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))


def print_table(rows: list[dict]) -> None:
    """path | ours | floor | ratio | target | meets."""
    header = ("path", "ours", "floor", "ratio", "target", "meets")
    lines = [header]
    for r in rows:
        if r.get("target_text"):
            target = r["target_text"]
        elif r["target"] is None:
            target = ""
        elif r["unit"] == "req/s":
            target = f"≥ {r['target']}×"
        else:
            target = f"≤ {r['target']}×"
        meets = "" if r["meets"] is None else ("yes" if r["meets"] else "NO")
        lines.append(
            (
                r["path"],
                f"{r['ours']} {r['unit']}",
                f"{r['floor']} {r['unit']}",
                f"{r['ratio']}×",
                target,
                meets,
            )
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    for number, line in enumerate(lines):
        print(" | ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)))
        if number == 0:
            print("-+-".join("-" * width for width in widths))


def main() -> int:
    """Import each bench module, run it, gather its rows."""
    rows: list[dict] = []
    only = set(sys.argv[1:])
    for module in pkgutil.iter_modules([HERE]):
        if module.name in ("run", "__init__") or (only and module.name not in only):
            continue
        bench = importlib.import_module(f"bench.{module.name}")
        print(f"running bench/{module.name}.py …", file=sys.stderr, flush=True)
        rows.extend(bench.run())
    print_table(rows)
    with open(os.path.join(HERE, "results.json"), "w", encoding="utf-8") as handle:
        json.dump(rows, handle, indent=2)
    return 0 if all(r["meets"] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
