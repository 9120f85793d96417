"""Codes: unguessable, easy to read aloud, forgiving of how people type them."""

import math

from hypothesis import given
from hypothesis import strategies as st

from pain_guide.core import codes


def test_codes_carry_at_least_64_bits_of_randomness():
    assert codes.BITS >= 64
    assert math.isclose(codes.BITS, codes.LENGTH * math.log2(len(set(codes.ALPHABET))))


def test_the_alphabet_has_nothing_easy_to_confuse():
    assert not set("0O1IlLU") & set(codes.ALPHABET)
    assert codes.ALPHABET.upper() == codes.ALPHABET


def test_new_codes_are_well_formed_and_do_not_repeat():
    made = {codes.new_code() for _ in range(5000)}
    assert len(made) == 5000
    for code in made:
        assert len(code) == codes.LENGTH
        assert set(code) <= set(codes.ALPHABET)


def test_every_character_is_used_about_evenly():
    """A crude check that generation is not biased towards some characters."""
    text = "".join(codes.new_code() for _ in range(3000))
    counts = [text.count(ch) for ch in codes.ALPHABET]
    expected = len(text) / len(codes.ALPHABET)
    assert min(counts) > expected * 0.85
    assert max(counts) < expected * 1.15


def test_typed_codes_are_read_back_case_insensitively_without_spaces_or_hyphens():
    code = codes.new_code()
    shown = codes.display(code)
    assert "-" in shown
    for typed in (code, code.lower(), shown, shown.lower(), " ".join(shown.split("-"))):
        assert codes.normalise(typed) == code


@given(st.text(max_size=80))
def test_anything_else_is_not_a_code(text):
    result = codes.normalise(text)
    assert result is None or (len(result) == codes.LENGTH and set(result) <= set(codes.ALPHABET))


def test_malformed_codes_are_refused():
    for typed in ("", "ABC", "0" * 14, "O" * 14, "A" * 15, "<script>", "A" * 13 + "1"):
        assert codes.normalise(typed) is None
