"""Form fields and choice helpers shared by several features' forms."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectMultipleField, StringField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, StopValidation


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


class WholeNumberField(IntegerField):
    """A whole number whose "not a number" message is the product's, not WTForms'.

    An empty box is left to the field's InputRequired/Optional validator, so that it
    reports one message, not two.
    """

    data: int | None

    def __init__(
        self, *args: Any, invalid: str = "Enter a whole number, like 12.", **kw: Any
    ) -> None:
        """Take ``invalid``: what to say when the text is not a whole number."""
        super().__init__(*args, **kw)
        self.invalid = invalid

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the text; an unparseable one gets the product's message."""
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError as exc:
            self.data = None
            raise ValueError(self.invalid) from exc

    def pre_validate(self, form: Any) -> None:
        """Stop at the "not a whole number" message: a range check would repeat it."""
        if self.process_errors:
            raise StopValidation()


def at_most(limit: int) -> Length:
    """A length limit that says so in the product's words (not WTForms' default)."""
    return Length(max=limit, message=f"Keep this to {limit:,} characters or fewer.")


class DayField(DateField):
    """A date from a date picker (YYYY-MM-DD), with the product's message if not one."""

    data: date | None

    def __init__(
        self,
        *args: Any,
        invalid: str = "Enter a real date, like 27/07/2026.",
        **kw: Any,
    ) -> None:
        """Take ``invalid``: what to say when the text is not a date."""
        super().__init__(*args, **kw)
        self.invalid = invalid

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse the date; an unparseable one gets the product's message."""
        if not valuelist or not " ".join(map(str, valuelist)).strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(self.invalid) from exc

    def pre_validate(self, form: Any) -> None:
        """Stop at the "not a date" message."""
        if self.process_errors:
            raise StopValidation()


# WTForms' own messages, in the product's words: a net under every field whose
# validator does not already say something specific.
PRODUCT_MESSAGES = {
    "This field is required.": "Answer this question.",
    "Not a valid choice.": "Choose one of the options shown.",
    "Not a valid integer value.": "Enter a whole number, like 12.",
    "Not a valid decimal value.": "Enter a number, like 12.5.",
    "Not a valid float value.": "Enter a number, like 12.5.",
    "Not a valid date value.": "Enter a real date, like 27/07/2026.",
    "Not a valid datetime value.": "Enter a real date and time.",
    "Invalid email address.": "Enter an email address in the right format, like "
    "name@example.com.",
    "Invalid input.": "Check the format of this answer.",
    "Number must be between %(min)s and %(max)s.": "Enter a number from %(min)s to "
    "%(max)s.",
    "Number must be at least %(min)s.": "Enter %(min)s or more.",
    "Number must be at most %(max)s.": "Enter %(max)s or less.",
    "Field must be between %(min)d and %(max)d characters long.": "Write between "
    "%(min)d and %(max)d characters.",
    "Field cannot be longer than %(max)d character.": "Keep this to %(max)d "
    "characters or fewer.",
    "Field cannot be longer than %(max)d characters.": "Keep this to %(max)d "
    "characters or fewer.",
    "Field must be at least %(min)d character long.": "Write at least %(min)d "
    "characters.",
    "Field must be at least %(min)d characters long.": "Write at least %(min)d "
    "characters.",
    "'%(value)s' is not a valid choice for this field.": "Choose only from the "
    "options shown.",
    "'%(value)s' are not valid choices for this field.": "Choose only from the "
    "options shown.",
    "The CSRF token is missing.": "This form has expired. Reload the page and "
    "send it again.",
    "The CSRF token has expired.": "This form has expired. Reload the page and "
    "send it again.",
    "The CSRF token is invalid.": "This form has expired. Reload the page and "
    "send it again.",
}


class ProductMessages:
    """A WTForms translations object that swaps library messages for ours."""

    def gettext(self, string: str) -> str:
        """Our wording of ``string`` (unchanged when we have none)."""
        return PRODUCT_MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Our wording of the singular or plural message."""
        return self.gettext(singular if n == 1 else plural)


class ProductForm(FlaskForm):
    """A form whose every message is written for this product."""

    class Meta:
        """WTForms options: our messages instead of the library's."""

        def get_translations(self, form: Any) -> ProductMessages:
            """Our messages, whatever the locale."""
            return ProductMessages()
