"""`ketaquiz audit` through the command line: each finding from a bank crafted to show it, the
strategies' scores against hand-computed ones, the same findings as JSON, and never a crash."""

from __future__ import annotations

import copy
import importlib.util
import io
import json
import re
import string
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from rich.console import Console

from ketaquiz import audit
from ketaquiz.bank import BankError, parse_bank
from ketaquiz.cli import cli
from ketaquiz.screens.audit import report, report_lines
from ketaquiz.screens.console import PlainConsole
from tests.helpers import WriteBank

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "data" / "audit-example.yaml"

# A bank that gives no finding: short plain sentences, as many myths as facts, no cue that pays,
# passages that bear on their statements. The article's "recreational abuse" is quoted, and the
# label's Abuse and Misuse section, "abuse potential" and "abuse or dependence" are its own terms: none is flagged.
SOURCE = [
    "Ketamine was first made in 1962 as a drug for surgery.",
    "Doctors still use it to put people to sleep for short operations.",
    "A nasal spray form, esketamine, is approved for hard to treat depression.",
    "After each dose, staff watch the patient for two hours.",
    "Blood pressure goes up for a short time after a dose.",
    "Many people feel cut off from their body for a while.",
    "People who take ketamine a lot need more of it to feel the same.",
    "Heavy use of ketamine harms the bladder.",
    "Relief from one dose fades within two weeks.",
    "The spray is given in a clinic and is not taken home.",
]
QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "made-for-surgery",
        "statement": "Ketamine was first made as a drug for surgery.",
        "answer": "fact",
        "explanation": "It was made in 1962 as a drug to use in surgery.",
        "passage": SOURCE[0],
        "tags": ["history"],
    },
    {
        "id": "no-longer-in-surgery",
        "statement": "Doctors have stopped giving ketamine in surgery.",
        "answer": "myth",
        "explanation": "Doctors still give it to put people to sleep for short operations.",
        "passage": SOURCE[1],
        "tags": ["history"],
    },
    {
        "id": "spray-approved",
        "statement": "A nasal spray made from ketamine is approved for depression.",
        "answer": "fact",
        "explanation": "The spray, esketamine, is approved for depression that is hard to treat.",
        "passage": SOURCE[2],
        "tags": ["uses"],
    },
    {
        "id": "leave-at-once",
        "statement": "Patients go home as soon as they have had the spray.",
        "answer": "myth",
        "explanation": "Staff watch each patient for two hours after the dose before they go home.",
        "passage": SOURCE[3],
        "tags": ["safety"],
    },
    {
        "id": "blood-pressure",
        "statement": "Blood pressure goes up for a short time after a dose.",
        "answer": "fact",
        "explanation": "Blood pressure rises for a short time, so staff check it after the dose.",
        "passage": SOURCE[4],
        "tags": ["safety"],
    },
    {
        "id": "feel-detached",
        "statement": "Feeling cut off from your body is rare after ketamine.",
        "answer": "myth",
        "explanation": "Many people feel cut off from their body for a while after a dose.",
        "passage": SOURCE[5],
        "tags": ["safety"],
    },
    {
        "id": "tolerance",
        "statement": "People who take ketamine a lot need more to feel the same.",
        "answer": "fact",
        "explanation": "Taking it a lot builds tolerance, so people need more of it.",
        "passage": SOURCE[6],
        "tags": ["addiction"],
    },
    {
        "id": "bladder",
        "statement": "Heavy use of ketamine is good for the bladder.",
        "answer": "myth",
        "explanation": 'Heavy use harms the bladder. The article calls such use "recreational abuse".',
        "passage": SOURCE[7],
        "evidence": {
            "note": "The label's Abuse and Misuse section lists its abuse potential, the risk of abuse or "
            "dependence, and harm to the bladder.",
            "sources": ["A label"],
        },
        "tags": ["addiction", "safety"],
    },
    {
        "id": "relief-lasts",
        "statement": "Relief from one dose lasts for a year.",
        "answer": "myth",
        "explanation": "Relief from one dose fades within two weeks, not a year.",
        "passage": SOURCE[8],
        "tags": ["uses"],
    },
    {
        "id": "given-in-clinic",
        "statement": "The spray is given in a clinic.",
        "answer": "fact",
        "explanation": "The spray is given in a clinic, where staff can watch over the patient.",
        "passage": SOURCE[9],
        "tags": ["uses"],
    },
]


