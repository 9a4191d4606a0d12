"""The sandbox's child: the process that runs one learner's job.

A spare child is forked by the zygote (``_zygote.py``), which has never held any
job's data; it prepares everything that does not depend on the job (streams,
directory, environment, Landlock, its identity), waits for the job on a pipe, then
sets the job's limits and its seccomp filter and runs the learner's module.

Loaded by path by the sandbox worker (never imported as part of ``mathforml``); its
siblings reach it through ``sys.modules`` under the names the worker registered.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib
import linecache
import marshal
import os
import pickle
import signal
import struct
import sys
import tempfile
import traceback
import types
from typing import Any

plain = sys.modules["_mfml_sandbox_plain"]
limits_mod = sys.modules["_mfml_sandbox_limits"]
landlock = sys.modules["_mfml_sandbox_landlock"]
seccomp = sys.modules["_mfml_sandbox_seccomp"]
numpy1 = sys.modules["_mfml_sandbox_numpy1"]

RESULT_FD = 3
#: Where a spare child reads its job from.
JOB_FD = 4
NOBODY = 65534
PR_SET_PDEATHSIG = 1
_HEADER = struct.Struct("!I")


def read_exact(fd: int, n: int) -> bytes:
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


class ForbiddenCall(BaseException):
    """Raised when the learner calls something the assignment forbids.

    A BaseException, so that ``except Exception`` in learner code does not swallow it;
    the violation is reported to the parent before it is raised, so catching it
    anyway changes nothing.
    """


# ---------------------------------------------------------------- the forbidden guard
#: dotted name -> (the original object, every place that holds it). Found in the
#: zygote, once, so that a child only rebinds; the child empties it before any
#: learner code runs, so the originals cannot be reached through this table.
_LOCATED: dict[str, tuple[Any, list[tuple[Any, Any]]]] = {}


def _resolve(dotted: str, *, importing: bool) -> Any | None:
    """The object a dotted name such as ``numpy.linalg.solve`` names, or ``None``.
    Without ``importing``, only modules already loaded are looked at.

    Where NumPy's namespace holds one of ``_numpy1``'s wrappers (``np.reshape``), the
    answer is the function it wraps: the guard must replace that one, which the
    wrapper calls, or the forbidden function would stay reachable through it."""
    name = "numpy." + dotted[3:] if dotted.startswith("np.") else dotted
    parts = name.split(".")
    for i in range(len(parts) - 1, 0, -1):
        module_name = ".".join(parts[:i])
        module = sys.modules.get(module_name)
        if module is None and importing:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                module = None
        if module is None:
            continue
        owner: Any = module
        for part in parts[i:]:
            owner = getattr(owner, part, None)
            if owner is None:
                return None
        return numpy1.original_of(owner)
    return None


def _places(originals: list[Any]) -> dict[int, list[tuple[Any, Any]]]:
    """Every dict entry, list slot, set and closure cell that holds one of
    ``originals``, found in one pass over the collector's objects."""
    wanted = {id(o): o for o in originals}
    found: dict[int, list[tuple[Any, Any]]] = {key: [] for key in wanted}
    for holder in gc.get_referrers(*originals):
        if holder is wanted or holder is originals or holder is found:
            continue
        if type(holder) is dict:
            for key, value in list(holder.items()):
                if id(value) in wanted and value is wanted[id(value)]:
                    found[id(value)].append((holder, key))
        elif type(holder) is list:
            for index, value in enumerate(holder):
                if id(value) in wanted and value is wanted[id(value)]:
                    found[id(value)].append((holder, index))
        elif type(holder) is set:
            for value in list(holder):
                if id(value) in wanted and value is wanted[id(value)]:
                    found[id(value)].append((holder, None))
        elif type(holder) is types.CellType:
            with contextlib.suppress(ValueError):
                value = holder.cell_contents
                if id(value) in wanted:
                    found[id(value)].append((holder, None))
    return found


