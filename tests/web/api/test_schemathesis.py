"""schemathesis against /api/v1/openapi.json with a learner's and an assessor's token.

Bounded examples keep CI fast; the checks are the acceptance: no server error and no
response that breaks the documented schema.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from portfolio.auth.services.tokens import create_token
from portfolio.extensions import db
from tests.conftest import make_test_app
from tests.integration.assessment.helpers import seed, submitted

CHECKS = (not_a_server_error, response_schema_conformance)


def _world():
    """One app with the framework, people, a submitted item and two tokens."""
    app = make_test_app(Path(tempfile.mkdtemp(prefix="schemathesis-")))
    with app.app_context():
        db.create_all()
        people = seed(db.session)
        submitted(db.session, people["learner"], ("K1",))
        tokens = {
            role: create_token(db.session, people[role], "schemathesis")[1]
            for role in ("learner", "assessor")
        }
        db.session.commit()
    return app, tokens


# Built at import: schemathesis parametrizes from the schema when it collects.
APP, TOKENS = _world()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms(case) -> None:
    for token in TOKENS.values():
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
        )
