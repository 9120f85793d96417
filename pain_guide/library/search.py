"""Search across the library by name, brand, misspelling and the everyday words people use.

The library is small (tens of items), so its published names and search words are read once
per content type (four queries), kept in the shared cache with the other things that are the
same for everyone, and matched in Python. Results come in this order:

1. EXACT: a name, brand or listed misspelling is what was typed ('lyrica', 'lyrica tablets').
2. NAMED: a name is in what was typed ('baclofen for back spasm').
3. WORDS: every word typed is in a name ('back pain', 'shingles pain'), or every word of one
   of an item's ``search_terms`` is in what was typed ('my feet are burning' has all of
   'burning feet'). The more words explained, the higher.
4. PART: what was typed is part of a search term ('spasm'; 'burning f' while still typing),
   or of a name once words such as 'medicine' are left out ('nerve pain pills').
5. LETTERS: the letters typed are in a name ('gaba', 'lyric').
6. CLOSE: a close spelling of a name (difflib): 'baclofin', 'relaxxol'. Only when nothing
   else matched, so a word that merely appears in a name does not bring in everything.

Within EXACT, NAMED, LETTERS and CLOSE, medicines come first (a name query); within WORDS and
PART, conditions come first, then medicine groups, then medicines, because a symptom is best
answered by its condition's page. Words are compared loosely: small words ('my', 'the') are
left out, and simple plural and -ing forms count as the same word ('feet' and 'foot',
'spasms' and 'spasm', 'burning' and 'burn').
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pain_guide.core import pagecache
from pain_guide.guide.content import current_language

from .models import Condition, Group, Medicine, Question

CLOSE_ENOUGH = 0.75

# Words that say nothing about which page is wanted. Kept short: every word added here is a
# word search can no longer tell apart.
SMALL_WORDS = frozenset(
    {"a", "an", "and", "at", "down", "for", "from", "i", "in", "is", "it", "me", "my", "of"}
    | {"on", "or", "the", "to", "vs", "versus", "with"}
    # Spanish (accents are left out before words are compared).
    | {"al", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "mi", "mis"}
    | {"o", "para", "por", "que", "se", "su", "sus", "tengo", "un", "una", "y"}
)
# Say that a medicine is wanted, not which: left out when matching everyday words, kept when
# matching names ('nerve pain medicine' is the nerve-pain groups more than the conditions).
MEDICINE_WORDS = frozenset(
    {"drug", "drugs", "medication", "medications", "medicine", "medicines", "meds"}
    | {"pill", "pills", "tablet", "tablets"}
    | {"farmaco", "farmacos", "medicamento", "medicamentos", "medicina", "medicinas"}
    | {"pastilla", "pastillas", "remedio", "remedios", "tableta", "tabletas"}
)
STOP_WORDS = SMALL_WORDS | MEDICINE_WORDS
# Words with a plural or past form that the suffix rules below would miss.
IRREGULAR = {"feet": "foot", "teeth": "tooth", "burnt": "burn", "injuries": "injury"}
SUFFIXES = ("ness", "ing", "ful", "ed", "es", "s", "e")


def normalise(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def stem(word):
    """A word's plain form, so 'burning'/'burns'/'burn' and 'spasms'/'spasm' compare equal.

    Deliberately crude (the vocabulary is small and both sides go through the same rules):
    one common ending off, and never below three letters.
    """
    if word in IRREGULAR:
        return IRREGULAR[word]
    for suffix in SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        if suffix == "s" and word.endswith("ss"):
            return word
        word = word[: -len(suffix)]
        # 'stabbing' -> 'stab', but 'pulled' -> 'pull'.
        if suffix in ("ing", "ed") and len(word) > 3 and word[-1] == word[-2] not in "lsfz":
            word = word[:-1]
        return word
    return word


def stems(words):
    return frozenset(stem(word) for word in words)


# Aches and pains are in most symptom phrases: on their own they must not match them all.
WEAK_WORDS = stems(["pain", "ache", "hurt", "sore"])


def content_words(text):
    """The words of normalised ``text`` that say which page is wanted, in order."""
    return [word for word in text.split() if word not in STOP_WORDS]


@dataclass(frozen=True)
class Name:
    """A name, brand or misspelling, ready to compare."""

    text: str  # as written, shown as what matched
    normalised: str
    stems: frozenset

    @classmethod
    def of(cls, text):
        normalised = normalise(text)
        return cls(text, normalised, stems(normalised.split()))


@dataclass(frozen=True)
class Phrase:
    """One of an item's search terms, ready to compare."""

    text: str  # as the seed or an editor wrote it, shown as what matched
    words: tuple  # its content words, as written (for a word still being typed)
    stems: frozenset

    @classmethod
    def of(cls, text):
        words = tuple(content_words(normalise(text)))
        return cls(text, words, stems(words))


