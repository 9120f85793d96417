"""Load the library's seed content (seed/**.toml) into the database, idempotently.

Each row remembers a fingerprint of the seed values it was last loaded from.
On a later load:
- a row whose values still match that fingerprint is brought up to date with
  the seed (or left alone if the seed has not changed);
- a row an editor has changed in the admin since (its values no longer match
  the fingerprint) is kept as the editor left it, and reported.
So loading twice changes nothing, and editors' work is never silently lost.
"""

import hashlib
import json
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import translation

from pain_guide.guide.content import CONTENT_DIR as GUIDE_CONTENT_DIR
from pain_guide.library.apps import content_changed

from .models import (
    DEFAULT_LANGUAGE,
    TRANSLATED_LANGUAGES,
    Code,
    CodeSystem,
    ComparisonCell,
    ComparisonRow,
    Condition,
    Group,
    Medicine,
    Question,
    Reference,
    Text,
    normalise_code,
)
from .sections import SEED_DIR, section_keys

MEDICINE_SECTIONS = section_keys("medicine")
GROUP_SECTIONS = section_keys("group")
CONDITION_SECTIONS = section_keys("condition")
QUESTION_SECTIONS = section_keys("question")
REVIEW_FIELDS = ("reviewed_on", "next_review_due", "reviewed_by")


FIGURE_FIELDS = ("outcome", "who", "medicine", "treated", "placebo", "ref", "source")
# What the comparison group had, when it was not a dummy pill (e.g. "a dummy patch").
FIGURE_OPTIONAL = {"control": "a dummy pill"}


def figures(data, refs):
    """An item's out-of-100 figures, checked: whole numbers of people out of 100, each from a
    reference in the register (the page must cite it too; a test checks that)."""
    checked = []
    for figure in data.get("figures", []):
        if not set(FIGURE_FIELDS) <= set(figure) <= {*FIGURE_FIELDS, *FIGURE_OPTIONAL}:
            raise ValueError(
                f"{data['slug']}: a figure needs {FIGURE_FIELDS}, and may have {tuple(FIGURE_OPTIONAL)}"
            )
        for arm in ("treated", "placebo"):
            if not isinstance(figure[arm], int) or not 0 <= figure[arm] <= 100:
                raise ValueError(f"{data['slug']}: {arm} must be a whole number from 0 to 100")
        if figure["ref"] not in refs:
            raise ValueError(f"{data['slug']}: figure cites unknown reference {figure['ref']!r}")
        # What the comparison group had is shown only when the seed says (else the page's
        # own words for "a dummy pill", in its language).
        checked.append({name: figure[name] for name in figure})
    return checked


def search_terms(data):
    """An item's everyday search words (symptoms, conditions), checked: a list of phrases."""
    terms = data.get("search_terms", [])
    if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
        raise ValueError(f"{data['slug']}: search_terms must be a list of words or phrases")
    return [term.strip() for term in terms]


def item_words(data, refs):
    """What every library item has, in the seed file's language: its name, summary, review,
    figures and search words."""
    return {
        "name": data.get("name") or data.get("question"),
        "summary": data.get("summary") or data.get("answer"),
        **{name: data[name] for name in REVIEW_FIELDS},
        "figures": figures(data, refs),
        "search_terms": search_terms(data),
    }


def translated_words(item, language, columns, sections=None):
    """A fingerprint of ``item``'s words in ``language`` as they are stored: the given
    ``<field>_<language>`` columns and its sections in that language, with their sources
    (``sections``: its Text rows in that language by position, if already at hand)."""
    if sections is None:
        sections = item.texts.filter(language=language).order_by("position")
        sections = sections.prefetch_related("references")
    return fingerprint(
        {
            **{name: getattr(item, name) for name in columns},
            "sections": [
                (text.key, text.body, sorted(ref.key for ref in text.references.all()))
                for text in sections
            ],
        }
    )


CODE_FIELDS = {"system", "code", "display", "source"}
CODE_OPTIONAL = {"checked"}


