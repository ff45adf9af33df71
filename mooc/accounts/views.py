"""Account pages: register, sign in and out, profile, password, reset, API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user

from mooc.accounts import schemas, services
from mooc.accounts.auth import password_budget, role_required
from mooc.accounts.errors import LOGIN_FAILED, AccountError
from mooc.accounts.queries import trainers_with_cities
from mooc.cities.queries import all_cities as cities
from mooc.cohorts.invitations import has_pending
from mooc.extensions import config_limit, limiter
from mooc.forms import load_form
from mooc.urls import local_path

bp = Blueprint("accounts", __name__, template_folder="templates")
NO_STORE = {"Cache-Control": "no-store"}  # the account page shows a new token once


def form_errors(error: AccountError) -> dict[str, list[str]]:
    """A refusal shown beside its field (or above the form)."""
    return error.fields() or {"_schema": [error.message]}


def start_session(user) -> None:
    """A fresh session for a user who just proved who they are (keeps the language)."""
    lang = session.get("lang")
    join_intent = session.get("join_intent")  # a cohort to join on coming back (cohorts)
    session.clear()
    if lang:
        session["lang"] = lang
    if join_intent:
        session["join_intent"] = join_intent
    login_user(user)
    session["lang"] = user.language


def safe_next(default: str) -> str:
    """Only same-site paths are followed after sign-in (judged as the browser will read them)."""
    return local_path(request.args.get("next"), default)


def home_for(user) -> str:
    """Where a learner lands after signing in: her pending invitations first, if any, else
    "My learning" (her courses and where to resume)."""
    if has_pending(user.email):
        return url_for("cohorts.my_invitations")
    return url_for("courses.my_learning")


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create an account and sign in."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data, errors = load_form(schemas.RegisterSchema())
        if data is not None:
            try:
                user = services.register(**data)
            except AccountError as error:
                errors = form_errors(error)
            else:
                start_session(user)
                flash(gettext("Welcome! Your account is ready."))
                return redirect(safe_next(home_for(user)))
    return render_template("accounts/register.html", errors=errors, cities=cities()), (
        400 if errors else 200
    )


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(config_limit("LOGIN_LIMIT_PER_ADDRESS"), methods=["POST"])
@password_budget()
def login():
    """Sign in with email and password."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data, errors = load_form(schemas.LoginSchema())
        if data is not None:
            user = services.authenticate(data["email"], data["password"])
            if user is not None:
                start_session(user)
                return redirect(safe_next(home_for(user)))
            errors = {"_schema": [str(LOGIN_FAILED)]}
    return render_template("accounts/login.html", errors=errors), 400 if errors else 200


@bp.post("/logout")
@login_required
def logout():
    """Sign out: this session and any copy of its cookie stop working."""
    services.end_sessions(current_user)
    logout_user()
    session.clear()
    flash(gettext("You are signed out."))
    return redirect(url_for("courses.catalogue"))


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every session (this one too) and revoke every API token."""
    services.end_sessions(current_user, tokens=True)
    logout_user()
    session.clear()
    flash(gettext("You are signed out everywhere, and your API tokens are revoked."))
    return redirect(url_for("accounts.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    """See and change the profile."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data, errors = load_form(schemas.ProfileSchema())
        if data is not None:
            try:
                services.update_profile(current_user, **data)
            except AccountError as error:
                errors = form_errors(error)
            else:
                session["lang"] = current_user.language
                flash(gettext("Your profile is saved."))
                return redirect(url_for("accounts.profile"))
    page = render_template(
        "accounts/profile.html",
        errors=errors,
        cities=cities(),
        tokens=services.list_tokens(current_user),
        new_token=session.pop("new_token", None),
    )
    return page, (400 if errors else 200), NO_STORE


@bp.post("/account/password")
@login_required
@password_budget()
def change_password():
    """Change the password; other sessions end, this one continues."""
    data, errors = load_form(schemas.PasswordChangeSchema())
    if data is not None:
        try:
            services.change_password(current_user, data["current_password"], data["new_password"])
        except AccountError as error:
            errors = form_errors(error)
        else:
            start_session(current_user._get_current_object())
            flash(gettext("Your password is changed."))
            return redirect(url_for("accounts.profile"))
    return (
        render_template(
            "accounts/profile.html",
            errors=errors,
            cities=cities(),
            tokens=services.list_tokens(current_user),
            new_token=None,
        ),
        400,
        NO_STORE,
    )


@bp.post("/account/tokens")
@login_required
def create_token():
    """Create a personal API token; its value is shown once."""
    data, errors = load_form(schemas.TokenCreateSchema())
    if data is None:
        flash(errors.get("name", [gettext("This value is not valid.")])[0])
    else:
        _token, plain = services.create_token(current_user, data["name"])
        session["new_token"] = plain
    return redirect(url_for("accounts.profile"))


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of your tokens."""
    services.revoke_token(current_user, token_id)  # another's token: 404, as an unknown one
    flash(gettext("The token is revoked."))
    return redirect(url_for("accounts.profile"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(config_limit("LOGIN_LIMIT_PER_ADDRESS"), methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether the email exists or not."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data, errors = load_form(schemas.ForgotSchema())
        if data is not None:
            services.request_password_reset(data["email"])
            flash(
                gettext(
                    "If an account uses this email, we have sent it a link to choose a "
                    "new password. The link works once, for one hour."
                )
            )
            return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", errors=errors), 400 if errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from a reset link."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data, errors = load_form(schemas.ResetSchema())
        if data is not None:
            try:
                services.reset_password(token, data["new_password"])
            except AccountError as error:
                errors = {"_schema": [error.message]}
            else:
                flash(gettext("Your password is changed. You can sign in."))
                return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", errors=errors), 400 if errors else 200


@bp.route("/admin/trainers", methods=["GET", "POST"])
@role_required("admin")
def trainer_cities():
    """Admins attach trainers to the member cities they run cohorts for."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        email = request.form.get("email", "")
        raw = request.form.getlist("city_ids")
        if not all(value.isascii() and value.isdigit() and len(value) < 10 for value in raw):
            errors = {"city_ids": [gettext("Choose a city from the list.")]}
        else:
            try:
                user = services.set_trainer_cities(email, [int(value) for value in raw])
            except AccountError as error:
                errors = form_errors(error)
            else:
                flash(gettext("The cities of %(email)s are saved.") % {"email": user.email})
                return redirect(url_for("accounts.trainer_cities"))
    page = render_template(
        "accounts/trainers.html", errors=errors, trainers=trainers_with_cities(), cities=cities()
    )
    return page, 400 if errors else 200
