"""QTI 1.2, for Canvas, Brightspace and Blackboard: a content package of true/false items.

The items follow the flavour Canvas documents and exports (question-type
metadata, `response_lid` with True and False, feedback for right, wrong and
in general), which Brightspace and Blackboard also import. Bank text goes in as
HTML-escaped `text/html`, so an LMS shows it literally; the XML layer escapes
that again, and characters XML cannot carry become HTML character references.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence

from ketaquiz import wording
from ketaquiz.bank import Answer, Bank, Question
from ketaquiz.export.common import (
    feedback_paragraphs,
    html_paragraphs,
    in_language_of,
    in_languages,
    right_feedback,
    wrong_feedback,
)
from ketaquiz.i18n import pgettext

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST_NAMESPACE = "http://www.imsglobal.org/xsd/imscp_v1p1"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Fixed, so that the same bank always gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def export(bank: Bank, questions: Sequence[Question], *, languages: Sequence[str] = ()) -> bytes:
    """A package in one language, the first of `languages` (the bank's first when none is named): Canvas's
    QTI 1.2 import reads one text per question, so a course in two languages imports a package of each."""
    (bank,) = in_languages(bank, questions, languages[:1])
    questions = bank.questions
    ident = assessment_ident(bank, questions)
    path = f"{ident}/{ident}.xml"
    buffer = io.BytesIO()
    with in_language_of(bank):
        assessment = _assessment(bank, questions, ident)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, root in (("imsmanifest.xml", _manifest(ident, path)), (path, assessment)):
            entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            entry.external_attr = 0o644 << 16
            package.writestr(entry, _xml_bytes(root), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def assessment_ident(bank: Bank, questions: Sequence[Question]) -> str:
    """Stable for the same bank and questions, distinct between banks: an LMS re-import updates, never merges."""
    key = "\n".join([bank.title or "", bank.source.title, *(question.id for question in questions)])
    return "ketaquiz-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _xml_bytes(root: ET.Element) -> bytes:
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="UTF-8", xml_declaration=True)
    return buffer.getvalue()


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attributes)
    child.text = text
    return child


def _html(html: str) -> str:
    return _NOT_XML.sub(lambda match: f"&#x{ord(match.group()):X};", html)


def _plain(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _manifest(ident: str, path: str) -> ET.Element:
    root = ET.Element(
        "manifest",
        {
            "identifier": f"{ident}-manifest",
            "xmlns": MANIFEST_NAMESPACE,
            "xmlns:xsi": _XSI,
            "xsi:schemaLocation": f"{MANIFEST_NAMESPACE} http://www.imsglobal.org/xsd/imscp_v1p1.xsd",
        },
    )
    metadata = _element(root, "metadata")
    _element(metadata, "schema", "IMS Content")
    _element(metadata, "schemaversion", "1.1.3")
    _element(root, "organizations")
    resources = _element(root, "resources")
    resource = _element(resources, "resource", identifier=ident, type="imsqti_xmlv1p2", href=path)
    _element(resource, "file", href=path)
    return root


def _assessment(bank: Bank, questions: Sequence[Question], ident: str) -> ET.Element:
    root = ET.Element(
        "questestinterop",
        {
            "xmlns": QTI_NAMESPACE,
            "xmlns:xsi": _XSI,
            "xsi:schemaLocation": f"{QTI_NAMESPACE} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
        },
    )
    assessment = _element(root, "assessment", ident=ident, title=_plain(wording.heading(bank)))
    reviewed = wording.reviewed_line(bank)
    if reviewed:
        _element(assessment, "qticomment", reviewed)
    section = _element(assessment, "section", ident="root_section")
    for question in questions:
        _item(section, bank, question, f"{ident}-{question.id}")
    if bank.languages:
        # Every text says its language, which the DTD allows on each mattext.
        for text in root.iter("mattext"):
            text.set(_XML_LANG, bank.languages[0])
    return root


def _item(section: ET.Element, bank: Bank, question: Question, ident: str) -> None:
    item = _element(section, "item", ident=ident, title=question.id)
    choices = {"True": f"{ident}-true", "False": f"{ident}-false"}
    fields = [
        ("question_type", "true_false_question"),
        ("points_possible", "1"),
        ("original_answer_ids", ",".join(choices.values())),
        ("assessment_question_identifierref", f"{ident}-ref"),
    ]
    if question.tags:
        fields.append(("qmd_topic", ", ".join(question.tags)))
    metadata = _element(_element(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields:
        field = _element(metadata, "qtimetadatafield")
        _element(field, "fieldlabel", label)
        _element(field, "fieldentry", entry)
    presentation = _element(item, "presentation")
    _material(presentation, html_paragraphs([question.statement]))
    response = _element(presentation, "response_lid", ident="response1", rcardinality="Single")
    render = _element(response, "render_choice")
    # TRANSLATORS: the two answers of a true/false question in an LMS: True (a fact) and False (a myth).
    shown = {"True": pgettext("a true/false answer", "True"), "False": pgettext("a true/false answer", "False")}
    for label, choice in choices.items():
        _material(_element(render, "response_label", ident=choice), shown[label])
    correct = choices["True" if question.answer is Answer.FACT else "False"]
    _scoring(item, correct)
    for feedback, html in (
        ("general_fb", html_paragraphs(feedback_paragraphs(question, bank.source.title))),
        ("correct_fb", html_paragraphs([right_feedback(question)])),
        ("general_incorrect_fb", html_paragraphs([wrong_feedback(question)])),
    ):
        _material(_element(_element(item, "itemfeedback", ident=feedback), "flow_mat"), html)


def _material(parent: ET.Element, html: str) -> None:
    _element(_element(parent, "material"), "mattext", _html(html), texttype="text/html")


def _scoring(item: ET.Element, correct: str) -> None:
    """Canvas's order: general feedback always, then full marks and right feedback, else wrong feedback."""
    processing = _element(item, "resprocessing")
    outcomes = _element(processing, "outcomes")
    _element(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    general = _element(processing, "respcondition", **{"continue": "Yes"})
    _element(_element(general, "conditionvar"), "other")
    _element(general, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    right = _element(processing, "respcondition", **{"continue": "No"})
    _element(_element(right, "conditionvar"), "varequal", correct, respident="response1")
    _element(right, "setvar", "100", action="Set", varname="SCORE")
    _element(right, "displayfeedback", feedbacktype="Response", linkrefid="correct_fb")
    wrong = _element(processing, "respcondition", **{"continue": "Yes"})
    _element(_element(wrong, "conditionvar"), "other")
    _element(wrong, "displayfeedback", feedbacktype="Response", linkrefid="general_incorrect_fb")
