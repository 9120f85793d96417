"""The clinician's link builder."""

from django import forms
from django.conf import settings

from pain_guide.core.forms import lean_helper
from pain_guide.core.regions import REGIONS
from pain_guide.library.models import Condition, Group, Medicine, Question


def topic_field(model, label):
    return forms.ModelMultipleChoiceField(
        queryset=model.objects.published().order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=label,
    )


class ShareLinkForm(forms.Form):
    include_guide = forms.BooleanField(
        required=False, label="The guide: questions about their pain, and what fits it"
    )
    include_comparison = forms.BooleanField(
        required=False, label="Muscle relaxers vs nerve-pain medicines, side by side"
    )
    conditions = topic_field(Condition, "Conditions")
    questions = topic_field(Question, "Common questions")
    groups = topic_field(Group, "Medicine groups")
    medicines = topic_field(Medicine, "Medicines")
    region = forms.ChoiceField(
        label="Emergency and urgent-care wording for",
        choices=(),
        error_messages={"invalid_choice": "Choose one of the countries listed."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = settings.PAIN_GUIDE_SHARE_REGIONS
        field = self.fields["region"]
        # Only a choice when more than one country's wording is configured.
        field.widget = forms.RadioSelect() if len(regions) > 1 else forms.HiddenInput()
        field.choices = [(code, REGIONS[code].name) for code in regions]
        field.initial = regions[0]
        self.helper = lean_helper()

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
            raise forms.ValidationError("Tick at least one topic to share.", code="empty")
        return cleaned
