"""Template tags for the guide's question pages."""

from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html_join

register = template.Library()

CHECK = (
    '<div class="form-check"><input type="{}" class="form-check-input{}" name="{}" value="{}"{}>'
    ' <label for="{}" class="form-check-label">{}</label></div>'
)


@register.simple_tag
def choice_checks(field):
    """One Bootstrap check (input, then its label) per answer of a radio or checkbox field.

    The same markup crispy-bootstrap5 writes for these fields, built in one pass: a page
    has up to a dozen answers, and a template loop over them cost about a millisecond.
    """
    invalid = " is-invalid" if field.errors else ""
    return format_html_join(
        "\n",
        CHECK,
        (
            (
                option.data["type"],
                invalid,
                option.data["name"],
                option.data["value"],
                flatatt(option.data["attrs"]),
                option.data["attrs"]["id"],
                option.data["label"],
            )
            for option in field.subwidgets
        ),
    )
