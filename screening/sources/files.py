"""Opening a file to read: regular files only, never waiting on a FIFO or a device.

A FIFO blocks `open()` until a writer comes; `/dev/zero` and `/dev/urandom` never end and
report size 0, so neither the size limit nor a digest of the content can stop them. Only
regular files are read; anything else is refused with the kind of file it is.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from screening.sources.encoding import UnreadableInput

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def not_regular(mode: int) -> str | None:
    """Why a file with this st_mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "of an unknown kind")
    return f"not a regular file ({kind}): only regular files are read"


def open_regular(path: str | os.PathLike) -> BinaryIO:
    """`path` open for binary reading, if it is (or a symlink leads to) a regular file; else UnreadableInput.

    O_NONBLOCK makes opening a FIFO without a writer return at once, so fstat can refuse it;
    the check is on the opened file, so a name swapped after a walk cannot slip through.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        reason = not_regular(os.fstat(descriptor).st_mode)
        if reason:
            raise UnreadableInput(reason)
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
