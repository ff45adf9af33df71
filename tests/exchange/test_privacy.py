"""Case studies with consent, the admin's export, my data, deleting an account."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from mooc.exchange.models import Answer, Post
from mooc.extensions import db
from tests.exchange.helpers import answer, sync_second_edition, two_cohorts
from tests.factories import CertificateFactory, UserFactory


@pytest.fixture
def world(runner, tree):
    sync_second_edition(runner, tree)
    return two_cohorts()


def test_case_studies_need_consent_and_revoking_removes_them(client, auth, world):
    answer(world["ana"], "Named story", share_cities=True, case_study=True, case_study_named=True)
    answer(world["bea"], "Anonymous story", share_cohort=True, case_study=True)
    answer(world["carla"], "Private, consent ignored", case_study=True)  # not shared: no
    auth.login(UserFactory(role="admin"))
    found = client.get("/admin/exchange/case-studies.json").get_json()["case_studies"]
    texts = {entry["text"]: entry for entry in found}
    assert set(texts) == {"Named story", "Anonymous story"}
    assert texts["Named story"]["author"] == "Ana Montevideo"
    assert texts["Named story"]["region"] == "latin-america"
    assert texts["Named story"]["language"] == "es"
    assert texts["Anonymous story"]["author"] == ""
    rows = list(csv.reader(io.StringIO(client.get("/admin/exchange/case-studies.csv").text)))
    assert rows[0][0].lstrip("\ufeff") == "city" and len(rows) == 3
    answer(world["ana"], "Named story", share_cities=True)  # she revokes her consent
    found = client.get("/admin/exchange/case-studies.json").get_json()["case_studies"]
    assert [entry["text"] for entry in found] == ["Anonymous story"]
    auth.logout()
    auth.login(world["trainer_a"])
    assert client.get("/admin/exchange/case-studies.json").status_code == 404


def test_my_data_holds_what_the_app_knows(client, auth, world):
    answer(world["ana"], "My answer", share_cohort=True)
    auth.login(world["ana"])
    data = client.get("/account/data.json").get_json()
    assert data["account"]["email"] == world["ana"].email
    assert [a["text"] for a in data["answers"]] == ["My answer"]
    assert data["cohorts"][0]["name"] == "A"
    assert client.get("/api/v1/me/data").get_json()["answers"][0]["text"] == "My answer"


@pytest.mark.parametrize("mode", ["remove", "anonymise"])
def test_deleting_an_account(client, auth, world, mode):
    ana = world["ana"]
    mine = answer(ana, "Ana answer", share_cohort=True)
    answer(world["bea"], "Bea answer", share_cohort=True)
    certificate = CertificateFactory(user_id=ana.id, name="Ana Montevideo")
    auth.login(world["bea"])
    client.post(f"/exchange/answers/{mine.id}/replies", data={"body": "Bea's reply"})
    auth.logout()
    auth.login(ana)
    client.post(f"/exchange/answers/{mine.id}/replies", data={"body": "Ana's reply"})
    assert client.post("/account/delete", data={"mode": mode}).status_code == 200  # no DELETE
    response = client.post("/account/delete", data={"mode": mode, "confirmation": "DELETE"})
    assert response.status_code == 302
    assert client.get("/courses/demo/workbook").status_code == 302  # signed out
    left = set(db.session.scalars(select(Answer.body)))
    posts = db.session.scalar(select(func.count()).select_from(Post))
    if mode == "remove":
        assert left == {"Bea answer"} and posts == 0
    else:
        assert left == {"Ana answer", "Bea answer"} and posts == 2
        assert db.session.scalar(select(Post.author_id).where(Post.body == "Ana's reply")) is None
    verify = client.get(f"/verify/{certificate.code}")
    assert verify.status_code == 200 and certificate.name in verify.get_data(as_text=True)
    assert (
        auth.client.post(
            "/login", data={"email": ana.email, "password": "correct horse battery"}
        ).status_code
        != 302
    )


def test_deleting_is_one_operation_with_the_features_that_react(client, auth, world):
    """Cohorts and accounts react to `account_closing` in the exchange's transaction: a refusal
    in any of them leaves every row as it was."""
    from mooc import signals
    from mooc.accounts.models import ApiToken
    from mooc.cohorts.models import CohortMember

    ana = world["ana"]
    email = ana.email
    answer(ana, "Ana answer", share_cohort=True)
    heard = []

    def refuse(_app, *, user, email, **_extra):
        heard.append((user.id, email))
        raise RuntimeError("refused")

    auth.login(ana)
    signals.account_closing.connect(refuse)
    try:
        with pytest.raises(RuntimeError):
            client.post("/account/delete", data={"mode": "remove", "confirmation": "DELETE"})
    finally:
        signals.account_closing.disconnect(refuse)
    db.session.rollback()
    assert heard == [(ana.id, email)]
    assert db.session.scalar(select(Answer.body)) == "Ana answer"
    assert db.session.get(type(ana), ana.id).email == email
    members = select(func.count()).select_from(CohortMember).where(CohortMember.user_id == ana.id)
    assert db.session.scalar(members) == 1
    # Without the refusal: the receivers scrub the row, revoke tokens, forget memberships.
    from mooc.accounts import services as accounts

    accounts.create_token(ana, "script")
    assert (
        client.post(
            "/account/delete", data={"mode": "remove", "confirmation": "DELETE"}
        ).status_code
        == 302
    )
    assert db.session.scalar(members) == 0
    live = select(func.count()).select_from(ApiToken).where(ApiToken.revoked_at.is_(None))
    assert db.session.scalar(live) == 0
    assert db.session.get(type(ana), ana.id).email == f"deleted-{ana.id}@deleted.invalid"
