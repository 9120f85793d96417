"""The API's endpoints (django-ninja), read-only, JSON only.

Every answer is built from the library alone: no session, no cookie, nothing a person sends
is kept. A built answer is kept in the shared cache under the content's generation
(pain_guide.core.pagecache), keyed on the endpoint, slug and language only, so junk in a
query string never makes a new entry; an answer the cache can never keep (no such item)
counts against the client's "page-build" rate limit, as a page the cache cannot answer does.
"""

import contextlib
import hashlib
from functools import partial, wraps
from typing import Literal

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError

from pain_guide.core import pagecache, ratelimit
from pain_guide.core.decorators import SAFE_METHODS

from . import content, schemas

DESCRIPTION = """\
Pain Guide's library (medicines, medicine groups, conditions, common questions and the side-by-side
comparison of muscle relaxers and nerve-pain medicines) as JSON, read-only.

**Terms of reuse.** The content is a draft awaiting clinical review. It is general information,
not medical advice. Wherever it is shown it must be shown with its references and its review date
(`review`), and must link back to its page on Pain Guide (`url`, relative to this site).

**No personal data.** The API reads only the library's content. It uses no sessions, sets no
cookies and never accepts anyone's answers: every endpoint is a GET.

**Language.** English by default; Spanish with `?lang=es`. The language is chosen only by this
parameter, never by the Accept-Language header, so an answer is the same for everyone.

**Caching.** Answers are public and may be kept for a few minutes (Cache-Control, ETag).
Unknown items answer 404, bad parameters 400, each with a JSON `detail`.
"""

Language = Literal["en", "es"]

api = NinjaAPI(
    title="Pain Guide content API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    # The interactive docs page loads its scripts from a CDN; this site makes no third-party
    # requests, so there is none: the JSON document is linked from the README.
    docs_url=None,
)


class LanguageQuery(Schema):
    lang: Language = "en"


def problem(status, detail):
    return JsonResponse({"detail": detail}, status=status)


@api.exception_handler(ValidationError)
def bad_request(request, error):
    """A bad parameter is the client's mistake: 400, not ninja's default 422."""
    return problem(400, "Bad parameter: lang must be 'en' or 'es'.")


def answer(request, name, lang, build, schema, slug=None):
    """The JSON for ``build()`` (or ``build(slug)``) in ``lang``, checked against ``schema``,
    from the shared cache when it holds it; 404 when there is no such item."""
    if slug is not None and not content.is_slug(slug):
        return not_known(request)  # never a cache key made of what the client typed
    key = f"api:v1:{lang}:{name}" if slug is None else f"api:v1:{lang}:{name}:{slug}"
    try:
        body, generation = pagecache.get(key)
    except pagecache.Unavailable:
        body, generation = None, None
    if body is None:
        with translation.override(lang):
            data = build() if slug is None else build(slug)
        if data is None:
            return not_known(request)
        body = schema.model_validate(data).model_dump_json().encode()
        if generation is not None:
            with contextlib.suppress(pagecache.Unavailable):  # served, just not stored
                pagecache.set(key, body, generation)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Language"] = lang
    return response


def not_known(request):
    """404 for an item there is no such published item of; the cache can never keep this
    answer, so it counts against the client's page-build limit (429 over it)."""
    if not ratelimit.allow(request, "page-build"):
        response = problem(429, "Too many requests for unknown items: try again later.")
        response["Retry-After"] = str(settings.RATELIMITS["page-build"][1])
        return response
    return problem(404, "No such item: check the slug against the list.")


ERRORS = {404: schemas.Problem, 400: schemas.Problem, 429: schemas.Problem}


@api.get("/", response=schemas.Index, url_name="index", summary="What this API offers")
def index(request):
    endpoints = ("medicines", "groups", "conditions", "questions", "comparison")
    return {
        "notice": content.NOTICE,
        "openapi": reverse("api-v1:openapi-json"),
        "endpoints": {name: reverse(f"api-v1:{name}") for name in endpoints},
    }


