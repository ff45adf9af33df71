"""Command-line helpers shared by the features' command groups."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import click


class LazyGroup(click.Group):
    """A command group whose real commands are loaded the first time it is used (listed,
    asked for help or run), so that a heavy library costs nothing to the other commands."""

    def __init__(self, name: str, help_text: str, load: Callable[[], click.Group] | str):
        super().__init__(name, help=help_text)
        self._load = load if callable(load) else lambda: import_target(load)
        self._real: click.Group | None = None

    def real(self) -> click.Group:
        """The group the loader returns, loaded once; its commands set the app up before they
        run, unless marked `light`."""
        if self._real is None:
            self._real = self._load()
            for command in self._real.commands.values():
                prepare(command)
        return self._real

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        # The real group parses its own options and runs its own callback.
        return self.real().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self.real().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self.real().get_command(ctx, name)


class LazyCommand(click.Command):
    """A command whose module is imported only when it is run or asked for its help (its one
    line of help is given here, for `flask --help`)."""

    def __init__(self, name: str, help_text: str, target: str):
        super().__init__(name, help=help_text)
        self._target = target
        self._real: click.Command | None = None

    def real(self) -> click.Command:
        if self._real is None:
            self._real = import_target(self._target)
        return self._real

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        # The real command parses its own options and runs its own callback.
        return self.real().make_context(info_name, args, parent=parent, **extra)


def prepare(command: click.Command) -> None:
    """Run the app's deferred set-up (`mooc.application`) before `command`, unless it is light."""
    if getattr(command, "mooc_light", False) or getattr(command, "mooc_prepared", False):
        return
    command.mooc_prepared = True  # type: ignore[attr-defined]
    invoke = command.invoke

    def invoke_ready(ctx: click.Context):
        from flask.cli import ScriptInfo

        app = ctx.ensure_object(ScriptInfo).load_app()
        getattr(app, "ready", lambda: None)()
        return invoke(ctx)

    command.invoke = invoke_ready  # type: ignore[method-assign]


def import_target(target: str):
    """`package.module:name` to the object it names."""
    module, _sep, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def lazy_group(name: str, help_text: str, load: Callable[[], click.Group] | str) -> LazyGroup:
    """`flask NAME …` whose subcommands come from `load()` (or a `module:name` string) when
    first needed."""
    return LazyGroup(name, help_text, load)


def lazy_command(name: str, help_text: str, target: str) -> LazyCommand:
    """`flask NAME` whose module (`target`, `module:name`) is imported when it is run."""
    return LazyCommand(name, help_text, target)


def light(command: click.Command) -> click.Command:
    """Mark a command that needs only the configuration (no models, pages or receivers): its
    application context does not start the app's deferred set-up (see `mooc.application`)."""
    command.mooc_light = True  # type: ignore[attr-defined]
    return command
