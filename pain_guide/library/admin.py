"""The editors' side: every content type, its words, its sources and its history."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericStackedInline, GenericTabularInline
from django.utils import timezone
from django.utils.html import format_html
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from pain_guide.core.translation import inflesz

from .models import (
    Code,
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
# Spanish: Szigriszt-Pazos (INFLESZ), 0 to 100, higher is easier.
INFLESZ_FLOOR = 55
INFLESZ_AIM = 65


def grade_badge(text, language="en"):
    """How hard a text is to read, on its language's own scale."""
    if language == "es":
        score = inflesz(text or "")
        if score >= INFLESZ_AIM:
            verdict = "OK: bastante fácil"
        elif score >= INFLESZ_FLOOR:
            verdict = f"OK, but aim for {INFLESZ_AIM} or more"
        else:
            verdict = f"too hard: aim for {INFLESZ_AIM} or more, never below {INFLESZ_FLOOR}"
        return format_html("INFLESZ {} ({})", score, verdict)
    grade = reading_grade(text)
    verdict = "OK" if grade <= GRADE_LIMIT else f"too hard: aim for {GRADE_LIMIT} or below"
    return format_html("Reading grade {} ({})", grade, verdict)


class SpanishReviewFilter(admin.SimpleListFilter):
    """Spanish pages whose English changed after they were translated."""

    title = "Spanish"
    parameter_name = "spanish"

    def lookups(self, request, model_admin):
        return [("review", "Needs review (the English changed)"), ("current", "Up to date")]

    def queryset(self, request, queryset):
        if self.value() not in ("review", "current"):
            return queryset
        stale = [item.pk for item in queryset if item.needs_review("es")]
        if self.value() == "review":
            return queryset.filter(pk__in=stale)
        return queryset.exclude(pk__in=stale)


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
        return grade_badge(obj.body, obj.language) if obj.pk else "Shown after saving."


def code_status(code):
    """Whether a code may send a record system's request to the page: only once confirmed."""
    if code.pk is None:
        return "Shown after saving."
    if code.checked_on:
        return format_html(
            'Confirmed on {} at <a href="{}" rel="noopener">{}</a>: used to match requests',
            code.checked_on,
            code.source_url,
            code.source_url,
        )
    return format_html(
        'Not yet confirmed: check at <a href="{}" rel="noopener">{}</a>, then fill in '
        '"confirmed on". Never used until then.',
        code.source_url,
        code.source_url,
    )


class CodeInline(GenericTabularInline):
    """A medicine's or condition's standard codes (for /connect/). Each change is kept in the
    code's own history (Library > Codes)."""

    model = Code
    extra = 0
    fields = ("system", "code", "display", "source_url", "checked_on", "status")
    readonly_fields = ("status",)
    verbose_name_plural = "Standard codes (for health record systems: only confirmed ones are used)"

    @admin.display(description="Status")
    def status(self, obj):
        return code_status(obj)


class ConfirmedFilter(admin.SimpleListFilter):
    title = "confirmed"
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("no", "Not yet confirmed (candidates)"), ("yes", "Confirmed")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(checked_on__isnull=True)
        if self.value() == "yes":
            return queryset.filter(checked_on__isnull=False)
        return queryset


@admin.register(Code)
class CodeAdmin(SimpleHistoryAdmin):
    """Every code in one list, to confirm candidates and see each code's history."""

    list_display = ("code", "system", "display", "item_link", "checked_on", "status")
    list_filter = (ConfirmedFilter, "system")
    search_fields = ("code", "display")
    fields = ("system", "code", "display", "source_url", "checked_on", "status", "item_link")
    readonly_fields = ("status", "item_link")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("item")

    def has_add_permission(self, request):
        return False  # added on the medicine's or condition's own page

    @admin.display(description="Status")
    def status(self, obj):
        return code_status(obj)

    @admin.display(description="Page")
    def item_link(self, obj):
        return obj.item


class ContentAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Each page's words in English and in Spanish (name_en, name_es, ...: django-
    modeltranslation), with each language's review dates and reviewer; its sections below."""

    list_display = (
        "name",
        "slug",
        "published",
        "reviewed_on",
        "next_review_due",
        "summary_grade",
        "spanish",
    )
    list_filter = ("published", DueForReviewFilter, SpanishReviewFilter)
    search_fields = ("name", "slug", "summary", "search_terms")
    readonly_fields = ("summary_grade", "spanish_summary_grade", "spanish")
    inlines = [TextInline]
    actions = ["mark_spanish_reviewed"]
    save_on_top = True

    @admin.display(description="Summary readability")
    def summary_grade(self, obj):
        return grade_badge(obj.summary_en) if obj.pk else "Shown after saving."

    @admin.display(description="Spanish summary readability")
    def spanish_summary_grade(self, obj):
        return grade_badge(obj.summary_es, "es") if obj.pk and obj.summary_es else "No Spanish yet."

    @admin.display(description="Spanish")
    def spanish(self, obj):
        if not obj.pk or not obj.summary_es:
            return "Not translated"
        if obj.needs_review("es"):
            return "Needs review: the English changed after it was translated"
        return "Up to date with the English"

    @admin.action(description="Mark the Spanish as checked against the current English")
    def mark_spanish_reviewed(self, request, queryset):
        """After a bilingual reviewer has compared the Spanish with the English as it now is
        (and set the Spanish review date and reviewer on the page)."""
        for item in queryset:
            item.record_translation("es", english=item.english_version())
        self.message_user(request, f"{queryset.count()} marked as up to date with the English.")


@admin.register(Group)
class GroupAdmin(ContentAdmin):
    list_display = (*ContentAdmin.list_display, "kind")
    list_filter = (*ContentAdmin.list_filter, "kind")


@admin.register(Medicine)
class MedicineAdmin(ContentAdmin):
    inlines = [CodeInline, TextInline]
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
    inlines = [CodeInline, TextInline]
    filter_horizontal = ("related_groups", "related_medicines")


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    filter_horizontal = ("related_groups", "related_medicines", "related_conditions")
    readonly_fields = (*ContentAdmin.readonly_fields, "answer_grade")

    @admin.display(description="Answer readability")
    def answer_grade(self, obj):
        return grade_badge(obj.answer_en) if obj.pk else "Shown after saving."


@admin.register(Reference)
class ReferenceAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """A source; its Spanish fields only where a canonical Spanish source says the same (else
    Spanish pages show the English source, marked as English)."""

    list_display = ("key", "title", "publisher", "year")
    list_filter = ("publisher", "year")
    search_fields = ("key", "title", "authors", "url", "pmid", "doi")


class CellInline(admin.TabularInline):
    model = ComparisonCell
    extra = 0
    fields = ("group", "label", "onset_days", "level")


@admin.register(ComparisonRow)
class ComparisonRowAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("question", "key", "position")
    inlines = [CellInline]


@admin.register(ComparisonCell)
class ComparisonCellAdmin(SimpleHistoryAdmin):
    list_display = ("row", "group", "label", "level")
    list_filter = ("row", "group")
    inlines = [TextInline]
