"""Real workers (`flask worker` processes) on a scratch database, for the job tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from mooc.config import project_root

REDIS_URL = os.environ.get("MOOC_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_or_skip() -> str:
    """The test Redis URL, or skip when no server answers."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        pytest.skip(f"no Redis server at {REDIS_URL}")
    return REDIS_URL


def forget_queue(name: str) -> None:
    """Delete a test queue's keys from the shared Redis."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"huey.*{name}*"):
        client.delete(key)
    client.close()


def unique_queue() -> str:
    return f"mooctest{uuid.uuid4().hex[:12]}"


def environment(config: dict) -> dict:
    """The MOOC_* variables that give a subprocess the same configuration (a developer's machine:
    no public address is needed to start)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOOC_")}
    env["MOOC_DEVELOPMENT"] = "1"
    for key, value in config.items():
        env[f"MOOC_{key}"] = value if isinstance(value, str) else __import__("json").dumps(value)
    return env


class Worker:
    """A `flask worker` process; stopped (SIGTERM) or killed (SIGKILL) by the test."""

    def __init__(self, config: dict, log: Path, threads: int = 1):
        self.log = open(log, "ab")  # noqa: SIM115 (closed in stop)
        flask = os.path.join(os.path.dirname(sys.executable), "flask")
        self.process = subprocess.Popen(
            [flask, "--app", "wsgi", "worker", "--threads", str(threads)],
            cwd=project_root(),
            env=environment(config),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # graceful: finish the job at hand
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if not self.log.closed:
            self.log.close()


def wait_for(check: Callable[[], object], seconds: float = 90, every: float = 0.05, why: str = ""):
    """Poll `check` until it returns something true; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {why or check}")
