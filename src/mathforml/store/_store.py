"""The ``Store``: a learner's record of practice, in SQLite or PostgreSQL.

Every write is one transaction that commits before the method returns, so an
attempt the learner saw acknowledged is never lost, and a crash mid-write leaves
the database as it was before that write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import URL
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from mathforml.store import _values as values
from mathforml.store._claims import GRADING_LEASE_S, owner_is_gone
from mathforml.store._config import display_url, normalize_url, url_from_env
from mathforml.store._engine import (
    WRITE_OPTION,
    WriterQueue,
    create_store_engine,
    is_busy_error,
    timeout_from_env,
)
from mathforml.store._errors import (
    DatabaseBusy,
    DatabaseUnavailable,
    InvalidRecord,
    NameTaken,
    preview,
)
from mathforml.store._migrate import current_revision, upgrade
from mathforml.store._models import AccountRow, AttemptRow, LearnerRow, SessionRow, SubmissionRow
from mathforml.store._records import Attempt, Learner, QueuedSubmission, Submission


class Store:
    """The record of learners and their attempts.

    ``Store(url)`` opens the database at ``url`` (any SQLAlchemy URL; a bare
    ``postgresql://`` uses psycopg 3) and migrates it to the current schema;
    ``Store.from_env()`` opens the configured one (see ``database_url_from_env``).
    Close it with ``close()`` or use it as a context manager.

    Every wait for the database (another writer, a lock, a pooled connection) lasts
    at most ``timeout`` seconds (default ``$MATHFORML_DB_TIMEOUT`` or 5) and then
    raises ``DatabaseBusy``, so a database locked by another program never holds a
    caller (a server thread) for long.

    Variants: a learner works on variant ``variant_number(learner, exercise_id)``
    of an exercise until it is *finished* by a ``correct`` attempt or by asking for
    the solution, recorded as an attempt with status ``revealed``. Incorrect and
    invalid attempts and skips leave the learner on the same variant, so a reload
    shows the same question.

    >>> with Store("sqlite://") as store:
    ...     me = store.learner("ada")
    ...     _ = store.record_attempt(me, exercise_id="c1w1.det", week_id="c1w1", seed=7,
    ...                              variant_number=0, answer_raw="-2", status="correct")
    ...     store.variant_number(me, "c1w1.det")
    1
    """

    def __init__(
        self, url: str | URL, *, migrate: bool = True, timeout: float | None = None
    ) -> None:
        self.url: URL = normalize_url(url)
        self.timeout = timeout_from_env() if timeout is None else float(timeout)
        self._engine = create_store_engine(self.url, timeout=self.timeout)
        self._write_engine = self._engine.execution_options(**{WRITE_OPTION: True})
        self._writers = WriterQueue(self.url, timeout=self.timeout)
        if migrate:
            try:
                self.migrate()
            except BaseException:
                self._engine.dispose()
                raise

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        migrate: bool = True,
        timeout: float | None = None,
    ) -> Store:
        """Open the database named by ``MATHFORML_DATABASE_URL`` / ``MATHFORML_DATA_DIR``."""
        return cls(url_from_env(environ), migrate=migrate, timeout=timeout)

    def __repr__(self) -> str:
        return f"Store({display_url(self.url)!r})"

    # -- lifecycle ---------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema up to date (a quick no-op when it is); called on open."""
        with self._database_errors():
            upgrade(self._engine)

    def schema_revision(self) -> str | None:
        """The schema revision of the database (``None`` before the first migration)."""
        with self._database_errors(), self._engine.connect() as connection:
            return current_revision(connection)

    def close(self) -> None:
        """Release every connection. Closing twice is harmless."""
        self._engine.dispose()
        self._writers.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- learners ----------------------------------------------------------------

    def learner(self, name: str = "local") -> Learner:
        """The learner called ``name``, created on first use.

        Names are kept exactly as given (they key the variant seeds): 1–100
        characters, no control characters, no surrounding spaces.
        """
        name = values.check_learner_name(name)
        found = self._find_learner(name)
        if found is not None:
            return found
        try:
            with self._writing() as session:
                # Checked again inside the write transaction: another process may
                # have created this learner since.
                row = session.scalar(select(LearnerRow).where(LearnerRow.name == name))
                if row is None:
                    row = LearnerRow(name=name, created_at=datetime.now(UTC))
                    session.add(row)
                    session.flush()
                return Learner.from_row(row)
        except IntegrityError:
            # PostgreSQL: a concurrent transaction inserted the same name first.
            found = self._find_learner(name)
            if found is None:  # pragma: no cover - the unique name was taken, so it exists
                raise
            return found

    def _find_learner(self, name: str) -> Learner | None:
        with self._reading() as session:
            row = session.scalar(select(LearnerRow).where(LearnerRow.name == name))
            return None if row is None else Learner.from_row(row)

    # -- attempts ----------------------------------------------------------------

    def record_attempt(
        self,
        learner: Learner,
        *,
        exercise_id: str,
        week_id: str,
        seed: int,
        variant_number: int,
        answer_raw: str,
        status: values.AttemptStatus,
        feedback_codes: Iterable[str] = (),
        elapsed_ms: float | None = None,
        at: datetime | None = None,
    ) -> Attempt:
        """Store one attempt and return it as stored; it is committed on return.

        ``status`` is ``correct``, ``incorrect`` or ``invalid`` (as checked), or
        ``revealed`` when the learner asked for the worked solution. The answer is
        kept whatever it contains: cut to 4000 characters, NUL stored as ``␀`` and
        lone surrogates as ``�``. ``at`` (aware) defaults to now. Bad ids, statuses
        or numbers raise ``InvalidRecord``.
        """
        learner_id = self._learner_id(learner)
        answer, answer_length = values.clean_answer(answer_raw)
        row = AttemptRow(
            learner_id=learner_id,
            exercise_id=values.check_id(exercise_id, "an exercise id"),
            week_id=values.check_id(week_id, "a week id"),
            seed=values.check_int(seed, "a seed", values.MAX_SEED),
            variant_number=values.check_int(
                variant_number, "a variant number", values.MAX_VARIANT_NUMBER
            ),
            answer_raw=answer,
            answer_length=answer_length,
            status=values.check_status(status),
            feedback_codes=values.clean_feedback_codes(feedback_codes),
            created_at=values.check_time(at),
            elapsed_ms=values.check_elapsed(elapsed_ms),
        )
        try:
            with self._writing() as session:
                session.add(row)
                session.flush()
                return Attempt.from_row(row)
        except IntegrityError as error:
            reason = _reason(error)
            if "foreign key" in reason.lower():
                reason = f"there is no such learner in {display_url(self.url)}"
            raise InvalidRecord(
                f"cannot record an attempt for {learner!r}: {reason}"
            ) from error

    def attempts(
        self,
        learner: Learner,
        *,
        week_id: str | None = None,
        exercise_id: str | None = None,
    ) -> list[Attempt]:
        """The learner's attempts, oldest first, optionally of one week or one exercise."""
        stmt = select(AttemptRow).where(AttemptRow.learner_id == self._learner_id(learner))
        if week_id is not None:
            stmt = stmt.where(AttemptRow.week_id == week_id)
        if exercise_id is not None:
            stmt = stmt.where(AttemptRow.exercise_id == exercise_id)
        stmt = stmt.order_by(AttemptRow.created_at, AttemptRow.id)
        with self._reading() as session:
            return [Attempt.from_row(row) for row in session.scalars(stmt)]

    def variant_number(self, learner: Learner, exercise_id: str) -> int:
        """The index of the variant the learner is on: 0 at first, then one past the
        last variant they finished (answered correctly or revealed). Variants are
        finished in order, so this is also how many they have finished.

        The practice loop draws ``variant_seed(exercise_id, learner.name, n)`` with
        it, so a reload shows the same variant and a finished one never returns.
        """
        stmt = select(func.max(AttemptRow.variant_number)).where(
            AttemptRow.learner_id == self._learner_id(learner),
            AttemptRow.exercise_id == exercise_id,
            AttemptRow.status.in_(values.FINISHING_STATUSES),
        )
        with self._reading() as session:
            highest = session.scalar(stmt)
        return 0 if highest is None else highest + 1

    # -- submissions -------------------------------------------------------------

    def record_submission(
        self,
        learner: Learner,
        *,
        assignment_id: str,
        source: str,
        report: Mapping[str, Any],
        filename: str = "",
        elapsed_ms: float | None = None,
        at: datetime | None = None,
    ) -> Submission:
        """Store one graded submission with its report (``GradeReport.to_json()``:
        ``score``, ``max_score``, ``outcome`` and ``tests``); committed on return."""
        learner_id = self._learner_id(learner)
        document = values.clean_report(report)
        score = values.check_int(document.get("score"), "a score", values.MAX_VARIANT_NUMBER)
        max_score = values.check_int(
            document.get("max_score"), "a maximum score", values.MAX_VARIANT_NUMBER
        )
        if score > max_score:
            raise InvalidRecord(f"a score of {score} is more than the maximum {max_score}")
        row = SubmissionRow(
            learner_id=learner_id,
            assignment_id=values.check_id(assignment_id, "an assignment id"),
            source=values.clean_source(source),
            filename=values.clean_filename(filename),
            score=score,
            max_score=max_score,
            outcome=values.check_outcome(document.get("outcome")),
            report=document,
            created_at=values.check_time(at),
            elapsed_ms=values.check_elapsed(elapsed_ms),
        )
        return self._insert_submission(row, learner)

    def _insert_submission(self, row: SubmissionRow, learner: Learner) -> Submission:
        try:
            with self._writing() as session:
                session.add(row)
                session.flush()
                return Submission.from_row(row)
        except IntegrityError as error:
            raise InvalidRecord(
                f"cannot record a submission for {learner!r}: {_reason(error)}"
            ) from error

    def submissions(
        self, learner: Learner, *, assignment_id: str | None = None, limit: int | None = None
    ) -> list[Submission]:
        """The learner's submissions, newest first, optionally of one assignment."""
        stmt = select(SubmissionRow).where(SubmissionRow.learner_id == self._learner_id(learner))
        if assignment_id is not None:
            stmt = stmt.where(SubmissionRow.assignment_id == assignment_id)
        stmt = stmt.order_by(SubmissionRow.created_at.desc(), SubmissionRow.id.desc())
        if limit is not None:
            stmt = stmt.limit(values.check_int(limit, "a limit", values.MAX_VARIANT_NUMBER))
        with self._reading() as session:
            return [Submission.from_row(row) for row in session.scalars(stmt)]

    def submission(self, learner: Learner, submission_id: int) -> Submission | None:
        """The learner's own submission ``submission_id``; ``None`` when there is no
        such submission *or it belongs to someone else* (callers answer 404 either way,
        so an id in a URL never reveals whether another learner's record exists)."""
        if isinstance(submission_id, bool) or not isinstance(submission_id, int):
            return None
        if not 0 < submission_id <= values.MAX_SEED:
            return None
        stmt = select(SubmissionRow).where(
            SubmissionRow.id == submission_id,
            SubmissionRow.learner_id == self._learner_id(learner),
        )
        with self._reading() as session:
            row = session.scalar(stmt)
            return None if row is None else Submission.from_row(row)

    # -- the grading queue -------------------------------------------------------

    def queue_submission(
        self,
        learner: Learner,
        *,
        assignment_id: str,
        source: str,
        max_score: int,
        filename: str = "",
        notebook: str | None = None,
        owner: str | None = None,
        at: datetime | None = None,
    ) -> Submission:
        """Store a submission before it is graded, so that nothing submitted is lost;
        committed on return. It is ``queued`` (score 0 of ``max_score``) until
        ``finish_submission``. ``owner`` (``process_owner()``) claims it at once for
        the caller, who grades it now; unclaimed ones wait for ``claim_queued``.
        ``notebook`` is the notebook ``source`` was read from, kept until graded."""
        learner_id = self._learner_id(learner)
        now = datetime.now(UTC)
        row = SubmissionRow(
            learner_id=learner_id,
            assignment_id=values.check_id(assignment_id, "an assignment id"),
            source=values.clean_source(source),
            filename=values.clean_filename(filename),
            score=0,
            max_score=values.check_int(max_score, "a maximum score", values.MAX_VARIANT_NUMBER),
            outcome=values.QUEUED_OUTCOME,
            report={},
            created_at=values.check_time(at),
            elapsed_ms=None,
            status="queued",
            notebook=values.clean_notebook(notebook),
            claimed_by=None if owner is None else values.check_owner(owner),
            claimed_at=None if owner is None else now,
        )
        return self._insert_submission(row, learner)

    def finish_submission(
        self,
        submission_id: int,
        *,
        report: Mapping[str, Any],
        elapsed_ms: float | None = None,
    ) -> Submission | None:
        """Store the grade of a queued submission and mark it ``graded`` (its notebook
        is dropped: ``source`` keeps the graded cells); committed on return.

        When it was graded already (two servers took it over at once) the first grade
        stays and is returned; ``None`` when there is no such submission."""
        submission_id = values.check_int(submission_id, "a submission id", values.MAX_SEED)
        document = values.clean_report(report)
        score = values.check_int(document.get("score"), "a score", values.MAX_VARIANT_NUMBER)
        max_score = values.check_int(
            document.get("max_score"), "a maximum score", values.MAX_VARIANT_NUMBER
        )
        if score > max_score:
            raise InvalidRecord(f"a score of {score} is more than the maximum {max_score}")
        stmt = (
            update(SubmissionRow)
            .where(SubmissionRow.id == submission_id, SubmissionRow.status == "queued")
            .values(
                status="graded",
                score=score,
                max_score=max_score,
                outcome=values.check_outcome(document.get("outcome")),
                report=document,
                elapsed_ms=values.check_elapsed(elapsed_ms),
                notebook=None,
                claimed_by=None,
                claimed_at=None,
            )
        )
        with self._writing() as session:
            session.execute(stmt)
            row = session.get(SubmissionRow, submission_id)
            return None if row is None else Submission.from_row(row)

    def release_submission(self, submission_id: int, owner: str) -> None:
        """Give up ``owner``'s claim on a queued submission, so that the next
        ``claim_queued`` (this server's or another's) grades it."""
        stmt = (
            update(SubmissionRow)
            .where(
                SubmissionRow.id == values.check_int(
                    submission_id, "a submission id", values.MAX_SEED),
                SubmissionRow.status == "queued",
                SubmissionRow.claimed_by == values.check_owner(owner),
            )
            .values(claimed_by=None, claimed_at=None)
        )
        with self._writing() as session:
            session.execute(stmt)

    def claim_queued(
        self,
        owner: str,
        *,
        limit: int = 10,
        lease_s: float = GRADING_LEASE_S,
        is_gone: Callable[[str], bool] = owner_is_gone,
        now: datetime | None = None,
    ) -> list[QueuedSubmission]:
        """Claim for ``owner`` up to ``limit`` queued submissions nobody is grading:
        unclaimed, claimed by a process that has ended, or claimed longer than
        ``lease_s`` seconds ago. Oldest first.

        Each claim is a compare-and-set (``UPDATE … WHERE status = 'queued' AND
        claimed_by`` is what was read), so when several server processes look at once
        each submission goes to exactly one of them."""
        owner = values.check_owner(owner)
        now = values.check_time(now)
        stale = now - timedelta(seconds=lease_s)
        look = (
            select(SubmissionRow.id, SubmissionRow.claimed_by, SubmissionRow.claimed_at)
            .where(SubmissionRow.status == "queued")
            .order_by(SubmissionRow.id)
            .limit(max(limit * 10, 100))
        )
        with self._reading() as session:
            seen = session.execute(look).all()
        wanted = [
            (row_id, by)
            for row_id, by, at in seen
            if by is None
            or (at is not None and at < stale)
            or (by != owner and is_gone(by))
        ][:limit]
        if not wanted:
            return []
        claimed: list[QueuedSubmission] = []
        with self._writing() as session:
            for row_id, by in wanted:
                held = (
                    SubmissionRow.claimed_by.is_(None) if by is None
                    else SubmissionRow.claimed_by == by
                )
                done = session.execute(
                    update(SubmissionRow)
                    .where(SubmissionRow.id == row_id, SubmissionRow.status == "queued", held)
                    .values(claimed_by=owner, claimed_at=now)
                    .execution_options(synchronize_session=False)
                )
                if done.rowcount == 1:
                    row = session.get(SubmissionRow, row_id)
                    if row is not None:
                        claimed.append(QueuedSubmission.from_row(row))
        return claimed

    def queued_count(self) -> int:
        """How many submissions wait to be graded (claimed or not)."""
        stmt = select(func.count()).select_from(SubmissionRow).where(
            SubmissionRow.status == "queued"
        )
        with self._reading() as session:
            return int(session.scalar(stmt) or 0)

    # -- accounts and sessions ---------------------------------------------------

    def create_account(self, name: str, password_hash: str) -> Learner:
        """A new learner called ``name`` who signs in with a password (its argon2
        hash is given; hashing is the caller's job). Raises ``NameTaken`` when a
        learner of that name exists, with or without an account."""
        name = values.check_learner_name(name)
        password_hash = values.check_password_hash(password_hash)
        now = datetime.now(UTC)
        try:
            with self._writing() as session:
                if session.scalar(select(LearnerRow.id).where(LearnerRow.name == name)):
                    raise NameTaken(f"the name {name!r} is taken")
                row = LearnerRow(name=name, created_at=now)
                session.add(row)
                session.flush()
                session.add(
                    AccountRow(learner_id=row.id, password_hash=password_hash, created_at=now)
                )
                return Learner.from_row(row)
        except IntegrityError as error:
            raise NameTaken(f"the name {name!r} is taken") from error

    def account(self, name: str) -> tuple[Learner, str] | None:
        """The learner called ``name`` and their password hash, or ``None`` when
        there is no such account (a learner without a password has none)."""
        try:
            name = values.check_learner_name(name)
        except InvalidRecord:
            return None
        stmt = (
            select(LearnerRow, AccountRow.password_hash)
            .join(AccountRow, AccountRow.learner_id == LearnerRow.id)
            .where(LearnerRow.name == name)
        )
        with self._reading() as session:
            found = session.execute(stmt).first()
            return None if found is None else (Learner.from_row(found[0]), found[1])

    def set_password_hash(self, learner: Learner, password_hash: str) -> None:
        """Replace the learner's password hash (after a rehash with new parameters)."""
        stmt = (
            update(AccountRow)
            .where(AccountRow.learner_id == self._learner_id(learner))
            .values(password_hash=values.check_password_hash(password_hash))
        )
        with self._writing() as session:
            session.execute(stmt)

    def create_session(self, learner: Learner, token_hash: str, expires_at: datetime) -> None:
        """Remember a signed-in browser by the SHA-256 hex of its cookie token."""
        row = SessionRow(
            token_hash=values.check_token_hash(token_hash),
            learner_id=self._learner_id(learner),
            created_at=datetime.now(UTC),
            expires_at=values.check_time(expires_at),
        )
        with self._writing() as session:
            session.add(row)

    def session_learner(self, token_hash: str, now: datetime | None = None) -> Learner | None:
        """The learner signed in with this token hash, or ``None`` when it is unknown
        or expired."""
        try:
            token_hash = values.check_token_hash(token_hash)
        except InvalidRecord:
            return None
        now = values.check_time(now)
        stmt = (
            select(LearnerRow)
            .join(SessionRow, SessionRow.learner_id == LearnerRow.id)
            .where(SessionRow.token_hash == token_hash, SessionRow.expires_at > now)
        )
        with self._reading() as session:
            row = session.scalar(stmt)
            return None if row is None else Learner.from_row(row)

    def delete_session(self, token_hash: str) -> None:
        """Sign a browser out; unknown tokens are ignored."""
        try:
            token_hash = values.check_token_hash(token_hash)
        except InvalidRecord:
            return
        with self._writing() as session:
            session.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))

    def delete_expired_sessions(self, now: datetime | None = None) -> int:
        """Forget sessions that have expired; returns how many."""
        stmt = delete(SessionRow).where(SessionRow.expires_at <= values.check_time(now))
        with self._writing() as session:
            return session.execute(stmt).rowcount or 0

    # -- plumbing ----------------------------------------------------------------

    @staticmethod
    def _learner_id(learner: Learner) -> int:
        if not isinstance(learner, Learner):
            raise InvalidRecord(
                f"expected a Learner from Store.learner(name), got {preview(learner)}"
            )
        return learner.id

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with self._database_errors(), Session(self._engine) as session, session.begin():
            yield session

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A session whose transaction commits on leaving the block, or rolls back."""
        with (
            self._database_errors(),
            self._writers.turn(),
            Session(self._write_engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def _database_errors(self) -> Iterator[None]:
        try:
            yield
        except IntegrityError:
            raise  # a constraint: the caller knows what it means
        except DataError as error:
            raise InvalidRecord(f"the database refused a value: {_reason(error)}") from error
        except PoolTimeout as error:
            raise DatabaseBusy(
                f"the database is busy: no connection was free within {self.timeout:g} s"
            ) from error
        except DBAPIError as error:
            if error.orig is not None and is_busy_error(error.orig):
                raise DatabaseBusy(
                    f"the database is busy: it stayed locked for more than {self.timeout:g} s "
                    f"({_reason(error)})"
                ) from error
            raise DatabaseUnavailable(
                f"the database {display_url(self.url)} cannot be used: {_reason(error)}"
            ) from error


def _reason(error: DBAPIError) -> str:
    """The driver's own message, first line only (the rest repeats the SQL)."""
    text = str(error.orig if error.orig is not None else error).strip()
    return text.splitlines()[0] if text else type(error.orig).__name__
