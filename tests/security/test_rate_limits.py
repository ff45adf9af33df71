"""Rate limits: every limited route answers 429, and with Redis the count is shared by workers.

Flask-Limiter keeps one storage per `Limiter` instance, and `mooc.extensions.limiter` is one per
process: two apps in one process would share their counts whatever the storage. So "two gunicorn
workers" are two processes here, each with its own app, driven in turn through a pipe.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import uuid
from pathlib import Path

import pytest
import redis
from flask_limiter.util import get_qualified_name

from mooc import create_app
from mooc.extensions import db, limiter

REDIS_URL = os.environ.get("MOOC_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
LIMITS = {
    "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
    "LOGIN_LIMIT_PER_ADDRESS": "3 per minute",
    "VERIFY_LIMIT": "3 per minute",
    "REGISTER_LIMIT_PER_EMAIL": "3 per minute",
}
ARGUMENTS = {"code": "B" * 26}
CREDENTIALS = {"email": "ana@example.org", "password": "wrong password", "name": "script"}


# Limited routes for signed-in accounts only (a signed-out walk is sent to the sign-in page):
# each has its own test below.
SIGNED_IN = {"/account/password"}


def limited_routes() -> list:
    """Every (rule, method) that carries a rate limit, found by walking `url_map`."""
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": "sqlite://", **LIMITS})
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            view = app.view_functions[rule.endpoint]
            limits = limiter.limit_manager.decorated_limits(get_qualified_name(view))
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                if rule.rule in SIGNED_IN:
                    continue
                if any(not limit.methods or method.lower() in limit.methods for limit in limits):
                    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ARGUMENTS.get(m[1], "x"), rule.rule)
                    found.append(pytest.param(url, method, id=f"{method} {rule.rule}"))
    return found


ROUTES = limited_routes()


def test_the_walk_finds_the_sign_in_routes():
    urls = {(p.values[1], p.values[0]) for p in ROUTES}
    assert {("POST", "/login"), ("POST", "/api/v1/tokens"), ("GET", "/verify/" + "B" * 26)} <= urls


def send(client, method: str, url: str):
    """One request as a script or a browser would send it to this route."""
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.open(url, method=method, json=CREDENTIALS)
    return client.open(url, method=method, data=CREDENTIALS)


@pytest.fixture
def limited(database_url, tmp_path):
    """An app with rate limits on (the suite turns them off) and low limits."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'limited.sqlite3'}",
            "RATELIMIT_STORAGE_URI": "memory://",
            **LIMITS,
        }
    )
    with app.app_context():
        if database_url is None:
            db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(("url", "method"), ROUTES)
def test_every_limited_route_answers_429(limited, url, method):
    client = limited.test_client()
    statuses = [send(client, method, url).status_code for _ in range(4)]
    assert 429 not in statuses[:3] and statuses[3] == 429, statuses
    response = send(client, method, url)
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    if url.startswith("/api/"):
        assert response.get_json()["error"]["code"] == "too_many_requests"


def test_wrong_current_passwords_spend_the_account_s_sign_in_budget(limited):
    from tests.factories import PASSWORD, UserFactory

    user = UserFactory()
    db.session.commit()
    client = limited.test_client()
    signed_in = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    change = {"current_password": "not it at all", "new_password": "a new long passphrase"}
    statuses = [client.post("/account/password", data=change).status_code for _ in range(3)]
    assert statuses == [400, 400, 400]
    assert client.post("/account/password", data=change).status_code == 429
    client.post("/logout")  # the same account's sign-in is refused too: one budget
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 429
    )


def worker(connection, config: dict, environment: dict) -> None:
    """A process with its own app, answering `(method, url)` with the status code."""
    os.environ.update(environment)
    app = create_app(config)
    with app.app_context():
        db.create_all()
        client = app.test_client()
        while (request := connection.recv()) is not None:
            connection.send(send(client, *request).status_code)
        db.engine.dispose()
    connection.close()


class Workers:
    """Two worker processes, like two gunicorn workers behind one address."""

    def __init__(self, tmp_path: Path, environment: dict):
        context = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        for number in range(2):
            config = {
                "TESTING": True,
                "SECRET_KEY": "t",
                "WTF_CSRF_ENABLED": False,
                "DATABASE_URL": f"sqlite:///{tmp_path / f'worker{number}.sqlite3'}",
                **LIMITS,
            }
            mine, theirs = context.Pipe()
            process = context.Process(target=worker, args=(theirs, config, environment))
            process.start()
            theirs.close()
            self.pipes.append(mine)
            self.processes.append(process)

    def statuses(self, method: str, url: str, count: int) -> list[int]:
        """Send `count` requests, alternating between the workers."""
        found = []
        for number in range(count):
            pipe = self.pipes[number % 2]
            pipe.send((method, url))
            found.append(pipe.recv())
        return found

    def stop(self) -> None:
        for pipe, process in zip(self.pipes, self.processes, strict=True):
            pipe.send(None)
            process.join(timeout=30)
            pipe.close()
            assert process.exitcode == 0


@pytest.fixture
def redis_prefix():
    """A key prefix of this run on the Redis server; its keys are deleted afterwards."""
    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.RedisError as error:
        server.close()
        pytest.skip(f"no Redis server at {REDIS_URL} ({error})")
    prefix = f"mooc-test-{uuid.uuid4().hex}"
    yield prefix
    pattern = f"*/{prefix}/*"  # Flask-Limiter's keys: LIMITS:LIMITER/<prefix>/<key>/…
    keys = list(server.scan_iter(match=pattern))
    if keys:
        server.delete(*keys)
    assert not list(server.scan_iter(match=pattern))
    server.close()


@pytest.fixture
def workers(tmp_path):
    """Start two workers with the given environment; stop them after the test."""
    started = []

    def start(environment: dict) -> Workers:
        found = Workers(tmp_path, environment)
        started.append(found)
        return found

    yield start
    for found in started:
        found.stop()


SHARED = {
    ("POST", "/login"): [400, 400, 400, 429],  # the sign-in page
    # A script asking for a token: the account's budget of failures was spent on /login above.
    ("POST", "/api/v1/tokens"): [429, 429, 429, 429],
    ("GET", "/verify/" + "B" * 26): [404, 404, 404, 429],  # public verification
}


def test_with_redis_two_workers_share_the_limits(workers, redis_prefix):
    pair = workers(
        {
            "MOOC_RATELIMIT_STORAGE_URI": REDIS_URL,
            "MOOC_RATELIMIT_KEY_PREFIX": redis_prefix,
        }
    )
    found = {request: pair.statuses(*request, 4) for request in SHARED}
    assert found == SHARED
    with redis.Redis.from_url(REDIS_URL) as server:
        assert server.keys(f"*/{redis_prefix}/*")  # the counts are there, under this run's prefix


def test_without_a_shared_store_each_worker_counts_alone(workers):
    """The control: in memory, requests split across two workers pass twice the limit."""
    pair = workers({"MOOC_RATELIMIT_STORAGE_URI": "memory://"})
    assert pair.statuses("POST", "/login", 6) == [400] * 6
