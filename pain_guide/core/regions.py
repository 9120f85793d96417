"""Where the reader is: which emergency and urgent-care services the guide names.

``PAIN_GUIDE_REGION`` is the site's default. A site may serve more countries
(``PAIN_GUIDE_SHARE_REGIONS``); then a reader's region for the visit comes from a plain
cookie that holds only a region code, set by a clinician's share link or by the reader's own
choice (docs/adr/0009). Anything else in that cookie counts for nothing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import cookies

StrOrPromise = str | Promise


@dataclass(frozen=True, kw_only=True)
class Region:
    """The services a reader in one country should use."""

    # The words are translated (gettext, locale/); the numbers are the same in every language.
    code: str
    name: StrOrPromise
    # How a sentence names the country: "sold in the UK".
    short_name: StrOrPromise
    emergency_number: str
    emergency_place: StrOrPromise
    emergency_action: StrOrPromise
    urgent_action: StrOrPromise
    non_urgent_advice: StrOrPromise
    # What to do if someone takes too much of a medicine (MedlinePlus; NHS medicines pages).
    overdose_action: StrOrPromise

    @property
    def emergency_action_around_number(self):
        """The emergency action's words before and after the number, so that a page can make
        the number itself a tap-to-call link (includes/emergency_action.html)."""
        before, _number, after = str(self.emergency_action).partition(self.emergency_number)
        return before, after


REGIONS = {
    "us": Region(
        code="us",
        name=_("United States"),
        short_name=_("the US"),
        emergency_number="911",
        emergency_place=_("the nearest emergency room"),
        emergency_action=_("Call 911 now, or go to the nearest emergency room."),
        urgent_action=_(
            "Call your doctor's office today and say it is urgent. "
            "If you cannot get an appointment today, go to an urgent care center."
        ),
        non_urgent_advice=_("a doctor, nurse or pharmacist"),
        overdose_action=_(
            "Call Poison Control at 1-800-222-1222 for advice now. Call 911 if the person has "
            "collapsed, had a seizure, has trouble breathing or cannot be woken."
        ),
    ),
    "uk": Region(
        code="uk",
        name=_("United Kingdom"),
        short_name=_("the UK"),
        emergency_number="999",
        emergency_place=_("A&E"),
        emergency_action=_("Call 999 now, or go to A&E."),
        urgent_action=_(
            "Ask your GP surgery for an urgent appointment today, "
            "or call NHS 111 (or go to 111.nhs.uk) if they are closed."
        ),
        non_urgent_advice=_("a GP, nurse or pharmacist"),
        overdose_action=_(
            "For advice now, call NHS 111 or go to 111.nhs.uk. Call 999 or go to A&E if the "
            "person is very sleepy, cannot be woken, has a fit or is struggling to breathe. "
            "Take the medicine box or leaflet with you."
        ),
    ),
}


def get_region(code):
    """The Region for ``code``; raises KeyError for a code we do not know."""
    return REGIONS[code]


# The cookie holds a region code and nothing else: it is not health information.
COOKIE_NAME = "region"


def cookie_name():
    """``region``, or ``__Host-region`` under HTTPS (pain_guide.core.cookies)."""
    return cookies.cookie_name(COOKIE_NAME)


def served_codes():
    """The regions this site serves: its default first, then the others a clinician may
    choose for a share link (unknown codes are left out; the system check reports them)."""
    codes = [settings.PAIN_GUIDE_REGION, *settings.PAIN_GUIDE_SHARE_REGIONS]
    return tuple(dict.fromkeys(code for code in codes if code in REGIONS))


def served_regions():
    return [REGIONS[code] for code in served_codes()]


def several_served():
    """Only then is a region shown, chosen or remembered: with one, nothing changes."""
    return len(served_codes()) > 1


def served_or_none(code):
    """The Region for ``code`` if this site serves it, else None (never an error)."""
    return REGIONS[code] if isinstance(code, str) and code in served_codes() else None


def default_region():
    return REGIONS[settings.PAIN_GUIDE_REGION]


def for_request(request):
    """The reader's region: the cookie's if it names a region this site serves, else the
    site's default. With one region served the cookie is not even read."""
    if not several_served():
        return default_region()
    return served_or_none(request.COOKIES.get(cookie_name())) or default_region()


def remember(response, region):
    """Keep ``region`` for the rest of the visit (the cookie goes when the browser closes)."""
    response.set_cookie(
        cookie_name(),
        region.code,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
