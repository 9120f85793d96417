"""Where the reader is: which emergency and urgent-care services the guide names.

One setting (``PAIN_GUIDE_REGION``) picks the wording used on every page.
"""

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Region:
    """The services a reader in one country should use."""

    code: str
    name: str
    # How a sentence names the country: "sold in the UK".
    short_name: str
    emergency_number: str
    emergency_place: str
    emergency_action: str
    urgent_action: str
    non_urgent_advice: str
    # What to do if someone takes too much of a medicine (MedlinePlus; NHS medicines pages).
    overdose_action: str


REGIONS = {
    "us": Region(
        code="us",
        name="United States",
        short_name="the US",
        emergency_number="911",
        emergency_place="the nearest emergency room",
        emergency_action="Call 911 now, or go to the nearest emergency room.",
        urgent_action=(
            "Call your doctor's office today and say it is urgent. "
            "If you cannot get an appointment today, go to an urgent care center."
        ),
        non_urgent_advice="a doctor, nurse or pharmacist",
        overdose_action=(
            "Call Poison Control at 1-800-222-1222 for advice now. Call 911 if the person has "
            "collapsed, had a seizure, has trouble breathing or cannot be woken."
        ),
    ),
    "uk": Region(
        code="uk",
        name="United Kingdom",
        short_name="the UK",
        emergency_number="999",
        emergency_place="A&E",
        emergency_action="Call 999 now, or go to A&E.",
        urgent_action=(
            "Ask your GP surgery for an urgent appointment today, "
            "or call NHS 111 (or go to 111.nhs.uk) if they are closed."
        ),
        non_urgent_advice="a GP, nurse or pharmacist",
        overdose_action=(
            "For advice now, call NHS 111 or go to 111.nhs.uk. Call 999 or go to A&E if the "
            "person is very sleepy, cannot be woken, has a fit or is struggling to breathe. "
            "Take the medicine box or leaflet with you."
        ),
    ),
}


def get_region(code):
    """The Region for ``code``; raises KeyError for a code we do not know."""
    return REGIONS[code]
