"""Outgoing mail: every message goes through the outbox table first."""

from flask import Blueprint

bp = Blueprint("mail", __name__, url_prefix="/dev")
