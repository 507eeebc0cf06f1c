"""What a user can cause, and how ketaquiz ends: one base for every such error, and the exit statuses.

Each error carries its own lines (file, line, question id where it has them) and the status to
exit with; the command line turns any of them into those lines and that status in one place.
"""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    SUCCESS = 0
    BAD_DATA = 1  # a bank, an article, a save file or a file to write that cannot be used
    BAD_USAGE = 2  # options that do not go together, a missing extra
    INTERRUPTED = 130  # Ctrl-C, as shells report a SIGINT


class KetaquizError(Exception):
    """Something a user can cause or must be told of, worded for them."""

    status: ExitStatus = ExitStatus.BAD_DATA

    def reports(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each thing wrong: its line, and the lines shown under it (a quoted line, a caret)."""
        return [(str(self), ())]


class UsageProblem(KetaquizError):
    """A command asked for something this installation or these options cannot do."""

    status = ExitStatus.BAD_USAGE
