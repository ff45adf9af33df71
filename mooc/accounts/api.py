"""Accounts in the JSON API: register, get a token, profile, password, tokens."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user, login_required

from mooc.accounts import schemas, services
from mooc.accounts.auth import login_key
from mooc.accounts.views import ERRORS, LOGIN_FAILED
from mooc.api import ApiError, load, route
from mooc.extensions import config_limit, limiter


def account_error(error: services.AccountError) -> ApiError:
    status = 404 if error.code == "not_found" else 409 if error.code == "email_taken" else 422
    message = ERRORS.get(error.code)
    fields_ = {error.field: [str(message)]} if error.field and status == 422 else None
    return ApiError(status, error.code, message, fields_)


@route(
    "/users",
    "POST",
    summary="Create an account",
    tag="accounts",
    body=schemas.RegisterSchema,
    response=schemas.UserSchema,
    status=201,
    auth=False,
)
def register():
    data = load(schemas.RegisterSchema())
    try:
        user = services.register(**data)
    except services.AccountError as error:
        raise account_error(error) from None
    return jsonify(schemas.UserSchema().dump(user)), 201


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
@limiter.limit(config_limit("LOGIN_LIMIT_PER_ACCOUNT"), key_func=login_key)
def token_login():
    data = load(schemas.TokenLoginSchema())
    user = services.authenticate(data["email"], data["password"])
    if user is None:
        raise ApiError(401, "login_failed", LOGIN_FAILED)
    token, plain = services.create_token(user, data["name"])
    return jsonify(schemas.NewTokenSchema().dump({**token_dict(token), "token": plain})), 201


def token_dict(token) -> dict:
    return {
        "id": token.id,
        "name": token.name,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
    }


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
    try:
        services.update_profile(current_user, **data)
    except services.AccountError as error:
        raise account_error(error) from None
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
    try:
        services.change_password(current_user, data["current_password"], data["new_password"])
    except services.AccountError as error:
        raise account_error(error) from None
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
    return jsonify(
        schemas.TokenSchema(many=True).dump(
            [token_dict(t) for t in services.list_tokens(current_user)]
        )
    )


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
    return jsonify(schemas.NewTokenSchema().dump({**token_dict(token), "token": plain})), 201


@route(
    "/me/tokens/<int:token_id>", "DELETE", summary="Revoke an API token", tag="accounts", status=204
)
@login_required
def revoke_token(token_id: int):
    try:
        services.revoke_token(current_user, token_id)
    except services.AccountError as error:
        raise account_error(error) from None
    return "", 204
