"""Markdown to safe HTML: Python-Markdown renders, nh3 (Ammonia) sanitises."""

import markdown
import nh3

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "br"}


def render_markdown(text):
    """Content Markdown as HTML with only the few tags content may use, nothing else."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, link_rel=None)
