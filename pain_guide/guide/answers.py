"""Reading and writing the guide's answers in the session.

The session is a signed cookie, so answers never touch the server's disk or
database. Whatever comes back from the browser is validated again with the
step's own form fields and rules: a stale, edited or half-filled cookie can only ever make a
step count as unanswered, never reach the rules as an unknown code. Answers to a step that
no longer applies (the extra signs, after the answers that called for them changed) are
left out.
"""

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from . import rules
from .steps import STEPS, Step

SESSION_KEY = "guide"

# {step slug: {field: cleaned value}}, as the step's form cleans it.
Answered = Mapping[str, Mapping[str, Any]]


class Session(Protocol):
    """What this module uses of a Django session (or a dict, in tests)."""

    def get(self, key: str, default: Any = None, /) -> Any: ...

    def pop(self, key: str, default: Any = None, /) -> Any: ...

    def __setitem__(self, key: str, value: Any, /) -> None: ...


def _stored(session: Session) -> dict[str, Any]:
    data = session.get(SESSION_KEY)
    return data if isinstance(data, dict) else {}


def valid_answers(stored: object) -> dict[str, dict[str, Any]]:
    """{step slug: cleaned answers} for every step whose stored answers are still valid."""
    stored = stored if isinstance(stored, dict) else {}
    answers: dict[str, dict[str, Any]] = {}
    for step in STEPS:
        # Only a step asked of some people needs the answers so far.
        if step.applies is not None and not step.applies(to_rules_answers(answers)):
            continue
        cleaned = step.form_class.clean_stored(stored.get(step.slug))
        if cleaned is not None:
            answers[step.slug] = cleaned
    return answers


def all_answers(session: Session) -> dict[str, dict[str, Any]]:
    """{step slug: cleaned answers} for every answered step in this session."""
    return valid_answers(_stored(session))


def save_step(session: Session, step: Step, cleaned_data: Mapping[str, Any]) -> None:
    data = _stored(session)
    data[step.slug] = {name: cleaned_data[name] for name in step.fields}
    session[SESSION_KEY] = data


def clear(session: Session) -> None:
    session.pop(SESSION_KEY, None)


def has_any(session: Session) -> bool:
    return bool(_stored(session))


def steps_for(answered: Answered) -> list[Step]:
    """The steps this person is asked, given their answers so far."""
    rules_answers = to_rules_answers(answered)
    return [step for step in STEPS if step.applies_to(rules_answers)]


def first_unanswered(answered: Answered, before: Step | None = None) -> Step | None:
    """The first step (before ``before``, if given) this person must answer and has not."""
    for step in steps_for(answered):
        if step is before:
            return None
        if step.slug not in answered:
            return step
    return None


def next_step(step: Step, answered: Answered) -> Step | None:
    steps = steps_for(answered)
    later = [s for s in steps if STEPS.index(s) > STEPS.index(step)]
    return later[0] if later else None


def previous_step(step: Step, answered: Answered) -> Step | None:
    steps = steps_for(answered)
    earlier = [s for s in steps if STEPS.index(s) < STEPS.index(step)]
    return earlier[-1] if earlier else None


def _codes(values: Iterable[str]) -> frozenset[str]:
    # "None of these" is an answer, not a condition ("not sure" is kept: it says what
    # could not be checked).
    return frozenset(values) - {"none"}


def to_rules_answers(answered: Answered) -> rules.Answers:
    """The rules' Answers from the cleaned answers of every step."""
    merged: dict[str, Any] = {}
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
