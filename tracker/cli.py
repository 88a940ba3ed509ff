"""The command line: ``tracker`` and its commands.

Exit codes: 0 ok; 1 a user error (one line on stderr); 2 a usage error; 75 try again later;
78 bad configuration. A failed command changes nothing: each command's writes happen in
one transaction that is rolled back on any error.
"""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any, TypeVar, cast

import typer
from typer.core import TyperCommand, TyperGroup

from tracker import __version__
from tracker.errors import TrackerError, UserError
from tracker.progress import terminal_progress
from tracker.reports.registry import REPORT_FORMATS


def _command_group() -> type[TyperGroup]:
    """The group class of ``tracker`` and its groups of commands.

    ``tracker.cli_values`` coerces option values without loading pydantic, through Typer's
    private names. A Typer release that moves them makes that module fail to import: the
    commands then take Typer's own group, slower to start but the same in every result and
    message (and the test that an export loads no pydantic says so).
    """
    try:
        from tracker.cli_values import Commands
    except ImportError:
        return TyperGroup
    return Commands


app = typer.Typer(
    cls=_command_group(),
    name="tracker",
    help="Hold ministries to the commitments they make in briefings.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
owner_app = typer.Typer(
    cls=_command_group(), help="Owners (responsible bodies) and their e-mail addresses.", rich_markup_mode=None
)
app.add_typer(owner_app, name="owner")

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1, *, more: Sequence[str] = ()) -> typer.Exit:
    """Print one line on stderr, and one per line of ``more`` (control characters from user
    input removed)."""
    from tracker.text import one_line

    for line in (message, *more):
        typer.echo(f"tracker: {one_line(line)}", err=True)
    return typer.Exit(code)


def fail_with(exc: TrackerError) -> typer.Exit:
    """Show ``exc`` (a line per bad setting) and give its exit code."""
    first, *more = exc.lines()
    return fail(first, exc.exit_code, more=more)


def handled(func: F) -> F:
    """Report TrackerErrors as one line on stderr with their exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TrackerError as exc:
            raise fail_with(exc) from None
        except KeyboardInterrupt:
            raise fail("interrupted; nothing was changed", 130) from None
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): not an error worth a message.
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


class State:
    """What the global options chose: the database, opened on first use."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._store: Any = None

    def store(self, *, upgrade_schema: bool = False) -> Any:
        if self._store is None:
            from tracker.store import open_store

            self._store = open_store(self.db, upgrade_schema=upgrade_schema)
        return self._store


def _state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):
        obj = State(None)
        ctx.find_root().obj = obj
    return obj


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tracker {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file or URL (default: TRACKER_DB, else db/tracker.db in a checkout, "
            "else tracker.db in your data folder).",
            metavar="PATH|URL",
        ),
    ] = None,
    version: Annotated[  # noqa: ARG001 (handled by its eager callback)
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Hold ministries to the commitments they make in briefings.

    With no command, opens the interactive tracker.
    """
    ctx.obj = State(db)
    if ctx.invoked_subcommand is None:
        ctx.invoke(tui, ctx)


def _first_run(state: State) -> Any:
    """Open the store; an empty database (no briefing, no commitment) is filled from seeds/."""
    store = state.store()
    from tracker.seeding import is_empty, seed_briefings

    if is_empty(store):
        if store.is_sqlite:
            typer.echo(f"first run: database {store.url.database}", err=True)
        for summary in seed_briefings(store):
            typer.echo(f"first run: {summary}", err=True)
    return store


# ---------------------------------------------------------------- helpers


class _SlippedDefault(TyperCommand):
    """``--slipped`` takes an optional count: given bare, it means 1 (moved at least once).
    Typer has no optional option values, so the missing 1 is put in before parsing."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        given: list[str] = []
        for i, arg in enumerate(args):
            given.append(arg)
            if arg == "--":
                given += args[i + 1 :]
                break
            following = args[i + 1] if i + 1 < len(args) else ""
            if arg == "--slipped" and not following.lstrip("-").isdigit():
                given.append("1")
        return super().parse_args(ctx, given)


def _date_option(value: str | None, option: str) -> date | None:
    """The date typed for ``option`` (None when not given); a bad one is a UserError naming it."""
    if value is None:
        return None
    from tracker.dates import parse_day

    try:
        return parse_day(value)
    except ValueError as exc:
        raise UserError(f"{option}: {exc}") from None


def _today() -> date:
    from tracker.clock import today

    return today()


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ImportFormat(StrEnum):
    table = "table"
    json = "json"


class ReviewChoice(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    rejected = "rejected"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


@contextmanager
def _output(path: Path | None) -> Iterator[Any]:
    """stdout, or a file written in full or not at all (see ``tracker.files``)."""
    if path is None:
        yield sys.stdout
        return
    from tracker.files import atomic_write

    with atomic_write(path.expanduser()) as target, target.open("w", encoding="utf-8", newline="") as out:
        yield out


def _table(rows: Iterable[Any], *, width: int | None = None, slips: dict[int, Any] | None = None) -> int:
    """Print rows as an aligned table sized to the terminal; returns how many. With
    ``slips`` (id -> followup.Slippage), the MOVED and DAYS of each deadline come first."""
    from tracker.text import one_line

    width = width or shutil.get_terminal_size((120, 24)).columns
    header: tuple[str, ...] = ("ID", "DEADLINE", "WHEN", "STATUS", "KIND", "THEME", "OWNER", "TITLE")
    if slips is not None:
        header = ("ID", "MOVED", "DAYS", *header[1:])
    lines: list[tuple[str, ...]] = []
    for r in rows:
        moved: tuple[str, ...] = ()
        if slips is not None:
            slip = slips.get(r.id)
            moved = (str(slip.moves), f"{slip.days:+d}") if slip else ("0", "0")
        if r.days_overdue is not None:
            when = f"{r.days_overdue}d late"
        else:
            when = str(r.timeliness).replace("_", " ")
        lines.append(
            (
                str(r.id),
                *moved,
                r.deadline.isoformat() if r.deadline else "-",
                when,
                r.status,
                r.kind,
                r.theme,
                one_line(r.owner, 24),
                # Not yet (or never) counted: said before the title, where the eye starts.
                one_line(r.title if r.review == "accepted" else f"({r.review}) {r.title}"),
            )
        )
    if not lines:
        return 0
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header[:-1])]
    fixed = sum(widths) + 2 * len(widths)
    title_width = max(width - fixed, 20)
    fmt = "  ".join(f"{{:<{w}}}" for w in widths) + "  {}"
    typer.echo(fmt.format(*header))
    for line in lines:
        typer.echo(fmt.format(*line[:-1], one_line(line[-1], title_width)))
    return len(lines)


