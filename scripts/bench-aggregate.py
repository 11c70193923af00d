#!/usr/bin/env python3
"""Markdown table of several benchmark runs: each run's figure, the median and the spread (max - min).

    scripts/bench-aggregate.py target/runs/run-1 target/runs/run-2 target/runs/run-3
    scripts/bench-aggregate.py --headline quiet target/runs/q1 target/runs/q2 target/runs/q3 \
                                          loaded target/runs/l1 target/runs/l2 target/runs/l3

--headline gives one row per key of the runs' final key=value line: per group of runs, the median
and the range (min-max), plus each group's commits, load averages and synthetic load.
"""
import json
import statistics
import sys


def headline(argv):
    groups, name = {}, None
    for a in argv:
        if "/" in a or a.startswith("."):
            groups[name].append(json.load(open(a.rstrip("/") + "/summary.json")))
        else:
            name = a
            groups[name] = []
    keys = []
    for runs in groups.values():
        for r in runs:
            for k in r["summary"]:
                if k not in keys:
                    keys.append(k)
    print("| figure | " + " | ".join(f"{g}: median (min-max, n)" for g in groups) + " |")
    print("|---|" + "---|" * len(groups))
    for k in keys:
        cells = []
        for runs in groups.values():
            nums = []
            for r in runs:
                v = r["summary"].get(k, "na")
                try:
                    nums.append(float(v))
                except ValueError:
                    pass
            if nums:
                cells.append(f"{statistics.median(nums):g} ({min(nums):g}-{max(nums):g}, {len(nums)})")
            else:
                cells.append("na")
        print(f"| `{k}` | " + " | ".join(cells) + " |")
    for g, runs in groups.items():
        for i, r in enumerate(runs):
            print(f"\n{g} {i + 1}: commit `{r.get('commit')}`{' (dirty)' if r.get('dirty') else ''}, started "
                  f"{r['started_utc']}, {r['duration_sec']} s, synthetic load "
                  f"{r.get('synthetic_load_busy_processes', 0)} busy process(es), load average at start "
                  f"`{r['load_average_at_start']}`, at end `{r['load_average_at_end']}`, errors {r['errors']}")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--headline":
        headline(sys.argv[2:])
        return
    runs = [json.load(open(d.rstrip("/") + "/summary.json")) for d in sys.argv[1:]]
    order, values, meta = [], {}, {}
    for i, r in enumerate(runs):
        for f in r["figures"]:
            key = (f["scenario"], f["figure"])
            if key not in values:
                order.append(key)
                values[key] = [None] * len(runs)  # a figure a run did not have stays n/a
                meta[key] = (f["unit"], f["target"])
            values[key][i] = f["value"]
    heads = [f"run {i + 1}" for i in range(len(runs))]
    print("| scenario | figure | " + " | ".join(heads) + " | median | spread | unit | target | median passes |")
    print("|---|---|" + "---|" * len(runs) + "---|---|---|---|---|")
    for key in order:
        vs = values[key]
        nums = [v for v in vs if isinstance(v, (int, float))]
        med = statistics.median(nums) if nums else None
        spread = (max(nums) - min(nums)) if nums else None
        unit, target = meta[key]
        verdict = ""
        if target and med is not None:
            verdict = "yes" if passes(target, med) else "**no**"
        fmt = lambda v: "n/a" if v is None else f"{v:g}"
        esc = lambda t: t.replace("|", "\\|")
        print(f"| {key[0]} | {esc(key[1])} | " + " | ".join(fmt(v) for v in vs) + " | " + fmt(med) + " | "
              + fmt(spread) + f" | {unit} | {esc(target)} | {verdict} |")
    for i, r in enumerate(runs):
        print(f"\nrun {i + 1}: started {r['started_utc']}, {r['duration_sec']} s, load average at start "
              f"`{r['load_average_at_start']}`, at end `{r['load_average_at_end']}`, errors {r['errors']}")


def passes(target, v):
    t = target.replace(" (jitter)", "").strip()
    if t.startswith("<="):
        return v <= float(t[2:])
    if t.startswith("|x| <="):
        return abs(v) <= float(t[6:])
    if t.startswith("="):
        return v == float(t[1:])
    try:
        return v == float(t)
    except ValueError:
        return None


if __name__ == "__main__":
    main()