def locate(names: list[str] | tuple[str, ...], *, importing: bool = False) -> None:
    """Find where each forbidden name's object is held (in the zygote: children
    inherit the result). Names whose module is not loaded are left for the child's
    import hook."""
    todo = [n for n in names if n not in _LOCATED]
    originals, named = [], []
    for dotted in todo:
        original = _resolve(dotted, importing=importing)
        if original is not None and not isinstance(original, type | types.ModuleType):
            originals.append(original)
            named.append(dotted)
    if not originals:
        return
    places = _places(originals)
    for dotted, original in zip(named, originals, strict=True):
        _LOCATED[dotted] = (original, places[id(original)])
    del originals, places


def _replace(places: list[tuple[Any, Any]], original: Any, guard: Any) -> None:
    for holder, key in places:
        with contextlib.suppress(Exception):
            if type(holder) is dict or type(holder) is list:
                if holder[key] is original:
                    holder[key] = guard
            elif type(holder) is set:
                holder.discard(original)
                holder.add(guard)
            elif type(holder) is types.CellType:
                holder.cell_contents = guard


class _GuardImports:
    """A meta-path entry that puts the guard on forbidden names of modules the
    learner imports after the job starts (the worker loads only what the assignment
    declares)."""

    def __init__(self, child: _Child, names: list[str]) -> None:
        self.child = child
        self.names = names

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if not any(n.startswith(fullname + ".") for n in self.names):
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _GuardedLoader(spec.loader, self)
                return spec
        return None

    def loaded(self) -> None:
        ready = [n for n in self.names if _resolve(n, importing=False) is not None]
        if ready:
            self.names = [n for n in self.names if n not in ready]
            locate(ready)
            self.child.guard(ready)


class _GuardedLoader:
    def __init__(self, loader: Any, hook: _GuardImports) -> None:
        self.loader, self.hook = loader, hook

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        self.loader.exec_module(module)
        self.hook.loaded()


# ---------------------------------------------------------------------------- the job
def _code(compiled: bytes | None, source: str, filename: str) -> types.CodeType:
    """The parent's compilation of ``source`` when it had one, else our own (which
    raises the learner's SyntaxError)."""
    if compiled is not None:
        return marshal.loads(compiled)  # noqa: S302 - made by the trusted parent
    return compile(source, filename, "exec", dont_inherit=True, optimize=0)


