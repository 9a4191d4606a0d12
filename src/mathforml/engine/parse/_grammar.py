"""The grammar of typed answers: a recursive-descent parser over our own tokens.

    answer   := item ((',' | ';') item)*            a bare list: ``1, 2, 3``
    item     := sum
    sum      := term (('+' | '-') term)*
    term     := ('-' | '+') term | product
    product  := power (('*' | '/') signed | implicit power)*
    signed   := ('-' | '+') signed | power          ``2*-3``, ``x/-2``
    power    := postfix ('^' exponent)?             right-associative
    exponent := ('-' | '+') exponent | power        ``2^-3``, ``x^2^3 = x^(2^3)``
    postfix  := primary '!'?
    primary  := number | constant | variable | function | '√' power
              | '(' item (',' item)* ')' | '[' rows ']' | '{' items '}' | '|' sum '|'
    function := name '(' args ')' | name '^' digits argument | name argument
    argument := power (implicit power)*             ``ln 2x`` is ln(2x); stops at an
                                                    operator or another function

Implicit multiplication (``2x``, ``3(x+1)``, ``x y``, ``(x+1)(x-1)``) binds like
``*``, left to right, so ``1/2x`` is ``(1/2)·x``; the preview shows what was read.
A number may not follow another factor (``x2``, ``2 3``): that is almost always
a missing operator or comma. ``√`` takes one power (``√3/2`` is ``√3 / 2``,
``√x^2`` is ``√(x²)``); a named function without parentheses takes the factors
that follow it up to the next operator (``sin 2x`` is ``sin(2x)``, ``sin x cos x``
is ``sin(x)·cos(x)``).

Before descending, ``check_brackets`` walks the tokens once, iteratively, so
unbalanced or too deeply nested brackets (10,000 ``(``) are reported without
recursion; during the descent every recursive rule counts its depth.
"""

from __future__ import annotations

from mathforml.engine.parse._limits import MAX_DEPTH, MAX_ITEMS
from mathforml.engine.parse._nodes import (
    Add,
    Call,
    Const,
    Factorial,
    Group,
    Mul,
    Neg,
    Node,
    Num,
    Pow,
    Rows,
    Var,
    is_collection,
)
from mathforml.engine.parse._tokens import FUNCTIONS, Token, canonical_variable, tokenize
from mathforml.errors import InputError, InputTooLarge

_CLOSERS = {"(": ")", "[": "]", "{": "}"}
_OPENERS = {v: k for k, v in _CLOSERS.items()}


def parse(text: str, variables: tuple[str, ...] | list[str] = ()) -> Node:
    """Parse typed ``text`` into a syntax tree.

    ``variables`` are the names the answer may use (``("x",)``; ``λ`` may be given
    as ``"lambda"``). Raises ``InputError`` (``InputTooLarge`` for bounds) with the
    position of the problem; never any other exception for any ``str``.

    >>> from mathforml.engine.parse import to_text
    >>> to_text(parse("2x(x+1)^2", ("x",)))
    '2*x*(x + 1)^2'
    """
    if not isinstance(text, str):
        raise InputError("an answer is text")
    names = tuple(canonical_variable(v) for v in variables)
    tokens = tokenize(text, names)
    if tokens[0].kind == "end":
        raise InputError("the answer is empty")
    check_brackets(tokens)
    return _Parser(tokens).answer()


