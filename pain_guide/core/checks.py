"""System checks: a misconfigured region must fail loudly at start-up, not on a page."""

from django.conf import settings
from django.core.checks import Error, register

from .regions import REGIONS


@register()
def region_setting_is_known(app_configs, **kwargs):
    if settings.PAIN_GUIDE_REGION not in REGIONS:
        return [
            Error(
                f"PAIN_GUIDE_REGION is {settings.PAIN_GUIDE_REGION!r}.",
                hint=f"Use one of: {', '.join(sorted(REGIONS))}.",
                id="pain_guide.E001",
            )
        ]
    return []


@register()
def share_regions_are_known(app_configs, **kwargs):
    unknown = [code for code in settings.PAIN_GUIDE_SHARE_REGIONS if code not in REGIONS]
    if unknown:
        return [
            Error(
                f"PAIN_GUIDE_SHARE_REGIONS names {', '.join(map(repr, unknown))}.",
                hint=f"Use only: {', '.join(sorted(REGIONS))} (lower case, comma-separated).",
                id="pain_guide.E002",
            )
        ]
    return []
