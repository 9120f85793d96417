"""The editors' side: every content type, its words, its sources and its history."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericStackedInline
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ComparisonCell,
    ComparisonRow,
    Condition,
    Group,
    Medicine,
    Question,
    Reference,
    Text,
)
from .readability import reading_grade

GRADE_LIMIT = 8


def grade_badge(text):
    grade = reading_grade(text)
    verdict = "OK" if grade <= GRADE_LIMIT else f"too hard: aim for {GRADE_LIMIT} or below"
    return format_html("Reading grade {} ({})", grade, verdict)


class DueForReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", "Due for review"), ("current", "Not yet due")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "due":
            return queryset.filter(next_review_due__lte=today)
        if self.value() == "current":
            return queryset.filter(next_review_due__gt=today)
        return queryset


class TextInline(GenericStackedInline):
    model = Text
    extra = 0
    fields = ("language", "key", "position", "body", "grade", "references")
    readonly_fields = ("grade",)
    autocomplete_fields = ("references",)

    @admin.display(description="Readability")
    def grade(self, obj):
        return grade_badge(obj.body) if obj.pk else "Shown after saving."


class ContentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "published", "reviewed_on", "next_review_due", "summary_grade")
    list_filter = ("published", DueForReviewFilter)
    search_fields = ("name", "slug", "summary", "search_terms")
    readonly_fields = ("summary_grade",)
    inlines = [TextInline]
    save_on_top = True

    @admin.display(description="Summary readability")
    def summary_grade(self, obj):
        return grade_badge(obj.summary) if obj.pk else "Shown after saving."


@admin.register(Group)
class GroupAdmin(ContentAdmin):
    list_display = (*ContentAdmin.list_display, "kind")
    list_filter = (*ContentAdmin.list_filter, "kind")


@admin.register(Medicine)
class MedicineAdmin(ContentAdmin):
    list_display = (*ContentAdmin.list_display, "group")
    list_filter = (
        *ContentAdmin.list_filter,
        "group",
        "evidence_nerve_pain",
        "evidence_muscle_pain",
    )
    search_fields = (*ContentAdmin.search_fields, "brands_us", "brands_uk", "misspellings")
    list_select_related = ("group",)


@admin.register(Condition)
class ConditionAdmin(ContentAdmin):
    filter_horizontal = ("related_groups", "related_medicines")


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    filter_horizontal = ("related_groups", "related_medicines", "related_conditions")
    readonly_fields = (*ContentAdmin.readonly_fields, "answer_grade")

    @admin.display(description="Answer readability")
    def answer_grade(self, obj):
        return grade_badge(obj.answer) if obj.pk else "Shown after saving."


@admin.register(Reference)
class ReferenceAdmin(SimpleHistoryAdmin):
    list_display = ("key", "title", "publisher", "year")
    list_filter = ("publisher", "year")
    search_fields = ("key", "title", "authors", "url", "pmid", "doi")


class CellInline(admin.TabularInline):
    model = ComparisonCell
    extra = 0
    fields = ("group", "label", "onset_days", "level")


@admin.register(ComparisonRow)
class ComparisonRowAdmin(SimpleHistoryAdmin):
    list_display = ("question", "key", "position")
    inlines = [CellInline]


@admin.register(ComparisonCell)
class ComparisonCellAdmin(SimpleHistoryAdmin):
    list_display = ("row", "group", "label", "level")
    list_filter = ("row", "group")
    inlines = [TextInline]
