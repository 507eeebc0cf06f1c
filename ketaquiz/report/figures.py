"""What a report says, worked out once for every format: each workshop's statements before and
after, its overall change and whether it was cut short, and all the workshops combined.

"Before" is a statement's votes in a workshop's first round, taken before its reveal; "after",
the votes in its recap round. A follow-up (`present --recap-only`) is compared with the workshop
it follows. Combined across workshops, each statement's first-round votes are added up, and its
recap votes; a follow-up, days later, is shown beside its workshop but not added in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ketaquiz.i18n import _, ngettext
from ketaquiz.saveformat import FOLLOW_UP, Counted, Saved
from ketaquiz.votes import BeforeAfter, Changes, Languages, Overall, Tally, overall, overall_change


@dataclass(frozen=True)
class Statement:
    """One statement in a workshop, or in all of them together."""

    number: int  # in the order first shown
    row: BeforeAfter
    before_phones: Tally | None = None
    before_hands: Tally | None = None
    after_phones: Tally | None = None
    after_hands: Tally | None = None
    before_languages: Languages = ()  # how many phones voted in each language, in each round
    after_languages: Languages = ()

    @property
    def sure_wrong_before(self) -> float | None:
        return None if self.row.before is None else self.row.before.share_sure_wrong(self.row.answer)

    @property
    def sure_wrong_after(self) -> float | None:
        return None if self.row.after is None else self.row.after.share_sure_wrong(self.row.answer)

    @property
    def voters_before(self) -> int:
        return 0 if self.row.before is None else self.row.before.total

    @property
    def voters_after(self) -> int:
        return 0 if self.row.after is None else self.row.after.total


@dataclass(frozen=True)
class Workshop:
    """A workshop (or a follow-up) as the report shows it."""

    source: str  # the save file (or the journal beside it) it was read from
    started: str
    title: str  # the bank's
    kind: str
    follows: str | None
    confidence: bool
    statements: tuple[Statement, ...]
    notes: tuple[str, ...]  # how it was cut short, what could not be compared

    @property
    def date(self) -> str:
        return self.started[:10]

    @property
    def voters(self) -> int:
        """The most that voted on any one statement, in either round: how many took part, at least."""
        return max((max(s.voters_before, s.voters_after) for s in self.statements), default=0)

    @property
    def first_round(self) -> Overall:
        return overall([(s.row.answer, s.row.before) for s in self.statements])

    @property
    def change(self) -> tuple[Overall, Overall]:
        return overall_change([s.row for s in self.statements])

    @property
    def recapped(self) -> int:
        return sum(1 for s in self.statements if s.row.after is not None)

    @property
    def changes(self) -> Changes | None:
        return add_changes(s.row.changes for s in self.statements)

    @property
    def languages(self) -> Languages:
        """The phones' votes in each language, over every statement of both rounds; none where the
        save file did not say (a room that names no language, or a file from before languages)."""
        return add_languages(split for s in self.statements for split in (s.before_languages, s.after_languages))


@dataclass(frozen=True)
class Report:
    workshops: tuple[Workshop, ...]
    combined: Workshop  # every workshop's first rounds and recaps added up, statement by statement

    @property
    def confidence(self) -> bool:
        return any(workshop.confidence for workshop in self.workshops)

    @property
    def recap(self) -> bool:
        return any(workshop.recapped for workshop in self.workshops)


def report(sessions: Sequence[Saved], statements: Mapping[str, str]) -> Report:
    """The report on `sessions` (from one or more save files); `statements`, the text of each
    statement by id, for files that kept only ids (version 1)."""
    firsts = {(session.source, session.started): session for session in sessions if session.kind != FOLLOW_UP}
    workshops = tuple(
        _workshop(session, firsts, statements) for session in sessions if session.results or session.recap
    )
    return Report(workshops, combined(workshops))


def _workshop(session: Saved, firsts: Mapping[tuple[str, str], Saved], texts: Mapping[str, str]) -> Workshop:
    notes = list(cut_short(session))
    befores = session.results
    if session.kind == FOLLOW_UP:
        followed = firsts.get((session.source, session.follows or ""))
        befores = () if followed is None else followed.results
        if followed is None:
            notes.append(
                _("The workshop it follows (started {started}) is not in this file: no before to compare.").format(
                    started=session.follows
                )
            )
    before = {result.id: result for result in befores}
    after = {result.id: result for result in session.recap}
    order = list(session.results) or [before.get(recalled.id, recalled) for recalled in session.recap]
    rows = []
    for number, shown in enumerate(order, 1):
        first, second = before.get(shown.id), after.get(shown.id)
        row = BeforeAfter(
            shown.id,
            shown.statement or texts.get(shown.id, shown.id),
            shown.answer,
            None if first is None else first.tally,
            None if second is None else second.tally,
            None if second is None else second.changes,
        )
        rows.append(_statement(number, row, first, second))
    return Workshop(
        session.source,
        session.started,
        session.title,
        session.kind,
        session.follows,
        session.confidence,
        tuple(rows),
        tuple(notes),
    )


def _statement(number: int, row: BeforeAfter, first: Counted | None, second: Counted | None) -> Statement:
    return Statement(
        number,
        row,
        None if first is None else first.phones,
        None if first is None else first.hands,
        None if second is None else second.phones,
        None if second is None else second.hands,
        () if first is None else first.languages,
        () if second is None else second.languages,
    )


def cut_short(session: Saved) -> Iterable[str]:
    """How a workshop fell short of what it set out to do, in words."""
    if not session.ended:
        yield _("It stopped before its end (killed or closed): what it recorded is shown.")
    shown = len(session.results)
    if session.kind != FOLLOW_UP and session.statements is not None and shown < session.statements:
        yield ngettext(
            "It ended after {shown} of {count} statement.",
            "It ended after {shown} of {count} statements.",
            session.statements,
        ).format(shown=shown, count=session.statements)
    planned = session.recap_planned
    if planned is not None and len(session.recap) < planned:
        yield ngettext(
            "Its recap was cut short: {asked} of {count} statement asked again.",
            "Its recap was cut short: {asked} of {count} statements asked again.",
            planned,
        ).format(asked=len(session.recap), count=planned)


def combined(workshops: Sequence[Workshop]) -> Workshop:
    """Every workshop's statements added up by id, in the order each was first shown."""
    rows: dict[str, list[Statement]] = {}
    for workshop in workshops:
        if workshop.kind == FOLLOW_UP:
            continue
        for statement in workshop.statements:
            rows.setdefault(statement.row.id, []).append(statement)
    together = tuple(_added(number, found) for number, found in enumerate(rows.values(), 1))
    started = min((workshop.started for workshop in workshops), default="")
    confidence = any(workshop.confidence for workshop in workshops)
    titles = sorted({workshop.title for workshop in workshops if workshop.title})
    return Workshop("", started, " · ".join(titles), "combined", None, confidence, together, ())


def _added(number: int, found: Sequence[Statement]) -> Statement:
    first = found[0].row
    row = BeforeAfter(
        first.id,
        first.statement,
        first.answer,
        add_tallies(s.row.before for s in found),
        add_tallies(s.row.after for s in found),
        add_changes(s.row.changes for s in found),
    )
    return Statement(
        number,
        row,
        add_tallies(s.before_phones for s in found),
        add_tallies(s.before_hands for s in found),
        add_tallies(s.after_phones for s in found),
        add_tallies(s.after_hands for s in found),
        add_languages(s.before_languages for s in found),
        add_languages(s.after_languages for s in found),
    )


def add_tallies(tallies: Iterable[Tally | None]) -> Tally | None:
    found = [tally for tally in tallies if tally is not None]
    return sum(found[1:], found[0]) if found else None


def add_languages(splits: Iterable[Languages]) -> Languages:
    """Language splits added up, each language in the order it first comes."""
    counts: dict[str, int] = {}
    for split in splits:
        for language, count in split:
            counts[language] = counts.get(language, 0) + count
    return tuple(counts.items())


def add_changes(changes: Iterable[Changes | None]) -> Changes | None:
    found = [change for change in changes if change is not None]
    return sum(found[1:], found[0]) if found else None
