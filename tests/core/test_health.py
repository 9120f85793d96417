"""/healthz for the load balancer, /readyz for monitoring (issue 14, finding 2): a failing
cache is "degraded", never a reason to take every server out of the load balancer."""

import time

import pytest

from tests.core.test_ratelimit import (  # noqa: F401 - own_counters is an autouse fixture
    backend,
    hung_redis,
    own_counters,
    project_caches,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def fail(*args, **kwargs):
        raise OSError("database down")

    monkeypatch.setattr(CursorWrapper, "execute", fail)


def test_healthz_says_ok_when_everything_works(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("alias", ["default", "ratelimits"])
@pytest.mark.parametrize("failure", ["RaisingCache", "FullCache", "ReadOnlyCache"])
def test_healthz_says_degraded_with_200_when_a_cache_fails(client, settings, alias, failure):
    settings.CACHES = {**settings.CACHES, alias: backend(failure)}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "degraded"}


def test_healthz_answers_quickly_when_redis_hangs(client, settings, monkeypatch):
    with hung_redis() as url:
        settings.CACHES = project_caches(monkeypatch, CACHE_URL=url)
        started = time.monotonic()
        response = client.get("/healthz")
        took = time.monotonic() - started
    assert response.status_code == 200
    assert response.json()["cache"] == "degraded"
    assert took < 3, took


def test_healthz_says_503_when_the_database_is_down(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_healthz_says_503_when_the_sqlite_file_cannot_be_written(client, monkeypatch, tmp_path):
    """Reads may still work on a disk gone read-only, writes do not: access() says EROFS (as
    root too, whom file modes do not stop)."""
    import os

    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    # The test database is in memory: the check is pointed at a file, as a server's is.
    database = tmp_path / "db.sqlite3"
    database.touch()
    monkeypatch.setitem(connection.settings_dict, "NAME", str(database))
    assert client.get("/healthz").status_code == 200  # a writable file

    access = os.access
    read_only = {str(database)}
    monkeypatch.setattr(
        os, "access", lambda name, mode, **kw: name not in read_only and access(name, mode, **kw)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_readyz_names_each_part(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "ratelimits": "ok",
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(("alias", "name"), [("default", "cache"), ("ratelimits", "ratelimits")])
def test_readyz_says_503_and_which_cache_fails(client, settings, alias, name):
    settings.CACHES = {**settings.CACHES, alias: backend("RaisingCache")}
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body[name] == "unreachable"
    assert [part for part, state in body.items() if state != "ok"] == ["status", name]


def test_readyz_says_503_when_the_database_is_down(client, database_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_only_get_and_head(client, url):
    assert client.post(url).status_code == 405
    response = client.head(url)
    assert response.status_code == 200
    assert response.content == b""
