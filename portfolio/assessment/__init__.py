"""Assessment and quality assurance."""

from flask import Blueprint

bp = Blueprint("assessment", __name__, url_prefix="/assessment")
