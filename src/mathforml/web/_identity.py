"""Who is asking, and may they: the learner of a request, CSRF tokens and rate limits.

Every route that reads or writes a learner's record gets the learner from
``learner_of(request)`` and never from an id in the URL, so one learner can never
open another's data. Every state-changing request proves it comes from our own
page with ``verify_csrf``.

By default there is one local learner and no sign-in. With accounts
(``mathforml serve --accounts``) a browser is signed in by a session cookie: a
random 32-byte token whose SHA-256 hex is all the store keeps, so a copy of the
database signs nobody in. CSRF tokens are an HMAC, under a per-process secret, of
what identifies the browser: the session's token hash once signed in, and before
that a random pre-session cookie (a signed double submit), so the sign-in and
registration forms are protected too.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import os
import re
import secrets
import threading
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from fastapi import Request
from starlette.exceptions import HTTPException

from mathforml.store import Learner

#: The header our own scripts send the CSRF token in; forms send the field ``csrf``.
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"

#: How long a sign-in lasts, in the cookie and on the server.
SESSION_LIFETIME = timedelta(days=14)
#: Cookie names; with ``Secure`` they get the ``__Host-`` prefix, which browsers only
#: accept from https, for the whole site (``Path=/``) and without a ``Domain``.
SESSION_COOKIE = "mathforml_session"
PRESESSION_COOKIE = "mathforml_pre"
#: Where ``csrf_token`` leaves a new pre-session cookie for the app's middleware to set.
NEW_COOKIES_STATE = "mathforml_new_cookies"
#: Turns Secure cookies on even for plain http (behind a TLS proxy that does not say so).
SECURE_COOKIES_ENV = "MATHFORML_SECURE_COOKIES"

_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)


class NotSignedIn(Exception):
    """The request needs a signed-in learner and has none; the app answers with a
    redirect to the sign-in page (pages) or 401 (the JSON API)."""


# -- the learner -------------------------------------------------------------------


def learner_of(request: Request) -> Learner:
    """The learner this request acts for: the one local learner by default, the
    signed-in one with accounts (else ``NotSignedIn``)."""
    if not request.app.state.accounts:
        return request.app.state.learner
    learner = signed_in(request)
    if learner is None:
        raise NotSignedIn
    return learner


def signed_in(request: Request) -> Learner | None:
    """The learner signed in on this request's browser, or ``None``. Looked up once
    per request (kept on ``request.state``, which lives only as long as the request)."""
    if not request.app.state.accounts:
        return None
    state = request.state
    if not hasattr(state, "mathforml_learner"):
        token_hash = _session_hash(request)
        learner = None
        if token_hash is not None:
            learner = request.app.state.store.session_learner(token_hash)
        state.mathforml_learner = learner
        state.mathforml_session_hash = token_hash if learner is not None else None
    return state.mathforml_learner


def _session_hash(request: Request) -> str | None:
    token = request.cookies.get(cookie_name(request, SESSION_COOKIE))
    if token is None or not _TOKEN.fullmatch(token):
        return None
    return token_hash(token)


def token_hash(token: str) -> str:
    """What the store keeps of a session token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


# -- cookies -----------------------------------------------------------------------


