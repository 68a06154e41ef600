"""Time the Excel export (issue 3: 100,000 rows ≤ 2 s, ≤ 300 MB) against pandas + openpyxl.

usage: python bench/export.py [--rows N] [--repeat N] [--pandas-repeat N] [--seed N]

Needs the bench extra for the comparison: pip install -e ".[bench]".

The same deterministic rows (15 typed columns like the subscriptions grid, some text starting
with = + - @) go through `write_xlsx` and through `pandas.DataFrame(...).to_excel(engine=
"openpyxl")`. Each writer runs in its own subprocess so their memory does not mix:

- time: median of --repeat runs of the write alone, rows already in a list (fetching them is
  the database's part, measured in ../shared/PERFORMANCE.md); pandas' time includes building
  the DataFrame, which is part of exporting with pandas.
- memory: the process's peak resident set size (`resource.getrusage(RUSAGE_SELF).ru_maxrss`,
  i.e. everything: interpreter, libraries, rows, writer) and that peak minus the resident size
  just before the first write ("extra", what the export itself costs).
- stream: `write_xlsx` once more in a fresh process, rows from a generator that is never
  materialised — the way the portal calls it; its peak shows the constant memory.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.services.export import ExportColumn, write_xlsx

COLUMNS = [
    ExportColumn("number", "Vertragsnummer", "text"),
    ExportColumn("customer", "Kunde", "text", 32),
    ExportColumn("customer_number", "Kundennummer", "text"),
    ExportColumn("product", "Produkt", "enum", 22),
    ExportColumn("line", "Sparte", "enum"),
    ExportColumn("status", "Status", "enum"),
    ExportColumn("start", "Beginn", "date"),
    ExportColumn("end", "Ende", "date"),
    ExportColumn("cancelled_at", "Gekündigt am", "date"),
    ExportColumn("auto_renew", "Automatische Verlängerung", "bool"),
    ExportColumn("monthly_price", "Monatspreis", "money"),
    ExportColumn("retail_price", "Listenpreis", "money"),
    ExportColumn("seats", "Lizenzen", "int"),
    ExportColumn("storage_used", "Speicher belegt (GB)", "decimal"),
    ExportColumn("contact", "Partner-Kontakt", "text"),
]
PRODUCTS = ["Cloud Office", "Backup Pro", "Print Manager", "Secure Mail", "ERP Kompakt"]
LINES = ["Software", "Druck", "Versicherung", "IT-Service"]
STATUSES = ["aktiv", "gekündigt", "beendet", "angeboten"]
NAMES = ["Alpha Bau", "Bäckerei Brandt", "Café Central", "Druckhaus Dietrich", "Elektro Engel"]
FORMS = ["GmbH", "KG", "AG", "e. K.", "GmbH & Co. KG"]
CONTACTS = ["Eva Engel", "Emil Ernst", "Erik Esser", None]
HOSTILE = ['=HYPERLINK("http://x","klick")', "+49 30 123456", "-10 % Rabatt", "@Einkauf"]


def generate_rows(count: int, seed: int) -> Iterator[tuple[object, ...]]:
    """Deterministic subscription-like rows; about 1 % of customer names start with = + - @."""
    rng = random.Random(seed)
    base = date(2020, 1, 1)
    for i in range(count):
        start = base + timedelta(days=rng.randrange(2000))
        end = start + timedelta(days=365 * rng.randint(1, 3))
        cancelled = end - timedelta(days=rng.randrange(90)) if rng.random() < 0.2 else None
        customer = (
            rng.choice(HOSTILE)
            if rng.random() < 0.01
            else f"{rng.choice(NAMES)} {rng.randrange(1000)} {rng.choice(FORMS)}"
        )
        monthly = Decimal(rng.randrange(500, 250_000)) / 100
        yield (
            f"V-{i:07d}",
            customer,
            f"K-{rng.randrange(200_000):06d}",
            rng.choice(PRODUCTS),
            rng.choice(LINES),
            rng.choice(STATUSES),
            start,
            end,
            cancelled,
            rng.random() < 0.7,
            monthly,
            (monthly * Decimal("1.25")).quantize(Decimal("0.01")),
            rng.randint(1, 500),
            Decimal(rng.randrange(0, 100_000)) / 100,
            rng.choice(CONTACTS),
        )


def rss_now_kb() -> int:
    """Current resident set size (VmRSS) in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def write_ours(rows: list[tuple[object, ...]], path: Path) -> None:
    write_xlsx(path, COLUMNS, iter(rows), sheet_name="Verträge")


