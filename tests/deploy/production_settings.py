"""The real (production) settings for the gunicorn that tests/deploy starts, with
STATIC_ROOT in the test's own temporary folder so collectstatic leaves the checkout alone."""

import os

from pain_guide.settings import *  # noqa: F403

STATIC_ROOT = os.environ["PAIN_GUIDE_TEST_STATIC_ROOT"]
