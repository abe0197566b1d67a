"""The admin blueprint's route modules, registered explicitly."""

from portfolio.admin.views import cohorts, enrolments, users  # noqa: F401
