"""`screening serve`: the screening HTTP service a CMS calls before it publishes (先审后发).

    POST /scan    a document (multipart field `file`, or JSON {"text", "filename"}) -> the JSON report
    POST /gate    the same input -> {"passed", "verdict", "reasons", "document"}, recorded in the ledger
    GET  /healthz liveness, version, policy, whether the name model is installed
    GET  /docs    the OpenAPI page, served from the fastapi-offline package (no CDN: it works offline)
    /desk/...     the review desk for office staff (screening.service.desk): sign-in, queue, sign-off

One process. Each scan runs in a worker thread (at most `concurrency` at once, the rest
wait their turn), so the event loop keeps accepting and answering while documents are
screened; scanning is CPU-bound Python, so scans share one core's worth of interpreter
time, and more threads add queueing, not throughput.

Safety (DESIGN.md §8): values stay masked unless the server was started with
`allow_values` *and* the request asks for them; nothing logs a body, a query string, a
filename or an exception message (the access log is our own: client, method, path,
status, time); an unexpected failure answers a generic 500. Bodies over `max_bytes` are
refused with 413 from their Content-Length, or, for chunked uploads, as soon as the count
passes the limit, never after reading them whole. With a token set, /scan and /gate need
`Authorization: Bearer <token>` (compared in constant time), and /docs, /redoc and
/openapi.json need it or a signed-in desk session; only /healthz stays open (for probes).

The per-document time limit holds: an upload other than plain text or CSV is read in a
reader process (screening.sources.isolated, one per slot) that is killed at the limit — OCR
and PDF rendering spend their time in native calls no timer in a thread can interrupt — and
the blocks it read are screened in the thread, with the limit checked between blocks.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import ClientDisconnect

from policies import Policy, load_policy
from screening import __version__
from screening.engine.category import CATEGORIES
from screening.engine.screener import Screener
from screening.service.desk import install_desk
from screening.service.desk.drafts import record_draft
from screening.workflow.accounts import office_has_accounts
from screening.workflow.gate import gate_result
from screening.workflow.draft_retention import DEFAULT_KEEP_DAYS, purge_drafts
from screening.workflow.ledger import Ledger
from screening.model import ScanResult
from screening.engine.names_model import model_available
from screening.reports import Summary
from screening.engine.scanner import internal_error, screen_bytes, screen_text
from screening.sources import Limits, open_document
from screening.sources.isolated import ReaderPool

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_CONCURRENCY = 2
CLIENT_CLOSED = 499  # nginx's code in the access log for a client that closed the connection first
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
log = logging.getLogger("screening.service.app")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class Problem(Exception):
    """A request the service refuses: answered as {"error": code, "message": message}."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


class BodyTooLarge(Exception):
    pass


def problem_response(problem: Problem) -> JSONResponse:
    return JSONResponse({"error": problem.code, "message": problem.message}, status_code=problem.status, headers=problem.headers)


def too_large_message(max_bytes: int) -> Problem:
    return Problem(413, "too_large", f"the request body is over the server's limit of {max_bytes} bytes (screening serve --max-bytes)",
                   {"Connection": "close"})


class Guard:
    """The outermost layer: the size limit, the access log, and a generic 500 for anything
    unexpected (logged by type and code location only: an exception message may hold a value)."""

    def __init__(self, app: Callable, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 0}

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        async def reply(problem: Problem) -> None:
            if not status["code"]:
                await problem_response(problem)(scope, receive, send_logged)

        try:
            length = dict(scope["headers"]).get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
                await reply(too_large_message(self.max_bytes) if length.isdigit()
                            else Problem(400, "bad_request", "invalid Content-Length header"))
                return
            await self.app(scope, self._counting(receive), send_logged)
        except BodyTooLarge:
            await reply(too_large_message(self.max_bytes))
        except ClientDisconnect:  # the client went away mid-upload: nothing to answer, nothing wrong here
            status["code"] = CLIENT_CLOSED
        except Exception as error:  # noqa: BLE001 - the service must answer, and say nothing of the input
            log.error("%s %s: %s", scope["method"], scope["path"], internal_error(error))
            await reply(Problem(500, "internal_error", "internal error: the request was not processed; see the server log"))
        finally:
            client = scope.get("client") or ("-", 0)
            # The path only: a query string or a body could carry a value, a filename a name.
            log.info('%s "%s %s" %d %.0f ms', client[0], scope["method"], scope["path"], status["code"],
                     (time.perf_counter() - started) * 1000)

    def _counting(self, receive: Receive) -> Receive:
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        return counted


