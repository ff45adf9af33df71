"""Cohort work done by workers: invitation mail, reminders, large reports, the certificates ZIP."""

from __future__ import annotations

from flask_babel import force_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mooc.accounts.models import User
from mooc.certificates.archive import stream_zip
from mooc.cohorts import exports, queries, reports, services
from mooc.cohorts.invitations import link_of
from mooc.cohorts.models import Cohort, CohortInvitation
from mooc.extensions import db
from mooc.jobs import JobContext, handler
from mooc.mail import deliver
from mooc.urls import external_url


class Titles:
    """The cohort's course or path title per language, looked up once per job."""

    def __init__(self, cohort: Cohort):
        self.cohort, self.found = cohort, {}

    def __call__(self, locale: str) -> str:
        if locale not in self.found:
            self.found[locale] = reports.scope_of(self.cohort, locale).title
        return self.found[locale]


def target_link(cohort: Cohort) -> str:
    if cohort.course is not None:
        return external_url("courses.course", slug=cohort.course.slug)
    return external_url("courses.path", slug=cohort.path.slug)


def sent_summary(report: dict) -> str:
    return ngettext("%(num)d mail sent.", "%(num)d mails sent.", report.get("sent", 0)) + (
        " "
        + gettext("%(bounced)s refused, %(unsubscribed)s unsubscribed.")
        % {"bounced": report.get("bounced", 0), "unsubscribed": report.get("unsubscribed", 0)}
    )


@handler(services.INVITATION_MAILS, title=_l("Sending invitations"), summary=sent_summary)
def invitations(context: JobContext) -> None:
    """Mail each pending invitation of the batch in the recipient's language (her account's, or
    the trainer's for an address without one). An invitation already mailed this many times is
    skipped: a job run twice mails once."""
    p = context.params
    cohort = db.session.get(Cohort, p["cohort"])
    if cohort is None:
        return
    trainer = db.session.get(User, p["trainer"]) if p.get("trainer") else None
    found = db.session.scalars(
        select(CohortInvitation).where(
            CohortInvitation.cohort_id == cohort.id, CohortInvitation.email.in_(p["emails"])
        )
    )
    languages = dict(
        db.session.execute(
            select(User.email, User.language).where(User.email.in_(p["emails"]))
        ).all()
    )
    titles, counts = Titles(cohort), {"sent": 0, "bounced": 0, "unsubscribed": 0}
    context.progress(0, len(p["emails"]))
    for invitation in list(found):
        if invitation.status == "pending" and invitation.sent_count < p["send"]:
            locale = languages.get(invitation.email, p.get("locale", "en"))
            outcome = deliver(
                invitation.email,
                "cohorts/invitation",
                {
                    "cohort": cohort.name,
                    "city": cohort.city.name,
                    "title": titles(locale),
                    "trainer": trainer.display_name if trainer else "",
                    "link": link_of(invitation.id),
                    "starts_on": cohort.starts_on.isoformat() if cohort.starts_on else "",
                },
                locale=locale,
                category="invitations",
                reference=f"cohort-invitation:{invitation.id}",
            )
            services.invitation_mailed(invitation.id, p["send"], outcome)
            counts[outcome] += 1
        context.advance()
    context.report = counts


@handler(services.REMINDERS, title=_l("Sending reminders"), summary=sent_summary)
def reminders(context: JobContext) -> None:
    """Mail the reminder to each learner of the list, in her language, resuming after the last
    one recorded (a run killed halfway does not mail the first ones again)."""
    p = context.params
    cohort = db.session.get(Cohort, p["cohort"])
    trainer = db.session.get(User, p["trainer"])
    if cohort is None or trainer is None:
        return
    titles = Titles(cohort)
    counts = context.report = {"sent": 0, "bounced": 0, "unsubscribed": 0}
    for user_id in p["users"][context.done :]:
        learner = db.session.get(User, user_id)
        if learner is not None:
            outcome = deliver(
                learner.email,
                "cohorts/reminder",
                reminder_context(
                    cohort, trainer, learner.display_name, p, titles(learner.language)
                ),
                locale=learner.language,
                category="reminders",
                reference=f"cohort-reminder:{cohort.id}:{user_id}",
            )
            counts[outcome] += 1
        context.advance()


def reminder_context(cohort: Cohort, trainer: User, name: str, params: dict, title: str) -> dict:
    """What the reminder shows (the preview uses it too)."""
    return {
        "name": name,
        "cohort": cohort.name,
        "title": title,
        "trainer": trainer.display_name,
        "days": params["days"],
        "message": params.get("message", ""),
        "link": target_link(cohort),
    }


@handler(services.REPORT, title=_l("Preparing a report"))
def report(context: JobContext) -> None:
    """The cohort's report as a PDF or Excel file, in the language of who asked for it."""
    p = context.params
    cohort = db.session.get(Cohort, p["cohort"])
    if cohort is None:
        return
    fmt, locale = p["format"], p["locale"]
    with force_locale(locale):
        scope = reports.scope_of(cohort, locale)
        total = queries.member_count(cohort.id)
        context.progress(0, total)
        name = f"{exports.file_slug(cohort.name)}.{fmt}"
        with context.result_file(name, exports.MIMETYPES[fmt]) as handle:
            if fmt == "xlsx":

                def rows():
                    for number, row in enumerate(reports.learner_rows(scope), start=1):
                        if number % 200 == 0:
                            context.progress(number)
                        yield row

                exports.write_xlsx(scope, rows(), handle, cohort.name)
            else:
                handle.write(exports.pdf_bytes(reports.report_context(cohort, scope, locale)))
        context.progress(total)


@handler(services.ARCHIVE, title=_l("Preparing the certificates ZIP"))
def certificates_zip(context: JobContext) -> None:
    """Every valid certificate of the cohort's members in one ZIP."""
    cohort = db.session.get(Cohort, context.params["cohort"])
    if cohort is None:
        return
    files = queries.cohort_files(cohort)
    context.progress(0, len(files))

    def counted():
        for number, entry in enumerate(files, start=1):
            yield entry
            context.progress(number)

    name = f"cohort-{cohort.id}-certificates.zip"
    with context.result_file(name, "application/zip") as handle:
        for chunk in stream_zip(counted()):
            handle.write(chunk)
    context.report = {"files": len(files)}
