"""What the API says about each published item: the same words, sections, evidence labels,
references and review dates as its page, as plain data.

Each function reads the language that is active (the view sets it from ``?lang=``): the
per-language fields through django-modeltranslation, the sections from that language's
``Text`` rows, as the pages do. A detail costs a fixed handful of queries, a list one or two.
"""

import re

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from pain_guide.guide.content import current_language
from pain_guide.library import presenters
from pain_guide.library.models import (
    DEFAULT_LANGUAGE,
    Availability,
    ComparisonCell,
    Condition,
    Group,
    Medicine,
    Question,
)
from pain_guide.library.sections import titled_sections

# The slug of each kind of item in the URL names of this API (pain_guide.api.views).
KINDS = {Medicine: "medicine", Group: "group", Condition: "condition", Question: "question"}
REGIONS = ("us", "uk")
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # Django's SlugField
MAX_SLUG_LENGTH = 80  # Content.slug's max_length: anything longer is no item

NOTICE = (
    "Draft patient information awaiting clinical review. General information, not medical "
    "advice. Show it with its references and review date, and link to its page on Pain Guide."
)


def codes_of(item):
    """The item's codes in clinical code systems, as {system, oid, code, display}: only those
    confirmed at their source (``checked_on`` set, as /connect/ matches them; docs/adr/0015).
    Medicines and conditions have codes; groups and questions none. Use ``with_codes`` on the
    queryset so that a list costs one query for all its codes."""
    codes = getattr(item, "codes", None)
    if codes is None or not hasattr(codes, "all"):
        return []
    return [
        {"system": code.system, "oid": code.oid, "code": code.code, "display": code.display}
        for code in codes.all()
        if code.checked_on
    ]


def with_codes(queryset):
    """``queryset`` with its items' codes prefetched, for the models that have them."""
    try:
        queryset.model._meta.get_field("codes")
    except FieldDoesNotExist:
        return queryset
    return queryset.prefetch_related("codes")


def api_url(name, *args):
    """This API's address for ``name``, in the active language (English needs no ``lang``)."""
    url = reverse(f"api-v1:{name}", args=args)
    language = current_language()
    return url if language == DEFAULT_LANGUAGE else f"{url}?lang={language}"


def label(code, words):
    return {"code": code, "label": str(words)}


def review(item):
    return {
        "reviewed_on": item.reviewed_on,
        "next_review_due": item.next_review_due,
        "reviewed_by": item.reviewed_by,
    }


def link(item):
    return {
        "slug": item.slug,
        "name": item.name,
        "url": item.get_absolute_url(),
        "api_url": api_url(KINDS[type(item)], item.slug),
    }


def summary(item):
    return {
        **link(item),
        "summary": item.summary,
        "review": review(item),
        "codes": codes_of(item),
    }


def reference(ref):
    return {
        "title": ref.title,
        "authors": ref.authors,
        "publisher": ref.publisher,
        "year": ref.year,
        "url": ref.url,
        "pmid": ref.pmid,
        "doi": ref.doi,
        # The source's own language: English where no source in the reader's says the same.
        "language": ref.lang,
    }


def section(title, text):
    # html: the sanitised rendering stored on save, exactly what the page shows; markdown: the
    # source the clinicians reviewed, readable as plain text (docs/adr/0016).
    return {"key": text.key, "title": title, "html": text.html, "markdown": text.body}


def detail(item):
    """What every item's page shows: its words, sections, sources and review dates."""
    return {
        **summary(item),
        "notice": NOTICE,
        "language": current_language(),
        "sections": [
            section(title, text) for title, text in titled_sections(item, KINDS[type(item)])
        ],
        "references": [reference(ref) for ref in item.references],
    }


def evidence(medicine):
    return {
        "nerve_pain": label(
            medicine.evidence_nerve_pain, medicine.get_evidence_nerve_pain_display()
        ),
        "muscle_pain": label(
            medicine.evidence_muscle_pain, medicine.get_evidence_muscle_pain_display()
        ),
    }


