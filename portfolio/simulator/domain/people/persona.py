"""A customer's persona: tone, reply speed and how they react to delays and errors."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from random import Random


class PersonaKind(StrEnum):
    """The four kinds of customer the simulator plays."""

    PATIENT = "patient"
    BUSY = "busy"
    DEMANDING = "demanding"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Persona:
    """How one kind of customer talks and behaves."""

    kind: PersonaKind
    email_reply_minutes: int  # how long an e-mailed confirmation waits for a reply
    openers: tuple[str, ...]  # before an answer to a question
    closers: tuple[str, ...]  # after an answer to a question
    on_error: tuple[str, ...]  # when a confirmation is wrong
    on_delay: tuple[str, ...]  # when told of a delay
    accept: tuple[str, ...]  # accepting a correct confirmation


PERSONAS: dict[PersonaKind, Persona] = {
    PersonaKind.PATIENT: Persona(
        PersonaKind.PATIENT,
        30,
        ("Of course.", "No problem.", "Happy to help."),
        ("", "Let me know if you need anything else.", ""),
        (
            "Thanks for sending this over. A couple of things aren't quite right:",
            "Nearly there, but I've spotted something:",
        ),
        (
            "Thanks for letting me know. These things happen; just keep me posted.",
            "That's a shame, but thank you for telling us straight away.",
        ),
        (
            "Thanks, that's all correct. Please go ahead.",
            "Lovely, that all looks right to me. Please go ahead.",
        ),
    ),
    PersonaKind.BUSY: Persona(
        PersonaKind.BUSY,
        75,
        ("Quickly:", "", "In a meeting, so briefly:"),
        ("", "", "Thanks."),
        ("Not right:", "Few errors here:"),
        (
            "OK. Just tell me the new date, I need to plan round it.",
            "Noted. Send me the new date by e-mail please.",
        ),
        ("Fine, go ahead.", "All good. Go ahead."),
    ),
    PersonaKind.DEMANDING: Persona(
        PersonaKind.DEMANDING,
        15,
        ("", "As I said before,", "To be clear,"),
        ("", "I'd expect that to be on the order already.", ""),
        (
            "This isn't what I asked for. Please fix the following:",
            "I'm disappointed - this confirmation has mistakes in it:",
        ),
        (
            "That's really not good enough. I need to know what you're doing to "
            "get it back on track.",
            "We chose you because you said you could deliver on time. What are you "
            "going to do about it?",
        ),
        (
            "That's correct. Please make sure it arrives as promised.",
            "Correct this time. Go ahead, and don't let the date slip.",
        ),
    ),
    PersonaKind.UNSURE: Persona(
        PersonaKind.UNSURE,
        45,
        ("Hmm, let me think.", "I believe so, yes.", "Sorry, I had to check."),
        (
            "I hope that helps - I'm fairly new to ordering these.",
            "",
            "Do say if that doesn't make sense.",
        ),
        (
            "Sorry, I might be wrong, but I don't think this matches what we need:",
            "I'm not completely sure, but this doesn't look right to me:",
        ),
        (
            "Oh dear. I'll need to tell my manager - can you put the new date in "
            "writing?",
            "Right, okay. What do you suggest we do?",
        ),
        (
            "Yes, I think that's all right now. Please go ahead.",
            "I've checked it twice and it looks right. Thank you, please go ahead.",
        ),
    ),
}


def persona_kind(key: str) -> PersonaKind:
    """The persona drawn for scenario ``key`` (deterministic, its own draw)."""
    return Random(f"persona:{key}").choice(tuple(PersonaKind))


def persona(kind: str | PersonaKind) -> Persona:
    """The persona of ``kind`` (patient when unknown, e.g. an old stored run)."""
    try:
        return PERSONAS[PersonaKind(kind)]
    except ValueError:
        return PERSONAS[PersonaKind.PATIENT]


def _pick(options: tuple[str, ...], key: str) -> str:
    """One of ``options``, the same every time for ``key``."""
    return Random(key).choice(options)


def voiced(kind: str, text: str, key: str) -> str:
    """``text`` said in the persona's tone (``key`` makes the choice repeatable)."""
    p = persona(kind)
    opener, closer = _pick(p.openers, f"{key}:o"), _pick(p.closers, f"{key}:c")
    return " ".join(x for x in (opener, text, closer) if x)


def error_reaction(kind: str, key: str) -> str:
    """The first line of a reply to a wrong confirmation."""
    return _pick(persona(kind).on_error, key)


def delay_reaction(kind: str, key: str) -> str:
    """What the customer says when told their order is late."""
    return _pick(persona(kind).on_delay, key)


def acceptance(kind: str, key: str) -> str:
    """Accepting a correct confirmation."""
    return _pick(persona(kind).accept, key)
