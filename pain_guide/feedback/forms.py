from django import forms
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from .models import COMMENT_MAX_LENGTH

# Feedback is for the pages people read; anything else is refused. A shared result
# (/r/<code>/) is left out on purpose: its code would be stored with the feedback.
PAGES_WITH_FEEDBACK = {
    "guide:result",
    "library:index",
    "library:medicines",
    "library:medicine",
    "library:groups",
    "library:group",
    "library:conditions",
    "library:condition",
    "library:questions",
    "library:question",
    "library:comparison",
}


class FeedbackForm(forms.Form):
    page = forms.CharField(max_length=200, widget=forms.HiddenInput)
    helpful = forms.TypedChoiceField(
        label=_("Did this page help?"),
        # Translators: the answers to "Did this page help?".
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose yes or no."),
            "invalid_choice": _("Choose yes or no."),
        },
    )
    comment = forms.CharField(
        label=_("What was unclear? (optional)"),
        help_text=_("Please do not type your name or any personal or health details."),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
        error_messages={
            # Django fills in limit_value (COMMENT_MAX_LENGTH) when the error is shown.
            # Translators: %(limit_value)d is the most characters a comment may have.
            "max_length": _("Please keep it under %(limit_value)d characters."),
        },
    )

    def clean_page(self):
        page = self.cleaned_data["page"]
        if not page.startswith("/") or page.startswith("//") or "?" in page or "\\" in page:
            raise forms.ValidationError(_("Unknown page."))
        try:
            match = resolve(page)
        except Resolver404:
            raise forms.ValidationError(_("Unknown page.")) from None
        if match.view_name not in PAGES_WITH_FEEDBACK:
            raise forms.ValidationError(_("Unknown page."))
        return page

    def clean_comment(self):
        # Control characters have no place in a note; strip them rather than refuse.
        return "".join(
            ch for ch in self.cleaned_data["comment"] if ch.isprintable() or ch in "\n\t"
        ).strip()
