"""Performance benchmark: the app under gunicorn against a bare Django view, on 127.0.0.1.

Usage: bench/run (sets up, then runs this). Options: --duration SECONDS --rounds N --connections N
--runs N (in-process renders per page) --write (also write bench/RESULTS.md).
Reports, per page type: requests/s, p50/p95/p99 latency, throughput as a share of the bare
view's (median of rounds of bare view then page), median in-process render time, bytes raw and gzipped,
and SQL queries.
"""

import argparse
import gzip
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pain_guide.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from pain_guide.core import pagecache  # noqa: E402
from pain_guide.guide.steps import STEPS  # noqa: E402
from pain_guide.library.models import Condition, Medicine  # noqa: E402
from pain_guide.sharing.models import ShareLink  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from session_cookie import make_cookie as session_cookie  # noqa: E402

APP_PORT, BARE_PORT = 8801, 8802


def share_code():
    link = ShareLink.objects.filter(region=settings.PAIN_GUIDE_REGION).first()
    if link is None:
        link = ShareLink.objects.create_with_code(
            include_guide=True, region=settings.PAIN_GUIDE_REGION
        )
        link.medicines.set(Medicine.objects.filter(slug__in=["gabapentin", "baclofen"]))
        link.conditions.set(Condition.objects.filter(slug="sciatica"))
    return link.code


# (name, path, needs the answers cookie, cached whole as the same for everyone)
def pages():
    return [
        ("start", "/guide/", False, False),
        ("question step", "/guide/where/", True, False),
        ("result", "/guide/result/", True, False),
        ("medicine", "/library/medicines/gabapentin/", False, True),
        ("comparison", "/library/compare/", False, True),
        ("search", "/library/search/?q=lyrica", False, False),
        ("share page", f"/s/{share_code()}/", False, False),
    ]


STEP_PATHS = [f"/guide/{step.slug}/" for step in STEPS]


def start_server(app, port):
    env = {**os.environ, "BIND": f"127.0.0.1:{port}", "ACCESS_LOG": "/dev/null"}
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"), app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        answered = subprocess.run(
            ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{port}/"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        if answered not in ("", "000"):
            break
        time.sleep(0.2)
    return process


def wrk(url, cookie, duration, connections):
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "-s",
        str(ROOT / "bench/latency.lua"),
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=duration + 30
    ).stdout
    figures = {
        key: int(value) for key, value in re.findall(r"^(P50|P95|P99|ERRORS) (\d+)$", out, re.M)
    }
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, **figures, "non2xx": int(non_2xx.group(1)) if non_2xx else 0}


def in_process(path, cookie, runs, cached_whole=False):
    """Median render time (ms), bytes raw and gzipped, and SQL queries (nothing cached yet).

    A page cached whole is timed with an empty cache every time: the cost of building it.
    Any other page is timed as it runs day to day, with what is the same for everyone (the
    library's links) already in the shared cache.
    """
    client = Client(HTTP_HOST="127.0.0.1")
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    times = []
    client.get(path)
    for _ in range(runs):
        if cached_whole:
            pagecache.clear()
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    pagecache.clear()
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    body = response.content
    htmx = client.get(path, headers={"HX-Request": "true"}).content
    return {
        "status": response.status_code,
        "ms": statistics.median(times),
        "raw": len(body),
        "gz": len(gzip.compress(body)),
        "htmx_gz": len(gzip.compress(htmx)),
        "queries": len(executed),
    }


def worker_memory_mb(server):
    """Resident memory of each gunicorn worker of ``server`` (MB), read from ps."""
    out = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(server.pid)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [int(line) / 1024 for line in out.split()]