class Service:
    """What the endpoints share: the policy's screeners, limits, ledger and token."""

    def __init__(self, policy: str | Path | Policy, token: str | None, max_bytes: int, allow_values: bool,
                 concurrency: int, timeout: float | None) -> None:
        self.policy = policy if isinstance(policy, Policy) else load_policy(policy)
        self.token = token.encode() if token else None
        self.max_bytes = max_bytes
        self.allow_values = allow_values
        self.concurrency = concurrency
        self.limits = Limits(max_bytes=max_bytes) if timeout is None else Limits(max_bytes=max_bytes, seconds_per_file=timeout)
        # A Screener loads the engine once (about a second); one per show_values setting.
        self.screeners = {False: Screener(self.policy)}
        if allow_values:
            self.screeners[True] = Screener(self.policy, show_values=True)
        self.ledger: Ledger | None = None  # once the app has started
        self.keep_drafts: int | None = DEFAULT_KEEP_DAYS
        self.scan_limiter: anyio.CapacityLimiter | None = None
        self.readers: ReaderPool | None = None  # once the app has started: one reader process per scan slot

    def purge_drafts(self) -> None:
        """Apply the drafts' retention period (at start-up and after each submission)."""
        if self.keep_drafts is not None and self.ledger is not None:
            purge_drafts(self.ledger, self.keep_drafts)

    def token_valid(self, request: Request) -> bool:
        """No token is set (loopback), or the request carries it."""
        if self.token is None:
            return True
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), self.token)

    def check_token(self, request: Request) -> None:
        if not self.token_valid(request):
            raise Problem(401, "unauthorized", "a valid 'Authorization: Bearer <token>' header is required",
                          {"WWW-Authenticate": "Bearer"})

    def scan(self, payload: bytes | str, filename: str | None, category: str | None, show_values: bool) -> ScanResult:
        screener = self.screeners[show_values]
        if isinstance(payload, str):
            return screen_text(screener, payload, category, filename)
        opener = self.readers.open_document if self.readers else open_document
        return screen_bytes(screener, payload, filename or "upload", category, self.limits, opener=opener)

    async def scan_request(self, request: Request, show_values: bool, category: str | None) -> tuple[ScanResult, float]:
        """The request's document, screened in a worker thread: (result, milliseconds the scan took)."""
        result, scan_ms, _, _ = await self.read_and_scan(request, show_values, category)
        return result, scan_ms

    async def read_and_scan(self, request: Request, show_values: bool, category: str | None) -> tuple[ScanResult, float, bytes | str, str | None]:
        """scan_request, with the document as it came (payload, filename)."""
        payload, filename, options = await read_document(request)
        show_values = show_values or _flag(options.get("show_values"), "show_values")
        category = category or options.get("category") or None
        if show_values and not self.allow_values:
            raise Problem(403, "values_not_allowed",
                          "show_values is refused: this server was not started with --allow-values (raw values stay masked over HTTP)")
        if category is not None and category not in CATEGORIES:
            raise Problem(422, "invalid_category", "category must be one of: " + ", ".join(CATEGORIES))
        result, scan_ms = await anyio.to_thread.run_sync(self.timed_scan, payload, filename, category, show_values, limiter=self.scan_limiter)
        return result, scan_ms, payload, filename

    def timed_scan(self, *args) -> tuple[ScanResult, float]:
        started = time.perf_counter()  # in the worker thread: the wait for a turn is not counted
        return self.scan(*args), (time.perf_counter() - started) * 1000


def _flag(value: Any, name: str) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.lower() in ("true", "1", "yes", "on", "false", "0", "no", "off", ""):
        return value.lower() in ("true", "1", "yes", "on")
    raise Problem(422, "invalid_option", f"{name} must be true or false")


