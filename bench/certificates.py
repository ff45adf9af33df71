"""Certificates: time per PDF through our code against WeasyPrint alone on the same filled HTML,
and the resident memory growth over many certificates in one process."""

from __future__ import annotations

import datetime
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

ROUNDS = 30  # timed renders of each kind
BULK = 60  # certificates rendered by one core, then by all
MANY = int(os.environ.get("BENCH_CERTIFICATES", "500"))  # for the memory figure
NAMES = [
    "김민지",
    "فاطمة الزهراء",
    "Αικατερίνη Παπαδοπούλου",
    "प्रिया पटेल",
    "王秀英",
    "José Martí Núñez",
]


def data(n: int, app) -> dict:
    return {
        "name": NAMES[n % len(NAMES)],
        "course": "Human Rights Cities",
        "hours": 8,
        "issued_at": datetime.datetime(2026, 11, 30),
        "city": "Gwangju",
        "code": f"BENCH{n:021d}",
        "locale": ("en", "fr", "es")[n % 3],
        "issuer": app.config["ISSUER"],
        "verify_url": f"https://example.org/verify/{n}",
    }


def rss_mb() -> float:
    """Current resident set size in MB (Linux)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def run() -> list[dict]:
    from flask import render_template
    from flask_babel import force_locale
    from weasyprint import HTML

    from bench.content import row
    from mooc import create_app
    from mooc.certificates import pdf

    app = create_app({"TESTING": True, "SECRET_KEY": "bench"})
    with app.test_request_context():
        pdf.render_pdf(data(0, app))  # warm up fonts and templates
        filled = []
        for n in range(ROUNDS):
            item = data(n, app)
            with force_locale(item["locale"]):
                filled.append(
                    render_template(
                        f"certificates/{pdf.TEMPLATE_VERSION}/certificate.html",
                        qr=pdf.qr_data_uri(item["verify_url"]),
                        **item,
                    )
                )
        started = time.perf_counter()
        for html in filled:
            HTML(string=html, base_url=app.static_folder).write_pdf(
                font_config=pdf.font_configuration(), pdf_variant="pdf/a-3b"
            )
        floor = (time.perf_counter() - started) / ROUNDS
        started = time.perf_counter()
        for n in range(ROUNDS):
            pdf.render_pdf(data(n, app))
        ours = (time.perf_counter() - started) / ROUNDS
        before = rss_mb()
        for n in range(MANY):
            pdf.render_pdf(data(n, app))
        growth = rss_mb() - before
    bulk = bulk_rows(app)
    time_row = row("certificate PDF, time each", ours, floor, 1.3, f"{ROUNDS} certificates")
    memory = row(
        f"certificate PDFs, RSS growth over {MANY}",
        growth,
        20.0,
        1.0,
        "floor column = the 20 MB budget",
    )
    memory.update(unit="MB", ours=round(growth, 1), floor=20.0)
    return [time_row, memory, bulk]


def bulk_rows(app) -> dict:
    """Certificates per second rendered by every core against one core."""
    from bench.content import row
    from mooc.certificates.bulk import render_all

    with app.app_context():
        plans = [data(n, app) for n in range(BULK)]
    config = {"TESTING": True, "SECRET_KEY": "bench"}
    rates = {}
    with app.test_request_context():
        for workers in (1, os.cpu_count() or 1):
            started = time.perf_counter()
            for _code, _content in render_all(plans, config, workers):
                pass
            rates[workers] = BULK / (time.perf_counter() - started)
    cores = os.cpu_count() or 1
    result = row(
        f"bulk certificates, {cores} cores vs 1, per s",
        rates[cores],
        rates[1],
        None,
        f"{BULK} certificates",
    )
    result.update(unit="/s", ours=round(rates[cores], 1), floor=round(rates[1], 1))
    return result


if __name__ == "__main__":
    from bench.run import print_table

    print_table(run())
