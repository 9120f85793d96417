"""The clinician's link builder."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pain_guide.core.forms import lean_helper
from pain_guide.core.regions import REGIONS
from pain_guide.library.models import Condition, Group, Medicine, Question

# The largest id a database's integer column can hold (a 64-bit signed integer).
LARGEST_ID = 2**63 - 1


class TopicField(forms.ModelMultipleChoiceField):
    """Ticked pages by id. An id no database column could hold is refused like any unknown
    one, before the database is asked (SQLite raises OverflowError for it: a 500)."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk).strip())
            except ValueError:
                continue  # not a number at all: Django's own check refuses it
            if not 0 < number <= LARGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


def topic_field(model, label):
    return TopicField(
        queryset=model.objects.published().order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=label,
    )


class ShareLinkForm(forms.Form):
    include_guide = forms.BooleanField(
        required=False, label=_("The guide: questions about their pain, and what fits it")
    )
    include_comparison = forms.BooleanField(
        required=False, label=_("Muscle relaxers vs nerve-pain medicines, side by side")
    )
    conditions = topic_field(Condition, _("Conditions"))
    questions = topic_field(Question, _("Common questions"))
    groups = topic_field(Group, _("Medicine groups"))
    medicines = topic_field(Medicine, _("Medicines"))
    language = forms.ChoiceField(
        # Left out (an older form, a script): the builder's own language.
        required=False,
        label=_("The patient's language"),
        help_text=_("The link, the printed handout and every page they open from it."),
        # Each language named in itself, and marked so (a screen reader says it rightly).
        choices=[
            (code, format_html('<span lang="{}">{}</span>', code, name))
            for code, name in settings.LANGUAGES
        ],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the languages listed.")},
    )
    region = forms.ChoiceField(
        # Translators: followed by a list of countries to choose from.
        label=_("Emergency and urgent-care wording for"),
        choices=(),
        error_messages={"invalid_choice": _("Choose one of the countries listed.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = settings.PAIN_GUIDE_SHARE_REGIONS
        field = self.fields["region"]
        # Only a choice when more than one country's wording is configured.
        field.widget = forms.RadioSelect() if len(regions) > 1 else forms.HiddenInput()
        field.choices = [(code, REGIONS[code].name) for code in regions]
        field.initial = regions[0]
        # The builder's own language, unless the clinician picks the patient's.
        self.fields["language"].initial = translation.get_language()
        self.helper = lean_helper()

    def clean_language(self):
        return self.cleaned_data.get("language") or translation.get_language()

    def clean(self):
        cleaned = super().clean()
        chosen = any(
            cleaned.get(name)
            for name in (
                "include_guide",
                "include_comparison",
                "conditions",
                "questions",
                "groups",
                "medicines",
            )
        )
        if not chosen:
            raise forms.ValidationError(_("Tick at least one topic to share."), code="empty")
        return cleaned
