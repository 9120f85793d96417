"""One source of truth for how well each group works: the guide's rules.

The library's comparison table and every medicine page state the same verdicts the guide
gives (rules.library_label / rules.medicine_label), both in the seed and in the database
a fresh install loads; a medicine differs from its group only where rules.MEDICINE_LABELS
says so, with its reason.
"""

import tomllib

import pytest

from pain_guide.guide import rules
from pain_guide.library.models import ComparisonCell, Medicine
from pain_guide.library.seed import SEED_DIR

pytestmark = pytest.mark.django_db

COMPARISON = tomllib.loads((SEED_DIR / "en" / "comparison.toml").read_text())
ROWS = {row["key"]: row for row in COMPARISON["rows"]}
MEDICINES = [
    tomllib.loads(path.read_text())
    for path in sorted((SEED_DIR / "en" / "medicines").glob("*.toml"))
]


@pytest.mark.parametrize("question", rules.LIBRARY_QUESTIONS)
@pytest.mark.parametrize("group", COMPARISON["columns"])
def test_the_comparison_says_what_the_guide_says(group, question):
    expected = rules.library_label(group, question).value
    assert ROWS[question]["cells"][group]["label"] == expected
    cell = ComparisonCell.objects.get(row__key=question, group__slug=group)
    assert cell.label == expected


FIELDS = {"nerve-pain": "evidence_nerve_pain", "muscle-pain": "evidence_muscle_pain"}


@pytest.mark.parametrize("question", rules.LIBRARY_QUESTIONS)
@pytest.mark.parametrize(
    "medicine",
    [m for m in MEDICINES if m["group"] in rules.GROUPS],
    ids=lambda m: m["slug"],
)
def test_each_medicine_page_says_what_the_guide_says(medicine, question):
    expected = rules.medicine_label(medicine["slug"], medicine["group"], question).value
    assert medicine[FIELDS[question]] == expected
    row = Medicine.objects.get(slug=medicine["slug"])
    assert getattr(row, FIELDS[question]) == expected


def test_every_exception_names_a_real_medicine_and_differs_from_its_group():
    groups = {m["slug"]: m["group"] for m in MEDICINES}
    for (slug, question), label in rules.MEDICINE_LABELS.items():
        assert slug in groups
        assert label is not rules.library_label(groups[slug], question)
