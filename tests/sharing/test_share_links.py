"""Clinicians' share links: round trip, QR code, handout, bad codes, rate limits."""

import re

import pytest
import segno

from pain_guide.core import pagecache
from pain_guide.library.models import Condition, Medicine, Question
from pain_guide.sharing.models import ShareLink
from tests.conftest import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    pagecache.clear()
    yield
    pagecache.clear()


def build(client, **choices):
    data = {"region": "us", **choices}
    return client.post("/share/", data)


def ids(model, *slugs):
    return [str(pk) for pk in model.objects.filter(slug__in=slugs).values_list("pk", flat=True)]


def test_the_builder_lists_every_kind_of_topic(client):
    words = text_of(client.get("/share/"))
    for word in (
        "The guide",
        "side by side",
        "Conditions",
        "Common questions",
        "Medicine groups",
        "Medicines",
        "Baclofen",
        "Sciatica",
    ):
        assert word in words
    assert "nothing about your patient is asked for or stored" in words


def test_round_trip_shows_the_chosen_topics_and_only_those(client):
    response = build(
        client,
        include_guide="on",
        medicines=ids(Medicine, "gabapentin", "baclofen"),
        conditions=ids(Condition, "sciatica"),
    )
    assert response.status_code == 303
    link = ShareLink.objects.get()
    assert response["Location"] == f"/share/{link.code}/"
    created = text_of(client.get(response["Location"]))
    assert link.display_code in created
    page = client.get(f"/s/{link.code}/")
    assert page.status_code == 200
    words = text_of(page)
    for name in ("Gabapentin", "Baclofen", "Sciatica", "Start the guide"):
        assert name in words
    for absent in ("Pregabalin", "Tizanidine", "Neck pain", "side by side"):
        assert absent not in words
    assert Medicine.objects.get(slug="gabapentin").summary in words
    html = page.content.decode()
    assert 'href="/library/medicines/gabapentin/"' in html
    assert 'href="/guide/"' in html


def test_the_qr_code_encodes_the_full_short_url(client):
    build(client, include_comparison="on")
    link = ShareLink.objects.get()
    url = f"http://testserver/s/{link.code}/"
    html = client.get(f"/share/{link.code}/").content.decode()
    expected = segno.make(url, error="m")
    ours = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert ours == expected.svg_inline(
        scale=6, border=4, dark="#000", light="#fff", svgclass="qr-code", title=f"QR code for {url}"
    )
    assert url in html


def test_the_handout_has_the_qr_code_the_link_and_the_topics(client):
    build(client, include_guide="on", questions=ids(Question, "is-gabapentin-a-muscle-relaxer"))
    link = ShareLink.objects.get()
    response = client.get(f"/share/{link.code}/handout/")
    html = response.content.decode()
    words = text_of(response)
    assert "<svg" in html
    assert f"http://testserver/s/{link.code}/" in words
    assert "Is gabapentin a muscle relaxer?" in words
    assert "The guide" in words
    assert "Call 911 now" in words


def test_codes_are_read_back_case_insensitively(client):
    build(client, include_guide="on")
    link = ShareLink.objects.get()
    assert client.get(f"/s/{link.code.lower()}/", follow=True).status_code == 200
    spaced = client.get(f"/s/{link.display_code.lower()}/")
    assert spaced.status_code == 301
    assert spaced["Location"] == f"/s/{link.code}/"


def test_the_region_wording_follows_the_link(client, settings):
    settings.PAIN_GUIDE_SHARE_REGIONS = ["us", "uk"]
    words = text_of(client.get("/share/"))
    assert "United Kingdom" in words
    build(client, include_guide="on", region="uk")
    link = ShareLink.objects.get()
    assert "Call 999 now" in text_of(client.get(f"/s/{link.code}/"))


