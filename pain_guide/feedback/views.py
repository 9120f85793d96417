"""'Did this page help?': the form is fetched on its own (so content pages can be cached
for everyone), posted as a plain form, or thanked in place with htmx."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pain_guide.core import ratelimit
from pain_guide.core.decorators import allow_methods, for_htmx, see_other

from .forms import FeedbackForm
from .models import PageFeedback

PARTIAL = "feedback/form.html#feedback"


def page_or_none(value):
    """The page path if it is one that takes feedback, else None."""
    form = FeedbackForm(data={"page": value, "helpful": "yes"})
    return value if form.is_valid() else None


@never_cache
@allow_methods()
def form(request):
    """The form alone, for htmx to put into a (cached) page."""
    page = page_or_none(request.GET.get("page", ""))
    if page is None:
        return TemplateResponse(request, PARTIAL, {"unavailable": True})
    return TemplateResponse(request, PARTIAL, {"page": page})


@never_cache
@allow_methods({"GET", "HEAD", "POST"})
@for_htmx(template=PARTIAL)
def submit(request):
    """Each answer is a whole page; for htmx, the form's fragment in its place (for_htmx)."""
    if request.method != "POST":
        return page_view(request)
    form = FeedbackForm(data=request.POST)
    if not form.is_valid():
        context = {
            "title": _("Your feedback was not sent"),
            "feedback_form": form,
            "page": request.POST.get("page", ""),
        }
        return TemplateResponse(request, "feedback/problem.html", context, status=400)
    if not ratelimit.allow(request, "feedback"):
        # Translators: the title of the page shown after too many forms sent in a short time.
        context = {"title": _("Please wait a little"), "limited": True}
        return TemplateResponse(request, "sharing/too_many.html", context, status=429)
    PageFeedback.objects.create(**form.cleaned_data)
    if request.htmx:  # thanked in place, where the form was
        return TemplateResponse(request, PARTIAL, {"thanks": True})
    return see_other(
        reverse("feedback:thanks") + "?" + urlencode({"page": form.cleaned_data["page"]})
    )


def page_view(request):
    """Without JavaScript: the form on a page of its own, for the page named in ?page=."""
    page = page_or_none(request.GET.get("page", ""))
    if page is None:
        return TemplateResponse(request, "404.html", {"title": _("Page not found")}, status=404)
    context = {"title": _("Did this page help?"), "page": page, "standalone": True}
    return TemplateResponse(request, "feedback/page.html", context)


@never_cache
@allow_methods()
def thanks(request):
    page = page_or_none(request.GET.get("page", "")) or "/"
    return TemplateResponse(
        request, "feedback/page.html", {"title": _("Thank you"), "page": page, "thanks": True}
    )
