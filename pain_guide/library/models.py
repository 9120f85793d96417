"""The medicine library: groups, medicines, conditions, common questions and their sources.

Every item has a language-independent row (slug, relations, evidence labels,
review dates) and its words in ``Text`` rows, one per language and section.
A second language is new ``Text`` rows, not new columns (docs/adr/0005).
"""

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Self

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pain_guide.core.regions import REGIONS
from pain_guide.guide import rules
from pain_guide.guide.content import current_language, result_content

from .markup import render_markdown

LANGUAGES = [("en", "English"), ("es", "Español")]
DEFAULT_LANGUAGE = "en"
TRANSLATED_LANGUAGES = [code for code, _name in LANGUAGES if code != DEFAULT_LANGUAGE]


def _evidence_label(code):
    return result_content()["evidence-labels"][code]["text"]


def _evidence_choices():
    """The plain evidence labels, defined once: their codes are the guide's rules.Evidence,
    their words the guide's content ([evidence-labels] in content/result.toml and its
    translations), read in the page's language when shown."""
    label = lazy(_evidence_label, str)
    return [(evidence.name, (evidence.value, label(evidence.value))) for evidence in rules.Evidence]


Evidence = models.TextChoices("Evidence", _evidence_choices())


class Availability(models.TextChoices):
    """Whether a medicine can be had in one country (the "Where it is used" section says more)."""

    YES = "yes", _("Sold there (on prescription or in shops)")
    WITHDRAWN = "withdrawn", _("Withdrawn there")
    NO = "no", _("Not sold there")
    UNCONFIRMED = "unconfirmed", _("Not confirmed")


@dataclass(frozen=True)
class RegionalView:
    """A medicine as a reader in one country sees it: their brands first, the others labelled."""

    region_name: str
    availability: str
    brands: list
    other_region_name: str
    other_brands: list

    @property
    def available(self):
        return self.availability in (Availability.YES, Availability.UNCONFIRMED)


class Reference(models.Model):
    """A canonical source that one or more texts rely on."""

    key = models.SlugField(
        max_length=80,
        unique=True,
        help_text="A short, stable id used in the seed files, e.g. 'nice-cg173'. Do not change it.",
    )
    title = models.CharField(max_length=300, help_text="The title as the source gives it.")
    authors = models.CharField(
        max_length=200,
        blank=True,
        help_text="First author and 'et al.', e.g. 'Cashin AG, et al.'. Leave empty for "
        "guidelines from a body such as NICE.",
    )
    year = models.PositiveSmallIntegerField(help_text="Year published or last updated.")
    publisher = models.CharField(
        max_length=200, help_text="The journal or the body that published it, e.g. 'BMJ', 'NICE'."
    )
    url = models.URLField(
        max_length=500,
        help_text="The canonical address: PubMed, DOI, NICE, NHS, FDA, DailyMed, MHRA, MedlinePlus, "
        "Cochrane or the journal's own site. Never a copy on another site.",
    )
    pmid = models.CharField(
        "PMID", max_length=12, blank=True, help_text="PubMed id, if it has one."
    )
    doi = models.CharField("DOI", max_length=200, blank=True, help_text="DOI, if it has one.")
    seed_hash = models.CharField(max_length=64, blank=True, editable=False)
    # history: registered in translation.py, after the per-language fields

    class Meta:
        ordering = ["key"]
        # A constraint, not unique=True on the field: the per-language copies of the address
        # (url_en, url_es: translation.py) and its history must not inherit it.
        constraints = [models.UniqueConstraint(fields=["url"], name="one_reference_per_url")]

    def __str__(self):
        return f"{self.title} ({self.publisher}, {self.year})"

    @property
    def lang(self):
        """The language of the source shown on this page: the page's, where a source in it
        says the same (its own address is filled in), else English."""
        language = translation.get_language() or DEFAULT_LANGUAGE
        if language != DEFAULT_LANGUAGE and getattr(self, f"url_{language}", None):
            return language
        return DEFAULT_LANGUAGE


