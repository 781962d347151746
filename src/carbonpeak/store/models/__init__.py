"""All tables. Import from here so Alembic sees every table on ``Base.metadata``."""

from carbonpeak.store.models.accounts import User
from carbonpeak.store.models.audit import AuditEvent
from carbonpeak.store.models.base import Base
from carbonpeak.store.models.jobs import Job
from carbonpeak.store.models.regions import TierAssignment
from carbonpeak.store.models.review import BatchReview, ProgressReport
from carbonpeak.store.models.statistics import ImportBatch, Observation, Source
from carbonpeak.store.models.warnings import RecordedWarning, WarningEvaluation, WarningNotification, WarningRun
from carbonpeak.store.models.web import WebSession

__all__ = ["AuditEvent", "Base", "ImportBatch", "Job", "Observation", "Source", "TierAssignment", "User", "WebSession"]
__all__ += ["RecordedWarning", "WarningEvaluation", "WarningNotification", "WarningRun"]
__all__ += ["BatchReview", "ProgressReport"]
