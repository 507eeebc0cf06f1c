"""Writing files so that a crash or a full disk never leaves a half-written one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


def write_atomically(path: str, data: bytes) -> None:
    """Replace `path` with `data` in one step: readers see the old file or the new, never a mix.

    The data goes to a temporary file in the same folder, is flushed to disk, and
    is then renamed over `path`; on any failure the temporary file is removed and
    the previous file is left as it was. A symlink keeps pointing where it did (its
    target is replaced), and a device or pipe (such as /dev/stdout) is written to,
    never replaced by a file.
    """
    path = os.path.realpath(path)
    if _is_special(path):
        with open(path, "wb") as special:
            special.write(data)
        return
    folder = os.path.dirname(path)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".ketaquiz-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            # os.fchmod exists on Windows only from Python 3.13; chmod by name does the same there.
            if hasattr(os, "fchmod"):
                os.fchmod(file.fileno(), _mode_for(path))
            else:
                os.chmod(temporary, _mode_for(path))
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _is_special(path: str) -> bool:
    """Something other than a regular file is there: a device, a pipe, a socket."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _mode_for(path: str) -> int:
    """Keep the mode of the file being replaced; a new file gets the usual mode, not mkstemp's 0600."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: str) -> None:
    # The rename itself is durable only once the folder's entry is on disk.
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot sync a folder; the data itself is already on disk
    finally:
        os.close(descriptor)


def os_reason(error: OSError) -> str:
    """The system's own words for a failed file operation, such as 'No space left on device'."""
    return error.strerror or str(error)
