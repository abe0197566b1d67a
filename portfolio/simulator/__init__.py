"""The order-processing simulator: scenarios, runs, scoring."""

from flask import Blueprint

bp = Blueprint("simulator", __name__, url_prefix="/simulator")
