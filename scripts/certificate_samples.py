"""Render sample certificates (names in five scripts, three languages) as PNG into
docs/certificates/: `.venv/bin/python scripts/certificate_samples.py`. Needs pdftoppm (poppler)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from mooc import create_app  # noqa: E402
from mooc.cities.names import city_name  # noqa: E402
from mooc.i18n import issuer_name  # noqa: E402

SAMPLES = [
    ("latin", "José Martí Núñez-Çelik", "es", "Montevideo"),
    ("arabic", "فاطمة الزهراء بنت محمد", "fr", "Tunis"),
    ("korean", "김민지", "en", "Seoul"),
    ("devanagari", "प्रिया पटेल", "en", "London"),
    ("cyrillic", "Екатерина Александровна Смирнова", "fr", "Vienna"),
    ("longest", "Maximiliana " * 15 + "de la Santísima Trinidad", "en", "Mexico City"),
]
COURSE = {
    "en": "Human rights cities: an introduction",
    "fr": "Villes des droits humains : une introduction",
    "es": "Ciudades de derechos humanos: una introducción",
}


def main() -> None:
    out = os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "certificates"
    )
    os.makedirs(out, exist_ok=True)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "samples",
            "DATABASE_URL": "sqlite://",
            "BASE_URL": "https://learn.uclg.example",
            "SIGNATORY_NAME": "Name of the signatory",  # a sample: set in production
        }
    )
    from mooc.certificates.pdf import render_pdf

    with app.app_context(), tempfile.TemporaryDirectory() as scratch:
        for label, name, locale, city in SAMPLES:
            code = "K7QF2M4ZJX3RWN6PTB5YHC8DGA"[:26]
            data = {
                "name": name[:200],
                "issued_at": datetime(2026, 12, 3),
                "city": city_name(city, locale),
                "code": code,
                "locale": locale,
                "issuer": issuer_name(locale),
                "verify_url": f"https://learn.uclg.example/verify/{code}",
                "kind": "course",
                "course": COURSE[locale],
                "hours": 6,
            }
            pdf = os.path.join(scratch, f"{label}.pdf")
            with open(pdf, "wb") as handle:
                handle.write(render_pdf(data))
            target = os.path.join(out, f"certificate-{label}-{locale}")
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", pdf, target], check=True)
            print(target + ".png")


if __name__ == "__main__":
    main()
