"""The guide's words, read once from the TOML files in content/ (and the medicine groups'
cards from the library's seed, where each group is described once).

The text is clinical content kept in the repository so that a clinician can
review every change in a diff; each block names its references. The words are
split by subject (red flags, cautions, evidence notes, medicine groups, ...), one
file each, and merged here: a table may be spread over several files (each file
may add the references it needs), but the same key may never be defined twice.
"""

import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import translation

# English in content/, each other language in content/<code>/, file for file and key for key
# (tests/i18n checks that each says what the English says).
CONTENT_DIR = Path(__file__).with_name("content")
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
# Each medicine group is described once, in the library's seed: its long page and, in a
# [card] table, the short card the result shows. The result reads the cards from there.
SEED_DIR = Path(__file__).parents[1] / "library" / "seed"
GROUPS_DIR = SEED_DIR / DEFAULT_LANGUAGE / "groups"


def content_dir(language: str) -> Path:
    return CONTENT_DIR if language == DEFAULT_LANGUAGE else CONTENT_DIR / language


def current_language() -> str:
    """The page's language (the address gives it), as one of LANGUAGES."""
    code = (translation.get_language() or DEFAULT_LANGUAGE).split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


class ContentError(ValueError):
    """Two content files define the same key."""


def merge(into: dict[str, Any], data: dict[str, Any], source: str) -> dict[str, Any]:
    for section, value in data.items():
        if isinstance(value, dict) and isinstance(into.get(section), dict):
            clash = set(into[section]) & set(value)
            if clash:
                raise ContentError(f"{source}: {section}.{sorted(clash)[0]} is defined twice")
            into[section].update(value)
        elif section in into:
            raise ContentError(f"{source}: {section} is defined twice")
        else:
            into[section] = dict(value) if isinstance(value, dict) else value
    return into


def load_content(directory: Path = CONTENT_DIR, groups: Path = GROUPS_DIR) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path in sorted(directory.glob("*.toml")):
        with path.open("rb") as file:
            merge(data, tomllib.load(file), path.name)
    cards = {}
    for path in sorted(groups.glob("*.toml")):
        with path.open("rb") as file:
            group = tomllib.load(file)
        if "card" in group:
            cards[group["slug"]] = group["card"]
    merge(data, {"groups": cards}, f"{groups.name}/*.toml [card]")
    for key in ("reviewed_on", "next_review_due"):
        if isinstance(data.get(key), str):
            data[key] = date.fromisoformat(data[key])
    return data


@cache
def content_in(language: str) -> dict[str, Any]:
    """Every content file of one language, merged (cached for the life of the process)."""
    return load_content(content_dir(language), SEED_DIR / language / "groups")


def result_content(language: str | None = None) -> dict[str, Any]:
    """The guide's words in ``language``, or else in the page's language."""
    return content_in(language or current_language())


def words(section: str, key: str, **fields: object) -> str:
    """One of the guide's own words (a page title, a notice: content/pages.toml, or a
    [phrases] entry), with any {field} filled in."""
    text = str(result_content()[section][key])
    return text.format(**fields) if fields else text


REFERENCE_FIELDS = ("authors", "title", "url", "publisher", "year", "pmid")


@cache
def reference(ref: str, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """One reference with every field as text ("" when it has none), ready for a template:
    a missing key or a number costs a template far more than a string does. ``lang`` is the
    source's own language: a page in another language says so (includes/sources.html)."""
    entry = result_content(language)["references"][ref]
    return {
        "id": ref,
        "lang": str(entry.get("language", DEFAULT_LANGUAGE)),
        **{name: str(entry.get(name, "")) for name in REFERENCE_FIELDS},
    }


def references_for(*blocks: dict[str, Any]) -> list[dict[str, str]]:
    """The references cited by the given content blocks, each once, in first-cited order."""
    ids = dict.fromkeys(ref for block in blocks for ref in block.get("refs", ()))
    language = current_language()
    return [reference(ref, language) for ref in ids]
