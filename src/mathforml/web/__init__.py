"""The browser front end: lessons, practice with instant feedback, and progress.

``create_app()`` builds the ASGI application: for one local learner without
sign-in by default, or with ``accounts`` for many learners who register and sign
in (``mathforml serve --accounts``); ``serve()`` runs it with uvicorn and opens
the browser.
"""

from __future__ import annotations

import json
import os

from mathforml.web._app import create_app

__all__ = ["app_from_env", "create_app", "serve"]

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
) -> None:
    """Serve the course at ``http://host:port/`` until interrupted; with ``accounts``,
    to many learners who register and sign in. ``secure_cookies`` forces ``Secure``
    cookies behind a TLS proxy (default: ``$MATHFORML_SECURE_COOKIES``; requests
    that arrive as https get them anyway).

    ``workers`` > 1 runs that many server processes (for a class on a machine with
    several cores); they share a CSRF key, the database and nothing else, so rate
    limits count per process."""
    import threading
    import webbrowser

    import uvicorn

    options = {"store_url": store_url, "learner": learner, "accounts": accounts,
               "secure_cookies": secure_cookies, "warm_sandbox": True}
    if open_browser:
        # Listening on every interface: the browser still opens the local address.
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
        url = f"http://{shown}:{port}/"
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    if workers <= 1:
        uvicorn.run(create_app(**options), host=host, port=port, log_level="warning")
        return
    import secrets

    from mathforml.web._identity import SECRET_ENV

    os.environ[OPTIONS_ENV] = json.dumps(options)
    os.environ.setdefault(SECRET_ENV, secrets.token_hex(32))
    uvicorn.run("mathforml.web:app_from_env", factory=True, workers=workers, host=host,
                port=port, log_level="warning")


def app_from_env() -> object:
    """The app of one worker process of ``serve(workers=N)``, built from the options
    the parent left in ``$MATHFORML_SERVE_OPTIONS``."""
    return create_app(**json.loads(os.environ.get(OPTIONS_ENV, "{}")))
