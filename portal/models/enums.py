"""Closed value sets of the domain, stored as short strings (portable, migration-friendly)."""

from __future__ import annotations

from enum import StrEnum


class UserKind(StrEnum):
    STAFF = "staff"
    PARTNER = "partner"
    CUSTOMER = "customer"


class PasswordStatus(StrEnum):
    USER_SET = "user_set"
    STAFF_SET = "staff_set"
    INITIAL = "initial"


class Visibility(StrEnum):
    """Sichtbarkeit von Kundendaten (SPEC §3.1)."""

    ALL = "all"
    OWN = "own"
    NONE = "none"


class CustomerRole(StrEnum):
    MAIN = "main"  # Hauptbenutzer
    NORMAL = "normal"  # Benutzer


class CustomerKind(StrEnum):
    CUSTOMER = "customer"
    PROSPECT = "prospect"  # Interessent


class ContractStatus(StrEnum):
    """Contract statuses of SPEC §3.3; derived ones (application, policy, own) come from dates."""

    REQUEST = "request"
    OFFER = "offer"
    OWN = "own"
    FOREIGN = "foreign"
    FOREIGN_PART = "foreign_part"
    BLOCKED = "blocked"
    INFO = "info"
    DORMANT = "dormant"
    CANCELLED = "cancelled"


class ShareStatus(StrEnum):
    """What an access grant can auto-share: plain statuses plus the derived ones of SPEC §3.3."""

    REQUEST = "request"
    OFFER = "offer"
    FOREIGN = "foreign"
    FOREIGN_PART = "foreign_part"
    BLOCKED = "blocked"
    INFO = "info"
    DORMANT = "dormant"
    CANCELLED = "cancelled"
    APPLICATION = "application"  # status OWN with an application date
    POLICY = "policy"  # status OWN with a document date
    OWN = "own"  # status OWN with neither date, or status OFFER with an offer date


class DocumentDirection(StrEnum):
    IN = "in"
    OUT = "out"


class SalesDocumentKind(StrEnum):
    QUOTE = "quote"
    ORDER = "order"
    INVOICE = "invoice"


class ApprovalDecision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


class TicketStatus(StrEnum):
    OPEN = "open"
    WAITING_FOR_CUSTOMER = "waiting_for_customer"
    WAITING_FOR_STAFF = "waiting_for_staff"
    CLOSED = "closed"


class ShopOrderKind(StrEnum):
    ORDER = "order"
    QUOTE_REQUEST = "quote_request"


class GrantViewType(StrEnum):
    PRIVATE = "private"
    COMMERCIAL = "commercial"
    CLAIM_REPORTER = "claim_reporter"
    TILES = "tiles"


class InboxKind(StrEnum):
    ORDER = "order"
    QUOTE_REQUEST = "quote_request"
    REGISTRATION = "registration"
    TICKET = "ticket"
    CLAIM = "claim"
    APPROVAL = "approval"


class InboxState(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class MailState(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class TokenPurpose(StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"
    ACTIVATION = "activation"


class PartnerAction(StrEnum):
    """Actions a partner team may permit (SPEC §3.1). Teams never change visibility."""

    CHANGE_PARTNER_CONTACT = "change_partner_contact"
    CHANGE_OWN_VISIBILITY = "change_own_visibility"
    DOWNLOAD_LICENSE = "download_license"
    MANAGE_PEOPLE = "manage_people"
    SEE_RETAIL_PRICE = "see_retail_price"
    EXPORT = "export"


class StaffPermission(StrEnum):
    """Berechtigungsgruppen of staff (SPEC §3.4)."""

    MANAGE_ACCOUNTS = "manage_accounts"
    ACT_AS = "act_as"
    MANAGE_GRANTS = "manage_grants"
    CATALOG = "catalog"
    SETTINGS = "settings"
    INBOX = "inbox"
