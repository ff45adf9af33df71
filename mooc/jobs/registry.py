"""What each kind of job does (`@handler`), and what a handler may ask of its job."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

HANDLERS: dict[str, Callable[[JobContext], None]] = {}


@dataclass
class Kind:
    """How a kind of job is shown: its title, and a sentence from the counts it recorded."""

    title: Any = None  # lazy_gettext
    summary: Callable[[dict[str, Any]], str] | None = None


KINDS: dict[str, Kind] = {}
# What the upkeep also does (every JOBS_UPKEEP_SECONDS: features' `@upkeep` functions, in an
# app context).
UPKEEP: list[Callable[[], None]] = []


def handler(kind: str, title: Any = None, summary: Callable[[dict], str] | None = None):
    """Declare the function that does the jobs of `kind` (`feature.what`, e.g.
    `certificates.bulk_issue`), with the `title` its page shows and a `summary` of the counts
    it leaves in `context.report`. The function gets a `JobContext`, writes through services
    (each call its own transaction) and must be idempotent: a job killed halfway runs again,
    with `context.done` telling how far the last run recorded it got."""

    def decorator(function: Callable[[JobContext], None]) -> Callable[[JobContext], None]:
        HANDLERS[kind] = function
        KINDS[kind] = Kind(title, summary)
        return function

    return decorator


def upkeep(function: Callable[[], None]) -> Callable[[], None]:
    """Run `function` at every upkeep (each `JOBS_UPKEEP_SECONDS`, in a worker): a feature's own
    look for work left waiting. It must be quick, and it may start jobs."""
    UPKEEP.append(function)
    return function


def remove_stale_parts(folder: str) -> int:
    """Remove the `*.part` files of `folder` that nobody has written to for a lease: what a
    worker killed while writing a file left behind (a live writer touches its file within
    seconds, and the finished file replaces its `.part` by a rename). Returns how many."""
    import time

    if not os.path.isdir(folder):
        return 0
    before = time.time() - current_app.config["JOBS_LEASE"]
    removed = 0
    for entry in os.scandir(folder):
        if entry.name.endswith(".part") and entry.is_file(follow_symlinks=False):
            try:
                if entry.stat(follow_symlinks=False).st_mtime < before:
                    os.remove(entry.path)
                    removed += 1
            except FileNotFoundError:  # renamed or removed meanwhile
                continue
    return removed


def results_folder() -> str:
    """Where job results (reports, archives) are written (created when missing)."""
    folder = current_app.config["JOBS_RESULTS_DIR"]
    os.makedirs(folder, exist_ok=True)
    return folder


@dataclass
class JobContext:
    """A running job as its handler sees it."""

    job_id: int | None  # None when the CLI runs the work in the foreground
    kind: str
    params: dict[str, Any]
    done: int = 0
    total: int = 0
    attempt: int = 1
    report: dict[str, Any] = field(default_factory=dict)  # counts, kept as the job's outcome
    result: dict[str, str] = field(default_factory=dict)  # file, name, type
    on_progress: Callable[[int, int], None] | None = None

    def progress(self, done: int, total: int | None = None) -> None:
        """Record how far the job got (shown on its page; a heartbeat for the other workers).
        Inside a service's transaction it commits with that work."""
        self.done = done
        if total is not None:
            self.total = total
        if self.on_progress is not None:
            self.on_progress(self.done, self.total)
        if self.job_id is not None:
            from mooc.jobs.services import record_progress

            record_progress(self.job_id, self.done, self.total)

    def advance(self, steps: int = 1) -> None:
        """`steps` more done."""
        self.progress(self.done + steps)

    @contextmanager
    def result_file(self, name: str, mimetype: str, path: str | None = None) -> Iterator[Any]:
        """Write the job's downloadable result: a binary file handle, renamed into place when the
        block ends (a reader, or a run killed halfway, never sees half a file). In the
        foreground, `path` says where the file goes."""
        target = path or os.path.join(results_folder(), f"job-{self.job_id}-{safe(name)}")
        partial = target + ".part"
        try:
            with open(partial, "wb") as handle:
                yield handle
            os.replace(partial, target)
        except BaseException:
            if os.path.exists(partial):
                os.remove(partial)
            raise
        self.result = {"file": target, "name": name, "type": mimetype}


def safe(name: str) -> str:
    """A file name with only letters, digits, dots and dashes."""
    return "".join(c if c.isalnum() or c in ".-" else "-" for c in name)[:100] or "result"
