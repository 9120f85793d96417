"""The shapes the API answers with: django-ninja turns them into the OpenAPI document, and
every answer is checked against them before it is sent (pain_guide.api.views.answer)."""

from datetime import date

from ninja import Schema


class Problem(Schema):
    """Why a request got no content (400, 404, 405, 429)."""

    detail: str


class Label(Schema):
    """A stable code for programs and its words in the answer's language."""

    code: str
    label: str


class Review(Schema):
    """When a clinician last checked the content, when it is next due, and who checked it."""

    reviewed_on: date
    next_review_due: date
    reviewed_by: str


class Reference(Schema):
    """A canonical source the content relies on."""

    title: str
    authors: str
    publisher: str
    year: int
    url: str
    pmid: str
    doi: str
    language: str


class Section(Schema):
    """One section of a page, under its title, in the order the page shows it."""

    key: str
    title: str
    html: str
    markdown: str


class Code(Schema):
    """A code for the item in a clinical code system (RxNorm, SNOMED CT, ICD-10-CM), only once
    confirmed at its canonical source."""

    system: str
    oid: str
    code: str
    display: str


class Link(Schema):
    """Another published item: its page on the site and its address in this API."""

    slug: str
    name: str
    url: str
    api_url: str


class ItemSummary(Schema):
    slug: str
    name: str
    summary: str
    url: str
    api_url: str
    review: Review
    codes: list[Code]


class Evidence(Schema):
    nerve_pain: Label
    muscle_pain: Label


class MedicineSummary(ItemSummary):
    group: Link
    evidence: Evidence


class Item(ItemSummary):
    notice: str
    language: str
    sections: list[Section]
    references: list[Reference]


class Medicine(Item):
    group: Link
    evidence: Evidence
    brands: dict[str, list[str]]
    availability: dict[str, Label]


class Group(Item):
    plain_name: str
    kind: Label
    medicines: list[Link]


class Condition(Item):
    related_groups: list[Link]
    related_medicines: list[Link]


class Question(Item):
    answer: str
    related_conditions: list[Link]
    related_groups: list[Link]
    related_medicines: list[Link]


class ItemList(Schema):
    notice: str
    language: str
    items: list[ItemSummary]


class MedicineList(Schema):
    notice: str
    language: str
    items: list[MedicineSummary]


class ComparisonCell(Schema):
    group: str
    evidence: Label | None
    onset_days: int | None
    level: Label | None
    html: str
    markdown: str


class ComparisonRow(Schema):
    key: str
    question: str
    review: Review
    cells: list[ComparisonCell]


class Comparison(Schema):
    notice: str
    language: str
    title: str
    url: str
    review: Review
    columns: list[Link]
    rows: list[ComparisonRow]
    references: list[Reference]


class Index(Schema):
    notice: str
    openapi: str
    endpoints: dict[str, str]
