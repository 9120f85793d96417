"""Reading grade of patient text, as the admin shows it and the tests check it."""

import re

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
