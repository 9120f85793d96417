"""Hostile input everywhere: no 5xx, nothing reflected unescaped, nothing stored when refused.

The number of cases per test is FUZZ_EXAMPLES (tests/fuzzing.py; raise it to run longer).
"""

import string

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from pain_guide.feedback.models import PageFeedback
from pain_guide.sharing.models import ResultLink, ShareLink
from tests.conftest import DEFAULT_PERSON, answer_steps
from tests.fuzzing import fuzz

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

MARKER = "<script>zz1</script>"
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.text(alphabet=string.printable + "\x00\x01\x1b\x7f\u202e\ufeff", max_size=60),
    st.sampled_from(
        [
            MARKER,
            '"><img src=x onerror=alert(1)>',
            "' OR 1=1 --",
            "'; DROP TABLE library_medicine; --",
            "../../etc/passwd",
            "%00",
            "\x00",
            "none",
            "not-sure",
            "ABCD-EFGH-JKMN-PQ",
            "🙂" * 50,
            "",
        ]
    ),
)
any_value = st.one_of(hostile_text, st.lists(hostile_text, max_size=4))
methods = st.sampled_from(["get", "post", "put", "patch", "delete", "head", "options"])

PATH_TEMPLATES = [
    "/{}",
    "/guide/{}/",
    "/library/medicines/{}/",
    "/library/groups/{}/",
    "/library/conditions/{}/",
    "/library/questions/{}/",
    "/s/{}/",
    "/r/{}/",
    "/r/{}/delete/",
    "/share/{}/",
    "/share/{}/handout/",
]
FIXED_PATHS = [
    "/",
    "/about/",
    "/guide/",
    "/guide/red-flags/",
    "/guide/where/",
    "/guide/result/",
    "/guide/check-your-answers/",
    "/guide/start-again/",
    "/library/",
    "/library/compare/",
    "/library/search/",
    "/share/",
    "/r/new/",
    "/feedback/",
    "/feedback/form/",
    "/feedback/thanks/",
    "/healthz",
]


def stored_rows():
    return (ShareLink.objects.count(), ResultLink.objects.count(), PageFeedback.objects.count())


def assert_safe(response, *values):
    assert response.status_code < 500, response.status_code
    body = response.content.decode(errors="replace")
    if MARKER in values or any(MARKER in str(v) for v in values):
        assert MARKER not in body


def safe_path_segment(text):
    return "".join(ch for ch in text if ch not in "/?#\x00") or "x"


@fuzz
@given(template=st.sampled_from(PATH_TEMPLATES), segment=hostile_text, method=methods)
def test_any_path_any_method(template, segment, method):
    client = Client()
    url = template.format(safe_path_segment(segment)[:500])
    before = stored_rows()
    response = getattr(client, method)(url)
    assert_safe(response, segment)
    if response.status_code not in (200, 303):
        assert stored_rows() == before


@fuzz
@given(
    path=st.sampled_from(FIXED_PATHS),
    method=methods,
    query=st.dictionaries(hostile_text, any_value, max_size=4),
)
def test_fixed_pages_with_hostile_query_strings_and_bodies(path, method, query):
    client = Client()
    before = stored_rows()
    if method in ("get", "head", "options", "delete"):
        response = getattr(client, method)(path, query)
    else:
        response = (
            getattr(client, method)(path, query)
            if method == "post"
            else getattr(client, method)(path)
        )
    assert_safe(response, *query.keys(), *query.values())
    if response.status_code >= 400:
        assert stored_rows() == before


STEP_FIELDS = {
    "red-flags": ["red_flags"],
    "where": ["areas"],
    "feel": ["feelings"],
    "how-long": ["duration", "history"],
    "about-you": ["age_group", "health"],
    "medicines": ["medicines"],
}


@fuzz
@given(
    step=st.sampled_from(sorted(STEP_FIELDS)),
    values=st.dictionaries(
        st.sampled_from(
            [
                "red_flags",
                "areas",
                "feelings",
                "duration",
                "history",
                "age_group",
                "health",
                "medicines",
                "junk",
            ]
        ),
        any_value,
        max_size=5,
    ),
    htmx=st.booleans(),
    answered=st.booleans(),
)
def test_guide_forms_with_hostile_answers(step, values, htmx, answered):
    client = Client()
    if answered:
        answer_steps(client, {})
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(f"/guide/{step}/", values, headers=headers)
    assert_safe(response, *values.values())
    result = client.get("/guide/result/")
    assert_safe(result)


@fuzz
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "include_guide": any_value,
            "include_comparison": any_value,
            "medicines": any_value,
            "groups": any_value,
            "conditions": any_value,
            "questions": any_value,
            "region": any_value,
        },
    )
)
def test_share_builder_with_hostile_choices(data):
    client = Client()
    before = stored_rows()
    response = client.post("/share/", data)
    assert_safe(response, *data.values())
    if response.status_code != 303:
        assert stored_rows() == before


@fuzz
@given(
    data=st.fixed_dictionaries(
        {}, optional={"page": any_value, "helpful": any_value, "comment": any_value}
    ),
    htmx=st.booleans(),
)
def test_feedback_with_hostile_values(data, htmx):
    client = Client()
    before = stored_rows()
    response = client.post("/feedback/", data, headers={"HX-Request": "true"} if htmx else {})
    assert_safe(response, *data.values())
    if response.status_code not in (200, 303) or (htmx and b"Thank you" not in response.content):
        assert stored_rows() == before


@fuzz
@given(
    session=hostile_text,
    csrf=hostile_text,
    headers=st.dictionaries(
        st.sampled_from(
            [
                "HX-Request",
                "HX-History-Restore-Request",
                "HX-Current-URL",
                "HX-Target",
                "Accept",
                "Accept-Language",
                "Referer",
                "X-Forwarded-For",
            ]
        ),
        hostile_text.map(
            lambda t: "".join(ch for ch in t if ch.isascii() and ch.isprintable())[:200]
        ),
        max_size=4,
    ),
    path=st.sampled_from(
        ["/guide/result/", "/guide/where/", "/guide/red-flags/", "/library/", "/r/new/"]
    ),
    method=st.sampled_from(["get", "post"]),
)
def test_tampered_cookies_tokens_and_odd_headers(session, csrf, headers, path, method):
    client = Client(enforce_csrf_checks=True)
    # Cookies and headers are bytes on the wire: keep to what a client can send.
    client.cookies["sessionid"] = "".join(
        ch for ch in session if ch.isascii() and ch.isprintable() and ch not in ';,"\\ '
    )[:300]
    client.cookies["csrftoken"] = "".join(ch for ch in csrf if ch.isascii() and ch.isalnum())[:64]
    before = stored_rows()
    response = getattr(client, method)(
        path, {"csrfmiddlewaretoken": csrf[:64]} if method == "post" else {}, headers=headers
    )
    assert_safe(response)
    assert stored_rows() == before


def test_a_disallowed_host_gets_the_friendly_400_page():
    response = Client().get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert b"Something was wrong with that request" in response.content


def test_the_default_person_is_still_a_valid_walk():
    """Keeps the fuzz helpers honest: the baseline walk the fuzzing starts from works."""
    client = Client()
    answer_steps(client, DEFAULT_PERSON)
    response = client.get("/guide/result/")
    assert response.status_code == 200
    assert "Questions to ask your doctor" in response.content.decode()
