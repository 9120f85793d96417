"""The library's pages: indexes, one page per item, the comparison and search.

These pages are the same for everyone. Search answers both as a full page and,
for htmx's as-you-type requests, as its results partial.
"""

from itertools import groupby

from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse

from pain_guide.core.decorators import allow_methods, for_htmx, same_for_everyone

from . import search as library_search
from .links import page_links
from .models import ComparisonCell, ComparisonRow, Condition, Group, Medicine, Question

MEDICINE_SECTION_TITLES = {
    "key-facts": "Key facts",
    "used-for": "What it is used for",
    "where-used": "Where it is used",
    "how-it-works": "How it works",
    "nerve-pain": "How well it works for nerve pain",
    "muscle-pain": "How well it works for muscle pain",
    "how-soon": "How soon it works",
    "if-you-forget": "If you forget a dose",
    "if-you-take-too-much": "If you take too much",
    "storage": "How to store it safely",
    "common-side-effects": "Common side effects",
    "serious-side-effects": "Serious side effects: get help now",
    "who-should-be-careful": "Who should be careful",
    "other-medicines-and-alcohol": "Other medicines and alcohol",
    "stopping": "Stopping it",
    "pregnancy-and-breastfeeding": "Pregnancy and breastfeeding",
    "driving": "Driving",
    "questions-to-ask": "Questions to ask your doctor or pharmacist",
}
GROUP_SECTION_TITLES = {
    "what-they-are": "What they are",
    "how-they-work": "How they work",
    "nerve-pain": "For nerve pain",
    "muscle-pain": "For muscle pain",
    "main-risks": "Main risks",
}
CONDITION_SECTION_TITLES = {
    "what-it-is": "What it is",
    "get-help-now": "When to get help quickly",
    "medicines": "Medicines",
    "what-else-helps": "What else helps",
    "questions-to-ask": "Questions to ask your doctor",
}
# The side-by-side table's columns: muscle relaxers first, then nerve-pain medicines.
COMPARISON_COLUMNS = (
    "antispasmodic-muscle-relaxers",
    "antispasticity-medicines",
    "benzodiazepines",
    "gabapentinoids",
    "tricyclic-antidepressants",
    "snris",
    "sodium-channel-anticonvulsants",
    "topical-treatments",
)
GLANCE_ROWS = {
    "nerve": "nerve-pain",
    "muscle": "muscle-pain",
    "how_soon": "how-soon",
    "drowsiness": "drowsiness-driving",
    "dependence": "dependence",
}
QUESTION_SECTION_TITLES = {
    "the-answer": "The short answer",
    "what-the-evidence-says": "What the evidence says",
    "what-to-ask": "What to ask your doctor",
}


def titled_sections(item, titles):
    """(title, Text) pairs in the page's fixed order, skipping any section not written."""
    return [(title, item.sections[key]) for key, title in titles.items() if key in item.sections]


def get_published(queryset, slug):
    item = queryset.published().filter(slug=slug).first()
    if item is None:
        raise Http404("No such page")
    return item


@same_for_everyone
@allow_methods()
def index(request):
    return TemplateResponse(request, "library/index.html", {"title": "Medicine library"})


@same_for_everyone
@allow_methods()
def medicine_list(request):
    medicines = Medicine.objects.published().select_related("group").order_by("name")
    letters = [
        (letter, list(items))
        for letter, items in groupby(medicines, key=lambda m: m.name[0].upper())
    ]
    return TemplateResponse(
        request, "library/medicine_list.html", {"title": "Medicines A to Z", "letters": letters}
    )


@same_for_everyone
@allow_methods()
def medicine_detail(request, slug):
    medicine = get_published(Medicine.objects.select_related("group").with_texts(), slug)
    context = {
        "title": medicine.name,
        "item": medicine,
        "medicine": medicine,
        "sections": titled_sections(medicine, MEDICINE_SECTION_TITLES),
    }
    return TemplateResponse(request, "library/medicine_detail.html", context)


@same_for_everyone
@allow_methods()
def group_list(request):
    groups = Group.objects.published().prefetch_related("medicines").order_by("kind", "name")
    kinds = [
        (Group.Kind(kind).label, list(items))
        for kind, items in groupby(groups, key=lambda g: g.kind)
    ]
    return TemplateResponse(
        request, "library/group_list.html", {"title": "Medicine groups", "kinds": kinds}
    )


