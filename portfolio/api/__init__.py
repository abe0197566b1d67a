"""The JSON API under /api/v1, documented by flask-smorest (OpenAPI 3)."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from portfolio.extensions import csrf

api = Api()


def init_app(app: Flask) -> None:
    """Configure and register the API blueprints."""
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
    from portfolio.api import tokens, views  # noqa: F401 - registers the loader

    api.register_blueprint(views.blp)
    csrf.exempt(views.blp)
    from portfolio.evidence import api as evidence_api

    api.register_blueprint(evidence_api.blp)
    csrf.exempt(evidence_api.blp)
    from portfolio.simulator import api as simulator_api

    api.register_blueprint(simulator_api.blp)
    csrf.exempt(simulator_api.blp)
