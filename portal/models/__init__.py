"""All tables of SPEC §2; importing this package registers them on `SQLModel.metadata`."""

from portal.models.customers import Customer, Subscription, SubscriptionStatusChange
from portal.models.documents import (
    Approval,
    Attachment,
    Document,
    DocumentKeyword,
    SalesDocument,
    SalesDocumentLine,
)
from portal.models.grants import (
    AccessGrant,
    AccessGrantContract,
    AccessGrantCustomer,
    AccessGrantMember,
    DocumentProfile,
)
from portal.models.identity import (
    AuthSession,
    LoginAttempt,
    OneTimeToken,
    PartnerCompany,
    PermissionGroup,
    Team,
    User,
    UserPartnerCompany,
    UserPermissionGroup,
    UserTeam,
)
from portal.models.shop import Asset, CatalogItem, PrinterCompatibility, ShopOrder, ShopOrderLine
from portal.models.support import Claim, Ticket, TicketMessage
from portal.models.system import AuditEvent, GridPreference, InboxItem, MailOutbox, Setting

__all__ = [
    "AccessGrant",
    "AccessGrantContract",
    "AccessGrantCustomer",
    "AccessGrantMember",
    "Approval",
    "Asset",
    "Attachment",
    "AuditEvent",
    "AuthSession",
    "CatalogItem",
    "Claim",
    "Customer",
    "Document",
    "DocumentKeyword",
    "DocumentProfile",
    "GridPreference",
    "InboxItem",
    "LoginAttempt",
    "MailOutbox",
    "OneTimeToken",
    "PartnerCompany",
    "PermissionGroup",
    "PrinterCompatibility",
    "SalesDocument",
    "SalesDocumentLine",
    "Setting",
    "ShopOrder",
    "ShopOrderLine",
    "Subscription",
    "SubscriptionStatusChange",
    "Team",
    "Ticket",
    "TicketMessage",
    "User",
    "UserPartnerCompany",
    "UserPermissionGroup",
    "UserTeam",
]
