"""A read-only spell on SQLite (issue 14, finding 8): the attack run saw writes keep failing
after the disk was writable again, while /healthz said 200.

gunicorn (two workers, production settings) keeps its SQLite database and rate-limit counters
on a small tmpfs of the test's own, which the test remounts read-only under a stream of
writes, then writable again. While read-only: a friendly error page, nothing half-written, and
/healthz says 503 (the database cannot be opened). Afterwards: the very next writes succeed in
every worker and /healthz says 200. It needs root (mount); elsewhere it is skipped.

What makes it so: SQLite connections are never kept between requests (CONN_MAX_AGE 0 in
pain_guide/settings.py). A kept connection that met the read-only disk stays unable to write,
and its health check (SELECT 1) still passes; with kept connections this test fails, as the
disk cannot even be remounted while the workers hold the database open.
"""

import http.client
import os
import re
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.collected_static import collected_static
from tests.deploy.test_nginx import free_port, stop, tail
from tests.seeded_database import copy_seeded_database

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def mount(*args):
    return subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)


@pytest.fixture(scope="module")
def disk(tmp_path_factory):
    """A 64 MB tmpfs that the test may remount read-only, or a skip."""
    place = tmp_path_factory.mktemp("disk")
    if os.geteuid() != 0 or mount("-t", "tmpfs", "-o", "size=64m", "tmpfs", str(place)).returncode:
        pytest.skip("needs root and mount (a tmpfs to turn read-only)")
    try:
        yield place
    finally:
        mount("-o", "remount,rw", str(place))
        subprocess.run(["umount", "-l", str(place)], capture_output=True, timeout=30)


@pytest.fixture(scope="module")
def server(disk, tmp_path_factory):
    logs = tmp_path_factory.mktemp("logs")
    port = free_port()
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.deploy.production_settings",
        "PAIN_GUIDE_TEST_STATIC_ROOT": str(collected_static()),
        "SECRET_KEY": "read-only-test-only-secret-key",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{disk / 'db.sqlite3'}",
        "RATELIMIT_CACHE_DIR": str(disk / "ratelimits"),
        "RATELIMIT_FEEDBACK": "100000",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "ACCESS_LOG": "/dev/null",
    }
    # A copy of the database migrated and seeded once for the run (tests/seeded_database.py).
    copy_seeded_database(disk / "db.sqlite3")
    with (logs / "gunicorn.err").open("w") as err:
        process = subprocess.Popen(
            [str(Path(python).parent / "gunicorn"), "--config", "gunicorn.conf.py"]
            + ["pain_guide.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=err,
            stderr=err,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer:\n" + tail(logs / "gunicorn.err"))
        yield port
    finally:
        stop(process)


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def send_feedback(port):
    """Leave one piece of feedback as a browser would: (status, page shown)."""
    status, headers, form = get(port, "/feedback/?page=/library/")
    assert status == 200, form[:500]
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    body = f"csrfmiddlewaretoken={TOKEN.search(form).group(1)}&page=%2Flibrary%2F&helpful=yes"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            "POST",
            "/feedback/",
            body=body,
            headers={
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{port}/feedback/",
            },
        )
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def stored_feedback(disk):
    """Rows stored, read with a connection closed at once (an open one keeps the disk busy)."""
    with closing(sqlite3.connect(disk / "db.sqlite3")) as db:
        return db.execute("select count(*) from feedback_pagefeedback").fetchone()[0]


def open_files(place):
    """Which processes hold files under ``place`` open (for a failure's message)."""
    found = []
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(place)):
            found.append((fd.parts[2], target))
    return found


def test_writes_work_again_as_soon_as_the_disk_is_writable(disk, server):
    # Enough to reach both workers, each of which once kept its broken connection.
    assert [send_feedback(server)[0] for _ in range(6)] == [303] * 6
    before = stored_feedback(disk)

    # A worker closes its connection just after answering: the disk may be busy a moment.
    deadline = time.monotonic() + 5
    while (done := mount("-o", "remount,ro", str(disk))).returncode and time.monotonic() < deadline:
        time.sleep(0.05)
    assert done.returncode == 0, (done.stderr, open_files(disk))
    try:
        during = [send_feedback(server) for _ in range(4)]
        health_during = get(server, "/healthz")[0]
    finally:
        assert mount("-o", "remount,rw", str(disk)).returncode == 0

    # Read-only: nothing stored, the site's own error page (never a traceback), and the load
    # balancer is told.
    assert stored_feedback(disk) == before
    for status, page in during:
        assert status >= 500, (status, page[:300])
        assert "Traceback" not in page
    assert health_during == 503

    # Writable again: every write from the very first, in every worker, and /healthz agrees.
    after = [send_feedback(server)[0] for _ in range(8)]
    assert after == [303] * 8
    assert get(server, "/healthz")[0] == 200
    assert stored_feedback(disk) == before + 8
