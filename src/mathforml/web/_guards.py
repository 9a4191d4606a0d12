"""Request guards in front of every route: who may address this server, and which
request bodies it will read.

**Host and Origin.** A learner's browser will send requests to ``127.0.0.1`` for any
page it visits: a hostile site can point its own name at ``127.0.0.1`` (DNS
rebinding) and then its scripts talk to the course as if they were the course's own
pages. The browser still writes the hostile *name* in ``Host`` and ``Origin``, so:

- every request's ``Host`` must name this server: the address it is listening on
  (``scope["server"]``) and, when that is loopback, ``127.0.0.1``, ``localhost`` or
  ``[::1]``, always with the port it is listening on; plus the names listed with
  ``serve --allowed-hosts`` (any port unless one is given). Others get 421.
- every state-changing request (``POST``, ``PUT``, ``PATCH``, ``DELETE``) whose
  ``Origin`` (or, when the browser sends none or ``null``, ``Referer``) names another
  host gets 403; with ``require_origin`` (what ``serve`` sets) one that names none at
  all gets 403 too. CSRF tokens stay as they are: this is a second lock, not a
  replacement.

Browsers only send a real ``Origin`` with a same-origin ``POST`` when the page's
referrer policy allows it (``no-referrer`` makes it ``null``), so this middleware
sets ``Referrer-Policy: same-origin``: our own requests carry our origin, and no
address of ours ever leaks to another site.

**Bodies.** ``parse_json`` reads JSON with a nesting limit checked *before* parsing,
without recursion, and ``parse_form`` reads a urlencoded form with a cap on its
fields; both answer a clear 400 (``BadRequest``). The middleware also turns the two
ways a route's own ``json.loads``/``parse_qs`` fail on hostile bodies (a
``RecursionError`` for deep nesting, ``parse_qs``'s ``max_num_fields`` error) into
that 400 instead of a 500.

The refusals are tiny fixed documents, never a rendered page: a rebinding page can
read what we answer, and a page would carry a CSRF token.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Methods that change state and so need a matching Origin (or Referer).
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Host names that are the local machine whatever the resolver says.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
#: Deepest JSON our routes accept: their bodies are objects of strings and numbers,
#: and a notebook is about 6 levels deep.
MAX_JSON_DEPTH = 64
#: Most fields in any of our forms (the practice form has 5).
MAX_FORM_FIELDS = 10
#: The policy that makes browsers send our origin on our own requests only.
REFERRER_POLICY = b"same-origin"
#: ``urllib.parse.parse_qs``'s message when ``max_num_fields`` is exceeded.
_PARSE_QS_TOO_MANY = "Max number of fields exceeded"

HOST_REFUSED = (
    "This server is not known by that name. Open the course at the address "
    "mathforml printed when it started (for example http://127.0.0.1:8000/)."
)
ORIGIN_REFUSED = (
    "This request did not come from this site's own pages, so it was refused. "
    "Open the course at the address mathforml printed and try again."
)
TOO_DEEP = f"That request is nested too deeply to read (at most {MAX_JSON_DEPTH} levels)."
UNREADABLE_FORM = "That form could not be read. Reload the page and try again."
TOO_MANY_FIELDS = f"That form has too many fields (at most {MAX_FORM_FIELDS})."


class BadRequest(HTTPException):
    """A request body we will not read: 400 with a message for the person sending it."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message)


# -- configuration -----------------------------------------------------------------