class Text(models.Model):
    """One section of one item's words, in one language, with its sources."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    language = models.CharField(
        max_length=8,
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help_text="The language of this text.",
    )
    key = models.SlugField(
        max_length=60,
        help_text="Which section this is, e.g. 'key-facts' or 'stopping'. Fixed by the page layout.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order on the page (lowest first)."
    )
    body = models.TextField(
        help_text="Plain-language text for patients (Markdown: paragraphs, '-' lists, **bold**). "
        "Answer first, short sentences, reading grade 8 or below. Every clinical statement "
        "must be backed by a reference below."
    )
    references = models.ManyToManyField(
        Reference,
        blank=True,
        related_name="texts",
        help_text="The sources for every clinical statement in this text.",
    )
    html = models.TextField(editable=False, blank=True)
    seed_hash = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[references])

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language", "key"], name="one_text_per_section"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "language"])]

    def __str__(self):
        return f"{self.key} ({self.language})"

    def save(self, *args, **kwargs):
        # Rendered once on save, so pages never parse Markdown.
        self.html = render_markdown(self.body)
        super().save(*args, **kwargs)


class CodeSystem(models.TextChoices):
    """The code systems a record system names a medicine or condition with (HL7 OIDs from
    HL7 Terminology's naming systems)."""

    RXNORM = "rxnorm", "RxNorm"
    SNOMED_CT = "snomedct", "SNOMED CT"
    ICD10CM = "icd10cm", "ICD-10-CM"


OIDS = {
    CodeSystem.RXNORM: "2.16.840.1.113883.6.88",
    CodeSystem.SNOMED_CT: "2.16.840.1.113883.6.96",
    CodeSystem.ICD10CM: "2.16.840.1.113883.6.90",
}
# What a code of each system looks like: an RxNorm RxCUI and a SNOMED CT concept id are
# digits; an ICD-10-CM code is a letter, a digit, a letter or digit, then (after an optional
# dot) up to four more.
CODE_SHAPES = {
    CodeSystem.RXNORM: re.compile(r"[0-9]{1,10}"),
    CodeSystem.SNOMED_CT: re.compile(r"[0-9]{6,18}"),
    CodeSystem.ICD10CM: re.compile(r"([A-Z][0-9][0-9A-Z])\.?([0-9A-Z]{0,4})"),
}


def normalise_code(system, code):
    """The form a code is matched in (ICD-10-CM: upper case, no dot), or None if ``code``
    cannot be a code of ``system``."""
    code = (code or "").strip().upper()
    shape = CODE_SHAPES.get(system)
    if shape is None or not (match := shape.fullmatch(code)):
        return None
    return "".join(match.groups()) if system == CodeSystem.ICD10CM else code


class Code(models.Model):
    """A standard code for a medicine or a condition, so a health record system can link to
    its page (/connect/, the HL7 Infobutton). Language-independent.

    Safety: only a code with ``checked_on`` set (confirmed at a canonical source) ever matches
    a request; one without it is a candidate, kept for an editor to confirm."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    system = models.CharField(
        max_length=10,
        choices=CodeSystem.choices,
        help_text="RxNorm for a medicine's ingredient (RxCUI); SNOMED CT or ICD-10-CM for a "
        "condition.",
    )
    code = models.CharField(
        max_length=20,
        help_text="The code exactly as the source gives it, e.g. '25480' or 'M54.2'. An "
        "ICD-10-CM code also matches requests for its more detailed codes (M54.2 matches "
        "M54.2x), so never add a broad category that covers other conditions.",
    )
    display = models.CharField(
        max_length=200,
        help_text="The code's name at the source, e.g. 'Cervicalgia' (for a candidate: the "
        "name expected there).",
    )
    source_url = models.URLField(
        "source",
        max_length=500,
        help_text="Where the code is checked: RxNav for RxNorm "
        "(https://rxnav.nlm.nih.gov/REST/rxcui/<code>/properties.json, which must say tty IN), "
        "the SNOMED CT browser, CDC's ICD-10-CM files.",
    )
    checked_on = models.DateField(
        "confirmed on",
        null=True,
        blank=True,
        help_text="The day you saw this code, with this name, at the source. Leave empty for a "
        "candidate: it is never used to send anyone to a page until this is filled in.",
    )
    seed_hash = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "system", "code"], name="one_code_per_item"
            )
        ]
        indexes = [models.Index(fields=["system", "code"])]

    def __str__(self):
        return f"{self.get_system_display()} {self.code}"

    def save(self, *args, **kwargs):
        self.code = (self.code or "").strip()
        if self.system == CodeSystem.ICD10CM:
            self.code = self.code.upper()
        super().save(*args, **kwargs)

    @property
    def oid(self):
        return OIDS[self.system]

    @property
    def confirmed(self):
        return self.checked_on is not None

    def clean(self):
        if self.system and normalise_code(self.system, self.code) is None:
            name = self.get_system_display()
            raise ValidationError({"code": f"This is not the shape of a {name} code."})


class ContentQuerySet(models.QuerySet):
    def published(self) -> Self:
        return self.filter(published=True)

    def due_for_review(self, today=None):
        return self.filter(next_review_due__lte=today or timezone.localdate())

    def with_texts(self, language=None):
        """Prefetch the words (in ``language``, else the page's) and their references: one
        query each, whatever the count."""
        language = language or current_language()
        return self.prefetch_related(
            models.Prefetch(
                "texts",
                queryset=Text.objects.filter(language=language).prefetch_related("references"),
            )
        )


class Content(models.Model):
    """What every library item has: a stable slug, its words, and its review state."""

    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The page address, e.g. 'baclofen' for /library/medicines/baclofen/. "
        "Changing it breaks printed links and QR codes.",
    )
    name = models.CharField(max_length=120, help_text="The name patients see, e.g. 'Baclofen'.")
    summary = models.CharField(
        max_length=300, help_text="One plain sentence shown in lists and search results."
    )
    published = models.BooleanField(
        default=True, help_text="Untick to hide this page from patients while it is being fixed."
    )
    reviewed_on = models.DateField(
        help_text="When a clinician last checked this page against its sources."
    )
    next_review_due = models.DateField(
        help_text="When it must be checked again (usually within a year)."
    )
    reviewed_by = models.CharField(
        max_length=200, help_text="Who checked it: name and role, e.g. 'Dr A. Smith, GP'."
    )
    texts = GenericRelation(Text)
    figures = models.JSONField(
        default=list,
        blank=True,
        help_text="How many people a medicine helped, out of 100, next to a dummy pill, from one "
        "review's own tables: a list of {outcome, who, medicine, treated, placebo, ref, source}. "
        "Each figure is drawn as an out-of-100 picture with the same numbers in words.",
    )
    search_terms = models.JSONField(
        default=list,
        blank=True,
        help_text="Everyday words people type that should find this page, as a list, e.g. "
        '["burning feet", "numb feet"]. Word order, plurals and small words such as "my" do '
        "not matter. Only words this page really answers, and never a warning sign that needs "
        "other help (such as chest pain).",
    )
    seed_hash = models.CharField(max_length=64, blank=True, editable=False)
    translated_from = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="For each translation, the English it was made from (a fingerprint): when "
        "the English changes afterwards, the translation is listed as needing review.",
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def english_version(self):
        """A fingerprint of the English words (every translated field and every section): a
        translation records the one it was made from (``translated_from``)."""
        from .translation import translated_fields

        values = {
            name: getattr(self, f"{name}_{DEFAULT_LANGUAGE}")
            for name in translated_fields(self)
            if name not in ("reviewed_on", "next_review_due", "reviewed_by")
        }
        values["sections"] = sorted(
            self.texts.filter(language=DEFAULT_LANGUAGE).values_list("key", "body")
        )
        plain = json.dumps(values, sort_keys=True, default=str)
        return hashlib.sha256(plain.encode()).hexdigest()

    def record_translation(self, language, **state):
        """Note, for ``language``, what its translation was loaded from (``seed``, ``loaded``)
        and the English it now stands for (``english``, from english_version())."""
        self.translated_from[language] = {**self.translated_from.get(language, {}), **state}
        type(self).objects.filter(pk=self.pk).update(translated_from=self.translated_from)

    def needs_review(self, language):
        """The English changed after this translation was made (or it was never made)."""
        made_from = self.translated_from.get(language, {}).get("english")
        return made_from != self.english_version()

    @cached_property
    def sections(self):
        """{key: Text} for the prefetched language (use ``with_texts``)."""
        return {text.key: text for text in self.texts.all()}

    @cached_property
    def references(self):
        """Every reference its texts cite, each once, in the order first cited."""
        seen = {}
        for text in self.texts.all():
            for reference in text.references.all():
                seen.setdefault(reference.pk, reference)
        return list(seen.values())


class Group(Content):
    """A medicine group, e.g. gabapentinoids or antispasmodic muscle relaxers."""

    class Kind(models.TextChoices):
        MUSCLE_RELAXER = "muscle-relaxer", _("Muscle relaxer")
        NERVE_PAIN = "nerve-pain", _("Nerve-pain medicine")
        OTHER = "other", _("Other")

    plain_name = models.CharField(
        max_length=120, help_text="An everyday name, e.g. 'Gabapentin and pregabalin'."
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, help_text="Which side of the comparison it sits on."
    )
    # history: registered in translation.py, after the per-language fields

    def get_absolute_url(self):
        return reverse("library:group", args=[self.slug])


class Medicine(Content):
    """One medicine, by its generic name, with its brands and evidence labels."""

    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="medicines", help_text="Its medicine group."
    )
    brands_us = models.JSONField(
        default=list, blank=True, help_text='US brand names, as a list, e.g. ["Lioresal"].'
    )
    brands_uk = models.JSONField(default=list, blank=True, help_text="UK brand names, as a list.")
    available_us = models.CharField(
        max_length=12,
        choices=Availability.choices,
        default=Availability.YES,
        help_text="Whether it can be had in the US. Keep 'Where it is used' in step with this.",
    )
    available_uk = models.CharField(
        max_length=12,
        choices=Availability.choices,
        default=Availability.YES,
        help_text="Whether it can be had in the UK. Keep 'Where it is used' in step with this.",
    )
    misspellings = models.JSONField(
        default=list,
        blank=True,
        help_text='How people often mistype it, so search still finds it, e.g. ["baclophen"].',
    )
    evidence_nerve_pain = models.CharField(
        max_length=20, choices=Evidence.choices, help_text="How well it works for nerve pain."
    )
    evidence_muscle_pain = models.CharField(
        max_length=20,
        choices=Evidence.choices,
        help_text="How well it works for muscle pain (strains, spasm, back pain).",
    )
    codes = GenericRelation(Code)
    # history: registered in translation.py, after the per-language fields

    def get_absolute_url(self):
        return reverse("library:medicine", args=[self.slug])

    def in_region(self, code):
        """This medicine as a reader in country ``code`` ("us" or "uk") sees it."""
        (other,) = set(REGIONS) - {code}
        brands = getattr(self, f"brands_{code}")
        return RegionalView(
            region_name=REGIONS[code].short_name,
            availability=getattr(self, f"available_{code}"),
            brands=brands,
            other_region_name=REGIONS[other].short_name,
            other_brands=[
                brand for brand in getattr(self, f"brands_{other}") if brand not in brands
            ],
        )


class Condition(Content):
    """A condition patients look up, e.g. sciatica, with the medicine groups that concern it."""

    related_groups = models.ManyToManyField(
        Group,
        blank=True,
        related_name="conditions",
        help_text="Groups the page discusses, in order.",
    )
    related_medicines = models.ManyToManyField(
        Medicine, blank=True, related_name="conditions", help_text="Medicines the page discusses."
    )
    codes = GenericRelation(Code)
    # history: registered in translation.py, after the per-language fields

    def get_absolute_url(self):
        return reverse("library:condition", args=[self.slug])


class Question(Content):
    """A common question, answered in its first sentence. ``name`` holds the question."""

    answer = models.CharField(
        max_length=400,
        help_text="The answer in one or two sentences. The first sentence must answer the question.",
    )
    related_groups = models.ManyToManyField(
        Group, blank=True, related_name="questions", help_text="Groups the answer links to."
    )
    related_medicines = models.ManyToManyField(
        Medicine, blank=True, related_name="questions", help_text="Medicines the answer links to."
    )
    related_conditions = models.ManyToManyField(
        Condition,
        blank=True,
        related_name="questions",
        help_text="Conditions the answer links to.",
    )
    # history: registered in translation.py, after the per-language fields

    def get_absolute_url(self):
        return reverse("library:question", args=[self.slug])


class ComparisonRow(models.Model):
    """A patient's question in the side-by-side table, e.g. 'How soon does it work?'."""

    key = models.SlugField(max_length=40, unique=True, help_text="Stable id, e.g. 'how-soon'.")
    question = models.CharField(max_length=200, help_text="The question as patients ask it.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the table.")
    reviewed_on = models.DateField(help_text="When a clinician last checked this row's answers.")
    next_review_due = models.DateField(help_text="When this row must be checked again.")
    reviewed_by = models.CharField(max_length=200, help_text="Who checked it: name and role.")
    seed_hash = models.CharField(max_length=64, blank=True, editable=False)
    # history: registered in translation.py, after the per-language fields

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.question


class ComparisonCell(models.Model):
    """The answer to one row's question for one medicine group."""

    class Level(models.TextChoices):
        NONE = "", _("Not shown")
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    row = models.ForeignKey(
        ComparisonRow,
        on_delete=models.CASCADE,
        related_name="cells",
        help_text="The question (row).",
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.CASCADE,
        related_name="comparison_cells",
        help_text="The medicine group (column).",
    )
    label = models.CharField(
        max_length=20,
        choices=Evidence.choices,
        blank=True,
        help_text="Evidence label: only in the nerve-pain and muscle-pain rows.",
    )
    onset_days = models.PositiveSmallIntegerField(
        default=0, help_text="How-soon row only: rough days until it can help (0 = not shown)."
    )
    level = models.CharField(
        max_length=10,
        choices=Level.choices,
        blank=True,
        help_text="Drowsiness and dependence rows only, where sources support it.",
    )
    texts = GenericRelation(Text)
    seed_hash = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["row", "group"], name="one_cell_per_row_group")
        ]

    def __str__(self):
        return f"{self.row.key} / {self.group.slug}"
