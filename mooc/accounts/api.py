"""Accounts in the JSON API: register, get a token, profile, password, tokens."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user, login_required

from mooc.accounts import schemas, services
from mooc.accounts.auth import password_budget, registration_budget
from mooc.accounts.errors import REGISTERED, AccountError
from mooc.api import load, route
from mooc.extensions import config_limit, limiter


@route(
    "/users",
    "POST",
    summary="Create an account (202 alike for a new and a taken email; then get a token)",
    tag="accounts",
    body=schemas.RegisterSchema,
    response=schemas.AcceptedSchema,
    status=202,
    auth=False,
)
@limiter.limit(config_limit("LOGIN_LIMIT_PER_ADDRESS"))
@registration_budget()
def register():
    data = load(schemas.RegisterSchema())
    services.register_quietly(**data)
    return jsonify(schemas.AcceptedSchema().dump({"message": str(REGISTERED)})), 202


@route(
    "/tokens",
    "POST",
    summary="Get a personal API token with email and password",
    tag="accounts",
    body=schemas.TokenLoginSchema,
    response=schemas.NewTokenSchema,
    status=201,
    auth=False,
)
@limiter.limit(config_limit("LOGIN_LIMIT_PER_ADDRESS"))
@password_budget()
def token_login():
    data = load(schemas.TokenLoginSchema())
    user = services.authenticate(data["email"], data["password"])
    if user is None:
        raise AccountError("login_failed")
    token, plain = services.create_token(user, data["name"])
    return jsonify(schemas.NewTokenSchema().dump({"token": plain, "row": token})), 201


@route("/me", "GET", summary="Your account", tag="accounts", response=schemas.UserSchema)
@login_required
def me():
    return jsonify(schemas.UserSchema().dump(current_user))


@route(
    "/me",
    "PATCH",
    summary="Change your profile",
    tag="accounts",
    body=schemas.ProfileSchema,
    response=schemas.UserSchema,
)
@login_required
def update_me():
    data = load(schemas.ProfileSchema(), partial=True)
    services.update_profile(current_user, **data)
    return jsonify(schemas.UserSchema().dump(current_user))


@route(
    "/me/password",
    "POST",
    summary="Change your password (ends other sessions)",
    tag="accounts",
    body=schemas.PasswordChangeSchema,
    status=204,
)
@login_required
def change_password():
    data = load(schemas.PasswordChangeSchema())
    services.change_password(current_user, data["current_password"], data["new_password"])
    return "", 204


@route(
    "/me/tokens",
    "GET",
    summary="Your API tokens",
    tag="accounts",
    response=schemas.TokenSchema,
    many=True,
)
@login_required
def tokens():
    return jsonify(schemas.TokenSchema(many=True).dump(services.list_tokens(current_user)))


@route(
    "/me/tokens",
    "POST",
    summary="Create an API token",
    tag="accounts",
    body=schemas.TokenCreateSchema,
    response=schemas.NewTokenSchema,
    status=201,
)
@login_required
def create_token():
    data = load(schemas.TokenCreateSchema())
    token, plain = services.create_token(current_user, data["name"])
    return jsonify(schemas.NewTokenSchema().dump({"token": plain, "row": token})), 201


@route(
    "/me/tokens/<int:token_id>", "DELETE", summary="Revoke an API token", tag="accounts", status=204
)
@login_required
def revoke_token(token_id: int):
    services.revoke_token(current_user, token_id)
    return "", 204
