"""Reading parts of a page's HTML with a real parser (the standard library's html.parser).

Tests that look for one card, one section or the page's title find the element by its tag
and attributes, so how the template lays its tags out (attributes on one line or several,
indents, line breaks) does not matter; what is inside is checked as strictly as before.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Element:
    tag: str
    attrs: dict
    ancestors: list  # the open elements around this one, outermost first
    inner_start: int
    inner_end: int | None = None
    html: str = field(default="", repr=False)

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    @property
    def inner_html(self):
        """The HTML between the start and end tags, exactly as the page has it."""
        return self.html[self.inner_start : self.inner_end]

    @property
    def text(self):
        """The words inside, tags stripped and spaces squeezed (as tests.conftest.text_of)."""
        return squeeze(TextOf.of(self.inner_html))

    def inside(self, tag):
        return any(ancestor.tag == tag for ancestor in self.ancestors)


class TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        parser.close()
        return "".join(parser.parts)


class Elements(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.open = []
        self.found = []

    def position(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def start(self, tag, attrs, *, closed):
        end_of_tag = self.position() + len(self.get_starttag_text())
        element = Element(tag, dict(attrs), list(self.open), end_of_tag, html=self.html)
        self.found.append(element)
        if closed or tag in VOID:
            element.inner_end = end_of_tag
        else:
            self.open.append(element)

    def handle_starttag(self, tag, attrs):
        self.start(tag, attrs, closed=False)

    def handle_startendtag(self, tag, attrs):
        self.start(tag, attrs, closed=True)

    def handle_endtag(self, tag):
        if not any(element.tag == tag for element in self.open):
            return
        while self.open:
            element = self.open.pop()
            element.inner_end = self.position()
            if element.tag == tag:
                break


def elements(html, tag=None):
    """Every element (or every `tag`) in the HTML, in document order."""
    parser = Elements(html)
    parser.feed(html)
    parser.close()
    return [e for e in parser.found if tag is None or e.tag == tag]


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


def page_title(html):
    """The page's own <title> text (not the <title>s inside SVG pictures); None if none."""
    titles = [t.text for t in elements(html, "title") if not t.inside("svg")]
    assert len(titles) <= 1, titles
    return titles[0] if titles else None
