"""Sales Order Portfolio: the application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from portfolio.config import CONFIGS, Config, check_production_secrets
from portfolio.core import bad_input, proxy
from portfolio.extensions import api, csrf, db, limiter, login_manager, migrate

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def create_app(
    overrides: Mapping[str, Any] | None = None, config: type[Config] | None = None
) -> Flask:
    """Build a configured application instance."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_DIR / "templates"),
        instance_relative_config=True,
    )
    env = os.environ.get("PORTFOLIO_ENV", "production")
    app.config.from_object(config or CONFIGS.get(env, Config))
    app.config.update(overrides or {})
    _check_config(app)
    _register_extensions(app)
    bad_input.install_converters(app)  # before any route exists
    _register_blueprints(app)
    _register_api(app)
    _register_hooks(app)
    return app


def _check_config(app: Flask) -> None:
    """Fill derived settings and refuse to start without a secret in production."""
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set outside development and tests")
    check_production_secrets(app.config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        path = os.path.join(app.instance_path, "portfolio.sqlite3")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    if not app.config.get("STORAGE_DIR"):
        app.config["STORAGE_DIR"] = os.path.join(app.instance_path, "storage")
    app.config.setdefault("SEEDS_DIR", str(PROJECT_DIR / "seeds"))


def _register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    from portfolio import models  # noqa: F401 - registers every table
    from portfolio.auth import loaders  # Flask-Login's loaders, the token-scope check
    from portfolio.core import database, widgets

    widgets.install()  # WTForms' attribute rendering, the same output faster
    db.init_app(app)
    database.configure_engine_events(app)
    migrate.init_app(
        app,
        db,
        directory=str(PACKAGE_DIR / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    loaders.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    limiter.init_app(app)


def _register_blueprints(app: Flask) -> None:
    """Register one blueprint per feature; each ``views`` package adds its routes."""
    from portfolio import (
        admin,
        assessment,
        auth,
        badges,
        evidence,
        exports,
        lti,
        mail,
        main,
        simulator,
    )
    from portfolio.admin import views as _admin_views  # noqa: F401
    from portfolio.assessment import views as _assessment_views  # noqa: F401
    from portfolio.auth import views as _auth_views  # noqa: F401
    from portfolio.badges import views as _badges_views  # noqa: F401
    from portfolio.evidence import views as _evidence_views  # noqa: F401
    from portfolio.exports import views as _exports_views  # noqa: F401
    from portfolio.lti import views as _lti_views  # noqa: F401
    from portfolio.mail import views as _mail_views  # noqa: F401
    from portfolio.main import views as _main_views  # noqa: F401
    from portfolio.simulator import views as _simulator_views  # noqa: F401

    for feature in (
        main,
        auth,
        admin,
        simulator,
        evidence,
        assessment,
        mail,
        exports,
        badges,
        lti,
    ):
        app.register_blueprint(feature.bp)


def _register_api(app: Flask) -> None:
    """Configure flask-smorest and register every feature's API blueprint."""
    from portfolio.assessment.api import discussion_audio as discussion_audio_api
    from portfolio.assessment.api import resources as assessment_api
    from portfolio.auth.api import resources as auth_api
    from portfolio.evidence.api import resources as evidence_api
    from portfolio.evidence.api import testimonies as testimonies_api
    from portfolio.exports.api import resources as exports_api
    from portfolio.framework.api import resources as framework_api
    from portfolio.simulator.api import resources as simulator_api

    app.config.setdefault("API_TITLE", "Sales Order Portfolio API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api.init_app(
        app,
        spec_kwargs={
            "components": {
                "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}
            },
            "security": [{"bearerAuth": []}],
        },
    )
    for blueprint in (
        auth_api.blp,
        evidence_api.blp,
        testimonies_api.blp,
        simulator_api.blp,
        framework_api.blp,
        assessment_api.blp,
        discussion_audio_api.blp,
        exports_api.blp,
    ):
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)


def _register_hooks(app: Flask) -> None:
    """The request edge, access control, headers, error pages, filters, CLI, mail."""
    from portfolio import cli
    from portfolio.core import access, edge, filters, headers, http_errors, pagecache
    from portfolio.mail.services import deliver_after_commit

    edge.init_app(app)
    edge.on_every_commit(app, deliver_after_commit)
    access.init_app(app)
    headers.init_app(app)
    http_errors.init_app(app)
    bad_input.init_app(app)
    proxy.init_app(app)
    filters.init_app(app)
    pagecache.init_app(app)
    cli.register(app)
