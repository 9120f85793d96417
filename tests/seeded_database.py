"""A SQLite database, migrated and holding the seeded library (English and Spanish, without the
admin's history of its first load), made once per test run and shared:

- every SQLite test database starts as a copy of it (tests/conftest.py), instead of each
  xdist worker migrating and loading the seed itself;
- the gunicorn servers the deploy tests start get a copy of it as their database.

Kept in test-artifacts/seeded-database/<fingerprint>.sqlite3, where the fingerprint covers the
code and content that make it (the app's Python and TOML files, the pinned packages, the test
settings). The first process that needs it builds it under a lock, the others wait and read it.
scripts/test builds it in the background while the linters run (python -m
tests.seeded_database). Nothing may write to it: copy it (copy_seeded_database)."""

import shutil
import sqlite3
import sys
from pathlib import Path

from tests.made_once import ARTIFACTS, ROOT, fingerprint, made_once


def seeded_database():
    """The path of the seeded database file (read it; never write to it)."""
    paths = sorted(
        path
        for pattern in ("*.py", "*.toml")
        for path in (ROOT / "pain_guide").rglob(pattern)
        if "__pycache__" not in path.parts
    ) + [ROOT / "requirements.txt", ROOT / "tests" / "settings.py", Path(__file__)]
    return made_once(
        ARTIFACTS / "seeded-database" / f"{fingerprint(paths)}.sqlite3",
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


def build():
    """Run in a process of its own, with DATABASE_URL naming the file to make."""
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
    # The site's databases use WAL: put everything in the one file before it is renamed.
    connection.close()
    path = connection.settings_dict["NAME"]
    with sqlite3.connect(path) as database:
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        database.execute("PRAGMA journal_mode=DELETE")
    database.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["--build"]:
        build()
    else:
        print(seeded_database())