async def read_document(request: Request) -> tuple[bytes | str, str | None, dict[str, Any]]:
    """The document of a /scan or /gate request: (bytes of an upload or the JSON text, filename, options)."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "multipart/form-data":
        try:
            form = await request.form(max_files=4, max_fields=16)
        except (MultiPartException, HTTPException) as error:  # Starlette turns a parse error into a 400
            reason = getattr(error, "detail", None) or str(error)
            raise Problem(400, "bad_multipart", f"the multipart body could not be parsed: {reason}") from None
        try:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise Problem(422, "missing_file", "the multipart body has no file field named 'file' (curl -F file=@公示.docx)")
            data = await upload.read()
            options = {key: value for key, value in form.items() if isinstance(value, str)}
            filename = options.pop("filename", None) or upload.filename or "upload"
            _refuse_lone_surrogates(filename, "filename")
            return data, filename, options
        finally:
            await form.close()
    if media_type == "application/json" or media_type.endswith("+json"):
        body = await request.body()
        if not body.strip():
            raise Problem(400, "empty_body", 'the request body is empty: send {"text": "...", "filename": "..."}')
        try:
            document = json.loads(body)
        except ValueError:
            raise Problem(400, "bad_json", "the request body is not valid JSON (UTF-8)") from None
        except RecursionError:  # json's decoder recurses once per bracket
            raise Problem(400, "bad_json", "the JSON body nests arrays or objects too deeply") from None
        if not isinstance(document, dict) or not isinstance(document.get("text"), str):
            raise Problem(422, "missing_text", 'the JSON body must be an object with a string field "text"')
        filename = document.get("filename")
        if filename is not None and not isinstance(filename, str):
            raise Problem(422, "invalid_filename", '"filename" must be a string')
        for field in ("text", "filename"):
            _refuse_lone_surrogates(document.get(field), field)
        category = document.get("category")
        if category is not None and not isinstance(category, str):
            raise Problem(422, "invalid_category", '"category" must be a string')
        return document["text"], filename, {"show_values": document.get("show_values"), "category": category}
    if not media_type and not await request.body():
        raise Problem(400, "empty_body", "the request body is empty: upload a file (multipart field 'file') or send JSON {\"text\": ...}")
    raise Problem(415, "unsupported_media_type", "send multipart/form-data with a field 'file', or application/json {\"text\": ...}")


def _refuse_lone_surrogates(value: str | None, field: str) -> None:
    """JSON may escape half of a UTF-16 pair (\\ud800) alone: not a character, so no report,
    ledger or database can hold it. Refused rather than guessed at."""
    if value is not None and LONE_SURROGATE.search(value):
        raise Problem(400, "bad_text", f'"{field}" holds a lone UTF-16 surrogate (an escape \\ud800-\\udfff without its pair): '
                                       "not valid Unicode text; send the characters themselves, UTF-8 encoded")


def json_report(result: ScanResult) -> dict[str, Any]:
    """The CLI's JSON report (screening.reports.json_report) for one document."""
    summary = Summary()
    summary.add(result)
    return {
        "tool": {"name": "screening", "version": __version__},
        "policy": {"name": result.policy_name, "version": result.policy_version},
        "documents": [result.to_dict()],
        "summary": summary.to_dict(),
    }


def gate_decision(ledger: Ledger, result: ScanResult, policy: Policy | None = None) -> dict[str, Any]:
    """Record the scan, then decide from it and the ledger's sign-offs (screening.workflow.gate, as `screening gate`)."""
    scan_id = ledger.record_scan(result)
    decision = gate_result(result, ledger, policy).to_dict()
    for key in ("path", "sha256"):  # the document says them
        decision.pop(key, None)
    head = {key: decision.pop(key) for key in ("passed", "verdict", "reasons")}
    return {**head, **decision, "scan_id": scan_id, "document": result.to_dict()}


