"""Out-of-100 pictures (icon arrays) drawn on the server as SVG.

A picture shows 100 people as a 10 by 10 grid of dots; the first ``count`` are filled. It is
decoration for sighted readers: the same numbers always stand beside it in words, so the SVG is
hidden from screen readers, and it prints as it shows (no colour needed: filled vs outlined).
"""

from functools import cache

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

SIZE = 10  # dots a row
STEP = 12  # pixels between dot centres
RADIUS = 4.5


@cache
def icon_array_svg(count):
    """The SVG for ``count`` people out of 100 (cached: there are only 101 pictures).

    Kept small (a page may show several): the filled dots in one group, the others in
    another, each dot as short as a circle can be.
    """
    count = max(0, min(100, int(count)))
    dots = [
        f'<circle cx="{STEP / 2 + (i % SIZE) * STEP:g}" cy="{STEP / 2 + (i // SIZE) * STEP:g}" '
        f'r="{RADIUS}"/>'
        for i in range(100)
    ]
    side = SIZE * STEP
    return (
        f'<svg class="icon-array" viewBox="0 0 {side} {side}" width="{side}" height="{side}" '
        f'aria-hidden="true" focusable="false"><g class="icon-array__filled">'
        f'{"".join(dots[:count])}</g><g class="icon-array__empty">{"".join(dots[count:])}</g></svg>'
    )


@register.simple_tag
def icon_array(count):
    return mark_safe(icon_array_svg(count))  # noqa: S308 - built from numbers only
