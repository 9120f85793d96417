"""Fixtures shared by the core tests."""

import io
import logging
import logging.config

import pytest


@pytest.fixture
def logged(settings):
    """Django's LOGGING as configured, writing to a string; the old handlers come back after."""
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    stream = io.StringIO()
    logging.config.dictConfig(settings.LOGGING)
    for handler in (
        logging.getLogger().handlers + logging.getLogger("django.security.DisallowedHost").handlers
    ):
        handler.setStream(stream)
    yield stream
    root.handlers[:], root.level = saved
    logging.getLogger("django.security.DisallowedHost").handlers.clear()
    logging.getLogger("django.security.DisallowedHost").propagate = True
