"""Account pages: register, sign in and out, profile, password, reset, API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user

from mooc.accounts import schemas, services
from mooc.accounts.auth import login_key
from mooc.accounts.errors import LOGIN_FAILED, AccountError
from mooc.cities.queries import all_cities as cities
from mooc.cohorts.invitations import has_pending
from mooc.extensions import config_limit, limiter
from mooc.forms import load_form

bp = Blueprint("accounts", __name__, template_folder="templates")


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
    """Only same-site paths are followed after sign-in."""
    target = request.args.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


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
@limiter.limit(config_limit("LOGIN_LIMIT_PER_ACCOUNT"), methods=["POST"], key_func=login_key)
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
    return render_template(
        "accounts/profile.html",
        errors=errors,
        cities=cities(),
        tokens=services.list_tokens(current_user),
        new_token=session.pop("new_token", None),
    ), (400 if errors else 200)


@bp.post("/account/password")
@login_required
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
    return render_template(
        "accounts/profile.html",
        errors=errors,
        cities=cities(),
        tokens=services.list_tokens(current_user),
        new_token=None,
    ), 400


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
