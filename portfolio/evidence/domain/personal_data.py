"""Personal data in uploaded text: find what looks like it, and say what was found.

Every pattern is linear in the text's length: each repetition has a small upper
bound and each match must start where the previous character could not continue it,
so a failed start costs a constant amount of work (issue 16 #1: a long run of letters
with no "@" made the old e-mail pattern quadratic). The scan reads at most
``MAX_SCAN_CHARS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SCAN_CHARS = 1_000_000
# RFC 5321 limits: local part 64, domain label 63 characters.
_LOCAL = r"[A-Za-z0-9._%+-]"
PII_PATTERNS = {
    "email address": re.compile(
        rf"(?<!{_LOCAL}){_LOCAL}{{1,64}}@[A-Za-z0-9-]{{1,63}}(?:\.[A-Za-z0-9-]{{1,63}}){{1,8}}"
    ),
    "phone number": re.compile(
        r"(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
    ),
    "postcode": re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b"),
}
_PLURALS = {"email address": "email addresses"}


@dataclass(frozen=True)
class PiiFinding:
    """How many things that look like one kind of personal data were found."""

    kind: str
    count: int


def find_personal_data(text: str) -> list[PiiFinding]:
    """Counts of email addresses, UK phone numbers and postcodes in ``text``."""
    scanned = (text or "")[:MAX_SCAN_CHARS]
    found = []
    for kind, pattern in PII_PATTERNS.items():
        count = sum(1 for _ in pattern.finditer(scanned))
        if count:
            found.append(PiiFinding(kind, count))
    return found


def describe_findings(findings: list[PiiFinding]) -> str:
    """A summary such as '2 email addresses and 1 postcode'."""
    parts = [
        f"{f.count} {f.kind if f.count == 1 else _PLURALS.get(f.kind, f.kind + 's')}"
        for f in findings
    ]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
