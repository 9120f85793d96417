"""HL7 Infobutton knowledge requests (the URL-based implementation guide) as MedlinePlus
Connect answers them: a code in, the matching pages out (docs/adr/0015).

Only the parameters below are read; any other the guide defines (age, gender, task context,
...) is ignored. A parameter sent twice, too long, with control characters, a code or OID of
no possible shape, or a response type we do not give is a ``BadRequest`` (400). A well-formed
code we have no page for, or a code system we do not know, simply matches nothing.

Safety: only codes confirmed at their canonical source (``Code.checked_on`` set) on
published pages ever match. The display name (``mainSearchCriteria.v.dn``) never decides a
match: it only fills the search box on the page that says nothing matched.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from pain_guide.core import pagecache
from pain_guide.library.models import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    OIDS,
    Code,
    CodeSystem,
    Condition,
    Medicine,
    normalise_code,
)

CODE = "mainSearchCriteria.v.c"
OID = "mainSearchCriteria.v.cs"
NAME = "mainSearchCriteria.v.dn"
LANGUAGE = "informationRecipient.languageCode.c"
RESPONSE_TYPE = "knowledgeResponseType"
PARAMETERS = (CODE, OID, NAME, LANGUAGE, RESPONSE_TYPE)

HTML, JSON, XML = "text/html", "application/json", "text/xml"
RESPONSE_TYPES = (HTML, JSON, XML)

SYSTEM_BY_OID = {oid: system for system, oid in OIDS.items()}
# The code system's name in a feed's category, as MedlinePlus Connect writes it.
SYSTEM_TERMS = {
    CodeSystem.RXNORM: "RXNORM",
    CodeSystem.SNOMED_CT: "SNOMEDCT",
    CodeSystem.ICD10CM: "ICD10CM",
}
CODED_MODELS = (Medicine, Condition)

MAX_CODE = 40
MAX_OID = 64
MAX_NAME = 200
MAX_LANGUAGE = 35
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*")
OID_SHAPE = re.compile(r"[0-2](?:\.(?:0|[1-9][0-9]*))+")
LANGUAGE_SHAPE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")
# What XML 1.0 can carry, less every control character: a name is echoed in the feed.
PRINTABLE = re.compile(r"[\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")

ATOM = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
FEED_TITLE = "Pain Guide"


class BadRequest(ValueError):
    """A request we cannot read. The message names the parameter, never echoes its value."""


@dataclass(frozen=True)
class KnowledgeRequest:
    code: str = ""
    oid: str = ""
    name: str = ""
    language: str = DEFAULT_LANGUAGE
    response_type: str = HTML

    @property
    def system(self):
        return SYSTEM_BY_OID.get(self.oid)

    @property
    def system_name(self):
        """The code system as people write it ("ICD-10-CM"), else the OID as sent."""
        return CodeSystem(self.system).label if self.system else self.oid


def _one(query, name):
    values = query.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"{name} was sent {len(values)} times: send it once.")
    return values[0].strip() if values else ""


def parse(query):
    """A ``KnowledgeRequest`` from a request's query (a QueryDict), or ``BadRequest``."""
    values = {name: _one(query, name) for name in PARAMETERS}
    for name, value in values.items():
        if not PRINTABLE.fullmatch(value):
            raise BadRequest(f"{name} holds control characters.")
    code, oid, name = values[CODE], values[OID], values[NAME]
    if code and (len(code) > MAX_CODE or not TOKEN.fullmatch(code)):
        raise BadRequest(f"{CODE} is not a code: letters, digits, dots and hyphens only.")
    if code and not oid:
        raise BadRequest(f"{OID} is needed with a code: the code system's OID.")
    if oid and (len(oid) > MAX_OID or not OID_SHAPE.fullmatch(oid)):
        raise BadRequest(f"{OID} is not an OID, e.g. {OIDS[CodeSystem.ICD10CM]} for ICD-10-CM.")
    if len(name) > MAX_NAME:
        raise BadRequest(f"{NAME} is longer than {MAX_NAME} characters.")
    response_type = values[RESPONSE_TYPE].lower() or HTML
    if response_type not in RESPONSE_TYPES:
        raise BadRequest(f"{RESPONSE_TYPE} must be one of {', '.join(RESPONSE_TYPES)}.")
    return KnowledgeRequest(
        code=code,
        oid=oid,
        name=name,
        language=language_of(values[LANGUAGE]),
        response_type=response_type,
    )


def language_of(value):
    """``es`` (or ``es-US``) gives Spanish; nothing, or a language the site has not, English
    (as MedlinePlus Connect does)."""
    if not value:
        return DEFAULT_LANGUAGE
    if len(value) > MAX_LANGUAGE or not LANGUAGE_SHAPE.fullmatch(value):
        raise BadRequest(f"{LANGUAGE} is not a language code, e.g. en or es.")
    primary = re.split(r"[-_]", value)[0].lower()
    return primary if primary in dict(LANGUAGES) else DEFAULT_LANGUAGE


# --- matching -------------------------------------------------------------------------------


