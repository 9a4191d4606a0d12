"""Sets: ``{1, 2}``, a bare ``1, 2``, or ``{}`` (also ``∅``) for the empty set.

Elements are read by another kind (``Set(Number())``, ``Set(Vector())``), order
does not matter and duplicates collapse. Feedback counts the missing elements
(without revealing them) and lists the extra ones.
"""

from __future__ import annotations

import contextlib
from typing import Any

from mathforml.engine.answers._base import AnswerKind, Feedback, Judgement
from mathforml.engine.answers._scalar import ParsedTuple
from mathforml.engine.parse import Deadline, Group, Node, Rows, parse
from mathforml.engine.parse._limits import MAX_SET_ELEMENTS
from mathforml.errors import InputError, InputTooLarge

#: What a learner may type for the empty set, besides ``{}``.
EMPTY_WORDS = frozenset({"{}", "∅", "empty", "emptyset", "none", "ø"})
#: At most this many extra elements are quoted in feedback.
MAX_QUOTED_EXTRAS = 3


class Set(AnswerKind):
    """A finite set of ``element`` values (value: a tuple without duplicates, sorted
    when the elements can be ordered)."""

    name = "set"

    def __init__(self, element: AnswerKind) -> None:
        if isinstance(element, Set):
            raise TypeError("a set of sets is not supported")
        self.element = element

    def __repr__(self) -> str:
        return f"Set({self.element!r})"

    @property
    def _element_is_array(self) -> bool:
        return self.element.name in ("vector", "matrix")

    # -- reading ------------------------------------------------------------------
    def parse(self, raw: str) -> tuple[Any, ...]:
        if not isinstance(raw, str):
            raise InputError("an answer is text")
        if "".join(raw.split()).casefold() in EMPTY_WORDS:
            return ParsedTuple((), ())
        from_node = getattr(self.element, "from_node", None)
        if from_node is None:
            return self._parse_by_splitting(raw)
        variables = tuple(getattr(self.element, "variables", ()))
        node = parse(raw, variables)
        items = self._items(node)
        if len(items) > MAX_SET_ELEMENTS:
            raise InputTooLarge(
                f"that set has {len(items)} elements; at most {MAX_SET_ELEMENTS} are allowed"
            )
        deadline = Deadline()
        values = []
        for k, item in enumerate(items, start=1):
            try:
                values.append(from_node(item, deadline))
            except InputError as error:
                raise type(error)(
                    f"element {k}: {error.message}", position=error.position
                ) from None
        return self._canonical(values, items)

    def _items(self, node: Node) -> list[Node]:
        if isinstance(node, Group):
            if node.open in ("{", ""):
                return list(node.items)
            if not self._element_is_array:
                return list(node.items)  # (1, 2) or [1, 2] for a set of numbers
            return [node]
        if isinstance(node, Rows):
            raise InputError("';' is not used in a set: separate the elements with commas")
        return [node]

    def _parse_by_splitting(self, raw: str) -> tuple[Any, ...]:
        text = raw.strip()
        if text.startswith("{") and text.endswith("}"):
            text = text[1:-1]
        pieces = [p for p in text.split(",") if p.strip()]
        if len(pieces) > MAX_SET_ELEMENTS:
            raise InputTooLarge(f"at most {MAX_SET_ELEMENTS} elements are allowed")
        return self._canonical([self.element.parse(p) for p in pieces], None)

    def _canonical(self, values: list[Any], sources: list[Node] | None) -> tuple[Any, ...]:
        kept: list[Any] = []
        kept_sources: list[Any] = []
        for k, v in enumerate(values):
            if not any(self.element.equal(v, w) for w in kept):
                kept.append(v)
                kept_sources.append(sources[k] if sources else None)
        order = list(range(len(kept)))
        with contextlib.suppress(TypeError):  # elements without an order keep theirs
            order.sort(key=lambda k: _sort_key(kept[k]))
        return ParsedTuple([kept[k] for k in order], tuple(kept_sources[k] for k in order))

    def normalize(self, value: Any) -> tuple[Any, ...]:
        if isinstance(value, str):
            return tuple(self.parse(value))
        if hasattr(value, "tolist") and not self._element_is_array:
            value = value.tolist()
        return tuple(self._canonical([self.element.normalize(v) for v in value], None))

    # -- judging --------------------------------------------------------------------
    def _missing(self, of: Any, within: Any) -> list[Any]:
        return [x for x in of if not any(self.element.equal(y, x) for y in within)]

    def equal(self, given: Any, expected: Any) -> bool:
        return not self._missing(expected, given) and not self._missing(given, expected)

    def judge(self, given: Any, expected: Any) -> Judgement:
        missing = self._missing(expected, given)
        extra = self._missing(given, expected)
        if not missing and not extra:
            return Judgement(True)
        feedback = []
        if missing:
            count = len(missing)
            what = "element is" if count == 1 else "elements are"
            feedback.append(Feedback("missing-elements", f"{count} {what} missing from your set."))
        if extra:
            quoted = ", ".join(f"${self.element.latex(x)}$" for x in extra[:MAX_QUOTED_EXTRAS])
            more = (
                f" and {len(extra) - MAX_QUOTED_EXTRAS} more"
                if len(extra) > MAX_QUOTED_EXTRAS
                else ""
            )
            feedback.append(
                Feedback(
                    "extra-elements",
                    f"{'This does' if len(extra) == 1 else 'These do'} not belong in the set: "
                    f"{quoted}{more}.",
                )
            )
        return Judgement(False, tuple(feedback))

    # -- writing --------------------------------------------------------------------
    def text(self, value: Any) -> str:
        return "{" + ", ".join(self.element.text(v) for v in value) + "}"

    def latex(self, value: Any) -> str:
        if not len(value):
            return r"\emptyset"
        return r"\left\{" + ", ".join(self.element.latex(v) for v in value) + r"\right\}"

    def help(self) -> str:
        return (
            "Type the elements in braces, separated by commas: {1, 2, 3}; {} for the empty set. "
            "Order does not matter. " + self.element.help()
        )

    def invalid_example(self) -> str:
        return "{1, 2"


def _sort_key(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(_sort_key(v) for v in value)
    if isinstance(value, int | float) or hasattr(value, "denominator"):
        return float(value)
    raise TypeError("unordered")
