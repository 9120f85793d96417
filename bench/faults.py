"""The report for bench/faults: what users got in each phase, and whether any write the server
confirmed is missing from the database. Exits 1 if a confirmed write was lost or the app did
not come back.

Each request (one JSON line from bench/locustfile.py's listener) belongs to the phase in
which it started, and is one of:
- OK: 2xx or 3xx, or a 4xx (the app's own page; counted again in the details);
- friendly: a 5xx whose body is the app's own friendly page (templates/500.html, or a page in
  the site's frame);
- bare: any other 5xx, or a connection error (reset, refused) without an answer;
- hang: no answer within the client timeout.
"""

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

HANG_ERRORS = {"ReadTimeout", "ConnectTimeout", "Timeout"}
ACCESS_LINE = re.compile(r'^\[([^\]]+)\] "(\S+) (\S+)" (\d{3}) ')
LOG_NOISE = re.compile(r"^\[[^\]]+\] \[\d+\] |\b0x[0-9a-f]+\b|\bpid:? \d+|\(pid: \d+\)")


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def classify(record, timeout_ms):
    status, error = record.get("s", 0), record.get("e")
    if error in HANG_ERRORS or (status == 0 and record.get("ms", 0) >= timeout_ms):
        return "hang"
    if status == 0 or (status >= 500 and not record.get("f")):
        return "bare"
    if status >= 500:
        return "friendly"
    return "ok"


def read_phases(path):
    phases = []
    with open(path) as lines:
        for line in lines:
            name, start, end = line.split()
            phases.append((name, float(start), float(end)))
    return phases


def phase_of(phases, moment):
    for name, start, end in phases:
        if start <= moment < end:
            return name
    return None


def read_requests(path):
    requests, writes = [], defaultdict(list)
    with open(path) as lines:
        for line in lines:
            record = json.loads(line)
            if "write" in record:
                writes[record["write"]].append(record["key"])
            else:
                requests.append(record)
    return requests, writes


def report_phases(phases, requests, timeout_ms):
    rows = {name: [] for name, _, _ in phases}
    for record in requests:
        name = phase_of(phases, record["t"])
        if name is not None:
            rows[name].append(record)
    print(
        "| phase | s | requests | OK | friendly | bare 5xx/errors | hang | p95 ms |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    details = []
    for name, start, end in phases:
        records = rows[name]
        kinds = Counter(classify(record, timeout_ms) for record in records)
        p95 = percentile([record["ms"] for record in records], 0.95)
        print(
            f"| {name} | {end - start:.0f} | {len(records)} | {kinds['ok']} | {kinds['friendly']}"
            f" | {kinds['bare']} | {kinds['hang']} | {p95:.0f} |"
        )
        other = Counter()
        for record in records:
            kind = classify(record, timeout_ms)
            if kind != "ok" or record.get("s", 0) >= 400:
                what = record.get("e") or record["s"]
                label = "friendly" if record.get("f") else "bare"
                other[
                    f"{kind if kind != 'ok' else '4xx ' + label}: {record['m']} {record['n']} {what}"
                ] += 1
        if other:
            worst = max(record["ms"] for record in records)
            shown = ", ".join(f"{text} x{count}" for text, count in other.most_common(8))
            more = f" (+{len(other) - 8} more kinds)" if len(other) > 8 else ""
            details.append(f"- {name} (slowest {worst:.0f} ms): {shown}{more}")
    if details:
        print("\nNot OK, or 4xx, by phase (kind: request status x count):")
        print("\n".join(details))


def report_access_log(path, phases):
    """5xx answers gunicorn logged, by phase (the access log's clock has whole seconds)."""
    counts = defaultdict(Counter)
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return
    for line in lines:
        found = ACCESS_LINE.match(line)
        if not found or not found.group(4).startswith("5"):
            continue
        moment = datetime.strptime(found.group(1), "%d/%b/%Y:%H:%M:%S %z").timestamp()
        name = phase_of(phases, moment + 0.5) or "outside the phases"
        path_only = re.sub(r"/(share|s)/[^/]+/", r"/\1/[code]/", found.group(3))
        counts[name][f"{found.group(2)} {path_only} {found.group(4)}"] += 1
    if counts:
        print(
            "\n5xx in gunicorn's access log, by phase of when it was logged "
            "(the end of the request, to the second):"
        )
        for name, counter in counts.items():
            print(f"- {name}: " + ", ".join(f"{k} x{n}" for k, n in counter.most_common(6)))


def report_server_log(path):
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return
    interesting = Counter()
    for line in lines:
        if re.search(
            r"Error|Exception|WARNING|ERROR|CRITICAL|Worker|Booting|signal|unavailable", line
        ):
            interesting[LOG_NOISE.sub("", line).strip()[:160]] += 1
    if interesting:
        print(f"\nServer log ({len(lines)} lines), the commonest telling lines:")
        for text, count in interesting.most_common(14):
            print(f"  {count:5d} x {text}")


def report_writes(writes, stored, confirmed_counts):
    lost_total = 0
    print()
    for kind in ("share_links", "result_links", "feedback"):
        confirmed = writes.get(kind, [])
        in_database = set(stored.get(kind, []))
        lost = [key for key in confirmed if key not in in_database]
        unconfirmed = len(in_database - set(confirmed))
        lost_total += len(lost)
        note = f"; {unconfirmed} stored but never confirmed to the user" if unconfirmed else ""
        print(
            f"{kind}: confirmed {len(confirmed)} (locust counted {confirmed_counts.get(kind)}),"
            f" {len(confirmed) - len(lost)} of them in the database{note}"
        )
        if lost:
            print(f"  lost: {', '.join(map(str, lost[:10]))}")
    print(f"confirmed writes lost: {lost_total}")
    return lost_total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", required=True)
    parser.add_argument("--phases", required=True)
    parser.add_argument("--stored", required=True)
    parser.add_argument("--confirmed", required=True)
    parser.add_argument("--access-log")
    parser.add_argument("--server-log")
    parser.add_argument("--health", default="")
    parser.add_argument("--timeout", type=float, default=10)
    args = parser.parse_args()

    phases = read_phases(args.phases)
    requests, writes = read_requests(args.requests)
    timeout_ms = args.timeout * 1000 - 50
    print(
        f"== What users got, by phase ({len(requests)} requests; a hang is no answer within "
        f"{args.timeout:g} s) =="
    )
    report_phases(phases, requests, timeout_ms)
    if args.access_log:
        report_access_log(args.access_log, phases)
    if args.server_log:
        report_server_log(args.server_log)

    with open(args.stored) as stored_file:
        stored = json.load(stored_file)
    try:
        with open(args.confirmed) as confirmed_file:
            confirmed_counts = json.load(confirmed_file)
    except (OSError, ValueError):
        confirmed_counts = {}
    lost = report_writes(writes, stored, confirmed_counts)
    recovered = '"status": "ok"' in args.health
    print("everything back after the run: " + ("yes" if recovered else f"NO ({args.health})"))
    return 1 if lost or not recovered else 0


if __name__ == "__main__":
    sys.exit(main())
