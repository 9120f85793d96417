"""The library's pages: indexes, one page per item, the comparison and search.

These pages are the same for everyone. Search answers both as a full page and,
for htmx's as-you-type requests, as its results partial.
"""

from itertools import groupby

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from pain_guide.core.decorators import allow_methods, for_htmx, same_for_everyone

from . import presenters
from . import search as library_search
from .links import page_links
from .models import Condition, Group, Medicine, Question
from .sections import titled_sections


def get_published(queryset, slug):
    item = queryset.published().filter(slug=slug).first()
    if item is None:
        raise Http404("No such page")
    return item


@same_for_everyone
@allow_methods()
def index(request):
    return TemplateResponse(request, "library/index.html", {"title": _("Medicine library")})


@same_for_everyone
@allow_methods()
def medicine_list(request):
    medicines = Medicine.objects.published().select_related("group").order_by("name")
    letters = [
        (letter, list(items))
        for letter, items in groupby(medicines, key=lambda m: m.name[0].upper())
    ]
    return TemplateResponse(
        request, "library/medicine_list.html", {"title": _("Medicines A to Z"), "letters": letters}
    )


@same_for_everyone
@allow_methods()
def medicine_detail(request, slug):
    medicine = get_published(Medicine.objects.select_related("group").with_texts(), slug)
    context = {
        "title": medicine.name,
        "item": medicine,
        "medicine": medicine,
        "sections": titled_sections(medicine, "medicine"),
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
        request, "library/group_list.html", {"title": _("Medicine groups"), "kinds": kinds}
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
        "sections": titled_sections(group, "group"),
    }
    return TemplateResponse(request, "library/group_detail.html", context)


@same_for_everyone
@allow_methods()
def condition_list(request):
    conditions = Condition.objects.published().order_by("name")
    return TemplateResponse(
        request, "library/condition_list.html", {"title": _("Conditions"), "conditions": conditions}
    )


@same_for_everyone
@allow_methods()
def condition_detail(request, slug):
    condition = get_published(Condition.objects.with_texts(), slug)
    context = {
        "title": condition.name,
        "item": condition,
        "sections": titled_sections(condition, "condition"),
        "related": page_links(condition.related_groups.all(), condition.related_medicines.all()),
    }
    return TemplateResponse(request, "library/condition_detail.html", context)


@same_for_everyone
@allow_methods()
def question_list(request):
    questions = Question.objects.published().order_by("name")
    return TemplateResponse(
        request,
        "library/question_list.html",
        {"title": _("Common questions"), "questions": questions},
    )


@same_for_everyone
@allow_methods()
def question_detail(request, slug):
    question = get_published(Question.objects.with_texts(), slug)
    context = {
        "title": question.name,
        "item": question,
        "sections": titled_sections(question, "question"),
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
    context = {
        "title": _("Muscle relaxers vs nerve-pain medicines, side by side"),
        **presenters.comparison(),
    }
    return TemplateResponse(request, "library/comparison.html", context)


@allow_methods()
@for_htmx("search-results")
def search(request):
    query = request.GET.get("q", "")[:100].strip()
    results = library_search.find(query) if query else None
    context = {
        # Translators: %(query)s is what the reader searched for.
        "title": _("Search results for “%(query)s”") % {"query": query}
        if query
        else _("Search the library"),
        "query": query,
        "results": results,
        "suggestion": library_search.suggest(query) if query and not results else None,
    }
    return TemplateResponse(request, "library/search.html", context)
