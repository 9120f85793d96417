"""The result page's words, read once from content/result.toml.

The text is clinical content kept in the repository so that a clinician can
review every change in a diff; each block names its references.
"""

import tomllib
from datetime import date
from functools import cache
from pathlib import Path

CONTENT_FILE = Path(__file__).with_name("content") / "result.toml"


@cache
def result_content():
    """The parsed content file (cached for the life of the process)."""
    with CONTENT_FILE.open("rb") as file:
        data = tomllib.load(file)
    for key in ("reviewed_on", "next_review_due"):
        if isinstance(data.get(key), str):
            data[key] = date.fromisoformat(data[key])
    return data


REFERENCE_FIELDS = ("authors", "title", "url", "publisher", "year", "pmid")


@cache
def reference(ref):
    """One reference with every field as text ("" when it has none), ready for a template:
    a missing key or a number costs a template far more than a string does."""
    entry = result_content()["references"][ref]
    return {"id": ref, **{name: str(entry.get(name, "")) for name in REFERENCE_FIELDS}}


def references_for(*blocks):
    """The references cited by the given content blocks, each once, in first-cited order."""
    ids = dict.fromkeys(ref for block in blocks for ref in block.get("refs", ()))
    return [reference(ref) for ref in ids]
