"""The evidence store: work products, testimonies, reflections."""

from flask import Blueprint

bp = Blueprint("evidence", __name__, url_prefix="/evidence")
