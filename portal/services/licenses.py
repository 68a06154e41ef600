"""On-premises licence files: where they live and who may have them (SPEC §3.1, §4).

Files live under `<data dir>/licenses/`, never in a folder the web server publishes; the
contract stores the path relative to the data dir. A download is allowed when the contract is
in the caller's scope (otherwise "not found", as for unknown ids) and the caller's team has
DOWNLOAD_LICENSE (otherwise "forbidden"); every download is audited.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from portal.models import Subscription
from portal.models.enums import PartnerAction
from portal.services import access, audit
from portal.services.access import AccessDenied, Principal

LICENSE_FOLDER = "licenses"
# Served by portal/api/license_routes.py; the detail page links to it.
DOWNLOAD_ROUTE = "/files/license/{subscription_id}"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LicenseFile:
    path: Path
    filename: str


def download_url(subscription_id: int) -> str:
    return DOWNLOAD_ROUTE.format(subscription_id=subscription_id)


def _stored_file(data_dir: Path, relative: str) -> Path | None:
    """The file of a stored path, only if it lies inside the licence folder (a tampered path
    such as `../portal.db` or an absolute one serves nothing)."""
    folder = (data_dir / LICENSE_FOLDER).resolve()
    path = (data_dir / relative).resolve()
    if not path.is_relative_to(folder):
        log.warning("licence path outside %s refused: %s", folder, relative)
        return None
    return path if path.is_file() else None


def license_download(
    session: Session,
    principal: Principal,
    subscription_id: int,
    *,
    data_dir: Path,
    client_address: str = "",
) -> LicenseFile:
    """The licence file of a contract for this caller, audited; AccessDenied otherwise."""
    subscription = access.get_visible(
        session, principal, access.scoped_subscriptions(principal), Subscription, subscription_id
    )
    access.ensure(principal, PartnerAction.DOWNLOAD_LICENSE)
    path = _stored_file(data_dir, subscription.license_file_path or "")
    if not subscription.license_file_path or path is None:
        raise AccessDenied("error.not_found")
    audit.record_by(
        session,
        principal,
        "license.downloaded",
        target_type="subscription",
        target_id=subscription.id,
        client_address=client_address,
    )
    return LicenseFile(path=path, filename=f"{subscription.number}.lic")


def write_license_file(data_dir: Path, subscription: Subscription, customer_name: str) -> str:
    """Write a licence file for a contract (demo data, imports) and return the relative path to
    store in `Subscription.license_file_path`."""
    body = "\n".join(
        (
            "[License]",
            f"Contract={subscription.number}",
            f"Customer={customer_name}",
            f"Product={subscription.product}",
            f"Seats={subscription.seats}",
            f"ValidFrom={subscription.start_date or ''}",
            f"ValidUntil={subscription.end_date or ''}",
        )
    )
    signature = hashlib.sha256(body.encode()).hexdigest()
    relative = f"{LICENSE_FOLDER}/{subscription.number}.lic"
    path = data_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{body}\nSignature={signature}\n", encoding="utf-8")
    return relative
