"""Schemathesis fuzzes every operation of /api/v1/openapi.json, as a learner and as a trainer.

The operations come from the document itself (built by the app at collection time), so a new
endpoint is fuzzed as soon as it is documented. Each (role, operation) is its own test item with
a fresh database, a synced baseline tree and a Bearer token.
"""

from __future__ import annotations

import itertools
import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from mooc import create_app
from mooc.accounts import services as accounts
from tests.factories import UserFactory

ROLES = ("learner", "trainer")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Path values that exist in the synced baseline tree, so that the fuzzer gets past the 404s.
KNOWN = {
    "slug": ["demo", "practitioner"],
    "item": ["intro", "charters", "check", "housing"],
    "number": [1, 2],
    "token_id": [1, 2],
    "code": ["B" * 26],
    "cohort_id": [1, 2],
}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))


def documented_operations() -> list[str]:
    """`METHOD /path` of every operation in the OpenAPI document."""
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": "sqlite://"})
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    return [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
    ]


class Caller:
    """A user of the API with a Bearer token, minted again if the fuzzer revokes it."""

    def __init__(self, role: str):
        self.user = UserFactory(role=role)
        self.token = ""

    def headers(self) -> dict[str, str]:
        if not self.token or accounts.user_for_token(self.token) is None:
            _row, self.token = accounts.create_token(self.user, "fuzz")
        return {"Authorization": f"Bearer {self.token}"}


def known_paths(operation) -> list[dict]:
    """Every combination of known values for the operation's path parameters."""
    names = [p.name for p in operation.path_parameters]
    if not names or any(name not in KNOWN for name in names):
        return []
    return [
        dict(zip(names, values, strict=True))
        for values in itertools.product(*(KNOWN[n] for n in names))
    ]


def cases(operation):
    """Valid and invalid requests, with random and with known path parameters."""
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    combinations = known_paths(operation)
    if combinations:
        strategies.append(
            st.sampled_from(combinations).flatmap(
                lambda values: operation.as_strategy(
                    GenerationMode.POSITIVE, path_parameters=values
                )
            )
        )
    return st.one_of(strategies)


@pytest.mark.parametrize("label", documented_operations())
@pytest.mark.parametrize("role", ROLES)
def test_operation_answers_as_documented(app, client, synced, role, label):
    caller = Caller(role)
    assert (
        client.post("/api/v1/courses/demo/enrolment", headers=caller.headers()).status_code == 201
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema.find_operation_by_label(label)
    assert operation is not None, label

    @given(case=cases(operation))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def fuzz(case):
        response = case.call_and_validate(headers=caller.headers(), checks=CHECKS)
        # Every error is documented as `default`, so conformance only has teeth on success:
        # a 2xx must be the one the operation documents (201 for a creation, 204 for no body).
        if response.status_code < 300:
            assert str(response.status_code) in operation.definition.raw["responses"], case

    fuzz()


# What the fuzzer and a probe of its blind spots found: values that no column can hold answered
# 500 (PostgreSQL) instead of 404 or 422. Walk every route, so that new ones are covered too.
HUGE = str(2**31)
NUL = "a%00b"


def routes_with_arguments() -> list:
    """Every rule with path arguments, with one method it answers."""
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": "sqlite://"})
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.arguments:
            continue
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        method = "GET" if "GET" in methods else methods[0]
        found.append(pytest.param(rule.rule, method, id=f"{method} {rule.rule}"))
    return found


@pytest.mark.parametrize(("rule", "method"), routes_with_arguments())
def test_path_values_no_column_holds_are_not_found(client, enrolled, rule, method):
    for value in (HUGE, "9" * 30, NUL):
        url = re.sub(r"<(?:[\w()=, ]+:)?\w+>", value, rule)
        response = client.open(url, method=method)
        assert response.status_code < 500, (url, response.status_code)
        response.close()


def documented_bodies() -> list:
    """Every documented operation with a JSON body, with the body's top-level properties."""
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": "sqlite://"})
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if body is None:
                continue
            schema = body["content"]["application/json"]["schema"]
            if "$ref" in schema:
                schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
            names = sorted(schema.get("properties", {}))
            found.append(pytest.param(method, path, names, id=f"{method.upper()} {path}"))
    return found


@pytest.mark.parametrize(("method", "path", "names"), documented_bodies())
def test_body_values_no_column_holds_are_invalid(client, enrolled, method, path, names):
    headers = Caller("learner").headers()
    url = path
    for name, value in KNOWN.items():
        url = url.replace("{" + name + "}", str(value[0]))
    for value in ("a\x00b", 2**31, -(2**40), {"x": "\x00"}):
        response = client.open(
            url, method=method, json=dict.fromkeys(names, value), headers=headers
        )
        assert response.status_code < 500, (url, value, response.status_code)
        if response.status_code == 422:
            assert response.get_json()["error"]["code"] in ("invalid", "invalid_answer")
