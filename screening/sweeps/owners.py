"""谁公开、谁清理: which office must clean up each published item, from an owners file.

A sweep finds items that must come off the site; the finding is useless until it reaches the office
that published the item. Sites are organised by column (招生信息, 学生资助, …) and each column belongs to
one office, so an owners file maps path or URL patterns to offices, first match winning::

    # owners.yaml
    owners:
      - match: "zsxx/**"                  # a path relative to the swept folder, "/"-separated
        owner: 招生办公室
      - match: "https://www.example.edu.cn/xxgk/zzgz/*"   # or a URL: scheme + host + path
        owner: 学生资助管理中心
        contact: 资助中心 0000-00000000    # optional, free text
    default: 党政办公室                     # optional: when nothing matches

Patterns are globs: ``*`` matches within one folder (no ``/``), ``?`` one character of a name, ``**``
any number of folders (``zsxx/**`` matches ``zsxx/a.html`` and ``zsxx/2024/a.html``; ``**/名单.xlsx``
matches at any depth), and a pattern ending in ``/`` means the whole folder (``zsxx/`` = ``zsxx/**``).
Path patterns match path keys (``\\`` is read as ``/``, a leading ``./`` is dropped), case-sensitively;
URL patterns match URL keys, the scheme and host case-insensitively, the path case-sensitively, the key's
query and fragment ignored, %-escapes decoded on both sides (a pattern may name a folder in Chinese). A
``?`` in a URL pattern is a wildcard, not a query. Matching walks the pattern and the key together in
linear time (no regular expression built from user input).

Without a match the owner is the file's ``default``, else the office the document names itself (its
发布机构, from :mod:`screening.engine.metadata`), else unknown (None).

>>> owners = OwnerMap.from_data({"owners": [{"match": "zsxx/**", "owner": "招生办公室"}], "default": "党政办公室"}, "owners.yaml")
>>> owners.owner_for("zsxx/2024/lq.html")
Owner(name='招生办公室', source='owners.yaml: zsxx/**', contact=None)
>>> owners.owner_for("tzgg/a.html").source
'owners.yaml: default'
>>> OwnerMap.empty().owner_for("tzgg/a.html", publisher="某某市教育局")
Owner(name='某某市教育局', source='发布机构（文中）', contact=None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from screening.sweeps.yaml_file import read_yaml

PUBLISHER_SOURCE = "发布机构（文中）"
_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<host>[^/]*)(?P<path>.*)", re.DOTALL)


class OwnersFileError(ValueError):
    """An owners file that cannot be read or is not valid; the message names the file and the entry."""


@dataclass(frozen=True)
class Owner:
    """The office that must clean up an item, and why it is that office."""

    name: str
    source: str  # "owners.yaml: zsxx/**" | "owners.yaml: default" | "发布机构（文中）"
    contact: str | None = None


# --- glob matching -----------------------------------------------------------------------------------

_ANY = "**"  # any characters, "/" included
_ANY_FOLDERS = "**/"  # nothing, or anything ending in "/"
_NAME_PART = "*"  # any characters but "/"
_ONE = "?"  # one character but "/"


def glob_tokens(pattern: str) -> tuple[str, ...]:
    """The pattern as tokens: the wildcards above, and literal characters.

    >>> glob_tokens("a/**/b*.?")
    ('a', '/', '**/', 'b', '*', '.', '?')
    """
    tokens: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            tokens.append(_ANY_FOLDERS)
            index += 3
        elif pattern.startswith("**", index):
            tokens.append(_ANY)
            index += 2
        else:
            tokens.append(pattern[index])
            index += 1
    return tuple(tokens)


def _closure(states: set[int], tokens: tuple[str, ...]) -> set[int]:
    """`states` plus those reachable by letting wildcards match nothing."""
    result, pending = set(states), list(states)
    while pending:
        state = pending.pop()
        if state < len(tokens) and tokens[state] in (_ANY, _ANY_FOLDERS, _NAME_PART) and state + 1 not in result:
            result.add(state + 1)
            pending.append(state + 1)
    return result


def glob_matches(tokens: tuple[str, ...], text: str) -> bool:
    """Whether `text` matches the whole pattern (a set-of-states walk: O(len(text) × len(tokens))).

    >>> [glob_matches(glob_tokens("zsxx/**"), key) for key in ("zsxx/a.html", "zsxx/2024/a.html", "zsxx", "xx/zsxx/a")]
    [True, True, False, False]
    >>> [glob_matches(glob_tokens("xxgk/*.html"), key) for key in ("xxgk/a.html", "xxgk/2024/a.html")]
    [True, False]
    >>> [glob_matches(glob_tokens("**/名单*.xlsx"), key) for key in ("名单1.xlsx", "a/b/名单1.xlsx", "a/名单/1.xlsx")]
    [True, True, False]
    """
    states = _closure({0}, tokens)
    for char in text:
        following: set[int] = set()
        for state in states:
            if state == len(tokens):
                continue
            token = tokens[state]
            if token == _ANY or (token == _NAME_PART and char != "/"):
                following.add(state)
            elif token == _ANY_FOLDERS:
                following.add(state)
                if char == "/":
                    following.add(state + 1)
            elif (token == _ONE and char != "/") or token == char:
                following.add(state + 1)
        if not following:
            return False
        states = _closure(following, tokens)
    return len(tokens) in states


# --- keys and patterns -------------------------------------------------------------------------------


def _url_parts(text: str) -> tuple[str, str] | None:
    """("scheme://host" in lower case, the path) of a URL, or None for a file path."""
    match = _URL.fullmatch(text)
    if match is None:
        return None
    return f"{match['scheme'].lower()}://{match['host'].lower()}", match["path"]


def comparable_key(key: str) -> str:
    """A path or URL as patterns see it.

    >>> comparable_key("HTTPS://WWW.Example.edu.cn/xxgk/%E6%8B%9B%E7%94%9F/a.html?id=3#top")
    'https://www.example.edu.cn/xxgk/招生/a.html'
    >>> comparable_key(".\\\\zsxx\\\\a.html"), comparable_key("https://www.example.edu.cn")
    ('zsxx/a.html', 'https://www.example.edu.cn/')
    """
    if _url_parts(key) is not None:
        parts = urlsplit(key)
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}{unquote(parts.path) or '/'}"
    key = key.replace("\\", "/")
    while key.startswith("./"):
        key = key[2:]
    return key


def comparable_pattern(pattern: str) -> str:
    """A pattern as matched: scheme and host lower-cased, %-escapes decoded, ``dir/`` as ``dir/**``.

    >>> comparable_pattern("HTTPS://WWW.Example.edu.cn/xxgk/"), comparable_pattern("./zsxx/")
    ('https://www.example.edu.cn/xxgk/**', 'zsxx/**')
    """
    url = _url_parts(pattern)
    if url is not None:
        pattern = url[0] + (unquote(url[1]) or "/")
    else:
        pattern = pattern.replace("\\", "/")
        while pattern.startswith("./"):
            pattern = pattern[2:]
    return pattern + "**" if pattern.endswith("/") and not pattern.endswith("**/") else pattern


