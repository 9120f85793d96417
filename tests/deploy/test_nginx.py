"""Debian's nginx in front of gunicorn, as deploy/nginx.conf sets it up (issue 14, finding 4).

Starts the app under gunicorn (production settings, its own SQLite database, migrated and
seeded) and nginx with the rendered configuration, both on free ports on 127.0.0.1, then:
slow clients do not stop normal requests, large bodies get 413, static files come from nginx
with far-future cache headers and Django's security headers, and the per-address limits on
POSTs hold, counted per real client behind a trusted proxy and never per claimed address.

Clients that must count as different addresses connect from other loopback addresses
(127.0.0.2 and up): everything stays on this machine.

PAIN_GUIDE_SLOW_CLIENTS_DIRECT=1 aims the slow-client test at gunicorn itself, without nginx,
which shows what it guards against: that run fails.
"""

import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.collected_static import collected_static
from tests.seeded_database import copy_seeded_database

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
)
SECURITY_HEADERS = (
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Permissions-Policy",
    "Strict-Transport-Security",
)
# The simulated load balancer in front of nginx, trusted for X-Forwarded-For and -Proto.
PROXY = "127.0.0.2"
POST_PATH = "/guide/age/"  # a form: without a CSRF token Django answers 403 at once

pytestmark = [
    pytest.mark.skipif(
        NGINX is None,
        reason="nginx not found: install Debian's nginx (scripts/test does) to test deploy/nginx.conf",
    ),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "sqlite").startswith("sqlite"),
        reason="brings its own SQLite database: runs once, in the SQLite pass",
    ),
]


@dataclass
class Stack:
    nginx_port: int
    gunicorn_port: int
    static_root: Path
    gunicorn_access_log: Path
    logs: Path
    conf: Path
    gunicorn_pid: int = 0


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def loopback_addresses_work():
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.59", 0))
    except OSError:
        return False
    return True


def request(port, method, path, *, source="127.0.0.1", headers=None, body=None, timeout=5):
    """One request on its own connection: (status, headers, body)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def raw_status(sock, timeout):
    """The status code of whatever the server has sent on a raw socket, or None."""
    sock.settimeout(timeout)
    try:
        data = sock.recv(4096)
    except (TimeoutError, BlockingIOError):
        return None
    except ConnectionError:
        return "reset"
    if not data:
        return "closed"
    return int(data.split(b" ", 2)[1])


def post_headers(port, length, extra=""):
    return (
        f"POST {POST_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {length}\r\n{extra}\r\n"
    ).encode()


def wait_until_up(port, processes, logs, deadline):
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                pytest.fail(f"{name} stopped:\n" + tail(logs / f"{name}.err"))
        try:
            if request(port, "GET", "/healthz", timeout=1)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail("nginx and gunicorn did not answer /healthz within 30 s")


def tail(path, lines=30):
    return (
        "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""
    )


def stop(process):
    """Stop a process this test started, and its children (its own process group)."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # quick shutdown for gunicorn; fast stop for nginx
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not loopback_addresses_work():
        pytest.skip("this machine cannot use loopback addresses other than 127.0.0.1")
    tmp = tmp_path_factory.mktemp("nginx")
    run, logs, static_root = tmp / "run", tmp / "logs", collected_static()
    run.mkdir()
    logs.mkdir()
    nginx_port, gunicorn_port = free_port(), free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.deploy.production_settings",
        "PAIN_GUIDE_TEST_STATIC_ROOT": str(static_root),
        "SECRET_KEY": "nginx-test-only-secret-key",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "RATELIMIT_CACHE_DIR": str(tmp / "ratelimits"),
        "BIND": f"127.0.0.1:{gunicorn_port}",
        # Few workers, so that the run without nginx shows what slow clients do.
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "2",
        "ACCESS_LOG": str(logs / "gunicorn-access.log"),
    }
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable

    def manage(*args):
        return [python, str(ROOT / "manage.py"), *args]

    def run_or_fail(command):
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, (command, done.stderr[-3000:])
        return done.stdout

    def started(command, name, **options):
        """A process writing its output to files in logs/ (each keeps its own copy of them)."""
        with (logs / f"{name}.out").open("w") as out, (logs / f"{name}.err").open("w") as err:
            return subprocess.Popen(command, env=env, stdout=out, stderr=err, **options)

    # The static files were collected once for the run (tests/collected_static.py); the
    # database is a copy of the one migrated and seeded once for the run
    # (tests/seeded_database.py).
    copy_seeded_database(tmp / "db.sqlite3")

    conf = run / "nginx.conf"
    conf.write_text(
        run_or_fail(
            [python, str(ROOT / "deploy" / "render_nginx_conf.py")]
            + ["--listen", f"127.0.0.1:{nginx_port}", "--upstream", f"127.0.0.1:{gunicorn_port}"]
            + ["--trusted-proxy", PROXY, "--standalone", str(run)]
        )
    )

    processes = {}
    try:
        processes["gunicorn"] = started(
            [str(Path(python).parent / "gunicorn"), "--config", "gunicorn.conf.py"]
            + ["pain_guide.wsgi:application"],
            "gunicorn",
            cwd=ROOT,
            start_new_session=True,
        )
        # Its access log is its standard output.
        processes["nginx"] = started(
            [NGINX, "-p", str(run), "-e", "stderr", "-c", str(conf), "-g", "daemon off;"],
            "nginx",
            start_new_session=True,
        )
        wait_until_up(nginx_port, processes, logs, time.monotonic() + 30)
        yield Stack(
            nginx_port,
            gunicorn_port,
            static_root,
            logs / "gunicorn-access.log",
            logs,
            conf,
            processes["gunicorn"].pid,
        )
    finally:
        for process in processes.values():
            stop(process)


