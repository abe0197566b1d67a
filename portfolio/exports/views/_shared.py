"""What the export route modules share: who may export."""

from __future__ import annotations

from portfolio.core.access import roles
from portfolio.core.roles import Role

EXPORTERS = roles(Role.LEARNER, Role.ASSESSOR, Role.IQA, Role.ADMIN)
