"""Reading a sweep's YAML settings files (owners, sites) with one kind of clear error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def read_yaml(path: Path, what: str, error: type[ValueError]) -> Any:
    """The parsed YAML of `path`; `error` (naming `what`, e.g. "owners file", and the file) when it
    cannot be read, is not UTF-8 or not YAML."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as problem:
        raise error(f"cannot read {what} {path}: {problem.strerror or problem}") from None
    except UnicodeDecodeError:
        raise error(f"cannot read {what} {path}: not UTF-8 text") from None
    except yaml.YAMLError as problem:
        raise error(f"invalid {what} {path}: not valid YAML: {problem}") from None
