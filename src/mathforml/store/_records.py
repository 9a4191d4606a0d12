"""What the store hands out: plain, frozen records, detached from any session.

Front ends and ``mathforml.progress`` read these; they never see ORM objects, so
nothing lazy-loads behind their back and a record can cross threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mathforml.store._models import AttemptRow, LearnerRow, SubmissionRow
from mathforml.store._values import FINISHING_STATUSES, AttemptStatus


@dataclass(frozen=True, slots=True)
class Learner:
    """A learner. ``name`` is unique in a store and also keys their variant seeds."""

    id: int
    name: str
    created_at: datetime

    @classmethod
    def from_row(cls, row: LearnerRow) -> Learner:
        return cls(id=row.id, name=row.name, created_at=row.created_at)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One recorded answer to one variant (or one look at its solution).

    ``answer_raw`` is the answer as stored: at most 4000 characters, with NUL shown
    as ``␀``; ``answer_length`` is the length as typed. ``created_at`` is aware UTC.
    """

    id: int
    learner_id: int
    exercise_id: str
    week_id: str
    seed: int
    variant_number: int
    answer_raw: str
    answer_length: int
    status: AttemptStatus
    feedback_codes: tuple[str, ...]
    created_at: datetime
    elapsed_ms: float | None

    @property
    def truncated(self) -> bool:
        """Whether the stored answer is shorter than what the learner typed."""
        return self.answer_length > len(self.answer_raw)

    @property
    def finishes_variant(self) -> bool:
        """A correct answer or a revealed solution ends the variant; the next is new."""
        return self.status in FINISHING_STATUSES

    @classmethod
    def from_row(cls, row: AttemptRow) -> Attempt:
        return cls(
            id=row.id,
            learner_id=row.learner_id,
            exercise_id=row.exercise_id,
            week_id=row.week_id,
            seed=row.seed,
            variant_number=row.variant_number,
            answer_raw=row.answer_raw,
            answer_length=row.answer_length,
            status=row.status,  # type: ignore[arg-type]  # the CHECK constraint holds it
            feedback_codes=tuple(row.feedback_codes),
            created_at=row.created_at,
            elapsed_ms=row.elapsed_ms,
        )


@dataclass(frozen=True, slots=True)
class Submission:
    """One submission of an assignment. ``report`` is the grade report as JSON
    (``GradeReport.to_json()``): score, outcome and per-test verdicts.

    ``status`` is ``queued`` from the moment it is stored until it is graded (its
    outcome is then ``queued``, its score 0 and its report empty), then ``graded``."""

    id: int
    learner_id: int
    assignment_id: str
    source: str
    filename: str
    score: int
    max_score: int
    outcome: str
    report: dict[str, Any]
    created_at: datetime
    elapsed_ms: float | None
    status: str = "graded"

    @property
    def graded(self) -> bool:
        return self.status == "graded"

    @classmethod
    def from_row(cls, row: SubmissionRow) -> Submission:
        return cls(
            id=row.id,
            learner_id=row.learner_id,
            assignment_id=row.assignment_id,
            source=row.source,
            filename=row.filename,
            score=row.score,
            max_score=row.max_score,
            outcome=row.outcome,
            report=dict(row.report),
            created_at=row.created_at,
            elapsed_ms=row.elapsed_ms,
            status=row.status,
        )


@dataclass(frozen=True, slots=True)
class QueuedSubmission:
    """A submission a server has claimed to grade: what grading needs, no more.

    ``notebook`` is the notebook's JSON when one was submitted (``source`` then holds
    its graded cells), else ``None``."""

    id: int
    learner_id: int
    assignment_id: str
    source: str
    notebook: str | None
    filename: str

    @classmethod
    def from_row(cls, row: SubmissionRow) -> QueuedSubmission:
        return cls(
            id=row.id,
            learner_id=row.learner_id,
            assignment_id=row.assignment_id,
            source=row.source,
            notebook=row.notebook,
            filename=row.filename,
        )
