"""Mail through a real SMTP server (tests/smtp.py): the password reset, invitations, reminders,
"your certificate is ready"; headers, both parts, the recipient's language, links from
MOOC_BASE_URL, List-Unsubscribe (RFC 8058) and the unsubscribe page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from mooc import mail
from mooc.cohorts.models import CohortInvitation, CohortMember
from mooc.extensions import db
from mooc.jobs.models import Job
from mooc.mail.models import MailOptOut
from mooc.transactions import transaction
from tests.certificates.helpers import complete
from tests.cohorts.helpers import add_learner, make_cohort
from tests.factories import UserFactory
from tests.smtp import Inbox, free_port

LINK = re.compile(r"https://learn\.example/\S+")


def invite(client, auth, trainer, cohort, *emails):
    auth.login(trainer)
    response = client.post(f"/cohorts/{cohort.id}/learners", data={"emails": "\n".join(emails)})
    assert response.status_code == 302
    return response


def test_the_reset_mail_in_the_account_language_with_a_link_from_the_base_url(client, mailer):
    user = UserFactory(language="es", display_name="Lucía")
    assert client.post("/password/forgot", data={"email": user.email}).status_code == 302
    [message] = mailer.to(user.email)
    assert message["From"] == "learning@uclg.example"
    assert message["Content-Language"] == "es"
    assert message["Subject"] == "Elija una nueva contraseña"
    assert "List-Unsubscribe" not in message  # transactional
    assert message["Message-ID"] and message["Date"] and message["Auto-Submitted"]
    text, html = Inbox.text(message), Inbox.html(message)
    assert "Hola, Lucía:" in text and "Hola, Lucía:" in html
    [link] = LINK.findall(text)
    assert link.startswith("https://learn.example/password/reset/")
    assert f'href="{link}"' in html
    path = link.removeprefix("https://learn.example")
    assert client.post(path, data={"new_password": "a new long password"}).status_code == 302


def test_known_and_unknown_emails_do_the_same_work(app, client, queued, count_queries):
    user = UserFactory()
    answers, statements, jobs = [], [], []
    for email in ("nobody@example.org", user.email, "NOBODY2@example.org", user.email.upper()):
        before = queued.count()
        with count_queries() as counter:
            response = client.post("/password/forgot", data={"email": email})
        answers.append((response.status_code, response.headers["Location"]))
        # Savepoint names differ from one request to the next; the statements must not.
        statements.append([q for q in counter.statements if "SAVEPOINT" not in q.upper()])
        jobs.append(queued.count() - before)
    assert len(set(answers)) == 1
    assert all(s == statements[0] for s in statements), statements
    assert not any("users" in s for s in statements[0])  # the request looks nobody up
    assert jobs == [1, 1, 1, 1]
    assert queued.run() == 4
    outbox = app.extensions["mooc_outbox"]
    assert [m["To"] for m in outbox] == [user.email, user.email]


def test_an_smtp_outage_is_never_a_500_and_the_job_is_retried(app, client):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens
    user = UserFactory()
    response = client.post("/password/forgot", data={"email": user.email})
    assert response.status_code == 302
    db.session.expire_all()
    job = db.session.scalar(select(Job).where(Job.kind == "accounts.reset_mail"))
    assert job.status == "queued" and job.attempts == 1
    assert "ConnectionRefusedError" in job.outcome
    assert job.queued_at > job.created_at  # after a delay


def test_invitations_are_mailed_in_the_recipients_language(client, auth, synced, mailer):
    cohort, trainer = make_cohort()
    known = UserFactory(email="ines@example.org", language="fr")
    invite(client, auth, trainer, cohort, "ines@example.org", "new.person@example.org")
    page = client.get(f"/cohorts/{cohort.id}/learners").get_data(as_text=True)
    assert "2 invited, 0 already invited or in the cohort." in page
    [french] = mailer.to(known.email)
    assert french["Subject"] == "Invitation à la cohorte Montevideo officials"
    text = Inbox.text(french)
    assert (
        trainer.display_name in text and "Montevideo" in text and "Cours de démonstration" in text
    )
    [english] = mailer.to("new.person@example.org")  # no account: the trainer's language
    assert english["Content-Language"] == "en"
    for message in (french, english):
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        unsubscribe = message["List-Unsubscribe"].strip("<>")
        assert unsubscribe.startswith("https://learn.example/unsubscribe/")
        links = LINK.findall(Inbox.text(message))
        assert any(link.startswith("https://learn.example/invitations/") for link in links)
        assert unsubscribe in Inbox.html(message)
    # Until she accepts, she is only "invited": no member, no row in the learners' table.
    assert db.session.scalar(select(func.count()).select_from(CohortMember)) == 0
    assert "ines@example.org" in page
    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "ines@example.org" not in dashboard and "No learner has joined yet." in dashboard


def test_a_refused_address_shows_as_bounced_and_can_be_sent_again(client, auth, synced, mailer):
    cohort, trainer = make_cohort()
    mailer.refused.add("gone@example.org")
    invite(client, auth, trainer, cohort, "gone@example.org")
    invitation = db.session.scalar(select(CohortInvitation))
    db.session.refresh(invitation)
    assert invitation.mail_status == "bounced" and "550" in invitation.bounce_reason
    page = client.get(f"/cohorts/{cohort.id}/learners").get_data(as_text=True)
    assert "bounced" in page
    mailer.refused.clear()
    resend = f"/cohorts/{cohort.id}/invitations/{invitation.id}/resend"
    assert client.post(resend).status_code == 302
    assert len(mailer.to("gone@example.org")) == 1
    db.session.refresh(invitation)
    assert invitation.sent_count == 2 and invitation.mail_status == "sent"


def test_one_click_unsubscribe_without_signing_in(app, client, auth, synced, mailer):
    cohort, trainer = make_cohort()
    invite(client, auth, trainer, cohort, "ana@example.org")
    [message] = mailer.to("ana@example.org")
    path = message["List-Unsubscribe"].strip("<>").removeprefix("https://learn.example")
    client.post("/logout")
    page = client.get(path)
    assert page.status_code == 200 and "<button" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(MailOptOut)) == 0  # GET: nothing
    app.config["WTF_CSRF_ENABLED"] = True  # a mail client posts without a token or a cookie
    response = app.test_client().post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert mail.is_opted_out("ANA@example.org", "invitations")
    assert app.test_client().post(path[:-3] + "xyz").status_code == 404  # a forged token
    app.config["WTF_CSRF_ENABLED"] = False
    invitation = db.session.scalar(select(CohortInvitation))
    auth.login(trainer)
    client.post(f"/cohorts/{cohort.id}/invitations/{invitation.id}/resend")
    assert len(mailer.to("ana@example.org")) == 1  # not sent again
    page = client.get(f"/cohorts/{cohort.id}/learners").get_data(as_text=True)
    assert "the address unsubscribed" in page


def test_mail_preferences_on_the_account_page(client, learner):
    page = client.get("/account").get_data(as_text=True)
    assert 'name="reminders"' in page and "checked" in page
    client.post("/account/mail", data={"invitations": "1", "certificates": "1"})
    assert mail.is_opted_out(learner.email, "reminders")
    assert not mail.is_opted_out(learner.email, "invitations")
    page = client.get("/account").get_data(as_text=True)
    assert re.search(r'name="reminders" value="1"\s*>', page)  # unchecked now


def test_your_certificate_is_ready(client, enrolled, mailer):
    complete(client)
    client.post("/courses/demo/certificate?lang=es")
    [message] = mailer.to(enrolled.email)
    assert message["Content-Language"] == "es"
    assert message["List-Unsubscribe"]
    text = Inbox.text(message)
    code = re.search(r"https://learn\.example/verify/([A-Z2-7]{26})", text).group(1)
    assert code in Inbox.html(message)
    assert client.get(f"/verify/{code}").status_code == 200


def test_a_rolled_back_operation_sends_no_mail(app):
    class Stop(Exception):
        pass

    with pytest.raises(Stop), transaction():
        mail.send(
            "x@example.org", "accounts/reset", {"name": "X", "link": "l", "hours": 1}, locale="en"
        )
        raise Stop
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0
    assert not app.extensions.get("mooc_outbox")


def test_reminders_preview_count_and_send(client, auth, synced, mailer):
    from datetime import timedelta

    from mooc.courses.models import Enrolment
    from mooc.courses.models.progress import utcnow

    cohort, trainer = make_cohort()
    idle = add_learner(cohort, display_name="Idle", language="fr")
    busy = add_learner(cohort, display_name="Busy")
    long_ago = utcnow() - timedelta(days=30)
    db.session.execute(
        Enrolment.__table__.update()
        .where(Enrolment.user_id == idle.id)
        .values(last_seen_at=long_ago)
    )
    db.session.execute(
        Enrolment.__table__.update()
        .where(Enrolment.user_id == busy.id)
        .values(last_seen_at=utcnow())
    )
    db.session.commit()
    auth.login(trainer)
    page = client.get(f"/cohorts/{cohort.id}/reminders?days=14&message=See+you+on+Monday")
    text = page.get_data(as_text=True)
    assert "1 learner will receive it" in text and "Idle" in text and "See you on Monday" in text
    assert mailer.messages == []  # a preview sends nothing
    response = client.post(
        f"/cohorts/{cohort.id}/reminders",
        data={"days": "14", "message": "See you on Monday", "confirm": "1"},
    )
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    [message] = mailer.messages
    assert message["To"] == idle.email and message["Content-Language"] == "fr"
    assert "See you on Monday" in Inbox.text(message) and message["List-Unsubscribe"]
    job_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 mail sent." in job_page
