"""Share links for clinicians (/share/, /s/<code>/) and result links for patients (/r/<code>/)."""

import json
import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache

from pain_guide.core import codes, cookies, ratelimit, regions
from pain_guide.core.decorators import allow_methods, see_other
from pain_guide.guide import answers as guide_answers
from pain_guide.guide import presenters, rules

from . import finder
from .forms import ShareLinkForm
from .models import ResultLink, ShareLink

CREATE = {"GET", "HEAD", "POST"}


def too_many(request):
    response = TemplateResponse(
        request,
        "sharing/too_many.html",
        # Translators: the title of the page shown after too many forms sent in a short time.
        {"title": _("Please wait a little")},
        status=429,
    )
    response["Retry-After"] = "600"
    return response


def missing(request, kind, status=404):
    """A friendly page for a code that is unknown, mistyped (404) or expired (410)."""
    template = "sharing/expired.html" if status == 410 else "sharing/not_found.html"
    return TemplateResponse(
        request,
        template,
        {
            "title": _("This link has expired")
            if status == 410
            else _("We could not find that link"),
            "kind": kind,
        },
        status=status,
    )


def qr_svg(url):
    """The QR code for ``url`` as inline SVG, drawn by segno."""
    return segno.make(url, error="m").svg_inline(
        scale=6,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        title=_("QR code for %(url)s") % {"url": url},
    )


# --- Clinicians --------------------------------------------------------------------


def ticked_from(posted, found):
    """The builder's choices as posted, with the pages the codes or names found ticked too:
    the initial values of a fresh form (so nothing is called an error before the link is
    asked for)."""
    initial = {name: posted.get(name) == "on" for name in ("include_guide", "include_comparison")}
    for name in ("language", "region"):
        if posted.get(name):
            initial[name] = posted.get(name)
    for name in finder.FIELDS.values():
        chosen = {int(pk) for pk in posted.getlist(name) if pk.isdigit() and len(pk) < 19}
        for result in found:
            chosen.update(result.ticked.get(name, []))
        initial[name] = sorted(chosen)
    return initial


@allow_methods(CREATE)
def builder(request):
    if request.method == "POST" and request.POST.get("action") == "find":
        # "Tick what matches": the same page again, with the matching pages ticked.
        found = finder.find(request.POST.get("find", ""))
        form = ShareLinkForm(initial=ticked_from(request.POST, found))
        context = {
            "title": _("Make a link for a patient"),
            "form": form,
            "found": found,
            "find": request.POST.get("find", "")[: finder.MAX_TEXT],
        }
        return TemplateResponse(request, "sharing/builder.html", context)
    form = ShareLinkForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "share-link"):
            return too_many(request)
        data = form.cleaned_data
        link = ShareLink.objects.create_with_code(
            include_guide=data["include_guide"],
            include_comparison=data["include_comparison"],
            region=data["region"],
            language=data["language"],
        )
        for name in ("medicines", "groups", "conditions", "questions"):
            getattr(link, name).set(data[name])
        return see_other(reverse("sharing:created", args=[link.code]))
    title = _("Make a link for a patient")
    if form.errors:
        # Translators: a page title when the form on it has errors (WCAG 3.3.1).
        title = _("Error: %(title)s") % {"title": title}
    return TemplateResponse(request, "sharing/builder.html", {"title": title, "form": form})


def share_link_or_none(code):
    code = codes.normalise(code)
    if code is None:
        return None
    return ShareLink.objects.filter(code=code).first()


def link_page_context(request, link):
    """What the clinician's pages about a link show: its topics, full address and QR code."""
    url = request.build_absolute_uri(link.get_absolute_url())
    return {
        "link": link,
        "topics": link.topics(),
        "url": url,
        "qr": qr_svg(url),
        "handout_url": link.handout_url(),
    }


# A language's name as a sentence in the page's language says it ("in Spanish", "en español").
LANGUAGE_NAMES = {
    "en": pgettext_lazy("in a sentence", "English"),
    "es": pgettext_lazy("in a sentence", "Spanish"),
}


def record_note(link, topics, url, today):
    """A short plain-text note the clinician can paste into the patient's record: what was
    given, the link and its code, and the date (ISO, unambiguous in any country). In the
    clinician's language; nothing about the patient is in it or kept."""
    names = []
    if link.include_guide:
        names.append(_("the guide (questions about their pain)"))
    names += [topic.name for topic in topics]
    if link.include_comparison:
        names.append(_("muscle relaxers vs nerve-pain medicines compared"))
    language = LANGUAGE_NAMES.get(link.language, link.language)
    return _(
        "%(date)s: Gave the patient Pain Guide information on %(topics)s (in %(language)s). "
        "Link: %(url)s (code %(code)s). QR handout printed."
    ) % {
        "date": today.isoformat(),
        "topics": "; ".join(names),
        "language": language,
        "url": url,
        "code": link.display_code,
    }


@allow_methods()
def created(request, code):
    link = share_link_or_none(code)
    if link is None:
        return missing(request, "share")
    context = {"title": _("Your link is ready"), **link_page_context(request, link)}
    context["record_note"] = record_note(
        link, context["topics"], context["url"], timezone.localdate()
    )
    return TemplateResponse(request, "sharing/created.html", context)


@allow_methods()
def handout(request, code):
    link = share_link_or_none(code)
    if link is None:
        return missing(request, "share")
    context = {
        # Translators: the title of the printable page a clinician gives a patient.
        "title": _("Handout"),
        # Printed for the link's country (a link from before a region was dropped: the reader's).
        "region": regions.REGIONS.get(link.region, request.region),
        "region_choice": False,  # the handout is the link's; the reader's choice cannot move it
        **link_page_context(request, link),
    }
    return TemplateResponse(request, "sharing/handout.html", context)