def test_fifty_slow_clients_do_not_stop_normal_requests(stack):
    """50 clients send a POST's headers, then its body at 1 byte a second for 10 seconds.
    Meanwhile a page is asked for every half second: each answers 200 within 2 seconds."""
    port = (
        stack.gunicorn_port
        if os.environ.get("PAIN_GUIDE_SLOW_CLIENTS_DIRECT")
        else stack.nginx_port
    )
    slow = []
    try:
        for number in range(50):
            sock = socket.create_connection(
                ("127.0.0.1", port), timeout=5, source_address=(f"127.0.0.{10 + number}", 0)
            )
            sock.sendall(post_headers(port, 1000))
            slow.append(sock)
        stop_trickling = threading.Event()
        send_errors = []

        def trickle():
            while not stop_trickling.wait(1):
                for sock in slow:
                    try:
                        sock.send(b"a")
                    except OSError as error:
                        send_errors.append(error)

        trickler = threading.Thread(target=trickle, daemon=True)
        trickler.start()

        answers = []  # (status or error, seconds)
        started = time.monotonic()
        next_at = started
        while time.monotonic() - started < 10:
            before = time.monotonic()
            try:
                status = request(port, "GET", "/guide/", timeout=2)[0]
            except OSError as error:
                status = type(error).__name__
            answers.append((status, round(time.monotonic() - before, 3)))
            next_at += 0.5
            time.sleep(max(0, next_at - time.monotonic()))
        stop_trickling.set()
        trickler.join(timeout=5)

        seconds = [took for _, took in answers]
        print(
            f"\n{len(answers)} normal requests while 50 clients trickled for 10 s: "
            f"median {statistics.median(seconds) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms, "
            f"{sum(status == 200 and took < 2 for status, took in answers)} answered 200 within 2 s"
        )
        assert all(status == 200 and took < 2 for status, took in answers), answers
        assert len(answers) >= 15
        # The slow clients were held, not turned away: nothing was answered to any of them.
        assert not send_errors
        assert [raw_status(sock, 0) for sock in slow] == [None] * 50
    finally:
        for sock in slow:
            sock.close()


def test_a_body_over_64_kb_gets_413_from_nginx(stack):
    port = stack.nginx_port
    # The stack is shared by this module's tests, which run in any order: count from here.
    posts_before = app_saw(stack, "POST", POST_PATH, expected=0)
    logins_before = app_saw(stack, "POST", "/admin/login/", expected=0)
    limit = int(re.search(r"client_max_body_size (\d+);", stack.conf.read_text())[1])
    assert limit <= 64 * 1024
    with socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.3", 0)) as sock:
        sock.sendall(post_headers(port, limit + 1))  # answered before any body is sent
        assert raw_status(sock, 5) == 413
    with socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.3", 0)) as sock:
        sock.sendall(
            post_headers(port, 0).replace(b"Content-Length: 0", b"Transfer-Encoding: chunked")
        )
        chunk = b"a" * 8192
        try:
            for _ in range(limit // len(chunk) + 1):  # no length given up front
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # nginx may answer and close before the last chunk
        assert raw_status(sock, 5) == 413

    # Up to the limit, the app has the request.
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    request(port, "POST", POST_PATH, source="127.0.0.3", body=b"a" * limit, headers=form)
    # That one only: none of the larger ones reached it.
    assert app_saw(stack, "POST", POST_PATH, expected=posts_before + 1) == posts_before + 1
    # The admin's forms hold whole medicine pages: it takes more.
    request(port, "POST", "/admin/login/", source="127.0.0.3", body=b"a" * 2 * limit, headers=form)
    assert app_saw(stack, "POST", "/admin/login/", expected=logins_before + 1) == logins_before + 1


def whole_answer(sock, timeout=5):
    """The server's whole answer on a raw socket: its headers and as much body as its
    Content-Length says (or all it sends until it closes or goes quiet, without one). nginx
    keeps a connection whose request body it refused open a while longer (lingering close),
    so waiting for it to close took 5 s."""
    sock.settimeout(timeout)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
            head, blank, body = data.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head)
            if blank and length and len(body) >= int(length[1]):
                break
    except (TimeoutError, ConnectionError):
        pass
    return data.decode(errors="replace")