def listing(items):
    return {"notice": NOTICE, "language": current_language(), "items": items}


def is_slug(text):
    """Whether ``text`` could be an item's slug at all (checked before any query or cache)."""
    return len(text) <= MAX_SLUG_LENGTH and SLUG.fullmatch(text) is not None


def _published(queryset, slug):
    """The published item with ``slug`` (a slug that passed ``is_slug``), else None."""
    return queryset.published().filter(slug=slug).first()


def _related(name, model):
    return Prefetch(name, queryset=model.objects.published().order_by("name"))


# Lists


def medicines():
    items = with_codes(Medicine.objects.published().select_related("group").order_by("name"))
    return listing([{**summary(m), "group": link(m.group), "evidence": evidence(m)} for m in items])


def items_of(model):
    return listing(
        [summary(item) for item in with_codes(model.objects.published().order_by("name"))]
    )


# Details: None when there is no such published item.


def medicine(slug):
    item = _published(with_codes(Medicine.objects.select_related("group").with_texts()), slug)
    if item is None:
        return None
    return {
        **detail(item),
        "group": link(item.group),
        "evidence": evidence(item),
        "brands": {region: getattr(item, f"brands_{region}") for region in REGIONS},
        "availability": {
            region: label(
                getattr(item, f"available_{region}"),
                Availability(getattr(item, f"available_{region}")).label,
            )
            for region in REGIONS
        },
    }


def group(slug):
    queryset = Group.objects.with_texts().prefetch_related(_related("medicines", Medicine))
    item = _published(with_codes(queryset), slug)
    if item is None:
        return None
    return {
        **detail(item),
        "plain_name": item.plain_name,
        "kind": label(item.kind, Group.Kind(item.kind).label),
        "medicines": [link(m) for m in item.medicines.all()],
    }


def condition(slug):
    queryset = Condition.objects.with_texts().prefetch_related(
        _related("related_groups", Group), _related("related_medicines", Medicine)
    )
    item = _published(with_codes(queryset), slug)
    if item is None:
        return None
    return {
        **detail(item),
        "related_groups": [link(g) for g in item.related_groups.all()],
        "related_medicines": [link(m) for m in item.related_medicines.all()],
    }


def question(slug):
    queryset = Question.objects.with_texts().prefetch_related(
        _related("related_conditions", Condition),
        _related("related_groups", Group),
        _related("related_medicines", Medicine),
    )
    item = _published(with_codes(queryset), slug)
    if item is None:
        return None
    return {
        **detail(item),
        "answer": item.answer,
        "related_conditions": [link(c) for c in item.related_conditions.all()],
        "related_groups": [link(g) for g in item.related_groups.all()],
        "related_medicines": [link(m) for m in item.related_medicines.all()],
    }


def comparison():
    """The side-by-side table, as its page builds it (pain_guide.library.presenters)."""
    table = presenters.comparison()
    return {
        "notice": NOTICE,
        "language": current_language(),
        "title": _("Muscle relaxers vs nerve-pain medicines, side by side"),
        "url": reverse("library:comparison"),
        "review": review_of_table(table),
        "columns": [link(group) for group in table["columns"]],
        "rows": [
            {
                "key": row.key,
                "question": row.question,
                "review": review(row),
                "cells": [comparison_cell(group, cell) for group, cell in cells if cell],
            }
            for row, cells in table["table"]
        ],
        "references": [reference(ref) for ref in table["references"]],
    }


def review_of_table(table):
    return {
        "reviewed_on": table["reviewed_on"],
        "next_review_due": table["next_review_due"],
        "reviewed_by": table["reviewed_by"],
    }


def comparison_cell(group, cell):
    texts = list(cell.texts.all())
    return {
        "group": group.slug,
        "evidence": label(cell.label, cell.get_label_display()) if cell.label else None,
        "onset_days": cell.onset_days or None,
        "level": label(cell.level, ComparisonCell.Level(cell.level).label) if cell.level else None,
        "html": "".join(text.html for text in texts),
        "markdown": "\n\n".join(text.body for text in texts),
    }