def codes(data):
    """An item's standard codes (``[[codes]]``, English seed only: codes are not words),
    checked: a known system, a code of that system's shape, its name at the source, an https
    source, and ``checked`` (the day it was confirmed there) only as a date. A code without
    ``checked`` is a candidate: stored for an editor to confirm, never matched."""
    checked_codes = []
    for entry in data.get("codes", []):
        if not CODE_FIELDS <= set(entry) <= CODE_FIELDS | CODE_OPTIONAL:
            raise ValueError(
                f"{data['slug']}: a code needs {sorted(CODE_FIELDS)}, and may have 'checked'"
            )
        if entry["system"] not in CodeSystem.values:
            raise ValueError(f"{data['slug']}: unknown code system {entry['system']!r}")
        if normalise_code(entry["system"], entry["code"]) is None:
            raise ValueError(f"{data['slug']}: {entry['code']!r} is not a {entry['system']} code")
        if not entry["source"].startswith("https://") or not entry["display"].strip():
            raise ValueError(
                f"{data['slug']}: code {entry['code']} needs a name and an https source"
            )
        checked = entry.get("checked")
        if isinstance(checked, str):
            try:
                checked = date.fromisoformat(checked)
            except ValueError:
                raise ValueError(
                    f"{data['slug']}: code {entry['code']}: checked must be a date"
                ) from None
        if checked is not None and (not isinstance(checked, date) or isinstance(checked, datetime)):
            raise ValueError(f"{data['slug']}: code {entry['code']}: checked must be a date")
        checked_codes.append(
            {
                "system": entry["system"],
                "code": entry["code"],
                "display": entry["display"].strip(),
                "source_url": entry["source"],
                "checked_on": checked,
            }
        )
    return checked_codes


REF_WORDS = ("title", "url", "publisher", "year")


