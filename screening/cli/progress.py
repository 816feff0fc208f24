"""A progress line on stderr for long scans: a spinner, how many files are done, the last one.

The total is unknown (folders are walked lazily, so the first result comes before the walk
ends), hence a count and no bar. Shown only when stderr is a terminal, and not when the
report itself goes to that terminal (the table report is its own progress, and a live line
would tear through it): never in a pipe, a log, cron mail or tests' captured output.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from screening.model import ScanResult
from screening.reports.labels import Labels


def progress_wanted(stderr: TextIO, report_to_stdout: bool, stdout: TextIO) -> bool:
    def tty(stream: TextIO) -> bool:
        return bool(getattr(stream, "isatty", None)) and stream.isatty()

    return tty(stderr) and not (report_to_stdout and tty(stdout))


def _tail(path: str, width: int = 60) -> str:
    return path if len(path) <= width else "…" + path[-(width - 1):]


@contextmanager
def scan_progress(enabled: bool, labels: Labels, stream: TextIO | None = None) -> Iterator[Callable[..., None]]:
    """Yields `done(result, count=1)`, to call as each document finishes; `done(None, n)` counts n
    documents finished elsewhere without naming them (a cluster sweep's unlisted items). A no-op
    when not enabled."""
    if not enabled:
        yield lambda result, count=1: None
        return
    console = Console(file=stream or sys.stderr)
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        TextColumn("[dim]{task.fields[current]}", markup=True),
        console=console, transient=True, redirect_stdout=False, redirect_stderr=False,
    )
    with progress:
        task = progress.add_task(labels.text("progress", n=0), total=None, current="")

        def done(result: ScanResult | None, count: int = 1) -> None:
            completed = progress.tasks[0].completed + count
            current = {} if result is None else {"current": escape(_tail(result.path or ""))}
            progress.update(task, completed=completed, description=labels.text("progress", n=completed), **current)

        yield done
