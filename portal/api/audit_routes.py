"""GET /files/audit.csv?<filters>: the audit log as CSV for staff with MANAGE_ACCOUNTS.

Served by `csv_download` (login, two-factor policy, 403, never through the browser state). The
filters are those of /staff/audit (`portal.services.audit_log.parse_filter`); the export is
audited by the service.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from portal.api.csv_download import csv_download
from portal.services import audit_log

EXPORT_ROUTE = "/files/audit.csv"


async def download_audit_csv(request: Request) -> Response:
    flt = audit_log.parse_filter(dict(request.query_params))
    return await csv_download(
        request,
        lambda session, principal, address: audit_log.export_csv(
            session, principal, flt, client_address=address
        ),
        "protokoll",
    )
