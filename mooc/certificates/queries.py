"""Certificates, read: by code, a learner's valid one, where its PDF is stored."""

from __future__ import annotations

import os
import re
from functools import cache

from flask import current_app
from sqlalchemy import and_, bindparam, select

from mooc.certificates.models import Certificate
from mooc.extensions import db

CODE = re.compile(r"^[A-Z2-7]{26}$")


def subject_filter(course_id: int | None = None, path_id: int | None = None):
    """Valid certificates of a course, or (with `path_id`) of a learning path."""
    subject = (
        Certificate.path_id == path_id
        if path_id is not None
        else Certificate.course_id == course_id
    )
    return and_(subject, Certificate.status == "valid")


def valid_certificate(
    user_id: int, course_id: int | None = None, *, path_id: int | None = None
) -> Certificate | None:
    """The learner's valid certificate for a course (or, with `path_id`, for a path), if any."""
    subject = {"path_id": path_id} if path_id is not None else {"course_id": course_id}
    return db.session.scalar(valid_statement(path_id is not None), {"user_id": user_id, **subject})


@cache
def valid_statement(of_path: bool):
    """`valid_certificate`'s query, built once (the course page runs it on every view)."""
    subject = (
        Certificate.path_id == bindparam("path_id")
        if of_path
        else Certificate.course_id == bindparam("course_id")
    )
    return select(Certificate).where(
        Certificate.user_id == bindparam("user_id"), subject, Certificate.status == "valid"
    )


def by_code(code: str) -> Certificate | None:
    """A certificate by its code; malformed codes find nothing, like unknown ones."""
    code = code.strip().upper()
    if not CODE.match(code):
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))


def folder() -> str:
    """The folder of certificate PDFs (created when missing)."""
    path = current_app.config["CERTIFICATES_DIR"]
    os.makedirs(path, exist_ok=True)
    return path


def file_path(certificate: Certificate) -> str:
    """Where the certificate's PDF is stored."""
    return os.path.join(folder(), f"{certificate.code}.pdf")