class _Child:
    def __init__(self, job: dict[str, Any], nonce: str) -> None:
        self.job = job
        self.nonce = nonce
        self.write = os.write  # kept before learner code can patch ``os``
        self.learner_files = {job["filename"], *(f"{name}.py" for name in job["modules"])}

    def frame(self, kind: str, **fields: Any) -> None:
        body = plain.encode({"nonce": self.nonce, "kind": kind, **fields})
        data = _HEADER.pack(len(body)) + body
        view = memoryview(data)
        while view:
            view = view[self.write(RESULT_FD, view) :]

    def error_info(self, exc: BaseException) -> dict[str, str]:
        frames = [
            f for f in traceback.extract_tb(exc.__traceback__) if f.filename in self.learner_files
        ]
        lines = traceback.format_list(frames)
        if isinstance(exc, SyntaxError) and exc.filename in self.learner_files:
            lines.append(f'  File "{exc.filename}", line {exc.lineno}\n')
            if exc.text:
                lines.append(f"    {exc.text.strip()}\n")
        try:
            message = str(exc)
        except BaseException:  # a learner's exception whose __str__ raises
            message = "<unprintable exception>"
        message = message[:2000]
        name = type(exc).__name__
        text = "Traceback (most recent call last):\n" + "".join(lines) + f"{name}: {message}"
        return {"type": name, "message": message, "traceback": text[:20000]}

    def guard(self, names: list[str]) -> None:
        """Put a reporting stand-in wherever each forbidden object is held."""
        child = self
        for dotted in names:
            located = _LOCATED.pop(dotted, None)
            if located is None:
                continue
            original, places = located

            def forbidden(*args: Any, _name: str = dotted, **kwargs: Any) -> Any:
                child.frame("forbidden", name=_name)
                raise ForbiddenCall(f"{_name} is not allowed in this assignment")

            forbidden.__name__ = getattr(original, "__name__", dotted.rsplit(".", 1)[-1])
            forbidden.__qualname__ = forbidden.__name__
            forbidden.__doc__ = f"{dotted} is not allowed in this assignment."
            _replace(places, original, forbidden)
            del original, places, located

    def install_guard(self) -> None:
        names = list(self.job["forbidden"])
        locate([n for n in names if n not in _LOCATED], importing=False)
        self.guard(names)
        _LOCATED.clear()  # nothing kept: the originals are unreachable from here on
        later = [n for n in names if _resolve(n, importing=False) is None]
        if later:
            sys.meta_path.insert(0, _GuardImports(self, later))

    def note(self, text: str) -> None:
        """A remark for the learner (a NumPy 1 spelling used): shown, never scored."""
        self.frame("note", text=text)

    def run(self) -> None:
        job = self.job
        # Per job, only this: the NumPy 1 spellings were installed in the worker.
        numpy1.begin(self.learner_files, self.note)
        for name, source in job["modules"].items():
            linecache.cache[f"{name}.py"] = (
                len(source),
                None,
                source.splitlines(True),
                f"{name}.py",
            )
            module = types.ModuleType(name)
            module.__file__ = f"{name}.py"
            sys.modules[name] = module
            exec(_code(job["module_code"].get(name), source, f"{name}.py"), module.__dict__)  # noqa: S102
        self.install_guard()
        filename = job["filename"]
        source = job["source"]
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        module = types.ModuleType("submission")
        module.__file__ = filename
        sys.modules["submission"] = module
        try:
            code = _code(job["code"], source, filename)
            exec(code, module.__dict__)  # noqa: S102 - this is the sandbox
        except SystemExit:
            info = {
                "type": "SystemExit",
                "message": "the submission called sys.exit while loading",
                "traceback": "",
            }
            self.frame("import", ok=False, error=info)
            return
        except BaseException as exc:
            if isinstance(exc, MemoryError):
                self.frame("memory")
            self.frame("import", ok=False, error=self.error_info(exc))
            return
        self.frame("import", ok=True, error=None)
        namespace = module.__dict__
        for call in job["calls"]:
            self.run_call(namespace, call)
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for name in job["variables"]:
            if name not in namespace:
                problems[name] = f"the submission does not define {name!r}"
                continue
            try:
                plain.encode(namespace[name])
                values[name] = namespace[name]
            except (plain.PlainDataError, RecursionError) as exc:
                problems[name] = f"{name!r} is not plain data: {exc}"
        self.frame("variables", values=values, problems=problems)

    def run_call(self, namespace: dict[str, Any], call: dict[str, Any]) -> None:
        fn = namespace.get(call["function"])
        if not callable(fn):
            missing = "does not define" if fn is None else "defines, but not as a function,"
            message = f"the submission {missing} {call['function']!r}"
            error = {"type": "NameError", "message": message, "traceback": ""}
            self.frame("call", id=call["id"], ok=False, value=None, error=error)
            return
        try:
            value = fn(*call["args"], **call["kwargs"])
        except SystemExit:
            error = {
                "type": "SystemExit",
                "message": "the submission called sys.exit",
                "traceback": "",
            }
            self.frame("call", id=call["id"], ok=False, value=None, error=error)
            return
        except BaseException as exc:
            if isinstance(exc, MemoryError):
                self.frame("memory")
            self.frame("call", id=call["id"], ok=False, value=None, error=self.error_info(exc))
            return
        try:
            self.frame("call", id=call["id"], ok=True, value=value, error=None)
        except (plain.PlainDataError, RecursionError) as exc:
            message = (
                f"{call['function']} returned a value that is not plain data ({exc}); "
                "return numbers, strings, lists, dicts or NumPy arrays"
            )
            error = {"type": "TypeError", "message": message, "traceback": ""}
            self.frame("call", id=call["id"], ok=False, value=None, error=error)


