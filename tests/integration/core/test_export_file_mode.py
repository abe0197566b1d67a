"""An exported portfolio PDF is private to the app's user (issue 16 #10: was 0644)."""

from __future__ import annotations

import stat

from portfolio.exports import services
from portfolio.exports.models import PortfolioExport
from portfolio.exports.services import jobs
from portfolio.extensions import db
from tests.factories import make_people
from tests.integration.exports.portfolio_fixture import build_portfolio


def test_exported_pdf_is_written_0600(app) -> None:
    with app.app_context():
        people = make_people(db.session)
        build_portfolio(db.session, app, people)
        export = services.start_export(
            db.session, people["learner"].id, actor=people["assessor"]
        )
        db.session.commit()
        jobs.execute(export.id)
        db.session.expire_all()
        export = db.session.get(PortfolioExport, export.id)
        path = services.export_path(app.config["STORAGE_DIR"], export)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