def check_brackets(tokens: list[Token]) -> None:
    """Report unbalanced, mismatched or too deeply nested ``( [ {`` (iteratively)."""
    stack: list[Token] = []
    for tok in tokens:
        if tok.kind != "op":
            continue
        if tok.value in _CLOSERS:
            stack.append(tok)
            if len(stack) > MAX_DEPTH:
                raise InputTooLarge(
                    f"brackets are nested more than {MAX_DEPTH} levels deep (at position "
                    f"{tok.pos + 1}); that is the most an answer may use",
                    position=tok.pos,
                )
        elif tok.value in _OPENERS:
            if not stack:
                raise InputError(
                    f"'{tok.text}' at position {tok.pos + 1} has no matching "
                    f"'{_OPENERS[tok.value]}'",
                    position=tok.pos,
                )
            opener = stack.pop()
            if _CLOSERS[opener.value] != tok.value:
                raise InputError(
                    f"'{tok.text}' at position {tok.pos + 1} closes the '{opener.text}' opened "
                    f"at position {opener.pos + 1}; expected '{_CLOSERS[opener.value]}'",
                    position=tok.pos,
                )
    if stack:
        opener = stack[-1]
        raise InputError(
            f"the '{opener.text}' at position {opener.pos + 1} is never closed", position=opener.pos
        )


def _describe(tok: Token) -> str:
    return "the end of the answer" if tok.kind == "end" else f"'{tok.text}'"


