"""Every guide page as a full page and as an htmx partial, and every way to get it wrong."""

import re

import pytest
from django.db import connection

from pain_guide.guide.steps import STEPS
from tests.conftest import DEFAULT_PERSON, answer_steps, text_of
from tests.guide.page_html import elements, page_title

# The result page looks up library links: these tests may touch the database.
pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def assert_full_page(response, heading):
    html = response.content.decode()
    assert html.lstrip().startswith("<!doctype html>")
    assert '<main id="main"' in html
    assert "Emergency?" in html  # the emergency box is on every guide page
    assert heading in text_of(response)
    assert "HX-Request" in response["Vary"]


def assert_partial(response, heading, url):
    html = response.content.decode()
    assert "<!doctype html>" not in html
    assert "<main" not in html
    assert "Emergency?" not in html  # stays on the page outside the swapped area
    # The page's own title for htmx to swap in (the body map's SVG has <title>s of its own).
    assert re.fullmatch(r"[^<]+ – Pain Guide", page_title(html) or "")
    assert heading in text_of(response)
    assert response["HX-Push-Url"] == url
    assert "HX-Request" in response["Vary"]


# --- Each step, both ways ------------------------------------------------------


# Face pain and diabetes: every step applies, the extra signs page included.
EVERY_STEP_PERSON = {"areas": ["face"], "history": ["diabetes"]}


@pytest.mark.parametrize("index", range(len(STEPS)))
def test_each_step_full_page_and_partial(client, index):
    step = STEPS[index]
    if index:
        answer_steps(client, EVERY_STEP_PERSON, until=STEPS[index - 1].slug)
    url = f"/guide/{step.slug}/"

    full = client.get(url)
    assert full.status_code == 200
    assert_full_page(full, step.title)
    # The extra signs page counts once the answers show it will be asked.
    total = len(STEPS) if index >= 3 else len(STEPS) - 1
    assert f"Step {index + 1} of {total}" in text_of(full)
    assert (
        page_title(full.content.decode())
        == f"{step.title} (step {index + 1} of {total}) – Pain Guide"
    )
    assert back_links(full)

    partial = client.get(url, headers=HTMX)
    assert partial.status_code == 200
    assert_partial(partial, step.title, url)
    assert f'hx-post="{url}"' in partial.content.decode()
    assert f'action="{url}"' in partial.content.decode()


def test_the_start_page_both_ways(client):
    full = client.get("/guide/")
    assert_full_page(full, "about 2 minutes")
    assert "It is not a diagnosis" in text_of(full)
    partial = client.get("/guide/", headers=HTMX)
    assert_partial(partial, "about 2 minutes", "/guide/")


def test_check_answers_both_ways(client):
    answer_steps(client, {"areas": ["neck", "arm"], "medicines": ["opioids"]})
    full = client.get("/guide/check-your-answers/")
    assert_full_page(full, "Check your answers")
    words = text_of(full)
    assert "Neck" in words
    assert "Shoulder, arm or hand" in words
    assert "Opioid painkillers" in words
    assert full.content.decode().count(">Change<span") == 8  # one Change link per question
    partial = client.get("/guide/check-your-answers/", headers=HTMX)
    assert_partial(partial, "Check your answers", "/guide/check-your-answers/")


def test_result_both_ways(client):
    answer_steps(client, {})
    full = client.get("/guide/result/")
    assert_full_page(full, "Your result")
    assert 'media="print"' in full.content.decode()
    partial = client.get("/guide/result/", headers=HTMX)
    assert_partial(partial, "Your result", "/guide/result/")
    assert "Questions to ask your doctor" in text_of(partial)


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/guide/get-help-now/", "Call 911 now"),
        ("/guide/see-a-doctor-today/", "urgent care"),
        ("/guide/under-18/", "This guide is for adults"),
    ],
)
def test_outcome_pages_both_ways(client, url, heading):
    full = client.get(url)
    assert full.status_code == 200
    assert_full_page(full, heading)
    partial = client.get(url, headers=HTMX)
    assert_partial(partial, heading, url)


