"""LaTeX to terminal text: matrices as bracketed grids, symbols as Unicode.

The terminal cannot typeset, but a learner still has to read
``\\begin{bmatrix}1 & 2\\\\3 & 4\\end{bmatrix}`` as a matrix. This renders the
subset of LaTeX our lessons use into boxes of text lines that are laid out side
by side (a matrix next to ``=`` next to a vector), and degrades gracefully on
anything it does not know: an unknown command prints its name, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SYMBOLS = {
    "cdot": "·",
    "times": "×",
    "div": "÷",
    "pm": "±",
    "mp": "∓",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "ne": "≠",
    "neq": "≠",
    "approx": "≈",
    "equiv": "≡",
    "sim": "~",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "Rightarrow": "⇒",
    "Leftarrow": "⇐",
    "iff": "⇔",
    "Leftrightarrow": "⇔",
    "Longleftrightarrow": "⟺",
    "Longrightarrow": "⟹",
    "longrightarrow": "⟶",
    "longleftrightarrow": "⟷",
    "arccos": "arccos",
    "arcsin": "arcsin",
    "arctan": "arctan",
    "mid": "|",
    "colon": ":",
    "ast": "*",
    "bullet": "•",
    "implies": "⇒",
    "mapsto": "↦",
    "in": "∈",
    "notin": "∉",
    "subset": "⊂",
    "subseteq": "⊆",
    "cup": "∪",
    "cap": "∩",
    "emptyset": "∅",
    "varnothing": "∅",
    "infty": "∞",
    "partial": "∂",
    "nabla": "∇",
    "sum": "∑",
    "prod": "∏",
    "int": "∫",
    "forall": "∀",
    "exists": "∃",
    "neg": "¬",
    "land": "∧",
    "lor": "∨",
    "perp": "⊥",
    "parallel": "∥",
    "angle": "∠",
    "circ": "∘",
    "ldots": "…",
    "cdots": "⋯",
    "dots": "…",
    "vdots": "⋮",
    "ddots": "⋱",
    "quad": "  ",
    "qquad": "    ",
    ",": " ",
    ";": " ",
    ":": " ",
    "!": "",
    " ": " ",
    "|": "‖",
    "{": "{",
    "}": "}",
    "$": "$",
    "%": "%",
    "&": "&",
    "_": "_",
    "#": "#",
    "langle": "⟨",
    "rangle": "⟩",
    "lVert": "‖",
    "rVert": "‖",
    "lvert": "|",
    "rvert": "|",
    "Vert": "‖",
    "vert": "|",
    "top": "ᵀ",
    "intercal": "ᵀ",
    "prime": "′",
    "det": "det",
    "rank": "rank",
    "log": "log",
    "ln": "ln",
    "exp": "exp",
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "max": "max",
    "min": "min",
    "arg": "arg",
    "lim": "lim",
    "argmax": "argmax",
    "argmin": "argmin",
    "tr": "tr",
    "dim": "dim",
    "ker": "ker",
    "checkmark": "✓",
    "star": "⋆",
    "ell": "ℓ",
    "hbar": "ħ",
    "deg": "°",
    "circledast": "⊛",
    "leftrightarrow": "↔",
    "uparrow": "↑",
    "downarrow": "↓",
    "sqrt": "√",
    "lfloor": "⌊",
    "rfloor": "⌋",
    "lceil": "⌈",
    "rceil": "⌉",
    "setminus": "∖",
    "backslash": "\\",
    "displaystyle": "",
    "textstyle": "",
    "limits": "",
    "nolimits": "",
    "left": "",
    "right": "",
    "big": "",
    "Big": "",
    "bigg": "",
    "Bigg": "",
    "bigl": "",
    "bigr": "",
    "Bigl": "",
    "Bigr": "",
    "middle": "",
    "hline": "",
    "noindent": "",
    "qedhere": "",
}
GREEK = {
    name: chr(code)
    for name, code in (
        ("alpha", 0x3B1),
        ("beta", 0x3B2),
        ("gamma", 0x3B3),
        ("delta", 0x3B4),
        ("epsilon", 0x3B5),
        ("varepsilon", 0x3B5),
        ("zeta", 0x3B6),
        ("eta", 0x3B7),
        ("theta", 0x3B8),
        ("vartheta", 0x3D1),
        ("iota", 0x3B9),
        ("kappa", 0x3BA),
        ("lambda", 0x3BB),
        ("mu", 0x3BC),
        ("nu", 0x3BD),
        ("xi", 0x3BE),
        ("pi", 0x3C0),
        ("rho", 0x3C1),
        ("sigma", 0x3C3),
        ("tau", 0x3C4),
        ("upsilon", 0x3C5),
        ("phi", 0x3C6),
        ("varphi", 0x3C6),
        ("chi", 0x3C7),
        ("psi", 0x3C8),
        ("omega", 0x3C9),
        ("Gamma", 0x393),
        ("Delta", 0x394),
        ("Theta", 0x398),
        ("Lambda", 0x39B),
        ("Xi", 0x39E),
        ("Pi", 0x3A0),
        ("Sigma", 0x3A3),
        ("Phi", 0x3A6),
        ("Psi", 0x3A8),
        ("Omega", 0x3A9),
    )
}
BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ"}
SUPERSCRIPT = dict(zip("0123456789+-=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ", strict=True))
SUBSCRIPT = dict(
    zip("0123456789+-=()aeoxhklmnpstijruv", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ", strict=True)
)
#: Commands whose one argument is shown as plain content.
CONTENT_COMMANDS = {
    "text",
    "textrm",
    "textit",
    "textbf",
    "mathrm",
    "mathit",
    "mathbf",
    "mathsf",
    "mathtt",
    "boldsymbol",
    "bm",
    "operatorname",
    "mbox",
    "emph",
    "mathcal",
    "vec",
    "overrightarrow",
    "underline",
    "overline",
    "hat",
    "widehat",
    "tilde",
    "widetilde",
    "bar",
    "textsf",
    "texttt",
}
ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "overline": "\u0304"}
BRACKETS = {
    "bmatrix": ("[", "]"),
    "pmatrix": ("(", ")"),
    "vmatrix": ("|", "|"),
    "Vmatrix": ("‖", "‖"),
    "Bmatrix": ("{", "}"),
    "matrix": ("", ""),
    "array": ("", ""),
    "smallmatrix": ("", ""),
    "cases": ("{", ""),
    "aligned": ("", ""),
    "align": ("", ""),
    "align*": ("", ""),
    "gathered": ("", ""),
    "split": ("", ""),
}
_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|[{}&^_]|\s+|[^\\{}&^_\s]")


@dataclass
class Box:
    """Lines of text with a baseline row, so boxes can be laid side by side."""

    lines: list[str]
    base: int = 0

    @property
    def width(self) -> int:
        return max((len(line) for line in self.lines), default=0)

    @property
    def height(self) -> int:
        return len(self.lines)


def hcat(boxes: list[Box]) -> Box:
    boxes = [b for b in boxes if b.lines and (b.width or b.height > 1)]
    if not boxes:
        return Box([""])
    above = max(b.base for b in boxes)
    below = max(b.height - b.base - 1 for b in boxes)
    rows = [""] * (above + below + 1)
    for b in boxes:
        pad_top = above - b.base
        w = b.width
        for r in range(len(rows)):
            i = r - pad_top
            rows[r] += b.lines[i].ljust(w) if 0 <= i < b.height else " " * w
    return Box(rows, above)


def delimiter(char: str, height: int, base: int | None = None) -> Box:
    """A bracket of ``height`` rows (tall brackets use box-drawing pieces)."""
    base = (height - 1) // 2 if base is None else base
    if height <= 1 or not char:
        return Box([char] * max(height, 1), base if height > 1 else 0)
    pieces = {
        "[": ("⎡", "⎢", "⎣"),
        "]": ("⎤", "⎥", "⎦"),
        "(": ("⎛", "⎜", "⎝"),
        ")": ("⎞", "⎟", "⎠"),
        "{": ("⎧", "⎨", "⎩"),
        "}": ("⎫", "⎬", "⎭"),
        "|": ("│", "│", "│"),
        "‖": ("‖", "‖", "‖"),
    }
    top, mid, bottom = pieces.get(char, (char, char, char))
    if char in "{}" and height == 2:
        return Box([top, bottom], base)
    return Box([top] + [mid] * (height - 2) + [bottom], base)


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = [t for t in _TOKEN.findall(source)]
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str | None:
        tok = self.peek()
        self.i += 1
        return tok

    def argument(self) -> Box:
        """One argument: a braced group or a single token."""
        while (tok := self.peek()) is not None and tok.isspace():
            self.i += 1
        if self.peek() == "{":
            self.i += 1
            return self.sequence(stop={"}"})
        tok = self.take()
        return self.atom(tok) if tok is not None else Box([""])

    def raw_argument(self) -> str:
        if self.peek() != "{":
            return self.take() or ""
        self.i += 1
        depth, out = 1, []
        while (tok := self.take()) is not None:
            depth += tok == "{"
            depth -= tok == "}"
            if depth == 0:
                break
            out.append(tok)
        return "".join(out)

    def sequence(self, stop: set[str]) -> Box:
        boxes: list[Box] = []
        while (tok := self.peek()) is not None:
            if tok in stop or (tok.startswith("\\end") and "\\end" in stop):
                if tok == "}":
                    self.i += 1
                break
            if tok == "\\right" and "\\right" in stop:
                break
            self.i += 1
            if tok in ("^", "_"):
                script = self.argument()
                boxes.append(_script(script, superscript=tok == "^"))
            else:
                boxes.append(self.atom(tok))
        return hcat(boxes)

    def atom(self, tok: str) -> Box:
        if tok.isspace():
            return Box([" "])
        if tok == "{":
            return self.sequence(stop={"}"})
        if not tok.startswith("\\"):
            return Box([tok])
        name = tok[1:]
        if name in ("frac", "dfrac", "tfrac"):
            num, den = self.argument(), self.argument()
            return _fraction(num, den)
        if name == "sqrt":
            index = ""
            if self.peek() == "[":
                self.i += 1
                while (t := self.take()) not in (None, "]"):
                    index += t
            inner = self.argument()
            return hcat([Box([_superscript_text(index) + "√"]), _parenthesize(inner)])
        if name == "begin":
            return self.environment(self.raw_argument())
        if name == "left":
            opening = self._delimiter_token()
            inner = self.sequence(stop={"\\right"})
            self.i += 1  # \right
            closing = self._delimiter_token()
            h, b = inner.height, inner.base
            return hcat([delimiter(opening, h, b), inner, delimiter(closing, h, b)])
        if name == "xrightarrow":  # an arrow with its label: "──label─→"
            label = self.argument()
            return hcat([Box([" ──"]), label, Box(["─→ "])])
        if name == "mathbb":
            content = self.raw_argument()
            return Box(["".join(BLACKBOARD.get(c, c) for c in content)])
        if name in CONTENT_COMMANDS:
            inner = self.argument()
            if name in ACCENTS and inner.height == 1 and len(inner.lines[0]) == 1:
                return Box([inner.lines[0] + ACCENTS[name]])
            return inner
        if name == "\\":
            return Box(["  "])
        if name in GREEK:
            return Box([GREEK[name]])
        if name in SYMBOLS:
            return Box([SYMBOLS[name]])
        return Box([name])

    def _delimiter_token(self) -> str:
        while (tok := self.peek()) is not None and tok.isspace():
            self.i += 1
        tok = self.take() or ""
        if tok.startswith("\\"):
            return {
                "\\.": "",
                "\\{": "{",
                "\\}": "}",
                "\\|": "‖",
                "\\lVert": "‖",
                "\\rVert": "‖",
                "\\langle": "⟨",
                "\\rangle": "⟩",
                "\\vert": "|",
                "\\lvert": "|",
                "\\rvert": "|",
            }.get(tok, "")
        return "" if tok == "." else tok

    def environment(self, name: str) -> Box:
        colspec = ""
        if name == "array":
            colspec = self.raw_argument()
        rows: list[list[Box]] = [[]]
        end = False
        while not end:
            cell = self.sequence(stop={"&", "\\\\", "\\end"})
            rows[-1].append(cell)
            tok = self.take()
            if tok is None:
                break
            if tok == "\\\\":
                rows.append([])
            elif tok == "\\end":
                self.raw_argument()
                end = True
        if (rows and rows[-1] == [Box([""])]) or rows[-1] == []:
            rows.pop()
        bar_after = _bar_columns(colspec)
        grid = _grid(rows, bar_after, align_left=name in ("cases", "aligned", "align", "align*"))
        left, right = BRACKETS.get(name, ("", ""))
        h, b = grid.height, grid.base
        return hcat([delimiter(left, h, b), grid, delimiter(right, h, b)])


def _bar_columns(colspec: str) -> set[int]:
    """Indices of columns followed by a vertical bar in an array column spec like ``cc|c``."""
    bars, col = set(), 0
    for ch in colspec:
        if ch == "|":
            bars.add(col - 1)
        elif ch.isalpha():
            col += 1
    return bars


def _grid(rows: list[list[Box]], bar_after: set[int], *, align_left: bool) -> Box:
    if not rows:
        return Box([""])
    ncols = max(len(r) for r in rows)
    cells = [
        [(r[c].lines[r[c].base].strip() if c < len(r) else "") for c in range(ncols)] for r in rows
    ]
    widths = [max(len(row[c]) for row in cells) for c in range(ncols)]
    lines = []
    for row in cells:
        parts = []
        for c, text in enumerate(row):
            parts.append(text.ljust(widths[c]) if align_left else text.rjust(widths[c]))
            if c in bar_after:
                parts.append("│")
        lines.append(" " + "  ".join(parts) + " ")
    return Box(lines, (len(lines) - 1) // 2)


def _parenthesize(box: Box) -> Box:
    text = box.lines[box.base] if box.height == 1 else None
    if text is not None and re.fullmatch(r"[\w.′ᵀ⁰¹²³⁴⁵⁶⁷⁸⁹]+", text):
        return box
    h, b = box.height, box.base
    return hcat([delimiter("(", h, b), box, delimiter(")", h, b)])


def _fraction(num: Box, den: Box) -> Box:
    if num.height == 1 and den.height == 1:
        return hcat([_parenthesize(num), Box(["/"]), _parenthesize(den)])
    width = max(num.width, den.width)
    lines = [line.center(width) for line in num.lines] + ["─" * width]
    lines += [line.center(width) for line in den.lines]
    return Box(lines, num.height)


def _superscript_text(text: str) -> str:
    return (
        "".join(SUPERSCRIPT[c] for c in text)
        if all(c in SUPERSCRIPT for c in text)
        else (f"^({text})" if text else "")
    )


def _script(box: Box, *, superscript: bool) -> Box:
    text = box.lines[box.base].strip() if box.height == 1 else None
    table = SUPERSCRIPT if superscript else SUBSCRIPT
    if text is not None and text and all(c in table for c in text):
        return Box(["".join(table[c] for c in text)])
    if text in ("ᵀ", "⊤"):
        return Box(["ᵀ"])
    marker = "^" if superscript else "_"
    if text is not None:
        return Box([marker + (text if len(text) == 1 else f"({text})")])
    return hcat([Box([marker]), box])


def latex_to_box(latex: str) -> Box:
    """Render a LaTeX math fragment (without ``$``) as a box of text lines."""
    parser = _Parser(latex)
    return parser.sequence(stop=set())


def latex_to_text(latex: str) -> str:
    """Render a LaTeX math fragment as (possibly multi-line) text."""
    box = latex_to_box(latex)
    return "\n".join(line.rstrip() for line in box.lines)


_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$")


def inline_math_to_text(markdown: str) -> str:
    """Replace ``$…$`` spans with one-line text; multi-line results keep one line."""

    def one_line(match: re.Match[str]) -> str:
        box = latex_to_box(match.group(1))
        if box.height == 1:
            return box.lines[0].strip()
        # A matrix inside running text: write it the way a learner would type it.
        return _flatten(match.group(1))

    return _INLINE.sub(one_line, markdown)


def _flatten(latex: str) -> str:
    flat = re.sub(r"\\begin\{[a-z]*matrix\}", "[", latex)
    flat = re.sub(r"\\end\{[a-z]*matrix\}", "]", flat)
    flat = flat.replace("\\\\", ";").replace("&", ",")
    return latex_to_box(flat).lines[0].strip()


def split_display_math(markdown: str) -> list[tuple[str, str]]:
    """Split Markdown into ``("text", …)`` and ``("math", …)`` segments."""
    out: list[tuple[str, str]] = []
    last = 0
    for match in _DISPLAY.finditer(markdown):
        out.append(("text", markdown[last : match.start()]))
        out.append(("math", match.group(1).strip()))
        last = match.end()
    out.append(("text", markdown[last:]))
    return [(k, v) for k, v in out if v.strip()]
