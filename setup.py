"""The build step that puts the bundled bank and the compiled catalogs inside the package.

The bank lives once, as a real file, at the top of the repository (a symlink
breaks in checkouts without symlink support). Building copies it beside the
package's modules, where an installed ketaquiz finds it.

The interface's translations live as `.po` files (ketaquiz/locale/<language>/
LC_MESSAGES/ketaquiz.po); gettext reads them compiled, as `.mo` files, which are
not kept in the repository. Building compiles each one with Babel (a build
requirement, in pyproject.toml): into the wheel, or, for an editable install,
beside its `.po` in the checkout, which the package runs from.
"""

import glob
import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

BANK = "questions.yaml"
CATALOGS = os.path.join("ketaquiz", "locale", "*", "LC_MESSAGES", "ketaquiz.po")


class BuildPyWithBank(build_py):
    # An editable install (pip install -e) runs from the checkout, which finds the bank at the top
    # of the repository: there is nothing to copy, and no package folder in build_lib to copy into.

    def run(self) -> None:
        super().run()
        if self.dry_run:
            return
        if not self.editable_mode:
            shutil.copyfile(BANK, self._bank())
        for source, compiled in self._catalogs():
            _compile(source, compiled)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        return [*outputs, self._bank(), *(compiled for _, compiled in self._catalogs())]

    def _bank(self) -> str:
        return os.path.join(self.build_lib, "ketaquiz", BANK)

    def _catalogs(self) -> list[tuple[str, str]]:
        """Each translation, and where it goes compiled: beside it for an editable install, else into the build."""
        root = "" if self.editable_mode else self.build_lib
        return [(source, os.path.join(root, source[: -len(".po")] + ".mo")) for source in sorted(glob.glob(CATALOGS))]


def _compile(source: str, compiled: str) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(source, "rb") as file:
        catalog = read_po(file)
    os.makedirs(os.path.dirname(compiled), exist_ok=True)
    with open(compiled, "wb") as file:
        write_mo(file, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": BuildPyWithBank})
