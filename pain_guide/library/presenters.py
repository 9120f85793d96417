"""What the library's pages show that takes more than a query: the side-by-side comparison."""

from django.db import models

from pain_guide.guide.content import current_language

from .models import ComparisonCell, ComparisonRow, Text

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


def comparison():
    """The comparison page's table, built from the database (four queries): its columns (the
    groups, muscle relaxers first), one row per question with a cell per column, the cards a
    phone shows ("at a glance"), every reference cited, and the table's review dates."""
    texts = Text.objects.filter(language=current_language()).prefetch_related("references")
    cells = ComparisonCell.objects.select_related("group").prefetch_related(
        models.Prefetch("texts", queryset=texts)
    )
    rows = list(ComparisonRow.objects.prefetch_related(models.Prefetch("cells", queryset=cells)))
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
    return {
        # The table is only as current as its least recently reviewed row.
        "reviewed_on": min((row.reviewed_on for row in rows), default=None),
        "next_review_due": min((row.next_review_due for row in rows), default=None),
        "reviewed_by": ", ".join(sorted({row.reviewed_by for row in rows})),
        "columns": [groups[slug] for slug in column_slugs],
        "glance": glance,
        "table": table,
        "references": list(references.values()),
    }
