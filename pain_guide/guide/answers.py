"""Reading and writing the guide's answers in the session.

The session is a signed cookie, so answers never touch the server's disk or
database. Whatever comes back from the browser is validated again with the
step's own form fields and rules: a stale, edited or half-filled cookie can only ever make a
step count as unanswered, never reach the rules as an unknown code. Answers to a step that
no longer applies (the extra signs, after the answers that called for them changed) are
left out.
"""

from . import rules
from .steps import STEPS

SESSION_KEY = "guide"


def _stored(session):
    data = session.get(SESSION_KEY)
    return data if isinstance(data, dict) else {}


def valid_answers(stored):
    """{step slug: cleaned answers} for every step whose stored answers are still valid."""
    stored = stored if isinstance(stored, dict) else {}
    answers = {}
    for step in STEPS:
        # Only a step asked of some people needs the answers so far.
        if step.applies is not None and not step.applies(to_rules_answers(answers)):
            continue
        cleaned = step.form_class.clean_stored(stored.get(step.slug))
        if cleaned is not None:
            answers[step.slug] = cleaned
    return answers


def all_answers(session):
    """{step slug: cleaned answers} for every answered step in this session."""
    return valid_answers(_stored(session))


def save_step(session, step, cleaned_data):
    data = _stored(session)
    data[step.slug] = {name: cleaned_data[name] for name in step.fields}
    session[SESSION_KEY] = data


def clear(session):
    session.pop(SESSION_KEY, None)


def has_any(session):
    return bool(_stored(session))


def steps_for(answered):
    """The steps this person is asked, given their answers so far."""
    rules_answers = to_rules_answers(answered)
    return [step for step in STEPS if step.applies_to(rules_answers)]


def first_unanswered(answered, before=None):
    """The first step (before ``before``, if given) this person must answer and has not."""
    for step in steps_for(answered):
        if step is before:
            return None
        if step.slug not in answered:
            return step
    return None


def next_step(step, answered):
    steps = steps_for(answered)
    later = [s for s in steps if STEPS.index(s) > STEPS.index(step)]
    return later[0] if later else None


def previous_step(step, answered):
    steps = steps_for(answered)
    earlier = [s for s in steps if STEPS.index(s) < STEPS.index(step)]
    return earlier[-1] if earlier else None


def _codes(values):
    # "None of these" is an answer, not a condition ("not sure" is kept: it says what
    # could not be checked).
    return frozenset(values) - {"none"}


def to_rules_answers(answered):
    """The rules' Answers from the cleaned answers of every step."""
    merged = {}
    for values in answered.values():
        merged.update(values)
    return rules.Answers(
        red_flags=_codes(merged.get("red_flags", ())) | _codes(merged.get("more_signs", ())),
        areas=frozenset(merged.get("areas", ())),
        feelings=frozenset(merged.get("feelings", ())),
        duration=merged.get("duration", "not-sure"),
        history=_codes(merged.get("history", ())),
        age_group=merged.get("age_group", "18-to-64"),
        health=_codes(merged.get("health", ())),
        medicines=_codes(merged.get("medicines", ())),
    )
