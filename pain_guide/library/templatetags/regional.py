"""A medicine as the reader's country sees it: ``{% with here=medicine|in_region:region %}``."""

from django import template

register = template.Library()


@register.filter
def in_region(medicine, region):
    """``medicine.in_region`` for the page's ``region`` (a core.regions.Region)."""
    return medicine.in_region(region.code)
