"""The Flask application class: the web half of the set-up runs when something first needs it.

`create_app` configures the app and its light extensions at once, and hands the rest (the
database's Flask-SQLAlchemy, models, pages, API, sign-in, signal receivers, job handlers: most
of the import time) to `defer`. It runs the
first time the app is used: an application context pushed (a request, a test, a script), a URL
adapter made or the URL map read, templates looked up, or a command of ours invoked, unless the
command is marked `mooc.cli.light` (`flask content check`: authors wait for their check only).
The `flask` command itself pushes a context while it looks commands up: that one does not count.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import click
from flask import Flask


class Mooc(Flask):
    """Flask with a deferred set-up (see the module's docstring)."""

    def __init__(self, *args, **kwargs):
        self._deferred: list[Callable[[Flask], None]] = []
        self._ready_lock = threading.RLock()
        self._ready = False
        self._busy = True  # until `create_app` has declared every step
        super().__init__(*args, **kwargs)

    def defer(self, *steps: Callable[[Flask], None]) -> None:
        """Run `steps` (each `step(app)`) before the app is first used."""
        self._deferred.extend(steps)

    def configured(self) -> None:
        """`create_app` is done: the next use of the app runs the deferred steps."""
        self._busy = False

    def ready(self) -> Flask:
        """Run the deferred set-up now, once (thread-safe; a step that uses the app does not
        start it again); returns the app."""
        if self._ready or self._busy:
            return self
        with self._ready_lock:
            if self._ready or self._busy:
                return self
            self._busy = True
            try:
                for step in self._deferred:
                    step(self)
            finally:
                self._busy = False
            self._deferred, self._ready = [], True
        return self

    def app_context(self):
        if not self._ready and not looking_up_a_command():
            self.ready()
        return super().app_context()

    @property
    def url_map(self):  # type: ignore[override]
        self.ready()
        return self._url_map

    @url_map.setter
    def url_map(self, value) -> None:
        self._url_map = value

    def create_url_adapter(self, request):
        if request is not None:  # an application context makes one too: `app_context` decides
            self.ready()
        return super().create_url_adapter(request)

    def iter_blueprints(self):
        self.ready()
        return super().iter_blueprints()


def looking_up_a_command() -> bool:
    """True while `flask` finds the command to run (it pushes an application context to do so);
    the command, once found, starts the set-up itself unless it is light (`mooc.cli`)."""
    from flask.cli import FlaskGroup

    context = click.get_current_context(silent=True)
    return context is not None and isinstance(context.command, FlaskGroup)