@dataclass(frozen=True)
class Page:
    """A library page that is not a content row (the comparison), as a search result."""

    name: str
    summary: str
    url_name: str

    def get_absolute_url(self):
        return reverse(self.url_name)


# The comparison has no row of its own to hold search terms, so its few are kept here.
COMPARISON = Page(
    name=_("Muscle relaxers vs nerve-pain medicines, side by side"),
    summary=_(
        "The kinds of medicine side by side: what each is for, how well it works, "
        "how soon, and its risks."
    ),
    url_name="library:comparison",
)
COMPARISON_TERMS = {
    "en": (
        "muscle relaxer",
        "muscle relaxant",
        "muscle relaxer vs nerve pain medicine",
        "compare",
        "comparison",
        "side by side",
    ),
    "es": (
        "relajante muscular",
        "relajantes musculares",
        "relajante muscular o medicamento para los nervios",
        "comparar",
        "comparacion",
        "lado a lado",
    ),
}

EXACT, NAMED, WORDS, PART, LETTERS, CLOSE = range(6)
# How results of the same strength are ordered: names list medicines first, everyday words
# list the condition first (the page that explains the symptom), then groups, then medicines.
NAME_ORDER = ("Medicine", "Medicine group", "Condition", "Question", "Comparison")
WORDS_ORDER = ("Condition", "Medicine group", "Medicine", "Question", "Comparison")


@dataclass(frozen=True)
class Result:
    kind: str
    item: object
    matched: str  # the name, brand, spelling or everyday words that matched, as written

    @property
    def url(self):
        return self.item.get_absolute_url()


@dataclass(frozen=True)
class Entry:
    """One published item as search sees it."""

    kind: str
    item: object
    names: tuple  # Name for its name, brands and misspellings
    phrases: tuple  # Phrase for each of its search terms
    spellings: dict  # {a longer word of its names: that name}, for close spellings


@dataclass(frozen=True)
class Query:
    """What was typed, in the forms the matchers compare."""

    normalised: str  # 'my nerve pain pills'
    named: tuple  # the words that may be in a name: ('nerve', 'pain', 'pills')
    words: tuple  # the words that say which page: ('nerve', 'pain')
    named_stems: frozenset
    word_stems: tuple  # the stem of each of ``words``
    stems: frozenset

    @classmethod
    def of(cls, text):
        normalised = normalise(text)
        named = tuple(word for word in normalised.split() if word not in SMALL_WORDS)
        words = tuple(content_words(normalised))
        word_stems = tuple(stem(word) for word in words)
        return cls(normalised, named, words, stems(named), word_stems, frozenset(word_stems))


def _published_items():
    for medicine in Medicine.objects.published().order_by("name"):
        names = [medicine.name, *medicine.brands_us, *medicine.brands_uk, *medicine.misspellings]
        yield "Medicine", medicine, names, medicine.search_terms
    for group in Group.objects.published().order_by("name"):
        yield "Medicine group", group, [group.name, group.plain_name], group.search_terms
    for condition in Condition.objects.published().order_by("name"):
        yield "Condition", condition, [condition.name], condition.search_terms
    for question in Question.objects.published().order_by("name"):
        yield "Question", question, [question.name], question.search_terms
    # Found by its search terms only: its long title holds words of every other page.
    yield "Comparison", COMPARISON, [], COMPARISON_TERMS[current_language()]


def _build_entries():
    entries = []
    for kind, item, names, terms in _published_items():
        names = tuple(Name.of(name) for name in names)
        phrases = (Phrase.of(term) for term in terms)
        entries.append(
            Entry(
                kind=kind,
                item=item,
                names=names,
                # A term of small words, or only 'pain', would match far too much.
                phrases=tuple(phrase for phrase in phrases if phrase.stems - WEAK_WORDS),
                spellings={
                    word: name.text
                    for name in names
                    for word in name.normalised.split()
                    if len(word) > 3 and stem(word) not in WEAK_WORDS
                },
            )
        )
    return entries


