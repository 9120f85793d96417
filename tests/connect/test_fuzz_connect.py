"""Hostile and malformed Infobutton requests, fuzzed: never a 5xx, and a feed that parses.

The number of cases per test is FUZZ_EXAMPLES (tests/fuzzing.py)."""

import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pain_guide.connect.infobutton import PARAMETERS
from tests.fuzzing import fuzz

from .codes import OIDS

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

hostile = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=100, max_size=600),
    st.text(alphabet="M54.2-0123456789\x00\x01\x1b\x7f\u202e\ufeff\ufffe\ud7ff", max_size=20),
    st.sampled_from(
        [
            "M54.2",
            "m5416",
            "25480",
            "23056005",
            *OIDS.values(),
            "2.16.840.1.113883.6.1",
            "text/html",
            "application/json",
            "text/xml",
            "application/javascript",
            "es",
            "en-US",
            "<script>zz1</script>",
            "\x00",
            "",
        ]
    ),
)
requests = st.dictionaries(
    st.sampled_from([*PARAMETERS, "callback", "age.v.v"]),
    st.one_of(hostile, st.lists(hostile, min_size=1, max_size=3)),
    max_size=6,
)


@fuzz
@given(query=requests)
def test_no_infobutton_request_gets_a_server_error(client, settings, query):
    settings.RATELIMITS = {**settings.RATELIMITS, "page-build": (10**9, 60)}
    assert_readable(client.get("/connect/", query))


def assert_readable(response):
    assert response.status_code in (200, 303, 400, 414), response.status_code
    assert b"<script>zz1" not in response.content
    kind = response.get("Content-Type", "")
    if response.status_code == 200 and kind.startswith("application/json"):
        assert isinstance(json.loads(response.content)["feed"]["entry"], list)
    if response.status_code == 200 and kind.startswith("text/xml"):
        feed = ET.fromstring(response.content)  # noqa: S314 - the site's own output
        assert feed.tag == "{http://www.w3.org/2005/Atom}feed"


@fuzz
@given(
    code=hostile,
    name=hostile,
    oid=st.sampled_from([*OIDS.values(), "2.16.840.1.113883.6.1"]),
    kind=st.sampled_from(["text/xml", "application/json", "text/html", ""]),
    language=st.sampled_from(["en", "es", "", "es-US"]),
)
def test_any_code_or_name_in_an_otherwise_good_request_gets_a_readable_answer(
    client, settings, code, name, oid, kind, language
):
    settings.RATELIMITS = {**settings.RATELIMITS, "page-build": (10**9, 60)}
    query = {
        "mainSearchCriteria.v.c": code,
        "mainSearchCriteria.v.cs": oid,
        "mainSearchCriteria.v.dn": name,
        "knowledgeResponseType": kind,
        "informationRecipient.languageCode.c": language,
    }
    assert_readable(client.get("/connect/", query))
