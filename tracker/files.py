"""Writing output files whole or not at all, without harming what the path names.

Every file tracker writes (a report, a calendar, an ``.eml`` in the outbox, a backup) goes
through ``atomic_write``:

- a regular file, or a name that does not exist yet, is written to a temporary file in the
  same folder and renamed over the target at the end, so a reader never sees half a file
  and a failure leaves the old file as it was;
- a symlink is followed: the temporary file goes into its target's folder and replaces the
  target, and the link itself stays;
- anything else (``/dev/null``, ``/dev/stdout``, a named pipe) is written through: renaming
  over a device as root would replace the device with a regular file;
- a full disk (or a file size limit) is a ``TemporaryError`` (exit 75), any other failure to
  write a ``UserError``; either way nothing partial is left behind.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker.errors import TemporaryError, UserError

# Out of space, out of quota, over the process's file size limit: all pass with time or room.
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def write_error(path: Path | str, exc: OSError) -> UserError | TemporaryError:
    """The one-line error for a failed write of ``path``: exit 75 when the disk is full."""
    reason = exc.strerror or str(exc)
    if exc.errno in _NO_ROOM:
        return TemporaryError(f"cannot write {path}: no space left ({reason}); nothing was written")
    return UserError(f"cannot write {path}: {reason}")


def _let_go(exc: OSError) -> None:
    """Release what the failed writer still holds, quietly.

    A writer that fails half-way may keep its file object in the failed frames and try to
    finish it when collected (openpyxl's zip writer does): on a full disk that fails again
    and Python prints "Exception ignored ..." after the one line the user should see.
    """
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


@contextmanager
def atomic_write(path: Path) -> Iterator[Path]:
    """Yield the path to write the new content of ``path`` to (see the module's docstring).

    The caller opens the yielded path itself (text, bytes, or a library that takes a path)
    and must have closed it when the block ends.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise write_error(path, exc) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise UserError(f"{path} is a folder, not a file")
    if mode is not None and not stat.S_ISREG(mode):
        try:
            yield path
        except OSError as exc:
            _let_go(exc)
            raise write_error(path, exc) from None
        return

    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise UserError(f"folder {path.parent} does not exist")
    partial = target.with_name(f".{target.name}.{os.urandom(4).hex()}.partial")
    try:
        # 0o666 less the umask, as a plain open() would create it.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        if mode is not None:
            os.chmod(partial, stat.S_IMODE(mode))
        yield partial
        fd = os.open(partial, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, target)
    except OSError as exc:
        _let_go(exc)
        raise write_error(path, exc) from None
    finally:
        partial.unlink(missing_ok=True)
