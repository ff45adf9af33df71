"""Public credential endpoints: the issuer's DID document, each certificate's credential, the
status lists, and a page that checks a credential file.

The JSON-LD, signing and PDF libraries (pyld with requests, pikepdf: ~40 MB a worker) are
imported by the endpoints that use them, not with the blueprint: a worker serving learners'
pages never loads them."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request
from flask_babel import gettext

from mooc.credentials.did import document_path
from mooc.extensions import config_limit, limiter

bp = Blueprint("credentials", __name__, template_folder="templates")
JSON = "application/json"


def json_text(text: str) -> Response:
    """Stored JSON, sent byte for byte."""
    response = Response(text.encode("utf-8"), mimetype=JSON)
    response.headers["Access-Control-Allow-Origin"] = "*"  # verifiers run in browsers too
    return response


def did_document():
    """The did:web document, at the one path that MOOC_BASE_URL implies."""
    from mooc.credentials import issuer

    response = jsonify(issuer.did_document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.record
def route_did_document(state) -> None:
    """/.well-known/did.json, or /did.json when MOOC_BASE_URL has a path (did:web's rule)."""
    path = document_path(state.app.config["BASE_URL"])
    state.add_url_rule(path, "did_document", did_document, methods=["GET"])


@bp.get("/credentials/<code>.json")
@limiter.limit(config_limit("VERIFY_LIMIT"))
def document(code: str):
    """A certificate's Open Badges credential, byte for byte as embedded in its PDF."""
    from mooc.credentials import queries

    credential = queries.by_code(code)
    if credential is None:
        message = gettext("No certificate has this code.")
        return jsonify(error={"code": "not_found", "message": message}), 404
    return json_text(credential.document)


@bp.get("/credentials/status/<int:number>.json")
def status_list(number: int):
    """A signed Bitstring Status List credential."""
    from mooc.credentials import queries

    text = queries.status_list_text(number)
    if text is None:
        abort(404)
    return json_text(text)


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(config_limit("VERIFY_LIMIT"), methods=["POST"])
def verify_file():
    """Upload a credential (JSON) or a certificate PDF: proof, issuer and status."""
    from mooc.credentials import issuer, verification

    outcome, error, status = None, None, 200
    if request.method == "POST":
        upload = request.files.get("file")
        limit = current_app.config["CREDENTIAL_UPLOAD_LIMIT"]
        data = upload.stream.read(limit + 1) if upload is not None and upload.filename else b""
        if not data:
            error, status = "empty", 400
        elif len(data) > limit:
            error, status = "too_large", 413
        else:
            try:
                outcome = verification.check(verification.read(data))
            except verification.Unreadable as refused:
                error, status = refused.code, 422
    return (
        render_template(
            "credentials/verify.html",
            outcome=outcome,
            error=error,
            limit=current_app.config["CREDENTIAL_UPLOAD_LIMIT"],
            did=issuer.issuer_did(),
        ),
        status,
    )
