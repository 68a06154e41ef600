"""Thin Reflex states: UI state plus handlers that call services. See guard.py for the rule
every handler follows."""
