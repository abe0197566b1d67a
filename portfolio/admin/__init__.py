"""Administration: users, roles, cohorts, assessor and supervisor assignment."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
