"""GET /files/accounts.csv?include_inactive=1&include_user_set=1&include_notified=1: the staff
account list as CSV (SPEC §7), for staff with MANAGE_ACCOUNTS (`csv_download`: login, 2FA
policy, 403). An option is on only for the value "1"; anything else leaves it off. The service
checks the permission and audits the export with its options.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from portal.api.csv_download import csv_download
from portal.services import accounts


def export_options(query: dict[str, str]) -> accounts.ExportOptions:
    return accounts.ExportOptions(
        include_inactive=query.get("include_inactive") == "1",
        include_user_set=query.get("include_user_set") == "1",
        include_notified=query.get("include_notified") == "1",
    )


async def download_accounts_csv(request: Request) -> Response:
    options = export_options(dict(request.query_params))
    return await csv_download(
        request,
        lambda session, principal, address: accounts.export_csv(
            session, principal, options, client_address=address
        ),
        "accounts",
    )