# --- Patients: a clinician's link --------------------------------------------------


@allow_methods()
def share(request, code):
    link = share_link_or_none(code)
    if link is None:
        return missing(request, "share")
    if code != link.code:
        return redirect(link.get_absolute_url(), permanent=True)
    # The link's region holds for the rest of the visit, on every page (docs/adr/0009); a
    # region the site no longer serves leaves the reader's as it was.
    region = regions.served_or_none(link.region)
    if region is not None:
        request.region = region
    context = {
        "title": _("Pages your clinician chose for you"),
        "link": link,
        "topics": link.topics(),
    }
    response = TemplateResponse(request, "sharing/share.html", context)
    if region is not None and regions.several_served():
        regions.remember(response, region)
    return response


# --- Patients: their own result ------------------------------------------------------


@never_cache
@allow_methods({"POST"})
def create_result_link(request):
    """Store the answers only because the person asked; then show the link."""
    answered = guide_answers.all_answers(request.session)
    if guide_answers.first_unanswered(answered) is not None:
        messages.info(request, _("Please answer every question first."))
        return see_other(reverse("guide:result"))
    outcome = rules.assess(guide_answers.to_rules_answers(answered))
    if outcome.is_emergency:
        return see_other(reverse("guide:emergency"))
    if not ratelimit.allow(request, "result-link"):
        return too_many(request)
    key = secrets.token_urlsafe(24)
    link = ResultLink.objects.create_with_code(
        answers=answered,
        expires_at=ResultLink.expiry_from_now(),
        delete_key_hash=ResultLink.hash_delete_key(key),
    )
    messages.success(
        request,
        _(
            "Your link is ready. Anyone who has it can see these results until it expires, "
            "and you can delete it from this browser."
        ),
    )
    response = see_other(link.get_absolute_url())
    keys = delete_keys(request)
    keys[link.code] = key
    remember_delete_keys(response, keys)
    return response


# The keys that delete the result links this browser made: {code: key}, in a signed cookie
# sent only to /r/ addresses. The server keeps each key's hash, never the key.
DELETE_KEYS_COOKIE = "result_links"  # __Secure-result_links under HTTPS
DELETE_KEYS_SALT = "pain_guide.sharing.result_links"
MAX_DELETE_KEYS = 20


def delete_keys_cookie():
    return cookies.cookie_name(DELETE_KEYS_COOKIE, path="/r/")


def delete_keys(request):
    raw = request.get_signed_cookie(delete_keys_cookie(), default=None, salt=DELETE_KEYS_SALT)
    try:
        keys = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(keys, dict):
        return {}
    return {code: key for code, key in keys.items() if isinstance(key, str)}


def remember_delete_keys(response, keys):
    if not keys:
        response.delete_cookie(delete_keys_cookie(), path="/r/")
        return
    newest = dict(list(keys.items())[-MAX_DELETE_KEYS:])
    response.set_signed_cookie(
        delete_keys_cookie(),
        json.dumps(newest),
        salt=DELETE_KEYS_SALT,
        max_age=settings.RESULT_LINK_DAYS * 24 * 60 * 60,
        path="/r/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def made_here(request, link):
    """True when this browser made the link (it holds the link's delete key)."""
    return link.opens_with(delete_keys(request).get(link.code))


def result_link_or_response(request, code):
    normalised = codes.normalise(code)
    link = ResultLink.objects.filter(code=normalised).first() if normalised else None
    if link is None:
        return None, missing(request, "result")
    if link.deleted_at is not None:
        return None, deleted(request, status=410)
    if link.is_expired:
        if link.answers:
            # The answers go at the first read after expiry, not only when the clean-up runs.
            ResultLink.objects.filter(pk=link.pk).update(answers={}, delete_key_hash="")
        return None, missing(request, "result", status=410)
    return link, None


def deleted(request, status=200):
    return TemplateResponse(
        request, "sharing/deleted.html", {"title": _("This link has been deleted")}, status=status
    )


@never_cache
@allow_methods()
def result(request, code):
    link, response = result_link_or_response(request, code)
    if response:
        return response
    answered = guide_answers.valid_answers(link.answers)
    outcome = rules.assess(guide_answers.to_rules_answers(answered))
    if guide_answers.first_unanswered(answered) is not None or outcome.is_emergency:
        # Stored before the questions changed: it cannot be shown faithfully.
        return missing(request, "result", status=410)
    context = presenters.ResultPresenter(outcome, region=request.region.code).as_context()
    url = request.build_absolute_uri(link.get_absolute_url())
    context.update(
        {
            "title": _("Results shared with a link"),
            "read_only": True,
            "link": link,
            "url": url,
            "made_here": made_here(request, link),
        }
    )
    return TemplateResponse(request, "guide/result.html", context)


@never_cache
@allow_methods({"GET", "HEAD", "POST"})
def delete_result(request, code):
    link, response = result_link_or_response(request, code)
    if response:
        return response
    if not made_here(request, link):
        # Only the browser that made the link may delete it: whoever else holds it can read it.
        return TemplateResponse(
            request,
            "sharing/delete_not_allowed.html",
            {"title": _("Only the person who made this link can delete it"), "link": link},
            status=403,
        )
    if request.method == "POST":
        link.delete_answers()
        response = deleted(request)
        keys = delete_keys(request)
        keys.pop(link.code, None)
        remember_delete_keys(response, keys)
        return response
    return TemplateResponse(
        request, "sharing/delete.html", {"title": _("Delete this link?"), "link": link}
    )
