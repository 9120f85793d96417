"""/connect/: the HL7 Infobutton endpoint a health record system links to (docs/adr/0015).

One address, outside the language prefixes: the language comes from the request
(``informationRecipient.languageCode.c``), and the pages it leads to carry it (/es/...).

Caching and rate limits: the answer depends on the query string, so, like search, the view is
not marked the same for everyone and SharedPageCacheMiddleware never stores it. Each request is
built (cheaply: the code index is one entry in the shared cache, retired by any library change)
and counts against the client's page-build rate limit (RATELIMIT_PAGE_BUILDS a minute, then
429), as a page built for a query string does. Feeds and redirects depend on the address alone,
so browsers and CDNs may keep them for PAGE_CACHE_SECONDS (Cache-Control: public); the HTML
pages name the reader's region (its emergency number), so they are not public.
"""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from pain_guide.core import ratelimit
from pain_guide.core.decorators import allow_methods
from pain_guide.core.limits import refuse
from pain_guide.library import search as library_search

from . import infobutton
from .infobutton import HTML, JSON, XML

MAX_SEARCH = 100  # as much as library search reads


@allow_methods()
def connect(request):
    if not ratelimit.allow(request, "page-build"):
        response = refuse(request, 429)
        response["Retry-After"] = str(settings.RATELIMITS["page-build"][1])
        return response
    try:
        ask = infobutton.parse(request.GET)
    except infobutton.BadRequest as error:
        return bad_request(request, str(error))
    with translation.override(ask.language):
        found = infobutton.find(ask)
        if ask.response_type == JSON:
            feed = infobutton.json_feed(ask, found, request.build_absolute_uri)
            response = HttpResponse(
                json_feed_text(feed), content_type="application/json; charset=utf-8"
            )
        elif ask.response_type == XML:
            feed = infobutton.atom_feed(ask, found, request.build_absolute_uri)
            response = HttpResponse(feed, content_type="text/xml; charset=utf-8")
        elif len(found) == 1:
            # See Other: the page that answers is elsewhere (in the request's language).
            response = HttpResponseRedirect(found[0]["path"])
            response.status_code = 303
        else:
            response = choose_page(request, ask, found)
    if response.status_code != 200 or ask.response_type != HTML:
        # The same for everyone who sends this address: no region, no cookie.
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
    response["Content-Language"] = ask.language
    return response


# <, > and & written as JSON escapes, as Django's json_script writes them: the feed echoes the
# display name the record sent, and a consumer may put a feed's words into a page.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_feed_text(feed):
    return json.dumps(feed, ensure_ascii=False).translate(JSON_ESCAPES)


def choose_page(request, ask, found):
    """Several pages for one code, or none: a page in the request's language that lists them,
    or says so and offers search (seeded with the display name the record sent, if any, as a
    search only: a name never decides a match)."""
    name = ask.name[:MAX_SEARCH]
    if found:
        title = _("Choose a page")
    elif ask.code:
        title = _("We have no page for this code")
    else:
        title = _("Search the library")
    context = {
        "title": title,
        "found": found,
        "asked_for_code": bool(ask.code),
        "query": name,
        "name_results": library_search.find(name) if name and not found else [],
        **same_request_in_each_language(request, ask),
    }
    # Rendered here, while the request's language is active.
    return TemplateResponse(request, "connect/choose.html", context).render()


def same_request_in_each_language(request, ask):
    """The header's language switch and hreflang alternates: this request in the other
    language (the parameters this view reads, nothing else)."""
    pages = []
    for code, name in settings.LANGUAGES:
        query = {
            key: value
            for key in infobutton.PARAMETERS
            if (value := request.GET.get(key, "").strip())
        }
        query[infobutton.LANGUAGE] = code
        url = f"{request.path}?{urlencode(query)}"
        pages.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "alternate": url,
                "current": code == ask.language,
                "prefix": "" if code == settings.LANGUAGE_CODE else f"/{code}",
            }
        )
    return {"language_pages": pages}


def bad_request(request, message):
    """400, in the kind of answer asked for when that much can be read; the message (in
    English, for whoever set up the link) names the parameter, never echoes its value."""
    asked = request.GET.getlist(infobutton.RESPONSE_TYPE)
    kind = asked[0].strip().lower() if len(asked) == 1 else HTML
    if kind == JSON:
        return JsonResponse({"error": {"status": 400, "message": message}}, status=400)
    if kind == XML:
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    try:
        language = infobutton.language_of(
            request.GET.get(infobutton.LANGUAGE, "").strip()
            if len(request.GET.getlist(infobutton.LANGUAGE)) <= 1
            else ""
        )
    except infobutton.BadRequest:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"title": _("This link is not complete"), "message": message}
        response = TemplateResponse(request, "connect/bad_request.html", context, status=400)
        response.render()
    response["Content-Language"] = language
    return response
