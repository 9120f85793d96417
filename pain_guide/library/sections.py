"""The sections of each kind of library page: their keys, in page order, with their titles,
defined once in seed/<language>/sections.toml. The seed loader accepts only these keys; the
pages show the sections in this order under these titles."""

import tomllib
from functools import cache
from pathlib import Path

from pain_guide.guide.content import current_language

SEED_DIR = Path(__file__).with_name("seed")
KINDS = ("medicine", "group", "condition", "question")


@cache
def section_titles(kind, language="en"):
    """{key: title} for one kind of page ("medicine", "group", "condition", "question")."""
    with (SEED_DIR / language / "sections.toml").open("rb") as file:
        return dict(tomllib.load(file)[kind])


def section_keys(kind, language="en"):
    return tuple(section_titles(kind, language))


def titled_sections(item, kind, language=None):
    """(title, Text) pairs in the page's fixed order and language, skipping any section not
    written."""
    return [
        (title, item.sections[key])
        for key, title in section_titles(kind, language or current_language()).items()
        if key in item.sections
    ]
