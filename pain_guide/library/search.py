"""Search across the library by generic name, brand name and common misspellings.

The library is small (tens of items), so its published names are read once per
content type (four queries), kept in the shared cache with the other things that
are the same for everyone, and matched in Python: exact words first, then close
spellings (difflib), so 'baclophen', 'neurontin' and 'flexiril' work.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass

from pain_guide.core import pagecache

from .models import Condition, Group, Medicine, Question

CLOSE_ENOUGH = 0.75


def normalise(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@dataclass(frozen=True)
class Result:
    kind: str
    item: object
    matched: str  # the name, brand or spelling that matched, as the person may know it

    @property
    def url(self):
        return self.item.get_absolute_url()


def _published_items():
    for medicine in Medicine.objects.published().order_by("name"):
        yield (
            "Medicine",
            medicine,
            [
                medicine.name,
                *medicine.brands_us,
                *medicine.brands_uk,
                *medicine.misspellings,
            ],
        )
    for group in Group.objects.published().order_by("name"):
        yield "Medicine group", group, [group.name, group.plain_name]
    for condition in Condition.objects.published().order_by("name"):
        yield "Condition", condition, [condition.name]
    for question in Question.objects.published().order_by("name"):
        yield "Question", question, [question.name]


def _build_entries():
    return [
        (kind, item, [(term, normalise(term)) for term in terms])
        for kind, item, terms in _published_items()
    ]


def entries():
    """(kind, item, [(term, normalised term)]) for every published item, from the cache."""
    return pagecache.get_or_build("search-entries", _build_entries)


def find(query):
    """Results for a query, best first: exact or contained matches, then close spellings."""
    wanted = normalise(query)
    if not wanted:
        return []
    words = wanted.split()
    exact, close = [], []
    for kind, item, normalised in entries():
        hit = next((term for term, norm in normalised if wanted in norm or norm == wanted), None)
        if hit is None and len(words) > 1:
            hit = next(
                (term for term, norm in normalised if all(word in norm.split() for word in words)),
                None,
            )
        if hit is not None:
            exact.append(Result(kind, item, hit))
            continue
        term_words = {
            word: term for term, norm in normalised for word in norm.split() if len(word) > 3
        }
        for word in words:
            if len(word) < 4:
                continue
            match = difflib.get_close_matches(word, term_words, n=1, cutoff=CLOSE_ENOUGH)
            if match:
                close.append(Result(kind, item, term_words[match[0]]))
                break
    return exact + close


def suggest(query):
    """A name to try when nothing matched, or None."""
    names = [item.name for _, item, _ in entries()]
    match = difflib.get_close_matches(query, names, n=1, cutoff=0.5)
    return match[0] if match else None
