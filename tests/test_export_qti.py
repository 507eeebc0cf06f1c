"""QTI export: the package's shape, the IMS DTD, literal text, and an independent generator's true/false item.

Validation uses the IMS QTI ASI 1.2.1 DTD (`ims_qtiasiv1p2p1.dtd`, final release of
14 February 2003), which the `pyslet` source distribution on PyPI ships among its
test data; `.ci/run` extracts it and names it in KETAQUIZ_QTI_DTD. IMS published no
schema for QTI 1.2 in any package a registry offers besides that DTD, and the DTD
predates XML namespaces, so the namespace declarations are set aside to validate.
The comparison generator is `text2qti` (PyPI), which writes Canvas's true/false flavour.
"""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from ketaquiz.bank import Bank, Question, load_bank
from ketaquiz.cli import cli
from ketaquiz.export.qti import QTI_NAMESPACE, assessment_ident
from ketaquiz.export.qti import export as to_qti
from tests.helpers import BANK, BILINGUAL, BILINGUAL_BANK, HELPFUL, TWO, WriteBank

NS = {"q": QTI_NAMESPACE}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
QTI_DTD = os.environ.get("KETAQUIZ_QTI_DTD")
TEXT2QTI = Path(sys.executable).parent / "text2qti"


def package(
    bank: Bank, questions: tuple[Question, ...] | list[Question], *, languages: tuple[str, ...] = ()
) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(to_qti(bank, questions, languages=languages))) as opened:
        assert opened.testzip() is None
        return {name: opened.read(name) for name in opened.namelist()}


def assessment_of(files: dict[str, bytes]) -> ET.Element:
    manifest = ET.fromstring(files["imsmanifest.xml"])
    [resource] = manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}resource")
    assert resource.get("type") == "imsqti_xmlv1p2"
    [file] = resource
    return ET.fromstring(files[str(file.get("href"))])


def visible(mattext: ET.Element | None) -> str:
    """What an LMS shows of a text/html mattext: its characters, paragraphs on their own lines."""
    assert mattext is not None and mattext.get("texttype") == "text/html"
    source = mattext.text or ""
    assert re.search(r"<(?!/?p>|br>)", source) is None, "no markup but paragraphs and breaks"
    paragraphs = re.findall(r"<p>(.*?)</p>", source, flags=re.S) or [source]
    return "\n\n".join(html.unescape(paragraph.replace("<br>", "\n")) for paragraph in paragraphs)


def test_the_package_holds_a_manifest_and_one_assessment_and_is_the_same_every_time() -> None:
    files = package(BANK, BANK.questions)
    ident = assessment_ident(BANK, BANK.questions)
    assert sorted(files) == ["imsmanifest.xml", f"{ident}/{ident}.xml"]
    assert to_qti(BANK, BANK.questions) == to_qti(BANK, BANK.questions)
    assert assessment_ident(BANK, BANK.questions[:1]) != ident


def test_one_true_false_item_per_statement_with_feedback_tags_and_the_review_date() -> None:
    root = assessment_of(package(HELPFUL, TWO))
    assessment = root.find("q:assessment", NS)
    assert assessment is not None and assessment.get("title") == "Test bank"
    assert assessment.findtext("q:qticomment", namespaces=NS) == (
        "The evidence in these answers was last reviewed on 2026-11-28."
    )
    items = root.findall(".//q:item", NS)
    assert [item.get("title") for item in items] == ["addiction", "markup"]
    first = items[0]
    fields = {
        field.findtext("q:fieldlabel", namespaces=NS): field.findtext("q:fieldentry", namespaces=NS)
        for field in first.iterfind(".//q:qtimetadatafield", NS)
    }
    assert (fields["question_type"], fields["points_possible"], fields["qmd_topic"]) == (
        "true_false_question",
        "1",
        "addiction",
    )
    assert visible(first.find("q:presentation/q:material/q:mattext", NS)) == "Ketamine has no addiction risk."
    labels = {
        label.get("ident"): visible(label.find(".//q:mattext", NS))
        for label in first.iterfind(".//q:response_label", NS)
    }
    assert labels[first.findtext(".//q:varequal", namespaces=NS)] == "False"  # a myth
    feedback = {fb.get("ident"): visible(fb.find(".//q:mattext", NS)) for fb in first.iterfind("q:itemfeedback", NS)}
    assert feedback == {
        "general_fb": "Regulators treat it as a drug of abuse.\n\n"
        "The article claims (more than the evidence supports): "
        '“It is "not considered addictive" by some-but regulators disagree.” — Test article\n\n'
        "What the wider evidence says: It is a controlled substance.\nSources: DEA 1999",
        "correct_fb": "Right: this is a myth.",
        "general_incorrect_fb": "Not quite: this is a myth.",
    }
    second = items[1]
    assert "qmd_topic" not in {label.text for label in second.iterfind(".//q:fieldlabel", NS)}
    labels = {
        label.get("ident"): visible(label.find(".//q:mattext", NS))
        for label in second.iterfind(".//q:response_label", NS)
    }
    assert labels[second.findtext(".//q:varequal", namespaces=NS)] == "True"  # a fact


