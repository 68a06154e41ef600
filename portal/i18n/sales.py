"""Messages of quotes, orders, invoices (lists, details, PDF), proof approvals (Freigaben),
the staff order page and upload checks."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        # navigation
        "sales.nav.quotes": "Angebote",
        "sales.nav.orders": "Aufträge",
        "sales.nav.invoices": "Rechnungen",
        "sales.nav.approvals": "Freigaben",
        "sales.nav.staff_orders": "Aufträge & Freigaben",
        # kinds
        "sales.kind.quote": "Angebot",
        "sales.kind.order": "Auftrag",
        "sales.kind.invoice": "Rechnung",
        "sales.list.quote": "Angebote",
        "sales.list.order": "Aufträge",
        "sales.list.invoice": "Rechnungen",
        "sales.empty.quote": "Sie haben keine Angebote.",
        "sales.empty.order": "Sie haben keine Aufträge.",
        "sales.empty.invoice": "Sie haben keine Rechnungen.",
        # pipeline
        "sales.stage.received": "Eingegangen",
        "sales.stage.in_progress": "In Bearbeitung",
        "sales.stage.proof": "Freigabe",
        "sales.stage.production": "Produktion",
        "sales.stage.shipped": "Versandt",
        "sales.stage.invoiced": "Berechnet",
        "sales.status_bar": "Bearbeitungsstand",
        # fields
        "sales.number": "Nummer",
        "sales.date": "Datum",
        "sales.due_date": "Fällig am",
        "sales.status": "Status",
        "sales.clerk": "Sachbearbeiter",
        "sales.customer": "Kunde",
        "sales.total": "Betrag",
        "sales.payment": "Zahlung",
        "sales.paid": "bezahlt",
        "sales.open": "offen",
        "sales.overdue": "überfällig",
        "sales.col.position": "Pos.",
        "sales.col.description": "Beschreibung",
        "sales.col.quantity": "Menge",
        "sales.col.unit_price": "Einzelpreis",
        "sales.col.tax_rate": "USt.",
        "sales.col.amount": "Betrag",
        "sales.net": "Summe netto",
        "sales.tax_at": "zzgl. USt. {rate}",
        "sales.gross": "Gesamtbetrag",
        "sales.lines": "Positionen",
        "sales.download_pdf": "PDF herunterladen",
        "sales.back_to_list": "Zurück zur Liste",
        # approvals (Freigaben)
        "approvals.title": "Freigaben",
        "approvals.intro": (
            "Freigabemuster zu Ihren Aufträgen: Prüfen Sie das Muster und geben Sie es frei "
            "oder lehnen Sie es mit einem Kommentar ab."
        ),
        "approvals.empty": "Es liegen keine Freigabemuster vor.",
        "approvals.of_order": "Freigabemuster zum Auftrag {number}",
        "approvals.order": "Auftrag",
        "approvals.requested_at": "Angefordert am",
        "approvals.requested_by": "Angefordert von",
        "approvals.state": "Stand",
        "approvals.state.pending": "wartet auf Ihre Entscheidung",
        "approvals.state.approved": "freigegeben",
        "approvals.state.rejected": "abgelehnt",
        "approvals.decided": "{decision} am {at} von {name}",
        "approvals.comment": "Kommentar",
        "approvals.comment_hint": (
            "Bei einer Ablehnung bitte angeben, was geändert werden soll. Die Entscheidung kann "
            "danach nicht mehr geändert werden."
        ),
        "approvals.approve": "Freigeben",
        "approvals.reject": "Ablehnen",
        "approvals.view_proof": "Muster ansehen",
        "approvals.open_proof": "Muster in neuem Fenster öffnen",
        "approvals.show": "Zur Freigabe",
        "approvals.saved.approved": (
            "Danke! Das Muster ist freigegeben, wir setzen den Auftrag fort."
        ),
        "approvals.saved.rejected": (
            "Ihre Ablehnung ist gespeichert, wir melden uns mit einem neuen Muster."
        ),
        "approvals.error.already_decided": (
            "Über dieses Muster ist bereits entschieden worden; die Entscheidung kann nicht "
            "mehr geändert werden."
        ),
        "approvals.error.comment_required": "Bitte schreiben Sie, was geändert werden soll.",
        "approvals.error.comment_too_long": "Der Kommentar ist zu lang (höchstens 2.000 Zeichen).",
        "approvals.error.pending": (
            "Zu diesem Auftrag wartet schon ein Muster auf die Entscheidung des Kunden."
        ),
        # staff: /staff/orders
        "staff_orders.title": "Aufträge & Freigaben",
        "staff_orders.intro": (
            "Freigabemuster (PDF, PNG, JPEG oder WebP, höchstens {size} MB) an einen Auftrag "
            "hängen: Der Kunde wird per E-Mail gebeten, es freizugeben."
        ),
        "staff_orders.proof": "Muster",
        "staff_orders.proof_none": "kein Muster",
        "staff_orders.proof_waiting": "wartet auf den Kunden",
        "staff_orders.attach": "Muster anhängen",
        "staff_orders.file": "Datei für {number}",
        "staff_orders.attached": (
            "Das Muster zu {number} ist angehängt, der Kunde ist benachrichtigt."
        ),
        "staff_orders.empty": "Keine Aufträge.",
        # uploads
        "upload.error.empty": "Bitte wählen Sie eine Datei.",
        "upload.error.too_large": "Die Datei ist zu groß.",
        "upload.error.too_many_files": "Zu viele Dateien auf einmal.",
        "upload.error.type": (
            "Dieser Dateityp ist nicht erlaubt (erkannt am Inhalt, nicht am Dateinamen)."
        ),
        "upload.error.origin": "Die Anfrage kam nicht von dieser Seite und wurde abgelehnt.",
    },
    "en": {
        "sales.nav.quotes": "Quotes",
        "sales.nav.orders": "Orders",
        "sales.nav.invoices": "Invoices",
        "sales.nav.approvals": "Approvals",
        "sales.nav.staff_orders": "Orders & approvals",
        "sales.kind.quote": "Quote",
        "sales.kind.order": "Order",
        "sales.kind.invoice": "Invoice",
        "sales.list.quote": "Quotes",
        "sales.list.order": "Orders",
        "sales.list.invoice": "Invoices",
        "sales.empty.quote": "You have no quotes.",
        "sales.empty.order": "You have no orders.",
        "sales.empty.invoice": "You have no invoices.",
        "sales.stage.received": "Received",
        "sales.stage.in_progress": "In progress",
        "sales.stage.proof": "Proof",
        "sales.stage.production": "Production",
        "sales.stage.shipped": "Shipped",
        "sales.stage.invoiced": "Invoiced",
        "sales.status_bar": "Progress",
        "sales.number": "Number",
        "sales.date": "Date",
        "sales.due_date": "Due",
        "sales.status": "Status",
        "sales.clerk": "Clerk",
        "sales.customer": "Customer",
        "sales.total": "Amount",
        "sales.payment": "Payment",
        "sales.paid": "paid",
        "sales.open": "open",
        "sales.overdue": "overdue",
        "sales.col.position": "Pos.",
        "sales.col.description": "Description",
        "sales.col.quantity": "Quantity",
        "sales.col.unit_price": "Unit price",
        "sales.col.tax_rate": "VAT",
        "sales.col.amount": "Amount",
        "sales.net": "Net total",
        "sales.tax_at": "plus VAT {rate}",
        "sales.gross": "Total",
        "sales.lines": "Items",
        "sales.download_pdf": "Download PDF",
        "sales.back_to_list": "Back to the list",
        "approvals.title": "Approvals",
        "approvals.intro": (
            "Proofs of your orders: check the proof, then approve it or reject it with a comment."
        ),
        "approvals.empty": "There are no proofs.",
        "approvals.of_order": "Proof for order {number}",
        "approvals.order": "Order",
        "approvals.requested_at": "Requested on",
        "approvals.requested_by": "Requested by",
        "approvals.state": "State",
        "approvals.state.pending": "waiting for your decision",
        "approvals.state.approved": "approved",
        "approvals.state.rejected": "rejected",
        "approvals.decided": "{decision} on {at} by {name}",
        "approvals.comment": "Comment",
        "approvals.comment_hint": (
            "When rejecting, please say what should change. The decision cannot be changed "
            "afterwards."
        ),
        "approvals.approve": "Approve",
        "approvals.reject": "Reject",
        "approvals.view_proof": "View proof",
        "approvals.open_proof": "Open the proof in a new window",
        "approvals.show": "Open approval",
        "approvals.saved.approved": "Thank you! The proof is approved, we continue with the order.",
        "approvals.saved.rejected": "Your rejection is saved, we will send you a new proof.",
        "approvals.error.already_decided": (
            "This proof has already been decided on; the decision cannot be changed."
        ),
        "approvals.error.comment_required": "Please write what should be changed.",
        "approvals.error.comment_too_long": "The comment is too long (at most 2,000 characters).",
        "approvals.error.pending": (
            "A proof of this order is already waiting for the customer's decision."
        ),
        "staff_orders.title": "Orders & approvals",
        "staff_orders.intro": (
            "Attach a proof (PDF, PNG, JPEG or WebP, at most {size} MB) to an order: the "
            "customer is asked by e-mail to approve it."
        ),
        "staff_orders.proof": "Proof",
        "staff_orders.proof_none": "no proof",
        "staff_orders.proof_waiting": "waiting for the customer",
        "staff_orders.attach": "Attach proof",
        "staff_orders.file": "File for {number}",
        "staff_orders.attached": "The proof for {number} is attached, the customer has been told.",
        "staff_orders.empty": "No orders.",
        "upload.error.empty": "Please choose a file.",
        "upload.error.too_large": "The file is too large.",
        "upload.error.too_many_files": "Too many files at once.",
        "upload.error.type": (
            "This type of file is not allowed (recognised by its content, not by its name)."
        ),
        "upload.error.origin": "The request did not come from this site and was refused.",
    },
}
