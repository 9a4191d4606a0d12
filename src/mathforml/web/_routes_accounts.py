"""Registration, sign-in and sign-out for ``mathforml serve --accounts``.

Passwords are hashed with argon2 (``argon2-cffi``) and never stored or logged;
the store keeps only the hash. Sign-in answers the same way, and takes about as
long, whether or not the name exists, and is rate limited per name and per
address. Each sign-in starts a new session (a new cookie token), and signing out
deletes it on the server. Without accounts these routes do not exist (404).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mathforml.store import Learner, NameTaken
from mathforml.web._app import BodyTooLarge, page, read_body, same_origin, sweep_sessions
from mathforml.web._guards import BadRequest, parse_form
from mathforml.web._identity import (
    CSRF_FIELD,
    PRESESSION_COOKIE,
    SESSION_COOKIE,
    RateLimiter,
    client_address,
    cookie_header,
    new_session_token,
    safe_next,
    session_expiry,
    session_max_age,
    signed_in,
    token_hash,
    verify_csrf,
)

router = APIRouter()

#: Account names: a small visible set, so names cannot look alike or hide characters.
NAME_PATTERN = re.compile(r"[a-z0-9._-]{3,40}")
MIN_PASSWORD, MAX_PASSWORD = 10, 1024
#: The sign-in and registration forms are small; anything bigger is refused unread.
MAX_FORM_BYTES = 8 * 1024

_hasher = PasswordHasher()
#: argon2 uses 64 MiB per hash: a few at a time keeps a class signing in at once
#: from exhausting a small server's memory.
_hashing = threading.BoundedSemaphore(4)
_dummy_hash: list[str] = []


class FormError(Exception):
    """A form the learner can fix: re-rendered with ``message`` and ``status``."""

    def __init__(
        self, message: str, status: int = 400, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.headers = headers or {}


def install(app: FastAPI) -> None:
    """Add the account routes to ``app`` when it serves accounts."""
    if app.state.accounts:
        app.include_router(router)


# -- checking what was typed --------------------------------------------------------


def clean_name(raw: str) -> str:
    """The account name for what was typed: trimmed and lower case (names are not
    case-sensitive, so "Ada" and "ada" cannot be two people)."""
    name = raw.strip().lower()
    if not name:
        raise FormError("Choose a name.")
    if not NAME_PATTERN.fullmatch(name):
        raise FormError(
            "A name is 3 to 40 characters: letters a–z, digits, dots, dashes or underscores."
        )
    return name


def clean_password(raw: str, name: str = "") -> str:
    """The password as hashed: NFC-normalized, so the same characters typed on
    different devices are the same password. The first passwords anyone would try
    (common words and patterns, the account ``name``) are refused: a class server is
    on a network, and its sign-in limits slow guessing down, they do not stop it."""
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in raw):
        raise FormError("A password cannot contain control characters.")
    password = unicodedata.normalize("NFC", raw)
    if len(password) < MIN_PASSWORD:
        raise FormError(f"A password needs at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise FormError(f"A password is at most {MAX_PASSWORD:,} characters.")
    from mathforml.web._passwords import password_problem

    problem = password_problem(password, name)
    if problem is not None:
        raise FormError(problem)
    return password


async def _form(request: Request) -> dict[str, str]:
    """The posted form's fields (first value of each), after the CSRF check."""
    if not same_origin(request):
        raise HTTPException(403, "Forms can only be sent from this site's own pages.")
    try:
        body = await read_body(request, MAX_FORM_BYTES)
    except BodyTooLarge:
        raise FormError("That is far too long to send.", 413) from None
    try:
        fields = parse_form(body, strict=True)
    except BadRequest as error:
        raise FormError(str(error.detail)) from None
    form = {key: values[0] for key, values in fields.items()}
    verify_csrf(request, form.get(CSRF_FIELD, ""))
    return form


