"""The Spanish content says what the English says (issue 16): key for key, the same
identifiers, evidence labels, references and numbers, and plain Spanish (INFLESZ).

The Spanish texts are drafts awaiting review by a bilingual clinician (docs/clinical-safety,
H59), like the English ones."""

import re
import statistics
import tomllib
from pathlib import Path

import pytest

from pain_guide.core.translation import (
    FIXED_KEYS,
    OWN_LISTS,
    PER_LANGUAGE,
    compare,
    inflesz,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "pain_guide" / "library" / "seed"
GUIDE = ROOT / "pain_guide" / "guide" / "content"

PAIRS = sorted(
    [(path, SEED / "es" / path.relative_to(SEED / "en")) for path in (SEED / "en").rglob("*.toml")]
    + [(path, GUIDE / "es" / path.name) for path in GUIDE.glob("*.toml")]
)
IDS = [str(english.relative_to(ROOT)) for english, _ in PAIRS]
DRAFT = "pendiente de revisión por un clínico bilingüe"


def read(path):
    with path.open("rb") as file:
        return tomllib.load(file)


def texts(data, where=""):
    """(where, text) for every text a person reads; cited titles and identifiers left out."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in FIXED_KEYS | OWN_LISTS | PER_LANGUAGE or key == "references":
                continue
            yield from texts(value, f"{where}{key}.")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts(value, f"{where}[{index}].")
    elif isinstance(data, str):
        yield where.rstrip("."), data


def test_every_content_file_has_a_spanish_file():
    assert len(PAIRS) > 50
    missing = [str(spanish.relative_to(ROOT)) for _, spanish in PAIRS if not spanish.exists()]
    assert not missing
    english_names = {spanish for _, spanish in PAIRS}
    extra = [
        path
        for path in [*(SEED / "es").rglob("*.toml"), *(GUIDE / "es").glob("*.toml")]
        if path not in english_names
    ]
    assert not extra, "a Spanish file with no English file"


@pytest.mark.parametrize(("english", "spanish"), PAIRS, ids=IDS)
def test_the_spanish_says_what_the_english_says(english, spanish):
    """Same keys, lists and sections in the same order; the same slugs, evidence labels,
    references, figures and availability; every number and placeholder of each text kept."""
    assert compare(read(english), read(spanish)) == []


@pytest.mark.parametrize(("english", "spanish"), PAIRS, ids=IDS)
def test_the_spanish_is_plain(english, spanish):
    """Szigriszt-Pazos (INFLESZ): every text of 12 words or more at least 55 ("normal"), and
    the file's median at least 65 ("bastante fácil")."""
    scores = {
        where: inflesz(text) for where, text in texts(read(spanish)) if len(text.split()) >= 12
    }
    hard = {where: score for where, score in scores.items() if score < 55}
    assert not hard
    if scores:
        assert statistics.median(scores.values()) >= 65


# Pronouns and common verb forms only the familiar "tú" uses: the site speaks to the reader as
# "usted" throughout.
TU_FORMS = re.compile(
    r"\b(tú|tu|tus|te|ti|contigo|tienes|puedes|debes|quieres|eres|estás|sientes|necesitas"
    r"|sabes|haces|vas|tomas)\b",
    re.IGNORECASE,
)
PO_FILE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"


def interface_translations():
    """Every msgstr in the Spanish .po file (continuation lines joined)."""
    found, current = [], None
    for line in PO_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            current = [line.split('"', 1)[1].rsplit('"', 1)[0]]
            found.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line[1:-1])
        else:
            current = None
    return ["".join(parts) for parts in found]


def familiar_forms(text):
    return TU_FORMS.findall(text)


def test_the_spanish_says_usted_throughout():
    found = [
        (str(spanish.relative_to(ROOT)), where, familiar_forms(text))
        for _, spanish in PAIRS
        for where, text in texts(read(spanish))
        if familiar_forms(text)
    ] + [("django.po", text, familiar_forms(text)) for text in interface_translations()]
    assert [row for row in found if row[2]] == []
    assert len(interface_translations()) > 300


