"""Wording pools for the customer's request, per channel and persona.

Only filler is drawn from here: facts (items, quantities, dates, addresses,
references) are always written from the draft, so the wording can vary freely.
"""

from __future__ import annotations

from random import Random

NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
).split()
GREETINGS = ("Hi {rep},", "Hello {rep},", "Good morning,", "Dear Sales Team,", "Hi,")
OPENERS = {
    "patient": (
        "I hope you're well. Please could we order the following for {who}:",
        "Hope all is well with you. We'd like to place an order for {who}:",
    ),
    "busy": (
        "Order for {who} below please.",
        "Quick order for {who}:",
    ),
    "demanding": (
        "We need the following for {who}, and it must arrive when we ask this time:",
        "Please process this order for {who} straight away:",
    ),
    "unsure": (
        "I'm placing an order for {who} - I hope I've got all the details right:",
        "I've been asked to order a few things for {who}. I think this is everything:",
    ),
}
CLOSINGS = {
    "patient": ("Many thanks,", "Kind regards,", "Best wishes,"),
    "busy": ("Thanks,", "Cheers,", "Thx,"),
    "demanding": ("Regards,", "Thanks,"),
    "unsure": ("Thanks so much,", "Many thanks,", "Kind regards,"),
}
SIGN_OFF_EXTRAS = {
    "patient": ("Let me know if you need anything else.", ""),
    "busy": ("", "Sent from my phone."),
    "demanding": ("Please confirm by return.", "I'd appreciate a quick confirmation."),
    "unsure": ("Do give me a ring if anything doesn't make sense.", ""),
}
# Misspellings a real customer makes in the filler (never in a fact).
TYPOS = (
    ("following", "follwing"),
    ("please", "pleae"),
    ("order", "oder"),
    ("Thanks", "Thansk"),
    ("everything", "everyting"),
    ("details", "detials"),
    ("hope", "hpoe"),
)
FORWARD_NOTES = (
    "Hi, please see below from {colleague} - can you process this for us? "
    "I'm happy to sign it off.",
    "Forwarding this from {colleague} in our team. Please go ahead and confirm "
    "with me.",
    "See below - {colleague} has put the list together. Can you sort this out for "
    "us please?",
)
COLLEAGUES = (
    "Dave Kershaw",
    "Leanne Pritchard",
    "Mohammed Iqbal",
    "Ruth Allsop",
    "Gareth Llewellyn",
)
PHONE_HELLOS = {
    "patient": ("Good morning, ", "Hello there, "),
    "busy": ("Hi, ", ""),
    "demanding": ("Hello, ", ""),
    "unsure": ("Oh hello, sorry - ", "Hi, um, "),
}
PHONE_ASKS = (
    "What can I get for you today?",
    "How can I help?",
    "What would you like to order?",
)


def qty_words(n: int, rng: Random) -> str:
    """A quantity as the customer writes it: sometimes in words."""
    if 1 < n <= 20 and rng.random() < 0.3:
        return NUMBER_WORDS[n]
    return str(n)


def words_to_number(text: str) -> int | None:
    """The number a quantity in words or digits means (for checks)."""
    t = text.strip().lower()
    if t.isdigit():
        return int(t)
    return NUMBER_WORDS.index(t) if t in NUMBER_WORDS else None


def typo(text: str, rng: Random, chance: float = 0.2) -> str:
    """``text``, now and then with one misspelt filler word."""
    if rng.random() >= chance:
        return text
    candidates = [(a, b) for a, b in TYPOS if a in text]
    if not candidates:
        return text
    right, wrong = rng.choice(candidates)
    return text.replace(right, wrong, 1)
