"""Hostile submissions, run through the real sandbox (no mocks).

Each one must be contained with the exact outcome below, leave the parent unharmed,
and leave the sandbox able to grade the next, ordinary submission normally. A test
that needs a protection this machine lacks is skipped with the reason, except under
CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pytest

from mathforml.grading import Call, Job, JobResult, Limits, Sandbox

LIMITS = Limits(cpu_seconds=1, wall_seconds=2, memory_bytes=256 << 20, result_bytes=1 << 20)
SECRET_NAME = "MATHFORML_TEST_FAKE_SECRET"
SECRET_VALUE = "hunter2-do-not-leak"


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    os.environ[SECRET_NAME] = SECRET_VALUE
    try:
        with Sandbox(workers=2, limits=LIMITS) as sandbox:
            yield sandbox
    finally:
        del os.environ[SECRET_NAME]


def require(box: Sandbox, *names: str) -> None:
    report = box.protections()
    for name in names:
        if report.get(name) != "active":
            reason = f"protection {name!r} is {report.get(name)!r} on this machine"
            if os.environ.get("CI") == "true":
                pytest.fail(reason)
            pytest.skip(reason)


def failed_call(result: JobResult, error_type: str) -> bool:
    call = result.calls[0]
    return not call.ok and call.error is not None and call.error.type == error_type


def value(result: JobResult) -> object:
    assert result.calls[0].ok, result.calls[0].error
    return result.calls[0].value


@dataclass(frozen=True)
class Hostile:
    id: str
    source: str
    outcome: str
    check: Callable[[JobResult], bool] = lambda r: True
    needs: tuple[str, ...] = ()
    args: tuple[object, ...] = ()


CASES = [
    Hostile(
        "infinite-loop", "def f():\n    while True:\n        pass\n", "timeout", needs=("rlimits",)
    ),
    Hostile("infinite-loop-at-import", "while True:\n    pass\n", "timeout"),
    Hostile(
        "memory-bomb",
        "def f():\n    return bytearray(8 << 30)\n",
        "memory",
        lambda r: failed_call(r, "MemoryError"),
        needs=("rlimits",),
    ),
    Hostile(
        "memory-bomb-growing",
        "def f():\n    x = []\n    while True:\n        x.append(bytearray(1 << 20))\n",
        "memory",
        needs=("rlimits",),
    ),
    Hostile(
        "fork-bomb",
        "import os\ndef f():\n    while True:\n        os.fork()\n",
        "ok",
        lambda r: failed_call(r, "PermissionError"),
        needs=("seccomp",),
    ),
    Hostile(
        "thread-bomb",
        "import threading, time\ndef f():\n    for _ in range(10000):\n"
        "        threading.Thread(target=time.sleep, args=(10,)).start()\n",
        "ok",
        lambda r: failed_call(r, "RuntimeError"),
        needs=("seccomp",),
    ),
    Hostile(
        "disk-fill",
        "def f():\n    with open('fill', 'wb') as fh:\n        while True:\n"
        "            fh.write(b'x' * (1 << 20))\n",
        "ok",
        lambda r: failed_call(r, "OSError"),
        needs=("rlimits",),
    ),
    Hostile(
        "huge-output",
        "def f():\n    while True:\n        print('spam' * 1000)\n",
        "output",
        lambda r: "output truncated" in r.stdout,
    ),
    Hostile(
        "tcp-socket-to-localhost",
        "import socket\ndef f():\n    s = socket.socket()\n    s.connect(('127.0.0.1', 5432))\n",
        "ok",
        lambda r: failed_call(r, "PermissionError"),
        needs=("seccomp",),
    ),
    Hostile(
        "unix-socket-to-postgres",
        "import socket\ndef f():\n"
        "    s = socket.socket(socket.AF_UNIX)\n"
        "    s.connect('/var/run/postgresql/.s.PGSQL.5432')\n",
        "ok",
        lambda r: failed_call(r, "PermissionError"),
        needs=("seccomp",),
    ),
    Hostile(
        "read-reference-through-files",
        "def f():\n    return open('/work/main/src/mathforml/grading/sandbox.py').read()\n",
        "ok",
        lambda r: not r.calls[0].ok,
        needs=("landlock",),
    ),
    Hostile(
        "read-own-package-by-path",
        "def f(p):\n    return open(p).read()\n",
        "ok",
        lambda r: not r.calls[0].ok,
        needs=("landlock",),
        args=(os.path.join(os.path.dirname(__import__("mathforml").__file__), "__init__.py"),),
    ),
    Hostile(
        "glob-the-repository",
        "import glob\ndef f():\n"
        "    return [p for p in glob.glob('/work/**/*.py', recursive=True)]\n",
        "ok",
        lambda r: value(r) == [],
        needs=("landlock",),
    ),
    Hostile(
        "read-hidden-tests",
        "import os\ndef f():\n"
        "    return open('/work/main/tests/security/test_hostile_submissions.py').read()\n",
        "ok",
        lambda r: not r.calls[0].ok,
        needs=("landlock",),
    ),
    Hostile(
        "import-mathforml",
        "def f():\n    import mathforml.grading.sandbox as s\n    return s.__file__\n",
        "ok",
        lambda r: failed_call(r, "ModuleNotFoundError"),
    ),
    Hostile(
        "import-mathforml-after-fixing-sys-path",
        "import sys\ndef f():\n"
        "    sys.path.insert(0, '/work/main/src')\n    import mathforml\n"
        "    return mathforml.__file__\n",
        "ok",
        lambda r: not r.calls[0].ok,
        needs=("landlock",),
    ),
    Hostile(
        "ctypes-libc-kill-parent",
        "import ctypes, os\ndef f():\n"
        "    libc = ctypes.CDLL(None)\n    return libc.kill(os.getppid(), 9)\n",
        "ok",
        lambda r: value(r) == -1,
        needs=("seccomp",),
    ),
    Hostile(
        "ctypes-raw-syscall-fork",
        "import ctypes\ndef f():\n    return ctypes.CDLL(None).syscall(57)\n",
        "ok",
        lambda r: value(r) == -1,
        needs=("seccomp",),
    ),
    Hostile(
        "kill-the-parent",
        "import os, signal\ndef f():\n    os.kill(os.getppid(), signal.SIGKILL)\n",
        "ok",
        lambda r: failed_call(r, "PermissionError"),
        needs=("seccomp",),
    ),
    Hostile(
        "kill-pid-1-and-everyone",
        "import os, signal\ndef f():\n"
        "    for pid in (1, -1, 0):\n        try:\n            os.kill(pid, signal.SIGKILL)\n"
        "        except PermissionError:\n            pass\n    return 'survived'\n",
        "ok",
        lambda r: value(r) == "survived",
        needs=("seccomp",),
    ),
    Hostile(
        "ignore-signals-and-loop",
        "import signal\n"
        "for s in (signal.SIGXCPU, signal.SIGTERM, signal.SIGALRM, signal.SIGINT):\n"
        "    signal.signal(s, signal.SIG_IGN)\n"
        "def f():\n    while True:\n        pass\n",
        "timeout",
    ),
    Hostile(
        "sys-exit-at-import",
        "import sys\nsys.exit(0)\n",
        "error",
        lambda r: r.error is not None and "sys.exit while loading" in r.error.message,
    ),
    Hostile(
        "sys-exit-in-call",
        "import sys\ndef f():\n    sys.exit(0)\n",
        "ok",
        lambda r: failed_call(r, "SystemExit"),
    ),
    Hostile(
        "raise-base-exception",
        "def f():\n    raise KeyboardInterrupt\n",
        "ok",
        lambda r: failed_call(r, "KeyboardInterrupt"),
    ),
    Hostile("raise-base-exception-at-import", "raise BaseException('nope')\n", "error"),
    Hostile("os-exit", "import os\ndef f():\n    os._exit(0)\n", "crashed"),
    Hostile(
        "print-all-tests-passed",
        "def f():\n    print('All tests passed')\n    return 'All tests passed'\n",
        "ok",
        lambda r: value(r) == "All tests passed",
    ),
    Hostile(
        "patched-numpy",
        "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
        "np.array_equal = lambda *a, **k: True\nnp.testing.assert_allclose = print\n"
        "def f():\n    return np.array([9.0, 9.0])\n",
        "ok",
        lambda r: type(value(r)) is np.ndarray and not np.allclose(value(r), [1.0, 2.0]),
    ),
    Hostile(
        "patched-builtins",
        "import builtins\nbuiltins.isinstance = lambda *a: True\n"
        "builtins.type = lambda *a: int\ndef f():\n    return 5\n",
        "crashed",
    ),
    Hostile(
        "eq-override",
        "class Liar(float):\n    def __eq__(self, o):\n        return True\n"
        "def f():\n    return Liar(3.0)\n",
        "ok",
        lambda r: failed_call(r, "TypeError"),
    ),
    Hostile(
        "ndarray-subclass",
        "import numpy as np\nclass Liar(np.ndarray):\n"
        "    def __eq__(self, o):\n        return np.ones(self.shape, bool)\n"
        "def f():\n    return np.arange(3.0).view(Liar)\n",
        "ok",
        lambda r: type(value(r)) is np.ndarray and not np.all(value(r) == np.array([7.0])),
    ),
    Hostile(
        "deep-recursion",
        "def f(n=0):\n    return f(n + 1)\n",
        "ok",
        lambda r: failed_call(r, "RecursionError"),
    ),
    Hostile(
        "read-stdin",
        "import sys\ndef f():\n    return sys.stdin.read()\n",
        "ok",
        lambda r: value(r) == "",
    ),
    Hostile(
        "input-call",
        "def f():\n    return input('answer? ')\n",
        "ok",
        lambda r: failed_call(r, "EOFError"),
    ),
    Hostile(
        "read-environment",
        "import os\ndef f():\n    return dict(os.environ)\n",
        "ok",
        lambda r: (
            SECRET_NAME not in value(r)  # type: ignore[operator]
            and SECRET_VALUE not in str(value(r))
            and not any(k.startswith("MATHFORML") for k in value(r))
        ),
    ),  # type: ignore[attr-defined]
    Hostile(
        "read-parent-environ-through-proc",
        "import os\ndef f():\n"
        "    return open(f'/proc/{os.getppid()}/environ', 'rb').read().decode()\n",
        "ok",
        lambda r: not r.calls[0].ok,
        needs=("landlock",),
    ),
    Hostile(
        "subprocess",
        "import subprocess\ndef f():\n"
        "    return subprocess.run(['id'], capture_output=True).stdout.decode()\n",
        "ok",
        lambda r: failed_call(r, "PermissionError"),
        needs=("seccomp",),
    ),
    Hostile(
        "os-system",
        "import os\ndef f():\n    return os.system('touch /tmp/pwned-by-os-system')\n",
        "ok",
        lambda r: value(r) != 0 and not os.path.exists("/tmp/pwned-by-os-system"),
        needs=("seccomp",),
    ),
    Hostile(
        "write-outside-private-dir",
        "def f():\n    open('/tmp/mathforml-pwned.txt', 'w').write('x')\n",
        "ok",
        lambda r: (
            failed_call(r, "PermissionError") and not os.path.exists("/tmp/mathforml-pwned.txt")
        ),
        needs=("landlock",),
    ),
    Hostile(
        "write-inside-private-dir",
        "import os, tempfile\ndef f():\n"
        "    with tempfile.NamedTemporaryFile('w', delete=False) as fh:\n"
        "        fh.write('ok')\n    return open(fh.name).read()\n",
        "ok",
        lambda r: value(r) == "ok",
    ),
    Hostile(
        "read-etc-shadow",
        "def f():\n    return open('/etc/shadow').read()\n",
        "ok",
        lambda r: failed_call(r, "PermissionError"),
        needs=("landlock",),
    ),
    Hostile(
        "pickle-result",
        "import pickle\ndef f():\n    return pickle.dumps({'a': 1})\n",
        "ok",
        lambda r: failed_call(r, "TypeError"),
    ),
    Hostile(
        "marshal-result",
        "import marshal\ndef f():\n    return marshal.dumps(f.__code__)\n",
        "ok",
        lambda r: failed_call(r, "TypeError"),
    ),
    Hostile(
        "forged-array-tag-result",
        "def f():\n    return {'__ndarray__': {'dtype': 'object', 'shape': [1], 'data': ''}}\n",
        "ok",
        lambda r: value(r) == {"__ndarray__": {"dtype": "object", "shape": [1], "data": ""}},
    ),
    Hostile("huge-result", "def f():\n    return 'x' * (4 << 20)\n", "output"),
    Hostile(
        "garbage-on-the-result-pipe",
        "import os\ndef f():\n"
        "    for fd in range(3, 64):\n        try:\n"
        "            os.write(fd, b'\\x00\\x00\\x00\\x04{}{}')\n        except OSError:\n"
        "            pass\n    return 1\n",
        "crashed",
    ),
    Hostile(
        "close-every-fd-then-loop",
        "import os\ndef f():\n    os.closerange(0, 1024)\n    while True:\n        pass\n",
        "timeout",
    ),
    Hostile(
        "unshare-and-mount",
        "import ctypes\ndef f():\n    libc = ctypes.CDLL(None)\n"
        "    return [libc.unshare(0x40000000), libc.mount(b'x', b'/mnt', b'tmpfs', 0, None)]\n",
        "ok",
        lambda r: value(r) == [-1, -1],
        needs=("seccomp",),
    ),
    Hostile(
        "ptrace-parent",
        "import ctypes, os\ndef f():\n"
        "    return ctypes.CDLL(None).ptrace(16, os.getppid(), 0, 0)\n",
        "ok",
        lambda r: value(r) == -1,
        needs=("seccomp",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_submission_is_contained(box: Sandbox, case: Hostile) -> None:
    require(box, *case.needs)
    calls = (Call("hostile", "f", case.args),)
    start = time.monotonic()
    result = box.run(Job(case.source, calls))
    assert result.outcome == case.outcome, (result.outcome, result.detail, result.calls)
    assert case.check(result), result
    assert time.monotonic() - start < LIMITS.wall_seconds + 2
    # The parent is unharmed and the next, ordinary grading is normal.
    after = box.run(
        Job(
            "import numpy as np\ndef g(x):\n    return x @ x\n",
            (Call("ok", "g", (np.eye(2) * 3,)),),
        )
    )
    assert after.outcome == "ok", after.detail
    np.testing.assert_array_equal(after.calls[0].value, np.eye(2) * 9)


def test_battery_has_at_least_25_hostile_submissions() -> None:
    assert len(CASES) >= 25


def test_infinite_loops_do_not_starve_good_submissions(box: Sandbox) -> None:
    from concurrent.futures import ThreadPoolExecutor

    loop = Job("def f():\n    while True:\n        pass\n", (Call("a", "f"),))
    good = Job("def g(x):\n    return x + 1\n", (Call("a", "g", (1,)),))
    with ThreadPoolExecutor(4) as pool:
        loops = [pool.submit(box.run, loop) for _ in range(2)]
        time.sleep(0.2)
        start = time.monotonic()
        results = [box.run(good) for _ in range(10)]
        elapsed = time.monotonic() - start
        assert all(r.outcome == "ok" for r in results)
        assert elapsed < 1.0, f"10 good jobs took {elapsed:.2f} s beside 2 infinite loops"
        outcomes = [(f.result().outcome, f.result().detail) for f in loops]
        assert all(outcome == "timeout" for outcome, _ in outcomes), outcomes
