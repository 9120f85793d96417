"""SQLite, the embedded default, is set up for several workers writing at once."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_sqlite_waits_for_the_write_lock_instead_of_failing():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL run")
    options = connection.settings_dict["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]
