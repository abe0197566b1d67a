"""Accounts: sign in, sign out, change password."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")
