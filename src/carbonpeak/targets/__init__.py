"""Evaluation of the plan's typed targets against observations (data-model.md §2).

Pure: frames in, :class:`Evaluation` out. Formulas per kind: docs/methods/target-evaluation.md.
"""

from carbonpeak.targets.evaluate import evaluate
from carbonpeak.targets.model import Convention, Evaluation, Status
from carbonpeak.targets.series import annual_series, level_schedule, ratio_schedule

__all__ = ["Convention", "Evaluation", "Status", "annual_series", "evaluate", "level_schedule", "ratio_schedule"]
