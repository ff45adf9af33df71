"""Cohort reports as CSV, XLSX and PDF, in the reader's language.

CSV and XLSX are written learner by learner from the report stream: a cohort of any size never
sits whole in memory (XLSX goes through openpyxl's write-only mode into a temporary file)."""

from __future__ import annotations

import csv
import io
import re
import string
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import IO, Any

from flask import current_app, render_template
from flask_babel import format_percent, gettext

from mooc.assignments import exports as assignment_exports
from mooc.cohorts.reports import LearnerRow, Scope, Summary
from mooc.i18n import locale_code

FORMATS = ("csv", "xlsx", "pdf")
MIMETYPES = {
    "csv": "text/csv",  # Flask adds "; charset=utf-8" to text types: one charset
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def file_slug(title: str) -> str:
    """A file name's stem from a title: letters, digits and dashes."""
    return re.sub(r"[^\w]+", "-", title, flags=re.UNICODE).strip("-").lower()[:60] or "report"


def inert(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def headers(scope: Scope) -> list[str]:
    """Column headings in the current language: one best-score column per quiz."""
    quizzes = [gettext("%(quiz)s: best score (%%)") % {"quiz": q.title} for q in scope.quizzes]
    return [
        gettext("Name"),
        gettext("Email"),
        gettext("Joined"),
        gettext("Required items done"),
        gettext("Required items"),
        gettext("Progress (%)"),
        *quizzes,
        gettext("Quizzes passed"),
        gettext("Completed"),
        gettext("Certificate"),
        gettext("Last activity"),
    ]


class Cells:
    """Turns learner rows into cells; the words and columns are looked up once per export."""

    def __init__(self, scope: Scope) -> None:
        self.quizzes = [quiz.id for quiz in scope.quizzes]
        self.yes, self.no = gettext("yes"), gettext("no")

    def __call__(self, row: LearnerRow) -> list[Any]:
        best = row.best
        return [
            row.name,
            row.email,
            row.joined_at,
            row.done,
            row.total,
            round(row.percent * 100),
            *[round(best[q]) if q in best else None for q in self.quizzes],
            row.passed,
            self.yes if row.completed else self.no,
            row.certificate,
            row.last_activity,
        ]


def pattern_letters(pattern: str) -> set[str]:
    """The field letters of a CLDR date or time pattern (quoted text left out)."""
    return set(re.sub(r"'[^']*'", "", pattern)) & set(string.ascii_letters)


class Moments:
    """Formats many datetimes as `format_datetime(value, "short")` would, for long exports:
    the patterns are looked up once, and the date and time parts are cached (a cohort's
    timestamps fall on a few hundred days and at most 1,440 minutes of the day)."""

    def __init__(self) -> None:
        from babel import dates
        from flask_babel import get_locale, get_timezone

        self.locale = get_locale()
        self.zone = get_timezone()
        self.date = dates.parse_pattern(dates.get_date_format("short", self.locale))
        self.time = dates.parse_pattern(dates.get_time_format("short", self.locale))
        self.glue = str(dates.get_datetime_format("short", self.locale))
        self.utc = str(self.zone) == "UTC"
        # Caching by minute is right only when the time pattern shows nothing finer.
        self.by_minute = pattern_letters(self.time.pattern) <= set("hHkKmaBb")
        self.dates: dict = {}
        self.times: dict = {}

    def __call__(self, value: datetime | None) -> str:
        if value is None:
            return ""
        local = value if self.utc else value.replace(tzinfo=UTC).astimezone(self.zone)
        day = self.dates.get(local.date())
        if day is None:
            day = self.dates[local.date()] = self.date.apply(local, self.locale)
        key = (local.hour, local.minute) if self.by_minute else local
        moment = self.times.get(key)
        if moment is None:
            moment = self.times[key] = self.time.apply(local, self.locale)
        return self.glue.replace("{1}", day).replace("{0}", moment)


class Drain(io.TextIOBase):
    """A write target that hands back what was written since the last call."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def take(self) -> bytes:
        data = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        return data


def csv_start(heading: list[str]):
    """A drain and its CSV writer, holding the byte-order mark (so that spreadsheets read the
    file as UTF-8) and the heading row."""
    drain = Drain()
    writer = csv.writer(drain)
    drain.write("\ufeff")
    writer.writerow([inert(h) for h in heading])
    return drain, writer


def iso(value: date | datetime) -> str:
    """ISO 8601: `2027-03-01` for a day, `2027-03-01T14:05:00Z` for a moment (stored in UTC)."""
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo else value
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def csv_chunks(scope: Scope, rows: Iterable[LearnerRow], batch: int = 200) -> Iterator[bytes]:
    """The report as UTF-8 CSV (with a byte-order mark, so that spreadsheets read it as UTF-8),
    dates in ISO 8601 (UTC), yielded every `batch` learners."""
    drain, writer = csv_start(headers(scope))
    cells = Cells(scope)
    for count, row in enumerate(rows, start=1):
        writer.writerow(
            [
                inert(cell)
                if isinstance(cell, str)
                else iso(cell)
                if isinstance(cell, date)
                else cell  # numbers; None is written as an empty field
                for cell in cells(row)
            ]
        )
        if count % batch == 0:
            yield drain.take()
    assignment_section(scope, writer)
    yield drain.take()


def assignment_section(scope: Scope, writer) -> None:
    """The cohort's assignments after the learners, under their own heading (when it has any)."""
    found = assignment_exports.rows(scope.cohort, locale_code())
    if found:
        writer.writerow([])
        writer.writerow([inert(h) for h in assignment_exports.headers()])
        writer.writerows([[inert(cell) for cell in row] for row in found])


def write_xlsx(
    scope: Scope,
    rows: Iterable[LearnerRow],
    target: IO[bytes],
    title: str,
    summary: Summary | None = None,
) -> None:
    """The report as an Excel workbook, row by row (write-only mode): columns sized to their
    contents, a filter on the header row, the header and the names frozen, and a summary sheet
    (the figures of the dashboard)."""
    from openpyxl.styles import Font

    workbook, sheet = workbook_sheet(title)
    heading = headers(scope)
    widths = [max(len(h), 10) for h in heading]
    widths[:3] = [max(widths[0], 28), max(widths[1], 32), max(widths[2], 17)]
    widths[-1] = max(widths[-1], 17)
    widths[-2] = max(widths[-2], 28)
    finish_sheet(sheet, widths)
    bold = Font(bold=True)
    sheet.append([xlsx_cell(sheet, h, bold) for h in heading])
    cells = Cells(scope)
    count = 0
    for row in rows:
        sheet.append([xlsx_cell(sheet, v) for v in cells(row)])
        count += 1
    sheet.auto_filter.ref = f"A1:{column_letter(len(heading))}{count + 1}"
    if summary is None:
        from mooc.cohorts.learners import summary_of

        summary = summary_of(scope)[0]
    add_summary_sheet(workbook, scope, summary, bold)
    assignment_sheet(scope, workbook, bold)
    workbook.save(target)


def column_letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


def finish_sheet(sheet, widths: list[int]) -> None:
    """Column widths (in characters, at most 60) and the header row and first column frozen;
    set before the first row, as write-only mode needs."""
    sheet.freeze_panes = "B2"
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[column_letter(number)].width = min(60, width + 2)


def add_summary_sheet(workbook, scope: Scope, summary: Summary, bold) -> None:
    """A second sheet: what the report covers and the cohort's figures."""
    from mooc.clock import utcnow

    sheet = workbook.create_sheet(title=gettext("Summary")[:31])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 40
    sheet.append([xlsx_cell(sheet, gettext("Cohort"), bold), xlsx_cell(sheet, scope.cohort.name)])
    sheet.append([xlsx_cell(sheet, gettext("Course or path"), bold), xlsx_cell(sheet, scope.title)])
    sheet.append([xlsx_cell(sheet, gettext("Generated (UTC)"), bold), xlsx_cell(sheet, utcnow())])
    for label, value in summary_cells(summary):
        sheet.append([xlsx_cell(sheet, label, bold), xlsx_cell(sheet, value)])


def assignment_sheet(scope: Scope, workbook, bold) -> None:
    """A sheet of the cohort's assignments (when it has any)."""
    found = assignment_exports.rows(scope.cohort, locale_code())
    if found:
        sheet = workbook.create_sheet(title=gettext("Assignments")[:31])
        sheet.append([xlsx_cell(sheet, h, bold) for h in assignment_exports.headers()])
        for row in found:
            sheet.append([xlsx_cell(sheet, v) for v in row])


SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def workbook_sheet(title: str):
    """A write-only workbook and its one sheet, named after `title` as Excel allows (at most 31
    characters, none of [ ] : * ? / \\ and no apostrophe)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    name = SHEET_TITLE_FORBIDDEN.sub(" ", title)[:31].strip() or "Report"
    return workbook, workbook.create_sheet(title=name)


def xlsx_cell(sheet, value: Any, font=None):
    """A cell: text is always a string (never a formula, whatever it starts with), dates and
    times get a date format."""
    from openpyxl.cell import WriteOnlyCell

    made = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        made.data_type = "s"
    elif isinstance(value, datetime):
        made.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        made.number_format = "yyyy-mm-dd"
    if font is not None:
        made.font = font
    return made


def xlsx_file(
    scope: Scope, rows: Iterable[LearnerRow], title: str, summary: Summary | None = None
) -> IO[bytes]:
    """A temporary file holding the workbook, rewound (deleted when closed)."""
    # Returned open: the response (or the CLI) closes it once sent.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    write_xlsx(scope, rows, handle, title, summary)
    handle.seek(0)
    return handle


def pdf_bytes(context: dict[str, Any]) -> bytes:
    """The cohort report as a PDF with the module chart."""
    return pdf_from_template("cohorts/report_pdf.html", context)


def percent(value: float | None) -> str:
    return format_percent(value) if value is not None else "—"


def summary_cells(summary: Summary) -> list[tuple[str, Any]]:
    """Labelled summary figures, for pages and exports."""
    return [
        (gettext("Enrolled"), summary.enrolled),
        (gettext("Active in the last 7 days"), summary.active),
        (gettext("Completed"), summary.completed),
        (gettext("Certified"), summary.certified),
        (
            gettext("Average best quiz score"),
            percent(summary.average_score / 100 if summary.average_score is not None else None),
        ),
    ]


def scope_headers() -> list[str]:
    """Columns of the admin report across cohorts."""
    return [
        gettext("Member city"),
        gettext("Country"),
        gettext("Region"),
        gettext("Cohort"),
        gettext("Course or path"),
        gettext("Starts"),
        gettext("Ends"),
        gettext("Enrolled"),
        gettext("Active in the last 7 days"),
        gettext("Completed"),
        gettext("Completion (%)"),
        gettext("Certified"),
        gettext("Average best quiz score (%)"),
    ]


def scope_values(entry: dict[str, Any]) -> list[Any]:
    """One cohort's cells in the admin report."""
    from mooc.cities.models import region_name

    cohort, summary = entry["cohort"], entry["summary"]
    average = summary.average_score
    return [
        cohort.city.name,
        cohort.city.country,
        region_name(cohort.city.region),
        cohort.name,
        entry["title"],
        cohort.starts_on,
        cohort.ends_on,
        summary.enrolled,
        summary.active,
        summary.completed,
        round(summary.completion * 100),
        summary.certified,
        round(average) if average is not None else None,
    ]


def scope_export(entries: list[dict[str, Any]], fmt: str, title: str) -> IO[bytes]:
    """The admin report (one row per cohort) as a CSV, XLSX or PDF file object."""
    if fmt == "pdf":
        html_context = {"entries": entries, "title": title, "headers": scope_headers()}
        return io.BytesIO(pdf_from_template("cohorts/scope_pdf.html", html_context))
    if fmt == "csv":
        drain, writer = csv_start(scope_headers())
        for entry in entries:
            writer.writerow(
                [
                    iso(v) if isinstance(v, date) else inert("" if v is None else v)
                    for v in scope_values(entry)
                ]
            )
        return io.BytesIO(drain.take())
    workbook, sheet = workbook_sheet(title)
    heading = scope_headers()
    widths = [max(len(h), 10) for h in heading]
    widths[0], widths[3], widths[4] = max(widths[0], 20), max(widths[3], 30), max(widths[4], 30)
    finish_sheet(sheet, widths)
    from openpyxl.styles import Font

    sheet.append([xlsx_cell(sheet, h, Font(bold=True)) for h in heading])
    for entry in entries:
        sheet.append([xlsx_cell(sheet, value) for value in scope_values(entry)])
    sheet.auto_filter.ref = f"A1:{column_letter(len(heading))}{len(entries) + 1}"
    target = io.BytesIO()
    workbook.save(target)
    target.seek(0)
    return target


def pdf_from_template(template: str, context: dict[str, Any]) -> bytes:
    """A report template rendered to PDF (WeasyPrint; nothing fetched from outside)."""
    from weasyprint import HTML

    from mooc.certificates.pdf import StaticOnlyFetcher, write_pdf

    html = render_template(template, **context)
    document = HTML(
        string=html,
        base_url=current_app.static_folder,
        url_fetcher=StaticOnlyFetcher(current_app.static_folder or ""),
    )
    return write_pdf(document)
