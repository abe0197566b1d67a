"""Action form classes are built once per kind and options, never shared across them."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from portfolio.simulator.domain import ACTION_KINDS
from portfolio.simulator.forms import action_form


def test_same_options_reuse_the_class_and_other_options_do_not(app) -> None:  # type: ignore[no-untyped-def]
    one = {"line_id": [("1", "Line 1")]}
    two = {"line_id": [("1", "Line 1"), ("2", "Line 2")]}
    with app.test_request_context():
        first = action_form("check_stock", one, formdata=None)
        again = action_form("check_stock", one, formdata=None)
        more = action_form("check_stock", two, formdata=None)
        assert type(first) is type(again)
        assert type(more) is not type(first)
        assert [c[0] for c in more.line_id.iter_choices()] == ["1", "2"]
        assert [c[0] for c in first.line_id.iter_choices()] == ["1"]


def test_a_bound_form_keeps_its_own_values_and_errors(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context():
        bad = action_form("add_line", formdata=MultiDict({"add_line-qty": "x"}))
        bad.validate()
        clean = action_form("add_line", formdata=None)
        assert bad.qty.errors and not clean.qty.errors
        assert type(bad) is type(clean)
        assert clean.qty.data is None and bad.qty.raw_data == ["x"]


def test_the_choices_of_one_kind_are_those_the_whole_page_builds(app) -> None:  # type: ignore[no-untyped-def]
    from portfolio.extensions import db
    from portfolio.simulator import domain as engine
    from portfolio.simulator import services
    from portfolio.simulator.presenters.workspace import dynamic_choices
    from portfolio.simulator.services.learner_view import learner_view
    from tests.factories import make_people
    from tests.web.simulator.helpers import load_sim_content

    with app.test_request_context():
        load_sim_content(db.session)
        learner = make_people(db.session)["learner"]
        run = services.start_run(
            db.session,
            actor=learner,
            scenario_type="standard",
            difficulty="easy",
            seed=5,
        )
        loaded = services.load_run(db.session, run)
        for action in engine.perfect_actions(loaded.company, loaded.scenario)[:8]:
            services.take_action(
                db.session,
                run.id,
                actor=learner,
                kind=action.kind,
                params=dict(action.params),
            )
        loaded = services.load_run(db.session, run)
        every = dynamic_choices(loaded, learner_view(loaded))
        assert every == dynamic_choices(loaded)
        assert {"question_id", "line_id", "contact_id"} <= set(every)
        for kind in ACTION_KINDS:
            one = dynamic_choices(loaded, kinds=[kind])
            assert type(action_form(kind, one, formdata=None)) is type(
                action_form(kind, every, formdata=None)
            ), kind
        assert dynamic_choices(loaded, kinds=["search_crm"]) == {}
