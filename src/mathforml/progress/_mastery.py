"""How well a learner knows a topic, from their answers: a recency-weighted Beta-Bernoulli estimate.

Model. Each answer to an exercise of the topic is a Bernoulli trial whose success
probability ``p`` is the learner's mastery. We start from a pessimistic prior
Beta(α₀, β₀) with α₀ = ``PRIOR_SUCCESSES`` = 0 and β₀ = ``PRIOR_FAILURES`` = 1 (one
imagined failure: an unpractised topic has mastery 0, and no short run of luck
reaches 1) and report the posterior mean

    mastery = (α₀ + Σ wᵢ·xᵢ) / (α₀ + β₀ + Σ wᵢ),        xᵢ = 1 for a success, 0 otherwise,

where answer ``i`` weighs ``wᵢ = 2^(−kᵢ / HALF_LIFE)`` with ``kᵢ`` the number of answers
given after it. Recency weighting lets mastery follow a learner who improves (old
mistakes fade) and bounds the evidence at ``1 / (1 − 2^(−1/HALF_LIFE)) ≈ 12`` answers,
so the estimate stays responsive; forgetting over *time* is left to the review
schedule. About five correct answers in a row reach ``MASTERED`` = 0.8.

Properties (tested): mastery lies in [0, 1); turning any failure into a success
never lowers it; appending a success never lowers it and appending a failure never
raises it (the prior's weight of 1 is what keeps this true with decay).
"""

from __future__ import annotations

from collections.abc import Sequence

PRIOR_SUCCESSES = 0.0
PRIOR_FAILURES = 1.0
#: After this many newer answers, an answer counts half.
HALF_LIFE = 8.0
#: Mastery from which a topic counts as mastered (≈ five correct answers in a row).
MASTERED = 0.8


def mastery(outcomes: Sequence[bool], *, half_life: float = HALF_LIFE) -> float:
    """The posterior mean mastery after ``outcomes`` (oldest first; True = success).

    >>> mastery([])
    0.0
    >>> mastery([True])
    0.5
    >>> round(mastery([True] * 5), 2)
    0.81
    """
    if half_life <= 0:
        raise ValueError(f"half_life is a positive number of answers, got {half_life!r}")
    decay = 0.5 ** (1.0 / half_life)
    successes = weights = 0.0
    for success in outcomes:  # oldest first: every newer answer decays the older ones once
        successes = successes * decay + (1.0 if success else 0.0)
        weights = weights * decay + 1.0
    return (PRIOR_SUCCESSES + successes) / (PRIOR_SUCCESSES + PRIOR_FAILURES + weights)
