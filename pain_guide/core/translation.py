"""Checks that a translated content file says what its English file says (issue 16).

A translation mirrors its English file key for key: the same tables, the same lists in the
same order, the same identifiers, evidence labels, references and figures. Only the words a
person reads are translated, and each keeps the English text's numbers, ``{placeholders}``
and link targets. ``compare()`` lists every difference; ``inflesz()`` scores a Spanish text
for readability (Szigriszt-Pazos, the INFLESZ scale: 55 or more is "normal", 65 or more
"bastante fácil").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from textstat.textstat import textstatistics

# Values that are identifiers, codes, figures or citations: the same in every language.
FIXED_KEYS = frozenset(
    {
        "slug",
        "key",
        "group",
        "refs",
        "ref",
        "code",
        "columns",
        "flags",
        "kind",
        "level",
        "related_conditions",
        "related_groups",
        "related_medicines",
        "evidence_nerve_pain",
        "evidence_muscle_pain",
        "available_us",
        "available_uk",
        "brands_us",
        "brands_uk",
        "onset_days",
        "placebo",
        "treated",
        "year",
        "doi",
        "pmid",
        "url",
        "authors",
        "publisher",
    }
)
# Lists each language makes for itself (what people type into search).
OWN_LISTS = frozenset({"misspellings", "search_terms"})
# Set per language: who reviewed this text and when.
PER_LANGUAGE = frozenset({"reviewed_on", "next_review_due", "reviewed_by"})
# Not words, and the same in every language: kept in the English file only (a medicine's or
# condition's standard codes, loaded from there), never repeated in a translation.
ENGLISH_ONLY = frozenset({"codes"})

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
CODE = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)+")


def numbers(text: str) -> Counter[str]:
    """The figures in a text, with a decimal comma read as a point (0,5 = 0.5)."""
    return Counter(number.replace(",", ".") for number in NUMBER.findall(text))


def compare(english: Any, translation: Any, where: str = "") -> list[str]:
    """Every way ``translation`` differs from ``english`` beyond its words."""
    problems: list[str] = []
    if isinstance(english, dict):
        if not isinstance(translation, dict):
            return [f"{where or 'top'}: a table in English"]
        for key in english.keys() - translation.keys():
            if key not in PER_LANGUAGE | ENGLISH_ONLY:
                problems.append(f"{where}{key}: missing")
        for key in translation.keys() - english.keys():
            if key not in PER_LANGUAGE:
                problems.append(f"{where}{key}: not in the English")
        for key in translation.keys() & ENGLISH_ONLY:
            problems.append(f"{where}{key}: only in the English file")
        for key in (english.keys() & translation.keys()) - ENGLISH_ONLY:
            problems += _compare_value(key, english[key], translation[key], f"{where}{key}")
        return problems
    return _compare_value("", english, translation, where)


def _compare_value(key: str, english: Any, translation: Any, where: str) -> list[str]:
    if key in FIXED_KEYS and not isinstance(english, dict) or _is_code(english):
        return [] if english == translation else [f"{where}: must stay {english!r}"]
    if key in PER_LANGUAGE or key in OWN_LISTS:
        return []
    if key == "references" and isinstance(english, dict):
        return _compare_references(english, translation, where)
    if isinstance(english, dict):
        return compare(english, translation, f"{where}.")
    if isinstance(english, list):
        if not isinstance(translation, list) or len(english) != len(translation):
            return [f"{where}: a list of {len(english)} in English"]
        problems = []
        for index, (one, other) in enumerate(zip(english, translation, strict=True)):
            problems += _compare_value(key, one, other, f"{where}[{index}]")
        return problems
    if isinstance(english, str):
        if not isinstance(translation, str):
            return [f"{where}: text in English"]
        return _compare_text(english, translation, where)
    return [] if english == translation else [f"{where}: must stay {english!r}"]


def _is_code(value: Any) -> bool:
    """An identifier such as "helps-some" or "nerve/topical-treatments", never translated."""
    return isinstance(value, str) and bool(CODE.fullmatch(value))


def _compare_references(english: dict[str, Any], translation: Any, where: str) -> list[str]:
    """The same references, by id. Each is the English source as it is, or a source in
    Spanish that says the same (``language = "es"``, e.g. MedlinePlus en español)."""
    if not isinstance(translation, dict) or english.keys() != translation.keys():
        return [f"{where}: the same references as the English, by id"]
    problems = []
    for ref, source in english.items():
        other = translation[ref]
        if other == source:
            continue
        if not isinstance(other, dict) or other.get("language") != "es":
            problems.append(f'{where}.{ref}: the English source as it is, or language = "es"')
        elif not {"title", "url", "publisher"} <= other.keys():
            problems.append(f"{where}.{ref}: a title, url and publisher")
    return problems


def _compare_text(english: str, translation: str, where: str) -> list[str]:
    problems = []
    if english.strip() and not translation.strip():
        problems.append(f"{where}: empty")
    if numbers(english) != numbers(translation):
        problems.append(
            f"{where}: numbers {sorted(numbers(english).elements())} in English, "
            f"{sorted(numbers(translation).elements())} here"
        )
    if Counter(PLACEHOLDER.findall(english)) != Counter(PLACEHOLDER.findall(translation)):
        problems.append(f"{where}: placeholders differ")
    if Counter(LINK_TARGET.findall(english)) != Counter(LINK_TARGET.findall(translation)):
        problems.append(f"{where}: link targets differ")
    return problems


_SPANISH = textstatistics()
_SPANISH.set_lang("es")
MARKS = re.compile(r"(\*\*|__|^\s*[-*]\s+|^\s*\d+\.\s+|\[|\]\([^)]*\))", re.M)


def plain(markdown_text: str) -> str:
    """Markdown without its marks; each line (a list item, a paragraph) ends a sentence."""
    lines = [MARKS.sub("", line).strip() for line in markdown_text.splitlines()]
    return " ".join(
        line if line.endswith((".", "?", "!", ":")) else f"{line}." for line in lines if line
    )


def inflesz(text: str) -> float:
    """Szigriszt-Pazos readability of a Spanish text (plain or Markdown), 0 to 100."""
    words = plain(text)
    return round(float(_SPANISH.szigriszt_pazos(words)), 1) if words else 100.0
