"""What every form on the site shares."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from . import regions


def lean_helper(label_class="fs-5 fw-bold"):
    """A crispy FormHelper for a form inside the page's own <form> tag, which renders radio
    buttons and checkboxes through the site's lean templates (includes/form_field.html):
    a question with a dozen answers renders in a fraction of a millisecond, not several."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.label_class = label_class
    helper.template = "includes/form_fields.html"
    helper.field_template = "includes/form_field.html"
    return helper


MAX_NEXT_LENGTH = 2000


def same_site_path(url):
    """``url`` if it is a path on this site ("/library/"), else None: never another site,
    never a scheme, never a control character (an open redirect or a broken header)."""
    if not isinstance(url, str) or not url.startswith("/") or len(url) > MAX_NEXT_LENGTH:
        return None
    if any(ord(char) < 32 or ord(char) == 127 or char == "\\" for char in url):
        return None
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return None
    return url


class RegionForm(forms.Form):
    """Which country's services the pages name, for the rest of this visit."""

    region = forms.ChoiceField(
        label=_("Which country's emergency and health services should we show?"),
        choices=(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a country."),
            "invalid_choice": _("Choose one of the countries listed."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, r.name) for r in regions.served_regions()]
        self.helper = lean_helper()
