"""Learner code never runs as root where the machine allows dropping it."""

from __future__ import annotations

import os

import pytest

from mathforml.grading import Call, Job, Sandbox

PROBE = """
import os
def who():
    found = {"uid": os.getuid(), "gid": os.getgid()}
    for label, action in (("shadow", lambda: open("/etc/shadow").read()),
                          ("setuid", lambda: os.setuid(0)),
                          ("chown", lambda: os.chown(".", 0, 0))):
        try:
            action()
            found[label] = "allowed"
        except OSError as error:
            found[label] = type(error).__name__
    return found
"""


@pytest.fixture(scope="module")
def box():
    with Sandbox(workers=1) as sandbox:
        yield sandbox


def test_children_drop_to_nobody_when_running_as_root(box):
    if os.geteuid() != 0:
        pytest.skip("not running as root: children already run as this unprivileged user")
    status = box.protections()["uid_drop"]
    if status != "active":
        message = f"uid drop {status} (make the interpreter readable by uid 65534)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    result = box.run(Job(PROBE, (Call("a", "who"),)))
    assert result.outcome == "ok", result.detail
    found = result.calls[0].value
    assert (found["uid"], found["gid"]) == (65534, 65534)
    assert found["shadow"] == "PermissionError"
    assert found["setuid"] == "PermissionError"
    assert found["chown"] == "PermissionError"
