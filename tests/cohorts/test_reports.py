"""Trainer dashboard and exports, checked cell by cell against a small known cohort."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import datetime, timedelta

import pytest
from flask_babel import force_locale, format_datetime
from openpyxl import load_workbook

from mooc.cohorts import demo
from tests.cohorts.helpers import RIGHT, WRONG, add_learner, make_cohort, progress

HYPERLINK = '=HYPERLINK("http://x")'


@pytest.fixture
def known(synced):
    """Ana completed (0 % then 100 %), Carl passed the quiz first time, Bea read one lesson,
    and a learner whose name is a spreadsheet formula did nothing."""
    cohort, trainer = make_cohort()
    ana = add_learner(cohort, display_name="Ana", email="ana@example.org")
    bea = add_learner(cohort, display_name="Bea", email="bea@example.org")
    carl = add_learner(cohort, display_name="Carl", email="carl@example.org")
    add_learner(cohort, display_name=HYPERLINK, email="x@example.org")
    progress(ana, ["intro"], [WRONG, RIGHT])
    progress(ana, ["housing"])
    progress(bea, ["intro"])
    progress(carl, ["intro"], [RIGHT])
    return cohort, trainer, {"ana": ana, "bea": bea, "carl": carl}


def csv_rows(response) -> list[list[str]]:
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # one charset
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def joined(user, locale: str) -> str:
    from sqlalchemy import select

    from mooc.cohorts.models import CohortMember
    from mooc.extensions import db

    moment = db.session.scalar(
        select(CohortMember.joined_at).where(CohortMember.user_id == user.id)
    )
    assert locale  # CSV dates are ISO 8601 in every language
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_csv_export_cell_by_cell_in_english(app, client, auth, known):
    cohort, trainer, people = known
    auth.login(trainer)
    response = client.get(f"/cohorts/{cohort.id}/report.csv")
    assert response.is_streamed
    rows = csv_rows(response)
    assert rows[0] == [
        "Name",
        "Email",
        "Joined",
        "Required items done",
        "Required items",
        "Progress (%)",
        "Check your understanding: best score (%)",
        "Quizzes passed",
        "Completed",
        "Certificate",
        "Last activity",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert len(by_name) == 4
    with app.test_request_context():
        ana_joined = joined(people["ana"], "en")
    assert by_name["Ana"][:10] == [
        "Ana", "ana@example.org", ana_joined, "3", "3", "100", "100", "1", "yes", "",
    ]  # fmt: skip
    assert by_name["Bea"][3:10] == ["1", "3", "33", "", "0", "no", ""]
    assert by_name["Carl"][3:10] == ["2", "3", "67", "100", "1", "no", ""]
    assert all(row[10] for row in by_name.values())  # everyone has some activity
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", by_name["Ana"][2])  # ISO 8601
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", by_name["Bea"][10])
    # The formula comes out as text, not as something a spreadsheet would run.
    assert "'" + HYPERLINK in by_name
    assert HYPERLINK not in by_name


def test_csv_export_in_french(app, client, auth, known):
    cohort, trainer, people = known
    auth.login(trainer)
    rows = csv_rows(client.get(f"/cohorts/{cohort.id}/report.csv?lang=fr"))
    assert rows[0][:6] == [
        "Nom",
        "Adresse e-mail",
        "Inscription",
        "Éléments obligatoires faits",
        "Éléments obligatoires",
        "Progression (%)",
    ]
    assert rows[0][6] == "Vérifiez vos connaissances : meilleur score (%)"
    ana = next(row for row in rows if row[0] == "Ana")
    with app.test_request_context():
        assert ana[2] == joined(people["ana"], "fr")
    assert ana[8] == "oui"


def test_xlsx_export_cell_by_cell(client, auth, known):
    cohort, trainer, _people = known
    auth.login(trainer)
    response = client.get(f"/cohorts/{cohort.id}/report.xlsx?lang=es")
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    response.close()  # the server closes it after sending: the temporary file goes
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]][:3] == ["Nombre", "Correo electrónico", "Inscripción"]
    by_name = {row[0].value: row for row in rows[1:]}
    ana = by_name["Ana"]
    assert isinstance(ana[2].value, datetime)
    assert [c.value for c in ana[3:9]] == [3, 3, 100, 100, 1, "sí"]
    assert by_name["Bea"][6].value is None  # never tried the quiz
    formula = by_name[HYPERLINK][0]
    assert formula.data_type == "s"  # a string cell: Excel shows it, never runs it
    # Sized columns, a filter on the header row, the header and names frozen.
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:K{len(rows)}"
    assert sheet.column_dimensions["A"].width >= 28
    assert sheet.column_dimensions["B"].width >= 32
    assert sheet.column_dimensions["G"].width > 10  # the quiz's long heading
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert workbook.sheetnames[1] == "Resumen"
    summary = {row[0].value: row[1].value for row in workbook["Resumen"].iter_rows()}
    assert summary["Cohorte"] == "Montevideo officials"
    assert summary["Inscripciones"] == 4 and summary["Completado"] == 1


def test_pdf_report_has_the_chart_and_the_learners(client, auth, known, tmp_path):
    cohort, trainer, _people = known
    auth.login(trainer)
    response = client.get(f"/cohorts/{cohort.id}/report.pdf")
    assert response.status_code == 200
    content = response.get_data()
    assert content.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in ("Montevideo officials", "Completion per module", "Ana", "Carl", "Basics"):
        assert expected in text
    assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0


def test_dashboard_summary_chart_learners_and_item_analysis(client, auth, known):
    cohort, trainer, _people = known
    auth.login(trainer)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    summary = page[page.index('class="figures"') : page.index("</dl>")]
    figures = [part.split("</dd>")[0] for part in summary.split("<dd>")[1:]]
    assert figures == ["4", "4", "1", "0", "100%"]  # enrolled, active, completed, certified, avg
    bars = page[page.index('<ol class="bars">') : page.index("</ol>")]
    labels = [part.split("</span>")[0] for part in bars.split('"bar-label">')[1:]]
    values = [p.split("</span>")[0] for p in bars.split('"bar-value">')[1:]]
    assert labels == ["Basics", "More"]
    # Ana and Carl did intro and passed the quiz; Ana read the second module.
    assert values == ['50% <span class="meta">(2/4)', '25% <span class="meta">(1/4)']
    # Item analysis: two first attempts, one right: 50 % on every question.
    assert page.count(">50%</td>") == 3
    assert "Which body adopted the Global Charter-Agenda?" in page


def test_dashboard_pages_through_many_learners(app, client, auth, synced):
    with app.test_request_context():
        cohort = demo.seed(120, "demo")
    from mooc.accounts.models import User
    from mooc.extensions import db

    trainer = db.session.query(User).filter_by(email="trainer@demo.example.org").one()
    auth.login(trainer, demo.DEMO_PASSWORD)
    first = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Page 1 of 3" in first and "Learner 00000" in first and "Learner 00050" not in first
    third = client.get(f"/cohorts/{cohort.id}?page=3").get_data(as_text=True)
    assert "Learner 00119" in third and "Learner 00000" not in third
    assert "<dd>120</dd>" in third


def test_report_queries_do_not_grow_with_the_cohort(app, client, auth, synced, count_queries):
    with app.test_request_context():
        small = demo.seed(10, "demo", seed_value=1)
        large = demo.seed(1000, "demo", seed_value=2)
    ids = (small.id, large.id)
    from mooc.accounts.models import User
    from mooc.extensions import db

    trainer = db.session.query(User).filter_by(email="trainer@demo.example.org").one()
    auth.login(trainer, demo.DEMO_PASSWORD)
    # The PDF runs the same queries as the dashboard; rendering 1,000 learners is slow.
    for suffix in ("/report.csv", "/report.xlsx", ""):
        client.get(f"/cohorts/{ids[0]}{suffix}").close()  # warm the outline cache
        counts = []
        for cohort_id in ids:
            db.session.expunge_all()  # as in production: nothing cached from an earlier request
            with count_queries() as counter:
                response = client.get(f"/cohorts/{cohort_id}{suffix}")
                response.get_data()
                response.close()
            assert response.status_code == 200
            counts.append(counter.count)
        assert counts[0] == counts[1], (suffix, counts)
        assert counts[0] <= 15, (suffix, counts)
    rows = csv_rows(client.get(f"/cohorts/{ids[1]}/report.csv"))
    assert len(rows) == 1001


def test_cli_report_writes_each_format(app, runner, known, tmp_path, monkeypatch):
    cohort, _trainer, _people = known
    monkeypatch.setenv("MOOC_LANGUAGE", "es")
    for fmt in ("csv", "xlsx", "pdf"):
        target = tmp_path / f"report.{fmt}"
        result = runner.invoke(
            args=["cohorts", "report", str(cohort.id), "--format", fmt, "--output", str(target)]
        )
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0
        assert not (tmp_path / f"report.{fmt}.partial").exists()
    text = (tmp_path / "report.csv").read_text("utf-8-sig")
    assert text.startswith("Nombre,Correo electrónico")
    missing = runner.invoke(args=["cohorts", "report", "999", "--output", str(tmp_path / "x")])
    assert missing.exit_code == 1
    assert "999" not in missing.output or "cohort" in missing.output.lower()
    assert not (tmp_path / "x").exists()


def test_demo_seed_command(runner, synced):
    result = runner.invoke(args=["demo", "seed", "--learners", "25"])
    assert result.exit_code == 0, result.output
    assert "25 learners" in result.output
    from sqlalchemy import func, select

    from mooc.cohorts.models import CohortMember
    from mooc.extensions import db

    assert db.session.scalar(select(func.count()).select_from(CohortMember)) == 25
    # Some demo learners completed and hold the certificate; nothing happens in the future.
    from mooc.certificates.models import Certificate
    from mooc.clock import utcnow
    from mooc.courses.models import Enrolment, LessonProgress
    from mooc.quizzes.models import QuizAttempt

    completed = db.session.scalar(
        select(func.count()).select_from(Enrolment).where(Enrolment.completed_at.is_not(None))
    )
    certified = db.session.scalar(select(func.count()).select_from(Certificate))
    assert 0 < certified == completed < 25
    now = utcnow()
    for column in (
        LessonProgress.completed_at,
        QuizAttempt.created_at,
        Enrolment.last_seen_at,
        Enrolment.completed_at,
        CohortMember.joined_at,
    ):
        assert db.session.scalar(select(func.max(column))) <= now, column
    nothing = runner.invoke(args=["demo", "seed", "--course", "nope"])
    assert nothing.exit_code == 1


def test_admin_report_by_city_country_and_region(client, auth, known):
    from tests.cohorts.helpers import make_cohort
    from tests.factories import CityFactory, UserFactory

    cohort, _trainer, _people = known
    seoul = CityFactory(name="Seoul", country="KR", region="asia-pacific")
    make_cohort(city=seoul, name="Seoul officials")
    auth.login(UserFactory(role="admin"))
    page = client.get("/admin/reports?scope=region&value=latin-america").get_data(as_text=True)
    assert "Region: Latin America" in page
    assert "Montevideo officials" in page and "Seoul officials" not in page
    by_city = client.get(f"/admin/reports?scope=city&value={cohort.city_id}").get_data(as_text=True)
    assert "Montevideo officials" in by_city and "Seoul officials" not in by_city
    rows = csv_rows(client.get("/admin/reports.csv?scope=country&value=UY"))
    assert rows[0][:5] == ["Member city", "Country", "Region", "Cohort", "Course or path"]
    assert rows[1][:5] == [
        "Montevideo",
        "UY",
        "Latin America",
        "Montevideo officials",
        "Demo course",
    ]
    assert rows[1][7:13] == ["4", "4", "1", "25", "0", "100"]
    response = client.get("/admin/reports.xlsx?scope=region&value=asia-pacific")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert [c.value for c in next(sheet.iter_rows())][3] == "Cohort"
    assert [c.value for c in list(sheet.iter_rows())[1]][3] == "Seoul officials"
    pdf = client.get("/admin/reports.pdf?scope=region&value=latin-america")
    assert pdf.get_data().startswith(b"%PDF")


def test_admin_report_picks_cities_countries_and_regions_from_lists(client, auth, known):
    from tests.factories import CityFactory, UserFactory

    cohort, _trainer, _people = known
    seoul = CityFactory(name="Seoul", country="KR", region="asia-pacific")
    auth.login(UserFactory(role="admin"))
    page = client.get("/admin/reports").get_data(as_text=True)
    assert f'<option value="{seoul.id}" >Seoul</option>' in page
    assert '<option value="KR" >South Korea</option>' in page
    assert '<option value="UY" >Uruguay</option>' in page
    assert '<option value="asia-pacific" >Asia-Pacific</option>' in page
    assert f"Seoul = {seoul.id}" not in page  # no database numbers to copy
    assert page.count('<select id="pick-') == 3
    french = client.get("/admin/reports?lang=fr").get_data(as_text=True)
    assert ">Corée du Sud</option>" in french
    chosen = client.get(f"/admin/reports?scope=city&value={cohort.city_id}").get_data(as_text=True)
    assert f'<option value="{cohort.city_id}" selected>Montevideo</option>' in chosen
    assert "Montevideo officials" in chosen


def test_report_dates_read_as_babel_writes_them(app):
    """Exports format thousands of dates with cached patterns: the same text as Babel's."""
    import random

    from mooc.cohorts.exports import Moments

    rng = random.Random(7)
    with app.test_request_context():
        for locale in ("en", "fr", "es"):
            with force_locale(locale):
                moments = Moments()
                for _n in range(500):
                    moment = datetime(2026, 1, 1) + timedelta(seconds=rng.randint(0, 365 * 86400))
                    assert moments(moment) == format_datetime(moment, "short")