def test_history_restore_gets_the_full_page(client):
    """htmx restoring history asks with HX-Request; it must get a whole page back."""
    answer_steps(client, {}, until="age")
    response = client.get(
        "/guide/red-flags/", headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    assert response.content.decode().lstrip().startswith("<!doctype html>")
    assert "HX-Push-Url" not in response


def test_htmx_post_follows_to_the_next_step_as_a_partial(client):
    """POST then redirect; the browser follows with HX-Request and gets the next partial."""
    answer_steps(client, {}, until="age")
    response = client.post("/guide/red-flags/", {"red_flags": ["none"]}, headers=HTMX, follow=True)
    assert response.redirect_chain == [("/guide/where/", 303)]
    assert_partial(response, "Where is your pain?", "/guide/where/")


def test_guide_pages_are_never_cached(client):
    response = client.get("/guide/red-flags/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


# --- Wrong answers --------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_nothing_ticked_shows_an_error_summary_and_inline_message(client, headers):
    answer_steps(client, {}, until="age")
    response = client.post("/guide/red-flags/", {}, headers=headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    message = "Tick any signs that apply to you now, or &#x27;None of these&#x27;."
    assert html.count(message) == 2  # in the summary and beside the question
    assert 'href="#id_red_flags_0"' in html
    assert 'id="id_red_flags_0"' in html
    assert "Error: Do any of these apply to you now?" in html
    if headers:
        assert "HX-Push-Url" not in response


def test_none_with_another_answer_is_an_error(client):
    answer_steps(client, {}, until="age")
    response = client.post("/guide/red-flags/", {"red_flags": ["none", "chest-pain"]})
    assert response.status_code == 200
    assert "You ticked &#x27;None of these&#x27; and a warning sign" in response.content.decode()
    # Nothing was saved: the next step still sends the person back.
    assert client.get("/guide/where/")["Location"] == "/guide/red-flags/"


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        ("where", {"areas": ["knee"]}, "Tick where your pain is"),
        ("feel", {"feelings": ["not-sure", "burning"]}, "You ticked &#x27;I&#x27;m not sure&#x27;"),
        ("how-long", {"history": ["none"]}, "Choose how long you have had this pain"),
        ("how-long", {"duration": "forever", "history": ["none"]}, "Choose how long"),
        ("about-you", {}, "Tick any that apply to you"),
        ("about-you", {"health": ["none", "not-sure"]}, "You ticked &#x27;None of these&#x27;"),
        ("age", {"age_group": "12"}, "Choose your age group"),
        ("medicines", {"medicines": ["none", "alcohol"]}, "You ticked &#x27;None of these&#x27;"),
        ("medicines", {"medicines": ["<script>alert(1)</script>"]}, "Tick the medicines you take"),
    ],
)
def test_unknown_or_contradictory_answers_get_a_clear_message(client, slug, data, message):
    index = [step.slug for step in STEPS].index(slug)
    if index:
        answer_steps(client, {}, until=STEPS[index - 1].slug)
    response = client.post(f"/guide/{slug}/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "<script>alert(1)</script>" not in html


# --- Getting there the wrong way ---------------------------------------------------


def test_skipping_ahead_goes_to_the_first_unanswered_question(client):
    answer_steps(client, {}, until="where")
    response = client.get("/guide/about-you/")
    assert response.status_code == 303
    assert response["Location"] == "/guide/feel/"
    page = client.get("/guide/feel/")
    assert "Please answer this question first." in text_of(page)


@pytest.mark.parametrize(
    "url", ["/guide/result/", "/guide/check-your-answers/", "/guide/medicines/"]
)
def test_jumping_straight_in_starts_at_the_first_question(client, url):
    response = client.get(url)
    assert response.status_code == 303
    assert response["Location"] == "/guide/age/"
    page = client.get("/guide/age/")
    assert "Please start with this question" in text_of(page)


def test_skipping_ahead_with_htmx_gets_the_right_partial(client):
    response = client.get("/guide/result/", headers=HTMX, follow=True)
    assert_partial(response, "How old are you?", "/guide/age/")


def test_a_tampered_session_cookie_counts_as_no_answers(client, settings):
    answer_steps(client, {})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    cookie.set(cookie.key, cookie.value[:-3] + "abc", cookie.value[:-3] + "abc")
    response = client.get("/guide/result/")
    assert response.status_code == 303
    assert response["Location"] == "/guide/age/"


@pytest.mark.parametrize(
    "stored",
    [
        "not a dict",
        {"red-flags": "nonsense"},
        {"red-flags": {"red_flags": [1, 2]}},
        {"age": {"age_group": "18-to-64"}, "red-flags": {"red_flags": ["none"]}},
        {"red-flags": {"red_flags": ["none"]}, "where": {"areas": ["the moon"]}},
        {"red-flags": {"red_flags": ["none"]}, "where": {"areas": [["neck"]]}},
    ],
)
def test_stale_or_odd_session_data_is_asked_again(client, stored):
    session = client.session
    session["guide"] = stored
    session.save()
    response = client.get("/guide/result/")
    assert response.status_code == 303
    assert response["Location"] in ("/guide/age/", "/guide/red-flags/", "/guide/where/")


def test_an_unknown_question_is_a_friendly_404(client):
    response = client.get("/guide/what-is-your-name/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)
    assert "Start the guide" in text_of(response)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("put", "/guide/red-flags/"),
        ("delete", "/guide/where/"),
        ("patch", "/guide/"),
        ("post", "/guide/result/"),
        ("post", "/guide/check-your-answers/"),
        ("get", "/guide/start-again/"),
    ],
)
def test_wrong_http_methods_get_a_clear_page(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert "That did not work" in text_of(response)
    assert "Allow" in response


def test_posting_without_a_csrf_token_gets_a_friendly_page():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/guide/red-flags/", {"red_flags": ["none"]})
    assert response.status_code == 403
    assert "Please try that again" in text_of(response)


# --- Where answers go -----------------------------------------------------------


def database_rows():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return {
            table: cursor.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in tables
        }


@pytest.mark.django_db
def test_answers_never_reach_the_database_or_a_url(client):
    before = database_rows()
    responses = [
        answer_steps(client, {"medicines": ["opioids", "alcohol"], "health": ["pregnancy"]})
    ]
    responses.append(client.get("/guide/result/"))
    assert database_rows() == before
    for response in responses:
        location = response.get("Location", "")
        assert "?" not in location
        assert "pregnan" not in location
        assert "opioid" not in location


def test_clearing_answers_forgets_them(client):
    answer_steps(client, {})
    response = client.post("/guide/start-again/")
    assert response.status_code == 303
    assert response["Location"] == "/guide/"
    assert "Your answers have been cleared." in text_of(client.get("/guide/"))
    assert client.get("/guide/result/")["Location"] == "/guide/age/"


# --- Change links and going back ---------------------------------------------------


def test_a_change_link_returns_to_check_your_answers(client):
    answer_steps(client, {})
    page = client.get("/guide/where/?change=1")
    assert 'href="/guide/check-your-answers/"' in page.content.decode()  # Back goes to check
    response = client.post("/guide/where/?change=1", {"areas": ["arm"]})
    assert response["Location"] == "/guide/check-your-answers/"
    assert "Shoulder, arm or hand" in text_of(client.get("/guide/check-your-answers/"))


def test_a_change_that_calls_for_more_signs_asks_them_first(client):
    """Changing the pain to the face brings the face signs page before check answers."""
    answer_steps(client, {})
    response = client.post("/guide/where/?change=1", {"areas": ["face"]})
    assert response["Location"] == "/guide/more-signs/"
    response = client.post("/guide/more-signs/?change=1", {"more_signs": ["none"]})
    assert response["Location"] == "/guide/check-your-answers/"
    assert "Face" in text_of(client.get("/guide/check-your-answers/"))


def test_going_back_shows_the_earlier_answers_ticked(client):
    answer_steps(client, {"areas": ["lower-back", "leg"]}, until="where")
    html = client.get("/guide/where/").content.decode()
    assert 'value="lower-back"' in html
    ticked = [part for part in html.split("<input") if "checked" in part.split(">")[0]]
    assert len(ticked) == 2


def back_links(response):
    """Where the page's Back links (<a class="back-link" href=…>) go."""
    html = response.content.decode()
    return [a.attrs.get("href") for a in elements(html, "a") if "back-link" in a.classes]


def test_back_links_step_back_through_the_guide(client):
    answer_steps(client, {})
    assert "/" in back_links(client.get("/guide/"))
    expected = {
        "age": "/guide/",
        "red-flags": "/guide/age/",
        "where": "/guide/red-flags/",
        "about-you": "/guide/how-long/",
        "medicines": "/guide/about-you/",
    }
    for slug, back in expected.items():
        assert back in back_links(client.get(f"/guide/{slug}/")), slug
    assert "/guide/medicines/" in back_links(client.get("/guide/check-your-answers/"))
    assert "/guide/check-your-answers/" in back_links(client.get("/guide/result/"))


# --- Red flags and age come first ----------------------------------------------------


def test_an_emergency_sign_stops_the_guide(client):
    answer_steps(client, {}, until="age")
    response = client.post("/guide/red-flags/", {"red_flags": ["chest-pain"]})
    assert response["Location"] == "/guide/get-help-now/"
    page = client.get("/guide/get-help-now/")
    words = text_of(page)
    assert "Call 911 now, or go to the nearest emergency room." in words
    assert "Chest pain" in words or "chest pain" in words
    assert "Medicines doctors may consider" not in words
    for url in ("/guide/where/", "/guide/result/", "/guide/check-your-answers/"):
        assert client.get(url)["Location"] == "/guide/get-help-now/"


def test_an_urgent_sign_shows_its_page_then_lets_the_person_go_on(client):
    answer_steps(client, {}, until="age")
    response = client.post("/guide/red-flags/", {"red_flags": ["fever"]})
    assert response["Location"] == "/guide/see-a-doctor-today/"
    words = text_of(client.get("/guide/see-a-doctor-today/"))
    assert "urgent care center" in words
    assert "Continue with the guide" in words
    answer_steps(client, {"red_flags": ["fever"]})
    result = text_of(client.get("/guide/result/"))
    assert "First: see a doctor today" in result
    assert result.index("First: see a doctor today") < result.index(
        "Medicines doctors may consider"
    )


def test_under_18_is_asked_first_and_gets_its_own_page(client):
    """Age comes first, so that a child is not taken through the questions for nothing."""
    assert client.get("/guide/red-flags/")["Location"] == "/guide/age/"
    response = client.post("/guide/age/", {"age_group": "under-18"})
    assert response["Location"] == "/guide/under-18/"
    assert "This guide is for adults" in text_of(client.get("/guide/under-18/"))
    for url in ("/guide/red-flags/", "/guide/medicines/", "/guide/result/"):
        assert client.get(url)["Location"] == "/guide/under-18/"


def test_the_region_setting_changes_the_wording_everywhere(client, settings):
    settings.PAIN_GUIDE_REGION = "uk"
    assert "Call 999 now, or go to A&E." in text_of(client.get("/guide/"))
    assert "NHS 111" in text_of(client.get("/guide/see-a-doctor-today/"))
    assert "911" not in text_of(client.get("/guide/get-help-now/"))


def test_default_person_is_valid():
    assert set(DEFAULT_PERSON) == {name for step in STEPS for name in step.fields}


def test_the_body_map_is_a_hidden_shortcut_on_the_where_step_only(client):
    answer_steps(client, {}, until="red-flags")
    html = client.get("/guide/where/").content.decode()
    [body_map] = [e for e in elements(html) if "data-body-map" in e.attrs]
    assert "hidden" in body_map.attrs
    # The picture and its hint are hidden from screen readers: the checkboxes say it all.
    pictures = [e for e in elements(body_map.inner_html) if e.tag in ("svg", "p")]
    assert {e.tag for e in pictures} == {"svg", "p"}
    assert all(e.attrs.get("aria-hidden") == "true" for e in pictures), pictures
    regions = set(__import__("re").findall(r'data-area="([\w-]+)"', html))
    assert regions == {"face", "neck", "arm", "upper-back", "lower-back", "leg", "feet-hands"}
    for code in regions:
        assert f'value="{code}"' in html  # every region has its checkbox
    assert "data-body-map" not in client.get("/guide/red-flags/").content.decode()


def test_the_result_shows_the_pattern_picture_with_words(client):
    answer_steps(client, {"feelings": ["burning", "tingling"], "areas": ["feet-hands"]})
    words = text_of(client.get("/guide/result/"))
    assert "Where your answers fall: mostly nerve-type" in words
