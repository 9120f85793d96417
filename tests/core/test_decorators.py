"""pain_guide/core/decorators.py: the one way a view answers htmx (for_htmx), and 303s."""

import pytest
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from pain_guide.core.decorators import for_htmx, see_other


def request(method="get", **headers):
    made = getattr(RequestFactory(), method)("/somewhere/?q=1", headers=headers)
    made.htmx = HtmxDetails(made)
    return made


def page(status=200):
    def view(request):
        return TemplateResponse(request, "page.html", {}, status=status)

    return view


HTMX = {"HX-Request": "true"}


def test_without_htmx_the_whole_page_and_a_vary_header():
    response = for_htmx("part", push_url=True)(page())(request())
    assert response.template_name == "page.html"
    assert "HX-Push-Url" not in response
    assert "HX-Request" in response["Vary"]


def test_an_htmx_swap_gets_the_pages_partial_and_its_url_pushed():
    response = for_htmx("part", push_url=True)(page())(request(**HTMX))
    assert response.template_name == "page.html#part"
    assert response["HX-Push-Url"] == "/somewhere/?q=1"
    assert "HX-Request" in response["Vary"]


def test_the_url_is_pushed_only_for_gets_and_only_when_asked():
    posted = for_htmx("part", push_url=True)(page(400))(request("post", **HTMX))
    assert posted.template_name == "page.html#part"
    assert posted.status_code == 400  # a form's errors: the partial shows them
    assert "HX-Push-Url" not in posted
    assert "HX-Push-Url" not in for_htmx("part")(page())(request(**HTMX))


def test_restoring_history_needs_the_whole_page():
    restore = request(**HTMX, **{"HX-History-Restore-Request": "true"})
    assert for_htmx("part", push_url=True)(page())(restore).template_name == "page.html"


@pytest.mark.parametrize("status", [200, 400, 429])
def test_a_fragment_replaces_the_page_and_is_sent_with_200_so_htmx_swaps_it(status):
    response = for_htmx(template="form.html#form")(page(status))(request("post", **HTMX))
    assert response.template_name == "form.html#form"
    assert response.status_code == 200
    whole = for_htmx(template="form.html#form")(page(status))(request("post"))
    assert (whole.template_name, whole.status_code) == ("page.html", status)


def test_other_responses_pass_untouched_but_still_vary():
    def redirecting(request):
        return see_other("/elsewhere/")

    for view in (redirecting, lambda request: HttpResponse("plain")):
        response = for_htmx("part", push_url=True)(view)(request(**HTMX))
        assert not isinstance(response, TemplateResponse)
        assert "HX-Push-Url" not in response
        assert "HX-Request" in response["Vary"]


def test_see_other_is_a_303_to_a_url_or_a_url_name():
    assert see_other("/elsewhere/").status_code == 303
    assert see_other("/elsewhere/")["Location"] == "/elsewhere/"
    response = see_other("guide:step", "where")
    assert (response.status_code, response["Location"]) == (303, "/guide/where/")
