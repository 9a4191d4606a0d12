"""The application: one store, one learner, Jinja templates, and the routes.

Pages are rendered on the server and work without JavaScript; ``static/app.js``
only adds instant feedback and a live preview on top of the same JSON API.

Nothing a request carries runs on the event loop: routes that touch the database
or parse what a learner sent are plain functions (FastAPI runs them in its thread
pool) or ``async`` only to read the body and then hand the work to a thread. The
store bounds every wait for a lock, and ``DatabaseUnavailable`` / ``DatabaseBusy``
become a 503 page ("the database is busy") instead of a stalled server.
"""

from __future__ import annotations

import html
import math
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mathforml.store import DatabaseBusy, DatabaseUnavailable
from mathforml.web._identity import (
    NEW_COOKIES_STATE,
    NotSignedIn,
    RateLimiter,
    csrf_token,
    learner_of,
    new_secret,
    safe_next,
    secure_cookies_default,
    shared_secret,
    signed_in,
)

#: The largest request body the app reads; bigger ones get 413.
MAX_BODY_BYTES = 64 * 1024

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        b"frame-ancestors 'none'",
    ),
)


#: Paths a signed-out browser may use with accounts (besides ``/static``).
PUBLIC_PATHS = frozenset({"/login", "/register", "/logout"})
#: How often, at most, expired sessions are swept from the store (seconds).
SESSION_SWEEP_SECONDS = 3600.0
#: What a learner reads when the database stayed locked past the store's timeout.
DATABASE_BUSY_MESSAGE = "The database is busy, try again in a moment."
DATABASE_DOWN_MESSAGE = "The database cannot be reached right now. Try again in a moment."
#: Seconds a client is told to wait after a 503.
RETRY_AFTER_S = 2


def rate_limits() -> dict[str, RateLimiter]:
    """The limits of a server with accounts. Sign-in allows more per address than
    per name because a whole classroom often shares one address (NAT)."""
    return {
        "login_name": RateLimiter(10, 300),  # 10 sign-in attempts per name per 5 minutes
        "login_ip": RateLimiter(60, 300),  # 60 per address per 5 minutes
        "register_ip": RateLimiter(40, 3600),  # 40 new accounts per address per hour
        "answer": RateLimiter(60, 60),  # checks and reveals per learner per minute
        "preview": RateLimiter(300, 60),  # live previews per learner per minute
    }


def create_app(
    *,
    store_url: str | None = None,
    learner: str = "local",
    accounts: bool = False,
    secure_cookies: bool | None = None,
    warm_sandbox: bool = False,
) -> FastAPI:
    """The web app for ``learner``, recording in the store at ``store_url``
    (default: the configured one, see ``mathforml.store.Store.from_env``).

    With ``accounts`` it serves many learners, each signed in with a password;
    ``learner`` is then unused and no learner is created. ``secure_cookies`` marks
    cookies ``Secure`` even on plain http (for a TLS proxy that does not send
    ``X-Forwarded-Proto``); by default ``$MATHFORML_SECURE_COOKIES``, and https
    requests always get them."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from mathforml.store import Store
        from mathforml.web._routes_assignment import Regrader, warm_up_sandbox

        # Opening (and migrating) the store waits for the database: off the loop.
        store = await run_in_threadpool(
            lambda: Store(store_url) if store_url is not None else Store.from_env())
        regrader = Regrader(store)
        try:
            app.state.store = store
            if accounts:
                app.state.learner = None
                await run_in_threadpool(sweep_sessions, app, True)
            else:
                app.state.learner = await run_in_threadpool(store.learner, learner)
            if warm_sandbox:
                # The grading workers take seconds to start: begin now, so the first
                # submission does not wait and a class's first minutes do not stutter.
                warm_up_sandbox()
            # Submissions a killed server left queued are graded in the background.
            regrader.start()
            yield
        finally:
            regrader.stop()
            store.close()

    app = FastAPI(
        title="mathforml",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        # With accounts every route but sign-in needs a signed-in learner.
        dependencies=[Depends(_require_sign_in)] if accounts else [],
    )
    app.state.learner_name = learner
    app.state.accounts = accounts
    app.state.secure_cookies = (
        secure_cookies_default() if secure_cookies is None else secure_cookies
    )
    app.state.csrf_secret = shared_secret() or new_secret()
    app.state.limits = rate_limits()
    app.state.sessions_swept_at = -math.inf
    app.state.templates = _environment()
    static = resources.files("mathforml.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    from mathforml.web import (
        _routes_accounts,
        _routes_api,
        _routes_assignment,
        _routes_pages,
        _routes_practice,
        _routes_visuals,
    )

    app.include_router(_routes_pages.router)
    app.include_router(_routes_practice.router)
    app.include_router(_routes_api.router)
    _routes_visuals.install(app)
    _routes_assignment.install(app)
    _routes_accounts.install(app)
    app.add_exception_handler(NotSignedIn, _not_signed_in)
    app.add_exception_handler(DatabaseUnavailable, _database_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _server_error)
    from mathforml.web import _guards

    _guards.install(app)  # Host and Origin checks, hostile bodies: 421/403/400
    app.add_middleware(_Headers)
    return app


# -- accounts --------------------------------------------------------------------


def _require_sign_in(request: Request) -> None:
    """With accounts, every route but sign-in needs a learner (``NotSignedIn``).

    A plain function, so FastAPI runs it in a thread: the session lookup it makes
    (kept on the request) is the only database call of many ``async`` routes, which
    then find the learner without touching the database on the event loop."""
    if request.url.path not in PUBLIC_PATHS:
        learner_of(request)
    else:
        signed_in(request)


async def _not_signed_in(request: Request, exc: Exception) -> Response:
    if wants_json(request):
        return JSONResponse({"error": "Sign in first.", "status": 401}, status_code=401,
                            headers={"cache-control": "no-store"})
    here = request.url.path
    if request.method == "GET" and request.url.query:
        here += "?" + request.url.query
    target = safe_next(here, default="")
    location = "/login" + (f"?next={quote(target, safe='/')}" if target and target != "/" else "")
    return RedirectResponse(location, status_code=303, headers={"cache-control": "no-store"})


_sweep_lock = threading.Lock()


def sweep_sessions(app: FastAPI, force: bool = False) -> None:
    """Forget expired sessions, at most once per ``SESSION_SWEEP_SECONDS`` (called at
    start-up and on each sign-in; an expired session never signs anyone in anyway)."""
    now = time.monotonic()
    with _sweep_lock:
        if not force and now - app.state.sessions_swept_at < SESSION_SWEEP_SECONDS:
            return
        app.state.sessions_swept_at = now
    app.state.store.delete_expired_sessions()


# -- templates -------------------------------------------------------------------


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("mathforml.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the package and do not change while it runs; checking
        # their files before every render was a measurable share of a page.
        auto_reload=False,
    )
    from mathforml.web._render import MATH_CSS

    # Our own constant CSS: a <style> body is raw text, so it must not be HTML-escaped.
    css = Markup(MATH_CSS)  # noqa: S704
    env.globals.update(
        md=markdown, tex=latex, percent=percent, when=when, math_css=css, csrf_token=csrf_token,
        signed_in=signed_in,
    )
    return env


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` as a full page."""
    env: Environment = request.app.state.templates
    html = env.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status_code)


