"""A user's files: reading their text whole or refusing it in one line, and writing atomically,
so that a crash or a full disk never leaves a half-written file."""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat

from ketaquiz.errors import KetaquizError
from ketaquiz.i18n import _

# C0 and C1 controls except tab and newline: a shared bank must not be able to move the
# cursor, retitle or repaint the terminal of whoever runs it; an article has no use for them.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class FileProblem(KetaquizError):
    """A file that cannot be used as it is: where (the path, and the line when there is one), and why."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(f"{path}:{line}: {message}" if line is not None else f"{path}: {message}")


class WriteError(FileProblem):
    """A file that could not be written, in the system's own words."""

    def __init__(self, path: str, error: OSError) -> None:
        self.errno = error.errno
        self.reason = os_reason(error)
        super().__init__(path, _("cannot be written: {reason}").format(reason=self.reason))


def read_text(path: str, *, limit: int, what: str, if_missing: str, refuse_controls: bool = False) -> str:
    """A user's text file, whole: at most `limit` bytes of UTF-8 (a byte-order mark is dropped),
    with no NUL bytes and, if asked, no control characters. `what` names the file in messages
    ("a YAML bank"); `if_missing` is the advice when there is no such file."""
    try:
        with open(path, "rb") as file:
            if os.fstat(file.fileno()).st_size > limit:
                raise FileProblem(path, _larger(limit, what))
            # One byte past the limit: a device or a pipe reports no size.
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise FileProblem(path, _("no such file; {advice}").format(advice=if_missing)) from None
    except IsADirectoryError:
        # TRANSLATORS: {what} names what the file should be, as a noun with its article: "a bank".
        raise FileProblem(path, _("this is a folder, not {what}; give the path of a file").format(what=what)) from None
    except PermissionError:
        raise FileProblem(
            path, _("permission denied; make the file readable, or copy it somewhere you can read")
        ) from None
    except OSError as error:
        raise FileProblem(path, _cannot_be_read(error)) from None
    if len(data) > limit:
        raise FileProblem(path, _larger(limit, what))
    return decode_text(data, path, what=what, refuse_controls=refuse_controls)


def read_regular(path: str, *, limit: int, what: str) -> bytes | None:
    """A regular file's bytes, at most `limit` of them; None when there is no such file. A folder,
    a device, a pipe or a socket is refused unread (a device may never end, a terminal waits for
    the keyboard), as is a larger file (FileProblem; `what` names what the file should be)."""
    try:
        # O_NONBLOCK: opening a pipe with no writer does not wait for one; it changes nothing for a file.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise FileProblem(path, _cannot_be_read(error)) from None
    with os.fdopen(descriptor, "rb") as file:
        found = os.fstat(file.fileno())
        if stat.S_ISDIR(found.st_mode):
            raise FileProblem(path, _("this is a folder; give a file name"))
        if not stat.S_ISREG(found.st_mode):
            raise FileProblem(path, _("is a device, a pipe or a socket, not a file; give the name of a file"))
        # One byte past the limit: a file may grow while it is read.
        data = b"" if found.st_size > limit else file.read(limit + 1)
    if found.st_size > limit or len(data) > limit:
        raise FileProblem(path, _("is larger than the {size} limit for {what}").format(size=_mib(limit), what=what))
    return data


def decode_text(data: bytes, path: str, *, what: str, refuse_controls: bool = False) -> str:
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        message = _("contains NUL bytes: this looks like a binary file, not {what}").format(what=what)
        raise FileProblem(path, message, line)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        message = _("the file is not UTF-8 text (byte {byte}); save it as UTF-8 in your editor").format(
            byte=f"0x{byte:02x}"
        )
        raise FileProblem(path, message, line) from None
    if refuse_controls:
        control = CONTROL_CHARS.search(text.replace("\r\n", "\n").replace("\r", "\n"))
        if control:
            line = text.count("\n", 0, control.start()) + 1
            code = f"U+{ord(control.group()):04X}"
            raise FileProblem(path, _("contains the control character {code}; remove it").format(code=code), line)
    return text


def _mib(size: int) -> str:
    return _("{count} MiB").format(count=size // (1024 * 1024))


def _larger(limit: int, what: str) -> str:
    return _("the file is larger than the {size} limit for {what}").format(size=_mib(limit), what=what)


def _cannot_be_read(error: OSError) -> str:
    return _("cannot be read: {reason}").format(reason=os_reason(error))


def write_atomically(path: str, data: bytes) -> None:
    """Replace `path` with `data` in one step: readers see the old file or the new, never a mix.

    The data goes to a temporary file in the same folder, is flushed to disk, and
    is then renamed over `path`; on any failure the temporary file is removed and
    the previous file is left as it was. A symlink keeps pointing where it did (its
    target is replaced), and a device or pipe (such as /dev/stdout) is written to,
    never replaced by a file. A failure is a `WriteError` naming the path.
    """
    try:
        _replace(os.path.realpath(path), data)
    except OSError as error:
        raise WriteError(path, error) from None


def _replace(path: str, data: bytes) -> None:
    if _is_special(path):
        with open(path, "wb") as special:
            special.write(data)
        return
    # tempfile (with random and shutil) is imported only when a file is written: reading a bank,
    # which every command does, should not pay for it.
    import tempfile

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
