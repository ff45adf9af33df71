"""Sharing a certificate elsewhere: LinkedIn's "add a certification" link."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app

from mooc.certificates.models import Certificate
from mooc.i18n import issuer_name
from mooc.urls import external_url

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def linkedin_url(certificate: Certificate) -> str:
    """The learner's profile form, filled in: name, issuer (LinkedIn's company id when
    configured), year and month of issue, the public verification page and the code."""
    values = {"startTask": "CERTIFICATION_NAME", "name": certificate.course_title}
    organization = current_app.config.get("LINKEDIN_ORGANIZATION_ID")
    if organization:
        values["organizationId"] = str(organization)
    else:
        values["organizationName"] = issuer_name(certificate.locale)
    values.update(
        issueYear=str(certificate.issued_at.year),
        issueMonth=str(certificate.issued_at.month),
        certUrl=external_url("certificates.verify", code=certificate.code),
        certId=certificate.code,
    )
    return f"{LINKEDIN_ADD}?{urlencode(values)}"