def test_a_package_holds_one_language_each_text_saying_which() -> None:
    root = assessment_of(package(BILINGUAL, BILINGUAL.questions, languages=("fr",)))
    assessment = root.find("q:assessment", NS)
    assert assessment is not None and assessment.get("title") == "Banque d’essai"
    texts = list(root.iter(f"{{{QTI_NAMESPACE}}}mattext"))
    assert {text.get(XML_LANG) for text in texts} == {"fr"}
    first = root.find(".//q:item", NS)
    assert first is not None
    assert visible(first.find("q:presentation/q:material/q:mattext", NS)) == (
        "La kétamine a d’abord été mise au point comme anesthésique."
    )
    general = visible(first.find("q:itemfeedback/q:flow_mat/q:material/q:mattext", NS))
    assert general.endswith(
        "Tiré de l’article\u00a0: «\u00a0Originally developed as an anesthetic\u00a0» — Test article\n"
        "Traduction libre\u00a0: «\u00a0Mise au point à l’origine comme anesthésique\u00a0»"
    )
    # Each language is an assessment of its own: importing one never replaces the other.
    english = assessment_of(package(BILINGUAL, BILINGUAL.questions))
    assert {text.get(XML_LANG) for text in english.iter(f"{{{QTI_NAMESPACE}}}mattext")} == {"en"}
    assert english.find("q:assessment", NS).get("ident") != assessment.get("ident")  # type: ignore[union-attr]
    # A bank that names no language says none.
    assert {
        text.get(XML_LANG) for text in assessment_of(package(BANK, BANK.questions)).iter(f"{{{QTI_NAMESPACE}}}mattext")
    } == {None}


def test_several_languages_for_one_package_is_one_usage_line(
    runner: CliRunner, write_bank: WriteBank, tmp_path: Path
) -> None:
    path = write_bank(BILINGUAL_BANK)
    target = tmp_path / "quiz.zip"
    refused = runner.invoke(cli, ["export", "--bank", path, "--lang", "en,fr", "-o", str(target)])
    assert refused.exit_code == 2
    assert refused.stderr.endswith(
        "Error: qti holds one language per package: Canvas's QTI 1.2 import reads one text per question, so "
        "export a package for each language (--lang en, then --lang fr)\n"
    )
    assert not target.exists()
    # A preference for both, in the environment, gives the first.
    chosen = runner.invoke(cli, ["export", "--bank", path, "-o", str(target)], env={"KETAQUIZ_LANG": "fr,en"})
    assert chosen.exit_code == 0, chosen.output
    assert target.read_bytes() == to_qti(BILINGUAL, BILINGUAL.questions, languages=("fr",))


# Text a bank can hold: no control characters but tab and newline, no lone surrogates.
BANK_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\n\t<>&\"'")
)


@given(BANK_TEXT)
def test_any_statement_is_shown_literally(text: str) -> None:
    question = replace(BANK.questions[0], statement=text)
    root = assessment_of(package(BANK, [question]))
    assert visible(root.find(".//q:presentation/q:material/q:mattext", NS)) == text


def test_markup_and_characters_xml_cannot_carry_stay_text() -> None:
    question = replace(BANK.questions[0], statement="<script>alert(1)</script> &&058; \ufffe")
    files = package(BANK, [question])
    root = assessment_of(files)
    assert not list(root.iter("script"))
    mattext = root.find(".//q:presentation/q:material/q:mattext", NS)
    assert mattext is not None
    assert mattext.text == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;&amp;058; &#xFFFE;</p>"


@pytest.mark.skipif(not QTI_DTD, reason="set KETAQUIZ_QTI_DTD to the IMS ims_qtiasiv1p2p1.dtd (.ci/run does)")
def test_the_assessment_is_valid_against_the_ims_qti_dtd() -> None:
    lxml = pytest.importorskip("lxml.etree", reason="lxml (the test extra) validates against the DTD")
    dtd = lxml.DTD(str(QTI_DTD))
    bundled = load_bank()
    for bank, questions, languages in (
        (HELPFUL, TWO, ()),
        (bundled, bundled.questions, ()),
        (BILINGUAL, BILINGUAL.questions, ("fr",)),
    ):
        assessment = without_namespaces(assessment_of(package(bank, questions, languages=languages)))
        document = lxml.fromstring(ET.tostring(assessment))
        assert dtd.validate(document), dtd.error_log.filter_from_errors()
    assert document.xpath("//mattext/@xml:lang") == ["fr"] * len(document.xpath("//mattext"))


def without_namespaces(root: ET.Element) -> ET.Element:
    """The document as the DTD, older than XML namespaces, reads it; xml:lang, which it declares, stays."""
    for element in root.iter():
        element.tag = element.tag.split("}")[-1]
        for name in [name for name in element.attrib if name.startswith("{") and name != XML_LANG]:
            del element.attrib[name]
    return root


