"""The faster attribute rendering writes exactly what WTForms writes."""

from __future__ import annotations

from contextlib import contextmanager

import wtforms.widgets.core as wtforms_widgets
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    Form,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange

from portfolio.core import widgets
from portfolio.core.forms import CheckboxListField, choices

names = st.from_regex(r"\A(data_|aria_)?[a-z][a-z_]{0,8}\Z").filter(
    lambda n: n not in ("data_", "aria_")
)
texts = st.text(alphabet="ab <>&\"'=é£\n", max_size=12)
values = st.one_of(
    texts,
    st.integers(-5, 99),
    st.booleans(),
    st.none(),
    texts.map(Markup),  # already safe: its own quotes are kept, as in WTForms
    st.just(Markup('say "hi" <b>')),
)


@given(st.dictionaries(names, values, max_size=6))
def test_any_attributes_come_out_the_same(attrs) -> None:  # type: ignore[no-untyped-def]
    assert widgets.html_params(**attrs) == widgets.original_html_params(**attrs)
    assert isinstance(widgets.html_params(**attrs), Markup)


@contextmanager
def _wtforms_own():  # type: ignore[no-untyped-def]
    """WTForms' own html_params in its module and widgets, for one block."""
    saved = {
        name: vars(cls)["html_params"]
        for name, cls in vars(wtforms_widgets).items()
        if isinstance(cls, type) and "html_params" in vars(cls)
    }
    wtforms_widgets.html_params = widgets.original_html_params
    for name in saved:
        getattr(wtforms_widgets, name).html_params = staticmethod(
            widgets.original_html_params
        )
    try:
        yield
    finally:
        widgets.install()


class _Every(Form):
    """One field of each kind the app renders, with flags that add attributes."""

    name = StringField("Name", [InputRequired(), Length(max=20)])
    qty = IntegerField("Quantity", [NumberRange(min=1, max=999)])
    when = DateField("Date")
    notes = TextAreaField("Notes", [Length(max=200)])
    urgent = BooleanField("Urgent")
    channel = RadioField(
        "Channel", choices=choices([("email", "E-mail"), ("phone", 'Ph "one"')])
    )
    pick = SelectField(
        "Pick", choices=choices([("a", "A & B"), ("b", "<B>"), ("", "None")])
    )
    many = CheckboxListField("Many", choices=choices([("x", "X"), ("y", "Y's")]))


def _render(form: Form) -> list[str]:
    out = []
    for field in form:
        out.append(str(field(class_="input", data_kind='a"b', aria_describedby="h e")))
        out.append(str(field.label))
    return out


def test_every_field_kind_renders_the_same_as_with_wtforms_own() -> None:
    data = MultiDict(
        [("name", 'O"Neil & <Co>'), ("qty", "x"), ("notes", "a\nb"), ("urgent", "y")]
        + [("channel", "phone"), ("pick", "b"), ("many", "x"), ("many", "y")]
    )
    form = _Every(formdata=data)
    form.validate()
    widgets.install()
    ours = _render(form)
    with _wtforms_own():
        theirs = _render(form)
    assert ours == theirs
    assert 'value="O&#34;Neil &amp; &lt;Co&gt;"' in " ".join(ours)


def test_install_replaces_it_in_the_widgets_that_hold_their_own() -> None:
    widgets.install()
    assert wtforms_widgets.html_params is widgets.html_params
    assert wtforms_widgets.Input.html_params is widgets.html_params
