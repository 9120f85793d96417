"""Patients' result links: nothing stored until asked, same result, deletion, expiry."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from pain_guide.core import pagecache
from pain_guide.sharing.models import ResultLink
from tests.conftest import answer_steps, text_of

pytestmark = pytest.mark.django_db

PERSON = {
    "areas": ["lower-back", "leg"],
    "feelings": ["shooting", "tingling"],
    "duration": "6-to-12-weeks",
    "health": ["kidney"],
    "medicines": ["opioids"],
}


@pytest.fixture(autouse=True)
def fresh_cache():
    pagecache.clear()


def main_text(response):
    """The result's own words, without the parts that differ between live and shared."""
    words = text_of(response)
    start = words.index("On this page")
    end = min(
        words.find(marker, start)
        for marker in ("Start again", "Your link", "Sources This printout leaves out")
        if marker in words[start:]
    )
    return words[start:end]


def test_nothing_is_stored_until_the_person_asks(client):
    answer_steps(client, PERSON)
    page = client.get("/guide/result/")
    assert "Make a link to these results" in text_of(page)
    assert not ResultLink.objects.exists()


def test_the_shared_result_matches_the_live_one(client):
    answer_steps(client, PERSON)
    live = client.get("/guide/result/")
    response = client.post("/r/new/")
    assert response.status_code == 303
    link = ResultLink.objects.get()
    assert response["Location"] == f"/r/{link.code}/"
    stored = set(link.answers)
    assert stored == {"age", "red-flags", "where", "feel", "how-long", "about-you", "medicines"}
    assert "name" not in str(link.answers).lower()
    shared = client.get(f"/r/{link.code}/")
    assert shared.status_code == 200
    assert main_text(shared) == main_text(live)
    words = text_of(shared)
    assert "Start your own" in words
    assert "Delete this link" in words
    assert "Make a link to these results" not in words
    # Someone else, with no answers of their own, sees the same.
    from django.test import Client

    assert main_text(Client().get(f"/r/{link.code}/")) == main_text(live)


def test_the_link_expires_after_the_configured_days(client, settings):
    settings.RESULT_LINK_DAYS = 7
    answer_steps(client, PERSON)
    client.post("/r/new/")
    link = ResultLink.objects.get()
    assert timedelta(days=6, hours=23) < link.expires_at - timezone.now() <= timedelta(days=7)


def test_an_expired_link_gets_a_friendly_410_and_is_removed_by_the_command(client):
    answer_steps(client, PERSON)
    client.post("/r/new/")
    link = ResultLink.objects.get()
    ResultLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(f"/r/{link.code}/")
    assert response.status_code == 410
    assert "This link has expired" in text_of(response)
    assert "Start the guide again" in text_of(response)
    call_command("deleteexpiredlinks")
    assert not ResultLink.objects.exists()


def test_the_command_keeps_live_links(client):
    answer_steps(client, PERSON)
    client.post("/r/new/")
    call_command("deleteexpiredlinks")
    assert ResultLink.objects.count() == 1


def test_the_browser_that_made_the_link_can_delete_it_and_no_other(client):
    answer_steps(client, PERSON)
    client.post("/r/new/")
    link = ResultLink.objects.get()
    assert link.delete_key_hash
    assert link.delete_key_hash not in str(client.cookies)

    # Anyone else who holds the link can read it, but is not offered, or allowed, to delete it.
    other = Client()
    shared = text_of(other.get(f"/r/{link.code}/"))
    assert "the person who made this link" in shared
    assert "Delete this link" not in shared
    refused = other.get(f"/r/{link.code}/delete/")
    assert refused.status_code == 403
    assert "Only the person who made this link can delete it" in text_of(refused)
    assert other.post(f"/r/{link.code}/delete/").status_code == 403
    # A forged key cookie does not help: the cookie is signed.
    other.cookies["result_links"] = json.dumps({link.code: "guess"})
    assert other.post(f"/r/{link.code}/delete/").status_code == 403
    assert ResultLink.objects.get().answers

    # The maker sees "Start your own" and "Delete this link" apart, and can delete.
    page = client.get(f"/r/{link.code}/").content.decode()
    notice = page[page.index('class="notice shared-notice"') :]
    notice = notice[: notice.index("</div>")]
    assert "Start your own" in notice
    assert "Delete this link" not in notice
    assert "Delete this link" in page
    confirm = client.get(f"/r/{link.code}/delete/")
    assert "Delete this link?" in text_of(confirm)
    assert ResultLink.objects.get().answers  # a GET deletes nothing
    done = client.post(f"/r/{link.code}/delete/")
    assert "This link has been deleted" in text_of(done)
    assert ResultLink.objects.get().answers == {}  # the answers are gone for good

    # Whoever opens it afterwards is told it was deleted, not that the code may be mistyped.
    for reader in (client, other):
        gone = reader.get(f"/r/{link.code}/")
        assert gone.status_code == 410
        assert "This link has been deleted" in text_of(gone)
        assert "mistyped" not in text_of(gone)


def test_deleted_links_leave_the_database_when_they_would_have_expired(client):
    answer_steps(client, PERSON)
    client.post("/r/new/")
    client.post(f"/r/{ResultLink.objects.get().code}/delete/")
    ResultLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    call_command("deleteexpiredlinks", stdout=StringIO())
    assert not ResultLink.objects.exists()


def test_a_link_cannot_be_made_without_answers_or_for_an_emergency(client):
    response = client.post("/r/new/")
    assert response.status_code == 303
    assert not ResultLink.objects.exists()
    client.post("/guide/age/", {"age_group": "18-to-64"})
    client.post("/guide/red-flags/", {"red_flags": ["chest-pain"]})
    response = client.post("/r/new/")
    assert response["Location"] in ("/guide/result/", "/guide/get-help-now/")
    assert not ResultLink.objects.exists()


def test_making_links_is_rate_limited(client, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "result-link": (2, 600)}
    answer_steps(client, PERSON)
    assert client.post("/r/new/").status_code == 303
    assert client.post("/r/new/").status_code == 303
    response = client.post("/r/new/")
    assert response.status_code == 429
    assert ResultLink.objects.count() == 2


@pytest.mark.parametrize("bad", ["nope", "ZZZZZZZZZZZZZZ", "1" * 14, "a" * 200])
def test_unknown_codes_get_a_friendly_404(client, bad):
    response = client.get(f"/r/{bad}/")
    assert response.status_code == 404
    assert "We could not find that link" in text_of(response)


def test_stored_answers_that_no_longer_fit_the_questions_are_not_shown(client):
    link = ResultLink.objects.create_with_code(
        answers={"where": {"areas": ["moon"]}}, expires_at=ResultLink.expiry_from_now()
    )
    response = client.get(f"/r/{link.code}/")
    assert response.status_code == 410


def test_shared_results_are_never_cached(client):
    answer_steps(client, PERSON)
    client.post("/r/new/")
    link = ResultLink.objects.get()
    assert "no-store" in client.get(f"/r/{link.code}/")["Cache-Control"]
