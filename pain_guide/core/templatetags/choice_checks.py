"""Radio buttons and checkboxes for forms rendered with crispy-forms (includes/form_field.html)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _attributes(attrs):
    """Like django.forms.utils.flatatt: True gives a bare attribute, False and None none."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _text(value):
    """Escaped, unless it is already safe HTML (an answer's label with its hint)."""
    return str(value) if hasattr(value, "__html__") else escape(str(value))


@register.simple_tag
def choice_checks(field):
    """One Bootstrap check (input, then its label) per answer of a radio or checkbox field.

    The same markup crispy-bootstrap5 writes for these fields (with a heading before each
    group, where the widget has ``headings``), built in one pass with the standard library's
    escaping: a page has up to a dozen answers, and a template loop over
    them cost about a millisecond.
    """
    invalid = " is-invalid" if field.errors else ""
    # A long list may be split into groups, each opened by a short heading.
    headings = getattr(field.field.widget, "headings", None) or {}
    checks = []
    for option in field.subwidgets:
        data = option.data
        heading = headings.get(str(data["value"]))
        if heading:
            checks.append(f'<h2 class="choice-group-heading">{escape(heading)}</h2>')
        checks.append(
            f'<div class="form-check"><input type="{escape(data["type"])}" '
            f'class="form-check-input{invalid}" name="{escape(data["name"])}" '
            f'value="{escape(str(data["value"]))}"{_attributes(data["attrs"])}> '
            f'<label for="{escape(data["attrs"]["id"])}" class="form-check-label">'
            f"{_text(data['label'])}</label></div>"
        )
    return mark_safe("\n".join(checks))  # noqa: S308 - every part escaped above
