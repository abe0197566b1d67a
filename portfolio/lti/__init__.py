"""LTI 1.3 tool: launches from an LMS, deep linking of scenarios, grade passback."""

from flask import Blueprint

bp = Blueprint("lti", __name__, url_prefix="/lti")
