#!/usr/bin/env python3
"""Summarise a JFR recording made during a benchmark run (stdlib only; needs `jfr` on PATH).

    MAVEN_OPTS="-XX:StartFlightRecording=filename=target/prof/run.jfr,settings=profile,dumponexit=true" \
        scripts/bench.sh --only=lateness
    scripts/jfr-top.py target/prof/run.jfr [thread-prefix]

Prints: execution samples per thread, the top frames (self and inclusive) of threads whose name starts
with thread-prefix (default vert.x-eventloop), the longest GC pauses, and the machine vs JVM CPU load.
"""
import collections
import re
import subprocess
import sys


def events(path, name):
    out = subprocess.run(["jfr", "print", "--events", name, path], capture_output=True, text=True, check=True).stdout
    return out.split(name)[1:]


def main():
    path = sys.argv[1]
    prefix = sys.argv[2] if len(sys.argv) > 2 else "vert.x-eventloop"
    threads, self_top, incl = collections.Counter(), collections.Counter(), collections.Counter()
    for e in events(path, "jdk.ExecutionSample"):
        m = re.search(r'sampledThread = "([^"]+)"', e)
        if not m:
            continue
        threads[m.group(1)] += 1
        if not m.group(1).startswith(prefix):
            continue
        frames = re.findall(r"^\s+([\w.$<>]+)\(", e, re.M)
        if frames:
            self_top[frames[0]] += 1
        for f in set(frames):
            incl[f] += 1
    print("execution samples per thread:")
    for t, c in threads.most_common(12):
        print(f"  {c:6d}  {t}")
    print(f"\ntop self frames on {prefix}*:")
    for f, c in self_top.most_common(15):
        print(f"  {c:6d}  {f}")
    print(f"\ntop inclusive limber/paho/jackson/micrometer frames on {prefix}*:")
    shown = 0
    for f, c in incl.most_common():
        if any(k in f for k in ("limber", "paho", "jackson", "micrometer")):
            print(f"  {c:6d}  {f}")
            shown += 1
            if shown == 20:
                break
    pauses = []
    for e in events(path, "jdk.GarbageCollection"):
        name = re.search(r'name = "([^"]+)"', e)
        longest = re.search(r"longestPause = ([\d.]+) (ms|s|us)", e)
        if name and longest:
            v = float(longest.group(1)) * {"ms": 1, "s": 1000, "us": 0.001}[longest.group(2)]
            pauses.append((v, name.group(1)))
    pauses.sort(reverse=True)
    print(f"\nGC: {len(pauses)} collections; longest pauses (ms): "
          + ", ".join(f"{v:.1f} {n}" for v, n in pauses[:8]))
    machine, jvm = [], []
    for e in events(path, "jdk.CPULoad"):
        u = re.search(r"jvmUser = ([\d.]+)%", e)
        s = re.search(r"jvmSystem = ([\d.]+)%", e)
        t = re.search(r"machineTotal = ([\d.]+)%", e)
        if u and s and t:
            jvm.append(float(u.group(1)) + float(s.group(1)))
            machine.append(float(t.group(1)))
    if machine:
        print(f"CPU load (share of all cores): machine avg {sum(machine) / len(machine):.1f}%, "
              f"this JVM avg {sum(jvm) / len(jvm):.1f}%, samples {len(machine)}")


if __name__ == "__main__":
    main()