@same_for_everyone
@allow_methods()
def group_detail(request, slug):
    group = get_published(Group.objects.with_texts(), slug)
    context = {
        "title": group.name,
        "item": group,
        "group": group,
        "medicines": group.medicines.published().order_by("name"),
        "sections": titled_sections(group, GROUP_SECTION_TITLES),
    }
    return TemplateResponse(request, "library/group_detail.html", context)


@same_for_everyone
@allow_methods()
def condition_list(request):
    conditions = Condition.objects.published().order_by("name")
    return TemplateResponse(
        request, "library/condition_list.html", {"title": "Conditions", "conditions": conditions}
    )


@same_for_everyone
@allow_methods()
def condition_detail(request, slug):
    condition = get_published(Condition.objects.with_texts(), slug)
    context = {
        "title": condition.name,
        "item": condition,
        "sections": titled_sections(condition, CONDITION_SECTION_TITLES),
        "related": page_links(condition.related_groups.all(), condition.related_medicines.all()),
    }
    return TemplateResponse(request, "library/condition_detail.html", context)


@same_for_everyone
@allow_methods()
def question_list(request):
    questions = Question.objects.published().order_by("name")
    return TemplateResponse(
        request, "library/question_list.html", {"title": "Common questions", "questions": questions}
    )


@same_for_everyone
@allow_methods()
def question_detail(request, slug):
    question = get_published(Question.objects.with_texts(), slug)
    context = {
        "title": question.name,
        "item": question,
        "sections": titled_sections(question, QUESTION_SECTION_TITLES),
        "related": page_links(
            question.related_conditions.all(),
            question.related_groups.all(),
            question.related_medicines.all(),
        ),
    }
    return TemplateResponse(request, "library/question_detail.html", context)


@same_for_everyone
@allow_methods()
def comparison(request):
    cells = ComparisonCell.objects.select_related("group")
    rows = list(
        ComparisonRow.objects.prefetch_related(
            models.Prefetch("cells", queryset=cells), "cells__texts__references"
        )
    )
    groups = {cell.group.slug: cell.group for row in rows for cell in row.cells.all()}
    column_slugs = [slug for slug in COMPARISON_COLUMNS if slug in groups]
    column_slugs += sorted(set(groups) - set(column_slugs))
    table = []
    for row in rows:
        cells = {cell.group.slug: cell for cell in row.cells.all()}
        # Each cell with its group, so a phone can show the group's name beside the answer.
        table.append((row, [(groups[slug], cells.get(slug)) for slug in column_slugs]))
    # At a glance: one card per group with the rows a person scans first.
    by_key = {row.key: [cell for _group, cell in cells] for row, cells in table}
    glance = [
        {
            "group": group,
            **{
                name: by_key[key][index] if key in by_key else None
                for name, key in GLANCE_ROWS.items()
            },
        }
        for index, group in enumerate(groups[slug] for slug in column_slugs)
    ]
    references = {
        ref.pk: ref
        for row in rows
        for cell in row.cells.all()
        for text in cell.texts.all()
        for ref in text.references.all()
    }
    context = {
        "title": "Muscle relaxers vs nerve-pain medicines, side by side",
        # The table is only as current as its least recently reviewed row.
        "reviewed_on": min((row.reviewed_on for row in rows), default=None),
        "next_review_due": min((row.next_review_due for row in rows), default=None),
        "reviewed_by": ", ".join(sorted({row.reviewed_by for row in rows})),
        "columns": [groups[slug] for slug in column_slugs],
        "glance": glance,
        "table": table,
        "references": list(references.values()),
    }
    return TemplateResponse(request, "library/comparison.html", context)


@allow_methods()
@for_htmx("search-results")
def search(request):
    query = request.GET.get("q", "")[:100].strip()
    results = library_search.find(query) if query else None
    context = {
        "title": f"Search results for “{query}”" if query else "Search the library",
        "query": query,
        "results": results,
        "suggestion": library_search.suggest(query) if query and not results else None,
    }
    return TemplateResponse(request, "library/search.html", context)
