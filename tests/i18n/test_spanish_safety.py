"""The safety checks the English content has, for the Spanish: never an instruction to start,
stop or change a medicine (only "do not", or the doctor's call), and emergency numbers left
to the region (tests/guide/test_content.py and tests/library/test_seed_content.py for the
English)."""

import re

import pytest

from pain_guide.guide.content import result_content
from pain_guide.library.models import Text
from tests.guide.test_content import patient_texts

# Instructions: the imperative (usted), "should", and stopping in any form. ("Al empezar a
# tomarla", when you start it, describes; it does not tell.)
RISKY = re.compile(
    r"\b(deje de tomar(lo|la|los|las)?|dejar de tomar(lo|la|los|las)?|empiece a tomar(lo|la)?|"
    r"aumente la dosis|suba la dosis|baje la dosis|duplique la dosis|tome el doble|"
    r"usted debería (empezar|dejar|tomar))\b",
    re.I,
)
ALLOWED = re.compile(
    r"\b(no|nunca|antes de|hable con|pregunte|consulte|médico|médica|especialista|"
    r"farmacéutico|farmacéutica|equipo de salud)\b",
    re.I,
)


def unsafe_sentences(texts):
    """Sentences that tell someone to start, stop or change a medicine, with no "do not" or
    doctor in them or in the sentence before (a question to ask the doctor is fine)."""
    found = []
    for name, body in texts:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n", body) if s.strip()]
        for index, sentence in enumerate(sentences):
            if not RISKY.search(sentence) or sentence.rstrip().endswith("?"):
                continue
            context = " ".join(sentences[max(0, index - 1) : index + 1])
            if not ALLOWED.search(context):
                found.append((name, sentence))
    return found


@pytest.mark.django_db
def test_no_spanish_library_page_tells_anyone_to_start_stop_or_change_a_medicine():
    texts = [
        (f"{t.content_type.model}:{t.object_id}:{t.key}", t.body)
        for t in Text.objects.filter(language="es")
    ]
    assert len(texts) > 500
    assert unsafe_sentences(texts) == []


def test_the_spanish_guide_never_tells_anyone_to_start_or_stop():
    assert unsafe_sentences(patient_texts(result_content("es"))) == []


def test_the_spanish_check_can_fail():
    assert unsafe_sentences([("x", "Deje de tomar el baclofeno mañana.")])
    assert unsafe_sentences([("x", "Aumente la dosis si le duele.")])
    assert not unsafe_sentences([("x", "Nunca deje de tomar el baclofeno de golpe.")])
    assert not unsafe_sentences([("x", "Hable con su médico antes. Deje de tomarlo solo así.")])


def test_the_spanish_guide_leaves_emergency_numbers_to_the_region():
    for name, text in patient_texts(result_content("es")):
        assert not re.search(r"\b(911|999|111)\b|A&E|sala de emergencias", text), name