def test_the_usted_check_finds_the_familiar_forms():
    assert familiar_forms("Si tienes dolor, habla con tu médico.") == ["tienes", "tu"]
    assert familiar_forms("Si usted tiene dolor, hable con su médico.") == []


@pytest.mark.parametrize(("english", "spanish"), PAIRS, ids=IDS)
def test_spanish_reviews_are_their_own_and_marked_as_drafts(english, spanish):
    data = read(spanish)
    if "reviewed_by" in read(english):
        assert DRAFT in data["reviewed_by"]
        assert data["next_review_due"] > data["reviewed_on"]


def test_medicine_names_are_in_spanish_and_brands_are_kept():
    expected = {
        "baclofen": "Baclofeno",
        "gabapentin": "Gabapentina",
        "amitriptyline": "Amitriptilina",
        "lidocaine-plasters": "Parches de lidocaína al 5%",
        "cyclobenzaprine": "Ciclobenzaprina",
        "tramadol": "Tramadol",
    }
    for slug, name in expected.items():
        data = read(SEED / "es" / "medicines" / f"{slug}.toml")
        assert data["name"].casefold() == name.casefold(), slug
        assert data["brands_us"] == read(SEED / "en" / "medicines" / f"{slug}.toml")["brands_us"]


# --- The check itself can fail ---------------------------------------------------------------

BACLOFEN = SEED / "en" / "medicines" / "baclofen.toml"


def spanish_baclofen():
    return read(SEED / "es" / "medicines" / "baclofen.toml")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.update(evidence_nerve_pain="helps-some"), "evidence_nerve_pain"),
        (lambda d: d["sections"][0].update(refs=["nhs-baclofen"]), "refs"),
        (lambda d: d["sections"].pop(), "sections"),
        (lambda d: d.pop("summary"), "summary: missing"),
        (lambda d: d.update(slug="baclofeno"), "slug"),
        (lambda d: d["sections"][1].update(body=d["sections"][1]["body"] + " 10 mg"), "numbers"),
    ],
    ids=["evidence label", "references", "a section dropped", "a key dropped", "slug", "number"],
)
def test_the_comparison_finds_each_kind_of_difference(change, problem):
    translation = spanish_baclofen()
    change(translation)
    problems = compare(read(BACLOFEN), translation)
    assert any(problem in line for line in problems), problems


def test_a_reference_may_be_a_spanish_source_only_when_marked_as_one():
    english = {"references": {"a": {"title": "T", "url": "https://x.example/", "publisher": "P"}}}
    same = {"references": {"a": dict(english["references"]["a"])}}
    assert compare(english, same) == []
    other = {"title": "T es", "url": "https://x.example/es/", "publisher": "P"}
    assert compare(english, {"references": {"a": other}})
    assert compare(english, {"references": {"a": {**other, "language": "es"}}}) == []
    assert compare(english, {"references": {}})


def test_the_readability_score_tells_hard_spanish_from_plain():
    plain = "Este medicamento calma los nervios. Puede darle sueño. Hable con su médico."
    hard = (
        "La administración concomitante de fármacos depresores del sistema nervioso central "
        "incrementa considerablemente la probabilidad de depresión respiratoria clínicamente "
        "significativa."
    )
    assert inflesz(plain) >= 65
    assert inflesz(hard) < 55


@pytest.mark.django_db
def test_the_rendered_spanish_library_reads_easily():
    """INFLESZ on every Spanish section as a patient reads it (the rendered page text): at
    least 55 each, a median of at least 65 across the library."""
    from pain_guide.library.models import Text
    from pain_guide.library.readability import rendered_text

    scores = {}
    for text in Text.objects.filter(language="es"):
        words = rendered_text(text.html)
        if len(words.split()) >= 12:
            scores[f"{text.content_type_id}:{text.object_id}:{text.key}"] = inflesz(words)
    assert len(scores) > 300
    assert not {key: score for key, score in scores.items() if score < 55}
    assert statistics.median(scores.values()) >= 65
