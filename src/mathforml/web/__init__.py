"""The browser front end: lessons, practice with instant feedback, and progress.

``create_app()`` builds the ASGI application: for one local learner without
sign-in by default, or with ``accounts`` for many learners who register and sign
in (``mathforml serve --accounts``); ``serve()`` runs it with uvicorn and opens
the browser.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mathforml.web._app import create_app
from mathforml.web._guards import is_loopback, parse_allowed_hosts

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["app_from_env", "create_app", "is_loopback", "parse_allowed_hosts", "serve"]

#: How ``serve`` passes its options to worker processes, which uvicorn starts anew.
OPTIONS_ENV = "MATHFORML_SERVE_OPTIONS"


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = True,
    store_url: str | None = None,
    learner: str = "local",
    accounts: bool = False,
    secure_cookies: bool | None = None,
    workers: int = 1,
    allowed_hosts: Sequence[str] = (),
    forwarded_allow_ips: Sequence[str] = (),
) -> None:
    """Serve the course at ``http://host:port/`` until interrupted; with ``accounts``,
    to many learners who register and sign in. ``secure_cookies`` forces ``Secure``
    cookies behind a TLS proxy (default: ``$MATHFORML_SECURE_COOKIES``; requests
    that arrive as https get them anyway).

    ``workers`` > 1 runs that many server processes (for a class on a machine with
    several cores); they share a CSRF key, the database and one grading pool (held
    by this supervising process), so rate limits count per process.

    Requests must name this server in ``Host`` (its own address, or one of
    ``allowed_hosts``; with ``accounts`` and no list, any name, for a proxy that
    checks it) and state-changing ones must come from its own pages (``Origin``):
    see ``web._guards``. ``X-Forwarded-For``/``-Proto`` are believed only from the
    proxies in ``forwarded_allow_ips`` (by default from nobody: uvicorn's own default
    would believe any local process, which could then pose as any address and spend
    nobody's rate limit)."""
    import threading
    import webbrowser

    import uvicorn

    guard = {"allowed_hosts": list(allowed_hosts) or (["*"] if accounts else []),
             "require_origin": True}
    options = {"store_url": store_url, "learner": learner, "accounts": accounts,
               "secure_cookies": secure_cookies, "warm_sandbox": True}
    proxy = {"proxy_headers": bool(forwarded_allow_ips),
             "forwarded_allow_ips": list(forwarded_allow_ips)}
    if open_browser:
        # Listening on every interface: the browser still opens the local address.
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
        url = f"http://{shown}:{port}/"
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    if workers <= 1:
        uvicorn.run(_guarded(create_app(**options), guard), host=host, port=port,
                    log_level="warning", **proxy)
        return
    import secrets

    from mathforml.grading import Sandbox
    from mathforml.grading._service import SOCKET_ENV
    from mathforml.web._identity import SECRET_ENV

    os.environ[OPTIONS_ENV] = json.dumps({**options, GUARD_OPTION: guard})
    os.environ.setdefault(SECRET_ENV, secrets.token_hex(32))
    # One sandbox pool for every server process, sized to the cores, held here.
    with Sandbox() as sandbox:
        os.environ[SOCKET_ENV] = sandbox.share()
        uvicorn.run("mathforml.web:app_from_env", factory=True, workers=workers, host=host,
                    port=port, log_level="warning", **proxy)


#: The key of the request guard's policy in ``$MATHFORML_SERVE_OPTIONS``.
GUARD_OPTION = "request_guard"


def _guarded(app: FastAPI, guard: dict[str, Any] | None) -> FastAPI:
    """``app`` with the request guard's policy that ``serve`` chose (see ``_guards``)."""
    if guard is not None:
        from mathforml.web._guards import GuardPolicy, configure

        configure(app, GuardPolicy(allowed_hosts=tuple(guard.get("allowed_hosts", ())),
                                   require_origin=bool(guard.get("require_origin", True))))
    return app


def app_from_env() -> object:
    """The app of one worker process of ``serve(workers=N)``, built from the options
    the parent left in ``$MATHFORML_SERVE_OPTIONS``."""
    options = json.loads(os.environ.get(OPTIONS_ENV, "{}"))
    guard = options.pop(GUARD_OPTION, None)
    return _guarded(create_app(**options), guard)