_SHOW_VALUES = Query(False, description="Put raw values (`text`) on findings; refused (403) unless the server runs with --allow-values.")
_CATEGORY = Query(None, description="Document category instead of the classifier's: " + ", ".join(CATEGORIES))
_OFFICE = Query(..., description="The office whose review queue the draft enters (an office of the desk's accounts).")
_AUTHOR = Query(..., description="Who submitted it, as the CMS knows them (recorded as the submitter).")
_REQUEST_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {
                "file": {"type": "string", "format": "binary", "description": "The document (txt, docx, xlsx, pdf, html, ofd, zip …)"},
                "filename": {"type": "string", "description": "Name for the report (default: the upload's filename)"},
                "show_values": {"type": "boolean"},
                "category": {"type": "string", "enum": list(CATEGORIES)},
            },
        }},
        "application/json": {"schema": {
            "type": "object", "required": ["text"],
            "properties": {
                "text": {"type": "string", "description": "Plain text; finding offsets index into it"},
                "filename": {"type": "string"},
                "show_values": {"type": "boolean", "default": False},
                "category": {"type": "string", "enum": list(CATEGORIES)},
            },
        }},
    },
}
_ERRORS = {code: {"description": text, "content": {"application/json": {"example": {"error": name, "message": "…"}}}}
           for code, name, text in [
               (400, "bad_json", "Malformed body (bad JSON or multipart, JSON nested too deeply, a lone surrogate in text or filename, empty body)"),
               (401, "unauthorized", "Missing or wrong bearer token"),
               (403, "values_not_allowed", "show_values asked of a server without --allow-values"),
               (413, "too_large", "Body over --max-bytes"),
               (415, "unsupported_media_type", "Neither multipart/form-data nor application/json"),
               (422, "missing_file", "A required field is missing or has the wrong type"),
           ]}


SERVE_CONFIG_VARIABLE = "SCREENING_SERVE_CONFIG"
SESSION_SECRET_VARIABLE = "SCREENING_SESSION_SECRET"  # signs the desk's session cookies; one per process when unset


def app_from_environment() -> FastAPI:
    """The app of one worker process of `screening serve --workers N`: uvicorn starts each
    worker from an import string, so the options travel in SERVE_CONFIG_VARIABLE (JSON of
    create_app's keyword arguments; the ledger as a location each worker opens itself)."""
    return create_app(**json.loads(os.environ[SERVE_CONFIG_VARIABLE]))


