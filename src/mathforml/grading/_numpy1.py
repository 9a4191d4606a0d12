"""NumPy 1.x spellings, honoured in the sandbox's child with a note naming the modern one.

The original course ran NumPy 1.x; the sandbox runs NumPy 2. Code that was right
there (``np.float``, ``np.NaN``, ``np.product``, ``np.reshape(a, newshape=...)``)
must grade as right here, and the learner is told the modern spelling.

How, and why so:

- Removed names come back through a wrapper around ``numpy.__getattr__`` (NumPy's
  own raises the AttributeError with a migration message). They are never put in
  NumPy's namespace: only code in the learner's files sees them (the caller's frame
  says whose code asks), so a library that probes ``hasattr(np, "float_")`` to tell
  NumPy 1 from 2 still sees NumPy 2. A name that never existed still raises
  NumPy's own AttributeError.
- An alias to a NumPy function is looked up in NumPy's namespace each time it is
  touched, and the helpers below call NumPy through its namespace too: the sandbox's
  forbidden-call guard rebinds those entries, so a forbidden function cannot be
  reached through an alias.
- ``np.reshape`` is rebound to a wrapper that accepts 1.x's keywords. The original
  is kept in ``_ORIGINALS`` (in a list, where the guard's search for holders finds
  and rebinds it) and named by the wrapper's ``_mfml_numpy1_wraps`` attribute, so that
  the guard, asked for ``np.reshape``, locates the original, not the wrapper.
- :func:`install` runs once in the worker, before the zygote forks: children inherit
  it. :func:`begin` is the per-child part (two assignments), and each spelling is
  reported once, the first time it is touched, through the child's callback.

Loaded by path by the sandbox worker (never imported as part of ``mathforml``);
standard library and NumPy only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

#: Filenames of the learner's code in this child (empty outside a job: nothing is
#: restored for the worker's or the zygote's own imports).
_LEARNER_FILES: frozenset[str] = frozenset()
#: Called with a note's text the first time a spelling is used.
_REPORT: Callable[[str], None] | None = None
_REPORTED: set[str] = set()
#: name -> [the NumPy 2 function a wrapper stands in front of] (see the module's doc).
#: In a list: the guard finds holders through the collector, which does not track a
#: dict holding only NumPy's dispatchers (not collectable objects); a list it always does.
_ORIGINALS: dict[str, list[Any]] = {}
_INSTALLED = False


def _numpy() -> Any:
    return sys.modules["numpy"]


# ------------------------------------------------------------- removed functions
# Each calls NumPy through its namespace at call time (the guard rebinds it there).
def _in1d(ar1: Any, ar2: Any, assume_unique: bool = False, invert: bool = False, *,
          kind: Any = None) -> Any:
    """NumPy 1's ``in1d``: ``isin`` on the flattened first argument."""
    np = _numpy()
    return np.isin(np.asarray(ar1).ravel(), ar2, assume_unique=assume_unique,
                   invert=invert, kind=kind)


def _asfarray(a: Any, dtype: Any = float) -> Any:
    """NumPy 1's ``asfarray``: an array of an inexact type, float64 unless asked."""
    np = _numpy()
    if dtype is float:
        dtype = np.float64
    if not np.issubdtype(dtype, np.inexact):
        dtype = np.float64
    return np.asarray(a, dtype=dtype)


def _msort(a: Any) -> Any:
    """NumPy 1's ``msort``: a sorted copy along the first axis."""
    return _numpy().sort(a, axis=0)


def _asscalar(a: Any) -> Any:
    """NumPy 1's ``asscalar`` (removed in 1.23): the array's single element."""
    return a.item()


def _issubclass_(arg1: Any, arg2: Any) -> bool:
    """NumPy 1's ``issubclass_``: ``issubclass`` that answers False, not TypeError."""
    try:
        return issubclass(arg1, arg2)
    except TypeError:
        return False


# name -> (what it stands for: a NumPy attribute name "np.x", or a value), the modern
# spelling to show. Aliases of NumPy names are resolved when touched (see above).
_NP = "np."
ALIASES: dict[str, tuple[Any, str]] = {
    # builtin types (deprecated in 1.20, removed in 1.24); np.bool and np.long exist
    # again in NumPy 2 (as NumPy's own types), so they are left as they are.
    "float": (float, "float"),
    "int": (int, "int"),
    "object": (object, "object"),
    "str": (str, "str"),
    "complex": (complex, "complex"),
    "unicode": (str, "str"),
    # scalar types renamed in 2.0
    "float_": ("np.float64", "np.float64"),
    "complex_": ("np.complex128", "np.complex128"),
    "cfloat": ("np.complex128", "np.complex128"),
    "singlecomplex": ("np.complex64", "np.complex64"),
    "longfloat": ("np.longdouble", "np.longdouble"),
    "longcomplex": ("np.clongdouble", "np.clongdouble"),
    "clongfloat": ("np.clongdouble", "np.clongdouble"),
    "string_": ("np.bytes_", "np.bytes_"),
    "unicode_": ("np.str_", "np.str_"),
    "int0": ("np.intp", "np.intp"),
    "uint0": ("np.uintp", "np.uintp"),
    "bool8": ("np.bool_", "np.bool_"),
    "object0": ("np.object_", "np.object_"),
    "str0": ("np.str_", "np.str_"),
    "bytes0": ("np.bytes_", "np.bytes_"),
    "void0": ("np.void", "np.void"),
    # constants
    "NaN": (float("nan"), "np.nan"),
    "NAN": (float("nan"), "np.nan"),
    "Inf": (float("inf"), "np.inf"),
    "Infinity": (float("inf"), "np.inf"),
    "infty": (float("inf"), "np.inf"),
    "PINF": (float("inf"), "np.inf"),
    "NINF": (float("-inf"), "-np.inf"),
    "PZERO": (0.0, "0.0"),
    "NZERO": (-0.0, "-0.0"),
    # functions
    "product": ("np.prod", "np.prod"),
    "cumproduct": ("np.cumprod", "np.cumprod"),
    "alltrue": ("np.all", "np.all"),
    "sometrue": ("np.any", "np.any"),
    "round_": ("np.round", "np.round"),
    "mat": ("np.asmatrix", "np.asmatrix"),
    "trapz": ("np.trapezoid", "np.trapezoid"),
    "row_stack": ("np.vstack", "np.vstack"),
    "in1d": (_in1d, "np.isin"),
    "asfarray": (_asfarray, "np.asarray(a, dtype=float)"),
    "msort": (_msort, "np.sort(a, axis=0)"),
    "asscalar": (_asscalar, "a.item()"),
    "issubclass_": (_issubclass_, "issubclass"),
}