def test_nothing_ticked_is_a_clear_error_and_stores_nothing(client):
    response = build(client)
    assert response.status_code == 200
    assert "Tick at least one topic to share." in text_of(response)
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize("bad", ["nope", "0000000000000O", "A" * 14, "%3Cscript%3E", "x" * 300])
def test_unknown_or_malformed_codes_get_a_friendly_404(client, bad):
    for url in (f"/s/{bad}/", f"/share/{bad}/", f"/share/{bad}/handout/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "We could not find that link" in text_of(response)
        assert "Start the guide" in text_of(response)


def test_creation_is_rate_limited_with_a_clear_message(client, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "share-link": (3, 600)}
    for _ in range(3):
        assert build(client, include_guide="on").status_code == 303
    response = build(client, include_guide="on")
    assert response.status_code == 429
    assert "Please try again in about 10 minutes" in text_of(response)
    assert ShareLink.objects.count() == 3


def test_forms_need_a_csrf_token():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/share/", {"include_guide": "on", "region": "us"}
    )
    assert response.status_code == 403
    assert not ShareLink.objects.exists()


@pytest.mark.parametrize(
    "chosen", [["999999", "abc"], ["9223372036854775808"], ["-1"], ["0"], [str(10**40)]]
)
def test_unknown_topic_ids_are_refused(client, chosen):
    """Including ids too big for any database column (SQLite raised OverflowError: a 500)."""
    response = build(client, medicines=chosen, questions=chosen)
    assert response.status_code == 200
    assert "There is a problem" in text_of(response)
    assert not ShareLink.objects.exists()


def test_an_admin_edit_of_a_links_topics_shows_at_once(client):
    link = ShareLink.objects.create_with_code(region="us")
    link.medicines.set(Medicine.objects.filter(slug="baclofen"))
    url = f"/s/{link.code}/"
    assert "Baclofen" in text_of(client.get(url))
    link.medicines.set(Medicine.objects.filter(slug="gabapentin"))
    words = text_of(client.get(url))
    assert "Gabapentin" in words
    assert "Baclofen" not in words


RECORD_NOTE = re.compile(r'<textarea id="record-note"[^>]*>(.*?)</textarea>', re.S)


def record_note_of(response):
    from html import unescape

    [note] = RECORD_NOTE.findall(response.content.decode())
    return unescape(note)


def test_the_note_for_the_record_says_what_was_given_the_link_and_the_date(client):
    from django.utils import timezone

    response = build(
        client,
        include_guide="on",
        include_comparison="on",
        medicines=ids(Medicine, "gabapentin"),
        conditions=ids(Condition, "sciatica"),
        questions=ids(Question, "is-gabapentin-a-muscle-relaxer"),
    )
    link = ShareLink.objects.get()
    note = record_note_of(client.get(response["Location"]))
    assert note == (
        f"{timezone.localdate().isoformat()}: Gave the patient Pain Guide information on the "
        "guide (questions about their pain); Sciatica; Is gabapentin a muscle relaxer?; "
        "Gabapentin; muscle relaxers vs nerve-pain medicines compared (in English). "
        f"Link: http://testserver/s/{link.code}/ (code {link.display_code}). "
        "QR handout printed."
    )


def test_the_note_names_the_patients_language_in_the_clinicians(client):
    """An English-speaking clinician's note for a Spanish speaker's link, and a
    Spanish-speaking clinician's note for an English speaker's."""
    build(client, language="es", medicines=ids(Medicine, "gabapentin"))
    link = ShareLink.objects.get()
    english = record_note_of(client.get(f"/share/{link.code}/"))
    assert "information on Gabapentin (in Spanish)." in english
    assert f"Link: http://testserver/es/s/{link.code}/ " in english
    spanish = record_note_of(client.get(f"/es/share/{link.code}/"))
    assert "sobre Gabapentina (en español)." in spanish
    assert "Se dio al paciente información de Pain Guide" in spanish
    assert f"/es/s/{link.code}/" in spanish


def test_the_note_holds_nothing_about_the_patient_and_stores_nothing(client):
    build(client, medicines=ids(Medicine, "baclofen"))
    link = ShareLink.objects.get()
    before = ShareLink.objects.count()
    note = record_note_of(client.get(f"/share/{link.code}/"))
    assert ShareLink.objects.count() == before
    # Only what the clinician chose, the link and the date.
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d: Gave the patient Pain Guide information on Baclofen \(in English\)\. "
        r"Link: \S+ \(code [\w-]+\)\. QR handout printed\.",
        note,
    )
