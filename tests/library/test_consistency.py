"""One phrase for each fact across medicine, group, condition, question and comparison pages and
the guide's result (the clinical review, C5, C6, C8): a test that fails on a contradiction."""

import re

import pytest

from pain_guide.guide.content import result_content
from pain_guide.library.models import ComparisonCell, Text

pytestmark = pytest.mark.django_db


def every_text():
    for text in Text.objects.all():
        yield f"library:{text.content_type_id}:{text.object_id}:{text.key}", text.body
    for cell in ComparisonCell.objects.prefetch_related("texts"):
        for text in cell.texts.all():
            yield f"comparison:{cell.pk}", text.body
    for section, blocks in result_content().items():
        if isinstance(blocks, dict) and section != "references":
            for key, block in blocks.items():
                if isinstance(block, dict):
                    for value in block.values():
                        if isinstance(value, str):
                            yield f"guide:{section}.{key}", value


def sentences(text):
    return re.split(r"(?<=[.!?])\s+|\n", text)


def test_amitriptyline_has_one_onset_everywhere():
    """NHS: pain may ease after 1 or 2 weeks; it can take 6 weeks to work fully."""
    found = 0
    for name, text in every_text():
        for sentence in sentences(text):
            lowered = sentence.lower()
            if "work fully" in lowered and ("amitriptyline" in text.lower() or "tricyclic" in name):
                assert "6 weeks" in lowered, (name, sentence)
                found += 1
            assert not re.search(r"amitriptyline.*(2 months|6 to 8 weeks)", lowered), name
    assert found >= 2


def test_baclofen_with_low_kidney_function_is_always_avoid():
    """Beers 2023: avoid baclofen with low kidney function at 65 or over, never 'extra care'."""
    found = 0
    for name, text in every_text():
        for sentence in sentences(text):
            lowered = sentence.lower()
            if "baclofen" in lowered and "kidney" in lowered and "beers" in lowered:
                assert "avoid" in lowered, (name, sentence)
                assert "extra care" not in lowered, (name, sentence)
                found += 1
    assert found >= 3


def test_tricyclics_are_never_said_to_help_low_back_pain():
    """NICE NG59: do not offer them for low back pain; every page says they do not help."""
    for name, text in every_text():
        for sentence in sentences(text):
            lowered = sentence.lower()
            if ("amitriptyline" in lowered or "tricyclic" in lowered) and "back pain" in lowered:
                assert not re.search(r"\b(helps?|works?) (some|many)\b", lowered), (name, sentence)


def test_guideline_codes_and_receptor_names_are_explained():
    """Plain words (review E2): a guideline code only beside the body's name ("UK nerve-pain
    guidance (NICE, 2013; CG173)"), a receptor name only in brackets after a plain phrase."""
    for name, text in every_text():
        for sentence in sentences(text):
            if re.search(r"\b(CG|NG)\d+\b", sentence):
                assert "NICE" in sentence, (name, sentence)
            for jargon in re.finditer(r"GABA-?B|alpha-2|α2δ|alpha-2-delta", sentence, re.I):
                before = sentence[: jargon.start()]
                assert before.count("(") > before.count(")"), (name, sentence)


AVAILABILITY_WORDS = {
    "withdrawn": ("not available", "withdrawn", "suspended"),
    "no": ("not sold", "not available", "not licensed"),
    "unconfirmed": ("could not confirm",),
}


def test_where_it_is_used_agrees_with_the_availability_the_page_shows():
    """The status shown beside the brands (from the fields) and the "Where it is used"
    section say the same thing for each country."""
    from pain_guide.library.models import Medicine

    checked = 0
    for medicine in Medicine.objects.with_texts():
        where = medicine.sections["where-used"].body
        for code, country in (("us", "US"), ("uk", "UK")):
            status = getattr(medicine, f"available_{code}")
            if status == "yes":
                continue
            lines = [line for line in where.split("\n") if country in line]
            assert lines, (medicine.slug, country)
            assert any(
                word in line.lower() for line in lines for word in AVAILABILITY_WORDS[status]
            ), (medicine.slug, country, status)
            checked += 1
    assert checked >= 4
