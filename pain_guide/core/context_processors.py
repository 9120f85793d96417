"""Values every template needs: the site name and the reader's region."""

from django.conf import settings

from .regions import get_region

SITE_NAME = "Pain Guide"


def site(request):
    return {"site_name": SITE_NAME, "region": get_region(settings.PAIN_GUIDE_REGION)}
