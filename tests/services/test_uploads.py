"""Upload checks: the type comes from the content, the size is counted, names are defused and
stored files cannot be reached outside their folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.services.uploads import (
    JPEG,
    PDF,
    PNG,
    PROOF_TYPES,
    WEBP,
    UploadRefused,
    check_upload,
    safe_filename,
    sniff_type,
    store_upload,
    stored_file,
)
from tests.services.sales_world import PDF_BYTES, PNG_BYTES


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF_BYTES, PDF),
        (PNG_BYTES, PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", JPEG),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", WEBP),
        (b"MZ\x90\x00", None),  # a Windows program
        (b"<html><script>alert(1)</script>", None),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),  # SVG can carry script
        (b"", None),
    ],
)
def test_type_is_recognised_by_content(data: bytes, expected: object) -> None:
    assert sniff_type(data) == expected


def test_a_wrong_type_is_refused_whatever_the_name_says() -> None:
    with pytest.raises(UploadRefused) as refused:
        check_upload(b"MZ\x90\x00payload", "proof.pdf", allowed=PROOF_TYPES, max_bytes=1000)
    assert refused.value.message_key == "upload.error.type"


def test_a_type_not_allowed_here_is_refused() -> None:
    with pytest.raises(UploadRefused):
        check_upload(PNG_BYTES, "a.png", allowed=frozenset({PDF}), max_bytes=1000)


def test_too_large_and_empty_files_are_refused() -> None:
    with pytest.raises(UploadRefused) as refused:
        check_upload(PDF_BYTES + b"x" * 100, "a.pdf", allowed=PROOF_TYPES, max_bytes=100)
    assert refused.value.message_key == "upload.error.too_large"
    with pytest.raises(UploadRefused) as refused:
        check_upload(b"", "a.pdf", allowed=PROOF_TYPES, max_bytes=100)
    assert refused.value.message_key == "upload.error.empty"


def test_exactly_the_limit_is_accepted() -> None:
    checked = check_upload(PDF_BYTES, "a.pdf", allowed=PROOF_TYPES, max_bytes=len(PDF_BYTES))
    assert checked.size == len(PDF_BYTES)
    assert checked.file_type == PDF


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Muster Broschüre.pdf", "Muster Broschüre.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\x\\proof.PDF", "proof.pdf"),
        ("invoice.pdf.exe", "invoice.pdf.pdf"),  # named after what it really is
        ("<b>alert(1)</b>.pdf", "b.pdf"),
        ("<img onerror=x>.pdf", "img onerror_x.pdf"),
        ('a"b;c\r\nContent-Type: text.pdf', "a_b_cContent-Type_ text.pdf"),
        ("...", "datei.pdf"),
        ("", "datei.pdf"),
        ("\u202etxt.exe", "txt.pdf"),  # right-to-left override (a format character) is dropped
        ("x" * 500 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_hostile_names_are_defused(name: str, expected: str) -> None:
    assert safe_filename(name, PDF) == expected


def test_stored_under_a_random_name_and_read_back_only_inside_the_folder(tmp_path: Path) -> None:
    checked = check_upload(PDF_BYTES, "../../x.pdf", allowed=PROOF_TYPES, max_bytes=1000)
    relative = store_upload(tmp_path, "proofs", checked)
    assert relative.startswith("proofs/") and relative.endswith(".pdf")
    assert "x" not in relative.removeprefix("proofs/").removesuffix(".pdf").strip(
        "0123456789abcdef"
    )
    assert stored_file(tmp_path, "proofs", relative) == (tmp_path / relative).resolve()
    (tmp_path / "portal.db").write_bytes(b"secret")
    for tampered in ("proofs/../portal.db", str(tmp_path / "portal.db"), "", "proofs/missing.pdf"):
        assert stored_file(tmp_path, "proofs", tampered) is None
