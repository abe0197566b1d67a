"""Form fields and choice helpers shared by several features' forms."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from wtforms import SelectMultipleField, StringField, widgets
from wtforms.fields.choices import SelectChoice


def choices(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Build SelectField choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d %m %Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d")


class UKDateField(StringField):
    """A date typed the UK way (27/07/2026 or 27 Jul 2026), shown as 27 Jul 2026."""

    def process_data(self, value: Any) -> None:
        """Keep a date object as the data."""
        self.data = value

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the typed text; keep it for redisplay either way."""
        self.raw = " ".join(str(v) for v in valuelist).strip()
        self.data = None
        if not self.raw:
            return
        text = " ".join(self.raw.replace("-", " ").replace(".", "/").split())
        for fmt in DATE_FORMATS:
            for candidate in {text, self.raw}:
                try:
                    self.data = datetime.strptime(candidate, fmt).date()
                    return
                except ValueError:
                    continue
        raise ValueError("Enter a real date, for example 27/07/2026.")

    def _value(self) -> str:
        """The typed text, or the date as 27 Jul 2026."""
        if getattr(self, "raw", None):
            return str(self.raw)
        if isinstance(self.data, date):
            return f"{self.data.day} {self.data:%b %Y}"
        return ""
