"""The codes the English seed files give, read from the files themselves (what the tests
expect), not from the database (what the code under test reads)."""

import tomllib
from collections import defaultdict
from pathlib import Path

SEED = Path(__file__).resolve().parents[2] / "pain_guide" / "library" / "seed" / "en"
KINDS = {"medicines": "medicine", "conditions": "condition"}
OIDS = {
    "rxnorm": "2.16.840.1.113883.6.88",
    "snomedct": "2.16.840.1.113883.6.96",
    "icd10cm": "2.16.840.1.113883.6.90",
}


def seed_codes():
    """[(kind, slug, code entry)] for every [[codes]] entry in the English seed."""
    found = []
    for folder, kind in KINDS.items():
        for path in sorted((SEED / folder).glob("*.toml")):
            data = tomllib.loads(path.read_text())
            found += [(kind, data["slug"], entry) for entry in data.get("codes", [])]
    return found


def page_path(kind, slug, language="en"):
    prefix = "" if language == "en" else f"/{language}"
    return f"{prefix}/library/{kind}s/{slug}/"


CONFIRMED = [
    (kind, slug, e["system"], e["code"]) for kind, slug, e in seed_codes() if "checked" in e
]
CANDIDATES = [
    (kind, slug, e["system"], e["code"]) for kind, slug, e in seed_codes() if "checked" not in e
]
# Which pages each confirmed code names (a code may name several).
PAGES_BY_CODE = defaultdict(set)
for _kind, _slug, _system, _code in CONFIRMED:
    PAGES_BY_CODE[_system, _code].add(page_path(_kind, _slug))