# ------------------------------------------------------------------- the child's life
_LIBC = ctypes.CDLL(None, use_errno=True)


def prepare(
    cfg: dict[str, Any],
    active: dict[str, bool],
    workdir: str,
    out_w: int,
    res_w: int,
    job_r: int,
) -> int:
    """Everything that does not depend on the job, done while the spare child waits
    for one: its streams, its process group, its directory and environment, Landlock,
    and the drop of privileges. Only the job's rlimits and seccomp remain for when
    the job arrives. Returns the address space in use, measured while /proc is
    still readable."""
    in_use = limits_mod.address_space_in_use()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out_w, 1)
    os.dup2(out_w, 2)
    os.dup2(res_w, RESULT_FD)
    os.dup2(job_r, JOB_FD)
    os.closerange(JOB_FD + 1, 1 << 16)
    # A process group of its own: "my process group" (setpriority, kill(0)) then
    # names this child alone, never the worker and the other learners' children.
    os.setpgid(0, 0)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    os.chdir(workdir)
    env = dict(cfg["env"])
    env.update(HOME=workdir, TMPDIR=workdir, MPLCONFIGDIR=workdir)
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = workdir
    if active["landlock"]:
        landlock.restrict(cfg["read_paths"], [workdir])
    if active["uid_drop"]:
        if active.get("uid_drop_search"):
            limits_mod.drop_uid_keep_search(NOBODY)
        else:
            limits_mod.drop_uid(NOBODY)  # a non-zero uid loses every capability with it
    elif active["capabilities"]:
        limits_mod.drop_capabilities()
    # After the identity change, which clears it: die with the zygote.
    _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    return in_use


def arm(job: dict[str, Any], active: dict[str, bool], in_use: int) -> None:
    """The job's own limits, then seccomp, last: nothing after it needs a system
    call that the filter refuses."""
    lim = job["limits"]
    limits_mod.apply_rlimits(
        cpu_seconds=lim["cpu_seconds"],
        memory_bytes=lim["memory_bytes"],
        file_bytes=lim["file_bytes"],
        processes=lim["processes"],
        open_files=lim["open_files"],
        in_use=in_use,
    )
    if active["seccomp"]:
        seccomp.install()


def spare_main(
    cfg: dict[str, Any],
    active: dict[str, bool],
    workdir: str,
    out_w: int,
    res_w: int,
    job_r: int,
) -> None:
    """A spare child: prepare, wait for the job on ``JOB_FD``, then run it."""
    problem, in_use = None, 0
    try:
        in_use = prepare(cfg, active, workdir, out_w, res_w, job_r)
    except BaseException as exc:
        problem = f"{type(exc).__name__}: {exc}"
        with contextlib.suppress(BaseException):
            os.dup2(res_w, RESULT_FD)
            os.dup2(job_r, JOB_FD)
    del cfg
    try:
        (size,) = _HEADER.unpack(read_exact(JOB_FD, _HEADER.size))
        # Pickle from the worker, which relays the trusted parent's bytes; nothing the
        # learner wrote has run in this process yet.
        job = pickle.loads(read_exact(JOB_FD, size))  # noqa: S301
    except (EOFError, OSError, ValueError, pickle.UnpicklingError):
        os._exit(0)  # the worker went away before giving a job
    os.close(JOB_FD)
    child = _Child(job, job["nonce"])
    if problem is None:
        try:
            arm(job, active, in_use)
        except BaseException as exc:
            problem = f"{type(exc).__name__}: {exc}"
    if problem is not None:
        with contextlib.suppress(BaseException):
            child.frame("setup_failed", message=problem)
        os._exit(70)
    del active
    exit_ = os._exit
    code = 0
    try:
        child.run()
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        child.frame("done")
        # Closing every stream tells the worker the job is over now, before the
        # kernel's exit teardown of this large address space (several milliseconds).
        os.closerange(0, RESULT_FD + 1)
    except BaseException:
        code = 71
    exit_(code)
