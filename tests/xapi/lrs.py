"""A real LRS for the xAPI tests: Learning Locker's `xapi-statements` (npm, GPL-3.0: run as a
separate Node process, never imported), in-memory storage, on 127.0.0.1. Installed by
`make lrs` (pinned by tests/xapi/lrs/package-lock.json).

It asks an auth endpoint about each request's `Authorization` header (its `fetch` mode): ours
here answers with a client only for the key and secret the app is configured with, so that a
statement reaches the store only with the right basic auth."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent / "lrs"
SERVER = HERE / "node_modules" / "xapi-statements" / "dist" / "index.js"
KEY, SECRET = "mooc-test-key", "mooc-test-secret"
CLIENT = {
    "_id": "5f0000000000000000000001",
    "title": "mooc tests",
    "authority": {"objectType": "Agent", "mbox": "mailto:lrs-client@example.org"},
    "isTrusted": True,
    "lrs_id": "5f0000000000000000000002",
    "organisation": "5f0000000000000000000003",
    "scopes": ["statements/write", "statements/read"],
}


def missing() -> str | None:
    """Why the LRS cannot run here (None when it can)."""
    if shutil.which("node") is None:
        return "node not found: the real-LRS tests need Node (make lrs installs the LRS)"
    if not SERVER.exists():
        return "the test LRS is not installed: run `make lrs` (npm ci in tests/xapi/lrs)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def basic(key: str = KEY, secret: str = SECRET) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


class AuthPeer:
    """The LRS's auth endpoint: a client for our key and secret, 404 for anything else."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                given = self.headers.get("Authorization", "")
                peer.seen.append(given)
                ok = given == basic()
                body = json.dumps(CLIENT if ok else {"message": "no such client"}).encode()
                self.send_response(200 if ok else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/auth"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Lrs:
    """The LRS process: start, stop (mid-way, to see the outbox hold), start again, query."""

    def __init__(self, folder: Path, auth: AuthPeer) -> None:
        self.folder, self.auth = folder, auth
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        self.process: subprocess.Popen | None = None
        self.log = folder / "lrs.log"

    def start(self) -> None:
        (self.folder / "storage").mkdir(parents=True, exist_ok=True)
        env = {
            "PATH": os.environ.get("PATH", ""),
            "EXPRESS_PORT": str(self.port),
            "MODELS_REPO": "memory",
            "STORAGE_REPO": "local",
            "EVENTS_REPO": "test",
            "AUTH_REPO": "fetch",
            "LL_CLIENT_INFO_ENDPOINT": self.auth.url,
            "FS_LOCAL_STORAGE_DIR": str(self.folder / "storage"),
            "EXPRESS_MORGAN_DIRECTORY": str(self.folder / "logs"),
            "WINSTON_CONSOLE_LEVEL": "warn",
            "SERVICE_AWAIT_UPDATES": "true",
        }
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                ["node", str(SERVER)], cwd=self.folder, env=env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the LRS stopped: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "about", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the LRS did not answer in 30 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def request(self, method: str, path: str, body=None, auth: str | None = None):
        """(status, JSON) of a request to the LRS's own API."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={
                "X-Experience-API-Version": "1.0.3",
                "Authorization": auth or basic(),
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                text = answer.read().decode()
                return answer.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text

    def statements_of(self, agent: dict) -> list[dict]:
        """Every statement about `agent`, in the order the LRS stored them (its query API)."""
        query = urllib.parse.urlencode(
            {"agent": json.dumps(agent), "ascending": "true", "limit": "500"}
        )
        status, body = self.request("GET", f"statements?{query}")
        assert status == 200, body
        found = list(body["statements"])
        while body.get("more"):
            more = body["more"].split("/statements", 1)[-1]
            status, body = self.request("GET", "statements" + more)
            assert status == 200, body
            found.extend(body["statements"])
        return found
