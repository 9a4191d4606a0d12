"""The course: the catalogue of courses and weeks, and each week's folder.

A week's folder holds its lesson, figures, exercises, lab and assignment; the
catalogue is the one place that lists the weeks, and the front ends find
everything through it.
"""

from mathforml.curriculum._catalogue import (
    Course,
    UnknownAssignmentError,
    Week,
    all_exercises,
    assignment,
    assignment_ids,
    assignments,
    catalogue,
    exercise,
    lab_ids,
    lab_source,
    topic_outline,
    week,
    weeks,
)

__all__ = [
    "Course",
    "UnknownAssignmentError",
    "Week",
    "all_exercises",
    "assignment",
    "assignment_ids",
    "assignments",
    "catalogue",
    "exercise",
    "lab_ids",
    "lab_source",
    "topic_outline",
    "week",
    "weeks",
]
