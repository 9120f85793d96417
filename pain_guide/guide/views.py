"""The guide's pages. Views are glue: read the session, call the rules, render.

One URL, one view: each returns the full page; for htmx, ``for_htmx`` renders only its
``#guide-content`` partial and pushes the URL, and says ``Vary: HX-Request``. Every page
works without JavaScript; htmx only swaps the main content.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from pain_guide.core.decorators import SAFE_METHODS, allow_methods, for_htmx, see_other

from . import answers, presenters, rules
from .content import words
from .steps import FIRST_QUESTIONS, STEP_BY_SLUG, STEPS

PARTIAL = "guide-content"
AGE_STEP = STEP_BY_SLUG["age"]
SIGN_STEPS = (STEP_BY_SLUG["red-flags"], STEP_BY_SLUG["more-signs"])


def guide_view(methods=SAFE_METHODS):
    """Shared behaviour of every guide page.

    Never cached anywhere (the pages carry health answers), the ``#guide-content`` partial
    for htmx (varying on HX-Request), and a friendly 405 page for a wrong HTTP method.
    """

    def decorator(view):
        page = for_htmx(PARTIAL, push_url=True)(view)
        return wraps(view)(never_cache(allow_methods(methods)(page)))

    return decorator


def titled(title, form):
    """A page title, marked as an error when the form has errors (WCAG 3.3.1)."""
    return words("titles", "error", title=title) if form.errors else title


def go_to(request, url_name, *args, message=None):
    """See other (303) guide page, with an optional notice."""
    if message:
        messages.info(request, message)
    return see_other(url_name, *args)


def guard(request, answered, before=None):
    """Send the person to where they should be, or None if they may stay.

    ``before`` is the question page being shown; None means a page that needs
    every answer (check answers, result). Children are not guided, red flags come
    before anything else, and no page is shown before the questions it depends on
    are answered. A ticked emergency sign keeps every later page on "get help now";
    one worked out from several answers (cancer with a nerve sign) leaves the
    questions open, so that a wrong answer can be changed, but never the result.
    """
    if before is not AGE_STEP and answered.get("age", {}).get("age_group") == "under-18":
        return go_to(request, "guide:under-18")
    if before not in FIRST_QUESTIONS:
        person = answers.to_rules_answers(answered)
        flags = person.red_flags if before is not None else rules.all_flags(person)
        if rules.urgency_for(flags) is rules.Urgency.EMERGENCY:
            return go_to(request, "guide:emergency")
    missing = answers.first_unanswered(answered, before=before)
    if missing is not None:
        if answers.has_any(request.session):
            message = words("notices", "answer-first")
        else:
            message = words("notices", "start-here")
        return go_to(request, "guide:step", missing.slug, message=message)
    if before is not None and not before.applies_to(answers.to_rules_answers(answered)):
        following = answers.next_step(before, answered)
        return go_to(request, *(("guide:step", following.slug) if following else ("guide:check",)))
    return None


@guide_view()
def start(request):
    context = {
        "title": words("titles", "start"),
        "back_url": reverse("core:home"),
        "has_answers": answers.has_any(request.session),
    }
    return TemplateResponse(request, "guide/start.html", context)


@guide_view(methods={"POST"})
def start_again(request):
    answers.clear(request.session)
    return go_to(request, "guide:start", message=words("notices", "cleared"))


@guide_view(methods={"GET", "HEAD", "POST"})
def step(request, slug):
    step = STEP_BY_SLUG.get(slug)
    if step is None:
        raise Http404("No such question")
    answered = answers.all_answers(request.session)
    if response := guard(request, answered, before=step):
        return response
    changing = request.GET.get("change") == "1"
    person = answers.to_rules_answers(answered)

    if request.method == "POST":
        form = step.form_class.for_answers(person, data=request.POST)
        if form.is_valid():
            was = rules.urgency_of(person)
            answers.save_step(request.session, step, form.cleaned_data)
            answered[step.slug] = form.cleaned_data
            return go_to(request, *after(step, answered, changing, was))
    else:
        form = step.form_class.for_answers(person, initial=answered.get(step.slug))

    back = answers.previous_step(step, answered)
    if changing:
        back_url = reverse("guide:check")
    elif back:
        back_url = reverse("guide:step", args=[back.slug])
    else:
        back_url = reverse("guide:start")
    asked = answers.steps_for(answered)
    number = asked.index(step) + 1
    context = {
        "title": titled(
            words("titles", "step", question=step.title, number=number, steps=len(asked)),
            form,
        ),
        "step": step,
        "form": form,
        "number": number,
        "total": len(asked),
        "back_url": back_url,
        "action": request.get_full_path(),
    }
    return TemplateResponse(request, "guide/step.html", context)


def after(step, answered, changing, was):
    """Where a valid answer to ``step`` leads: (url name, *args).

    ``was`` is the urgency before this answer. Any emergency, ticked or worked out,
    goes straight to "get help now"; an urgent sign ticked on a signs page, or one
    this answer brought about, shows "see a doctor today" first.
    """
    if step is AGE_STEP and answered["age"]["age_group"] == "under-18":
        return ("guide:under-18",)
    person = answers.to_rules_answers(answered)
    urgency = rules.urgency_of(person)
    if urgency is rules.Urgency.EMERGENCY:
        return ("guide:emergency",)
    if urgency is rules.Urgency.URGENT:
        ticked_here = step in SIGN_STEPS and rules.urgency_for(person.red_flags) is urgency
        if ticked_here or was is not rules.Urgency.URGENT:
            return ("guide:urgent",)
    missing = answers.first_unanswered(answered)
    if changing:
        return ("guide:check",) if missing is None else ("guide:step", missing.slug)
    following = answers.next_step(step, answered)
    return ("guide:check",) if following is None else ("guide:step", following.slug)


@guide_view()
def check(request):
    answered = answers.all_answers(request.session)
    if response := guard(request, answered):
        return response
    context = {
        "title": words("titles", "check"),
        "rows": presenters.check_answers_rows(answered),
        "back_url": reverse("guide:step", args=[STEPS[-1].slug]),
    }
    return TemplateResponse(request, "guide/check.html", context)


@guide_view()
def result(request):
    answered = answers.all_answers(request.session)
    if response := guard(request, answered):
        return response
    outcome = rules.assess(answers.to_rules_answers(answered))
    # The reader's region for this visit (a share link's, or their own choice).
    context = presenters.ResultPresenter(outcome, region=request.region.code).as_context()
    context["title"] = words("titles", "result")
    context["back_url"] = reverse("guide:check")
    return TemplateResponse(request, "guide/result.html", context)


def _outcome_from_session(request):
    # The rules' own view of every answer given so far (the emergency page may come
    # before all of them).
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
    return TemplateResponse(request, "guide/emergency.html", context)


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
    return TemplateResponse(request, "guide/urgent.html", context)


@guide_view()
def under_18(request):
    return TemplateResponse(
        request,
        "guide/under_18.html",
        {
            "title": words("titles", "under-18"),
            "back_url": reverse("guide:step", args=["age"]),
        },
    )
