"""What keeps `screening serve` answering under a flood of connections (issue 19).

uvicorn on its own caps nothing by default: connections that open and never finish their
headers are kept forever (its keep-alive timer starts only after a first response), and
once the process runs out of file descriptors asyncio logs a traceback for every failed
accept(). Here:

- `ServeLimits`: the uvicorn settings `screening serve` exposes — how many connections
  and requests at once (more get 503), how long a connection may sit idle or half-way
  through its request headers, and how large those headers may be.
- `HeadDeadlineProtocol`: uvicorn's h11 protocol, closing a connection that has not sent a
  complete request head within the keep-alive time of opening (or of its last response).
- `RepeatLimit`: a logging filter that lets one warning or error of a kind through per
  interval and counts the rest, so a flood cannot fill the disk with the same traceback.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


@dataclass(frozen=True)
class ServeLimits:
    """uvicorn limits; defaults fit one office's CMS behind a reverse proxy (docs/http.md)."""

    max_connections: int = 64  # open connections (and requests in flight) before new requests get 503
    keep_alive_s: int = 5  # an idle connection, or one still sending its request headers, is closed after this
    max_header_bytes: int = 16 * 1024  # buffered of an unfinished request head; past it, 400 and closed

    def uvicorn_options(self) -> dict[str, Any]:
        return {
            "http": HeadDeadlineProtocol,
            "limit_concurrency": self.max_connections,
            "timeout_keep_alive": self.keep_alive_s,
            "h11_max_incomplete_event_size": self.max_header_bytes,
        }


class HeadDeadlineProtocol(H11Protocol):
    """H11Protocol with a deadline for the request head: a client that connects and sends
    nothing, or trickles its headers, is dropped after `timeout_keep_alive` seconds."""

    _head_deadline: Any = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        super().connection_lost(exc)

    def _arm_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        self._head_deadline = self.loop.call_later(self.timeout_keep_alive, self._close_without_head)

    def _close_without_head(self) -> None:
        # IDLE: no complete request head since the connection opened or the last response.
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


MAX_KINDS = 1024


class RepeatLimit(logging.Filter):
    """Lets the first warning or error of each kind (logger and first line of the message)
    through per `interval_s`, then one line saying how many were held back. Info passes."""

    def __init__(self, interval_s: float = 60.0) -> None:
        super().__init__()
        self.interval_s = interval_s
        self._windows: dict[tuple[str, str], tuple[float, int]] = {}  # kind -> (window start, held back)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        kind = (record.name, str(record.msg).split("\n", 1)[0][:200])
        now = time.monotonic()
        if len(self._windows) > MAX_KINDS:  # many kinds: forget those whose interval is over
            self._windows = {key: value for key, value in self._windows.items() if now - value[0] < self.interval_s}
        started, held = self._windows.get(kind, (float("-inf"), 0))
        if now - started < self.interval_s:
            self._windows[kind] = (started, held + 1)
            return False
        self._windows[kind] = (now, 0)
        if held:
            record.msg = f"{record.msg}\n({held} more like this in the last {self.interval_s:.0f} s were not logged)"
        return True
