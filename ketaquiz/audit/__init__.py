"""`ketaquiz audit`: a valid bank read the way a test-wise learner and a careful editor would.

One room per family of checks: `cues` (strategies that score without knowing anything),
`language` (reading grade), `stigma` (words about substance use), `pairs` (statements that answer
each other), `passages` (passages that may not bear on their statements) and `balance`. No I/O,
no Rich. The reading grade and the fuzzy matching come from the optional extra `audit`
(textstat, rapidfuzz), imported only inside the checks that use them.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from typing import Any

from ketaquiz import wording
from ketaquiz.errors import UsageProblem
from ketaquiz.i18n import listed, ngettext
from ketaquiz.model import Answer, Bank, Finding, Strategy

CHECKS = ("cues", "language", "stigma", "pairs", "passages", "balance")
# The packages of the audit extra, by the check that needs them.
NEEDS = {"language": "textstat", "pairs": "rapidfuzz"}


def missing(checks: Sequence[str]) -> list[str]:
    """The checks among `checks` whose package is not installed."""
    return [check for check in checks if check in NEEDS and importlib.util.find_spec(NEEDS[check]) is None]


def require(checks: Sequence[str]) -> None:
    """Refuse checks whose packages are missing, saying what to install and what runs without it."""
    lacking = missing(checks)
    if lacking:
        without = [check for check in CHECKS if check not in NEEDS]
        message = ngettext(
            "the {checks} check needs the 'audit' extra: in a clone, pip install '.[audit]' (or pip install "
            "'ketaquiz[audit]'); or leave it out with --only {others}",
            "the {checks} checks need the 'audit' extra: in a clone, pip install '.[audit]' (or pip install "
            "'ketaquiz[audit]'); or leave them out with --only {others}",
            len(lacking),
        )
        raise UsageProblem(message.format(checks=listed(lacking), others=",".join(without)))


def run(bank: Bank, checks: Sequence[str]) -> tuple[list[Strategy], list[Finding]]:
    """The strategies' scores (when `cues` is among `checks`) and every finding, check by check."""
    from ketaquiz.audit import balance, cues, language, pairs, passages, stigma

    finders: dict[str, Callable[[Bank], list[Finding]]] = {
        "cues": cues.findings,
        "language": language.findings,
        "stigma": stigma.findings,
        "pairs": pairs.findings,
        "passages": passages.findings,
        "balance": balance.findings,
    }
    strategies = cues.strategies(bank) if "cues" in checks else []
    return strategies, [finding for check in CHECKS if check in checks for finding in finders[check](bank)]


def notes(bank: Bank, checks: Sequence[str]) -> list[str]:
    """What the checks leave out of this bank, said once above the findings: never a finding itself."""
    from ketaquiz.audit import language

    said = language.note(bank) if "language" in checks else None
    return [said] if said else []


def as_json(
    bank: Bank,
    checks: Sequence[str],
    strategies: Sequence[Strategy],
    findings: Sequence[Finding],
    *,
    notes: Sequence[str] = (),
) -> Any:
    """The audit for tools: the same figures and findings as the table, with the same words."""
    myths = sum(question.answer is Answer.MYTH for question in bank.questions)
    return {
        "bank": bank.path,
        "title": wording.heading(bank),
        "statements": len(bank.questions),
        "myths": myths,
        "facts": len(bank.questions) - myths,
        "checks": list(checks),
        "notes": list(notes),
        "strategies": [
            {
                "name": strategy.name,
                "rule": strategy.rule,
                "cued": strategy.cued,
                "points": strategy.points,
                "out_of": strategy.out_of,
                "share": round(strategy.share, 4),
                "lead": round(strategy.lead, 2),
                "flagged": strategy.flagged,
            }
            for strategy in strategies
        ],
        "findings": [
            {
                "check": finding.check,
                "questions": list(finding.questions),
                "message": finding.message,
                "suggestion": finding.suggestion,
                "detail": list(finding.detail),
            }
            for finding in findings
        ],
    }