def bank_text(changes: dict[str, dict[str, Any]] | None = None, **top: Any) -> str:
    """The plain bank as JSON (which YAML reads), with some questions' fields changed."""
    questions = copy.deepcopy(QUESTIONS)
    for question in questions:
        question.update((changes or {}).get(question["id"], {}))
    source = {"title": "A plain article", "text": " ".join(SOURCE)}
    return json.dumps({"title": "A plain bank", **top, "source": source, "questions": questions}, indent=1)


def run(runner: CliRunner, args: list[str]) -> Result:
    result = runner.invoke(cli, args)
    assert "Traceback" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def findings_of(output: str) -> list[str]:
    """The findings in `audit`'s plain output, each as its lines."""
    return [block.strip("\n") for block in output.split("finding")[-1].split("\n\n")[1:]]


FINDINGS = [
    (
        "a cue that pays",
        bank_text(
            {
                "feel-detached": {"leans": "favourable"},
                "bladder": {"leans": "favourable"},
                "relief-lasts": {"leans": "favourable"},
                "blood-pressure": {"leans": "unfavourable"},
                "tolerance": {"leans": "unfavourable"},
            }
        ),
        "cues: blood-pressure, feel-detached, tolerance, bladder, relief-lasts: 'always distrust the subject' scores "
        "80% (8 of 10) without knowing anything, 30 points above the base rate (50%); its cue answers these "
        "statements\n"
        "  suggestion: add facts that make the subject sound better and myths that make it sound worse (and mark "
        "each statement's leans)",
    ),
    (
        "hard words",
        bank_text(
            {
                "made-for-surgery": {
                    "explanation": "Ketamine was synthesised in 1962 at Parke-Davis as a shorter-acting anaesthetic "
                    "alternative to phencyclidine, and its anaesthetic properties were subsequently characterised "
                    "in human volunteers."
                }
            }
        ),
        "language: made-for-surgery: reads above grade 8: the explanation at grade 19.8\n"
        "  longest sentence (26 words, in the explanation): Ketamine was synthesised in 1962 at Parke-Davis as a "
        "shorter-acting anaesthetic alternative to phencyclidine, and its anaesthetic properties were "
        "subsequently characterised in human volunteers.\n"
        "  suggestion: shorter sentences and everyday words; split the longest sentence first",
    ),
    (
        "a stigmatising word",
        bank_text({"tolerance": {"explanation": "Taking it a lot builds tolerance, so addicts need more of it."}}),
        'stigma: tolerance: "addicts" in the explanation\n'
        '  suggestion: say "a person with a substance use disorder" (or "with an addiction"): person-first '
        "language",
    ),
    (
        "statements worded alike",
        bank_text(
            {
                "given-in-clinic": {
                    "statement": "Relief from one dose lasts for a week.",
                    "explanation": "One dose gives relief that fades within two weeks.",
                    "passage": SOURCE[8],
                }
            }
        ),
        "pairs: relief-lasts, given-in-clinic: 'relief-lasts' (myth) and 'given-in-clinic' (fact) are worded alike "
        "(92% similar): knowing one answers the other\n"
        "  suggestion: reword one of them so the two do not read as one claim and its opposite, or keep only one",
    ),
    (
        "an explanation that answers another statement",
        bank_text(
            {
                "given-in-clinic": {
                    "statement": "Relief from one dose fades in a few weeks.",
                    "explanation": "One dose gives relief that fades within two weeks.",
                    "passage": SOURCE[8],
                }
            }
        ),
        "pairs: relief-lasts, given-in-clinic: the explanation of 'relief-lasts' states the answer to "
        "'given-in-clinic' (fact)\n"
        "  the explanation says: Relief from one dose fades within two weeks, not a year.\n"
        "  suggestion: reword that sentence so it does not settle 'given-in-clinic', or keep only one of the two",
    ),
    (
        "a passage that may not bear on its statement",
        bank_text({"tolerance": {"passage": SOURCE[7]}}),
        "passages: tolerance: the passage shares no content word with the statement and explanation (beyond the "
        "bank's subject): it may not bear on the claim\n"
        "  the passage: Heavy use of ketamine harms the bladder.\n"
        "  suggestion: quote the sentence of the source that makes this claim, or say in the explanation how the "
        "passage bears on it",
    ),
    (
        "one passage for two facts",
        bank_text(
            {
                "given-in-clinic": {
                    "passage": SOURCE[2],
                    "explanation": "The nasal spray, esketamine, is given in a clinic, where staff can watch over "
                    "the patient.",
                }
            }
        ),
        "passages: spray-approved, given-in-clinic: 2 statements quote the same passage and are both facts\n"
        "  the passage: A nasal spray form, esketamine, is approved for hard to treat depression.\n"
        "  suggestion: quote for each the sentence that bears on it; where one passage answers both, a learner who "
        "has seen one knows the other",
    ),
    (
        "too many myths",
        bank_text({"made-for-surgery": {"answer": "myth"}, "tolerance": {"answer": "myth"}}),
        "balance: 7 of 10 statements are myths (70%): always answering myth scores 70%\n"
        "  suggestion: keep myths between 40% and 60%: add facts, or turn some myths around",
    ),
    (
        "a tag all one verdict",
        bank_text(
            {
                "made-for-surgery": {"tags": ["history", "treatment"]},
                "spray-approved": {"tags": ["uses", "treatment"]},
                "given-in-clinic": {"tags": ["uses", "treatment"]},
            }
        ),
        "balance: made-for-surgery, spray-approved, given-in-clinic: all 3 statements tagged 'treatment' are "
        "facts: ketaquiz play --tag treatment is passed by always answering fact\n"
        "  suggestion: add a myth on this topic, or tag one that is about it",
    ),
    (
        "too few statements on the focus",
        bank_text(focus="history"),
        "balance: only 2 of 10 statements (20%) carry the bank's focus, 'history'\n"
        "  suggestion: at least a third (4) should: add statements on history, or tag those that are about it",
    ),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in FINDINGS], ids=[case[0] for case in FINDINGS])
