"""Starlette routes beside Reflex: login/logout and single sign-on (they set the HttpOnly
cookie) and health."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from portal.api.account_export_routes import download_accounts_csv
from portal.api.act_as_routes import end as end_act_as
from portal.api.act_as_routes import start as start_act_as
from portal.api.attachment_routes import (
    download_attachment,
    upload_claim,
    upload_reply,
    upload_ticket,
)
from portal.api.audit_routes import EXPORT_ROUTE as AUDIT_EXPORT_ROUTE
from portal.api.audit_routes import download_audit_csv
from portal.api.auth_routes import login, logout
from portal.api.branding_routes import UPLOAD_ROUTE as LOGO_UPLOAD_ROUTE
from portal.api.branding_routes import logo as branding_logo
from portal.api.branding_routes import upload_logo as branding_upload_logo
from portal.api.catalog_routes import IMPORT_ROUTE as CATALOG_IMPORT_ROUTE
from portal.api.catalog_routes import catalog_image, upload_image, upload_import
from portal.api.document_routes import download_document
from portal.api.export_routes import download_export
from portal.api.grant_export_routes import download_grant_export
from portal.api.health import health
from portal.api.identity_routes import set_password
from portal.api.invitation_routes import accept as accept_invitation
from portal.api.license_routes import download_license
from portal.api.oidc_routes import callback as oidc_callback
from portal.api.oidc_routes import start as oidc_start
from portal.api.sales_routes import download_sales_pdf, upload_proof, view_proof
from portal.api.totp_routes import verify_code
from portal.services.access_links import SET_PASSWORD_ROUTE
from portal.services.accounts import EXPORT_ROUTE as ACCOUNTS_EXPORT_ROUTE
from portal.services.approvals import PROOF_ROUTE, PROOF_UPLOAD_ROUTE
from portal.services.attachments import CLAIM_UPLOAD_ROUTE, REPLY_UPLOAD_ROUTE, TICKET_UPLOAD_ROUTE
from portal.services.attachments import DOWNLOAD_ROUTE as ATTACHMENT_ROUTE
from portal.services.branding import LOGO_ROUTE
from portal.services.catalog import IMAGE_ROUTE as CATALOG_IMAGE_ROUTE
from portal.services.catalog import IMAGE_UPLOAD_ROUTE as CATALOG_IMAGE_UPLOAD_ROUTE
from portal.services.documents import DOWNLOAD_ROUTE as DOCUMENT_ROUTE
from portal.services.grant_export import EXPORT_ROUTE as GRANT_EXPORT_ROUTE
from portal.services.invitations import ACCEPT_ROUTE
from portal.services.licenses import DOWNLOAD_ROUTE
from portal.services.sales import PDF_ROUTE


def build_api() -> Starlette:
    return Starlette(
        routes=[
            Route("/auth/login", login, methods=["POST"]),
            Route("/auth/logout", logout, methods=["POST"]),
            Route("/auth/totp", verify_code, methods=["POST"]),
            Route("/auth/act-as", start_act_as, methods=["POST"]),
            Route("/auth/act-as/end", end_act_as, methods=["POST"]),
            Route(AUDIT_EXPORT_ROUTE, download_audit_csv, methods=["GET"]),
            Route(ACCOUNTS_EXPORT_ROUTE, download_accounts_csv, methods=["GET"]),
            Route(ACCEPT_ROUTE, accept_invitation, methods=["POST"]),
            Route(SET_PASSWORD_ROUTE, set_password, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
            Route(LOGO_ROUTE, branding_logo, methods=["GET"]),
            Route(LOGO_UPLOAD_ROUTE, branding_upload_logo, methods=["POST"]),
            Route(DOWNLOAD_ROUTE, download_license, methods=["GET"]),
            Route("/files/export/{token}", download_export, methods=["GET"]),
            Route(GRANT_EXPORT_ROUTE, download_grant_export, methods=["GET"]),
            Route(PDF_ROUTE, download_sales_pdf, methods=["GET"]),
            Route(PROOF_ROUTE, view_proof, methods=["GET"]),
            Route(PROOF_UPLOAD_ROUTE, upload_proof, methods=["POST"]),
            Route(DOCUMENT_ROUTE, download_document, methods=["GET"]),
            Route(ATTACHMENT_ROUTE, download_attachment, methods=["GET"]),
            Route(TICKET_UPLOAD_ROUTE, upload_ticket, methods=["POST"]),
            Route(REPLY_UPLOAD_ROUTE, upload_reply, methods=["POST"]),
            Route(CLAIM_UPLOAD_ROUTE, upload_claim, methods=["POST"]),
            Route(CATALOG_IMAGE_ROUTE, catalog_image, methods=["GET"]),
            Route(CATALOG_IMAGE_UPLOAD_ROUTE, upload_image, methods=["POST"]),
            Route(CATALOG_IMPORT_ROUTE, upload_import, methods=["POST"]),
            Route("/auth/oidc/start", oidc_start, methods=["GET"]),
            Route("/auth/oidc/callback", oidc_callback, methods=["GET"]),
        ]
    )