def _json_dump(data: Any, out: Any) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


# ---------------------------------------------------------------- commands


@app.command()
@handled
def init(ctx: typer.Context) -> None:
    """Create the database, or upgrade its schema (idempotent; backs up before upgrading)."""
    from tracker.store import SCHEMA_HEAD, ensure_search_index

    store = _state(ctx).store(upgrade_schema=True)
    if ensure_search_index(store):
        typer.echo("search index rebuilt")
    typer.echo(f"database {store.display} is ready (schema {SCHEMA_HEAD})")


@app.command("import")
@handled
def import_(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Briefings (.md, .txt, .pdf, .docx, .html) or commitments (.csv, .json).", metavar="PATH..."
        ),
    ],
    briefing_date: Annotated[
        str | None,
        typer.Option("--date", help="The sitting's date, if the briefing does not say (or says wrongly).", metavar="D"),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and show, write nothing.")] = False,
    allow_duplicate: Annotated[
        bool,
        typer.Option("--allow-duplicate", help="Import a briefing even if nearly the same text is already stored."),
    ] = False,
    fmt: Annotated[ImportFormat, typer.Option("--format", help="table or json.")] = ImportFormat.table,
    explain: Annotated[
        bool, typer.Option("--explain", help="List every sentence of a briefing with what was decided and why.")
    ] = False,
    accept: Annotated[
        bool, typer.Option("--accept", help="Store a briefing's items accepted at once, without review.")
    ] = False,
) -> None:
    """Import briefings (parsed into commitments) or commitments from CSV/JSON: all or nothing.

    A briefing's new items are proposed: they count nowhere until accepted (`tracker review`),
    unless --accept is given."""
    from tracker import importer

    day = _date_option(briefing_date, "--date")
    checked: list[tuple[Path, Any]] = []
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in (".csv", ".json"):
            checked.append((path, importer.read_rows(path)))
            continue
        # Only a briefing loads the parser: its rules and patterns cost a CSV import 0.1 s.
        from tracker.briefing_store import BRIEFING_SUFFIXES, load_briefing

        if suffix not in BRIEFING_SUFFIXES:
            raise UserError(
                f"{path}: tracker imports briefings ({', '.join(BRIEFING_SUFFIXES)}) and commitments (.csv, .json)"
            )
        checked.append((path, load_briefing(path, briefing_date=day)))
    store = _state(ctx).store()
    reports: list[tuple[Any, str | None]] = []
    today = _today()
    with store.write() as session:
        for path, content in checked:
            if not isinstance(content, list):  # a briefing; rows are a list
                from tracker.briefing_store import import_briefing

                report = import_briefing(
                    session, content.parsed, path=path, allow_duplicate=allow_duplicate, accept=accept
                )
                reports.append((report, content.date_line))
            else:
                with terminal_progress(f"import {path.name}") as progress:
                    rows_report = importer.import_rows(session, content, path=str(path), today=today, progress=progress)
                reports.append((rows_report, None))
        if dry_run:
            session.rollback()
    parsed = [None if not explain or isinstance(content, list) else content.parsed for _, content in checked]
    if fmt is ImportFormat.json:
        _json_dump(
            [
                {
                    **_report_json(r),
                    **({"sitting_date_from": line} if line else {}),
                    "dry_run": dry_run,
                    **({"decisions": _decisions_json(p)} if p else {}),
                }
                for (r, line), p in zip(reports, parsed, strict=True)
            ],
            sys.stdout,
        )
        return
    for (report, date_line), briefing in zip(reports, parsed, strict=True):
        if date_line:
            # A date read from the text is a proposal: shown first, so the user can correct it.
            typer.echo(f"{report.path}: {date_line}")
        if hasattr(report, "found"):
            _briefing_table(report)
        if briefing is not None:
            _decisions_table(briefing)
        typer.echo(report.summary + (" (dry run: nothing written)" if dry_run else ""))


def _decisions_json(parsed: Any) -> list[dict[str, Any]]:
    return [
        {"start": d.start, "end": d.end, "sentence": d.text, "decision": d.verdict, "why": d.reason, "items": d.items}
        for d in parsed.decisions
    ]


