"""The logs never hold a result link's code or a client's address, and a refused Host is one
short line (issue 14, finding 8)."""

import logging
import logging.config
import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone

from pain_guide.core.logs import GunicornLogger, redact
from pain_guide.sharing.models import ResultLink

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("line", "kept", "gone"),
    [
        ("Not Found: /r/ABCDEFGHJKMNPQ/", "/r/[code]/", "ABCDEFGHJKMNPQ"),
        ("Gone: /r/abcdefghjkmnpq/delete/", "/r/[code]/delete/", "abcdefghjkmnpq"),
        ("Invalid request from ip=203.0.113.9: bad", "ip=[address]", "203.0.113.9"),
        ("Error from [2001:db8::1]:5000", "[address]", "2001:db8::1"),
        ('"POST /r/new/ HTTP/1.1" 303', "/r/new/", None),
        (
            '"GET /connect/?mainSearchCriteria.v.c=E11.42&x=1 HTTP/1.1" 303',
            '/connect/?[query] HTTP/1.1"',
            "E11.42",
        ),
    ],
)
def test_codes_and_addresses_are_redacted(line, kept, gone):
    cleaned = redact(line)
    assert kept in cleaned
    if gone:
        assert gone not in cleaned


def test_django_logs_a_missing_result_link_without_its_code(client, logged):
    assert client.get("/r/ZZZZZZZZZZZZZZ/").status_code == 404
    assert "/r/[code]/" in logged.getvalue()
    assert "ZZZZZZZZZZZZZZ" not in logged.getvalue()


def test_a_refused_host_is_one_short_line_without_the_host(client, logged):
    assert client.get("/", HTTP_HOST="evil.example:1234").status_code == 400
    lines = [line for line in logged.getvalue().splitlines() if line.strip()]
    assert lines == ["Refused a request for a host name this site does not serve."]


def test_gunicorns_access_log_redacts_result_codes():
    logger = GunicornLogger(
        SimpleNamespace(
            **{
                "errorlog": "-",
                "loglevel": "info",
                "accesslog": None,
                "syslog": False,
                "capture_output": False,
                "logconfig": None,
                "logconfig_dict": {},
                "logconfig_json": None,
                "access_log_format": "",
                "user": 0,
                "group": 0,
                "umask": 0,
                "syslog_addr": None,
                "syslog_prefix": None,
                "syslog_facility": "user",
                "disable_redirect_access_to_syslog": False,
                "dogstatsd_tags": "",
                "statsd_host": None,
                "statsd_prefix": "",
            }
        )
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/r/ABCDEFGHJKMNPQ/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/r/ABCDEFGHJKMNPQ/",
        "QUERY_STRING": "",
        "REMOTE_ADDR": "203.0.113.9",
    }
    response = SimpleNamespace(status="404 Not Found", sent=10, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=0))
    assert "ABCDEFGHJKMNPQ" not in atoms["U"] + atoms["r"]
    assert "203.0.113.9" not in atoms["h"]


def test_gunicorn_uses_the_redacting_logger_and_trusts_proxies_only_when_told():
    config = (ROOT / "gunicorn.conf.py").read_text()
    assert 'logger_class = "pain_guide.core.logs.GunicornLogger"' in config
    namespace = {}
    exec(compile(config, "gunicorn.conf.py", "exec"), namespace)  # noqa: S102 - our own file
    assert namespace["forwarded_allow_ips"] == ""


def test_an_expired_links_answers_go_at_its_first_read(client):
    link = ResultLink.objects.create_with_code(
        answers={"age": {"age_group": "18-to-64"}}, expires_at=timezone.now() - timedelta(1)
    )
    assert client.get(f"/r/{link.code}/").status_code == 410
    link.refresh_from_db()
    assert link.answers == {}


def test_hsts_preload_only_when_asked_for():
    settings_text = (ROOT / "pain_guide" / "settings.py").read_text()
    assert re.search(
        r'SECURE_HSTS_PRELOAD = boolean_env\("SECURE_HSTS_PRELOAD", default=False\)', settings_text
    )


def test_a_cache_warning_is_written_once_a_minute_however_often_it_is_logged(logged):
    """While a cache is down every request logs its warning; the handler writes it once a
    minute. Other warnings (a missing page, say) are never held back."""
    from pain_guide.core.logs import OncePerMinute

    (throttle,) = [
        f for f in logging.getLogger().handlers[0].filters if isinstance(f, OncePerMinute)
    ]
    moment = {"now": 1000.0}
    throttle.clock = lambda: moment["now"]
    cache_logger = logging.getLogger("pain_guide.core.pagecache")
    for _ in range(5):
        cache_logger.warning("Cache unavailable (%s): pages are built without it.", "Timeout")
        logging.getLogger("django.request").warning("Not Found: %s", "/nowhere/")
    moment["now"] += 59
    cache_logger.warning("Cache unavailable (%s): pages are built without it.", "Timeout")
    moment["now"] += 2
    cache_logger.warning("Cache unavailable (%s): pages are built without it.", "Timeout")
    lines = logged.getvalue().splitlines()
    assert lines.count("Cache unavailable (Timeout): pages are built without it.") == 2
    assert lines.count("Not Found: /nowhere/") == 5
