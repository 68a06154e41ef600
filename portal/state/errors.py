"""What the browser sees when a handler fails: a toast in plain words, never a stack trace."""

import logging

import reflex as rx

from portal.i18n import t
from portal.services.access import AccessDenied

log = logging.getLogger(__name__)


def _both_languages(key: str) -> str:
    # The exception handler has no state and so no user locale: German first, then English.
    return f"{t(key, 'de')} / {t(key, 'en')}"


def backend_exception_handler(exception: Exception) -> rx.event.EventSpec:
    if isinstance(exception, AccessDenied):
        log.info("access denied: %s", exception.message_key)
        return rx.toast.error(_both_languages(exception.message_key), id="access-denied")
    log.exception("unhandled error in an event handler", exc_info=exception)
    return rx.toast.error(_both_languages("error.unexpected"), id="backend-error")
