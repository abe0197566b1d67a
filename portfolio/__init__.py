"""Sales Order Portfolio: the application factory."""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from portfolio.config import CONFIGS, Config
from portfolio.extensions import csrf, db, limiter, login_manager, migrate

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
    _register_blueprints(app)
    _register_hooks(app)
    return app


def _check_config(app: Flask) -> None:
    """Fill derived settings and refuse to start without a secret in production."""
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set outside development and tests")
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        path = os.path.join(app.instance_path, "portfolio.sqlite3")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    if not app.config.get("STORAGE_DIR"):
        app.config["STORAGE_DIR"] = os.path.join(app.instance_path, "storage")
    app.config.setdefault("SEEDS_DIR", str(PROJECT_DIR / "seeds"))


def _register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    from portfolio import database, models  # noqa: F401 - registers every table

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
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    limiter.init_app(app)


def _register_blueprints(app: Flask) -> None:
    """Register one blueprint per feature (its views module attaches the routes)."""
    from portfolio import (
        admin,
        api,
        assessment,
        auth,
        evidence,
        exports,
        mail,
        main,
        simulator,
    )

    features = (main, auth, admin, simulator, evidence, assessment, mail, exports)
    for feature in features:
        if (PACKAGE_DIR / feature.__name__.split(".")[-1] / "views.py").exists():
            importlib.import_module(f"{feature.__name__}.views")
        app.register_blueprint(feature.bp)
    api.init_app(app)


def _register_hooks(app: Flask) -> None:
    """Access control, security headers, error pages, template helpers, CLI."""
    from portfolio import access, cli, errors_web, formatting, security

    access.init_app(app)
    security.init_app(app)
    errors_web.init_app(app)
    formatting.init_app(app)
    cli.init_app(app)