def test_a_path_cohort_reports_on_the_paths_courses_and_its_certificate(app, client, auth, synced):
    from mooc.certificates import services as certificates

    cohort, trainer = make_cohort(target="path:practitioner")
    ana = add_learner(cohort, display_name="Ana")
    progress(ana, ["intro"], [RIGHT])
    progress(ana, ["housing"])
    with app.test_request_context():
        certificate = certificates.issue_path(ana, "practitioner", "en")
    auth.login(trainer)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Practitioner" in page and "certificates.zip" in page
    rows = csv_rows(client.get(f"/cohorts/{cohort.id}/report.csv"))
    assert rows[1][:10] == [
        "Ana", ana.email, rows[1][2], "3", "3", "100", "100", "1", "yes", certificate.code,
    ]  # fmt: skip


def test_a_cohort_name_excel_refuses_as_a_sheet_name_still_opens(client, auth, synced):
    from tests.cohorts.helpers import make_cohort

    cohort, trainer = make_cohort(name="'=Q1/Q2: [draft]?'")
    auth.login(trainer)
    response = client.get(f"/cohorts/{cohort.id}/report.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.get_data()))
    response.close()
    title = workbook.active.title
    assert not set("[]:*?/\\'") & set(title) and title.startswith("=Q1")


LISTINGS = (
    "",
    "?show=inactive&days=3",
    "?show=not-started",
    "?show=completed&sort=activity&order=desc",
    "?show=certified",
    "?q=learner+0&sort=progress&order=desc&page=2",
)


def test_dashboard_queries_are_the_same_at_10_and_2000_learners(
    app, client, auth, synced, count_queries
):
    with app.test_request_context():
        ids = (demo.seed(10, "demo", seed_value=1).id, demo.seed(2000, "demo", seed_value=2).id)
    from mooc.accounts.models import User
    from mooc.extensions import db

    trainer = db.session.query(User).filter_by(email="trainer@demo.example.org").one()
    auth.login(trainer, demo.DEMO_PASSWORD)
    client.get(f"/cohorts/{ids[0]}").close()  # warm the outline cache
    for listing in LISTINGS:
        counts = []
        for cohort_id in ids:
            db.session.expunge_all()
            with count_queries() as counter:
                response = client.get(f"/cohorts/{cohort_id}{listing}")
            assert response.status_code == 200, listing
            counts.append(counter.count)
        assert counts[0] == counts[1], (listing, counts)
        assert counts[0] <= 9, (listing, counts)  # the cohort, its city and course: one


def test_learners_of_the_same_name_follow_the_name_index_both_ways(client, auth, synced):
    """By name, ties go by account in the listing's direction: the order of the users' index
    (display name, id), which the database walks a page at a time."""
    cohort, trainer = make_cohort()
    first, second = (add_learner(cohort, display_name="Same Name") for _n in range(2))
    add_learner(cohort, display_name="Another")
    auth.login(trainer)

    def emails(query: str) -> list[str]:
        page = client.get(f"/cohorts/{cohort.id}{query}").get_data(as_text=True)
        body = page[page.index('<table class="data learners">') : page.index("</tbody>")]
        return re.findall(r'<span class="meta">([^<]+@[^<]+)</span>', body)

    assert emails("")[1:] == [first.email, second.email]
    assert emails("?sort=name&order=desc")[:2] == [second.email, first.email]


def test_kept_rows_show_each_change_at_once_in_the_trainers_language(client, auth, synced):
    """The dashboard keeps each row's HTML by the data it shows: the row of a learner who
    works, is renamed or gets a certificate changes at the next view, in each language."""
    from mooc.accounts.models import User
    from mooc.extensions import db

    cohort, trainer = make_cohort()
    ana = add_learner(cohort, display_name="Ana")
    add_learner(cohort, display_name="Bea")
    auth.login(trainer)

    def row_of(name: str, lang: str = "en") -> str:
        page = client.get(f"/cohorts/{cohort.id}?lang={lang}").get_data(as_text=True)
        return page[page.index(f'<th scope="row">{name}<br>') :].split("</tr>")[0]

    before = row_of("Ana")
    assert 'data-label="Progress">0%' in before and 'data-label="Completed">no' in before
    progress(ana, ["intro"], [RIGHT])
    after = row_of("Ana")
    assert after != before and 'data-label="Progress">0%' not in after
    assert 'data-label="Q1">100%' in after
    french = row_of("Ana", "fr")
    assert 'data-label="Progression">' in french and re.search(r'data-label="Q1">100\s%', french)
    assert row_of("Ana") == after  # kept per language: the English one again
    db.session.get(User, ana.id).display_name = "Ana María"
    db.session.commit()
    assert "Ana María" in row_of("Ana María")
    assert '<th scope="row">Ana<br>' not in client.get(f"/cohorts/{cohort.id}").get_data(
        as_text=True
    )


def test_kept_fragments_stay_within_their_bound(app, client, auth, known, monkeypatch):
    from mooc import caching

    cohort, trainer, _people = known
    auth.login(trainer)

    def dashboard(query: str = "") -> str:  # without the CSRF tokens (they carry the second)
        page = client.get(f"/cohorts/{cohort.id}{query}").get_data(as_text=True)
        return re.sub(r'name="csrf_token" value="[^"]+"', "", page)

    whole = dashboard()
    monkeypatch.setattr(caching, "FRAGMENTS_BYTES", 3_000)
    for lang in ("fr", "es", "en"):
        page = dashboard(f"?lang={lang}")
        assert page.count('<th scope="row">') == whole.count('<th scope="row">')
        assert app.extensions["mooc_fragments_size"] <= 3_000 + max(
            len(html) for html in app.extensions["mooc_fragments"].values()
        )
    assert dashboard() == whole


def test_dashboard_sorts_filters_searches_and_pages(client, auth, known):
    cohort, trainer, people = known
    auth.login(trainer)

    def names(query: str) -> list[str]:
        page = client.get(f"/cohorts/{cohort.id}{query}").get_data(as_text=True)
        body = page[page.index('<table class="data learners">') :]
        body = body[: body.index("</tbody>")]
        return [cell.split("<br>")[0] for cell in body.split('<th scope="row">')[1:]]

    assert names("") == ["=HYPERLINK(&#34;http://x&#34;)", "Ana", "Bea", "Carl"]
    assert names("?sort=name&order=desc")[0] == "Carl"
    assert names("?sort=progress&order=desc") == [
        "Ana",
        "Carl",
        "Bea",
        "=HYPERLINK(&#34;http://x&#34;)",
    ]
    assert names("?show=completed") == ["Ana"]
    assert names("?show=not-started") == ["=HYPERLINK(&#34;http://x&#34;)"]
    assert names("?show=in-progress") == ["Bea", "Carl"]
    assert names("?show=certified") == []
    assert names("?show=inactive&days=7") == []  # joining opened the course for everyone
    from sqlalchemy import update

    from mooc.clock import utcnow
    from mooc.courses.models import Enrolment, LessonProgress
    from mooc.extensions import db

    long_ago = utcnow() - timedelta(days=10)
    bea = people["bea"].id
    db.session.execute(
        update(Enrolment).where(Enrolment.user_id == bea).values(last_seen_at=long_ago)
    )
    db.session.execute(
        update(LessonProgress).where(LessonProgress.user_id == bea).values(completed_at=long_ago)
    )
    from mooc.cohorts import counters

    counters.recount_cohort(cohort)  # rows rewritten behind the services' back
    db.session.commit()
    assert names("?show=inactive&days=7") == ["Bea"]
    assert names("?show=inactive&days=11") == []
    assert names("?q=CARL") == ["Carl"]
    assert names("?q=bea%40example") == ["Bea"]
    assert names("?q=%25") == []  # LIKE wildcards are searched as text
    assert names("?show=bogus&sort=bogus&page=-3") == names("")
    page = client.get(f"/cohorts/{cohort.id}?show=completed").get_data(as_text=True)
    assert "Learners 1–1 of 1" in page and '<option value="completed" selected>' in page
    assert "Completed (1)" in page and "Not started (1)" in page
    header = page[page.index('aria-sort="ascending"') - 30 :]
    assert "Name" in header[:400]
    # The scroll region holding the table can be reached with the keyboard.
    assert '<div class="scroll" tabindex="0" role="region" aria-label="Table of learners">' in page


def test_dashboard_pages_keep_the_listing(app, client, auth, synced):
    with app.test_request_context():
        cohort = demo.seed(120, "demo")
    from mooc.accounts.models import User
    from mooc.extensions import db

    trainer = db.session.query(User).filter_by(email="trainer@demo.example.org").one()
    auth.login(trainer, demo.DEMO_PASSWORD)
    page = client.get(f"/cohorts/{cohort.id}?q=learner&sort=joined").get_data(as_text=True)
    assert "Page 1 of 3" in page
    assert f"/cohorts/{cohort.id}?q=learner&amp;sort=joined&amp;page=2#learners-heading" in page
    last = client.get(f"/cohorts/{cohort.id}?page=99").get_data(as_text=True)
    assert "Page 3 of 3" in last  # past the end: the last page