def test_what_nginx_answers_itself_is_the_sites_own_page_with_the_emergency_numbers(stack):
    """A body too big (413), too many posts (429): nginx answers, the app never sees it, and
    the page still says what happened, that nothing saved was lost, and whom to call."""
    port = stack.nginx_port
    limit = int(re.search(r"client_max_body_size (\d+);", stack.conf.read_text())[1])
    with socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.6", 0)) as sock:
        sock.sendall(post_headers(port, limit + 1, extra="Connection: close\r\n"))
        answer = whole_answer(sock)
    assert answer.startswith("HTTP/1.1 413")
    assert "That was too much to send" in answer
    assert "Nothing you saved has been lost" in answer
    assert 'href="tel:911"' in answer
    assert 'href="tel:999"' in answer
    assert "<center>nginx" not in answer  # nginx's own bare page

    statuses = posts(port, 40, source="127.0.0.7")
    assert 429 in statuses
    with socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.7", 0)) as sock:
        sock.sendall(post_headers(port, 0, extra="Connection: close\r\n"))
        answer = whole_answer(sock)
    assert answer.startswith("HTTP/1.1 429")
    assert "Please wait a little" in answer
    assert 'href="tel:911"' in answer


def app_saw(stack, method, path, *, expected):
    """How many such requests reached gunicorn, by its access log (which gunicorn writes
    just after answering: waits a little for the count expected)."""
    deadline = time.monotonic() + 2
    while True:
        seen = stack.gunicorn_access_log.read_text().count(f'"{method} {path}"')
        if seen >= expected or time.monotonic() > deadline:
            return seen
        time.sleep(0.05)