@dataclass(frozen=True)
class GuardPolicy:
    """What ``RequestGuard`` enforces, kept in ``app.state.request_guard``.

    ``allowed_hosts``: extra names this server answers to, as ``name`` (any port) or
    ``name:port``; ``"*"`` accepts any Host (a server behind a proxy that checks it).
    ``require_origin``: refuse state-changing requests that name no origin at all
    (``serve`` sets it; tests that build the app directly may post without one).
    """

    allowed_hosts: tuple[str, ...] = ()
    require_origin: bool = False
    _parsed: tuple[tuple[str, int | None], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parsed = []
        for entry in self.allowed_hosts:
            if entry.strip() == "*":
                continue
            host, port = split_host(entry.strip())
            if host:
                parsed.append((host, port))
        object.__setattr__(self, "_parsed", tuple(parsed))

    @property
    def any_host(self) -> bool:
        return any(entry.strip() == "*" for entry in self.allowed_hosts)

    def listed(self, host: str, port: int | None) -> bool:
        """Whether ``host:port`` is one of the names given with ``--allowed-hosts``."""
        return any(
            host == name and (want is None or want == port) for name, want in self._parsed
        )


def parse_allowed_hosts(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """``--allowed-hosts`` as a tuple: comma- or space-separated names, each checked.

    Raises ``ValueError`` quoting a bad entry (a URL or a path instead of a name)."""
    if value is None:
        return ()
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    out = []
    for item in items:
        entry = item.strip().lower()
        if not entry:
            continue
        if entry != "*" and not _HOST_ENTRY.fullmatch(entry):
            raise ValueError(
                f"{item!r} is not a host name: give names such as class.example.org or "
                "class.example.org:8443, without http:// or a path"
            )
        out.append(entry)
    return tuple(out)


_HOST_ENTRY = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?")


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, IPv6 with or without brackets) is this
    machine only: ``localhost``, ``127.0.0.0/8`` or ``::1``."""
    name = host.strip().lower().strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def split_host(value: str, default_port: int | None = None) -> tuple[str, int | None]:
    """``("name", port)`` from a Host header or a URL's netloc, lower case, without
    brackets around IPv6; ``("", None)`` when it is not a well-formed host."""
    text = value.strip().lower()
    if not text or len(text) > 300:
        return "", None
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            return "", None
        host, rest = text[1:end], text[end + 1:]
        if rest and not rest.startswith(":"):
            return "", None
        port_text = rest[1:] if rest else ""
    else:
        host, _, port_text = text.partition(":")
        if ":" in port_text:  # a bare IPv6 address is not a valid Host
            return "", None
    if not host or not re.fullmatch(r"[a-z0-9._:-]+", host):
        return "", None
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            return "", None
        return host, int(port_text)
    return host, default_port


def install(app: Any, policy: GuardPolicy | None = None) -> None:
    """Put ``RequestGuard`` in front of ``app``'s routes with ``policy`` (default: only
    this server's own address, Origin checked when a browser sends one).
    ``configure`` changes the policy later (``serve`` knows the flags)."""
    configure(app, policy or GuardPolicy())
    app.add_middleware(RequestGuard)


def configure(app: Any, policy: GuardPolicy) -> None:
    """Set the policy the guard of ``app`` enforces from the next request on."""
    app.state.request_guard = policy


# -- the middleware ----------------------------------------------------------------


class RequestGuard:
    """ASGI middleware: refuses requests to a name that is not this server (421) and
    state-changing requests from another site (403); see the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = _policy(scope)
        headers = _headers(scope)
        default_port = 443 if scope.get("scheme") == "https" else 80
        host, port = split_host(headers.get("host", ""), default_port)
        if not _host_allowed(scope, policy, host, port):
            await _refuse(scope, send, 421, HOST_REFUSED)
            return
        if scope["method"] in UNSAFE_METHODS and not _origin_allowed(
            policy, headers, host, port, default_port
        ):
            await _refuse(scope, send, 403, ORIGIN_REFUSED)
            return
        started = False

        async def send_with_policy(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name.lower() for name, _ in message.get("headers", [])}
                if b"referrer-policy" not in names:
                    message = {
                        **message,
                        "headers": [*message.get("headers", []),
                                    (b"referrer-policy", REFERRER_POLICY)],
                    }
            await send(message)

        try:
            await self.app(scope, receive, send_with_policy)
        except RecursionError:
            if started:
                raise
            await _bad_body(scope, receive, send_with_policy, TOO_DEEP)
        except ValueError as error:
            # parse_qs(max_num_fields=...) in a route: the form is hostile, not our bug.
            if started or str(error) != _PARSE_QS_TOO_MANY:
                raise
            await _bad_body(scope, receive, send_with_policy, TOO_MANY_FIELDS)


def _policy(scope: Scope) -> GuardPolicy:
    app = scope.get("app")
    state = getattr(app, "state", None)
    policy = getattr(state, "request_guard", None)
    return policy if isinstance(policy, GuardPolicy) else GuardPolicy()


def _headers(scope: Scope) -> dict[str, str]:
    """The first value of each header, decoded as latin-1 (as HTTP has it)."""
    out: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        out.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
    return out


def _own_names(scope: Scope) -> tuple[set[str], int | None]:
    """The names of the address this connection reached, and its port."""
    server = scope.get("server")
    if not server:
        return set(), None
    address = str(server[0]).lower().strip("[]")
    names = {address}
    if is_loopback(address):
        names.update(LOOPBACK_NAMES)
    port = server[1] if len(server) > 1 else None
    return names, port


def _host_allowed(scope: Scope, policy: GuardPolicy, host: str, port: int | None) -> bool:
    if policy.any_host:
        return True
    if not host:
        return False
    names, own_port = _own_names(scope)
    if host in names and (own_port is None or port == own_port):
        return True
    return policy.listed(host, port)


def _origin_allowed(
    policy: GuardPolicy, headers: dict[str, str], host: str, port: int | None, default_port: int
) -> bool:
    """Whether a state-changing request names its origin as this site."""
    claimed = headers.get("origin", "").strip()
    if not claimed or claimed == "null":
        claimed = headers.get("referer", "").strip()
        if not claimed:
            return not policy.require_origin
    try:
        parts = urlsplit(claimed)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    scheme_port = 443 if parts.scheme == "https" else 80
    origin_host, origin_port = split_host(parts.netloc, scheme_port)
    if not origin_host:
        return False
    if origin_host != host:
        # Also behind a proxy: it must pass the browser's Host on (nginx:
        # ``proxy_set_header Host $host``), as the routes' own checks compare them.
        return False
    if origin_port == port:
        return True
    # Behind a TLS proxy the browser's port (443) is not the one in Host (none: 80).
    return policy.any_host or any(name == host and want is None
                                  for name, want in policy._parsed)


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    """A fixed, tiny answer: JSON for the API, plain HTML otherwise."""
    if str(scope.get("path", "")).startswith("/api/"):
        body = json.dumps({"error": message, "status": status}).encode()
        kind = b"application/json"
    else:
        body = (
            "<!doctype html><meta charset=utf-8><title>Refused</title>"
            f"<h1>{status}</h1><p>{message}</p>\n"
        ).encode()
        kind = b"text/html; charset=utf-8"
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", kind),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            (b"referrer-policy", REFERRER_POLICY),
        ],
    })
    await send({"type": "http.response.body", "body": body})