class _Parser:
    """One use per parse. ``depth`` counts the recursive rules currently open."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.abs_depth = 0
        self.items = 0

    # -- helpers ----------------------------------------------------------
    def peek(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind != "end":
            self.i += 1
        return tok

    def at(self, *ops: str) -> bool:
        tok = self.tokens[self.i]
        return tok.kind == "op" and tok.value in ops

    def enter(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise InputTooLarge(
                f"the expression is nested more than {MAX_DEPTH} levels deep", position=tok.pos
            )

    def expect(self, op: str, opener: Token | None = None) -> Token:
        tok = self.peek()
        if tok.kind == "op" and tok.value == op:
            return self.advance()
        where = f" to close the '{opener.text}' at position {opener.pos + 1}" if opener else ""
        raise InputError(f"expected '{op}'{where}, found {_describe(tok)}", position=tok.pos)

    def scalar(self, node: Node, tok: Token) -> Node:
        """Refuse lists inside arithmetic (``(1, 2) + 3``)."""
        if is_collection(node):
            raise InputError(
                "a list or matrix cannot be used inside a calculation here; type each entry "
                "as its own value",
                position=tok.pos,
            )
        return node

    # -- grammar ----------------------------------------------------------
    def answer(self) -> Node:
        node = self.sum()
        if self.at(",", ";"):
            rows = self.sequence(node, allow_rows=True)
            node = _collection("", rows)
        tok = self.peek()
        if tok.kind != "end":
            if tok.kind == "op" and tok.value in _OPENERS:
                raise InputError(
                    f"'{tok.text}' at position {tok.pos + 1} has no matching "
                    f"'{_OPENERS[tok.value]}'",
                    position=tok.pos,
                )
            raise InputError(
                f"unexpected {_describe(tok)} at position {tok.pos + 1}", position=tok.pos
            )
        return node

    def sequence(self, first: Node, *, allow_rows: bool) -> list[list[Node]]:
        """Items after ``first`` separated by ',' (and rows by ';' when allowed)."""
        rows: list[list[Node]] = [[first]]
        self.count_item()
        while self.at(",", ";"):
            sep = self.advance()
            if sep.value == ";":
                if not allow_rows:
                    raise InputError(
                        "';' separates the rows of a matrix and is only allowed inside [ ]",
                        position=sep.pos,
                    )
                rows.append([])
            rows[-1].append(self.sum())
            self.count_item()
        return rows

    def count_item(self) -> None:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise InputTooLarge(
                f"that answer has more than {MAX_ITEMS} entries", position=self.peek().pos
            )

    def sum(self) -> Node:
        first_tok = self.peek()
        terms = [self.term()]
        while self.at("+", "-"):
            op = self.advance()
            term = self.term()
            terms.append(Neg(term) if op.value == "-" else term)
        if len(terms) == 1:
            return terms[0]
        for t in terms:
            self.scalar(t.arg if isinstance(t, Neg) else t, first_tok)
        return Add(tuple(terms))

    def term(self) -> Node:
        if self.at("-", "+"):
            op = self.advance()
            self.enter(op)
            inner = self.scalar(self.term(), op)
            self.depth -= 1
            return Neg(inner) if op.value == "-" else inner
        return self.product()

    def product(self) -> Node:
        start = self.peek()
        factors = [self.power()]
        divide = [False]
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.value in ("*", "/"):
                self.advance()
                factors.append(self.signed())
                divide.append(tok.value == "/")
            elif self.starts_implicit(tok, factors[-1]):
                factors.append(self.power())
                divide.append(False)
            else:
                break
        if len(factors) == 1:
            return factors[0]
        for f in factors:
            self.scalar(f, start)
        return Mul(tuple(factors), tuple(divide))

    def starts_implicit(self, tok: Token, previous: Node) -> bool:
        if tok.kind == "name":
            return True
        if tok.kind == "op":
            return tok.value == "(" or (tok.value == "|" and self.abs_depth == 0)
        if tok.kind == "num":
            before = self.tokens[self.i - 1]
            if isinstance(previous, Num) and before.kind == "num":
                raise InputError(
                    f"two numbers in a row ('{before.text}' and '{tok.text}'): put an operator "
                    "between them, or a comma between entries",
                    position=tok.pos,
                )
            raise InputError(
                f"a number cannot follow '{before.text}' directly: write the number first "
                f"(2x), or put an operator or a comma before '{tok.text}'",
                position=tok.pos,
            )
        return False

    def signed(self) -> Node:
        if self.at("-", "+"):
            op = self.advance()
            self.enter(op)
            inner = self.scalar(self.signed(), op)
            self.depth -= 1
            return Neg(inner) if op.value == "-" else inner
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if not self.at("^"):
            return base
        caret = self.advance()
        self.enter(caret)
        exp = self.exponent()
        self.depth -= 1
        self.scalar(base, caret)
        self.scalar(exp, caret)
        return Pow(base, exp)

    def exponent(self) -> Node:
        if self.at("-", "+"):
            op = self.advance()
            self.enter(op)
            inner = self.exponent()
            self.depth -= 1
            return Neg(inner) if op.value == "-" else inner
        if self.peek().kind == "end":
            raise InputError(
                "the answer ends after '^': an exponent is missing", position=self.peek().pos
            )
        return self.power()

    def postfix(self) -> Node:
        node = self.primary()
        if self.at("!"):
            bang = self.advance()
            self.scalar(node, bang)
            if self.at("!"):
                raise InputError(
                    "'!!' is not supported: write each factorial as n!", position=self.peek().pos
                )
            node = Factorial(node)
        return node

    def primary(self) -> Node:
        tok = self.advance()
        if tok.kind == "num":
            return Num(tok.value, tok.decimal)  # type: ignore[arg-type]
        if tok.kind == "name":
            if tok.category == "var":
                return Var(str(tok.value))
            if tok.category == "const":
                return Const(str(tok.value))
            if tok.category == "root":
                return self.root(tok)
            return self.call(tok)
        if tok.kind == "op":
            if tok.value == "(":
                return self.parenthesized(tok)
            if tok.value == "[":
                return self.bracketed(tok)
            if tok.value == "{":
                return self.braced(tok)
            if tok.value == "|":
                return self.absolute(tok)
            if tok.value == "∅":
                return Group("{", ())
            if tok.value in (")", "]", "}", ",", ";"):
                raise InputError(f"a value is missing before '{tok.text}'", position=tok.pos)
            if tok.value in ("*", "/", "^", "!"):
                raise InputError(
                    f"'{tok.text}' at position {tok.pos + 1} needs a value on its left",
                    position=tok.pos,
                )
            raise InputError(f"a value is missing before '{tok.text}'", position=tok.pos)
        before = self.tokens[self.i - 2].text if self.i >= 2 else ""
        raise InputError(
            f"the answer ends too early: a value is missing after '{before}'"
            if before
            else "the answer is empty",
            position=tok.pos,
        )

    def parenthesized(self, opener: Token) -> Node:
        if self.at(")"):
            raise InputError("empty parentheses '()'", position=opener.pos)
        self.enter(opener)
        first = self.sum()
        if self.at(",", ";"):
            rows = self.sequence(first, allow_rows=False)
            node: Node = Group("(", tuple(rows[0]))
        else:
            node = first
        self.expect(")", opener)
        self.depth -= 1
        return node

    def bracketed(self, opener: Token) -> Node:
        if self.at("]"):
            self.advance()
            return Group("[", ())
        self.enter(opener)
        rows = self.sequence(self.sum(), allow_rows=True)
        self.expect("]", opener)
        self.depth -= 1
        return _collection("[", rows)

    def braced(self, opener: Token) -> Node:
        if self.at("}"):
            self.advance()
            return Group("{", ())
        self.enter(opener)
        rows = self.sequence(self.sum(), allow_rows=False)
        self.expect("}", opener)
        self.depth -= 1
        return Group("{", tuple(rows[0]))

    def absolute(self, bar: Token) -> Node:
        self.enter(bar)
        self.abs_depth += 1
        inner = self.scalar(self.sum(), bar)
        self.abs_depth -= 1
        tok = self.peek()
        if not (tok.kind == "op" and tok.value == "|"):
            raise InputError(
                f"the '|' at position {bar.pos + 1} is never closed: write |x| (or abs(x))",
                position=bar.pos,
            )
        self.advance()
        self.depth -= 1
        return Call("abs", (inner,))

    def root(self, tok: Token) -> Node:
        if not self.value_follows():
            raise InputError(
                f"'√' at position {tok.pos + 1} needs a value after it: √2 or √(x+1)",
                position=tok.pos,
            )
        self.enter(tok)
        arg = self.scalar(self.power(), tok)
        self.depth -= 1
        return Call("sqrt", (arg,))

    def value_follows(self) -> bool:
        nxt = self.peek()
        return nxt.kind in ("num", "name") or (nxt.kind == "op" and nxt.value in ("(", "|"))

    def call(self, tok: Token) -> Node:
        name = str(tok.value)
        arity = FUNCTIONS[name]
        if self.at("^"):
            caret = self.advance()
            power = self.peek()
            if power.kind != "num" or power.decimal or power.value == 0:
                raise InputError(
                    f"after '{tok.text}^' only a whole power such as {tok.text}^2(x) is "
                    f"allowed; for other powers write {tok.text}(x)^(…)",
                    position=caret.pos,
                )
            self.advance()
            return Pow(self.call(tok), Num(power.value))  # type: ignore[arg-type]
        if self.at("("):
            opener = self.advance()
            if self.at(")"):
                raise InputError(f"{name}() needs an argument", position=opener.pos)
            self.enter(opener)
            rows = self.sequence(self.sum(), allow_rows=False)
            self.expect(")", opener)
            self.depth -= 1
            args = rows[0]
            if len(args) != arity:
                raise InputError(
                    f"{name} takes {arity} argument{'s' if arity > 1 else ''}, got {len(args)}",
                    position=tok.pos,
                )
            for a in args:
                self.scalar(a, opener)
            return Call(name, tuple(args))
        if arity != 1 or not self.value_follows() or self.peek().category == "func":
            raise InputError(
                f"put the argument of {name} in parentheses: {name}(…)", position=tok.pos
            )
        self.enter(tok)
        factors = [self.scalar(self.power(), tok)]
        while True:
            nxt = self.peek()
            if (nxt.kind == "name" and nxt.category != "func") or (
                nxt.kind == "op" and nxt.value == "("
            ):
                factors.append(self.scalar(self.power(), tok))
            else:
                break
        self.depth -= 1
        arg = factors[0] if len(factors) == 1 else Mul(tuple(factors), (False,) * len(factors))
        return Call(name, (arg,))


def _collection(open_: str, rows: list[list[Node]]) -> Node:
    if len(rows) == 1:
        return Group(open_, tuple(rows[0]))
    return Rows(open_, tuple(tuple(r) for r in rows))
