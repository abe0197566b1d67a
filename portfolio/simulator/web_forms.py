"""Fixed forms of the simulator pages (the per-action forms are built in forms.py)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portfolio.core.forms import CheckboxListField, choices
from portfolio.simulator.domain.scenarios.complications.registry import COMPLICATION_DEFS

TYPE_CHOICES = choices(
    [
        ("standard", "Standard: catalogue items for a known customer"),
        ("bespoke", "Bespoke: a made-to-order item with a specification to agree"),
        ("urgent", "Urgent: a tight deadline and a dispatch cut-off"),
    ]
)
DIFFICULTY_CHOICES = choices(
    [
        ("easy", "Easy: one complication"),
        ("medium", "Medium: a couple of complications"),
        ("hard", "Hard: several complications at once"),
    ]
)


class StartRunForm(FlaskForm):
    """Pick a scenario."""

    scenario_type = RadioField(
        "Type of order",
        choices=TYPE_CHOICES,
        validators=[DataRequired("Choose a type of order.")],
    )
    difficulty = RadioField(
        "Difficulty",
        choices=DIFFICULTY_CHOICES,
        default="easy",
        validators=[DataRequired("Choose a difficulty.")],
    )
    seed = IntegerField(
        "Scenario number",
        validators=[Optional(), NumberRange(0, 999_999)],
        description="Leave blank for a new scenario, or enter a number to replay one.",
    )


class TaskForm(FlaskForm):
    """An assessor sets a scenario for a learner."""

    scenario_type = RadioField(
        "Type of order",
        choices=TYPE_CHOICES,
        validators=[DataRequired("Choose a type of order.")],
    )
    difficulty = RadioField(
        "Difficulty",
        choices=DIFFICULTY_CHOICES,
        default="medium",
        validators=[DataRequired("Choose a difficulty.")],
    )
    complications = CheckboxListField(
        "Complications to practise",
        choices=choices(sorted((d.id, d.title) for d in COMPLICATION_DEFS)),
        description="Leave all unticked to let the difficulty decide.",
    )
    note = TextAreaField(
        "Note to the learner", validators=[Optional(), Length(max=2000)]
    )


class AbandonForm(FlaskForm):
    """A button that only needs CSRF protection."""