def entries():
    """Every published item as an Entry in the page's language (its names, its search words),
    from the cache."""
    return pagecache.get_or_build(f"search-index-{current_language()}", _build_entries)


def _name_match(entry, query):
    """(strength, words explained, name as written) for the entry's best name, or None."""
    wanted = query.normalised
    best = None
    for name in entry.names:
        norm = name.normalised
        if norm in (wanted, " ".join(query.named), " ".join(query.words)):
            return EXACT, 0, name.text
        if len(norm) > 3 and f" {norm} " in f" {wanted} ":
            found = NAMED, 0
        elif query.named and query.named_stems <= name.stems:
            found = WORDS, len(query.named)
        elif query.words and query.stems <= name.stems:
            found = PART, 0
        elif (len(wanted) > 2 and wanted in norm) or f" {wanted}" in f" {norm}":
            found = LETTERS, 0  # 'gaba'; one or two letters only at the start of a word
        else:
            continue
        if best is None or (found[0], -found[1]) < (best[0], -best[1]):
            best = (*found, name.text)
    return best


def _phrase_match(entry, query):
    """(strength, words explained, phrase as written) for the entry's best term, or None."""
    best = None
    for phrase in entry.phrases:
        if phrase.stems <= query.stems:
            found = WORDS, len(phrase.stems)
        elif _part_of(phrase, query):
            found = PART, 0
        else:
            continue
        if best is None or (found[0], -found[1]) < (best[0], -best[1]):
            best = (*found, phrase.text)
    return best


def _part_of(phrase, query):
    """True when every word typed is in the phrase (the last may be unfinished), and at least
    one of them is more than an ache or a pain."""
    matched = set()
    last = len(query.words) - 1
    for position, (word, word_stem) in enumerate(zip(query.words, query.word_stems, strict=True)):
        if word_stem in phrase.stems:
            matched.add(word_stem)
            continue
        # 'burning f' while typing; a word on its own needs three letters.
        still_typing = position == last and (position > 0 or len(word) >= 3)
        started = stems(own for own in phrase.words if own.startswith(word))
        if not (still_typing and started):
            return False
        matched |= started
    return bool(matched - WEAK_WORDS)


def _close_match(entry, words):
    """The name with a word spelled most like one of the query's words, or None."""
    for word in words:
        if len(word) < 4:
            continue
        match = difflib.get_close_matches(word, entry.spellings, n=1, cutoff=CLOSE_ENOUGH)
        if match:
            return entry.spellings[match[0]]
    return None


def _rank(entry, position, strength, explained=0):
    order = WORDS_ORDER if strength in (WORDS, PART) else NAME_ORDER
    return (strength, -explained, order.index(entry.kind), position)


def find(query):
    """Results for a query, best first (see the module docstring for the order)."""
    query = Query.of(query)
    if not query.words:
        return []  # only small words ('my', 'the', 'pills'): they say nothing about a page
    library = entries()
    ranked = []
    for position, entry in enumerate(library):
        found = [
            match for match in (_name_match(entry, query), _phrase_match(entry, query)) if match
        ]
        if found:
            strength, explained, matched = min(found, key=lambda match: (match[0], -match[1]))
            rank = _rank(entry, position, strength, explained)
            ranked.append((rank, Result(entry.kind, entry.item, matched)))
    if not ranked:
        # Close spellings only when nothing else matched: in 'stiff muscles MS', 'muscles'
        # is no misspelling of 'Muscle relaxers'.
        for position, entry in enumerate(library):
            if matched := _close_match(entry, query.words):
                rank = _rank(entry, position, CLOSE)
                ranked.append((rank, Result(entry.kind, entry.item, matched)))
    return [result for _rank, result in sorted(ranked, key=lambda pair: pair[0])]


def suggest(query):
    """A name to try when nothing matched, or None."""
    names = [entry.item.name for entry in entries()]
    match = difflib.get_close_matches(query, names, n=1, cutoff=0.5)
    return match[0] if match else None
