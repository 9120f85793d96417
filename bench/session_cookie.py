"""Print a signed session cookie holding a full set of guide answers, for tools that cannot post forms.

Usage: SECRET_KEY=... python bench/session_cookie.py
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pain_guide.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402

# Diabetes brings the extra signs page, so that every step renders for the benchmark.
ANSWERS = {
    "age": {"age_group": "65-plus"},
    "red-flags": {"red_flags": ["none"]},
    "where": {"areas": ["lower-back", "leg"]},
    "feel": {"feelings": ["burning", "shooting", "aching"]},
    "how-long": {"duration": "over-3-months", "history": ["diabetes"]},
    "more-signs": {"more_signs": ["none"]},
    "about-you": {"health": ["kidney", "driving"]},
    "medicines": {"medicines": ["opioids"]},
}


def make_cookie():
    """'sessionid=...': a signed session holding ANSWERS, as a browser would send it."""
    session = SessionStore()
    session["guide"] = ANSWERS
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


if __name__ == "__main__":
    print(make_cookie())
