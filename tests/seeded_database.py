"""A SQLite database, migrated and holding the seeded library (English and Spanish, without the
admin's history of its first load), made once per test run and shared:

- every SQLite test database starts as a copy of it (tests/conftest.py), instead of each
  xdist worker migrating and loading the seed itself;
- the gunicorn servers the deploy tests start get a copy of it as their database.

On PostgreSQL the same is a template database on the server (postgres_template), made once
per server and fingerprint: each worker's test database is created from it (CREATE DATABASE
... TEMPLATE), instead of each worker migrating and loading the seed (about 15 s each).

Kept in test-artifacts/seeded-database/<fingerprint>.sqlite3, where the fingerprint covers the
code and content that make it (the app's Python and TOML files, the pinned packages, the test
settings). The first process that needs it builds it under a lock, the others wait and read it.
scripts/test builds it in the background while the linters run (python -m
tests.seeded_database). Nothing may write to it: copy it (copy_seeded_database)."""

import shutil
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from tests.made_once import ARTIFACTS, ROOT, fingerprint, made_once, run_python

# The PostgreSQL advisory lock under which one process makes the template and each database
# is created from it (a template must have no other connection while it is copied).
POSTGRES_LOCK = 7_140_117


def seed_fingerprint():
    """What the seeded database is made from (the app's Python and TOML files, the pinned
    packages, the test settings, this file), as 16 hex digits."""
    paths = sorted(
        path
        for pattern in ("*.py", "*.toml")
        for path in (ROOT / "pain_guide").rglob(pattern)
        if "__pycache__" not in path.parts
    ) + [ROOT / "requirements.txt", ROOT / "tests" / "settings.py", Path(__file__)]
    return fingerprint(paths)


def seeded_database():
    """The path of the seeded database file (read it; never write to it)."""
    return made_once(
        ARTIFACTS / "seeded-database" / f"{seed_fingerprint()}.sqlite3",
        ["-m", "tests.seeded_database", "--build"],
        lambda building: {
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "SECRET_KEY": "seeded-database-test-only-secret-key",
            "DATABASE_URL": f"sqlite:///{building}",
        },
    )


def copy_seeded_database(destination):
    """A copy of the seeded database at ``destination`` (a path), for a server to write to."""
    shutil.copyfile(seeded_database(), destination)
    return destination


def restore_into(connection):
    """Copy the seeded database into an open sqlite3 connection (SQLite's backup API)."""
    source = sqlite3.connect(f"file:{seeded_database()}?mode=ro", uri=True)
    try:
        source.backup(connection)
    finally:
        source.close()


@contextmanager
def postgres_template(server_url):
    """The name of the seeded template database on the PostgreSQL server ``server_url`` names
    (a postgres:// URL of any database on it), made if missing, held under an advisory lock
    until the block ends: create a database from it inside the block."""
    import psycopg

    name = f"pain_guide_seeded_{seed_fingerprint()}"
    server = urlsplit(server_url)
    admin_url = server._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", [POSTGRES_LOCK])
        try:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                building = f"{name}_building"
                admin.execute(f'DROP DATABASE IF EXISTS "{building}"')
                admin.execute(f'CREATE DATABASE "{building}"')
                run_python(
                    ["-m", "tests.seeded_database", "--build"],
                    {
                        "DJANGO_SETTINGS_MODULE": "tests.settings",
                        "SECRET_KEY": "seeded-database-test-only-secret-key",
                        "DATABASE_URL": server._replace(path=f"/{building}").geturl(),
                    },
                )
                admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
            yield name
        finally:
            admin.execute("SELECT pg_advisory_unlock(%s)", [POSTGRES_LOCK])


def build():
    """Run in a process of its own, with DATABASE_URL naming the file (or the empty
    PostgreSQL database) to make."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from pain_guide.library.seed import load_seed

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        load_seed()
    connection.close()
    if connection.vendor != "sqlite":
        return
    # The site's databases use WAL: put everything in the one file before it is renamed.
    path = connection.settings_dict["NAME"]
    with sqlite3.connect(path) as database:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        database.execute("PRAGMA journal_mode=DELETE")
    database.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["--build"]:
        build()
    elif sys.argv[1:2] == ["--postgres-template"]:
        # scripts/test, beside the SQLite pass, with the PostgreSQL server's URL.
        with postgres_template(sys.argv[2]) as name:
            print(name)
    else:
        print(seeded_database())
