"""The sandbox as a black box: jobs in, plain data and distinct outcomes out."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import numpy as np
import pytest

from mathforml.grading import Call, Job, Limits, Sandbox

FAST = Limits(cpu_seconds=1, wall_seconds=2, memory_bytes=256 << 20)


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox(workers=2, limits=FAST) as sandbox:
        yield sandbox


def test_calls_return_plain_data_and_captured_output(box: Sandbox) -> None:
    source = (
        "import numpy as np\ndef f(x, k=1):\n    print('hello')\n    return np.asarray(x) * k\n"
    )
    job = Job(source, (Call("a", "f", (np.arange(3.0),), {"k": 2}), Call("b", "f", ([1, 2],))))
    result = box.run(job)
    assert result.outcome == "ok"
    assert [c.id for c in result.calls] == ["a", "b"]
    np.testing.assert_array_equal(result.calls[0].value, [0.0, 2.0, 4.0])
    assert type(result.calls[0].value) is np.ndarray
    assert result.stdout == "hello\nhello\n"
    assert result.elapsed_ms > 0


def test_a_failing_call_does_not_stop_the_next_and_its_traceback_is_the_learners(
    box: Sandbox,
) -> None:
    source = "import numpy as np\n\ndef f(x):\n    return g(x)\n\ndef g(x):\n    return 1 / x\n"
    result = box.run(Job(source, (Call("zero", "f", (0,)), Call("two", "f", (2,)))))
    assert result.outcome == "ok"
    bad, good = result.calls
    assert not bad.ok
    assert bad.error is not None
    assert bad.error.type == "ZeroDivisionError"
    assert 'File "submission.py", line 4, in f' in bad.error.traceback
    assert 'File "submission.py", line 7, in g' in bad.error.traceback
    assert "return 1 / x" in bad.error.traceback
    assert "_child_runtime" not in bad.error.traceback
    assert good.ok
    assert good.value == 0.5


def test_error_while_loading_is_outcome_error_with_line(box: Sandbox) -> None:
    result = box.run(Job("x = 1\ny = undefined_name\n", (Call("a", "f"),)))
    assert result.outcome == "error"
    assert result.error is not None
    assert result.error.type == "NameError"
    assert "line 2" in result.error.traceback


def test_syntax_error_is_outcome_error_with_line(box: Sandbox) -> None:
    result = box.run(Job("def f(:\n    pass\n"))
    assert result.outcome == "error"
    assert result.error is not None
    assert result.error.type == "SyntaxError"
    assert "line 1" in result.error.traceback


def test_missing_function_is_a_failed_call(box: Sandbox) -> None:
    result = box.run(Job("x = 1\n", (Call("a", "f"),)))
    assert result.outcome == "ok"
    assert result.calls[0].error is not None
    assert "does not define 'f'" in result.calls[0].error.message


def test_variables_and_provided_modules(box: Sandbox) -> None:
    utils = "def double(x):\n    return 2 * x\n"
    source = "import utils\nimport numpy as np\nX1 = np.eye(2) * utils.double(3)\nobj = object()\n"
    result = box.run(Job(source, variables=("X1", "obj", "nope"), modules={"utils": utils}))
    assert result.outcome == "ok"
    np.testing.assert_array_equal(result.variables["X1"], np.eye(2) * 6)
    assert set(result.variables) == {"X1"}


def test_traceback_includes_provided_module_frames(box: Sandbox) -> None:
    utils = "def boom():\n    raise ValueError('bad')\n"
    result = box.run(
        Job(
            "import utils\ndef f():\n    utils.boom()\n",
            (Call("a", "f"),),
            modules={"utils": utils},
        )
    )
    error = result.calls[0].error
    assert error is not None
    assert 'File "utils.py", line 2, in boom' in error.traceback


def test_forbidden_call_at_run_time_is_reported_even_if_caught(box: Sandbox) -> None:
    source = (
        "import numpy as np\n"
        "def f(a, b):\n"
        "    try:\n"
        "        return np.linalg.solve(a, b)\n"
        "    except BaseException:\n"
        "        return np.linalg.inv(a) @ b\n"
    )
    job = Job(source, (Call("a", "f", (np.eye(2), np.ones(2))),), forbidden=("numpy.linalg.solve",))
    result = box.run(job)
    assert result.outcome == "forbidden"
    assert "numpy.linalg.solve" in result.detail


def test_forbidden_name_imported_directly_is_caught(box: Sandbox) -> None:
    source = "from numpy.linalg import solve\ndef f(a, b):\n    return solve(a, b)\n"
    job = Job(source, (Call("a", "f", (np.eye(2), np.ones(2))),), forbidden=("numpy.linalg.solve",))
    result = box.run(job)
    assert result.outcome == "forbidden"
    assert result.calls[0].error is not None
    assert result.calls[0].error.type == "ForbiddenCall"


def test_allowed_numpy_still_works_when_something_else_is_forbidden(box: Sandbox) -> None:
    source = "import numpy as np\ndef f(a):\n    return np.linalg.det(a)\n"
    result = box.run(
        Job(source, (Call("a", "f", (np.eye(3),)),), forbidden=("numpy.linalg.solve",))
    )
    assert result.outcome == "ok"
    assert result.calls[0].value == pytest.approx(1.0)


def test_timeout_is_prompt(box: Sandbox) -> None:
    start = time.monotonic()
    result = box.run(Job("def f():\n    while True:\n        pass\n", (Call("a", "f"),)))
    assert result.outcome == "timeout"
    assert time.monotonic() - start < FAST.wall_seconds + 1


def test_per_job_limits_override_the_sandbox_defaults(box: Sandbox) -> None:
    result = box.run(Job("print('x' * 100)\n"), limits=Limits(output_bytes=10))
    assert result.outcome == "output"
    assert result.stdout.startswith("x" * 10)
    assert "output truncated" in result.stdout


def test_non_plain_job_arguments_are_refused_in_the_caller() -> None:
    with Sandbox(workers=1) as box, pytest.raises(ValueError, match="plain data"):
        box.run(Job("", (Call("a", "f", (object(),)),)))


def test_protections_report_every_protection_explicitly(box: Sandbox) -> None:
    report = box.protections()
    expected = {"rlimits", "wall_clock", "output_cap", "environment", "network", "seccomp",
                "landlock", "uid_drop", "capabilities", "tmpfs", "bubblewrap"}  # fmt: skip
    assert expected <= set(report)
    for value in report.values():
        assert value == "active" or value.startswith("unavailable: ")


def test_a_killed_worker_is_replaced_and_the_next_job_is_normal() -> None:
    with Sandbox(workers=1, limits=FAST) as box:
        worker = box._pool.workers[0]
        os.killpg(worker.proc.pid, signal.SIGKILL)
        worker.proc.wait(timeout=5)
        time.sleep(0.05)
        first = box.run(Job("def f():\n    return 1\n", (Call("a", "f"),)))
        assert first.outcome in {"ok", "crashed"}
        result = box.run(Job("def f():\n    return 1\n", (Call("a", "f"),)))
        assert result.outcome == "ok"
        assert result.calls[0].value == 1


def test_many_jobs_at_once_are_all_graded(box: Sandbox) -> None:
    from concurrent.futures import ThreadPoolExecutor

    # Each job gets its own input, so results delivered to the wrong job would show.
    # Many short jobs at once make the worker reuse fd numbers within one event batch.
    def run(n: int):
        return box.run(Job("def f(x):\n    return x + 1\n", (Call("a", "f", (n,)),)))

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(run, range(300)))
    assert [r.outcome for r in results] == ["ok"] * 300
    assert [r.calls[0].value for r in results] == [n + 1 for n in range(300)]


def test_importing_grading_is_light() -> None:
    code = "import sys, mathforml.grading; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