def _decisions_table(parsed: Any) -> None:
    """Every sentence of a briefing with the parser's decision and the reason for it."""
    from tracker.text import one_line

    width = shutil.get_terminal_size((120, 24)).columns
    typer.echo(f"{'#':>4}  {'decision':<12} {'items':>5}  {'why':<44} sentence")
    for n, d in enumerate(parsed.decisions, start=1):
        head = f"{n:>4}  {d.verdict:<12} {d.items:>5}  {one_line(d.reason, 44):<44} "
        typer.echo(head + one_line(d.text, max(width - len(head), 20)))


def _report_json(report: Any) -> dict[str, Any]:
    if hasattr(report, "to_json"):
        return dict(report.to_json())
    return {"path": report.path, "created": report.created, "updated": report.updated, "unchanged": report.unchanged}


def _briefing_table(report: Any) -> None:
    """What the parser found in a briefing: one line per commitment, new ones marked."""
    from tracker.text import one_line

    width = shutil.get_terminal_size((120, 24)).columns
    typer.echo(f"{one_line(report.title)} ({report.date.isoformat()})")
    for found in report.found:
        c = found.parsed
        target = f"{c.target_value:,.0f} {c.target_unit or ''}".strip() if c.target_value is not None else "-"
        deadline = c.deadline.isoformat() if c.deadline else "-"
        mark = "new" if found.new else f"rej#{found.id}" if found.rejected_before else f"#{found.id}"
        head = f"  {mark:<6} {c.kind:<10} {c.theme:<20} {deadline:<10}  {target:<20} "
        typer.echo(head + one_line(c.title, max(width - len(head), 20)))
        excerpt = c.excerpts[0].text if c.excerpts else ""
        typer.echo("         " + one_line(f'"{excerpt}"', max(width - 9, 20)))


@app.command("list", cls=_SlippedDefault)
@handled
def list_(
    ctx: typer.Context,
    status: Annotated[list[str] | None, typer.Option("--status", help="Only these statuses (repeatable).")] = None,
    theme: Annotated[list[str] | None, typer.Option("--theme", help="Only these themes (repeatable).")] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Owner name contains this.")] = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help="Only commitments or only directives (repeatable).")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only open commitments past their deadline.")] = False,
    due_within: Annotated[
        int | None, typer.Option("--due-within", min=0, help="Only open ones due in the next N days.", metavar="N")
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", help='Words (or their starts) or a "phrase", in the text or the notes.')
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="As things stood on this date.", metavar="DATE")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="table, csv or json.")] = ListFormat.table,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most N rows.", metavar="N")] = None,
    review: Annotated[
        list[ReviewChoice] | None,
        typer.Option("--review", help="Only items in this review state (repeatable; default accepted and proposed)."),
    ] = None,
    slipped: Annotated[
        int | None,
        typer.Option(
            "--slipped",
            min=1,
            metavar="[N]",
            help="Only those whose deadline moved at least N times (default 1), most moved first.",
        ),
    ] = None,
) -> None:
    """List commitments, filtered, as they stood on a date (default: today). Items that wait
    for review are listed too, marked "(proposed)"."""
    from tracker import commitments as svc
    from tracker import queries

    day = _date_option(as_of, "--as-of") or _today()
    filters = queries.Filters(
        statuses=[svc.parse_status(s) for s in status or []],
        themes=[svc.check_theme(t) for t in theme or []],
        owner=owner,
        kinds=[svc.parse_kind(k) for k in kind or []],
        overdue=overdue,
        due_within=due_within,
        search=search,
        reviews=[str(r) for r in review] if review else ["accepted", "proposed"],
        slipped=slipped,
    )
    store = _state(ctx).store()
    order = "slipped" if slipped is not None else "most_overdue" if overdue else "id"
    with store.read() as session:
        rows = queries.iter_rows(session, as_of=day, filters=filters, order=order, limit=limit)
        if slipped is not None:
            _list_slipped(session, rows, day, fmt)
        elif fmt is ListFormat.json:
            from tracker.reports import write_json

            write_json(rows, sys.stdout)
        elif fmt is ListFormat.csv:
            from tracker.csvio import write_csv
            from tracker.text import TerminalSafe

            header = [*queries.JSON_FIELDS, "description", "deadline_rule"]
            # On a terminal, stored text must not drive it (a title holding ESC ]0; sets
            # the window title): controls are stripped there; a file gets the bytes exact.
            out = cast(IO[str], TerminalSafe(sys.stdout)) if sys.stdout.isatty() else sys.stdout
            write_csv(out, header, ([r.to_json()[h] for h in header] for r in rows))
        else:
            shown = _table(rows)
            if not shown:
                typer.echo("No commitments match.", err=True)


def _list_slipped(session: Any, rows: Iterable[Any], day: date, fmt: ListFormat) -> None:
    """``list --slipped``: each row with how often and how far its deadline had moved by
    ``day`` and at how many sittings it was restated, read a batch of rows at a time."""
    from itertools import islice

    from tracker import followup
    from tracker.queries import JSON_FIELDS

    extra = ("deadline_moves", "deadline_days_moved", "restated_sittings")

    def with_slippage() -> Iterator[tuple[Any, Any]]:
        stream = iter(rows)
        while batch := list(islice(stream, 500)):
            slips = followup.slippage(session, [r.id for r in batch], as_of=day)
            for r in batch:
                yield r, slips.get(r.id, followup.Slippage())

    if fmt is ListFormat.table:
        pairs = list(with_slippage())
        if not _table([r for r, _ in pairs], slips={r.id: slip for r, slip in pairs}):
            typer.echo("No commitments match.", err=True)
        return
    header = [*JSON_FIELDS, "description", "deadline_rule", *extra]
    records = (
        {**r.to_json(), **dict(zip(extra, (s.moves, s.days, s.sittings), strict=True))} for r, s in with_slippage()
    )
    if fmt is ListFormat.json:
        sys.stdout.write("[")
        for i, record in enumerate(records):
            sys.stdout.write(("," if i else "") + "\n  " + json.dumps(record, ensure_ascii=False))
        sys.stdout.write("\n]\n")
        return
    from tracker.csvio import write_csv
    from tracker.text import TerminalSafe

    out = cast(IO[str], TerminalSafe(sys.stdout)) if sys.stdout.isatty() else sys.stdout
    write_csv(out, header, ([record[h] for h in header] for record in records))


