"""Open Badges 3.0 credentials for signed-off units: download, verify, revoke."""

from flask import Blueprint

bp = Blueprint("badges", __name__, url_prefix="/badges")
