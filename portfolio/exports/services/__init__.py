"""Export use cases (one module per area; the ones views and the CLI call here).

``exports`` starts, finds, runs and fails exports; ``report`` reads a portfolio
into the plain report; ``pipeline`` renders it; ``verification`` checks a file;
``jobs`` runs an export in the background (an edge: it commits).
"""

from portfolio.exports.services.exports import (
    LearnerExports,
    export_path,
    fail_export,
    get_export,
    learner_exports,
    list_exportable_learners,
    list_exports,
    run_export,
    settings_for,
    start_export,
)
from portfolio.exports.services.report import build_report
from portfolio.exports.services.verification import (
    DocumentCheck,
    check_document,
    normalise_sha,
    sha256_of,
    verify_sha,
)

__all__ = [
    "DocumentCheck",
    "check_document",
    "LearnerExports",
    "build_report",
    "export_path",
    "fail_export",
    "get_export",
    "learner_exports",
    "list_exportable_learners",
    "list_exports",
    "normalise_sha",
    "run_export",
    "settings_for",
    "sha256_of",
    "start_export",
    "verify_sha",
]
