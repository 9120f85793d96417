"""Short codes for links: unguessable, easy to read aloud and type.

The alphabet leaves out 0, O, 1, I, L and U, so nothing can be misread as
something else; codes are shown in upper case in groups of four and read back
case-insensitively, with spaces and hyphens ignored.
"""

import math
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 14  # 30**14 is about 2**68.7: more than 64 bits of randomness
BITS = LENGTH * math.log2(len(ALPHABET))
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text):
    """The canonical code for what a person typed, or None if it cannot be one."""
    code = re.sub(r"[\s-]+", "", (text or "")[:64]).upper()
    return code if _VALID.match(code) else None


def display(code):
    """'ABCD-EFGH-JKMN-PQ': easier to read out and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
