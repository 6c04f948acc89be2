#!/usr/bin/env python3
"""One table from one bench/run: the service against plain JDBC (bench/run's own workloads) and
against the Spring Boot peer (../shared/peer/bench/side-by-side.sh, run right after it).
Usage: peer.py LATEST_JSON SIDE_BY_SIDE_DIR  (prints Markdown)"""
import glob, json, os, platform, sys

latest, sbs = json.load(open(sys.argv[1])), sys.argv[2]

# bench/run's workload names (their prefix) and the side-by-side's scenario for the same request
ROWS = [
    ("list `?server_id`", "list ?server_id (", "list_by_server", "ours"),
    ("list first page (50)", "list first page (", "list_first_page", "ours"),
    ("get one", "get one snapshot (", "get_snapshot", "ours"),
    ("create, workers on the same node (0.2 s jobs)", None, "create", "ours"),
    ("create, API only (workers off)", "create on an idle server", "create", "oursapi"),
]


def runs(label):
    found = []
    for f in sorted(glob.glob(os.path.join(sbs, f"*-{label}_r*.json"))):
        if not f.endswith(".proc.json"):
            found.append({s["scenario"]: s for s in json.load(open(f))["scenarios"]})
    return found


def procs(label):
    return [json.load(open(f)) for f in sorted(glob.glob(os.path.join(sbs, f"*-{label}_r*.proc.json")))]


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else None


def spread(xs, fmt="{:.0f}"):
    if not xs:
        return "–"
    m = fmt.format(median(xs))
    return m if len(xs) == 1 else f"{m} ({fmt.format(min(xs))}–{fmt.format(max(xs))})"


def autogroup():
    """The kernel's session scheduling groups, which decide the read tails (README: What stalls the reads)."""
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled") as f:
            return "kernel.sched_autogroup_enabled=" + f.read().strip()
    except OSError:
        return "no session scheduling groups (kernel.sched_autogroup_enabled absent)"


side = {label: runs(label) for label in ("peer", "ours", "oursapi")}
bench = latest["workloads"]

print("| workload | service req/s (bench) | plain JDBC req/s | service / JDBC "
      "| service req/s (side by side) | peer req/s | service / peer | service p99 ms | peer p99 ms |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, prefix, scenario, label in ROWS:
    w = next((w for w in bench if prefix and w["name"].startswith(prefix)), None)
    service = [r["throughput"] for r in w["service"]] if w else []
    jdbc = [r["throughput"] for r in w["baseline"]] if w else []
    ours = [r[scenario]["rps"] for r in side[label] if scenario in r]
    peer = [r[scenario]["rps"] for r in side["peer"] if scenario in r]
    ratio_jdbc = f"{median(service) / median(jdbc):.0%}" if service and jdbc else "–"
    ratio_peer = f"{median(ours) / median(peer):.2f}x" if ours and peer else "–"
    p99_ours = [r[scenario]["latency_ms"]["p99"] for r in side[label] if scenario in r]
    p99_peer = [r[scenario]["latency_ms"]["p99"] for r in side["peer"] if scenario in r]
    print(f"| {name} | {spread(service)} | {spread(jdbc)} | {ratio_jdbc} | {spread(ours)} "
          f"| {spread(peer)} | {ratio_peer} | {spread(p99_ours, '{:.1f}')} | {spread(p99_peer, '{:.1f}')} |")

print()
facts = latest.get("facts", {})
print(f"- machine: {facts.get('machine', platform.platform())}; {autogroup()}")
print(f"- bench/run: {facts.get('load', '')}; data set: {facts.get('data set', 'see latest.md')}")
rounds = len(side["peer"])
print(f"- side by side: {rounds} round(s) of peer, then the service with workers, then the service "
      "API only on a fresh JVM, one PostgreSQL and one wrk (32 connections), each figure the "
      "median of the rounds (min–max); service JVM flags "
      f"`{os.environ.get('OURS_JAVA_OPTS') or os.environ.get('JAVA_TOOL_OPTIONS') or 'none'}`, "
      f"peer JVM flags `{os.environ.get('JAVA_TOOL_OPTIONS') or 'none'}`")
for label, what in (("peer", "peer"), ("ours", "service (API and workers)"), ("oursapi", "service (API only)")):
    p = procs(label)
    if p:
        print(f"- {what}: ready in {spread([x['ready_s'] for x in p], '{:.1f}')} s, resident "
              f"{spread([x['rss_idle_mb'] for x in p])} MB idle, "
              f"{spread([x['rss_after_mb'] for x in p])} MB after the load")
print("- the two halves load different data (bench/run: its large data set; side by side: the peer "
      "driver's 1,000 servers): compare ratios within a half, not figures across them")
