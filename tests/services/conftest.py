"""Fixtures shared by the service tests of the grids (views, export, query)."""

from tests.services.test_grids import world

__all__ = ["world"]
