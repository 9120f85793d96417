"""The library's words per language (django-modeltranslation): each field below gets a column
per language (name_en, name_es, ...), and ``name`` reads the active language's, falling back
to English. The sections themselves are Text rows, one per language."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import ComparisonRow, Condition, Group, Medicine, Question, Reference

CONTENT_FIELDS = (
    "name",
    "summary",
    "search_terms",
    "figures",
    "reviewed_on",
    "next_review_due",
    "reviewed_by",
)


@register(Group)
class GroupTranslation(TranslationOptions):
    fields = (*CONTENT_FIELDS, "plain_name")


@register(Medicine)
class MedicineTranslation(TranslationOptions):
    fields = (*CONTENT_FIELDS, "misspellings")


@register(Condition)
class ConditionTranslation(TranslationOptions):
    fields = CONTENT_FIELDS


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = (*CONTENT_FIELDS, "answer")


@register(ComparisonRow)
class ComparisonRowTranslation(TranslationOptions):
    fields = ("question", "reviewed_on", "next_review_due", "reviewed_by")


@register(Reference)
class ReferenceTranslation(TranslationOptions):
    # A source in the reader's language, where a canonical one says the same (MedlinePlus en
    # español, say); else the English source, marked as English (Reference.lang).
    fields = ("title", "url", "publisher", "year")


# History after the per-language fields exist, so that it records them too (django-simple-
# history makes its model from the fields it sees).
for model in (Group, Medicine, Condition, Question, ComparisonRow, Reference):
    register_history(model)


def translated_fields(item):
    """The names of ``item``'s fields that have a column per language."""
    from modeltranslation.translator import translator

    return tuple(translator.get_options_for_model(type(item)).fields)
