"""The course: catalogue of courses and weeks, lessons, and exercises."""

from mathforml.curriculum._catalogue import (
    Course,
    Week,
    all_exercises,
    catalogue,
    exercise,
    topic_outline,
    week,
    weeks,
)

__all__ = [
    "Course",
    "Week",
    "all_exercises",
    "catalogue",
    "exercise",
    "topic_outline",
    "week",
    "weeks",
]