def first_visit_bytes():
    """The start page's HTML plus every stylesheet and script it loads, gzipped."""
    from django.contrib.staticfiles import finders

    html = Client(HTTP_HOST="127.0.0.1").get("/guide/").content.decode()
    total = len(gzip.compress(html.encode()))
    parts = [("HTML", total)]
    for url in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js|svg))"', html):
        name = re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", url.removeprefix(settings.STATIC_URL))
        path = finders.find(name)
        size = len(gzip.compress(Path(path).read_bytes()))
        parts.append((name, size))
        total += size
    return total, parts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    cookie = session_cookie()
    steps = {path: in_process(path, cookie, args.runs)["ms"] for path in STEP_PATHS}
    page_list = pages()
    servers = [
        start_server("pain_guide.wsgi:application", APP_PORT),
        start_server("bench.bare_app:application", BARE_PORT),
    ]
    try:
        time.sleep(1)
        rows, bare_runs = [], []
        for name, path, needs_cookie, cached_whole in page_list:
            # Rounds of (bare view, then the page), each page's ratio the median of its
            # rounds' ratios: a shared machine's slow spells then skew neither side.
            rounds = []
            for _ in range(args.rounds):
                bare_run = wrk(
                    f"http://127.0.0.1:{BARE_PORT}/", None, args.duration, args.connections
                )
                page_run = wrk(
                    f"http://127.0.0.1:{APP_PORT}{path}",
                    cookie if needs_cookie else None,
                    args.duration,
                    args.connections,
                )
                page_run["ratio"] = page_run["rps"] / bare_run["rps"]
                bare_runs.append(bare_run)
                rounds.append(page_run)
            loaded = sorted(rounds, key=lambda run: run["ratio"])[len(rounds) // 2]
            local = in_process(path, cookie if needs_cookie else None, args.runs, cached_whole)
            rows.append((name, path, cached_whole, loaded, local))
        app_memory, bare_memory = (worker_memory_mb(server) for server in servers)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)

    bare = sorted(bare_runs, key=lambda run: run["rps"])[len(bare_runs) // 2]  # the median run
    total, parts = first_visit_bytes()
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"gunicorn workers {os.environ.get('WEB_CONCURRENCY', 'default')}; wrk {args.connections} connections, "
        f"{args.rounds} rounds of {args.duration} s (bare view, then the page) per page, the median round shown; in-process medians of {args.runs} renders with Django's test client "
        "(pages cached whole: the time to build them, with an empty cache).",
        "",
        f"Bare Django view (median of {len(bare_runs)} runs, one before each page run): "
        f"{bare['rps']:.0f} requests/s, p50 {bare['P50'] / 1000:.1f} ms, "
        f"p95 {bare['P95'] / 1000:.1f} ms, p99 {bare['P99'] / 1000:.1f} ms; runs ranged "
        f"{min(r['rps'] for r in bare_runs):.0f} to {max(r['rps'] for r in bare_runs):.0f} requests/s",
        "",
        "| page | req/s | vs bare | p50 ms | p95 ms | p99 ms | errors | render ms | bytes | gzip | htmx gzip | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, _path, _cached, loaded, local in rows:
        lines.append(
            f"| {name} | {loaded['rps']:.0f} | {loaded['ratio']:.0%} | {loaded['P50'] / 1000:.1f} | "
            f"{loaded['P95'] / 1000:.1f} | {loaded['P99'] / 1000:.1f} | {loaded['ERRORS'] + loaded['non2xx']} | "
            f"{local['ms']:.1f} | {local['raw']} | {local['gz']} | {local['htmx_gz']} | {local['queries']} |"
        )
    lines += [
        "",
        f"First visit (start page, gzipped): {total} bytes = "
        + " + ".join(f"{n} {s}" for n, s in parts),
    ]
    lines += [
        "",
        f"Memory after the run (resident, per gunicorn worker): app "
        f"{statistics.median(app_memory):.0f} MB (largest {max(app_memory):.0f} MB), "
        f"bare view {statistics.median(bare_memory):.0f} MB "
        f"({statistics.median(app_memory) / statistics.median(bare_memory):.1f} times).",
        "",
        "Question steps in-process (ms): "
        + ", ".join(f"{path.split('/')[2]} {ms:.1f}" for path, ms in steps.items()),
        "",
        *budget_table(rows, steps, total),
    ]
    report = "\n".join(lines)
    print(report)
    if args.write:
        write_results(report, args)


def budget_table(rows, steps, first_visit):
    by_name = {name: (cached, loaded, local) for name, _path, cached, loaded, local in rows}
    cached = {name: v[1]["ratio"] for name, v in by_name.items() if v[0]}
    slowest_step = max(steps.values())
    result_ms = by_name["result"][2]["ms"]
    swap = by_name["question step"][2]["htmx_gz"]
    queries = {name: v[2]["queries"] for name, v in by_name.items()}

    def status(ok):
        return "met" if ok else "**not met**"

    return [
        "## Against the budgets (issue 7)",
        "",
        "| budget | measured | status |",
        "| --- | --- | --- |",
        "| pages cached for everyone: >= 70 % of the bare view's throughput | "
        + ", ".join(f"{name} {ratio:.0%}" for name, ratio in cached.items())
        + f" | {status(min(cached.values()) >= 0.7)} |",
        f"| a guide step renders in <= 5 ms in-process | slowest step {slowest_step:.1f} ms "
        f"| {status(slowest_step <= 5)} |",
        f"| the result renders in <= 10 ms in-process | {result_ms:.1f} ms | {status(result_ms <= 10)} |",
        f"| a first visit under 60 KB compressed | {first_visit / 1024:.1f} KB "
        f"| {status(first_visit < 60 * 1024)} (also asserted in tests/core/test_budgets.py) |",
        f"| an htmx step swap under 6 KB | {swap / 1024:.1f} KB "
        f"| {status(swap < 6 * 1024)} (every step asserted in tests/core/test_budgets.py) |",
        f"| at most 4 SQL queries on any page | at most {max(queries.values())} here "
        f"| {status(max(queries.values()) <= 4)} (every page asserted in tests/core/test_query_budget.py) |",
    ]


def write_results(report, args):
    """bench/RESULTS.md: this run's figures, then whatever follows from '## Load' on (the
    load test's own section) kept as it was."""
    path = ROOT / "bench/RESULTS.md"
    kept = ""
    if path.exists() and "\n## Load" in (old := path.read_text()):
        kept = "\n## Load" + old.split("\n## Load", 1)[1]
    options = " ".join(
        f"--{name} {getattr(args, name)}" for name in ("duration", "rounds", "connections", "runs")
    )
    path.write_text(
        f"# Benchmark results\n\nProduced by `bench/run --write {options}` on "
        f"{time.strftime('%Y-%m-%d')}.\n\n{report}\n{kept}"
    )


if __name__ == "__main__":
    main()
