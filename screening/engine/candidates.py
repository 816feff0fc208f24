"""The candidate pass: which of the prefilter's patterns occur in a block, in one scan.

Every block is asked a dozen cheap questions before any recognizer runs: does it hold a
trigger of each recognizer group (six digits in a row, 身份证-like marks, 密级 …), a person
cue, a character that disguises digits? Asked one pattern at a time with `regex`, that was
12-15 % of a scan (alternating them in one `regex` pattern was slower still: alternation
defeats the literal-prefix scans). Hyperscan compiles all of them into one automaton and
answers them in one pass over the block's UTF-8 bytes: measured on the throughput corpus
(32,691 blocks, 2.0 M characters), 0.058 s against 0.88 s for the same 15 patterns searched
one by one, with the same answer on every block.

The answers are exactly what `regex.search(pattern, text)` gives:
- a pattern Hyperscan compiles as written is answered by it alone;
- one it cannot compile (look-arounds, back-references) is compiled without its look-arounds,
  which can only widen it, and a hit is confirmed with `regex`;
- what still does not compile, or every pattern where `hyperscan` is not installed, is
  searched with `regex`.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import regex

try:  # an optional speed-up: wheels for Linux, macOS and Windows on x86-64
    import hyperscan
except ImportError:  # pragma: no cover - exercised where the wheel is missing
    hyperscan = None

_HS_FLAGS = 0 if hyperscan is None else (
    hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_MULTILINE | hyperscan.HS_FLAG_SINGLEMATCH
)
_LOOKAROUND_OPENERS = ("(?<=", "(?<!", "(?=", "(?!")


def without_lookarounds(pattern: str) -> str:
    """`pattern` with every look-ahead and look-behind group removed: it matches wherever
    `pattern` does (a removed assertion only constrained it), and Hyperscan can compile it.

    >>> without_lookarounds(r"[码碼](?<=[无無][码碼])|娱(?:(?<=[沙河]娱)|(?=乐))")
    '[码碼]|娱(?:|)'
    >>> without_lookarounds(r"[(?=]x\\(?!y")  # a class and an escaped bracket are not groups
    '[(?=]x\\\\(?!y'
    """
    out: list[str] = []
    skip_until = 0
    for index, piece, outside in _pieces(pattern):
        if index < skip_until:
            continue
        if outside and pattern.startswith(_LOOKAROUND_OPENERS, index):
            skip_until = _group_end(pattern, index)
            continue
        out.append(piece)
    return "".join(out)


def _group_end(pattern: str, start: int) -> int:
    """The index after the parenthesised group opening at `start` (the whole pattern's end if
    it is not closed: the caller's compile then fails and the pattern goes to `regex`)."""
    depth = 0
    for index, piece, outside in _pieces(pattern, start):
        if outside and piece in "()":
            depth += 1 if piece == "(" else -1
            if depth == 0:
                return index + 1
    return len(pattern)


def _pieces(pattern: str, start: int = 0) -> Iterator[tuple[int, str, bool]]:
    """(index, piece, whether outside a character class) from `start`: each piece an escape
    pair or one character (a `]` right after `[` is a literal, kept with it)."""
    index, in_class = start, False
    while index < len(pattern):
        if pattern[index] == "\\":
            yield index, pattern[index : index + 2], not in_class
            index += 2
            continue
        char, outside = pattern[index], not in_class
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "]":
                yield index, "[]", True
                index += 2
                continue
        yield index, char, outside
        index += 1


class CandidatePass:
    """Which of `patterns` (name → `regex` source, compiled MULTILINE) occur in a text.

    >>> found = CandidatePass({"digits": "[0-9]{6}", "mark": "密\\\\s*级", "cue": "(?<=[0-9])班"})
    >>> sorted(found.hits("三年级2班 学号 202401"))
    ['cue', 'digits']
    """

    def __init__(self, patterns: Mapping[str, str]) -> None:
        self.names = tuple(patterns)
        self._per_thread = threading.local()
        self._regex = {name: regex.compile(source, regex.MULTILINE) for name, source in patterns.items()}
        direct, widened = self._compiled(patterns)
        self.by_hyperscan = frozenset(direct)
        self.confirmed = frozenset(widened)  # hyperscan hits that `regex` confirms
        self.by_regex = tuple(name for name in self.names if name not in direct and name not in widened)

    def _compiled(self, patterns: Mapping[str, str]) -> tuple[list[str], list[str]]:
        """Build the one Hyperscan database; which names it answers exactly, which as a superset."""
        self._database = None
        self.from_cache = False
        if hyperscan is None:
            return [], []
        cached = _cached_layout(patterns)
        if cached is not None:
            (direct, widened), self._database = cached
            self.from_cache = True
            return direct, widened
        direct: list[str] = []
        widened: list[str] = []
        ids: list[int] = []
        sources: list[bytes] = []
        for index, (name, source) in enumerate(patterns.items()):
            for candidate, kept in ((source, direct), (without_lookarounds(source), widened)):
                if _compiles(candidate):
                    kept.append(name)
                    ids.append(index)  # a hit's id is its name's index in self.names
                    sources.append(candidate.encode("utf-8"))
                    break
        if sources:
            self._database = hyperscan.Database()
            self._database.compile(expressions=sources, ids=ids, flags=[_HS_FLAGS] * len(sources))
            _store(patterns, direct, widened, self._database)
        return direct, widened

    def _scratch(self):
        """This thread's scratch space: Hyperscan's scratch must not be shared by two scans at
        once (the service screens in a thread pool)."""
        scratch = getattr(self._per_thread, "scratch", None)
        if scratch is None:
            scratch = self._per_thread.scratch = hyperscan.Scratch(self._database)
        return scratch

    def hits(self, text: str, among: frozenset[str] | None = None) -> frozenset[str]:
        """The names whose pattern occurs in `text`; `among`: only these are asked (a hit outside
        it may be reported unconfirmed, never used)."""
        found: set[str] = set()
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: Hyperscan needs valid UTF-8, so regex answers all
            return frozenset(name for name in self.names if (among is None or name in among) and self._regex[name].search(text))
        if self._database is not None and data:
            ids: list[int] = []
            self._database.scan(data, match_event_handler=_append_id, context=ids, scratch=self._scratch())
            names = self.names
            for index in ids:
                name = names[index]
                if name in self.confirmed and (among is None or name in among) and not self._regex[name].search(text):
                    continue
                found.add(name)
        for name in self.by_regex:
            if (among is None or name in among) and self._regex[name].search(text):
                found.add(name)
        return frozenset(found)


def _append_id(match_id: int, start: int, end: int, flags: int, ids: list[int]) -> None:
    ids.append(match_id)  # SINGLEMATCH: once per pattern and scan


def _compiles(source: str) -> bool:
    try:
        hyperscan.Database().compile(expressions=[source.encode("utf-8")], ids=[0], flags=[_HS_FLAGS])
    except hyperscan.error:
        return False
    return True


# Compiling the engine's patterns costs ~0.5 s, more than the rest of a CLI start; the compiled
# database is kept in the user's cache folder (keyed by the patterns, the flags, Hyperscan's
# version and the machine) and loaded in milliseconds by the next process. Without a writable
# cache folder every process compiles. Set SCREENING_CACHE_DIR to move it ("" turns it off).
CACHE_VARIABLE = "SCREENING_CACHE_DIR"


def cache_dir() -> Path | None:
    configured = os.environ.get(CACHE_VARIABLE)
    if configured is not None:
        return Path(configured) if configured else None
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except (KeyError, RuntimeError):  # no home folder (a service account without one): no cache
        return None
    return Path(base) / "screening"


def _cache_file(patterns: Mapping[str, str]) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = json.dumps([list(patterns.items()), _HS_FLAGS, hyperscan.__version__, platform.machine()], ensure_ascii=False)
    return folder / f"candidates-{hashlib.sha256(key.encode()).hexdigest()[:24]}.hsdb"


def _cached_layout(patterns: Mapping[str, str]):
    """((direct names, widened names), database) from the cache, or None."""
    path = _cache_file(patterns)
    if path is None:
        return None
    try:
        stored = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        layout = (list(stored["direct"]), list(stored["widened"]))
        database = hyperscan.loadb(path.read_bytes(), hyperscan.HS_MODE_BLOCK)
        hyperscan.Scratch(database)  # a database built for another CPU loads, then fails here, not mid-scan
    except (OSError, ValueError, KeyError, TypeError, hyperscan.error):  # none yet, unreadable, or another CPU's
        return None
    return layout, database


def _store(patterns: Mapping[str, str], direct: list[str], widened: list[str], database) -> None:
    path = _cache_file(patterns)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # the layout first, then the database: a reader that finds the database finds its layout
        for target, data in ((path.with_suffix(".json"), json.dumps({"direct": direct, "widened": widened}).encode()),
                             (path, hyperscan.dumpb(database))):
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".candidates-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
    except OSError:
        pass  # a read-only home: compile again next time
