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
    # An editable install (pip install -e) runs from the checkout, which finds the bank at the top
    # of the repository: there is nothing to copy, and no package folder in build_lib to copy into.

    def run(self) -> None:
        super().run()
        if not self.dry_run and not self.editable_mode:
            shutil.copyfile(BANK, self._bank())

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        return outputs if self.editable_mode else [*outputs, self._bank()]

    def _bank(self) -> str:
        return os.path.join(self.build_lib, "ketaquiz", BANK)


setup(cmdclass={"build_py": BuildPyWithBank})