def fragment(request: Request, template: str, **context: Any) -> str:
    env: Environment = request.app.state.templates
    return env.get_template(template).render(request=request, **context)


def markdown(md: str, week_id: str | None = None) -> Markup:
    """Markdown with ``$…$`` math as HTML with MathML."""
    from mathforml.web._render import render_markdown

    return render_markdown(md, week_id=week_id)


def latex(source: str, display: bool = False) -> Markup:
    from mathforml.web._render import render_latex

    return render_latex(source, display=display)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def when(moment: datetime, now: datetime | None = None) -> str:
    """A review date as a person says it: "now", "today", "tomorrow", "in 3 days",
    or the date ("22 Nov") when it is more than a week away."""
    now = now or datetime.now(UTC)
    if moment <= now:
        return "now"
    days = (moment.date() - now.date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days <= 7:
        return f"in {days} days"
    return f"{moment.day} {moment.strftime('%b')}"


# -- errors ----------------------------------------------------------------------


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, message: str) -> Response:
    """A JSON error for the API, an HTML page for everything else."""
    if wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return page(request, "error.html", status_code=status, status=status, message=message)


# Error pages are rendered in a thread: the page's header may look up who is signed
# in, which reads the database (a 404 for an unknown path runs no dependency first).


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {404: "There is no such page.", 405: "That method is not allowed here."}
    detail = exc.detail if isinstance(exc.detail, str) else ""
    if exc.status_code in messages and detail in ("Not Found", "Method Not Allowed", ""):
        detail = messages[exc.status_code]
    response = await _error_page(request, exc.status_code, detail or "Something went wrong.")
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _validation_error(request: Request, exc: Exception) -> Response:
    return await _error_page(request, 400, "That request is not well formed.")


async def _database_error(request: Request, exc: Exception) -> Response:
    """503 with ``Retry-After`` when the database is locked past the store's timeout
    (or unreachable): the server stays up for everything else."""
    message = DATABASE_BUSY_MESSAGE if isinstance(exc, DatabaseBusy) else DATABASE_DOWN_MESSAGE
    response = await _error_page(request, 503, message)
    response.headers["retry-after"] = str(RETRY_AFTER_S)
    response.headers["cache-control"] = "no-store"
    return response


async def _server_error(request: Request, exc: Exception) -> Response:
    return await _error_page(request, 500, "Something went wrong on our side. Please try again.")


async def _error_page(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return error_response(request, status, message)
    try:
        return await run_in_threadpool(error_response, request, status, message)
    except DatabaseUnavailable:
        # The page's header could not learn who is signed in: a plain page then.
        return HTMLResponse(
            f"<!doctype html><title>{status}</title><p>{html.escape(message)}</p>",
            status_code=status)


# -- request bodies --------------------------------------------------------------


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refusing more than ``limit`` bytes without reading them all:
    a declared length over the limit is refused before any byte is read, and a
    streamed body as soon as the bytes received pass it."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def same_origin(request: Request) -> bool:
    """False when a browser says the request comes from another site's page.

    A second layer behind the CSRF token. ``Origin: null`` is allowed: with our
    ``Referrer-Policy: no-referrer`` browsers send exactly that for our own form
    posts, and a page that hides its origin cannot know the CSRF token anyway."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


# -- middleware ------------------------------------------------------------------


class _Headers:
    """Adds security headers, ``Server-Timing`` (time to the response start) and any
    pre-session cookie that ``csrf_token`` made while rendering the page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        # Where csrf_token leaves a new pre-session cookie (request.state is this dict).
        state = scope.setdefault("state", {})

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS:
                    if name not in present:
                        headers.append((name, value))
                took = 1000 * (time.perf_counter() - started)
                headers.append((b"server-timing", f"app;dur={took:.1f}".encode()))
                for cookie in state.pop(NEW_COOKIES_STATE, ()):
                    headers.append((b"set-cookie", cookie.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)