def test_each_crafted_bank_gives_exactly_its_finding(
    runner: CliRunner, write_bank: WriteBank, text: str, expected: str
) -> None:
    result = run(runner, ["audit", write_bank(text, "bank.json"), "--strict"])
    assert result.exit_code == 1
    assert findings_of(result.stdout) == [expected]


def test_a_short_sentence_holding_a_few_of_another_statements_words_is_no_answer_to_it(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    # "So a drug for surgery." scores 92 against "Ketamine was first made as a drug for surgery." by
    # rapidfuzz's token_ratio, but says nothing of when or why ketamine was made.
    explained = 'Heavy use harms the bladder. So a drug for surgery. The article calls such use "recreational abuse".'
    result = run(runner, ["audit", write_bank(bank_text({"bladder": {"explanation": explained}}), "bank.json")])
    assert result.exit_code == 0
    assert findings_of(result.stdout) == []


def test_a_bank_without_problems_gives_no_finding(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank(bank_text(focus="safety"), "bank.json")
    result = run(runner, ["audit", path, "--strict"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Audit of A plain bank ({path})\n"
        "10 statements (5 myths, 5 facts)\n"
        "\n"
        "Strategies that score without knowing anything:\n"
        "  always myth: 5/10 (50%)\n"
        "  always fact: 5/10 (50%)\n"
        "  absolute word ⇒ myth: not scored: no statement has its cue\n"
        "  hedge ⇒ fact: not scored: no statement has its cue\n"
        "  longer ⇒ fact: 6/10 (60%), 10 points above the base rate; cue in 5 statements\n"
        "  research framing ⇒ myth: not scored: no statement has its cue\n"
        "  always distrust the subject: not scored: no statement has its cue\n"
        "  always trust the subject: not scored: no statement has its cue\n"
        "\n"
        "No findings.\n"
    )


def test_findings_without_strict_exit_0(runner: CliRunner, write_bank: WriteBank) -> None:
    result = run(runner, ["audit", write_bank(bank_text(focus="history"), "bank.json")])
    assert result.exit_code == 0
    assert len(findings_of(result.stdout)) == 1


# The strategies, scored by hand. Myths: the first four; facts: the last four (base rate 4/8).
HAND_SCORED = [
    ("always-safe", "Ketamine is always safe for everyone.", "myth", "favourable"),
    ("every-patient", "Every patient gets better after one dose.", "myth", "favourable"),
    ("studies-cure", "Studies have shown that ketamine cures depression for good.", "myth", "favourable"),
    ("invented-1990", "Ketamine was invented in 1990.", "myth", "neutral"),
    ("blood-pressure", "Ketamine can raise blood pressure during a session.", "fact", "unfavourable"),
    ("bladder", "Frequent use of ketamine may harm the bladder over time.", "fact", "unfavourable"),
    ("within-hours", "Ketamine acts within hours.", "fact", "favourable"),
    ("nasal-spray", "Spravato is only a nasal spray.", "fact", "neutral"),
]


def hand_scored_bank(leanings: dict[str, str | None]) -> str:
    questions = []
    for qid, statement, answer, leans in HAND_SCORED:
        question = {"id": qid, "statement": statement, "answer": answer, "explanation": "Why.", "passage": "Text."}
        leaning = leanings.get(qid, leans)
        questions.append(question if leaning is None else {**question, "leans": leaning})
    return json.dumps({"source": {"title": "T", "text": "Text."}, "questions": questions})


@pytest.mark.parametrize(
    ("leanings", "expected"),
    [
        (
            {},
            [
                # name: statements with the cue, points, lead over the base rate, flagged
                ("always myth", 8, 4, 0, False),
                ("always fact", 8, 4, 0, False),
                # always-safe and every-patient are myths (2), nasal-spray a fact (0); of the other five,
                # three are facts: 2 + 3.
                ("absolute word ⇒ myth", 3, 5, 12.5, False),
                # blood-pressure and bladder (2); of the other six, four are myths: 2 + 4.
                ("hedge ⇒ fact", 2, 6, 25, True),
                # Median 6.5 words: every-patient, studies-cure, blood-pressure, bladder are longer (2 facts);
                # of the other four, two are myths and two facts: 2 + 2.
                ("longer ⇒ fact", 4, 4, 0, False),
                # studies-cure (1); of the other seven, four are facts: 1 + 4.
                ("research framing ⇒ myth", 1, 5, 12.5, False),
                # Three favourable myths and two unfavourable facts (5), within-hours wrong, two neutral
                # statements half a point each: 5 + 1.
                ("always distrust the subject", 8, 6, 25, True),
                # within-hours (1) and the two coin flips: 1 + 1.
                ("always trust the subject", 8, 2, -25, False),
            ],
        ),
        (
            # Without a leaning, nasal-spray falls to the verdict that does best among such statements.
            {"nasal-spray": None},
            [
                ("always distrust the subject", 7, 6.5, 31.25, True),
                ("always trust the subject", 7, 2.5, -18.75, False),
            ],
        ),
    ],
    ids=["leaning everywhere", "one without a leaning"],
)
def test_strategies_score_what_a_hand_count_gives(
    runner: CliRunner,
    write_bank: WriteBank,
    leanings: dict[str, str | None],
    expected: list[tuple[str, int, float, float, bool]],
) -> None:
    result = run(runner, ["audit", write_bank(hand_scored_bank(leanings), "bank.json"), "--only", "cues", "-f", "json"])
    scored = {
        s["name"]: (s["name"], s["cued"], s["points"], s["lead"], s["flagged"])
        for s in json.loads(result.stdout)["strategies"]
    }
    assert [scored[name] for name, *_ in expected] == expected


@pytest.mark.parametrize(("framed", "flagged"), [(2, False), (3, True)], ids=["60%", "65% exactly"])
def test_a_strategy_is_flagged_from_65_percent_even_within_15_points(
    runner: CliRunner, write_bank: WriteBank, framed: int, flagged: bool
) -> None:
    questions = [
        {
            "id": f"q{number}",
            "statement": f"{'Studies have shown that ' if number < framed else ''}claim {number} holds.",
            "answer": "myth" if number < 10 else "fact",
            "explanation": "Why.",
            "passage": "Text.",
        }
        for number in range(20)
    ]
    text = json.dumps({"source": {"title": "T", "text": "Text."}, "questions": questions})
    result = run(runner, ["audit", write_bank(text, "bank.json"), "--only", "cues", "-f", "json"])
    (research,) = [s for s in json.loads(result.stdout)["strategies"] if s["name"] == "research framing ⇒ myth"]
    # The framed myths, then the ten facts among the rest.
    assert (research["points"], research["share"], research["lead"]) == (framed + 10, (framed + 10) / 20, framed * 5)
    assert research["flagged"] is flagged


def test_json_holds_the_same_findings_as_the_table_and_the_lines(runner: CliRunner) -> None:
    path = str(EXAMPLE)
    document = json.loads(run(runner, ["audit", path, "--format", "json"]).stdout)
    lines = run(runner, ["audit", path]).stdout
    loaded = parse_bank(EXAMPLE.read_text(encoding="utf-8"), path)
    wide = Console(file=io.StringIO(), width=400, force_terminal=True, color_system=None)
    strategies, findings = audit.run(loaded, audit.CHECKS)
    report(wide, loaded, strategies, findings)
    table = wide.file.getvalue()  # type: ignore[attr-defined]

    assert document["checks"] == list(audit.CHECKS)
    assert (document["statements"], document["myths"], document["facts"]) == (7, 4, 3)
    rows = [check for check in re.findall(r"^│ (\w+) +│", table, re.MULTILINE) if check in audit.CHECKS]
    assert rows == [finding["check"] for finding in document["findings"]]
    assert len(document["findings"]) == len(findings_of(lines)) > 5
    for finding, block in zip(document["findings"], findings_of(lines), strict=True):
        about = f"{', '.join(finding['questions'])}: " if finding["questions"] else ""
        assert block.splitlines()[0] == f"{finding['check']}: {about}{finding['message']}"
        assert finding["message"] in table and finding["check"] in table
        assert ", ".join(finding["questions"]) in table
    for strategy in document["strategies"]:
        assert f"  {strategy['name']}: " in lines
        assert strategy["name"] in table
        if strategy["cued"]:
            assert f"{strategy['points']:g}/{strategy['out_of']} ({round(strategy['share'] * 100)}%)" in table


def test_the_table_on_a_terminal() -> None:
    leaning = {
        "feel-detached": {
            "leans": "favourable",
            "explanation": "Many people, addicts or not, feel cut off from their body for a while after a dose.",
        },
        "bladder": {"leans": "favourable"},
        "relief-lasts": {"leans": "favourable"},
        "blood-pressure": {"leans": "unfavourable"},
        "tolerance": {"leans": "unfavourable", "explanation": "So addicts need more of it to feel it."},
    }
    loaded = parse_bank(bank_text(leaning), "b.json")
    console = Console(file=io.StringIO(), width=80, force_terminal=True, color_system=None)
    strategies, findings = audit.run(loaded, ["cues", "stigma"])
    report(console, loaded, strategies, findings)
    drawn = console.file.getvalue()  # type: ignore[attr-defined]
    assert "".join(line.rstrip() + "\n" for line in drawn.splitlines()) == TABLE


TABLE = """\
Audit of A plain bank
b.json · 10 statements (5 myths, 5 facts)

            Strategies that score without knowing anything
┌─────────────────────────────┬────────┬────────────┬──────┬─────────┐
│ Strategy                    │ Cue in │      Score │ Lead │         │
├─────────────────────────────┼────────┼────────────┼──────┼─────────┤
│ always myth                 │    all │ 5/10 (50%) │    0 │         │
│ always fact                 │    all │ 5/10 (50%) │    0 │         │
│ absolute word ⇒ myth        │      0 │          — │      │         │
│ hedge ⇒ fact                │      0 │          — │      │         │
│ longer ⇒ fact               │      5 │ 6/10 (60%) │  +10 │         │
│ research framing ⇒ myth     │      0 │          — │      │         │
│ always distrust the subject │      5 │ 8/10 (80%) │  +30 │ flagged │
│ always trust the subject    │      5 │ 3/10 (30%) │  -20 │         │
└─────────────────────────────┴────────┴────────────┴──────┴─────────┘
Lead: percentage points above the better of always myth and always
fact. —: not scored, no statement has its cue.

                                   3 findings
┌────────┬─────────────────────────────────────────────────────────────────────┐
│ Check  │ Statements and finding                                              │
├────────┼─────────────────────────────────────────────────────────────────────┤
│ cues   │ blood-pressure, feel-detached, tolerance, bladder, relief-lasts     │
│        │ 'always distrust the subject' scores 80% (8 of 10) without knowing  │
│        │ anything, 30 points above the base rate (50%); its cue answers      │
│        │ these statements                                                    │
│        │ → add facts that make the subject sound better and myths that make  │
│        │ it sound worse (and mark each statement's leans)                    │
├────────┼─────────────────────────────────────────────────────────────────────┤
│ stigma │ feel-detached                                                       │
│        │ "addicts" in the explanation                                        │
│        │ → say "a person with a substance use disorder" (or "with an         │
│        │ addiction"): person-first language                                  │
├────────┼─────────────────────────────────────────────────────────────────────┤
│ stigma │ tolerance                                                           │
│        │ "addicts" in the explanation                                        │
│        │ → as above                                                          │
└────────┴─────────────────────────────────────────────────────────────────────┘
"""


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--only", "cuse"], 2, "'cuse' is not a check; did you mean 'cues'? checks: "),
        (["--only", ","], 2, "name at least one check: cues,language,stigma,pairs,passages,balance"),
        (["--format", "yaml"], 2, "'yaml' is not one of 'text', 'json'"),
        (["missing.yaml"], 1, "Error: missing.yaml: no such file; check the path, or start a bank with: ketaquiz new"),
    ],
    ids=["unknown check", "no check", "unknown format", "no such bank"],
)
def test_what_cannot_be_audited_is_one_line_and_its_status(
    runner: CliRunner, args: list[str], status: int, message: str
) -> None:
    result = run(runner, ["audit", *args])
    assert result.exit_code == status
    assert message in result.stderr
    assert result.stdout == ""


def test_an_invalid_bank_gets_validates_errors(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank(bank_text({"tolerance": {"answer": "maybe"}}), "bank.json")
    result = run(runner, ["audit", path])
    assert result.exit_code == 1
    assert result.stderr == run(runner, ["validate", path]).stderr
    assert "'answer' must be myth or fact, found 'maybe'" in result.stderr


def test_only_narrows_the_checks(runner: CliRunner, write_bank: WriteBank) -> None:
    path = write_bank(bank_text({"tolerance": {"explanation": "So addicts need more."}}, focus="history"), "b.json")
    result = run(runner, ["audit", path, "--only", "balance", "--only", " Stigma,balance", "-f", "json"])
    document = json.loads(result.stdout)
    assert document["checks"] == ["stigma", "balance"]
    assert [finding["check"] for finding in document["findings"]] == ["stigma", "balance"]
    assert document["strategies"] == []


def test_without_the_extra_audit_says_what_to_install(
    runner: CliRunner, write_bank: WriteBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: None if name in NEEDED else real(name, *rest))
    for name in NEEDED:
        monkeypatch.setitem(sys.modules, name, None)  # importing it now fails
    path = write_bank(bank_text(), "bank.json")
    result = run(runner, ["audit", path])
    assert result.exit_code == 2
    assert result.output == (
        "Error: the language and pairs checks need the 'audit' extra: in a clone, pip install '.[audit]' (or pip "
        "install 'ketaquiz[audit]'); or leave them out with --only cues,stigma,passages,balance\n"
    )
    result = run(runner, ["audit", path, "--only", "pairs,cues"])
    assert result.exit_code == 2
    assert "the pairs check needs the 'audit' extra" in result.stderr and "leave it out with" in result.stderr
    result = run(runner, ["audit", path, "--only", "cues,stigma,passages,balance", "--strict"])
    assert result.exit_code == 0, result.output


NEEDED = ("textstat", "rapidfuzz")


def test_new_tells_the_author_about_audit(runner: CliRunner, tmp_path: Path) -> None:
    bank = tmp_path / "my-bank.yaml"
    result = run(runner, ["new", str(ROOT / "tests" / "data" / "article.txt"), "-o", str(bank)])
    assert f"Once it is valid, see how a test-wise learner would fare:  ketaquiz audit {bank}" in result.stdout


# Never a crash, whatever a valid bank holds.

_WORDS = st.sampled_from(["ketamine", "always", "may", "studies have shown", "addicts", "'abuse'", "Abuse", "a", "—"])
_TEXT = st.one_of(
    st.lists(_WORDS, min_size=1, max_size=12).map(" ".join),
    st.text(string.ascii_letters + string.digits + string.punctuation + " \n\téü’“”—…", min_size=1, max_size=60),
    st.text(st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")), min_size=1, max_size=40),
)
_QUESTION = st.fixed_dictionaries(
    {
        "statement": _TEXT,
        "answer": st.sampled_from(["myth", "fact"]),
        "explanation": _TEXT,
        "passage": _TEXT,
        "tags": st.lists(st.sampled_from(["a", "b", "c-d"]), max_size=3, unique=True),
    },
    optional={"leans": st.sampled_from(["favourable", "unfavourable", "neutral"])},
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questions=st.lists(_QUESTION, min_size=1, max_size=8), focus=st.sampled_from([None, "a", "b"]), title=_TEXT)
def test_audit_never_raises_on_a_bank_that_validates(
    questions: list[dict[str, Any]], focus: str | None, title: str
) -> None:
    for number, question in enumerate(questions):
        question["id"] = f"q{number}"
    top: dict[str, Any] = {"title": title, "focus": focus} if focus else {"title": title}
    source = {"title": "T", "text": "\n".join(question["passage"] for question in questions)}
    try:
        loaded = parse_bank(json.dumps({**top, "source": source, "questions": questions}, ensure_ascii=False), "b.json")
    except BankError:
        reject()  # not a bank that validates (a title of whitespace, say): validate's business
    strategies, findings = audit.run(loaded, audit.CHECKS)
    json.dumps(audit.as_json(loaded, audit.CHECKS, strategies, findings))
    report_lines(loaded, strategies, findings)
    for console in (Console(file=io.StringIO(), width=60, force_terminal=True), PlainConsole(file=io.StringIO())):
        report(console, loaded, strategies, findings)


def test_the_bundled_bank_passes_the_audit_strictly(runner: CliRunner) -> None:
    result = run(runner, ["audit", "--strict"])
    assert result.exit_code == 0, result.stdout
    # Its French has no reading-grade formula yet, which the audit says once.
    assert result.stdout.count("Note: the fr text is left out of the reading grade") == 1


def _in_french(text: str) -> str:
    """A bank as JSON, in English and French: every text translated (marked FR, to tell them apart)."""
    document = json.loads(text)
    document["languages"] = ["en", "fr"]
    document["translations"] = {"fr": {"title": "Une banque simple"}}
    for question in document["questions"]:
        texts = {key: f"FR {question[key]}" for key in ("statement", "explanation")}
        if "evidence" in question:
            texts["note"] = f"FR {question['evidence']['note']}"
        question["translations"] = {"fr": texts}
    return json.dumps(document, indent=1)


def test_a_language_the_grade_has_no_formula_for_is_said_once_and_is_no_finding(
    runner: CliRunner, write_bank: WriteBank
) -> None:
    path = write_bank(_in_french(bank_text(focus="safety")), "bank.json")
    result = run(runner, ["audit", path, "--strict"])
    assert result.exit_code == 0, result.output
    note = "the fr text is left out of the reading grade, which has a formula for en only"
    assert result.stdout.splitlines()[:3] == [
        f"Audit of A plain bank ({path})",
        "10 statements (5 myths, 5 facts)",
        f"Note: {note}",
    ]
    assert result.stdout.count("Note:") == 1 and result.stdout.endswith("No findings.\n")
    assert json.loads(run(runner, ["audit", path, "-f", "json"]).stdout)["notes"] == [note]
    assert "Note:" not in run(runner, ["audit", path, "--only", "cues,stigma"]).stdout


def test_each_language_a_formula_grades_is_graded_in_its_own_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seam for a French formula: with one, the French is graded too, and its findings say so."""
    from ketaquiz.audit import language

    loaded = parse_bank(_in_french(bank_text()), "b.json")
    assert language.findings(loaded) == []
    monkeypatch.setitem(language.GRADERS, "fr", lambda text: 12.0 if text.startswith("FR") else 1.0)
    found = language.findings(loaded)
    assert language.note(loaded) is None
    assert len(found) == len(QUESTIONS)
    assert found[0].message == (
        "reads above grade 8 (fr): the statement at grade 12.0 and the explanation at grade 12.0"
    )
    assert found[0].detail == (f"longest sentence (13 words, in the explanation): FR {QUESTIONS[0]['explanation']}",)
