"""Import every feature's models so the metadata (and Alembic) sees all tables."""


from portfolio.assessment.models import (  # noqa: F401
    CohortPlan,
    ItemDecision,
    Judgement,
    LearnerProgress,
    Notification,
    ProfessionalDiscussion,
    Sample,
    SamplingPlan,
    UnitSignOff,
)
from portfolio.audit.models import AuditEvent  # noqa: F401
from portfolio.auth.grants import AccessGrant  # noqa: F401
from portfolio.auth.models import (  # noqa: F401
    ApiToken,
    AuthSession,
    Cohort,
    Enrolment,
    PasswordReset,
    RecoveryCode,
    User,
    UserRole,
)
from portfolio.badges.models import BadgeCredential  # noqa: F401
from portfolio.evidence.models import (  # noqa: F401
    EvidenceClaim,
    EvidenceItem,
    EvidenceVersion,
    Testimony,
    TestimonyLink,
)
from portfolio.exports.models import PortfolioExport  # noqa: F401
from portfolio.framework.models import Criterion, Unit  # noqa: F401
from portfolio.lti.models import (  # noqa: F401
    LtiAccount,
    LtiActivity,
    LtiLaunchValue,
    LtiPlatform,
)
from portfolio.mail.models import OutboxMessage  # noqa: F401
from portfolio.simulator.models import (  # noqa: F401
    PracticeTask,
    RunAction,
    SimContent,
    SimulationRun,
)
