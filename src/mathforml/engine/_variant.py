"""Variants: one exercise drawn for one learner's one attempt, reproducibly."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import numpy as np

from mathforml.engine._exercise import Exercise
from mathforml.types import Params, Seed

#: Seeds are kept below 2**53 so that they survive a trip through JSON and JavaScript.
SEED_BITS = 53


def variant_seed(exercise_id: str, learner: str, attempt: int) -> Seed:
    """The seed of ``learner``'s ``attempt``-th variant of ``exercise_id``.

    A pure function: the same learner sees the same variant after a reload, a new
    attempt gets a new one, and a teacher can reproduce any learner's variant.
    """
    digest = hashlib.sha256(f"{exercise_id}\0{learner}\0{attempt}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> (64 - SEED_BITS)


def generate_params(exercise: Exercise, seed: Seed) -> Params:
    """Generate the parameters of a variant. The generator is keyed by the exercise
    id as well as the seed, so one seed gives unrelated variants in two exercises."""
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"a seed is a non-negative integer, got {seed!r}")
    key = int.from_bytes(hashlib.sha256(exercise.id.encode()).digest()[:8], "big")
    rng = np.random.default_rng([seed, key])
    return exercise.generate(rng)


@dataclass(frozen=True)
class Variant:
    """What a front end shows: the question of one variant and how to answer it."""

    exercise_id: str
    title: str
    topic: str
    seed: Seed
    params: Params
    prompt: str
    kind: str
    help: str
    #: The options of a multiple choice, in order (letters a, b, … name them); else empty.
    options: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.exercise_id,
            "title": self.title,
            "topic": self.topic,
            "seed": self.seed,
            "prompt": self.prompt,
            "kind": self.kind,
            "help": self.help,
            "options": list(self.options),
            "params": json.loads(json.dumps(self.params)),
        }


def make_variant(exercise: Exercise, seed: Seed) -> Variant:
    params = generate_params(exercise, seed)
    kind = exercise.kind(params)
    return Variant(
        exercise_id=exercise.id,
        title=exercise.title,
        topic=exercise.topic,
        seed=seed,
        params=params,
        prompt=exercise.prompt(params),
        kind=kind.name,
        help=kind.help(),
        options=tuple(getattr(kind, "options", ())),
    )