@app.command()
@handled
def review(
    ctx: typer.Context,
    briefing_id: Annotated[
        int | None, typer.Argument(metavar="[BRIEFING_ID]", help="Only this briefing's items.")
    ] = None,
    accept: Annotated[
        str | None, typer.Option("--accept", help="Accept these items: ids like 3,5-7.", metavar="IDS")
    ] = None,
    reject: Annotated[
        str | None, typer.Option("--reject", help="Reject these items (kept, never proposed again).", metavar="IDS")
    ] = None,
    accept_all: Annotated[
        bool, typer.Option("--accept-all", help="Accept every item and follow-up of BRIEFING_ID that still waits.")
    ] = False,
    accept_link: Annotated[
        str | None,
        typer.Option("--accept-link", help="Accept these follow-ups (they change their commitments).", metavar="IDS"),
    ] = None,
    reject_link: Annotated[
        str | None, typer.Option("--reject-link", help="Reject these follow-ups.", metavar="IDS")
    ] = None,
    fmt: Annotated[ImportFormat, typer.Option("--format", help="table or json.")] = ImportFormat.table,
) -> None:
    """List what briefings proposed and waits for review, or decide it (all or nothing)."""
    from tracker import review as reviewing
    from tracker.commitments import current_user

    options = (
        ("--accept", accept),
        ("--reject", reject),
        ("--accept-all", accept_all),
        ("--accept-link", accept_link),
        ("--reject-link", reject_link),
    )
    chosen = [name for name, given in options if given]
    if len(chosen) > 1:
        raise fail(f"choose one of {' and '.join(chosen)}", 2)
    if accept_all and briefing_id is None:
        raise fail("--accept-all needs the BRIEFING_ID whose items to accept", 2)
    given = accept or reject or accept_link or reject_link
    ids = reviewing.parse_ids(given) if given is not None else []
    store = _state(ctx).store()
    today, by = _today(), current_user()
    decided: list[int] = []
    with store.write() as session:
        if accept is not None:
            decided = reviewing.accept(session, ids, today=today, by=by, within=briefing_id)
        elif reject is not None:
            decided = reviewing.reject(session, ids, today=today, by=by, within=briefing_id)
        elif accept_all and briefing_id is not None:
            decided = reviewing.accept_all(session, briefing_id, today=today, by=by)
        elif accept_link is not None:
            decided = reviewing.accept_links(session, ids, today=today, by=by, within=briefing_id)
        elif reject_link is not None:
            decided = reviewing.reject_links(session, ids, by=by, within=briefing_id)
        waiting = reviewing.waiting(session, briefing_id)
    verb = "rejected" if reject is not None or reject_link is not None else "accepted"
    if accept_link is not None or reject_link is not None:
        verb += " follow-ups"
    if fmt is ImportFormat.json:
        out: dict[str, Any] = {"waiting": [w.to_json() for w in waiting]}
        if chosen:
            out[verb] = decided
        _json_dump(out, sys.stdout)
        return
    if chosen:
        typer.echo(f"{verb} {len(decided)}: " + ", ".join(f"#{i}" for i in decided))
    _review_table(waiting)
    _follow_up_table(waiting)


def _review_table(waiting: Sequence[Any]) -> None:
    """What waits for review, per briefing: id, kind, owner, deadline, title, the sentence."""
    from tracker.text import one_line

    if not any(w.items or w.links for w in waiting):
        typer.echo("Nothing waits for review.")
        return
    width = shutil.get_terminal_size((120, 24)).columns
    for w in waiting:
        if not w.items:
            continue
        typer.echo(f"Briefing {w.id}: {one_line(w.title)} ({w.date.isoformat()}), {len(w.items)} waiting")
        typer.echo(f"  {'ID':>6}  {'KIND':<10} {'OWNER':<24} {'DEADLINE':<10}  TITLE")
        for item in w.items:
            deadline = item.deadline.isoformat() if item.deadline else "-"
            head = f"  {item.id:>6}  {item.kind:<10} {one_line(item.owner, 24):<24} {deadline:<10}  "
            typer.echo(head + one_line(item.title, max(width - len(head), 20)))
            typer.echo("          " + one_line(f'"{item.excerpt or item.description}"', max(width - 10, 20)))


def _follow_up_table(waiting: Sequence[Any]) -> None:
    """Follow-ups per briefing: the stored commitment's state beside what the sentence says."""
    from tracker.text import one_line

    width = shutil.get_terminal_size((120, 24)).columns
    for w in waiting:
        if not w.links:
            continue
        typer.echo(f"Briefing {w.id}: {len(w.links)} follow-ups of earlier commitments (--accept-link IDS)")
        for link in w.links:
            item = f" (item #{link.item_id})" if link.item_id is not None else ""
            head = f"  {link.id:>6}  {link.relation:<11} {link.score:.2f}  #{link.commitment_id}{item} "
            typer.echo(head + one_line(link.title, max(width - len(head), 20)))
            typer.echo("          " + one_line(link.change(), max(width - 10, 20)))
            typer.echo("          " + one_line(f'"{link.excerpt}"', max(width - 10, 20)))


