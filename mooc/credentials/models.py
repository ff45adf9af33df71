"""A certificate's signed credential, as issued, with its place in a status list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mooc.certificates.models import Certificate
from mooc.extensions import db


class Credential(db.Model):
    """The OpenBadgeCredential of one certificate: the exact JSON embedded in its PDF and served
    at /credentials/<code>.json, and the bit of a status list that revokes it."""

    __tablename__ = "credentials"
    __table_args__ = (UniqueConstraint("status_list", "status_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), unique=True)
    status_list: Mapped[int] = mapped_column()  # 1, 2 …: /credentials/status/<n>.json
    status_index: Mapped[int] = mapped_column()  # the bit, chosen at random in the list
    valid_from: Mapped[datetime] = mapped_column()
    key: Mapped[str] = mapped_column(String(100))  # publicKeyMultibase of the signing key
    document: Mapped[str] = mapped_column(Text)  # UTF-8 JSON, byte for byte as issued
    revoked: Mapped[bool] = mapped_column(default=False)  # revoked or superseded
    status_changed_at: Mapped[datetime | None] = mapped_column(default=None)

    certificate: Mapped[Certificate] = relationship()

    def __repr__(self) -> str:
        return f"<Credential {self.status_list}/{self.status_index}>"
