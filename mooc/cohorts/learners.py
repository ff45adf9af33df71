"""The trainer's learner table and the cohort's summary, computed by the database.

Filtering, searching, sorting and cutting into pages happen in SQL over the members' counters
(kept by `counters.py` as learners work), and the summary is one aggregate query over them: the
dashboard issues the same number of queries for 10 learners as for 10,000, never loads more than
a page of rows and never reads progress rows but a page's scores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from sqlalchemy import Integer, String, and_, bindparam, case, func, or_, select

from mooc.accounts.models import User
from mooc.certificates.models import Certificate
from mooc.certificates.queries import subject_filter
from mooc.clock import utcnow
from mooc.cohorts.access import member_ids
from mooc.cohorts.counters import latest
from mooc.cohorts.models import CohortMember
from mooc.cohorts.queries import member_count
from mooc.cohorts.reports import ACTIVE_DAYS, LearnerRow, Scope, Summary
from mooc.courses.models import Enrolment
from mooc.extensions import db
from mooc.quizzes.models import QuizAttempt

PAGE_SIZE = 50
MAX_DAYS = 365
SEARCH_LENGTH = 100
FILTERS = ("all", "inactive", "not-started", "in-progress", "completed", "certified")
SORTS = ("name", "progress", "activity", "joined")


@dataclass(frozen=True)
class Listing:
    """What the trainer asked the table for: a filter, a search, an order and a page."""

    show: str = "all"
    days: int = 14  # for `inactive`
    search: str = ""
    sort: str = "name"
    descending: bool = False
    page: int = 1

    @classmethod
    def from_args(cls, args) -> Listing:
        """From a query string, every value checked (anything unknown falls back)."""
        show = args.get("show", "all")
        sort = args.get("sort", "name")
        days = args.get("days", cls.days, type=int) or cls.days
        return cls(
            show=show if show in FILTERS else "all",
            days=min(MAX_DAYS, max(1, days)),
            search=" ".join(args.get("q", "").replace("\x00", "").split())[:SEARCH_LENGTH],
            sort=sort if sort in SORTS else "name",
            descending=args.get("order") == "desc",
            page=max(1, args.get("page", 1, type=int) or 1),
        )

    def args(self, **changes) -> dict:
        """Query-string arguments for a link that keeps this listing but for `changes`."""
        values = {
            "show": self.show,
            "days": self.days,
            "q": self.search,
            "sort": self.sort,
            "order": "desc" if self.descending else "asc",
            "page": self.page,
        }
        values.update(changes)
        defaults = {"show": "all", "days": Listing.days, "q": "", "sort": "name", "order": "asc"}
        return {
            key: value
            for key, value in values.items()
            if defaults.get(key) != value
            and not (key == "page" and value == 1)
            and not (key == "days" and values["show"] != "inactive")
        }

    @property
    def filtered(self) -> bool:
        return self.show != "all" or bool(self.search)


def progress_parameters(scope: Scope) -> dict:
    """The values of `progress_table`'s parameters for the scope's cohort."""
    cohort = scope.cohort
    if cohort.course_id is not None:
        return {"cohort_id": cohort.id, "course_id": cohort.course_id}
    return {
        "cohort_id": cohort.id,
        "path_id": cohort.path_id,
        "course_ids": [course.id for course in scope.courses],
    }


@cache
def progress_table(path: bool, names: bool = True):
    """One row per member: name, email, joined, items done, last activity, certificate code;
    built once per kind of cohort (of a course, or of a `path`), with the parameters of
    `progress_parameters` (building the statements cost more than the database running them).

    Items done and the last moment of work are the member's counters (`counters.py`); the
    last visit comes from the enrolment (one row per member and course), the certificate
    from the members' certificates. Without `names`, no name or email: the summary counts
    without joining the users (a third of its time on PostgreSQL)."""
    member = CohortMember
    members = member_ids(bindparam("cohort_id"))
    if not path:
        seen = Enrolment.last_seen_at
        visits = (
            Enrolment,
            and_(
                Enrolment.user_id == member.user_id,
                Enrolment.course_id == bindparam("course_id"),
            ),
        )
        subject = subject_filter(course_id=bindparam("course_id"))
    else:
        last = (
            select(Enrolment.user_id, func.max(Enrolment.last_seen_at).label("at"))
            .where(
                Enrolment.course_id.in_(bindparam("course_ids", expanding=True)),
                Enrolment.user_id.in_(members),
            )
            .group_by(Enrolment.user_id)
        ).subquery()
        seen = last.c.at
        visits = (last, last.c.user_id == member.user_id)
        subject = subject_filter(path_id=bindparam("path_id"))
    certificates = (
        select(Certificate.user_id, func.min(Certificate.code).label("code"))
        .where(subject, Certificate.user_id.in_(members))
        .group_by(Certificate.user_id)
    ).subquery()
    named = (User.display_name.label("name"), User.email.label("email")) if names else ()
    query = (
        select(
            member.user_id.label("user_id"),
            *named,
            member.joined_at.label("joined_at"),
            member.done.label("done"),
            latest(member.worked_at, seen).label("last_activity"),
            certificates.c.code.label("certificate"),
            member.score_sum.label("score_sum"),
            member.scored.label("scored"),
        )
        .select_from(member)
        .outerjoin(*visits)
        .outerjoin(certificates, certificates.c.user_id == member.user_id)
        .where(member.cohort_id == bindparam("cohort_id"))
    )
    if names:
        query = query.join(User, User.id == member.user_id)
    return query.subquery("progress")


TOTAL = bindparam("total", type_=Integer)  # the scope's required items


def done_all(table):
    return and_(TOTAL > 0, table.c.done >= TOTAL)


@cache
def summary_statement(path: bool):
    """The summary's aggregate, built once per kind of cohort (parameters: `progress_table`'s,
    `since` and `total`)."""
    table = progress_table(path, names=False)

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    return select(
        func.count(),
        count(table.c.last_activity >= bindparam("since")),
        count(done_all(table)),
        count(table.c.certificate.is_not(None)),
        count(table.c.done == 0),
        func.coalesce(func.sum(table.c.score_sum), 0.0),
        func.coalesce(func.sum(table.c.scored), 0),
    ).select_from(table)


def summary_of(scope: Scope) -> tuple[Summary, dict[str, int]]:
    """The cohort at a glance and how many learners each filter shows (one aggregate query
    over the members' counters)."""
    parameters = {
        **progress_parameters(scope),
        "since": utcnow() - timedelta(days=ACTIVE_DAYS),
        "total": scope.total,
    }
    statement = summary_statement(scope.cohort.course_id is None)
    enrolled, active, complete, certified, not_started, score_sum, scored = db.session.execute(
        statement, parameters
    ).one()
    summary = Summary(int(enrolled), int(active), int(complete), int(certified))
    summary.average_score = float(score_sum) / int(scored) if scored else None
    counts = {
        "all": summary.enrolled,
        "not-started": int(not_started),
        "in-progress": summary.enrolled - int(not_started) - summary.completed,
        "completed": summary.completed,
        "certified": summary.certified,
    }
    return summary, counts


def condition(table, show: str, search: bool):
    """The filter and the search as one SQL condition (None for every learner); parameters
    `since` (inactive), `total` and `pattern` (search)."""
    parts = []
    if show == "inactive":
        since = bindparam("since")
        parts.append(or_(table.c.last_activity.is_(None), table.c.last_activity < since))
    elif show == "not-started":
        parts.append(table.c.done == 0)
    elif show == "in-progress":
        parts.append(and_(table.c.done > 0, table.c.done < TOTAL))
    elif show == "completed":
        parts.append(done_all(table))
    elif show == "certified":
        parts.append(table.c.certificate.is_not(None))
    if search:
        pattern = bindparam("pattern", type_=String)
        parts.append(
            or_(
                func.lower(table.c.name).like(pattern, escape="\\"),
                func.lower(table.c.email).like(pattern, escape="\\"),
            )
        )
    return and_(*parts) if parts else None


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def ordering(table, sort: str, descending: bool) -> list:
    """ORDER BY for the listing, names breaking ties; learners without activity come last
    whatever the direction (the same on SQLite and PostgreSQL). By name, ties go by id in the
    same direction: the order of the users' name index, which the database walks a page at a
    time instead of sorting every member."""
    column = {
        "name": table.c.name,
        "progress": table.c.done,
        "activity": table.c.last_activity,
        "joined": table.c.joined_at,
    }[sort]
    first = column.desc() if descending else column.asc()
    if sort == "name":  # the order of the users' name index, forwards or backwards
        return [first, table.c.user_id.desc() if descending else table.c.user_id.asc()]
    order = [first, table.c.name.asc(), table.c.user_id.asc()]
    if sort == "activity":
        order.insert(0, case((table.c.last_activity.is_(None), 1), else_=0))
    return order


@cache
def page_statements(path: bool, show: str, search: bool, sort: str, descending: bool):
    """(the count of matching members or None when every member matches, a page of them),
    built once per kind of cohort and shape of listing (parameters: `progress_table`'s,
    `since`, `total`, `pattern`, `offset` and `limit`)."""
    table = progress_table(path)
    where = condition(table, show, search)
    query = select(table).order_by(*ordering(table, sort, descending))
    counter = None
    if where is not None:
        counter = select(func.count()).select_from(table).where(where)
        query = query.where(where)
    return counter, query.offset(bindparam("offset")).limit(bindparam("limit"))


def learner_page(scope: Scope, listing: Listing, matching: int | None = None):
    """(rows of the listing's page, how many learners match): at most three queries."""
    counter, query = page_statements(
        scope.cohort.course_id is None,
        listing.show,
        bool(listing.search),
        listing.sort,
        listing.descending,
    )
    parameters = {**progress_parameters(scope), "total": scope.total}
    if listing.show == "inactive":
        parameters["since"] = utcnow() - timedelta(days=listing.days)
    if listing.search:
        parameters["pattern"] = "%" + escape_like(listing.search.casefold()) + "%"
    if counter is not None:
        matching = db.session.scalar(counter, parameters)
    elif matching is None:
        matching = member_count(scope.cohort.id)
    pages = max(1, -(-matching // PAGE_SIZE))
    page = min(listing.page, pages)
    parameters.update(offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    rows = [
        LearnerRow(
            found.user_id,
            found.name,
            found.email,
            found.joined_at,
            int(found.done),
            scope.total,
            certificate=found.certificate or "",
            last_activity=found.last_activity,
        )
        for found in db.session.execute(query, parameters)
    ]
    add_scores(scope, rows)
    return rows, matching, page, pages


def row_key(row: LearnerRow) -> tuple:
    """Everything a row of the dashboard's table shows (`cohorts/_rows.html` is kept by it)."""
    return (
        row.user_id,
        row.name,
        row.email,
        row.joined_at,
        row.done,
        row.total,
        tuple(sorted(row.best.items())),
        row.passed,
        row.certificate,
        row.last_activity,
    )


def add_scores(scope: Scope, rows: list[LearnerRow]) -> None:
    """Each row's best score per quiz and required quizzes passed (one query for the page, even
    an empty one: the number of queries does not depend on what the page shows)."""
    if not scope.quizzes:
        return
    by_user = {row.user_id: row for row in rows}
    required = set(scope.required_quizzes)
    parameters = {"quizzes": [quiz.id for quiz in scope.quizzes], "users": list(by_user)}
    for user_id, quiz_id, best, passed in db.session.execute(scores_statement(), parameters):
        row = by_user[user_id]
        row.best[quiz_id] = float(best)
        if passed and quiz_id in required:
            row.passed += 1


@cache
def scores_statement():
    """Best score and passed per (learner, quiz) of the page, built once (parameters `quizzes`
    and `users`)."""
    return (
        select(
            QuizAttempt.user_id,
            QuizAttempt.lesson_id,
            func.max(QuizAttempt.score),
            func.max(case((QuizAttempt.passed.is_(True), 1), else_=0)),
        )
        .where(
            QuizAttempt.lesson_id.in_(bindparam("quizzes", expanding=True)),
            QuizAttempt.user_id.in_(bindparam("users", expanding=True)),
        )
        .group_by(QuizAttempt.user_id, QuizAttempt.lesson_id)
    )