# --- the file ----------------------------------------------------------------------------------------


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    match: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    contact: str | None = None

    @field_validator("match")
    @classmethod
    def _usable_pattern(cls, value: str) -> str:
        url = _url_parts(value)
        if url is not None and url[0].endswith("://"):
            raise ValueError("a URL pattern needs a host (https://host/path)")
        if url is None and value.startswith("/"):
            raise ValueError("a path pattern is relative to the swept folder: drop the leading '/'")
        if "***" in value:
            raise ValueError("'***' is not a pattern: use '*' (one folder) or '**' (any folders)")
        return value


class _OwnersFile(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    owners: list[_Entry] = Field(default_factory=list)
    default: str | None = Field(None, min_length=1)


@dataclass(frozen=True)
class _Rule:
    tokens: tuple[str, ...]
    is_url: bool
    owner: Owner


def _entry_name(data: Any, index: int) -> str:
    """``owners[2] (match: zsxx/**)``, the way a reader finds the entry in the file."""
    entry = data.get("owners")[index] if isinstance(data.get("owners"), list) else None
    match = entry.get("match") if isinstance(entry, dict) else None
    return f"owners[{index}] (match: {match})" if isinstance(match, str) else f"owners[{index}]"


def _problems(source: str, data: Any, error: ValidationError) -> str:
    lines = [f"invalid owners file {source}:"]
    for problem in error.errors():
        location = problem["loc"]
        if len(location) >= 2 and location[0] == "owners" and isinstance(location[1], int):
            where = _entry_name(data, location[1])
            field = ".".join(str(part) for part in location[2:])
            where = f"{where} {field}" if field else where
        else:
            where = ".".join(str(part) for part in location) or "(top level)"
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)


class OwnerMap:
    """The owners file, ready to answer `owner_for` (immutable once built)."""

    def __init__(self, rules: tuple[_Rule, ...] = (), default: Owner | None = None) -> None:
        self._rules = rules
        self._default = default

    @classmethod
    def empty(cls) -> OwnerMap:
        """No owners file: only the document's own 发布机构 can answer."""
        return cls()

    @classmethod
    def load(cls, path: str | Path) -> OwnerMap:
        """Read and validate an owners file; OwnersFileError names the file and the entry at fault."""
        path = Path(path)
        return cls.from_data(read_yaml(path, "owners file", OwnersFileError), path.name, display=str(path))

    @classmethod
    def from_data(cls, data: Any, source: str, *, display: str | None = None) -> OwnerMap:
        """An owner map from already-parsed YAML; `source` names the file in each Owner.source."""
        display = display or source
        if not isinstance(data, dict):
            raise OwnersFileError(f"invalid owners file {display}: it must hold a mapping with 'owners' (and 'default')")
        try:
            parsed = _OwnersFile.model_validate(data)
        except ValidationError as error:
            raise OwnersFileError(_problems(display, data, error)) from None
        rules = tuple(
            _Rule(
                glob_tokens(comparable_pattern(entry.match)),
                _url_parts(entry.match) is not None,
                Owner(entry.owner, f"{source}: {entry.match}", entry.contact or None),
            )
            for entry in parsed.owners
        )
        default = Owner(parsed.default, f"{source}: default") if parsed.default else None
        return cls(rules, default)

    def owner_for(self, key: str, *, publisher: str | None = None, site_owner: Owner | None = None) -> Owner | None:
        """The owner of the item at `key` (a path relative to the swept folder, or a URL): the first matching
        entry, else the owner its site has in a sites file, else the default, else the document's own
        `publisher`, else None."""
        is_url = _url_parts(key) is not None
        comparable = comparable_key(key)
        for rule in self._rules:
            if rule.is_url == is_url and glob_matches(rule.tokens, comparable):
                return rule.owner
        if site_owner is not None:
            return site_owner
        if self._default is not None:
            return self._default
        if publisher and publisher.strip():
            return Owner(publisher.strip(), PUBLISHER_SOURCE)
        return None

    def __len__(self) -> int:
        return len(self._rules)

    def __repr__(self) -> str:
        return f"OwnerMap({len(self._rules)} entries, default={self._default.name if self._default else None!r})"


__all__ = ["Owner", "OwnerMap", "OwnersFileError", "comparable_key", "glob_matches", "glob_tokens"]
