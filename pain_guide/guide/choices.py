"""The answers a person can give, in the order and words they see them.

Shared by the forms and the result page. The words are content
([asks] in content/questions.toml); here they become Choices. Each choice has a ``label``
(what the person ticks) and a ``phrase``: the clause the result uses to quote it back
("You said *it is burning*"). Red-flag wording lives in content/red_flags.toml.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .content import result_content


@dataclass(frozen=True)
class Choice:
    """One answer: its code (the rules' vocabulary), and its words in the page's language,
    read when they are shown ([asks.<field>] in content/questions.toml and its
    translations, which list the same codes in the same order)."""

    field: str
    code: str

    def _words(self) -> dict[str, str]:
        for item in result_content()["asks"][self.field]["choices"]:
            if item["code"] == self.code:
                return dict(item)
        raise KeyError(f"{self.field}: {self.code}")

    @property
    def label(self) -> str:
        return self._words()["label"]

    @property
    def phrase(self) -> str:
        return self._words()["phrase"]

    @property
    def hint(self) -> str:
        return self._words().get("hint", "")


def _index(choices: Iterable[Choice]) -> dict[str, Choice]:
    return {choice.code: choice for choice in choices}


NONE = "none"
NOT_SURE = "not-sure"


def _choices(field: str) -> tuple[Choice, ...]:
    """One answer's choices, in the order shown, from content/questions.toml."""
    return tuple(
        Choice(field, item["code"]) for item in result_content("en")["asks"][field]["choices"]
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