def _note(key: str, text: str) -> None:
    if key in _REPORTED:
        return
    _REPORTED.add(key)
    if _REPORT is not None:
        _REPORT(text)


def _alias_value(target: Any) -> Any:
    if type(target) is str and target.startswith(_NP):
        return getattr(_numpy(), target[len(_NP):])
    return target


def _make_getattr(numpy_getattr: Callable[[str], Any] | None) -> Callable[[str], Any]:
    def __getattr__(name: str) -> Any:
        alias = ALIASES.get(name)
        if alias is not None and _LEARNER_FILES:
            caller = sys._getframe(1).f_code.co_filename
            if caller in _LEARNER_FILES:
                target, modern = alias
                _note(
                    name,
                    f"np.{name} no longer exists in NumPy 2: use {modern} "
                    "(your code ran as if you had written that)",
                )
                return _alias_value(target)
        if numpy_getattr is None:
            raise AttributeError(f"module 'numpy' has no attribute {name!r}", name=name)
        return numpy_getattr(name)

    __getattr__._mfml_numpy1 = True  # type: ignore[attr-defined]
    return __getattr__


def _make_reshape(original: Callable[..., Any]) -> Callable[..., Any]:
    _ORIGINALS["reshape"] = [original]

    def reshape(*args: Any, **kwargs: Any) -> Any:
        """``np.reshape`` that also takes NumPy 1's ``newshape=`` (and ``a=``)."""
        if "newshape" in kwargs or "a" in kwargs:
            if "newshape" in kwargs:
                if "shape" in kwargs:
                    raise TypeError("reshape() got both 'shape' and 'newshape'")
                kwargs["shape"] = kwargs.pop("newshape")
                _note(
                    "reshape.newshape",
                    "np.reshape(a, newshape=...) no longer takes newshape in NumPy 2: use "
                    "np.reshape(a, shape=...) or np.reshape(a, ...) (your code ran as if "
                    "you had written that)",
                )
            if "a" in kwargs and not args:
                args = (kwargs.pop("a"),)
        return _ORIGINALS["reshape"][0](*args, **kwargs)

    reshape.__name__ = reshape.__qualname__ = "reshape"
    reshape.__doc__ = getattr(original, "__doc__", None)
    reshape._mfml_numpy1_wraps = "reshape"  # type: ignore[attr-defined]
    return reshape


def _reshape_lost_newshape(original: Callable[..., Any]) -> bool:
    import inspect

    try:
        return "newshape" not in inspect.signature(original).parameters
    except (TypeError, ValueError):
        return False


def install() -> None:
    """Put the NumPy 1 spellings in place, once, in the worker (children inherit them).
    Nothing happens when NumPy is not loaded, or for a name that NumPy still has."""
    global _INSTALLED
    np = sys.modules.get("numpy")
    if _INSTALLED or np is None:
        return
    _INSTALLED = True
    namespace = np.__dict__
    for name in [n for n in ALIASES if n in namespace]:
        del ALIASES[name]  # still there in this NumPy (np.row_stack until 2.x)
    current = namespace.get("__getattr__")
    if not getattr(current, "_mfml_numpy1", False):
        namespace["__getattr__"] = _make_getattr(current)
    original = namespace.get("reshape")
    if callable(original) and _reshape_lost_newshape(original):
        namespace["reshape"] = _make_reshape(original)


def begin(learner_files: frozenset[str] | set[str], report: Callable[[str], None]) -> None:
    """Start a job in this child: the learner's files, and where notes go."""
    global _LEARNER_FILES, _REPORT
    _LEARNER_FILES = frozenset(learner_files)
    _REPORT = report


def original_of(obj: Any) -> Any:
    """The NumPy function a wrapper of ours stands in front of, else ``obj``: what the
    forbidden-call guard must replace for the name to be unreachable."""
    key = getattr(obj, "_mfml_numpy1_wraps", None)
    if type(key) is str and key in _ORIGINALS:
        return _ORIGINALS[key][0]
    return obj
