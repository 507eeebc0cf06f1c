"""The command line: options, and one call per command into the package.

Rich and YAML are imported inside the commands that need them, so that `ketaquiz --version`
and `--help` start as fast as click alone. Every error a user can cause becomes its lines and
its exit status in one place, `group.KetaquizGroup`. The commands are grouped by who uses them:
the learner's, the reviewing and writing educator's, and the workshop's.
"""

from ketaquiz.cli import learner, review, workshop
from ketaquiz.cli.group import cli, main

__all__ = ["cli", "learner", "main", "review", "workshop"]
