"""`flask cities import`: idempotent, updates in place, all or nothing with every bad line named."""

from __future__ import annotations

import os

from sqlalchemy import select

from mooc.cities.models import MemberCity
from mooc.config import project_root
from mooc.extensions import db

STARTER = os.path.join(project_root(), "data", "member-cities.csv")


def run(runner, tmp_path, text: str | bytes):
    path = tmp_path / "cities.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return runner.invoke(args=["cities", "import", str(path)]), str(path)


def cities() -> dict[str, tuple]:
    db.session.expire_all()
    return {
        c.name: (c.local_name, c.country, c.region) for c in db.session.scalars(select(MemberCity))
    }


def test_starter_file_imports_and_is_idempotent(runner):
    first = runner.invoke(args=["cities", "import", STARTER])
    assert first.exit_code == 0, first.output
    assert "32 created, 0 updated, 0 unchanged." in first.output
    assert cities()["Gwangju"] == ("광주", "KR", "asia-pacific")
    assert cities()["Montevideo"] == ("", "UY", "latin-america")
    again = runner.invoke(args=["cities", "import", STARTER])
    assert "0 created, 0 updated, 32 unchanged." in again.output


def test_updates_in_place_and_accepts_labels_and_a_bom(runner, tmp_path):
    run(runner, tmp_path, "name,country,region\nGwangju,KR,asia-pacific\n")
    original = db.session.scalar(select(MemberCity)).id
    result, _path = run(
        runner, tmp_path, "\ufeffname,local_name,country,region\r\nGwangju,광주,kr,Asia-Pacific\r\n"
    )
    assert result.exit_code == 0, result.output
    assert "0 created, 1 updated, 0 unchanged." in result.output
    city = db.session.scalar(select(MemberCity))
    assert (city.id, city.local_name, city.country) == (original, "광주", "KR")


def test_bad_lines_are_all_named_and_nothing_is_imported(runner, tmp_path):
    result, path = run(
        runner,
        tmp_path,
        (
            "name,local_name,country,region\n"
            "Gwangju,광주,KR,asia-pacific\n"
            ",,UY,latin-america\n"
            "Atlantis,,XX,europe\n"
            "Montevideo,,UY,south america\n"
            "gwangju,,KR,asia-pacific\n"
        ),
    )
    assert result.exit_code == 1
    assert f"{path}:3: error: the city has no name" in result.output
    assert f"{path}:4: error: 'XX' is not an ISO 3166-1 country code" in result.output
    assert f"{path}:5: error: 'south america' is not a UCLG region" in result.output
    assert f"{path}:6: error: gwangju (KR) is already on an earlier line" in result.output
    assert "Nothing was imported" in result.output
    assert cities() == {}


def test_wrong_header_and_encoding(runner, tmp_path):
    result, path = run(runner, tmp_path, "city,country\nGwangju,KR\n")
    assert result.exit_code == 1 and f"{path}:1: error: the first line must name" in result.output
    result, path = run(runner, tmp_path, b"name,country,region\nS\xe3o Paulo,BR,latin-america\n")
    assert result.exit_code == 1 and "not UTF-8" in result.output


def test_registration_offers_imported_cities(runner, client):
    runner.invoke(args=["cities", "import", STARTER])
    page = client.get("/register").get_data(as_text=True)
    assert "Gwangju (광주)" in page and "Tunis (تونس)" in page
