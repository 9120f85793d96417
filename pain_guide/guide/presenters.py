"""Outcome + content -> exactly what the result and check-answers pages show.

Templates stay dumb: every sentence they print is put together here.
"""

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.urls import reverse

from pain_guide.core import pagecache
from pain_guide.library.models import Availability, Group, Medicine

from . import choices
from .choices import Choice
from .content import current_language, references_for, result_content, words
from .rules import NERVE_FEELINGS, Fit, Outcome, Pattern, Reason, Situation
from .steps import STEPS

logger = logging.getLogger(__name__)

CHOICES_BY_FIELD: dict[str, dict[str, Choice]] = {
    "areas": choices.AREA,
    "feelings": choices.FEELING,
    "duration": choices.DURATION,
    "history": choices.HISTORY_CHOICE,
    "age_group": choices.AGE_GROUP,
    "health": choices.HEALTH_CHOICE,
    "medicines": choices.MEDICINE,
}


def situation_heading(situation: Situation) -> str:
    heading: str = result_content()["situations"][situation.value]["heading"]
    return heading


def scale_position(outcome: Outcome) -> int | None:
    """Where the answers fall between muscle-type (0) and nerve-type (100), or None.

    Only for the patterns that sit on that line; the words always say it too.
    """
    if outcome.pattern not in (Pattern.NERVE, Pattern.MUSCLE, Pattern.MIXED):
        return None
    nerve = sum(1 for reason in outcome.reasons if is_nerve_reason(reason))
    muscle = len(outcome.reasons) - nerve
    share = nerve / (nerve + muscle) if nerve + muscle else 0.5
    if outcome.pattern is Pattern.MIXED:
        return round(30 + 40 * share)
    return 88 if outcome.pattern is Pattern.NERVE else 12


def is_nerve_reason(reason: Reason) -> bool:
    if reason.field == "feelings":
        return reason.code in NERVE_FEELINGS
    return (reason.field, reason.code) in {
        ("areas", "leg"),
        ("areas", "feet-hands"),
        ("areas", "face"),
        ("history", "shingles"),
    }


