"""Issued certificates: what was printed, the PDF's hash, and the status anyone can verify."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from mooc.clock import utcnow
from mooc.extensions import db

STATUSES = ("valid", "revoked", "superseded")
VALID = text("status = 'valid'")


class Certificate(db.Model):
    """One certificate for a course or a learning path; at most one valid certificate per
    learner and course, and per learner and path."""

    __tablename__ = "certificates"
    __table_args__ = (
        CheckConstraint("(course_id IS NULL) <> (path_id IS NULL)", name="course_or_path"),
        Index(
            "uq_certificates_one_valid",
            "user_id",
            "course_id",
            unique=True,
            sqlite_where=VALID,
            postgresql_where=VALID,
        ),
        Index(
            "uq_certificates_one_valid_path",
            "user_id",
            "path_id",
            unique=True,
            sqlite_where=VALID,
            postgresql_where=VALID,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # 130 random bits, base32
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[int | None] = mapped_column(
        ForeignKey("courses.id"), index=True, default=None
    )
    path_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_paths.id"), index=True, default=None
    )
    name: Mapped[str] = mapped_column(String(200))  # as printed
    course_title: Mapped[str] = mapped_column(String(300))  # the course's or the path's
    hours: Mapped[float | None] = mapped_column(default=None)
    city: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(10))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="valid")
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    superseded_at: Mapped[datetime | None] = mapped_column(default=None)
    sha256: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[str] = mapped_column(String(20))

    @property
    def kind(self) -> str:
        """`course` or `path`."""
        return "path" if self.path_id is not None else "course"

    def __repr__(self) -> str:
        return f"<Certificate {self.code} {self.kind} {self.status}>"