def _limit(request: Request, kind: str, key: str) -> None:
    limiter: RateLimiter = request.app.state.limits[kind]
    if not limiter.allow(key):
        wait = limiter.retry_after(key)
        minutes = max(1, (wait + 59) // 60)
        raise FormError(
            f"Too many tries. Wait {minutes} minute{'s' if minutes != 1 else ''} and try again.",
            429, {"Retry-After": str(wait)},
        )


# -- passwords ----------------------------------------------------------------------


def _hash(password: str) -> str:
    with _hashing:
        return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    with _hashing:
        try:
            return _hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def _dummy() -> str:
    """A hash to verify against when the name is unknown, so that takes as long."""
    if not _dummy_hash:
        _dummy_hash.append(_hash(new_session_token()))
    return _dummy_hash[0]


def _check_login(request: Request, name: str, password: str) -> Learner | None:
    store = request.app.state.store
    found = store.account(name)
    if found is None:
        _verify(_dummy(), password)
        return None
    learner, password_hash = found
    if not _verify(password_hash, password):
        return None
    if _hasher.check_needs_rehash(password_hash):
        store.set_password_hash(learner, _hash(password))
    return learner


# -- sessions -----------------------------------------------------------------------


def _sign_in(request: Request, learner: Learner, target: str) -> Response:
    """Start a new session for ``learner`` (dropping this browser's old one) and go
    to ``target``."""
    store = request.app.state.store
    old = getattr(request.state, "mathforml_session_hash", None)
    if signed_in(request) is not None and old:
        store.delete_session(old)
    sweep_sessions(request.app)
    token = new_session_token()
    store.create_session(learner, token_hash(token), session_expiry())
    response = RedirectResponse(target, status_code=303)
    response.headers.append(
        "set-cookie", cookie_header(request, SESSION_COOKIE, token, session_max_age()))
    response.headers.append("set-cookie", cookie_header(request, PRESESSION_COOKIE, "", 0))
    response.headers["cache-control"] = "no-store"
    return response


def _form_page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    context.setdefault("error", "")
    context.setdefault("name", "")
    context.setdefault("next_url", safe_next(request.query_params.get("next"), ""))
    title = "Sign in" if template == "login.html" else "Create an account"
    response = page(request, template, status_code=status, title=title, **context)
    response.headers["cache-control"] = "no-store"
    return response


def _shown_name(raw: str) -> str:
    """What was typed, to put back in the form: printable and short."""
    kept = "".join(ch for ch in raw if ch.isprintable())
    return kept[:40]


# -- routes -------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    if signed_in(request) is not None:
        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    return _form_page(request, "login.html")


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    raw_name = ""
    next_url = ""
    try:
        form = await _form(request)
        raw_name = form.get("name", "")
        next_url = safe_next(form.get("next"), "")
        _limit(request, "login_ip", client_address(request))
        if not raw_name.strip() or not form.get("password"):
            raise FormError("Type your name and your password.")
        name = raw_name.strip().lower()
        _limit(request, "login_name", name[:64])
        if not NAME_PATTERN.fullmatch(name) or len(form["password"]) > MAX_PASSWORD:
            raise FormError("That name and password do not match an account.", 401)
        password = unicodedata.normalize("NFC", form["password"])
        learner = await run_in_threadpool(_check_login, request, name, password)
        if learner is None:
            raise FormError("That name and password do not match an account.", 401)
    except FormError as error:
        response = _form_page(request, "login.html", error.status, error=error.message,
                              name=_shown_name(raw_name), next_url=next_url)
        response.headers.update(error.headers)
        return response
    return await run_in_threadpool(_sign_in, request, learner, next_url or "/")


@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request) -> Response:
    if signed_in(request) is not None:
        return RedirectResponse("/", status_code=303)
    return _form_page(request, "register.html")


@router.post("/register", response_class=HTMLResponse)
async def register(request: Request) -> Response:
    raw_name = ""
    next_url = ""
    try:
        form = await _form(request)
        raw_name = form.get("name", "")
        next_url = safe_next(form.get("next"), "")
        name = clean_name(raw_name)
        password = clean_password(form.get("password", ""), name)
        if form.get("password2", "") != form.get("password", ""):
            raise FormError("The two passwords are not the same.")
        _limit(request, "register_ip", client_address(request))
        password_hash = await run_in_threadpool(_hash, password)
        try:
            # Database work never runs on the event loop (a locked database must not
            # stall the server).
            learner = await run_in_threadpool(
                request.app.state.store.create_account, name, password_hash
            )
        except NameTaken:
            raise FormError(f"The name “{name}” is taken. Choose another.", 409) from None
    except FormError as error:
        response = _form_page(request, "register.html", error.status, error=error.message,
                              name=_shown_name(raw_name), next_url=next_url)
        response.headers.update(error.headers)
        return response
    return await run_in_threadpool(_sign_in, request, learner, next_url or "/")


@router.post("/logout")
async def logout(request: Request) -> Response:
    """Sign out: the session is deleted on the server and the cookie cleared. A
    browser that is already signed out (say, its session expired) just goes to the
    sign-in page: there is nothing to change, so nothing to protect."""
    response = RedirectResponse("/login", status_code=303)
    response.headers.append("set-cookie", cookie_header(request, SESSION_COOKIE, "", 0))
    response.headers["cache-control"] = "no-store"
    if signed_in(request) is None:
        return response
    try:
        await _form(request)
    except FormError as error:
        raise HTTPException(error.status, error.message) from None
    await run_in_threadpool(
        request.app.state.store.delete_session, request.state.mathforml_session_hash
    )
    return response
