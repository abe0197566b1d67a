"""Portfolio PDF exports, their background jobs and public verification."""

from flask import Blueprint

bp = Blueprint("exports", __name__)
