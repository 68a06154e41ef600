"""Access grants (Freischaltungen) and document profiles (SPEC §3.3)."""

from __future__ import annotations

from sqlalchemy import JSON, Column, String
from sqlmodel import Field, SQLModel

from portal.models.enums import GrantViewType


class DocumentProfile(SQLModel, table=True):
    """A named set of keywords; documents carrying one are shared by grants using the profile."""

    __tablename__ = "document_profile"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    keywords: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class AccessGrant(SQLModel, table=True):
    __tablename__ = "access_grant"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    view_type: str = Field(default=GrantViewType.TILES, sa_type=String(16))
    include_claims: bool = False
    show_reference_addresses: bool = False
    share_tickets: bool = False
    # ShareStatus values
    auto_share_statuses: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    lines_of_business: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    document_profile_id: int | None = Field(default=None, foreign_key="document_profile.id")


class AccessGrantCustomer(SQLModel, table=True):
    __tablename__ = "access_grant_customer"
    grant_id: int = Field(foreign_key="access_grant.id", primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", primary_key=True, index=True)


class AccessGrantMember(SQLModel, table=True):
    __tablename__ = "access_grant_member"
    grant_id: int = Field(foreign_key="access_grant.id", primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", primary_key=True, index=True)


class AccessGrantContract(SQLModel, table=True):
    """A manually shared contract, possibly of a customer outside the grant."""

    __tablename__ = "access_grant_contract"
    grant_id: int = Field(foreign_key="access_grant.id", primary_key=True)
    subscription_id: int = Field(foreign_key="subscription.id", primary_key=True)
