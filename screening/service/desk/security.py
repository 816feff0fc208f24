"""The desk's web safety: CSRF tokens, response headers, the signed-in account.

Sessions are Starlette's SessionMiddleware: the session is a cookie signed with
itsdangerous (HttpOnly, SameSite=Strict), holding the account name and the CSRF token only.
Every form carries the session's token and every POST compares it in constant time, so a
page elsewhere cannot post on a signed-in person's behalf even where SameSite is not honoured.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Any

from fastapi import Request
from starlette.responses import JSONResponse, Response

from screening.workflow.accounts import Account, find_account
from screening.workflow.ledger import Ledger

SESSION_HOURS = 8  # a working day; then sign in again
# No inline script or style anywhere: the CSP forbids both, so injected markup cannot run.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",  # pages show findings: no browser or proxy keeps a copy
}


API_DOC_PATHS = ("/docs", "/redoc", "/openapi.json", "/static-offline-docs/")


class ApiDocsGuard:
    """The API's own pages (Swagger UI, ReDoc, the schema) for a machine client with the token or a
    person signed in at the desk; inside SessionMiddleware, so the session is decoded already."""

    def __init__(self, app: Callable, token_valid: Callable[[Request], bool]) -> None:
        self.app, self.token_valid = app, token_valid

    async def __call__(self, scope: dict[str, Any], receive: Callable, send: Callable) -> None:
        if (scope["type"] == "http" and scope["path"].startswith(API_DOC_PATHS)
                and not scope.get("session", {}).get("account") and not self.token_valid(Request(scope))):
            refusal = JSONResponse({"error": "unauthorized", "message": "sign in at /desk/login or send 'Authorization: Bearer <token>'"},
                                   status_code=401, headers={"WWW-Authenticate": "Bearer"})
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)


class SignInRequired(Exception):
    """No valid session: answered with a redirect to the sign-in page."""


class CsrfRejected(Exception):
    """A POST without the session's CSRF token: answered 403."""


def with_page_headers(response: Response) -> Response:
    response.headers.update(PAGE_HEADERS)
    return response


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, form) -> None:
    expected = request.session.get("csrf")
    given = form.get("csrf")
    if not expected or not isinstance(given, str) or not hmac.compare_digest(given.encode(), expected.encode()):
        raise CsrfRejected()


def signed_in(request: Request, ledger: Ledger) -> Account:
    """The session's account, re-read from the ledger (a deleted or re-roled account takes effect at once)."""
    name = request.session.get("account")
    account = find_account(ledger, name) if isinstance(name, str) else None
    if account is None:
        raise SignInRequired()
    return account


def start_session(request: Request, account: Account) -> None:
    lang = request.session.get("lang")  # the language chosen on the sign-in page carries over
    request.session.clear()  # a new session id and CSRF token at sign-in: no fixation
    request.session["account"] = account.name
    if lang:
        request.session["lang"] = lang
    csrf_token(request)
