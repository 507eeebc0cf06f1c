"""The build step that puts the bundled bank inside the package.

The bank lives once, as a real file, at the top of the repository (a symlink
breaks in checkouts without symlink support). Building copies it beside the
package's modules, where an installed ketaquiz finds it.
"""

import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

BANK = "questions.yaml"


class BuildPyWithBank(build_py):
    def run(self) -> None:
        super().run()
        if not self.dry_run:
            shutil.copyfile(BANK, os.path.join(self.build_lib, "ketaquiz", BANK))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), os.path.join(self.build_lib, "ketaquiz", BANK)]


setup(cmdclass={"build_py": BuildPyWithBank})
