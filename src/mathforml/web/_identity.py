"""Who is asking, and may they: the learner of a request, CSRF tokens and rate limits.

Every route that reads or writes a learner's record gets the learner from
``learner_of(request)`` and never from an id in the URL, so one learner can never
open another's data. Every state-changing request proves it comes from our own
page with ``verify_csrf``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque

from fastapi import Request
from starlette.exceptions import HTTPException

from mathforml.store import Learner

#: The header our own scripts send the CSRF token in; forms send the field ``csrf``.
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"


def learner_of(request: Request) -> Learner:
    """The learner this request acts for: the one local learner by default."""
    return request.app.state.learner


def csrf_token(request: Request) -> str:
    """The CSRF token for this request's browser, to embed in forms and the page."""
    secret: bytes = request.app.state.csrf_secret
    return hmac.new(secret, _csrf_subject(request).encode(), hashlib.sha256).hexdigest()


def verify_csrf(request: Request, supplied: str | None) -> None:
    """Refuse (403) a state-changing request without this browser's CSRF token."""
    if supplied is None:
        supplied = request.headers.get(CSRF_HEADER)
    if not supplied or not hmac.compare_digest(supplied, csrf_token(request)):
        raise HTTPException(403, "This page has expired. Reload it and try again.")


def _csrf_subject(request: Request) -> str:
    return "local"


def new_secret() -> bytes:
    return secrets.token_bytes(32)


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