@api.get(
    "/medicines/",
    response={200: schemas.MedicineList, 400: schemas.Problem},
    url_name="medicines",
    summary="Every published medicine",
)
def medicine_list(request, query: Query[LanguageQuery]):
    return answer(request, "medicines", query.lang, content.medicines, schemas.MedicineList)


@api.get(
    "/medicines/{slug}/",
    response={200: schemas.Medicine, **ERRORS},
    url_name="medicine",
    summary="One medicine, with its sections, evidence labels and sources",
)
def medicine_detail(request, slug: str, query: Query[LanguageQuery]):
    return answer(request, "medicine", query.lang, content.medicine, schemas.Medicine, slug)


@api.get(
    "/groups/",
    response={200: schemas.ItemList, 400: schemas.Problem},
    url_name="groups",
    summary="Every published medicine group",
)
def group_list(request, query: Query[LanguageQuery]):
    build = partial(content.items_of, content.Group)
    return answer(request, "groups", query.lang, build, schemas.ItemList)


@api.get(
    "/groups/{slug}/",
    response={200: schemas.Group, **ERRORS},
    url_name="group",
    summary="One medicine group, with its medicines",
)
def group_detail(request, slug: str, query: Query[LanguageQuery]):
    return answer(request, "group", query.lang, content.group, schemas.Group, slug)


@api.get(
    "/conditions/",
    response={200: schemas.ItemList, 400: schemas.Problem},
    url_name="conditions",
    summary="Every published condition",
)
def condition_list(request, query: Query[LanguageQuery]):
    build = partial(content.items_of, content.Condition)
    return answer(request, "conditions", query.lang, build, schemas.ItemList)


@api.get(
    "/conditions/{slug}/",
    response={200: schemas.Condition, **ERRORS},
    url_name="condition",
    summary="One condition, with the groups and medicines it discusses",
)
def condition_detail(request, slug: str, query: Query[LanguageQuery]):
    return answer(request, "condition", query.lang, content.condition, schemas.Condition, slug)


@api.get(
    "/questions/",
    response={200: schemas.ItemList, 400: schemas.Problem},
    url_name="questions",
    summary="Every published common question",
)
def question_list(request, query: Query[LanguageQuery]):
    build = partial(content.items_of, content.Question)
    return answer(request, "questions", query.lang, build, schemas.ItemList)


@api.get(
    "/questions/{slug}/",
    response={200: schemas.Question, **ERRORS},
    url_name="question",
    summary="One common question, answered",
)
def question_detail(request, slug: str, query: Query[LanguageQuery]):
    return answer(request, "question", query.lang, content.question, schemas.Question, slug)


@api.get(
    "/comparison/",
    response={200: schemas.Comparison, 400: schemas.Problem},
    url_name="comparison",
    summary="Muscle relaxers vs nerve-pain medicines, side by side",
)
def comparison(request, query: Query[LanguageQuery]):
    return answer(request, "comparison", query.lang, content.comparison, schemas.Comparison)


def read_only(view):
    """Around every view of the API: GET and HEAD only (a JSON 405 otherwise); a 200 is public
    for PAGE_CACHE_SECONDS with an ETag (304 when it matches), anything else is not kept."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            response = problem(405, "Read-only: only GET and HEAD.")
            response["Allow"] = "GET, HEAD"
            return response
        # ninja routes GET only; the server leaves out the body of an answer to HEAD.
        request.method = "GET" if request.method == "HEAD" else request.method
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            patch_cache_control(response, no_store=True)
            return response
        etag = '"%s"' % hashlib.md5(response.content, usedforsecurity=False).hexdigest()  # noqa: UP031
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
        return get_conditional_response(request, etag=etag, response=response)

    return wrapped


def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/."""
    return problem(404, "No such address in this API: see /api/v1/openapi.json.")