@app.command()
@handled
def show(
    ctx: typer.Context,
    commitment_id: Annotated[int, typer.Argument(metavar="ID")],
    fmt: Annotated[ShowFormat, typer.Option("--format", help="text or json.")] = ShowFormat.text,
) -> None:
    """Show one commitment: what, who, by when, where it came from, every briefing that stated
    it, its actuals against the target, and its history."""
    from tracker import commitments as svc
    from tracker import followup, queries

    store = _state(ctx).store()
    today = _today()
    with store.read() as session:
        d = svc.detail(session, commitment_id)
        one = queries.Filters(ids=[commitment_id], include_later=True)
        row = next(queries.iter_rows(session, as_of=today, filters=one))
        stated = followup.lineage(session, commitment_id)
        actuals = followup.actuals(session, commitment_id)
        progress = followup.progress(session, commitment_id, as_of=today)
        slip = followup.slippage(session, [commitment_id], as_of=today).get(commitment_id, followup.Slippage())
    c = d.commitment
    own_excerpts = [e.excerpt for e in d.excerpts if e.briefing_id in (None, c.briefing_id)]
    hist = [
        {
            "effective_on": h.effective_on.isoformat(),
            "recorded_at": h.recorded_at.isoformat(timespec="seconds"),
            "by": h.by,
            "from_status": h.from_status,
            "to_status": h.to_status,
            "from_deadline": h.from_deadline.isoformat() if h.from_deadline else None,
            "to_deadline": h.to_deadline.isoformat() if h.to_deadline else None,
            "from_confidence": h.from_confidence,
            "to_confidence": h.to_confidence,
            "note": h.note,
            "evidence": h.evidence,
            "from_target_value": h.from_target_value,
            "to_target_value": h.to_target_value,
            "target_unit": h.to_target_unit or h.from_target_unit,
            "briefing_id": h.briefing_id,
        }
        for h in d.history
    ]
    if fmt is ShowFormat.json:
        data = row.to_json()
        data.update(
            {
                "baseline": c.baseline,
                "briefing": (
                    {"id": d.briefing.id, "title": d.briefing.title, "date": d.briefing.date.isoformat()}
                    if d.briefing
                    else None
                ),
                "excerpts": [c.excerpt] + [e.excerpt for e in d.excerpts]
                if c.excerpt
                else [e.excerpt for e in d.excerpts],
                "history": hist,
                "lineage": [
                    {
                        "briefing_id": entry.briefing_id,
                        "briefing": entry.briefing_title,
                        "date": entry.briefing_date.isoformat() if entry.briefing_date else None,
                        "words": entry.words,
                        "sentence": entry.sentence,
                    }
                    for entry in stated
                ],
                "slippage": {"deadline_moves": slip.moves, "days_moved": slip.days, "restated_sittings": slip.sittings},
                "measurements": [
                    {
                        "value": m.value,
                        "unit": m.unit,
                        "as_of": m.as_of.isoformat(),
                        "source": m.source,
                        "briefing_id": m.briefing_id,
                        "recorded_by": m.recorded_by,
                        "target_value": m.target_value,
                        "percent": None if m.percent is None else round(m.percent, 1),
                    }
                    for m in actuals
                ],
                "progress_percent": None if progress.percent is None else round(progress.percent, 1),
            }
        )
        _json_dump(data, sys.stdout)
        return
    from tracker.clock import office_zone
    from tracker.text import clean

    def line(label: str, value: Any) -> None:
        typer.echo(f"{label:<13}{clean(str(value))}")

    typer.echo(f"#{c.id}  {clean(c.title)}")
    line("Theme", c.theme)
    line("Kind", c.kind)
    line("Owner", c.owner or "-")
    line("Status", c.status)
    if c.review != "accepted":
        # Proposed or rejected: counted nowhere, which the reader must know before the rest.
        decided = f" by {c.reviewed_by}" if c.reviewed_by else ""
        line("Review", f"{c.review}{decided}" + ("; see tracker review" if c.review == "proposed" else ""))
    line("Confidence", c.confidence or "-")
    deadline = c.deadline.isoformat() if c.deadline else "none"
    if c.deadline_text:
        deadline += f'  (from "{c.deadline_text}"' + (f"; {c.deadline_rule})" if c.deadline_rule else ")")
    line("Deadline", deadline)
    line("Timeliness", str(row.timeliness) + (f", {row.days_overdue} days overdue" if row.days_overdue else ""))
    if c.target_value is not None:
        line("Target", f"{c.target_value:,.0f} {c.target_unit or ''}".strip())
    if progress.actual is not None:
        reached = followup.format_amount(progress.actual.value, progress.actual.unit)
        share = "" if progress.percent is None else f"{progress.percent:.0f}% of the target: "
        if share and (progress.target_value, progress.target_unit) != (c.target_value, c.target_unit):
            # Measured against the target before a restatement: say which, as "Target" shows the new one.
            then = followup.format_amount(progress.target_value, progress.target_unit)
            share = f"{progress.percent:.0f}% of the target then, {then}: "
        line("Progress", f"{share}{reached} as of {progress.actual.as_of.isoformat()}")
    if slip.moves or slip.sittings:
        sittings = f"; restated at {slip.sittings} sitting(s)" if slip.sittings else ""
        line("Slippage", f"deadline moved {slip.moves}x, {slip.days:+d} days{sittings}")
    if c.description:
        line("Description", c.description)
    if d.briefing:
        line("Briefing", f"{d.briefing.title} ({d.briefing.date.isoformat()})")
    line("Made on", c.since.isoformat() if c.since else "- (older data: there at every date)")
    for excerpt in ([c.excerpt] if c.excerpt else []) + own_excerpts:
        line("Source", f'"{excerpt}"')
    line("Version", c.version)
    if len(stated) > 1:
        typer.echo("")
        typer.echo("Stated at:")
        for entry in stated:
            when = entry.briefing_date.isoformat() if entry.briefing_date else "-"
            typer.echo(f"  {when}  {clean(entry.briefing_title)}: {clean(entry.words)}")
            if entry.sentence:
                typer.echo(f'      "{clean(entry.sentence)}"')
    if actuals:
        typer.echo("")
        typer.echo("Actuals:")
        for m in actuals:
            share = (
                ""
                if m.percent is None
                else f"  {m.percent:.0f}% of {followup.format_amount(m.target_value, m.target_unit)}"
            )
            typer.echo(
                f"  {m.as_of.isoformat()}  {followup.format_amount(m.value, m.unit)}{share}  {clean(m.recorded_by)}"
            )
            if m.source:
                typer.echo(f"      {clean(m.source)}")
    typer.echo("")
    if not d.history:
        typer.echo("History: no updates recorded yet.")
        return
    typer.echo("History:")
    for h in d.history:
        what = svc.change_summary(h)
        typer.echo(
            f"  {h.effective_on.isoformat()}  {clean(h.by)}  {what}"
            f"  (recorded {h.recorded_at.astimezone(office_zone()).strftime('%Y-%m-%d %H:%M')})"
        )
        if h.note:
            typer.echo(f"      {clean(h.note)}")
        if h.evidence:
            typer.echo(f"      evidence: {clean(h.evidence)}")


