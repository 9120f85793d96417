"""Reading grade of patient text, as the admin shows it and the tests check it."""

import re
from html import unescape

import textstat

MARKDOWN_MARKS = re.compile(r"(\*\*|__|^\s*[-*]\s+|^\s*\d+\.\s+)", re.M)


def plain_text(markdown_text):
    """Markdown without its marks; list items become sentences."""
    lines = [MARKDOWN_MARKS.sub("", line).strip() for line in (markdown_text or "").splitlines()]
    sentences = [
        line if line.endswith((".", "?", "!", ":")) else f"{line}." for line in lines if line
    ]
    return " ".join(sentences)


def reading_grade(markdown_text):
    """Flesch-Kincaid grade level (US school grade) of a text; 0 for an empty one."""
    text = plain_text(markdown_text)
    return round(textstat.flesch_kincaid_grade(text), 1) if text else 0.0


def rendered_text(html):
    """The words of rendered content HTML; each paragraph and list item ends a sentence."""
    parts = [
        unescape(re.sub(r"<[^>]+>", "", part)).strip() for part in re.split(r"</(?:p|li)>", html)
    ]
    return " ".join(
        part if part.endswith((".", "?", "!", ":")) else f"{part}." for part in parts if part
    )


def rendered_grade(html):
    """Flesch-Kincaid grade of rendered HTML, as a patient reads it."""
    text = rendered_text(html)
    return round(textstat.flesch_kincaid_grade(text), 1) if text else 0.0