def secure_cookies_default() -> bool:
    return os.environ.get(SECURE_COOKIES_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def is_secure(request: Request) -> bool:
    """Whether cookies get ``Secure``: the request came over https (uvicorn believes
    ``X-Forwarded-Proto`` only from the proxies given to ``serve
    --forwarded-allow-ips``), or the app was told to always use it."""
    return bool(getattr(request.app.state, "secure_cookies", False)) or (
        request.url.scheme == "https"
    )


def cookie_name(request: Request, base: str) -> str:
    return f"__Host-{base}" if is_secure(request) else base


def cookie_header(request: Request, base: str, value: str, max_age: int | None) -> str:
    """A ``Set-Cookie`` value: HttpOnly, SameSite=Lax, Path=/, Secure on https;
    ``max_age`` 0 deletes it, ``None`` keeps it until the browser closes."""
    parts = [f"{cookie_name(request, base)}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
        if max_age == 0:
            parts.append("Expires=Thu, 01 Jan 1970 00:00:00 GMT")
    if is_secure(request):
        parts.append("Secure")
    return "; ".join(parts)


def session_expiry(now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)) + SESSION_LIFETIME


def session_max_age() -> int:
    return int(SESSION_LIFETIME.total_seconds())


# -- CSRF --------------------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """The CSRF token for this request's browser, to embed in forms and the page."""
    secret: bytes = request.app.state.csrf_secret
    return hmac.new(secret, _csrf_subject(request).encode(), hashlib.sha256).hexdigest()


def verify_csrf(request: Request, supplied: str | None) -> None:
    """Refuse (403) a state-changing request without this browser's CSRF token."""
    if supplied is None:
        supplied = request.headers.get(CSRF_HEADER)
    subject = _csrf_subject(request, create=False)
    if subject is None or not supplied or not isinstance(supplied, str):
        raise HTTPException(403, "This page has expired. Reload it and try again.")
    secret: bytes = request.app.state.csrf_secret
    expected = hmac.new(secret, subject.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(supplied.encode("utf-8", "replace"), expected.encode()):
        raise HTTPException(403, "This page has expired. Reload it and try again.")


def _csrf_subject(request: Request, create: bool = True) -> str | None:
    """What the token is bound to: the one local learner; the session; or, before
    sign-in, the pre-session cookie (made here, and set by the app's middleware)."""
    if not request.app.state.accounts:
        return "local"
    if signed_in(request) is not None:
        return "session:" + request.state.mathforml_session_hash
    pending = getattr(request.state, "mathforml_presession", None)
    if pending is not None:
        return "pre:" + pending
    value = request.cookies.get(cookie_name(request, PRESESSION_COOKIE))
    if value is None or not _TOKEN.fullmatch(value):
        if not create:
            return None
        value = new_session_token()
        request.state.mathforml_presession = value
        cookies = request.scope.setdefault("state", {}).setdefault(NEW_COOKIES_STATE, [])
        cookies.append(cookie_header(request, PRESESSION_COOKIE, value, None))
    else:
        request.state.mathforml_presession = value
    return "pre:" + value


#: A secret shared by the worker processes of one server (``serve --workers``), so a
#: CSRF token one of them wrote into a page is valid in the others.
SECRET_ENV = "MATHFORML_SECRET_KEY"  # noqa: S105 - the name of a variable


def shared_secret() -> bytes | None:
    """The key named by ``$MATHFORML_SECRET_KEY`` (any text, hashed to 32 bytes), or
    ``None`` when it is not set and each process makes its own."""
    value = os.environ.get(SECRET_ENV, "")
    return hashlib.sha256(value.encode()).digest() if value else None


def new_secret() -> bytes:
    return secrets.token_bytes(32)


# -- redirects ---------------------------------------------------------------------


def safe_next(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site, else ``default``: ``next=`` never
    sends a learner to another site (no scheme, no host, no ``//`` or ``\\``)."""
    if not target or len(target) > 2000 or not target.startswith("/"):
        return default
    if target.startswith(("//", "/\\")) or "\\" in target:
        return default
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    if parts.path in ("/login", "/logout", "/register"):
        return default
    return target


# -- rate limits -------------------------------------------------------------------


def client_address(request: Request) -> str:
    """The address the per-address limits count: the peer of the connection.

    uvicorn replaces the peer with the first untrusted address of
    ``X-Forwarded-For`` only when the peer is one of the proxies given to
    ``serve --forwarded-allow-ips`` (by default none), so no client can name
    itself. An IPv6 client counts as its /64 network, which one machine usually
    holds whole and could otherwise walk through, one address per attempt."""
    host = request.client.host if request.client else ""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)



class RateLimiter:
    """At most ``limit`` events per key in any ``window`` seconds (a sliding window).

    Kept in memory: one server process guards its own door, which is what a laptop
    or a single-process class server has.
    """

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count one event for ``key``; False when it is over the limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            if len(self._events) > 100_000:  # forget idle keys rather than grow forever
                self._events = {k: v for k, v in self._events.items() if v}
            return True

    def retry_after(self, key: str, now: float | None = None) -> int:
        """Whole seconds until ``key`` may act again (at least 1)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            events = self._events.get(key)
            if not events or len(events) < self.limit:
                return 1
            return max(1, math.ceil(events[0] + self.window - now))


def limit_answers(request: Request, learner: Learner, kind: str = "answer") -> None:
    """With accounts, refuse (429) a learner who sends answers faster than a person
    can (``kind`` "answer" for checks and reveals, "preview" for live previews)."""
    if not request.app.state.accounts:
        return
    limiter: RateLimiter = request.app.state.limits[kind]
    key = f"{kind}:{learner.id}"
    if not limiter.allow(key):
        wait = limiter.retry_after(key)
        raise HTTPException(
            429,
            f"That is a lot of answers in a short time. Wait {wait} seconds and try again.",
            headers={"Retry-After": str(wait)},
        )