def parse_deadline_option(value: str, today: date) -> Any:
    """A deadline typed by a user (a DeadlineChoice): a date, a phrase such as "end of
    FY2025-26" or "within 60 days" (counted from today), or 'none' to clear it."""
    from tracker.dates import parse_deadline

    try:
        return parse_deadline(value, reference=today)
    except UserError as exc:
        raise UserError(f"--deadline: {exc}") from None


@app.command()
@handled
def update(
    ctx: typer.Context,
    commitment_id: Annotated[int, typer.Argument(metavar="ID")],
    status: Annotated[str | None, typer.Option("--status", help="New status.")] = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline", help="New deadline: 2026-06-30, 30/06/2026, 'end of FY2025-26', 'within 60 days' or 'none'."
        ),
    ] = None,
    confidence: Annotated[str | None, typer.Option("--confidence", help="green, amber, red or none.")] = None,
    note: Annotated[str, typer.Option("--note", help="What happened.")] = "",
    evidence: Annotated[str | None, typer.Option("--evidence", help="A link or path that shows it.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who records it (default: your login).")] = None,
    on: Annotated[str | None, typer.Option("--on", help="When it happened (default: today).", metavar="DATE")] = None,
    if_version: Annotated[
        int | None, typer.Option("--if-version", help="Refuse if the commitment is no longer at this version.")
    ] = None,
    actual: Annotated[
        str | None,
        typer.Option(
            "--actual",
            help="An actual value measured (on --on, default today), in the target's unit: 3800000, 3.8bn.",
            metavar="VALUE",
        ),
    ] = None,
) -> None:
    """Record what happened to a commitment: one history entry per update."""
    from tracker import commitments as svc

    today = _today()
    new_status = svc.parse_status(status) if status is not None else None
    choice = None if deadline is None else parse_deadline_option(deadline, today)
    new_confidence: Any = svc.UNSET if confidence is None else svc.parse_confidence(confidence)
    effective = _date_option(on, "--on")
    # What this update changes, the same with or without an actual value.
    changes: dict[str, Any] = {
        "status": new_status,
        "deadline": svc.UNSET if choice is None else choice.date,
        "deadline_text": choice.text if choice else None,
        "deadline_rule": choice.rule if choice else None,
        "confidence": new_confidence,
        "note": note,
        "evidence": evidence,
        "by": by,
        "expected_version": if_version,
    }
    if actual is not None:
        from tracker import followup

        value = followup.parse_actual(actual)
        store = _state(ctx).store()
        with store.write() as session:
            change, measured = followup.record_actual(
                session, commitment_id, value=value, today=today, as_of=effective, **changes
            )
            version = svc.get_commitment(session, commitment_id).version
            share = followup.progress(session, commitment_id, as_of=measured.as_of).percent
        amount = followup.format_amount(measured.value, measured.unit)
        of_target = "" if share is None else f" ({share:.0f}% of the target)"
        moved = svc.change_summary(change)
        also = "" if moved == "note" else f"; {moved}"
        typer.echo(
            f"commitment {commitment_id}: actual {amount} as of {measured.as_of.isoformat()}{of_target}{also}"
            f" (version {version})"
        )
        return
    if new_status is None and deadline is None and confidence is None and not note.strip():
        raise UserError("nothing to record: give --status, --deadline, --confidence, --note or --actual")
    store = _state(ctx).store()
    with store.write() as session:
        change = svc.update_commitment(session, commitment_id, today=today, effective_on=effective, **changes)
        version = svc.get_commitment(session, commitment_id).version
    when = change.effective_on.isoformat()
    typer.echo(f"commitment {commitment_id}: {svc.change_summary(change)}, effective {when} (version {version})")