def join_clauses(clauses: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(clauses)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {words('phrases', 'and')} " + items[-1]


def reasons_sentence(reasons: Sequence[Reason]) -> str:
    """Quote the person's own answers back: 'You said it is burning and ...'."""
    clauses = [CHOICES_BY_FIELD[reason.field][reason.code].phrase for reason in reasons]
    if not clauses:
        return ""
    return words("phrases", "you-said").format(answers=join_clauses(clauses))


@dataclass(frozen=True)
class AssessmentView:
    heading: str
    label: str
    label_code: str
    explain: str
    note: str
    later: bool = False


@dataclass(frozen=True)
class WarningView:
    """A caution printed on a group's card: "avoid" leads the card, "check" follows it."""

    text: str
    avoid: bool


@dataclass(frozen=True)
class GroupView:
    slug: str
    name: str
    examples: tuple[str, ...]
    how_it_works: str
    how_soon: str
    side_effects: str
    assessments: tuple[AssessmentView, ...]
    url: str | None = None
    medicines: tuple[tuple[str, str], ...] = ()  # (name, url) of its medicine pages in the library
    warnings: tuple[WarningView, ...] = ()  # WarningView, avoid first
    supported: bool = False
    avoid: bool = False


@dataclass(frozen=True)
class CautionView:
    code: str
    heading: str
    text: str


@dataclass(frozen=True)
class NonDrugView:
    heading: str
    intro: str
    items: tuple[str, ...]


LibraryPages = dict[str, tuple[str, tuple[tuple[str, str], ...]]]


def _build_library_pages(region: str) -> LibraryPages:
    published = Group.objects.published().values_list("slug", flat=True)
    medicines: dict[str, list[tuple[str, str]]] = {}
    # A medicine the reader cannot get in their country is not offered as further reading
    # beside the groups a doctor may consider (its own page still says why).
    unavailable = {f"available_{region}__in": [Availability.WITHDRAWN, Availability.NO]}
    rows = (
        Medicine.objects.published()
        .filter(group__published=True)
        .exclude(**unavailable)
        .order_by("name")
        .values_list("group__slug", "name", "slug")
    )
    for group_slug, name, slug in rows:
        medicines.setdefault(group_slug, []).append(
            (name, reverse("library:medicine", args=[slug]))
        )
    return {
        slug: (reverse("library:group", args=[slug]), tuple(medicines.get(slug, ())))
        for slug in published
    }


def library_pages(region: str) -> LibraryPages:
    """Every published group's page and the medicines a reader in ``region`` can get:
    {group slug: (url, ((medicine, url), ...))}.

    The same for everyone, so kept in the shared cache (two queries when it is built). A
    group the library does not publish simply has no link: the result stands on its own,
    and so it does, without any link, when the database cannot be reached (issue 14).
    """
    try:
        return pagecache.get_or_build(
            f"result-library-pages-{region}-{current_language()}",
            lambda: _build_library_pages(region),
        )
    except DatabaseError as error:
        logger.warning("Result shown without library links (%s).", type(error).__name__)
        return {}


class ResultPresenter:
    """Everything the result page shows for one Outcome, in the reader's region."""

    def __init__(self, outcome: Outcome, region: str = "us") -> None:
        self.outcome = outcome
        self.region = region
        self.content = result_content()
        self._blocks: list[dict[str, Any]] = []

    def _use(self, block: dict[str, Any]) -> dict[str, Any]:
        self._blocks.append(block)
        return block

    @property
    def many_situations(self) -> bool:
        return len(self.outcome.situations) > 1

    def pattern(self) -> dict[str, Any]:
        assert self.outcome.pattern is not None  # an emergency has no result page
        code = self.outcome.pattern.value
        if (
            self.outcome.pattern is Pattern.MUSCLE
            and Situation.MUSCLE_LONG in self.outcome.situations
        ):
            code = "muscle-long"
        block = self._use(self.content["patterns"][code])
        also = [
            situation_heading(situation)
            for situation in self.outcome.situations
            if situation is Situation.SPASTICITY and self.outcome.pattern is not Pattern.SPASTICITY
        ]
        return {
            "code": self.outcome.pattern.value,
            "heading": block["heading"],
            "summary": block["summary"],
            "reasons": reasons_sentence(self.outcome.reasons),
            "position": scale_position(self.outcome),
            "scale_words": block["scale"],
            "situations": [situation_heading(s) for s in self.outcome.situations],
            "also": also,
        }

    def medicine_groups(self) -> list[GroupView]:
        labels = self.content["evidence-labels"]
        pages = library_pages(self.region) if self.outcome.medicine_groups else {}
        views: list[GroupView] = []
        for advice in self.outcome.medicine_groups:
            group = self._use(self.content["groups"][advice.group])
            assessments: list[AssessmentView] = []
            for assessment in advice.assessments:
                note = self._use(self.content["notes"][assessment.note])
                label = labels[assessment.evidence.value]
                assessments.append(
                    AssessmentView(
                        heading=situation_heading(assessment.situation)
                        if self.many_situations
                        else "",
                        label=label["text"],
                        label_code=assessment.evidence.value,
                        explain=label["explain"],
                        note=note["text"],
                        later=assessment.later,
                    )
                )
            warnings = tuple(
                WarningView(
                    text=self._use(self.content["card-warnings"][warning.key])["text"],
                    avoid=warning.fit is Fit.AVOID,
                )
                for warning in advice.warnings
            )
            views.append(
                GroupView(
                    slug=advice.group,
                    name=group["name"],
                    examples=tuple(group[f"examples-{self.region}"]),
                    how_it_works=group["how-it-works"],
                    how_soon=group["how-soon"],
                    side_effects=group["side-effects"],
                    assessments=tuple(assessments),
                    url=pages.get(advice.group, (None, ()))[0],
                    medicines=pages.get(advice.group, (None, ()))[1],
                    warnings=warnings,
                    supported=advice.supported,
                    avoid=advice.avoid,
                )
            )
        return views

    def cautions(self) -> list[CautionView]:
        views: list[CautionView] = []
        for code in self.outcome.cautions:
            block = self._use(self.content["cautions"][code])
            views.append(CautionView(code=code, heading=block["heading"], text=block["text"]))
        return views

    def non_drug(self) -> list[NonDrugView]:
        views: list[NonDrugView] = []
        for situation in self.outcome.situations:
            block = self._use(self.content["non-drug"][situation.value])
            views.append(
                NonDrugView(
                    heading=situation_heading(situation) if self.many_situations else "",
                    intro=block["intro"],
                    items=tuple(block["items"]),
                )
            )
        return views

    def questions(self) -> list[str]:
        texts: list[str] = []
        for code in self.outcome.questions:
            if code.startswith("caution:"):
                texts.append(self.content["cautions"][code.removeprefix("caution:")]["question"])
            else:
                texts.append(self.content["questions"][code]["text"])
        return list(dict.fromkeys(texts))

    def urgent_flags(self) -> list[str]:
        flags = self.content["red-flags"]
        return [flags[code]["label"] for code in self.outcome.red_flags]

    def as_context(self) -> dict[str, Any]:
        """The template context; references last, so they cover every block shown."""
        groups = self.medicine_groups()
        cautions = self.cautions()
        helpful = [group for group in groups if group.supported and not group.avoid]
        context = {
            "outcome": self.outcome,
            "pattern": self.pattern(),
            "helpful_groups": helpful,
            "not_advised_groups": [group for group in groups if group.supported and group.avoid],
            "unsupported_groups": [group for group in groups if not group.supported],
            "cautions": cautions,
            "summary_cautions": [caution.heading for caution in cautions[:3]],
            "more_cautions": max(len(cautions) - 3, 0),
            "non_drug": self.non_drug(),
            "questions": self.questions(),
            "urgent_flags": self.urgent_flags() if self.outcome.is_urgent else [],
            "evidence_labels": self.content["evidence-labels"],
            "reviewed_on": self.content["reviewed_on"],
            "next_review_due": self.content["next_review_due"],
            "reviewed_by": self.content["reviewed_by"],
            "result_link_days": settings.RESULT_LINK_DAYS,
        }
        context["references"] = references_for(*self._blocks)
        return context


def red_flag_page_context(outcome: Outcome, tier: str) -> dict[str, Any]:
    """The emergency or urgent page: the signs the person ticked, and why they matter."""
    content = result_content()
    block = content["outcomes"][tier]
    flags = content["red-flags"]
    blocks = [block]
    # Cancer with back or neck pain: NICE NG234's 24 hours, said in so many words.
    if tier == "urgent" and set(outcome.red_flags) & {"cancer-history", "cancer-spine"}:
        blocks.append(content["outcomes"]["urgent-24h"])
    first = {"emergency-tell", "urgent-tell", "urgent-24h"}
    return {
        "heading": block["heading"],
        "text": block["text"],
        "more": [extra["text"] for extra in blocks[1:]],
        "flags": [flags[code]["label"] for code in outcome.red_flags],
        "references": references_for(*blocks, *(flags[code] for code in outcome.red_flags)),
        "questions": [
            content["questions"][code]["text"] for code in outcome.questions if code in first
        ],
    }


@dataclass(frozen=True)
class AnswerRow:
    name: str  # the question's short name, which makes sense on its own (Step.names)
    answer: list[str]
    change_url: str


def answer_text(field_name: str, values: str | Sequence[str]) -> list[str]:
    if field_name in ("red_flags", "more_signs"):
        flags = result_content()["red-flags"]
        labels = [
            flags[code]["label"] if code in flags else words("phrases", "none-of-these")
            for code in values
        ]
    else:
        lookup = CHOICES_BY_FIELD[field_name]
        values = [values] if isinstance(values, str) else values
        labels = [lookup[code].label for code in values]
    return labels


def check_answers_rows(answered: Mapping[str, Mapping[str, Any]]) -> list[AnswerRow]:
    """One row per question, in the order asked, each with a Change link."""
    rows: list[AnswerRow] = []
    for step in STEPS:
        values = answered.get(step.slug, {})
        if not values:
            continue
        for name in step.fields:
            if name not in values:
                continue
            rows.append(
                AnswerRow(
                    name=step.name_of(name),
                    answer=answer_text(name, values[name]),
                    change_url=reverse("guide:step", args=[step.slug]) + "?change=1",
                )
            )
    return rows
