"""LaTeX to safe MathML for the browser: latex2mathml, then cleaned and re-serialized.

latex2mathml writes character references such as ``&#x02212;`` into element text and
un-escapes its own output, so ``\\text{a < b}`` comes out as a raw ``<``. We therefore take
its element tree, decode those references into characters, drop attributes that are not
presentation markup (nothing that could carry script or a URL survives), mark the cells that
follow a ``|`` in an array column spec (MathML Core ignores ``columnlines``), tune operator
spacing and serialize with proper escaping. Anything latex2mathml cannot handle falls back to
the escaped source in a ``<code>``: rendering never raises.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from xml.etree.ElementTree import Element, tostring

from latex2mathml.converter import convert_to_element

MAX_LATEX_CHARS = 20_000
"""Longer fragments are not converted (a learner's preview could otherwise be made expensive)."""

_CHAR_REF = re.compile(r"&#(x[0-9A-Fa-f]+|[0-9]+);")
_SAFE_ATTRIBUTES = frozenset(
    {
        "accent",
        "accentunder",
        "class",
        "columnalign",
        "columnlines",
        "columnspacing",
        "columnspan",
        "depth",
        "display",
        "displaystyle",
        "fence",
        "form",
        "height",
        "linethickness",
        "lspace",
        "mathbackground",
        "mathcolor",
        "mathsize",
        "mathvariant",
        "maxsize",
        "minsize",
        "movablelimits",
        "rowalign",
        "rowlines",
        "rowspacing",
        "rowspan",
        "rspace",
        "scriptlevel",
        "separator",
        "stretchy",
        "symmetric",
        "voffset",
        "width",
    }
)
_SAFE_VALUE = re.compile(r"[-+#%.\w ]*")
_MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"

BAR_CLASS = "mf-bar"
"""Class on an ``mtd`` that has a vertical rule on its left (the augmented-matrix bar)."""


def _decode(text: str) -> str:
    def char(match: re.Match[str]) -> str:
        ref = match.group(1)
        try:
            code = int(ref[1:], 16) if ref[0] in "xX" else int(ref)
            return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else ""
        except ValueError:
            return ""

    return _CHAR_REF.sub(char, text)


def _clean(element: Element) -> None:
    """Decode character references, strip unsafe attributes and namespaces, in place."""
    for node in element.iter():
        if isinstance(node.tag, str) and node.tag.startswith(_MATHML_NS):
            node.tag = node.tag[len(_MATHML_NS) :]
        if node.text:
            node.text = _decode(node.text)
        if node.tail:
            node.tail = _decode(node.tail)
        for name in list(node.attrib):
            value = node.attrib[name]
            if name not in _SAFE_ATTRIBUTES or not _SAFE_VALUE.fullmatch(value):
                del node.attrib[name]
        if node.tag == "mtable":
            _mark_bars(node)
    for node in list(element.iter()):
        if node.tag == "mover":
            _fix_labelled_arrow(node)
        _tune_spacing(node)


_FUNCTIONS = frozenset(
    {
        *("arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "det", "dim", "exp", "ker"),
        *("lg", "lim", "ln", "log", "max", "min", "rank", "sgn", "sin", "sinh", "tan", "tanh"),
        "tr",
    }
)
_ROW_LIKE = frozenset(
    {"math", "mrow", "mtd", "mstyle", "mpadded", "msqrt", "menclose", "mphantom", "merror"}
)
_CLOSING = frozenset(")]}⟩⌋⌉!′")
_SIGNS = frozenset("−+±∓-")
_BARS = frozenset("|‖∥")
_THIN = "0.1667em"


def _tune_spacing(parent: Element) -> None:
    r"""TeX-like spacing that latex2mathml's flat rows lose in MathML Core's operator dictionary.

    A sign after an opening bracket, an operator or an opening ``|`` is a prefix sign
    (``(-1, 2)``, ``= -5``, ``|-5|``); ``|`` and ``‖`` used as absolute value or norm get no side
    spacing; function names (``\cos``, ``\det``) get a thin space after them, and none before
    them at the start of a row.
    """
    row_like = parent.tag in _ROW_LIKE
    open_bars: dict[str, bool] = {}
    prev_opens = True  # whether a sign right after `prev` is a prefix sign
    for child in parent:
        text = (child.text or "").strip()
        opens = False
        if child.tag in ("mi", "mo") and text in _FUNCTIONS and len(child) == 0:
            child.tag = "mo"
            child.set("lspace", _THIN if row_like and not prev_opens else "0")
            child.set("rspace", _THIN)
            opens = True
        elif child.tag == "mo" and len(child) == 0:
            if text in _BARS:
                is_open = not open_bars.get(text, False)
                open_bars[text] = is_open
                child.attrib.setdefault("lspace", "0")
                child.attrib.setdefault("rspace", "0")
                opens = is_open
            elif text in _SIGNS:
                if row_like and prev_opens and "form" not in child.attrib:
                    child.set("form", "prefix")
                opens = True
            else:
                opens = text not in _CLOSING
        prev_opens = opens


def _fix_labelled_arrow(mover: Element) -> None:
    """``\\xrightarrow{label}``: a stretchy arrow as wide as its padded label.

    latex2mathml positions the label with relative ``mpadded`` values that MathML Core does not
    support, which leaves a short arrow and a misplaced label.
    """
    if len(mover) != 2 or mover[0].tag != "mstyle" or mover[1].tag != "mpadded":
        return
    style, padded = mover
    if len(style) != 1 or style[0].tag != "mo":
        return
    arrow = style[0]
    arrow.set("stretchy", "true")
    label = Element("mrow")
    label.append(Element("mspace", width="0.4em"))
    label.extend(child for child in padded if child.tag != "mspace")
    label.append(Element("mspace", width="0.4em"))
    mover[:] = [arrow, label]


def _mark_bars(table: Element) -> None:
    """Give each cell right of a column line the bar class (MathML Core ignores columnlines)."""
    lines = table.get("columnlines", "").split()
    if "solid" not in lines and "dashed" not in lines:
        return
    for row in table:
        if row.tag not in ("mtr", "mlabeledtr"):
            continue
        for index, cell in enumerate(c for c in row if c.tag == "mtd"):
            if index == 0:
                continue
            # columnlines lists the line between column i-1 and i; the last value repeats.
            line = lines[min(index - 1, len(lines) - 1)]
            if line in ("solid", "dashed"):
                classes = (cell.get("class", "") + " " + BAR_CLASS).strip()
                cell.set("class", classes + (" mf-bar-dashed" if line == "dashed" else ""))


def _fallback(latex: str, display: bool) -> str:
    tag = "pre" if display and "\n" in latex else "code"
    return f'<{tag} class="math-error">{escape(latex)}</{tag}>'


_ALIGNED = re.compile(r"\\begin\{(aligned|align\*?|split)\}(.*?)\\end\{\1\}", re.S)


def _aligned_as_array(latex: str) -> str:
    """latex2mathml does not know ``aligned``: write it as the array it is, with
    columns alternately right- and left-aligned at each ``&``."""

    def rewrite(match: re.Match[str]) -> str:
        body = match.group(2)
        rows = [row for row in re.split(r"\\\\", body) if row.strip()]
        columns = max((row.count("&") + 1 for row in rows), default=1)
        spec = "".join("rl"[i % 2] for i in range(columns))
        return rf"\begin{{array}}{{{spec}}}{body}\end{{array}}"

    return _ALIGNED.sub(rewrite, latex)


@lru_cache(maxsize=4096)
def latex_to_mathml(latex: str, display: bool = False) -> str:
    """Safe MathML markup for one LaTeX math fragment (no ``$``); never raises."""
    latex = _aligned_as_array(latex.strip())
    if not latex:
        return ""
    if len(latex) > MAX_LATEX_CHARS:
        return _fallback(latex, display)
    try:
        root = convert_to_element(latex, display="block" if display else "inline")
        _clean(root)
        root.set("display", "block" if display else "inline")
        markup = tostring(root, encoding="unicode", short_empty_elements=False)
    except Exception:  # latex2mathml raises many kinds (and RecursionError) on odd input
        return _fallback(latex, display)
    if _malformed(root) or _has_unknown_command(root):
        # latex2mathml prints unknown commands verbatim; show the source rather than half a formula.
        return _fallback(latex, display)
    return markup


_ARITY = {
    "mfrac": 2,
    "msub": 2,
    "msup": 2,
    "mroot": 2,
    "munder": 2,
    "mover": 2,
    "msubsup": 3,
    "munderover": 3,
}


def _has_unknown_command(root: Element) -> bool:
    return any(
        node.tag in ("mi", "mo", "mn") and (node.text or "").startswith("\\")
        for node in root.iter()
    )


def _malformed(root: Element) -> bool:
    """Whether a script or fraction lacks an argument (``\\frac{1}``, ``x^``): show the source."""
    return any(len(node) != _ARITY[node.tag] for node in root.iter() if node.tag in _ARITY)
