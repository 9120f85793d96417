"""What every fuzz test shares (tests marked fuzz: tests/fuzz/, tests/connect/test_fuzz_connect.py):
its number of cases, FUZZ_EXAMPLES (300 unless set; scripts/test sets 50)."""

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