def create_app(
    policy: str | Path | Policy = "default",
    token: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ledger: Ledger | str | Path | None = None,
    *,
    allow_values: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    timeout: float | None = None,
    warm_up: bool = True,
    session_secret: str | None = None,
    secure_cookies: bool = False,
    keep_drafts: int | None = DEFAULT_KEEP_DAYS,
) -> FastAPI:
    """The ASGI app. `ledger` is a Ledger (the caller closes it) or a location for
    `Ledger.open` (None: $SCREENING_LEDGER or the default path), opened at startup and
    closed at shutdown. Raises policies.PolicyError for an invalid policy. Its reader
    processes are spawned at startup: a script that serves it needs `if __name__ == "__main__":`."""
    service = Service(policy, token, max_bytes, allow_values, concurrency, timeout)
    service.keep_drafts = keep_drafts  # days a settled draft stays in the ledger (None: until the ledger is cleaned)
    # python-multipart logs parse warnings quoting bytes of the body: never let them out.
    logging.getLogger("python_multipart").setLevel(logging.CRITICAL)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        service.scan_limiter = anyio.CapacityLimiter(service.concurrency)
        service.readers = ReaderPool(service.concurrency)
        owned = not isinstance(ledger, Ledger)
        service.ledger = await anyio.to_thread.run_sync(Ledger.open, ledger) if owned else ledger
        await anyio.to_thread.run_sync(service.purge_drafts)
        if warm_up:  # load the readers, recognizers and name model now, not in the first request
            service.readers.warm()
            sample = "关于助学金的公示\n联系人：王小明，电话：0551-62881234\n".encode()
            await anyio.to_thread.run_sync(service.scan, sample, "warm-up.txt", None, False)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(service.readers.close)
            if owned:
                service.ledger.close()

    app = FastAPIOffline(
        title="screening", version=__version__, lifespan=lifespan,
        description="Screen a document for personal and confidential information before it is published (先审后发). "
                    "Send `Authorization: Bearer <token>` when the server was started with a token.",
    )
    app.state.service = service

    @app.exception_handler(Problem)
    async def _problem(_request: Request, problem: Problem) -> JSONResponse:
        return problem_response(problem)

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, error: HTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        return JSONResponse({"error": code, "message": str(error.detail)}, status_code=error.status_code, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        # FastAPI's default answer echoes the input back; name the field only.
        fields = ", ".join(".".join(str(part) for part in item.get("loc", ())) for item in error.errors())
        return JSONResponse({"error": "invalid_request", "message": f"invalid value for {fields}"}, status_code=422)

    authorized = [Depends(service.check_token)]

    @app.post("/scan", dependencies=authorized, openapi_extra={"requestBody": _REQUEST_BODY}, responses=_ERRORS,
              summary="Screen one document: the JSON report")
    async def scan(request: Request, show_values: bool = _SHOW_VALUES, category: str | None = _CATEGORY) -> JSONResponse:
        """The same JSON report as `screening scan --format json`, for one document. An unreadable file is
        verdict `error` (200), as in the CLI."""
        result, scan_ms = await service.scan_request(request, show_values, category)
        return JSONResponse(json_report(result), headers={"Server-Timing": f"scan;dur={scan_ms:.1f}"})

    @app.post("/gate", dependencies=authorized, openapi_extra={"requestBody": _REQUEST_BODY}, responses=_ERRORS,
              summary="Screen one document and decide whether it may be published")
    async def gate(request: Request, show_values: bool = _SHOW_VALUES, category: str | None = _CATEGORY) -> JSONResponse:
        """`passed` is true when the document passes screening, or when every finding to review or block is
        signed off in the ledger for this exact content (`screening gate`). The scan is recorded in the ledger."""
        result, scan_ms = await service.scan_request(request, show_values, category)
        started = time.perf_counter()
        decision = await anyio.to_thread.run_sync(gate_decision, service.ledger, result, service.policy)
        ledger_ms = (time.perf_counter() - started) * 1000
        return JSONResponse(decision, headers={"Server-Timing": f"scan;dur={scan_ms:.1f}, ledger;dur={ledger_ms:.1f}"})

    @app.post("/submit", dependencies=authorized, openapi_extra={"requestBody": _REQUEST_BODY}, responses=_ERRORS,
              summary="Submit a draft to an office's review queue (审核台)")
    async def submit(request: Request, office: str = _OFFICE, author: str = _AUTHOR, category: str | None = _CATEGORY) -> JSONResponse:
        """For a CMS: the draft is screened, stored and enters `office`'s queue at the review desk, as an
        upload there would (先审后发). `author` is recorded as who submitted it. The answer names the
        submission and its page; the desk's reviewers decide, and `/gate` on the same content passes once
        they have. 422 when no desk account belongs to `office` (nobody would see the document)."""
        office, author = office.strip(), author.strip()
        if not office or not author:
            raise Problem(422, "invalid_request", "office and author must not be empty")
        if not await anyio.to_thread.run_sync(office_has_accounts, service.ledger, office):
            raise Problem(422, "unknown_office", f"no desk account belongs to office {office!r}: add one with `screening users add`")
        result, scan_ms, payload, filename = await service.read_and_scan(request, False, category)
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        submission_id = await record_draft(service, result, data, filename or "upload.txt", by=author, office=office)
        return JSONResponse(
            {"submission": submission_id, "page": f"/desk/documents/{submission_id}", "office": office,
             "verdict": result.verdict, "findings": dict(Counter(finding.action for finding in result.findings))},
            status_code=201, headers={"Server-Timing": f"scan;dur={scan_ms:.1f}"})

    @app.get("/healthz", summary="Liveness and configuration")
    async def healthz() -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "policy": {"name": service.policy.name, "version": service.policy.version},
            "model": model_available(),
        }

    install_desk(app, service, session_secret or os.environ.get(SESSION_SECRET_VARIABLE), secure_cookies)
    app.add_middleware(Guard, max_bytes=max_bytes)
    return app
