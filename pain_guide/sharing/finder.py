"""The share builder's "codes or names" box: a clinician pastes what the record says (ICD-10-CM,
RxNorm or SNOMED CT codes, or names such as "gabapentin" or "Lyrica") and the pages that match
are ticked, for the clinician to check before making the link (issue 17).

Codes match exactly as /connect/ matches them, through its index and lookup (docs/adr/0015):
only codes confirmed at their source, on published pages; an ICD-10-CM code also finds what its
nearest parent names. A name finds the library search's best result. Nothing typed here is
stored."""

import re
from dataclasses import dataclass, field

from django.utils import translation

from pain_guide.connect import infobutton
from pain_guide.library import search
from pain_guide.library.models import (
    CodeSystem,
    Condition,
    Group,
    Medicine,
    Question,
    normalise_code,
)

# The builder's field for each kind of page.
FIELDS = {Condition: "conditions", Question: "questions", Group: "groups", Medicine: "medicines"}
FIELDS_BY_NAME = {model._meta.model_name: name for model, name in FIELDS.items()}
MAX_TEXT = 500  # what the box takes: a few codes and names
MAX_TERMS = 20
SEPARATORS = re.compile(r"[,;\n\r\t]+")
# A bare number is an RxNorm RxCUI or a SNOMED CT concept id: both are tried.
DIGIT_SYSTEMS = (CodeSystem.RXNORM, CodeSystem.SNOMED_CT)


@dataclass
class Found:
    """One term typed, and the pages it ticked (names, in the page's language)."""

    term: str
    names: list = field(default_factory=list)
    ticked: dict = field(default_factory=dict)  # {form field: [pk, ...]}

    def tick(self, field_name, pk, name):
        if pk not in self.ticked.setdefault(field_name, []):
            self.ticked[field_name].append(pk)
            self.names.append(name)


def terms(text):
    """The codes and names in what was typed, each once, in order."""
    seen = []
    for term in SEPARATORS.split((text or "")[:MAX_TEXT]):
        term = " ".join(term.split())
        if term and term.lower() not in (known.lower() for known in seen):
            seen.append(term)
    return seen[:MAX_TERMS]


def _code_entries(term, table):
    """The index entries a code names, or None when ``term`` is no code's shape (a name)."""
    if term.isdigit():
        return [
            entry for system in DIGIT_SYSTEMS for entry in infobutton.lookup(table, system, term)
        ]
    if normalise_code(CodeSystem.ICD10CM, term) is not None:
        return infobutton.lookup(table, CodeSystem.ICD10CM, term)
    return None


def find(text):
    """[Found, ...] for what was typed: each term with the published pages it ticks."""
    typed = terms(text)
    if not typed:
        return []
    table = infobutton.index(translation.get_language())
    results = []
    for term in typed:
        found = Found(term)
        entries = _code_entries(term, table)
        if entries is None:  # a name
            best = next(iter(search.find(term)), None)
            if best is not None and type(best.item) in FIELDS:
                found.tick(FIELDS[type(best.item)], best.item.pk, best.item.name)
        else:
            for entry in sorted(entries, key=lambda entry: entry["title"]):
                found.tick(FIELDS_BY_NAME[entry["model"]], entry["pk"], entry["title"])
        results.append(found)
    return results
