"""Progress: mastery per week and topic, and a spaced-review queue, from stored attempts.

Pure functions: pass the learner's attempts (``Store.attempts(learner)``) and each
exercise's topic; nothing here touches the database or imports the curriculum.

>>> from mathforml.progress import mastery, review_interval
>>> mastery([True, True, False, True]) < mastery([True, True, True, True])
True
"""

from mathforml.progress._mastery import (
    HALF_LIFE,
    MASTERED,
    PRIOR_FAILURES,
    PRIOR_SUCCESSES,
    mastery,
)
from mathforml.progress._next import least_solved
from mathforml.progress._report import (
    LOW_MASTERY,
    OTHER_TOPIC,
    AttemptLike,
    ProgressReport,
    ReviewItem,
    TopicProgress,
    WeekProgress,
    summarize,
)
from mathforml.progress._review import (
    FIRST_INTERVAL,
    INTERVAL_GROWTH,
    MAX_INTERVAL,
    Schedule,
    review_interval,
    schedule,
)

__all__ = [
    "FIRST_INTERVAL",
    "HALF_LIFE",
    "INTERVAL_GROWTH",
    "LOW_MASTERY",
    "MASTERED",
    "MAX_INTERVAL",
    "OTHER_TOPIC",
    "PRIOR_FAILURES",
    "PRIOR_SUCCESSES",
    "AttemptLike",
    "ProgressReport",
    "ReviewItem",
    "Schedule",
    "TopicProgress",
    "WeekProgress",
    "least_solved",
    "mastery",
    "review_interval",
    "schedule",
    "summarize",
]
