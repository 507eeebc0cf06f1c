"""The words every surface shares."""

from __future__ import annotations

import pytest

from ketaquiz import wording
from ketaquiz.model import Resource


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Call or text 9-8-8", [("Call or text ", None), ("9-8-8", "tel:988")]),
        (
            "Call 1-844-764-7669 (Québec: 1-800-463-5060).",
            [
                ("Call ", None),
                ("1-844-764-7669", "tel:18447647669"),
                (" (Québec: ", None),
                ("1-800-463-5060", "tel:18004635060"),
                (").", None),
            ],
        ),
        ("Call 911", [("Call ", None), ("911", "tel:911")]),
        ("Call or text 988.", [("Call or text ", None), ("988", "tel:988"), (".", None)]),
        ("1-800-662-HELP", [("1-800-662-HELP", None)]),
        ("Reviewed 2026-11-28; 9112 items", [("Reviewed 2026-11-28; 9112 items", None)]),
        ("", []),
    ],
    ids=["988 hyphenated", "two numbers", "911", "988", "letters are not dialled", "dates and longer numbers", "empty"],
)
def test_phone_numbers_are_found_with_the_address_that_dials_them(
    text: str, parts: list[tuple[str, str | None]]
) -> None:
    assert wording.phone_parts(text) == parts
    assert "".join(piece for piece, _ in parts) == text


@pytest.mark.parametrize(
    ("name", "region", "named"),
    [
        ("9-8-8 Suicide Crisis Helpline", "Canada", "9-8-8 Suicide Crisis Helpline (Canada)"),
        ("National Overdose Response Service (NORS)", "Canada", "National Overdose Response Service (NORS), Canada"),
        ("Emergency services", None, "Emergency services"),
    ],
    ids=["region in brackets", "name with its own brackets", "no region"],
)
def test_a_resource_is_named_with_its_region_without_doubled_brackets(
    name: str, region: str | None, named: str
) -> None:
    assert wording.resource_name(Resource(name=name, contact="Call 911", region=region)) == named
