"""Assessment pages: each route module registers its routes on the blueprint."""

from portfolio.assessment.views import (  # noqa: F401
    audit,
    caseload,
    coverage,
    discussions,
    eqa,
    eqa_links,
    hooks,
    iqa,
    judging,
    signoff,
    tasks,
)