def save_if_changed(row, values):
    """Set ``values`` on ``row`` and save it, only if one differs: an unchanged row gets no
    new history entry (loading the seed again changes nothing)."""
    if any(getattr(row, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(row, name, value)
        row.save()


def read_toml(path):
    with path.open("rb") as file:
        return tomllib.load(file)


def _plain(value):
    if isinstance(value, models.Model):
        return getattr(value, "slug", None) or getattr(value, "key", None) or value.pk
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def fingerprint(values):
    plain = {name: _plain(value) for name, value in values.items()}
    return hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest()


# Fields added to the seed after rows were first loaded, with their empty value: a row loaded
# before a field existed has a fingerprint without it, and must not look edited because of it.
FIELDS_ADDED_LATER = {
    "figures": [],
    "available_us": "yes",
    "available_uk": "yes",
    "search_terms": [],
}


def loaded_as_is(current, seed_hash):
    """True when a row still holds exactly what the seed last gave it (no editor changed it).

    The seed may have been loaded before some of FIELDS_ADDED_LATER existed: any of them still
    at its empty value may be missing from that load's fingerprint.
    """
    if fingerprint(current) == seed_hash:
        return True
    unset = [
        name
        for name, empty in FIELDS_ADDED_LATER.items()
        if name in current and current[name] == empty
    ]
    for size in range(1, len(unset) + 1):
        for names in combinations(unset, size):
            older = {name: value for name, value in current.items() if name not in names}
            if fingerprint(older) == seed_hash:
                return True
    return False


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    kept: list = field(default_factory=list)

    def __str__(self):
        parts = [f"{self.counts[k]} {k}" for k in ("created", "updated", "unchanged", "kept")]
        if self.counts["deleted"]:
            parts.append(f"{self.counts['deleted']} deleted")
        lines = ["Library seed: " + ", ".join(parts) + "."]
        lines += [f"  kept editor's changes: {item}" for item in self.kept]
        return "\n".join(lines)


class Loader:
    """Syncs seed values into rows; see the module docstring for the rules."""

    def __init__(self, seed_dir=SEED_DIR, extra_reference_files=None):
        self.seed_dir = seed_dir
        if extra_reference_files is None:
            extra_reference_files = sorted(GUIDE_CONTENT_DIR.glob("*.toml"))
        self.extra_reference_files = extra_reference_files
        self.report = Report()
        # The rows already stored, by model and the fields a sync looks them up by (_stored).
        self.stored = {}

    def _stored(self, model, lookup, values, m2m_names):
        """The index of stored rows by ``lookup``'s fields, and ``lookup``'s key in it.

        A load syncs every row of the library, most of them unchanged. So the first sync of a
        model reads its rows in one query (with the rows they point to and the many-to-many
        fields it compares), instead of a query or two a row: a table at a time, or an item
        at a time for the rows that belong to one item (its sections, its codes), so that a
        small seed loaded over a large library reads only what it names."""
        names = tuple(sorted(lookup))
        item = None
        if {"content_type", "object_id"} <= set(lookup):
            item = (lookup["content_type"].pk, lookup["object_id"])
        index = self.stored.get((model, names, item))
        if index is None:
            index = {}
            fields = [model._meta.get_field(name) for name in names]
            rows = model.objects.prefetch_related(*m2m_names).order_by("pk")
            if item is not None:
                rows = rows.filter(content_type_id=item[0], object_id=item[1])
            pointed_to = [name for name in values if model._meta.get_field(name).many_to_one]
            if pointed_to:
                rows = rows.select_related(*pointed_to)
            for row in rows:  # as .first() would, the lowest key where two rows match
                index.setdefault(tuple(getattr(row, field.attname) for field in fields), row)
            self.stored[(model, names, item)] = index
        key = tuple(
            lookup[name].pk if isinstance(lookup[name], models.Model) else lookup[name]
            for name in names
        )
        return index, key

    def _rows_of(self, model, item, *lookup_names):
        """``item``'s rows of ``model`` (Text, Code) as _stored read them, or None if it has
        not read them yet in this load."""
        content_type = ContentType.objects.get_for_model(item)
        return self.stored.get((model, tuple(sorted(lookup_names)), (content_type.pk, item.pk)))

    def _sections(self, item, language):
        """``item``'s Text rows in ``language`` by position, as _stored read them (None if it
        has not read them yet in this load)."""
        index = self._rows_of(Text, item, "content_type", "object_id", "language", "key")
        if index is None:
            return None
        rows = [text for text in index.values() if text.language == language]
        return sorted(rows, key=lambda text: (text.position, text.pk))

    def sync(self, model, lookup, values, m2m=None):
        """Create or update one row; ``m2m`` maps a field name to the related objects."""
        m2m = m2m or {}
        seed_values = {**values, **{name: sorted(_plain(list(objs))) for name, objs in m2m.items()}}
        seed_hash = fingerprint(seed_values)
        index, key = self._stored(model, lookup, values, list(m2m))
        obj = index.get(key)
        if obj is None:
            obj = model(**lookup, **values, seed_hash=seed_hash)
            obj.save()
            index[key] = obj
            for name, objs in m2m.items():
                getattr(obj, name).set(objs)
            self.report.counts["created"] += 1
            return obj
        current = {name: getattr(obj, name) for name in values}
        current |= {name: sorted(_plain(list(getattr(obj, name).all()))) for name in m2m}
        if fingerprint(current) == seed_hash:
            if obj.seed_hash != seed_hash:
                model.objects.filter(pk=obj.pk).update(seed_hash=seed_hash)
                obj.seed_hash = seed_hash
            self.report.counts["unchanged"] += 1
            return obj
        if not loaded_as_is(current, obj.seed_hash):
            # Changed in the admin since the last load: the editor's version stands.
            self.report.counts["kept"] += 1
            self.report.kept.append(f"{model._meta.verbose_name} {lookup}")
            return obj
        for name, value in values.items():
            setattr(obj, name, value)
        obj.seed_hash = seed_hash
        obj.save()
        for name, objs in m2m.items():
            getattr(obj, name).set(objs)
        self.report.counts["updated"] += 1
        return obj

    # --- content types ---------------------------------------------------------

    def references(self):
        # The guide's result cites references too: one register serves both.
        tables = [read_toml(path).get("references", {}) for path in self.extra_reference_files]
        tables += [
            read_toml(path) for path in sorted((self.seed_dir / "references").glob("*.toml"))
        ]
        by_key = {}
        for table in tables:
            for key, ref in table.items():
                values = {
                    "title": ref["title"],
                    "authors": ref.get("authors", ""),
                    "year": ref["year"],
                    "publisher": ref["publisher"],
                    "url": ref["url"],
                    "pmid": ref.get("pmid", ""),
                    "doi": ref.get("doi", ""),
                }
                by_key[key] = self.sync(Reference, {"key": key}, values)
        return by_key

    def texts(self, item, sections, allowed_keys, refs, language=DEFAULT_LANGUAGE):
        content_type = ContentType.objects.get_for_model(item)
        for position, section in enumerate(sections):
            key = section["key"]
            if key not in allowed_keys:
                raise ValueError(f"{item}: unknown section {key!r}")
            self.sync(
                Text,
                {
                    "content_type": content_type,
                    "object_id": item.pk,
                    "language": language,
                    "key": key,
                },
                {"body": section["body"].strip(), "position": position},
                m2m={"references": [refs[ref] for ref in section["refs"]]},
            )

    def codes(self, item, entries):
        """An item's codes from the seed. As for every row, one an editor changed in the admin
        is kept. A code the seed no longer lists is deleted only if it came from the seed and
        nobody has changed it since (a code an editor added or edited stays)."""
        content_type = ContentType.objects.get_for_model(item)
        wanted = set()
        for entry in entries:
            lookup = {
                "content_type": content_type,
                "object_id": item.pk,
                "system": entry["system"],
                "code": entry["code"],
            }
            values = {name: entry[name] for name in ("display", "source_url", "checked_on")}
            wanted.add(self.sync(Code, lookup, values).pk)
        index = self._rows_of(Code, item, "content_type", "object_id", "system", "code")
        if index is None:  # the seed gives it no code: its codes from the database
            index = {
                code.pk: code
                for code in Code.objects.filter(content_type=content_type, object_id=item.pk)
            }
        for key, code in list(index.items()):
            if code.pk in wanted:
                continue
            current = {
                name: getattr(code, name) for name in ("display", "source_url", "checked_on")
            }
            if code.seed_hash and loaded_as_is(current, code.seed_hash):
                code.delete()
                del index[key]
                self.report.counts["deleted"] += 1

    def content(self, model, data, extra, sections, refs, m2m=None):
        values = {**item_words(data, refs), **extra}
        item = self.sync(model, {"slug": data["slug"]}, values, m2m=m2m)
        self.texts(item, data.get("sections", []), sections, refs)
        if model in (Medicine, Condition):
            self.codes(item, codes(data))
        elif "codes" in data:
            raise ValueError(f"{data['slug']}: only medicines and conditions have codes")
        return item

    def load(self, language=DEFAULT_LANGUAGE):
        root = self.seed_dir / language
        refs = self.references()
        groups = {}
        for path in sorted((root / "groups").glob("*.toml")):
            data = read_toml(path)
            extra = {"plain_name": data["plain_name"], "kind": data["kind"]}
            groups[data["slug"]] = self.content(Group, data, extra, GROUP_SECTIONS, refs)
        medicines = {}
        for path in sorted((root / "medicines").glob("*.toml")):
            data = read_toml(path)
            extra = {
                "group": groups[data["group"]],
                "brands_us": data.get("brands_us", []),
                "brands_uk": data.get("brands_uk", []),
                "available_us": data.get("available_us", "yes"),
                "available_uk": data.get("available_uk", "yes"),
                "misspellings": data.get("misspellings", []),
                "evidence_nerve_pain": data["evidence_nerve_pain"],
                "evidence_muscle_pain": data["evidence_muscle_pain"],
            }
            medicines[data["slug"]] = self.content(Medicine, data, extra, MEDICINE_SECTIONS, refs)
        conditions = {}
        for path in sorted((root / "conditions").glob("*.toml")):
            data = read_toml(path)
            m2m = {
                "related_groups": [groups[slug] for slug in data.get("related_groups", [])],
                "related_medicines": [
                    medicines[slug] for slug in data.get("related_medicines", [])
                ],
            }
            conditions[data["slug"]] = self.content(
                Condition, data, {}, CONDITION_SECTIONS, refs, m2m=m2m
            )
        for path in sorted((root / "questions").glob("*.toml")):
            data = read_toml(path)
            m2m = {
                "related_groups": [groups[slug] for slug in data.get("related_groups", [])],
                "related_medicines": [
                    medicines[slug] for slug in data.get("related_medicines", [])
                ],
                "related_conditions": [
                    conditions[slug] for slug in data.get("related_conditions", [])
                ],
            }
            self.content(
                Question, data, {"answer": data["answer"]}, QUESTION_SECTIONS, refs, m2m=m2m
            )
        comparison = root / "comparison.toml"
        if comparison.exists():
            self.comparison(read_toml(comparison), groups, refs)
        return self.report

    def comparison(self, data, groups, refs):
        for position, row_data in enumerate(data["rows"]):
            row = self.sync(
                ComparisonRow,
                {"key": row_data["key"]},
                {
                    "question": row_data["question"],
                    "position": position,
                    **{name: data[name] for name in REVIEW_FIELDS},
                },
            )
            for slug, cell_data in row_data["cells"].items():
                cell = self.sync(
                    ComparisonCell,
                    {"row": row, "group": groups[slug]},
                    {
                        "label": cell_data.get("label", ""),
                        "onset_days": cell_data.get("onset_days", 0),
                        "level": cell_data.get("level", ""),
                    },
                )
                self.texts(
                    cell,
                    [{"key": "cell", "body": cell_data["text"], "refs": cell_data["refs"]}],
                    {"cell"},
                    refs,
                )

    # --- translations -----------------------------------------------------------

    def translate(self, item, language, values, sections=(), allowed_keys=(), refs=None):
        """One item's words in ``language`` (its ``<field>_<language>`` columns and its Text
        rows in that language), and the English they were made from. As for the English, a
        translation an editor has changed since the last load is kept, and reported."""
        columns = {f"{name}_{language}": value for name, value in values.items()}
        seed_hash = fingerprint(
            {**columns, "sections": [(s["key"], s["body"].strip(), s["refs"]) for s in sections]}
        )
        state = item.translated_from.get(language, {})
        current = translated_words(item, language, columns, self._sections(item, language))
        if state.get("seed") and state.get("loaded") != current:
            # Changed in the admin since the last load: the editor's version stands.
            self.report.counts["kept"] += 1
            self.report.kept.append(f"{item._meta.verbose_name} {item.slug} ({language})")
            return
        if state.get("seed") == seed_hash:
            self.report.counts["unchanged"] += 1
            return
        for name, value in columns.items():
            setattr(item, name, value)
        item.save()
        if sections:
            self.texts(item, sections, allowed_keys, refs, language=language)
        item.record_translation(
            language,
            seed=seed_hash,
            loaded=translated_words(item, language, columns, self._sections(item, language)),
            english=item.english_version(),
        )
        self.report.counts["updated" if state else "created"] += 1

    def translated_references(self, language):
        """References in ``language`` (content/<language>/references.toml): where a source in
        that language says the same (``language = "<code>"``), its title, address, publisher
        and year; else the English source stands (and is marked as English on the page)."""
        path = GUIDE_CONTENT_DIR / language / "references.toml"
        refs = {ref.key: ref for ref in Reference.objects.all()}
        for key, entry in read_toml(path)["references"].items():
            if entry.get("language") != language:
                continue
            save_if_changed(refs[key], {f"{name}_{language}": entry[name] for name in REF_WORDS})
        return refs

    def load_translation(self, language):
        """The seed in ``language`` (seed/<language>/), file for file and key for key with
        the English one, which must be loaded first."""
        root = self.seed_dir / language
        refs = self.translated_references(language)
        kinds = (
            ("groups", Group, GROUP_SECTIONS, ("plain_name",)),
            ("medicines", Medicine, MEDICINE_SECTIONS, ("misspellings",)),
            ("conditions", Condition, CONDITION_SECTIONS, ()),
            ("questions", Question, QUESTION_SECTIONS, ("answer",)),
        )
        for folder, model, allowed, own_fields in kinds:
            items = {item.slug: item for item in model.objects.all()}
            for path in sorted((root / folder).glob("*.toml")):
                data = read_toml(path)
                item = items[data["slug"]]
                values = {
                    **item_words(data, refs),
                    **{name: data.get(name, []) for name in own_fields},
                }
                self.translate(item, language, values, data.get("sections", []), allowed, refs)
        comparison = root / "comparison.toml"
        if comparison.exists():
            data = read_toml(comparison)
            rows = {row.key: row for row in ComparisonRow.objects.all()}
            cells = {
                (cell.row_id, cell.group.slug): cell
                for cell in ComparisonCell.objects.select_related("group")
            }
            for row_data in data["rows"]:
                row = rows[row_data["key"]]
                words = {"question": row_data["question"], **{n: data[n] for n in REVIEW_FIELDS}}
                save_if_changed(row, {f"{name}_{language}": value for name, value in words.items()})
                for slug, cell_data in row_data["cells"].items():
                    cell = cells[row.pk, slug]
                    self.texts(
                        cell,
                        [{"key": "cell", "body": cell_data["text"], "refs": cell_data["refs"]}],
                        {"cell"},
                        refs,
                        language=language,
                    )
        return self.report


def load_seed(language=None, **options):
    """Load every seed file in one transaction (English, then each translation, or only
    ``language``'s); returns the Report."""
    # Each field is written by its own name (name_en, name_es): whatever language is active
    # must not decide which column ``name`` means.
    with transaction.atomic(), translation.override(DEFAULT_LANGUAGE):
        loader = Loader(**options)
        report = loader.load(DEFAULT_LANGUAGE)
        for code in [language] if language else TRANSLATED_LANGUAGES:
            if code != DEFAULT_LANGUAGE and (loader.seed_dir / code).is_dir():
                loader.load_translation(code)
        # Some rows change through update(), which sends no signal: retire cached pages the
        # way every save does (apps.content_changed, the one place).
        transaction.on_commit(lambda: content_changed(sender=Loader))
        return report
