"""The share builder's "codes or names" box: a clinician pastes what the record says (ICD-10-CM,
RxNorm or SNOMED CT codes, or names such as "gabapentin" or "Lyrica") and the pages that match
are ticked, for the clinician to check before making the link (issue 17).

Codes match as /connect/ matches them (docs/adr/0015): only codes confirmed at their source,
on published pages; an ICD-10-CM code also finds what its nearest parent names. A name finds
the library search's best result. Nothing typed here is stored."""

import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from pain_guide.library import search
from pain_guide.library.models import (
    Code,
    CodeSystem,
    Condition,
    Group,
    Medicine,
    Question,
    normalise_code,
)

# The builder's field for each kind of page.
FIELDS = {Condition: "conditions", Question: "questions", Group: "groups", Medicine: "medicines"}
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


def terms(text):
    """The codes and names in what was typed, each once, in order."""
    seen = []
    for term in SEPARATORS.split((text or "")[:MAX_TEXT]):
        term = " ".join(term.split())
        if term and term.lower() not in (known.lower() for known in seen):
            seen.append(term)
    return seen[:MAX_TERMS]


def _confirmed_codes():
    """{(system, normalised code): [(model, pk), ...]} for every confirmed code."""
    models = {
        ct.pk: ct.model_class()
        for ct in ContentType.objects.get_for_models(Medicine, Condition).values()
    }
    table = {}
    for code in Code.objects.filter(checked_on__isnull=False, content_type__in=list(models)):
        key = normalise_code(code.system, code.code)
        if key is not None:
            table.setdefault((code.system, key), []).append(
                (models[code.content_type_id], code.object_id)
            )
    return table


def _by_code(term, table):
    """The (model, pk) a code names, or None when ``term`` is no code's shape."""
    icd = normalise_code(CodeSystem.ICD10CM, term)
    if icd is not None and not term.isdigit():
        for length in range(len(icd), 2, -1):
            if found := table.get((CodeSystem.ICD10CM, icd[:length])):
                return found
        return []
    if term.isdigit():
        return [
            item
            for system in DIGIT_SYSTEMS
            if normalise_code(system, term)
            for item in table.get((system, term), [])
        ]
    return None


def find(text):
    """[Found, ...] for what was typed: each term with the published pages it ticks."""
    table = None
    results = []
    for term in terms(text):
        found = Found(term)
        if table is None:
            table = _confirmed_codes()
        items = _by_code(term, table)
        if items is None:  # a name
            best = next(iter(search.find(term)), None)
            model = type(best.item) if best else None
            items = [(model, best.item.pk)] if model in FIELDS else []
        by_model = {}
        for model, pk in items:
            by_model.setdefault(model, set()).add(pk)
        for model, pks in by_model.items():
            for item in model.objects.published().filter(pk__in=pks).order_by("name"):
                found.names.append(item.name)
                found.ticked.setdefault(FIELDS[model], []).append(item.pk)
        results.append(found)
    return results