def write_pandas(rows: list[tuple[object, ...]], path: Path) -> None:
    import pandas

    frame = pandas.DataFrame(rows, columns=[column.header for column in COLUMNS])
    frame.to_excel(path, sheet_name="Verträge", index=False, engine="openpyxl")


def worker(mode: str, count: int, repeat: int, seed: int) -> None:
    """Run one writer in this process and print its figures as JSON."""
    if mode == "pandas":
        import pandas  # noqa: F401  (imported before measuring, like a running server)
    with tempfile.TemporaryDirectory(prefix="portal-export-") as directory:
        path = Path(directory) / "export.xlsx"
        if mode == "stream":
            before = rss_now_kb()
            started = time.perf_counter()
            written = write_xlsx(path, COLUMNS, generate_rows(count, seed), sheet_name="Verträge")
            times = [time.perf_counter() - started]
        else:
            rows = list(generate_rows(count, seed))
            write = write_ours if mode == "ours" else write_pandas
            before = rss_now_kb()
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                write(rows, path)
                times.append(time.perf_counter() - started)
            written = len(rows)
        size = path.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": written,
                "times": times,
                "peak_mb": peak / 1024,
                "extra_mb": (peak - before) / 1024,
                "file_mb": size / 1e6,
            }
        )
    )


def run(mode: str, count: int, repeat: int, seed: int) -> dict[str, object]:
    command = [sys.executable, __file__, "--worker", mode, "--rows", str(count)]
    command += ["--repeat", str(repeat), "--seed", str(seed)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pandas-repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--worker", choices=["ours", "stream", "pandas"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.rows, args.repeat, args.seed)
        return 0

    print(f"{args.rows:,} rows x {len(COLUMNS)} columns")
    results = {
        "write_xlsx (rustpy-xlsxwriter)": run("ours", args.rows, args.repeat, args.seed),
        "write_xlsx from a generator": run("stream", args.rows, 1, args.seed),
        "pandas.to_excel (openpyxl)": run("pandas", args.rows, args.pandas_repeat, args.seed),
    }
    header = ("writer", "median s", "runs s", "peak MB", "extra MB", "file MB")
    print("{:<32} {:>9} {:<22} {:>8} {:>9} {:>8}".format(*header))
    for name, result in results.items():
        times = result["times"]
        runs = " ".join(f"{t:.2f}" for t in times)
        print(
            f"{name:<32} {statistics.median(times):>9.2f} {runs:<22} "
            f"{result['peak_mb']:>8.0f} {result['extra_mb']:>9.0f} {result['file_mb']:>8.1f}"
        )
    ours = statistics.median(results["write_xlsx (rustpy-xlsxwriter)"]["times"])
    theirs = statistics.median(results["pandas.to_excel (openpyxl)"]["times"])
    ours_extra = results["write_xlsx (rustpy-xlsxwriter)"]["extra_mb"]
    theirs_extra = results["pandas.to_excel (openpyxl)"]["extra_mb"]
    print(f"pandas/openpyxl vs write_xlsx: {theirs / ours:.1f}x the time", end="")
    print(f", {theirs_extra / max(ours_extra, 1):.0f}x the extra memory")
    if args.rows == 100_000:
        peak = max(r["peak_mb"] for k, r in results.items() if k.startswith("write_xlsx"))
        met = ours <= 2.0 and peak <= 300
        print(f"issue 3 target (<= 2 s, <= 300 MB peak): {'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
