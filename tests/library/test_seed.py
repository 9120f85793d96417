"""Loading seed content: idempotent, and editors' changes are never silently lost."""

from pathlib import Path

import pytest

from pain_guide.library.models import Condition, Medicine, Reference, Text
from pain_guide.library.seed import load_seed

FIXTURE = Path(__file__).with_name("seed_fixture")
pytestmark = pytest.mark.django_db


def load():
    return load_seed(seed_dir=FIXTURE, extra_reference_files=())


def snapshot():
    return {
        "medicines": list(Medicine.objects.order_by("pk").values()),
        "texts": list(Text.objects.order_by("pk").values()),
        "references": list(Reference.objects.order_by("pk").values()),
        "history": Text.history.count() + Medicine.history.count(),
    }


def relaxol_text(key):
    return Medicine.objects.get(slug="relaxol").texts.get(key=key)


def test_loading_creates_everything():
    report = load()
    assert report.counts["created"] > 0
    medicine = Medicine.objects.get(slug="relaxol")
    assert medicine.group.slug == "relaxers"
    assert medicine.brands_us == ["Calmo"]
    key_facts = relaxol_text("key-facts")
    assert [ref.key for ref in key_facts.references.order_by("key")] == ["ref-one", "ref-two"]
    assert Condition.objects.get(slug="aches").related_medicines.get() == medicine


def test_loading_twice_changes_nothing():
    load()
    before = snapshot()
    report = load()
    assert report.counts["created"] == 0
    assert report.counts["updated"] == 0
    assert snapshot() == before


def test_an_editors_change_survives_a_reload():
    load()
    text = relaxol_text("stopping")
    text.body = "An editor's better wording."
    text.save()
    medicine = Medicine.objects.get(slug="relaxol")
    medicine.summary = "An editor's summary."
    medicine.save()
    report = load()
    assert relaxol_text("stopping").body == "An editor's better wording."
    assert Medicine.objects.get(slug="relaxol").summary == "An editor's summary."
    assert report.counts["kept"] == 2
    assert "kept editor's changes" in str(report)


def test_a_changed_seed_updates_rows_nobody_edited(tmp_path, settings):
    import shutil

    shutil.copytree(FIXTURE, tmp_path / "seed")
    load_seed(seed_dir=tmp_path / "seed", extra_reference_files=())
    path = tmp_path / "seed/en/medicines/relaxol.toml"
    path.write_text(path.read_text().replace("A made-up medicine for tests.", "A new summary."))
    report = load_seed(seed_dir=tmp_path / "seed", extra_reference_files=())
    assert Medicine.objects.get(slug="relaxol").summary == "A new summary."
    assert report.counts["updated"] == 1


def test_markdown_is_rendered_and_sanitised():
    load()
    html = relaxol_text("key-facts").html
    assert "<li>It is made up.</li>" in html
    assert "<script" not in html
    # The script goes with its content, neither run nor shown as text.
    assert "alert(1)" not in html
    assert "&lt;script" not in html
    assert "<li> is removed.</li>" in html
    group = Medicine.objects.get(slug="relaxol").group
    assert "<strong>medicines</strong>" in group.texts.get(key="what-they-are").html


def test_due_for_review():
    load()
    assert list(Condition.objects.due_for_review()) == [Condition.objects.get(slug="aches")]
    assert not Medicine.objects.due_for_review().filter(slug="relaxol").exists()


@pytest.mark.django_db
def test_a_field_added_to_the_seed_later_reaches_rows_loaded_before_it():
    """Rows loaded before ``figures`` existed are updated, not mistaken for an editor's change."""
    from pain_guide.library.models import Medicine
    from pain_guide.library.seed import fingerprint

    load_seed(language="en")  # English fields only: the Spanish is not loaded again
    medicine = Medicine.objects.get(slug="gabapentin")
    values = {
        name: getattr(medicine, name)
        for name in ("name", "summary", "reviewed_on", "next_review_due", "reviewed_by")
    }
    # As an older loader would have left it: no figures, and a fingerprint without them.
    extra = (
        "group",
        "brands_us",
        "brands_uk",
        "misspellings",
        "evidence_nerve_pain",
        "evidence_muscle_pain",
    )
    values |= {name: getattr(medicine, name) for name in extra}
    Medicine.objects.filter(pk=medicine.pk).update(figures=[], seed_hash=fingerprint(values))
    report = load_seed(language="en")
    assert report.kept == []
    assert Medicine.objects.get(slug="gabapentin").figures


@pytest.mark.django_db
def test_availability_added_later_reaches_rows_loaded_with_figures_but_before_it():
    """A row loaded after ``figures`` existed but before ``available_us``/``available_uk``
    did is updated to the seed's availability (carisoprodol: withdrawn in the UK)."""
    from pain_guide.library.models import Medicine
    from pain_guide.library.seed import fingerprint

    load_seed(language="en")  # English fields only: the Spanish is not loaded again
    medicine = Medicine.objects.get(slug="carisoprodol")
    names = (
        "name",
        "summary",
        "reviewed_on",
        "next_review_due",
        "reviewed_by",
        "figures",
        "group",
        "brands_us",
        "brands_uk",
        "misspellings",
        "evidence_nerve_pain",
        "evidence_muscle_pain",
    )
    values = {name: getattr(medicine, name) for name in names}
    Medicine.objects.filter(pk=medicine.pk).update(
        available_uk="yes", seed_hash=fingerprint(values)
    )
    report = load_seed(language="en")
    assert report.kept == []
    assert Medicine.objects.get(slug="carisoprodol").available_uk == "withdrawn"