@owner_app.command("set")
@handled
def owner_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The owner's name, as commitments carry it.")],
    email: Annotated[str, typer.Option("--email", help="Address(es), comma-separated.", metavar="ADDR")],
) -> None:
    """Set the e-mail address(es) reminders for an owner go to."""
    from tracker import commitments as svc

    addresses = svc.check_emails(email)
    store = _state(ctx).store()
    with store.write() as session:
        svc.set_owner(session, name, addresses)
    typer.echo(f"{name}: {', '.join(addresses)}")


@owner_app.command("list")
@handled
def owner_list(ctx: typer.Context) -> None:
    """List owners, their addresses, and how many commitments each holds."""
    from tracker import commitments as svc
    from tracker.text import one_line

    store = _state(ctx).store()
    with store.read() as session:
        owners = svc.list_owners(session)
    if not owners:
        typer.echo("No owners yet.", err=True)
        return
    width = max(len(one_line(o.name, 60)) for o in owners)
    for o in owners:
        emails = one_line(", ".join(o.emails)) if o.emails else "(no address)"
        typer.echo(f"{one_line(o.name, 60):<{width}}  {o.commitments:>6}  {emails}")


@app.command()
@handled
def backup(
    ctx: typer.Context,
    target: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the copy.")],
) -> None:
    """Copy the live database safely (SQLite's backup API), then check the copy."""
    from tracker.store import backup_sqlite

    store = _state(ctx).store()
    count = backup_sqlite(store, target)
    typer.echo(f"backup written to {target} ({count} commitments, integrity ok)")


@app.command("copy")
@handled
def copy_(
    source: Annotated[str, typer.Option("--from", help="The database to copy from.", metavar="PATH|URL")],
    target: Annotated[str, typer.Option("--to", help="An empty database to copy into.", metavar="PATH|URL")],
) -> None:
    """Copy every commitment, history entry and ledger row into an empty database, ids kept."""
    from tracker.store import open_store
    from tracker.transfer import copy_database

    src = open_store(source, create=False)
    dst = open_store(target)
    try:
        report = copy_database(src, dst)
    finally:
        src.dispose()
        dst.dispose()
    typer.echo(f"copied {report.summary} from {src.display} to {dst.display}")


@app.command()
@handled
def demo(
    ctx: typer.Context,
    count: Annotated[int, typer.Option("--count", min=1, max=10_000_000, help="How many commitments.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same data).")] = 1,
) -> None:
    """Fill the database with synthetic commitments, for trials and benchmarks."""
    from tracker.demo import fill

    store = _state(ctx).store()
    with store.write() as session, terminal_progress("demo") as progress:
        added = fill(session, count=count, seed=seed, today=_today(), progress=progress)
    typer.echo(f"added {added} synthetic commitments to {store.display}")


@owner_app.command("load")
@handled
def owner_load(
    ctx: typer.Context,
    path: Annotated[
        Path | None, typer.Argument(help="Contacts file (default: seeds/owners.toml).", metavar="[FILE]")
    ] = None,
) -> None:
    """Add owner contacts from a TOML file to owners that have no address yet."""
    from tracker import owners

    contacts = owners.read_owner_contacts(path)
    store = _state(ctx).store()
    with store.write() as session:
        added = owners.seed_owner_contacts(session, contacts)
    for contact in added:
        typer.echo(f"{contact.name}: {', '.join(contact.emails)}")
    typer.echo(f"{len(added)} of {len(contacts)} owners given addresses (owners with an address were left alone)")


@app.command()
@handled
def remind(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Run as on this date (default: today).", metavar="DATE")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be sent; send and write nothing.")
    ] = False,
    outbox: Annotated[
        Path | None, typer.Option("--outbox", help="Also write each digest as an .eml file here.", metavar="DIR")
    ] = None,
    smtp: Annotated[
        str | None, typer.Option("--smtp", help="SMTP server (default: TRACKER_SMTP_HOST/_PORT).", metavar="HOST:PORT")
    ] = None,
    allow_example: Annotated[
        bool,
        typer.Option("--allow-example", help="Send even to placeholder addresses (example.*, .test, .invalid)."),
    ] = False,
) -> None:
    """Send each owner one digest of what is due soon or overdue (the nightly run).

    Exit 0 when every digest went out, 75 when some must wait for the next run (SMTP 4xx,
    server unreachable, another run in progress), 1 when the server refused a message or an
    owner's address cannot be used, 78 when the settings are wrong (placeholder addresses
    included), 130 when interrupted (what went out is recorded and said).
    """
    from tracker import reminders

    day = _date_option(as_of, "--as-of") or _today()
    settings = reminders.load_settings(smtp=smtp, outbox=outbox, dry_run=dry_run, allow_example=allow_example)
    store = _state(ctx).store()
    # A dry run prints the digests instead: no bar between them.
    with terminal_progress("remind") if not dry_run else contextlib.nullcontext() as progress:
        report = reminders.run(store, settings, day=day, dry_run=dry_run, echo=typer.echo, progress=progress)
    typer.echo(report.summary)
    for line in report.unaddressed_lines():
        typer.echo(line)
    for warning in report.warnings:
        typer.echo(f"tracker: warning: {warning}", err=True)
    for error in report.errors:
        typer.echo(f"tracker: {error}", err=True)
    if report.interrupted:
        raise fail(report.interruption, 130)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


# ---------------------------------------------------------------- export (reports)

export_app = typer.Typer(
    cls=_command_group(),
    help="Reports for the committee's papers: what is overdue, everything, a calendar of deadlines.",
    rich_markup_mode=None,
)
app.add_typer(export_app, name="export")


