"""The guide's pages. Views are glue: read the session, call the rules, render.

One URL, one view: each renders the full page, or only its ``#guide-content``
partial for htmx, and says ``Vary: HX-Request``. Every page works without
JavaScript; htmx only swaps the main content and pushes the URL.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from pain_guide.core.decorators import SAFE_METHODS, allow_methods, wants_partial

from . import answers, presenters, rules
from .steps import STEP_BY_SLUG, STEPS, next_step, previous_step, step_number

PARTIAL = "guide-content"
AGE_STEP_INDEX = STEPS.index(STEP_BY_SLUG["about-you"])


def guide_view(methods=SAFE_METHODS):
    """Shared behaviour of every guide page.

    Never cached anywhere (the pages carry health answers), varies on
    HX-Request, and answers a wrong HTTP method with a friendly 405 page.
    """

    def decorator(view):
        return wraps(view)(never_cache(vary_on_headers("HX-Request")(allow_methods(methods)(view))))

    return decorator


def render(request, template_name, context, status=200):
    """The full page, or its partial for an htmx request (with the URL pushed)."""
    partial = wants_partial(request)
    if partial:
        template_name = f"{template_name}#{PARTIAL}"
    response = TemplateResponse(request, template_name, context, status=status)
    if partial and request.method == "GET":
        push_url(response, request.get_full_path())
    return response


def go_to(request, url_name, *args, message=None):
    """Redirect (303: see other) to a guide page, with an optional notice."""
    if message:
        messages.info(request, message)
    response = redirect(reverse(url_name, args=args))
    response.status_code = 303
    return response


def guard(request, answered, before=None):
    """Send the person to where they should be, or None if they may stay.

    ``before`` is the question page being shown; None means a page that needs
    every answer (check answers, result). Red flags come before anything
    else, children are not guided, and no page is shown before the questions
    it depends on are answered.
    """
    if before is not STEPS[0]:
        red_flags = answers.to_rules_answers(answered).red_flags
        if rules.urgency_for(red_flags) is rules.Urgency.EMERGENCY:
            return go_to(request, "guide:emergency")
        is_child = answered.get("about-you", {}).get("age_group") == "under-18"
        if is_child and (before is None or STEPS.index(before) > AGE_STEP_INDEX):
            return go_to(request, "guide:under-18")
    missing = answers.first_unanswered(answered, before=before)
    if missing is not None:
        if answers.has_any(request.session):
            message = "Please answer this question first."
        else:
            message = (
                "Please start with this question. "
                "If you answered before, your answers may have expired."
            )
        return go_to(request, "guide:step", missing.slug, message=message)
    return None


@guide_view()
def start(request):
    context = {
        "title": "Muscle relaxer or nerve-pain medicine: the guide",
        "back_url": reverse("core:home"),
        "has_answers": answers.has_any(request.session),
    }
    return render(request, "guide/start.html", context)


@guide_view(methods={"POST"})
def start_again(request):
    answers.clear(request.session)
    return go_to(request, "guide:start", message="Your answers have been cleared.")


@guide_view(methods={"GET", "HEAD", "POST"})
def step(request, slug):
    step = STEP_BY_SLUG.get(slug)
    if step is None:
        raise Http404("No such question")
    answered = answers.all_answers(request.session)
    if response := guard(request, answered, before=step):
        return response
    changing = request.GET.get("change") == "1"

    if request.method == "POST":
        form = step.form_class(data=request.POST)
        if form.is_valid():
            answers.save_step(request.session, step, form.cleaned_data)
            answered[step.slug] = form.cleaned_data
            return go_to(request, *after(step, answered, changing))
    else:
        form = step.form_class(initial=answered.get(step.slug))

    back = previous_step(step)
    if changing:
        back_url = reverse("guide:check")
    elif back:
        back_url = reverse("guide:step", args=[back.slug])
    else:
        back_url = reverse("guide:start")
    number = step_number(step)
    context = {
        "title": f"{'Error: ' if form.errors else ''}{step.title} (step {number} of {len(STEPS)})",
        "step": step,
        "form": form,
        "number": number,
        "total": len(STEPS),
        "back_url": back_url,
        "action": request.get_full_path(),
    }
    return render(request, "guide/step.html", context)


def after(step, answered, changing):
    """Where a valid answer to ``step`` leads: (url name, *args)."""
    if step.slug == "red-flags":
        urgency = rules.urgency_for(answers.to_rules_answers(answered).red_flags)
        if urgency is rules.Urgency.EMERGENCY:
            return ("guide:emergency",)
        if urgency is rules.Urgency.URGENT:
            return ("guide:urgent",)
    if step.slug == "about-you" and answered["about-you"]["age_group"] == "under-18":
        return ("guide:under-18",)
    missing = answers.first_unanswered(answered)
    if changing:
        return ("guide:check",) if missing is None else ("guide:step", missing.slug)
    following = next_step(step)
    return ("guide:check",) if following is None else ("guide:step", following.slug)


@guide_view()
def check(request):
    answered = answers.all_answers(request.session)
    if response := guard(request, answered):
        return response
    context = {
        "title": "Check your answers",
        "rows": presenters.check_answers_rows(answered),
        "back_url": reverse("guide:step", args=[STEPS[-1].slug]),
    }
    return render(request, "guide/check.html", context)


@guide_view()
def result(request):
    answered = answers.all_answers(request.session)
    if response := guard(request, answered):
        return response
    outcome = rules.assess(answers.to_rules_answers(answered))
    context = presenters.ResultPresenter(outcome).as_context()
    context["title"] = "Your result"
    context["back_url"] = reverse("guide:check")
    return render(request, "guide/result.html", context)


def _outcome_from_session(request):
    answered = answers.all_answers(request.session)
    return rules.assess(answers.to_rules_answers(answered)), answered


@guide_view()
def emergency(request):
    outcome, answered = _outcome_from_session(request)
    if not outcome.is_emergency:
        # Reached directly: show every emergency sign, so the page still helps.
        outcome = rules.assess(rules.Answers(red_flags=rules.EMERGENCY_FLAGS))
    context = presenters.red_flag_page_context(outcome, "emergency")
    context["title"] = context["heading"]
    context["back_url"] = reverse("guide:step", args=["red-flags"])
    return render(request, "guide/emergency.html", context)


@guide_view()
def urgent(request):
    outcome, answered = _outcome_from_session(request)
    if outcome.is_emergency:
        return go_to(request, "guide:emergency")
    ticked = outcome.is_urgent
    if not ticked:
        outcome = rules.assess(rules.Answers(red_flags=rules.URGENT_FLAGS))
    context = presenters.red_flag_page_context(outcome, "urgent")
    context["title"] = context["heading"]
    context["ticked"] = ticked
    context["back_url"] = reverse("guide:step", args=["red-flags"])
    if ticked:
        following = answers.first_unanswered(answered)
        context["continue_url"] = (
            reverse("guide:step", args=[following.slug]) if following else reverse("guide:check")
        )
    return render(request, "guide/urgent.html", context)


@guide_view()
def under_18(request):
    return render(
        request,
        "guide/under_18.html",
        {
            "title": "This guide is for adults",
            "back_url": reverse("guide:step", args=["about-you"]),
        },
    )
