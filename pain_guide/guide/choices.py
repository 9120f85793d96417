"""The answers a person can give, in the order and words they see them.

Pure Python (no Django), shared by the forms and the result page. The words are content
([asks] in content/questions.toml); here they become Choices. Each choice has a ``label``
(what the person ticks) and a ``phrase``: the clause the result uses to quote it back
("You said *it is burning*"). Red-flag wording lives in content/red_flags.toml.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .content import result_content


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    phrase: str
    hint: str = ""


def _index(choices: Iterable[Choice]) -> dict[str, Choice]:
    return {choice.code: choice for choice in choices}


NONE = "none"
NOT_SURE = "not-sure"


def _choices(field: str) -> tuple[Choice, ...]:
    """One answer's choices, in the order shown, from content/questions.toml."""
    return tuple(
        Choice(item["code"], item["label"], item["phrase"], item.get("hint", ""))
        for item in result_content()["asks"][field]["choices"]
    )


AREAS = _choices("areas")
FEELINGS = _choices("feelings")
DURATIONS = _choices("duration")
HISTORY = _choices("history")
AGE_GROUPS = _choices("age_group")
HEALTH = _choices("health")
MEDICINES = _choices("medicines")

AREA = _index(AREAS)
FEELING = _index(FEELINGS)
DURATION = _index(DURATIONS)
HISTORY_CHOICE = _index(HISTORY)
AGE_GROUP = _index(AGE_GROUPS)
HEALTH_CHOICE = _index(HEALTH)
MEDICINE = _index(MEDICINES)