async def _bad_body(scope: Scope, receive: Receive, send: Send, message: str) -> None:
    """The app's own 400 page (or JSON) for a body it could not read."""
    from starlette.requests import Request

    from mathforml.web._app import error_response

    response = error_response(Request(scope, receive), 400, message)
    await response(scope, receive, send)


# -- bodies ------------------------------------------------------------------------


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether brackets outside strings nest deeper than ``limit`` in ``text``.

    A linear scan without recursion (and without building anything), so a body of
    100,000 ``[`` is refused in a few milliseconds, before any parser sees it."""
    depth = 0
    in_string = False
    for match in _JSON_STRUCTURE.finditer(text):
        ch = match.group()
        if in_string:
            in_string = ch != '"'  # an escape ("\\x") is matched whole and ignored
            continue
        if ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


# Only the characters that change the scanner's state: a regex skips the rest in C.
# Inside a string an escape consumes the next character, so match "\\." as one unit.
_JSON_STRUCTURE = re.compile(r'\\.|["\[\]{}\\]', re.DOTALL)


def parse_json(body: bytes | str, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """The JSON document in ``body``, or ``BadRequest`` when it is not UTF-8 JSON or
    nests deeper than ``max_depth``."""
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
    except UnicodeDecodeError:
        raise BadRequest("The request body is not valid JSON (it is not UTF-8).") from None
    if json_depth_exceeds(text, max_depth):
        raise BadRequest(
            f"That request is nested too deeply to read (at most {max_depth} levels).")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise BadRequest("The request body is not valid JSON.") from None


def parse_json_object(body: bytes | str, *, max_depth: int = MAX_JSON_DEPTH) -> dict[str, Any]:
    """Like ``parse_json``, and the document must be an object."""
    data = parse_json(body, max_depth=max_depth)
    if not isinstance(data, dict):
        raise BadRequest("The request body must be a JSON object.")
    return data


def parse_form(
    body: bytes | str, *, max_fields: int = MAX_FORM_FIELDS, strict: bool = False
) -> dict[str, list[str]]:
    """A urlencoded form's fields (every value of each), or ``BadRequest`` when it has
    more than ``max_fields`` fields; ``strict`` also refuses bytes that are not ASCII
    or escapes that are not UTF-8 (the sign-in forms), where the default replaces
    them as browsers' forms never send them."""
    if isinstance(body, bytes):
        try:
            text = body.decode("ascii" if strict else "utf-8", "strict" if strict else "replace")
        except UnicodeDecodeError:
            raise BadRequest(UNREADABLE_FORM) from None
    else:
        text = body
    # parse_qs counts "&" and ";" to enforce max_num_fields; count exactly what it splits.
    if text.count("&") + 1 > max_fields:
        raise BadRequest(f"That form has too many fields (at most {max_fields}).")
    try:
        return parse_qs(text, keep_blank_values=True, max_num_fields=max_fields,
                        encoding="utf-8", errors="strict" if strict else "replace")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(UNREADABLE_FORM) from None
