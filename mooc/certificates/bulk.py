"""Rendering many certificates in worker processes, one per core."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

_app = None


def _start_worker(config: dict) -> None:
    """Each worker builds its own app once (templates, fonts) and keeps an application context
    (links come from MOOC_BASE_URL: no request, real or pretended, is needed)."""
    global _app
    from mooc import create_app

    _app = create_app(config)
    _app.app_context().push()


def _render(data: dict) -> tuple[str, bytes]:
    from mooc.certificates.pdf import render_pdf

    return data["code"], render_pdf(data)


def render_all(
    items: Iterable[dict], config: dict, workers: int | None = None
) -> Iterator[tuple[str, bytes]]:
    """(code, PDF) for each plan, rendered by `workers` processes (default: every core)."""
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        from mooc.certificates.pdf import render_pdf

        for data in items:
            yield data["code"], render_pdf(data)
        return
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(config,)) as pool:
        yield from pool.map(_render, items, chunksize=4)
