"""The learner's record: learners, attempts, submissions and accounts, in SQLite or PostgreSQL.

``Store.from_env()`` opens the configured database, migrating it on open. By
default it is ``mathforml.db`` in the user data folder (``$MATHFORML_DATA_DIR``
overrides the folder); ``$MATHFORML_DATABASE_URL`` names any other database, e.g.
``postgresql://teacher@db.example/course`` for a hosted cohort.

>>> from mathforml.store import Store
>>> with Store("sqlite://") as store:
...     store.learner("ada").name
'ada'
"""

from mathforml.store._claims import GRADING_LEASE_S, process_owner
from mathforml.store._config import (
    DATABASE_FILENAME,
    ENV_DATA_DIR,
    ENV_DATABASE_URL,
    data_dir,
    database_url_from_env,
)
from mathforml.store._errors import (
    DatabaseBusy,
    DatabaseConfigError,
    DatabaseUnavailable,
    InvalidRecord,
    NameTaken,
    SchemaMismatch,
    StoreError,
)
from mathforml.store._migrate import head_revision
from mathforml.store._records import Attempt, Learner, QueuedSubmission, Submission
from mathforml.store._store import Store
from mathforml.store._values import (
    FINISHING_STATUSES,
    MAX_ANSWER_CHARS,
    MAX_SOURCE_CHARS,
    NUL_REPLACEMENT,
    STATUSES,
    SUBMISSION_STATUSES,
    AttemptStatus,
)

__all__ = [
    "DATABASE_FILENAME",
    "ENV_DATABASE_URL",
    "ENV_DATA_DIR",
    "FINISHING_STATUSES",
    "GRADING_LEASE_S",
    "MAX_ANSWER_CHARS",
    "MAX_SOURCE_CHARS",
    "NUL_REPLACEMENT",
    "STATUSES",
    "SUBMISSION_STATUSES",
    "Attempt",
    "AttemptStatus",
    "DatabaseBusy",
    "DatabaseConfigError",
    "DatabaseUnavailable",
    "InvalidRecord",
    "Learner",
    "NameTaken",
    "QueuedSubmission",
    "SchemaMismatch",
    "Store",
    "StoreError",
    "Submission",
    "data_dir",
    "database_url_from_env",
    "head_revision",
    "process_owner",
]
