"""Consent before a trainer sees a learner: every email is invited (account or not), the
learner joins only when she accepts, and nothing the trainer sees tells whether an account
exists."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from mooc.cohorts.models import CohortInvitation, CohortMember
from mooc.extensions import db
from tests.cohorts.helpers import make_cohort
from tests.factories import PASSWORD, UserFactory


def members() -> int:
    return db.session.scalar(select(func.count()).select_from(CohortMember))


def invitation_link(app, email: str) -> str:
    message = [m for m in app.extensions["mooc_outbox"] if m["To"] == email][-1]
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/invitations/\S+)", text).group(1)


def test_the_answer_never_tells_whether_an_account_exists(client, auth, synced):
    cohort, trainer = make_cohort()
    UserFactory(email="known@example.org")
    auth.login(trainer)
    answers = []
    for email in ("known@example.org", "unknown@example.org"):
        response = client.post(f"/cohorts/{cohort.id}/learners", data={"emails": email})
        answers.append(client.get(response.headers["Location"]).get_data(as_text=True))
    assert all("1 invited, 0 already invited or in the cohort." in page for page in answers)
    api = [
        client.post(f"/api/v1/cohorts/{cohort.id}/learners", json={"emails": [e]}).get_json()
        for e in ("known@example.org", "unknown@example.org", "other@example.org")
    ]
    assert api[0] == api[1] == {"invited": 0, "already": 1}
    assert api[2] == {"invited": 1, "already": 0}
    assert members() == 0


def test_an_existing_learner_joins_only_when_she_accepts(app, client, auth, synced):
    cohort, trainer = make_cohort()
    learner = UserFactory(email="ana@example.org")
    auth.login(trainer)
    client.post(f"/cohorts/{cohort.id}/learners", data={"emails": "ana@example.org"})
    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "invited" in dashboard and "No learner has joined yet." in dashboard
    link = invitation_link(app, "ana@example.org")
    auth.logout()
    # After signing in, her invitations come first.
    response = client.post("/login", data={"email": learner.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/invitations")
    page = client.get("/invitations").get_data(as_text=True)
    assert "Montevideo officials" in page and "quiz scores" in page
    assert client.get(link).status_code == 200
    response = client.post(link + "/accept")
    assert response.status_code == 302 and members() == 1
    invitation = db.session.scalar(select(CohortInvitation))
    assert invitation.status == "accepted"
    client.post(link + "/accept")  # twice: nothing more
    assert members() == 1
    auth.login(trainer)
    dashboard = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "joined" in dashboard and "No learner has joined yet." not in dashboard


def test_registering_with_an_invited_email_does_not_join_by_itself(app, client, auth, synced):
    cohort, trainer = make_cohort()
    auth.login(trainer)
    client.post(f"/cohorts/{cohort.id}/learners", data={"emails": "new@example.org"})
    link = invitation_link(app, "new@example.org")
    auth.logout()
    page = client.get(link).get_data(as_text=True)
    assert "Create an account to accept" in page and "/register?next=" in page
    form = {"email": "new@example.org", "password": "a long password", "display_name": "New"}
    response = client.post(f"/register?next={link}", data=form)
    assert response.headers["Location"] == link
    assert members() == 0  # registering proved nothing about the address: she still accepts
    client.post(link + "/accept")
    assert members() == 1


def test_declining_without_an_account(app, client, auth, synced):
    cohort, trainer = make_cohort()
    auth.login(trainer)
    client.post(f"/cohorts/{cohort.id}/learners", data={"emails": "no@example.org"})
    link = invitation_link(app, "no@example.org")
    auth.logout()
    assert client.post(link + "/decline").status_code == 302
    assert db.session.scalar(select(CohortInvitation.status)) == "declined"
    assert client.post(link + "/accept").status_code == 302  # to sign in: not a member
    assert members() == 0
    auth.login(trainer)
    assert "declined" in client.get(f"/cohorts/{cohort.id}/learners").get_data(as_text=True)
    assert client.get("/invitations/forged-token").status_code == 404


def test_joining_by_the_link_is_unchanged(client, learner, synced):
    cohort, _trainer = make_cohort()
    client.post(f"/join/{cohort.join_code}")
    assert members() == 1
