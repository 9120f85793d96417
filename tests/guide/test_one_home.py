"""Every patient-facing word of the guide lives in its content files (ADR 0003, issue 15):
presenters and views put words together, they never hold them. A sentence written into
pain_guide/guide/presenters.py or views.py fails here; move it to a file in
pain_guide/guide/content/ (titles and notices: pages.toml; words around the person's
answers: [phrases] in result.toml) and read it with content.words() or result_content()."""

import ast
import re
import tomllib
from pathlib import Path

import pytest

from pain_guide.guide import rules
from pain_guide.guide.content import result_content

GUIDE = Path(__file__).resolve().parents[2] / "pain_guide" / "guide"
# Two words of letters side by side: prose, not a code ("lower-back"), key or template name.
PROSE = re.compile(r"[A-Za-z]{2,}[ ,'’][A-Za-z]")


def docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                yield first.value


def not_for_patients(tree):
    """Strings for developers: log lines and exception messages (never shown to a patient:
    the friendly error pages say what they say)."""
    for node in ast.walk(tree):
        call = node.exc if isinstance(node, ast.Raise) else node
        if isinstance(call, ast.Call):
            target = call.func
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if isinstance(node, ast.Raise) or name in {"debug", "info", "warning", "error"}:
                if name == "info" and isinstance(target, ast.Attribute):
                    owner = getattr(target.value, "id", "")
                    if owner == "messages":  # messages.info(...) is shown to the person
                        continue
                yield from (arg for arg in call.args if isinstance(arg, ast.Constant))


def prose_in(source):
    tree = ast.parse(source)
    skip = {id(node) for node in (*docstrings(tree), *not_for_patients(tree))}
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and PROSE.search(re.sub(r"<[^>]*>", "", node.value))  # markup is not prose
    ]


@pytest.mark.parametrize(
    "module", ["presenters.py", "views.py", "forms.py", "choices.py", "steps.py"]
)
def test_presenters_views_and_questions_hold_no_patient_prose(module):
    assert prose_in((GUIDE / module).read_text()) == []


def test_the_check_finds_prose_where_it_is_written():
    """The check itself can fail: prose in a dict, an f-string, a notice, a title."""
    source = '''
"""A docstring may say anything at all."""
import logging
logger = logging.getLogger(__name__)
WORDS = {"nerve": "mostly nerve-type pain"}
def view(request, messages, count):
    """So may this one."""
    logger.warning("A log line for developers (%s).", count)
    messages.info(request, "Your answers have been cleared.")
    title = f"Your result, step {count}"
    if not count:
        raise ValueError("no such thing here")
    return {"template": "guide/result.html", "code": "lower-back", "title": title}
'''
    found = [text for _, text in prose_in(source)]
    assert found == [
        "mostly nerve-type pain",
        "Your answers have been cleared.",
        "Your result, step ",
    ]


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize(
    ("mark", "home"), [('class="sources"', "sources.html"), ('class="reviewed"', "reviewed.html")]
)
def test_one_sources_list_and_one_review_line_for_every_page(mark, home):
    """Every page lists its sources and says when it was reviewed through the same include."""
    writers = sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if mark in path.read_text()
    )
    assert writers == [f"includes/{home}"]


# The rules' vocabulary for each answer the questions ask ([asks] in content/questions.toml).
VOCABULARY = {
    "age_group": rules.AGE_GROUPS,
    "areas": rules.AREAS,
    "feelings": rules.FEELINGS,
    "duration": rules.DURATIONS,
    "history": rules.HISTORY,
    "health": rules.HEALTH,
    "medicines": rules.MEDICINES,
}


@pytest.mark.parametrize("field", VOCABULARY)
def test_the_questions_offer_exactly_the_answers_the_rules_know(field):
    """One vocabulary: a code the rules do not know can never be ticked, and every code the
    rules weigh can be."""
    offered = [item["code"] for item in result_content()["asks"][field]["choices"]]
    assert len(offered) == len(set(offered))
    assert set(offered) == set(VOCABULARY[field])


def test_feelings_are_offered_in_the_order_the_result_quotes_them():
    offered = [item["code"] for item in result_content()["asks"]["feelings"]["choices"]]
    assert offered[: len(rules.NERVE_FEELING_ORDER)] == list(rules.NERVE_FEELING_ORDER)
    assert offered[len(rules.NERVE_FEELING_ORDER) : -1] == list(rules.MUSCLE_FEELING_ORDER)


def test_each_medicine_group_is_described_once_in_the_librarys_seed():
    """The result's card for a group and the library's page for it live in one file,
    library/seed/en/groups/<slug>.toml; no guide content file describes a group."""
    from pain_guide.guide.content import CONTENT_DIR, GROUPS_DIR

    for path in CONTENT_DIR.glob("*.toml"):
        assert "groups" not in tomllib.loads(path.read_text()), path.name
    for group in rules.GROUPS:
        card = tomllib.loads((GROUPS_DIR / f"{group}.toml").read_text())["card"]
        assert card == result_content()["groups"][group]
