"""Links to library pages, for pages that list other pages (related reading, share links)."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Case, F, Value, When
from django.urls import reverse

URL_NAMES = {
    "group": "library:group",
    "medicine": "library:medicine",
    "condition": "library:condition",
    "question": "library:question",
}


@dataclass(frozen=True)
class PageLink:
    name: str
    summary: str
    url: str


def _rows(position, queryset):
    model = queryset.model
    if any(field.name == "answer" for field in model._meta.fields):
        # A question's short answer says more than its summary, when it has one.
        summary = Case(When(answer="", then=F("summary")), default=F("answer"))
    else:
        summary = F("summary")
    return (
        queryset.published()
        .order_by()
        .annotate(
            link_position=Value(position),
            link_kind=Value(model._meta.model_name),
            link_summary=models.ExpressionWrapper(summary, output_field=models.CharField()),
        )
        .values_list("link_position", "link_kind", "name", "slug", "link_summary")
    )


def page_links(*querysets):
    """The published pages in each queryset, as PageLinks: the querysets in the order
    given, each sorted by name. One query, however many querysets."""
    parts = [_rows(position, queryset) for position, queryset in enumerate(querysets)]
    if not parts:
        return []
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    rows = combined.order_by("link_position", "name")
    return [
        PageLink(name=name, summary=summary, url=reverse(URL_NAMES[kind], args=[slug]))
        for _position, kind, name, slug, summary in rows
    ]
