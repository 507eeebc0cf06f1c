"""What a release holds: a real bundled bank in every checkout and install, the translations compiled, a
complete sdist."""

from __future__ import annotations

import configparser
import gettext
import io
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml

from ketaquiz import bank as bank_module

ROOT = Path(__file__).resolve().parent.parent


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An sdist and a wheel built from this tree with the tools already installed (no download)."""
    pytest.importorskip("build", reason="the 'build' package comes with the test extra")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_no_file_in_the_repository_is_a_symlink() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    links = [line.split("\t")[1] for line in _git("ls-files", "-s").splitlines() if line.startswith("120000")]
    assert links == [], "a symlink is a 17-byte text file in a checkout without symlink support"


def test_a_checkout_finds_the_bundled_bank_at_the_top_of_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    real_isfile = os.path.isfile
    beside_package = str(ROOT / "ketaquiz" / "questions.yaml")
    monkeypatch.setattr(os.path, "isfile", lambda path: path != beside_package and real_isfile(path))
    assert bank_module.bundled_bank_path() == str(ROOT / "questions.yaml")


def test_the_wheel_holds_the_bank_as_a_real_file(built: Path) -> None:
    (wheel,) = built.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read("ketaquiz/questions.yaml")
        names = archive.namelist()
    assert shipped == (ROOT / "questions.yaml").read_bytes()
    assert "ketaquiz/py.typed" in names
    # Every subpackage of the checkout, so an installed `ketaquiz` finds its command line and screens.
    subpackages = {path.parent.relative_to(ROOT).as_posix() for path in (ROOT / "ketaquiz").rglob("__init__.py")}
    assert subpackages <= {name.rsplit("/", 1)[0] for name in names}, subpackages


def test_the_wheel_holds_every_file_of_the_package(built: Path) -> None:
    # Sub-packages and their data are found, not listed: a new one cannot be left out of a release.
    (wheel,) = built.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    package = ROOT / "ketaquiz"
    # The translations' sources (.po, and the template) go into the wheel compiled.
    files = [
        path
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".po", ".pot")
    ]
    missing = sorted(str(path.relative_to(ROOT)) for path in files if str(path.relative_to(ROOT)) not in names)
    assert missing == []
    assert "ketaquiz/live/static/index.html" in names


def test_the_wheel_holds_each_translation_compiled(built: Path) -> None:
    (wheel,) = built.glob("*.whl")
    sources = sorted((ROOT / "ketaquiz" / "locale").glob("*/LC_MESSAGES/ketaquiz.po"))
    assert sources, "no translation in the checkout"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert not {name for name in names if name.endswith((".po", ".pot"))}
        for source in sources:
            compiled = source.with_suffix(".mo").relative_to(ROOT).as_posix()
            assert compiled in names, compiled
        french = gettext.GNUTranslations(io.BytesIO(archive.read("ketaquiz/locale/fr/LC_MESSAGES/ketaquiz.mo")))
    assert french.gettext("Answer key") == "Corrigé"
    assert french.ngettext("{count} finding", "{count} findings", 2) == "{count} constats"


def test_the_sdist_holds_what_the_tests_and_the_build_need(built: Path) -> None:
    (sdist,) = built.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
        links = [member.name for member in archive.getmembers() if member.issym()]
    for needed in (
        "questions.yaml",
        "LICENSE",
        "CHANGELOG.md",
        "setup.py",
        "tests/__init__.py",
        "tests/conftest.py",
        "tests/helpers.py",
        "babel.cfg",
        "ketaquiz/locale/ketaquiz.pot",
        "ketaquiz/locale/fr/LC_MESSAGES/ketaquiz.po",
    ):
        assert needed in names, needed
    assert all(f"tests/{path.name}" in names for path in (ROOT / "tests").glob("test_*.py"))
    assert links == []
    # The wheel is built from the sdist: it compiles the translations, so none comes compiled.
    assert not [name for name in names if name.endswith(".mo")]


def test_the_pre_commit_hook_runs_the_ruff_that_the_dev_extra_pins() -> None:
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg", encoding="utf-8")
    (pin,) = [line for line in setup["options.extras_require"]["dev"].split() if line.startswith("ruff==")]
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (ruff,) = [repo for repo in hooks["repos"] if repo["repo"].endswith("/ruff-pre-commit")]
    assert ruff["rev"] == "v" + pin.removeprefix("ruff=="), "change both together"
