"""The browser front end: lessons, practice with instant feedback, and progress.

``create_app()`` builds the ASGI application: for one local learner without
sign-in by default, or with ``accounts`` for many learners who register and sign
in (``mathforml serve --accounts``); ``serve()`` runs it with uvicorn and opens
the browser.
"""

from __future__ import annotations

from mathforml.web._app import create_app

__all__ = ["create_app", "serve"]


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = True,
    store_url: str | None = None,
    learner: str = "local",
    accounts: bool = False,
    secure_cookies: bool | None = None,
) -> None:
    """Serve the course at ``http://host:port/`` until interrupted; with ``accounts``,
    to many learners who register and sign in. ``secure_cookies`` forces ``Secure``
    cookies behind a TLS proxy (default: ``$MATHFORML_SECURE_COOKIES``; requests
    that arrive as https get them anyway)."""
    import threading
    import webbrowser

    import uvicorn

    app = create_app(store_url=store_url, learner=learner, accounts=accounts,
                     secure_cookies=secure_cookies)
    if open_browser:
        # Listening on every interface: the browser still opens the local address.
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
        url = f"http://{shown}:{port}/"
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