def test_static_files_come_from_nginx_with_far_future_and_security_headers(stack):
    port = stack.nginx_port
    manifest = json.loads((stack.static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert hashed != "css/site.css"

    status, headers, body = request(
        port, "GET", f"/static/{hashed}", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip"  # WhiteNoise's .gz copy
    assert gzip.decompress(body) == (stack.static_root / hashed).read_bytes()
    assert request(port, "GET", "/static/css/site.css")[1]["Cache-Control"] == (
        "public, max-age=60"
    )

    # The security headers are the ones Django puts on its pages (no HSTS: this is HTTP).
    page_status, page, _ = request(port, "GET", "/guide/")
    assert page_status == 200
    for name in SECURITY_HEADERS:
        assert headers.get_all(name) == page.get_all(name), name
    assert all(page[name] for name in SECURITY_HEADERS[:-1])
    # ... on a missing file too.
    status, missing, _ = request(port, "GET", "/static/css/no-such-file.css")
    assert status == 404
    assert all(missing.get_all(name) == page.get_all(name) for name in SECURITY_HEADERS)

    assert "/static/" not in stack.gunicorn_access_log.read_text()


def posts(port, count, *, source, forwarded_for=None):
    statuses = []
    for number in range(count):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for(number)
            headers["X-Forwarded-Proto"] = "https"
        statuses.append(
            request(port, "POST", POST_PATH, source=source, headers=headers, body=b"a=1")[0]
        )
    return statuses


def test_posts_from_one_address_are_limited(stack):
    port = stack.nginx_port
    # Quickly, one after the other: a burst of 20 goes through, then 429 (5 a second).
    statuses = posts(port, 40, source="127.0.0.4")
    assert set(statuses[:20]) == {403}, statuses
    assert statuses.count(429) >= 10, statuses

    # At most 10 at once in progress (bodies still arriving) from one address.
    open_posts = []
    try:
        for _ in range(12):
            sock = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.5", 0))
            sock.sendall(post_headers(port, 10))
            open_posts.append(sock)
        time.sleep(0.5)
        answered = [raw_status(sock, 0) for sock in open_posts]
        # (Which two depends on which nginx worker read its headers first.)
        assert sorted(answered, key=str) == [429, 429] + [None] * 10, answered
    finally:
        for sock in open_posts:
            sock.close()


def test_behind_the_trusted_proxy_each_real_client_is_counted_and_none_can_claim_another(stack):
    port = stack.nginx_port
    # Through the load balancer: 30 different clients, one POST each, none limited.
    statuses = posts(port, 30, source=PROXY, forwarded_for=lambda n: f"198.51.100.{n + 1}")
    assert set(statuses) == {403}, statuses
    # One client behind it, claiming a new address each time: the load balancer appends the
    # address it saw, and that is the one counted.
    statuses = posts(
        port, 30, source=PROXY, forwarded_for=lambda n: f"203.0.113.{n + 1}, 192.0.2.77"
    )
    assert 429 in statuses, statuses
    # Straight to nginx (not through the proxy), an X-Forwarded-For counts for nothing.
    statuses = posts(port, 30, source="127.0.0.6", forwarded_for=lambda n: f"198.51.100.{n + 1}")
    assert 429 in statuses, statuses


def test_the_production_forms_of_the_site_file_pass_nginx_t(tmp_path):
    """As a real server renders it (HTTPS=true, so HSTS; two app servers), inside a minimal
    nginx.conf like Debian's: behind a load balancer's range, and holding the certificate."""
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
    env = {**os.environ, "SECRET_KEY": "x", "HTTPS": "true", "DEBUG": "false"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if not shutil.which("openssl"):
        pytest.skip("openssl not found: cannot make a certificate for the TLS form")
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
        + ["-nodes", "-days", "1", "-subj", "/CN=painguide.example.org"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    common = ["--server-name", "painguide.example.org", "--access-log", str(tmp_path / "a.log")]
    common += ["--upstream", "10.0.1.5:8000", "--upstream", "10.0.1.6:8000"]
    forms = {
        "behind-a-load-balancer": ["--trusted-proxy", "10.0.0.0/24"],
        "holding-the-certificate": ["--certificate", str(certificate)]
        + ["--certificate-key", str(key)],
    }
    for name, options in forms.items():
        site = subprocess.run(
            [python, str(ROOT / "deploy" / "render_nginx_conf.py"), *common, *options],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert 'https "max-age=31536000; includeSubDomains' in site, name
        (tmp_path / name).write_text(site)
        (tmp_path / "nginx.conf").write_text(
            f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n"
            "include /etc/nginx/mime.types;\n"
            f"client_body_temp_path {tmp_path}/body;\nproxy_temp_path {tmp_path}/proxy;\n"
            f"fastcgi_temp_path {tmp_path}/f;\nuwsgi_temp_path {tmp_path}/u;\n"
            f"scgi_temp_path {tmp_path}/s;\n"
            f"include {tmp_path}/{name};\n}}\n"
        )
        checked = subprocess.run(
            [NGINX, "-t", "-p", str(tmp_path), "-e", "stderr", "-c", str(tmp_path / "nginx.conf")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, (name, checked.stderr)
    assert "listen 443 ssl http2;" in site
    assert "return 301 https://$host$request_uri;" in site


def worker_pids(master):
    """The gunicorn master's worker processes (none once it has stopped)."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text()
    except FileNotFoundError:
        return set()
    return set(map(int, children.split()))


def test_a_graceful_reload_drops_no_request(stack):
    """SIGHUP (scripts/reload) starts new workers with the new code and lets the old ones
    finish: requests made all through it are answered (a stop and start dropped about 5 s).
    Requests go on until the old workers are gone and ten more have been answered, so they
    span the new workers' start, however long this machine takes for it: a request may wait
    for them (up to 30 s here), but none may fail."""
    old = worker_pids(stack.gunicorn_pid)
    assert old
    asked, failures = 0, []

    def ask():
        nonlocal asked
        asked += 1
        try:
            status = request(stack.nginx_port, "GET", "/guide/", timeout=30)[0]
        except OSError as error:
            failures.append(repr(error))
        else:
            if status != 200:
                failures.append(status)
        time.sleep(0.05)

    for _ in range(5):
        ask()
    os.kill(stack.gunicorn_pid, signal.SIGHUP)
    reloaded = time.monotonic()
    after_the_old_ones = 0
    while after_the_old_ones < 10:
        assert time.monotonic() - reloaded < 120, "the old workers never stopped"
        if not worker_pids(stack.gunicorn_pid) & old:
            after_the_old_ones += 1
        ask()
    assert not failures, failures
    assert asked >= 15
    new = worker_pids(stack.gunicorn_pid)
    assert new
    assert not new & old
