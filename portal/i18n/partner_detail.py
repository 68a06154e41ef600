"""Messages of the partner's detail pages: customer, contract, new prospect."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "de": {
        # customer detail
        "detail.back_customers": "Kunden & Interessenten",
        "detail.master_data": "Stammdaten",
        "detail.number": "Kundennummer",
        "detail.kind": "Art",
        "detail.customer_type": "Kundentyp",
        "detail.private": "Privat",
        "detail.commercial": "Gewerblich",
        "detail.address": "Anschrift",
        "detail.email": "E-Mail",
        "detail.phone": "Telefon",
        "detail.partner_company": "Partnerstandort",
        "detail.partner_contact": "Partner-Kontakt",
        "detail.no_contact": "Kein Partner-Kontakt",
        "detail.new_contact": "Neuer Partner-Kontakt",
        "detail.change_contact": "Partner-Kontakt ändern",
        "detail.contact_changed": "{name} ist jetzt Partner-Kontakt.",
        "detail.contact_changed_hidden": (
            "{name} ist jetzt Partner-Kontakt. Der Kunde ist für Sie damit nicht mehr sichtbar."
        ),
        "detail.error.contact_not_eligible": (
            "Diese Person kann nicht Partner-Kontakt dieses Kunden sein: nur aktive Benutzer "
            "seines Partnerstandorts."
        ),
        "detail.contracts": "Verträge",
        "detail.no_contracts": "Keine Verträge, die Sie sehen können.",
        "detail.col.number": "Vertragsnummer",
        "detail.col.product": "Produkt",
        "detail.col.status": "Status",
        "detail.col.start": "Beginn",
        "detail.col.end": "Ende",
        "detail.col.monthly_price": "Monatspreis",
        "detail.col.retail_price": "Endkundenpreis",
        # contract detail
        "detail.back_subscriptions": "Verträge",
        "detail.subscription_title": "Vertrag {number}",
        "detail.contract_data": "Vertragsdaten",
        "detail.field.customer": "Kunde",
        "detail.field.line_of_business": "Sparte",
        "detail.field.offer_date": "Angebotsdatum",
        "detail.field.application_date": "Antragsdatum",
        "detail.field.document_date": "Dokumentdatum",
        "detail.field.cancelled_at": "Gekündigt am",
        "detail.field.update_due": "Nächstes Update fällig",
        "detail.field.auto_renew": "Automatische Verlängerung",
        "detail.field.seats": "Benutzerplätze",
        "detail.field.storage": "Cloud-Speicher",
        "detail.field.risk_address": "Risikoanschrift",
        "detail.storage_value": "{used} von {quota} GB belegt",
        "detail.history": "Statusverlauf",
        "detail.history_date": "Datum",
        "detail.history_note": "Bemerkung",
        "detail.history_empty": "Keine Statusänderungen erfasst.",
        "detail.license": "On-Premises-Lizenz",
        "detail.license_hint": "Die Lizenzdatei für die Installation beim Kunden.",
        "detail.license_download": "Lizenzdatei herunterladen",
        # new prospect
        "prospect.title": "Neuer Interessent",
        "prospect.intro": (
            "Legen Sie einen Interessenten an. Sie werden sein Partner-Kontakt; Name und "
            "Postleitzahl werden auf Dubletten geprüft."
        ),
        "prospect.name": "Name oder Firma",
        "prospect.street": "Straße und Hausnummer",
        "prospect.postcode": "PLZ",
        "prospect.city": "Ort",
        "prospect.email": "E-Mail",
        "prospect.phone": "Telefon",
        "prospect.private": "Privatperson (kein Gewerbe)",
        "prospect.company": "Partnerstandort",
        "prospect.company_placeholder": "Bitte wählen",
        "prospect.submit": "Interessent anlegen",
        "prospect.cancel": "Abbrechen",
        "prospect.check_fields": "Bitte prüfen Sie die markierten Felder.",
        "prospect.duplicate_visible": (
            "{name} ({number}) mit dieser Postleitzahl ist bereits erfasst. Bitte arbeiten Sie "
            "mit dem vorhandenen Datensatz weiter."
        ),
        "prospect.open_existing": "Vorhandenen Datensatz öffnen",
        "prospect.duplicate_elsewhere": (
            "Ein Kunde oder Interessent mit diesem Namen und dieser Postleitzahl existiert "
            "bereits, wird aber nicht von Ihnen betreut. Bitte wenden Sie sich an Ihre "
            "Partnerbetreuung beim Anbieter, wenn Sie diesen Kontakt übernehmen möchten."
        ),
        "prospect.error.name_required": "Bitte geben Sie den Namen ein.",
        "prospect.error.postcode_required": "Bitte geben Sie die Postleitzahl ein.",
        "prospect.error.city_required": "Bitte geben Sie den Ort ein.",
        "prospect.error.too_long": "Dieser Eintrag ist zu lang.",
        "prospect.error.postcode_invalid": (
            "Bitte geben Sie eine gültige Postleitzahl ein (z. B. 10115)."
        ),
        "prospect.error.email_invalid": (
            "Bitte geben Sie eine gültige E-Mail-Adresse ein (z. B. name@firma.de)."
        ),
        "prospect.error.phone_invalid": (
            "Bitte geben Sie eine gültige Telefonnummer ein (Ziffern, Leerzeichen und + ( ) / -)."
        ),
        "prospect.error.company_required": "Bitte wählen Sie den Partnerstandort.",
        "prospect.error.company_invalid": "Dieser Partnerstandort steht Ihnen nicht zur Auswahl.",
        "prospect.error.not_allowed": (
            "Sie können keine Interessenten anlegen: Ihre Sichtbarkeit von Kundendaten ist "
            "„Keine“ oder Sie sind keinem Partnerstandort zugeordnet."
        ),
    },
    "en": {
        "detail.back_customers": "Customers & prospects",
        "detail.master_data": "Master data",
        "detail.number": "Customer no.",
        "detail.kind": "Kind",
        "detail.customer_type": "Customer type",
        "detail.private": "Private",
        "detail.commercial": "Commercial",
        "detail.address": "Address",
        "detail.email": "E-mail",
        "detail.phone": "Phone",
        "detail.partner_company": "Partner location",
        "detail.partner_contact": "Partner contact",
        "detail.no_contact": "No partner contact",
        "detail.new_contact": "New partner contact",
        "detail.change_contact": "Change partner contact",
        "detail.contact_changed": "{name} is now the partner contact.",
        "detail.contact_changed_hidden": (
            "{name} is now the partner contact. The customer is no longer visible to you."
        ),
        "detail.error.contact_not_eligible": (
            "This person cannot be the customer's partner contact: only active users of its "
            "partner location can."
        ),
        "detail.contracts": "Subscriptions",
        "detail.no_contracts": "No subscriptions that you can see.",
        "detail.col.number": "Contract no.",
        "detail.col.product": "Product",
        "detail.col.status": "Status",
        "detail.col.start": "Start",
        "detail.col.end": "End",
        "detail.col.monthly_price": "Monthly price",
        "detail.col.retail_price": "Retail price",
        "detail.back_subscriptions": "Subscriptions",
        "detail.subscription_title": "Subscription {number}",
        "detail.contract_data": "Contract data",
        "detail.field.customer": "Customer",
        "detail.field.line_of_business": "Line of business",
        "detail.field.offer_date": "Offer date",
        "detail.field.application_date": "Application date",
        "detail.field.document_date": "Document date",
        "detail.field.cancelled_at": "Cancelled on",
        "detail.field.update_due": "Next update due",
        "detail.field.auto_renew": "Automatic renewal",
        "detail.field.seats": "Seats",
        "detail.field.storage": "Cloud storage",
        "detail.field.risk_address": "Risk address",
        "detail.storage_value": "{used} of {quota} GB used",
        "detail.history": "Status history",
        "detail.history_date": "Date",
        "detail.history_note": "Note",
        "detail.history_empty": "No status changes recorded.",
        "detail.license": "On-premises licence",
        "detail.license_hint": "The licence file for the installation at the customer's site.",
        "detail.license_download": "Download licence file",
        "prospect.title": "New prospect",
        "prospect.intro": (
            "Create a prospect. You become its partner contact; name and postcode are checked "
            "for duplicates."
        ),
        "prospect.name": "Name or company",
        "prospect.street": "Street and number",
        "prospect.postcode": "Postcode",
        "prospect.city": "City",
        "prospect.email": "E-mail",
        "prospect.phone": "Phone",
        "prospect.private": "Private person (not a business)",
        "prospect.company": "Partner location",
        "prospect.company_placeholder": "Please choose",
        "prospect.submit": "Create prospect",
        "prospect.cancel": "Cancel",
        "prospect.check_fields": "Please check the marked fields.",
        "prospect.duplicate_visible": (
            "{name} ({number}) with this postcode already exists. Please continue with the "
            "existing record."
        ),
        "prospect.open_existing": "Open the existing record",
        "prospect.duplicate_elsewhere": (
            "A customer or prospect with this name and postcode already exists but is not "
            "looked after by you. Please contact your partner management at the vendor if you "
            "want to take it over."
        ),
        "prospect.error.name_required": "Please enter the name.",
        "prospect.error.postcode_required": "Please enter the postcode.",
        "prospect.error.city_required": "Please enter the city.",
        "prospect.error.too_long": "This entry is too long.",
        "prospect.error.postcode_invalid": "Please enter a valid postcode (e.g. 10115).",
        "prospect.error.email_invalid": (
            "Please enter a valid e-mail address (e.g. name@company.com)."
        ),
        "prospect.error.phone_invalid": (
            "Please enter a valid phone number (digits, spaces and + ( ) / -)."
        ),
        "prospect.error.company_required": "Please choose the partner location.",
        "prospect.error.company_invalid": "This partner location is not available to you.",
        "prospect.error.not_allowed": (
            "You cannot create prospects: your customer data visibility is “None” or you are "
            "not linked to a partner location."
        ),
    },
}
