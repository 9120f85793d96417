"""'Did this page help?': a plain form, or an in-place thank-you with htmx."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.vary import vary_on_headers

from pain_guide.core import ratelimit
from pain_guide.core.decorators import allow_methods

from .forms import FeedbackForm
from .models import PageFeedback


@allow_methods({"POST"})
@vary_on_headers("HX-Request")
def submit(request):
    form = FeedbackForm(data=request.POST)
    partial = "feedback/form.html#feedback"
    if not form.is_valid():
        if request.htmx:
            return TemplateResponse(
                request,
                partial,
                {"feedback_form": form, "page": request.POST.get("page", "")},
                status=200,
            )
        return TemplateResponse(
            request,
            "feedback/problem.html",
            {"title": "Your feedback was not sent", "feedback_form": form},
            status=400,
        )
    limit, window = settings.RATELIMITS["feedback"]
    if not ratelimit.allow(request, "feedback", limit=limit, window=window):
        context = {"title": "Please wait a little", "limited": True}
        if request.htmx:
            return TemplateResponse(request, partial, context, status=200)
        return TemplateResponse(request, "sharing/too_many.html", context, status=429)
    PageFeedback.objects.create(**form.cleaned_data)
    if request.htmx:
        return TemplateResponse(request, partial, {"thanks": True})
    messages.success(request, "Thank you for your feedback.")
    response = redirect(form.cleaned_data["page"] + "#feedback")
    response.status_code = 303
    return response
