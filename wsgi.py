"""WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

from portfolio import create_app

app = create_app()
