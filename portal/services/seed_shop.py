"""Demo data of the shop beyond the basics in `seed.py`: colour printers with their four toners,
cables and office supplies, articles kept out of the shop, and printers at more demo customers.

`seed.py` writes the first catalog (mono toners, drums, maintenance kits, paper) and the
Druckhaus printers its demo order refers to; `seed_shop` runs after it and completes the
catalog to about 25 articles, so the printer shop shows colour toner per printer and the staff
catalog has categories, inactive and non-shop articles to filter by.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlmodel import Session, select

from portal.models import Asset, CatalogItem, Customer, PrinterCompatibility

KYOCERA_COLOUR = "Kyocera ECOSYS M5526cdw"
BROTHER_COLOUR = "Brother HL-L3270CDW"
HP_MONO = "HP LaserJet Pro M404dn"
KYOCERA_MONO = "Kyocera ECOSYS M2540dn"
BROTHER_MONO = "Brother HL-L5100DN"
_ALL = (KYOCERA_MONO, HP_MONO, BROTHER_MONO, KYOCERA_COLOUR, BROTHER_COLOUR)

# article number, name, category, unit, price, tax rate, stock hint, in shop, active, models
ARTICLES = (
    ("TK-5240K", "Kyocera Toner-Kit TK-5240K schwarz", "Toner", "Stk", "84.90", "19",
     "sofort lieferbar", True, True, (KYOCERA_COLOUR,)),
    ("TK-5240C", "Kyocera Toner-Kit TK-5240C cyan", "Toner", "Stk", "109.00", "19",
     "sofort lieferbar", True, True, (KYOCERA_COLOUR,)),
    ("TK-5240M", "Kyocera Toner-Kit TK-5240M magenta", "Toner", "Stk", "109.00", "19",
     "2–3 Werktage", True, True, (KYOCERA_COLOUR,)),
    ("TK-5240Y", "Kyocera Toner-Kit TK-5240Y gelb", "Toner", "Stk", "109.00", "19",
     "sofort lieferbar", True, True, (KYOCERA_COLOUR,)),
    ("TN-247BK", "Brother Toner TN-247BK schwarz", "Toner", "Stk", "79.90", "19",
     "sofort lieferbar", True, True, (BROTHER_COLOUR,)),
    ("TN-247C", "Brother Toner TN-247C cyan", "Toner", "Stk", "89.90", "19",
     "sofort lieferbar", True, True, (BROTHER_COLOUR,)),
    ("TN-247M", "Brother Toner TN-247M magenta", "Toner", "Stk", "89.90", "19",
     "sofort lieferbar", True, True, (BROTHER_COLOUR,)),
    ("TN-247Y", "Brother Toner TN-247Y gelb", "Toner", "Stk", "89.90", "19",
     "auf Anfrage", True, True, (BROTHER_COLOUR,)),
    ("DR-243CL", "Brother Trommeleinheit DR-243CL (4 Farben)", "Trommel", "Stk", "139.00", "19",
     "2–3 Werktage", True, True, (BROTHER_COLOUR,)),
    ("MK-5150", "Kyocera Wartungskit MK-5150", "Wartung", "Stk", "249.00", "19",
     "auf Anfrage", False, True, (KYOCERA_COLOUR,)),
    ("WT-5140", "Kyocera Resttonerbehälter WT-5140", "Wartung", "Stk", "24.90", "19",
     "sofort lieferbar", True, True, (KYOCERA_COLOUR,)),
    ("CAB-USB-3M", "USB-Druckerkabel A/B, 3 m", "Kabel", "Stk", "7.90", "19",
     "sofort lieferbar", True, True, _ALL),
    ("CAB-LAN-5M", "Netzwerkkabel Cat. 6, 5 m, grau", "Kabel", "Stk", "6.50", "19",
     "sofort lieferbar", True, True, _ALL),
    ("OFF-ORD-A4", "Ordner DIN A4, 8 cm, blau", "Büro", "Stk", "2.99", "19",
     "sofort lieferbar", True, True, ()),
    ("OFF-ETI-100", "Adressetiketten 70 × 36 mm, 100 Blatt", "Büro", "Pack", "14.90", "19",
     "sofort lieferbar", True, True, (KYOCERA_MONO, HP_MONO, BROTHER_MONO)),
    ("OFF-KAL-VJ", "Wandkalender Vorjahr (ausverkauft)", "Büro", "Stk", "9.90", "19",
     "", True, False, ()),
    ("PAP-A4-100-250", "Farblaserpapier DIN A4, 100 g/m², 250 Blatt", "Papier", "Pack", "8.90",
     "19", "sofort lieferbar", True, True, (KYOCERA_COLOUR, BROTHER_COLOUR)),
)  # fmt: skip

# customer name, model, serial number, site
PRINTERS = (
    ("Druckhaus Dietrich GmbH", KYOCERA_COLOUR, "R4P9Z12031", "Empfang, EG"),
    ("Doris Dietrich", BROTHER_COLOUR, "E79123J0N456789", "Homeoffice"),
    ("Bäckerei Brandt", HP_MONO, "PHBKD67890", "Filiale Markt, Büro"),
    ("Bäckerei Brandt", KYOCERA_COLOUR, "R4P9Z15522", "Backstube, 1. OG"),
)
# articles of seed.py's first catalog that also fit the colour printers
_EXTRA_FITS = (("PAP-A4-80-500", KYOCERA_COLOUR), ("PAP-A4-80-500", BROTHER_COLOUR))


def seed_shop(session: Session, customers: Mapping[str, Customer]) -> None:
    """Add the extra articles, their compatibility and the demo printers (the caller commits)."""
    for number, name, category, unit, price, tax, stock, in_shop, active, models in ARTICLES:
        item = CatalogItem(
            article_number=number,
            name=name,
            description=f"Passend für {', '.join(models)}." if models else "",
            category=category,
            unit=unit,
            price=Decimal(price),
            tax_rate=Decimal(tax),
            stock_hint=stock,
            in_shop=in_shop,
            active=active,
        )
        session.add(item)
        session.flush()
        assert item.id is not None
        session.add_all(PrinterCompatibility(item_id=item.id, printer_model=m) for m in models)
    for number, model in _EXTRA_FITS:
        existing = session.exec(
            select(CatalogItem.id).where(CatalogItem.article_number == number)
        ).first()
        if existing is not None:
            session.add(PrinterCompatibility(item_id=existing, printer_model=model))
    for customer_name, model, serial, site in PRINTERS:
        customer = customers.get(customer_name)
        if customer is not None and customer.id is not None:
            session.add(
                Asset(customer_id=customer.id, model=model, serial_number=serial, location=site)
            )
    session.flush()