# The report formats of the registry, as the choices of --format.
ExportFormat = StrEnum("ExportFormat", [(f.name, f.name) for f in REPORT_FORMATS])  # type: ignore[misc]


class ExportGroup(StrEnum):
    owner = "owner"
    theme = "theme"


AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="As things stood on this date (default: today).", metavar="DATE")
]
FormatOption = Annotated[
    ExportFormat | None,
    typer.Option(
        "--format",
        help=f"{', '.join(f.name for f in REPORT_FORMATS)} (default: from --output's suffix, else csv).",
    ),
]
GroupOption = Annotated[
    ExportGroup | None, typer.Option("--group-by", help="A section (an xlsx sheet) per owner or per theme.")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).", metavar="FILE")
]


@contextmanager
def _report_source(ctx: typer.Context) -> Iterator[Any]:
    """What an export reads from: a SQLite file at the current schema through the stdlib
    driver, without loading SQLAlchemy (``reports.sqlite_read``); else a session of the store,
    which creates, refuses or explains the database as every command does."""
    from tracker.reports.sqlite_read import open_report

    state = _state(ctx)
    reader = open_report(state.db)
    if reader is not None:
        with reader:
            yield reader
        return
    with state.store().read() as session:
        yield session


def _export(
    ctx: typer.Context,
    scope_name: str,
    as_of: str | None,
    fmt: ExportFormat | None,
    group_by: ExportGroup | None,
    output: Path | None,
) -> None:
    from tracker import reports

    if fmt is None:
        wanted = reports.format_for_suffix(output) if output else None
        fmt = ExportFormat(wanted.name if wanted is not None and wanted.report else "csv")
    spec = reports.get_format(str(fmt))
    if spec.needs_file and output is None:
        raise UserError(f"an {spec.name} {spec.noun} cannot go to the terminal: give --output FILE{spec.suffixes[0]}")
    day = _date_option(as_of, "--as-of") or _today()

    scope = reports.Scope(scope_name)
    grouping = reports.GroupBy(str(group_by)) if group_by else None
    with _report_source(ctx) as session, terminal_progress(f"export {scope_name}") as progress:
        if output is None:
            written = reports.write_report(
                session, sys.stdout, fmt=str(fmt), scope=scope, as_of=day, group_by=grouping, progress=progress
            )
        else:
            written = reports.export_file(
                session, output, fmt=str(fmt), scope=scope, as_of=day, group_by=grouping, progress=progress
            )
    if written == 0:
        typer.echo(reports.empty_message(scope, day), err=True)
    if output is not None:
        what = "overdue commitments" if scope is reports.Scope.OVERDUE else "commitments"
        typer.echo(f"{output}: {written} {what} as of {day.isoformat()} ({fmt})")


@export_app.command("overdue")
@handled
def export_overdue(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    group_by: GroupOption = None,
    output: OutputOption = None,
) -> None:
    """The overdue report: open commitments past their deadline on a date, most overdue first."""
    _export(ctx, "overdue", as_of, fmt, group_by, output)


@export_app.command("all")
@handled
def export_all(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    fmt: FormatOption = None,
    group_by: GroupOption = None,
    output: OutputOption = None,
) -> None:
    """Every commitment as it stood on a date: overdue first, then open by deadline, then closed."""
    _export(ctx, "all", as_of, fmt, group_by, output)


@export_app.command("calendar")
@handled
def export_calendar(ctx: typer.Context, output: OutputOption = None) -> None:
    """An iCalendar file (.ics): an all-day event on the deadline of every open commitment."""
    from tracker import reports

    today = _today()
    with _report_source(ctx) as session, _output(output) as out:
        written = reports.write_calendar(reports.calendar_rows(session, today=today), out)
    if output is not None:
        typer.echo(f"{output}: {written} deadlines of open commitments")


@app.command()
@handled
def tui(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help="As things stood on this date.", metavar="DATE")] = None,
) -> None:
    """Open the interactive tracker (also what `tracker` alone does)."""
    day = _date_option(as_of, "--as-of")
    store = _first_run(_state(ctx))
    from tracker.tui.app import make_app  # only this command loads Textual

    make_app(store, today=_today(), as_of=day).run()


def _build_only_the_command_run(args: Sequence[str]) -> None:
    """Leave ``app`` only the command or group of commands that ``args`` names, so that Typer
    builds that one instead of all of them (0.01-0.02 s of an export's 0.16 s start). Where ``args`` names
    none of them (no command, ``--help``, a typo, ``--db`` without its value), every command
    stays, and with it Click's help, suggestions and messages. A group keeps all its commands:
    Typer would make a group of one command a plain command."""
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] == "--db" else 1  # the only option of `tracker` itself with a value
    if i >= len(args):
        return
    name = args[i]
    commands = [c for c in app.registered_commands if c.callback and _command_name(c.name, c.callback) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands[:] = commands
        app.registered_groups[:] = groups


def _command_name(name: str | None, callback: Callable[..., Any]) -> str:
    """A command's name as Typer gives it: its own, else its function's with dashes."""
    from typer.main import get_command_name

    return name or get_command_name(callback.__name__)


def main() -> None:
    """Console-script entry point."""
    # Trimmed for this run only: a caller in the same process (the tests) finds every command.
    commands, groups = list(app.registered_commands), list(app.registered_groups)
    _build_only_the_command_run(sys.argv[1:])
    try:
        app(prog_name="tracker")
    except TrackerError as exc:  # raised outside a command (e.g. while parsing options)
        fail_with(exc)
        raise SystemExit(exc.exit_code) from None
    finally:
        app.registered_commands[:], app.registered_groups[:] = commands, groups
