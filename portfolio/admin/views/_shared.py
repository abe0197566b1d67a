"""What the admin route modules share."""

from __future__ import annotations

from portfolio.core.access import roles
from portfolio.core.roles import Role

ADMIN = roles(Role.ADMIN)