def build_index(language):
    """{(system, normalised code): [entry, ...]} for every confirmed code of a published
    medicine or condition, each entry with the page's title, summary, address and last review
    in ``language``. Three queries, whatever the count."""
    types = ContentType.objects.get_for_models(*CODED_MODELS)
    codes = list(
        Code.objects.filter(
            checked_on__isnull=False, content_type__in=list(types.values())
        ).order_by("system", "code")
    )
    with translation.override(language):
        items = {}
        for model, content_type in types.items():
            ids = [code.object_id for code in codes if code.content_type_id == content_type.pk]
            for pk, item in model.objects.published().in_bulk(ids).items():
                items[content_type.pk, pk] = item
        index = {}
        for code in codes:
            item = items.get((code.content_type_id, code.object_id))
            key = normalise_code(code.system, code.code)
            if item is None or key is None:
                continue
            entry = {
                "title": item.name,
                "summary": item.summary,
                "path": item.get_absolute_url(),
                "reviewed_on": item.reviewed_on.isoformat(),
                # Which page it is, for the share builder's ticks (pain_guide.sharing.finder).
                "model": item._meta.model_name,
                "pk": item.pk,
            }
            found = index.setdefault((code.system, key), [])
            if entry not in found:
                found.append(entry)
    for entries in index.values():
        entries.sort(key=lambda entry: entry["title"])
    return index


def index(language):
    """``build_index``, kept in the shared cache under the content's generation: any save in
    the library (a code confirmed, a page unpublished) retires it at once."""
    return pagecache.get_or_build(f"connect-index:{language}", lambda: build_index(language))


def lookup(table, system, code):
    """The entries of ``table`` (an ``index``) that ``code`` of ``system`` names: an
    ICD-10-CM code also finds what its parent codes name, from the code itself up to its
    3-character category, stopping at the first level that names any (M54.16, then M54.1,
    then M54)."""
    key = normalise_code(system, code) if code and system else None
    if key is None:
        return []
    if system != CodeSystem.ICD10CM:
        return list(table.get((system, key), []))
    for length in range(len(key), 2, -1):
        if found := table.get((system, key[:length])):
            return list(found)
    return []


def find(request):
    """The pages a request's code names, in its language (``lookup``)."""
    return lookup(index(request.language), request.system, request.code)


# --- feeds (the shapes MedlinePlus Connect answers in) ----------------------------------------


def _timestamp(day=None):
    if day is None:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{day}T00:00:00Z"


def _categories(request):
    return [
        (CODE, request.code),
        (OID, SYSTEM_TERMS.get(request.system, request.oid)),
        (NAME, request.name),
        ("informationRecipient", "PAT"),
    ]


def _subtitle(request):
    if not request.code:
        return f"{FEED_TITLE} results"
    return f"{FEED_TITLE} results for {request.system_name} {request.code}"


def json_feed(request, entries, absolute):
    """The feed as MedlinePlus Connect's JSON writes its Atom: attributes as keys, element
    text as ``_value``, repeated elements as lists. ``absolute`` makes a path a full URL."""
    return {
        "feed": {
            "base": absolute("/"),
            "lang": request.language,
            "title": {"type": "text", "_value": FEED_TITLE},
            "updated": {"_value": _timestamp()},
            "id": {"_value": absolute("/connect/")},
            "author": {"name": {"_value": FEED_TITLE}, "uri": {"_value": absolute("/")}},
            "subtitle": {"type": "text", "_value": _subtitle(request)},
            "category": [{"scheme": scheme, "term": term} for scheme, term in _categories(request)],
            "entry": [
                {
                    "title": {"type": "text", "_value": entry["title"]},
                    "link": [{"href": absolute(entry["path"]), "rel": "alternate"}],
                    "id": {"_value": absolute(entry["path"])},
                    "summary": {"type": "text", "_value": entry["summary"]},
                    "updated": {"_value": _timestamp(entry["reviewed_on"])},
                }
                for entry in entries
            ],
        }
    }


def atom_feed(request, entries, absolute):
    """The same feed as an Atom document (bytes, UTF-8)."""
    ET.register_namespace("", ATOM)

    def element(parent, tag, text=None, **attributes):
        child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        child.text = text
        return child

    feed = ET.Element(
        f"{{{ATOM}}}feed",
        {f"{{{XML_NS}}}base": absolute("/"), f"{{{XML_NS}}}lang": request.language},
    )
    element(feed, "title", FEED_TITLE, type="text")
    element(feed, "updated", _timestamp())
    element(feed, "id", absolute("/connect/"))
    author = element(feed, "author")
    element(author, "name", FEED_TITLE)
    element(author, "uri", absolute("/"))
    element(feed, "subtitle", _subtitle(request), type="text")
    for scheme, term in _categories(request):
        element(feed, "category", scheme=scheme, term=term)
    for entry in entries:
        item = element(feed, "entry")
        element(item, "title", entry["title"], type="text")
        element(item, "link", href=absolute(entry["path"]), rel="alternate")
        element(item, "id", absolute(entry["path"]))
        element(item, "summary", entry["summary"], type="text")
        element(item, "updated", _timestamp(entry["reviewed_on"]))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
