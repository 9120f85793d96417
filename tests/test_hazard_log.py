"""Every test the clinical hazard log names as proof exists (a renamed test must not leave a
hazard unproven without anyone noticing)."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.md"
SCENARIOS = ROOT / "tests" / "guide" / "scenarios.toml"


def test_every_proving_test_named_in_the_hazard_log_exists():
    scenario_ids = {row["id"] for row in tomllib.loads(SCENARIOS.read_text())["patient"]}
    checked = 0
    for line in LOG.read_text().splitlines():
        if not line.startswith("| H"):
            continue
        path = None
        for token in re.findall(r"`([^`]+)`", line.split("|")[5]):
            name = token.split("(")[0].strip()
            if name.startswith("tests/"):
                path, _, rest = name.partition("::")
                assert (ROOT / path).exists(), (line[:6], path)
            elif name.startswith("::") or name.startswith("["):
                rest = name.removeprefix("::")
            else:
                continue
            function, _, case = rest.partition("[")
            if function:
                assert f"def {function}(" in (ROOT / path).read_text(), (line[:6], function)
            if case and path.endswith("test_scenarios.py"):
                assert case.rstrip("]") in scenario_ids, (line[:6], case)
            checked += 1
    assert checked > 60