def test_a_dtd_rejects_what_the_qti_format_does_not_allow(tmp_path: Path) -> None:
    """The DTD check above can fail: an item without its presentation's response is refused."""
    lxml = pytest.importorskip("lxml.etree")
    if not QTI_DTD:
        pytest.skip("set KETAQUIZ_QTI_DTD to the IMS ims_qtiasiv1p2p1.dtd (.ci/run does)")
    root = without_namespaces(assessment_of(package(BANK, BANK.questions)))
    item = next(root.iter("item"))
    item.insert(0, ET.Element("not-qti"))
    assert not lxml.DTD(str(QTI_DTD)).validate(lxml.fromstring(ET.tostring(root)))


TEXT2QTI_QUIZ = """\
Quiz title: Test bank

Title: addiction
1.  Ketamine has no addiction risk.
... Regulators treat it as a drug of abuse.
+   Right: this is a myth.
-   Not quite: this is a myth.
a)  True
*b) False
"""


def text2qti_item(tmp_path: Path) -> ET.Element:
    if not TEXT2QTI.exists():
        pytest.skip("text2qti (the test extra) is not installed beside this Python")
    (tmp_path / "quiz.txt").write_text(TEXT2QTI_QUIZ, encoding="utf-8")
    done = subprocess.run(
        [str(TEXT2QTI), "quiz.txt"],
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path)},  # text2qti keeps a settings file in the home folder
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"text2qti could not run: {done.stderr.strip()[-300:]}")
    with zipfile.ZipFile(tmp_path / "quiz.zip") as opened:
        files = {name: opened.read(name) for name in opened.namelist()}
    [item] = assessment_of({**files, **canvas_manifest_as_ims(files)}).iter(f"{{{QTI_NAMESPACE}}}item")
    return item


def canvas_manifest_as_ims(files: dict[str, bytes]) -> dict[str, bytes]:
    """text2qti writes Canvas's Common Cartridge namespace for the manifest; read it as plain IMS CP."""
    manifest = files["imsmanifest.xml"].replace(
        b"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", b"http://www.imsglobal.org/xsd/imscp_v1p1"
    )
    root = ET.fromstring(manifest)
    for resources in root.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}resources"):
        for resource in list(resources):
            if resource.get("type") != "imsqti_xmlv1p2":
                resources.remove(resource)  # Canvas's own quiz settings, beside the QTI
            for child in [child for child in resource if not child.tag.endswith("file")]:
                resource.remove(child)
    return {"imsmanifest.xml": ET.tostring(root)}


def shape(item: ET.Element) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    """Every element in order: its tag, its attributes and its text, with identifiers named by what they stand for."""
    names = {
        label.get("ident"): visible(label.find(".//q:mattext", NS))
        for label in item.iter(f"{{{QTI_NAMESPACE}}}response_label")
    }
    rows = []
    for element in item.iter():
        tag = element.tag.split("}")[-1]
        if tag == "item":
            continue
        attributes = tuple(
            sorted(
                (key, names.get(value, value))
                for key, value in element.attrib.items()
                if key != "ident" or tag != "response_label"
            )
        )
        text = (element.text or "").strip()
        if tag == "mattext":
            text = visible(element).split("\n\n")[0]  # the general feedback goes on with the passage and evidence
        elif tag == "varequal":
            text = names[text]
        rows.append((tag, attributes, text))
    return rows


def comparable(
    rows: list[tuple[str, tuple[tuple[str, str], ...], str]],
) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    """Fields whose values are identifiers, not content: their labels are compared, their values cannot be."""
    kept: list[tuple[str, tuple[tuple[str, str], ...], str]] = []
    for tag, attributes, text in rows:
        if tag == "fieldentry" and kept[-1][2] in ("original_answer_ids", "assessment_question_identifierref"):
            text = "<identifiers>"
        kept.append((tag, attributes, text))
    return kept


def test_the_item_matches_what_text2qti_writes_for_a_true_false_question(tmp_path: Path) -> None:
    theirs = comparable(shape(text2qti_item(tmp_path)))
    question = BANK.questions[1]  # without tags: text2qti has no syntax for them (ours add a qmd_topic field)
    ours = comparable(
        shape(next(assessment_of(package(BANK, [replace(question, tags=())])).iter(f"{{{QTI_NAMESPACE}}}item")))
    )
    assert len(ours) == 53  # every element of the item, from its metadata to its last feedback
    assert ours == theirs


def test_export_writes_the_package_to_a_zip_file_named_on_the_command_line(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "ketamine.zip"
    result = runner.invoke(cli, ["export", "-o", str(target)])
    assert result.exit_code == 0, result.output
    bundled = load_bank()
    assert target.read_bytes() == to_qti(bundled, bundled.questions)
    assert len(list(assessment_of(package(bundled, bundled.questions)).iter(f"{{{QTI_NAMESPACE}}}item"))) == len(
        bundled.questions
    )
