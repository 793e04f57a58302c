"""What a file that is not a UTF-8, comma-separated CSV most likely is, and what to do.

A curator who saved a workbook under a ``.csv`` name, or exported from a spreadsheet in a
German locale, should read "an Excel workbook: save it as CSV UTF-8" rather than a decoder's
byte offset. The checks look at the first bytes only (cheap on large files); the full scan
for a stray non-UTF-8 byte runs only once a file has already failed to load.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

PREFIX_BYTES = 1 << 20  # enough for any header and the first thousands of rows
SAVE_AS_CSV = (
    "open it in Excel or LibreOffice and save it as 'CSV UTF-8 (comma delimited)', "
    "then put that file here"
)
# (magic bytes, what the file is, what to do)
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Excel workbook (.xls), not a CSV file",
        SAVE_AS_CSV,
    ),
    (
        b"PAR1",
        "a Parquet file, not a CSV file",
        "give it a .parquet name where Parquet is accepted",
    ),
    (b"\x1f\x8b", "a gzip-compressed file, not a CSV file", "decompress it first (gunzip)"),
    (b"%PDF", "a PDF document, not a CSV file", "extract the table into a CSV file"),
)
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
DECIMAL_COMMA = re.compile(r"(?:^|;)\s*-?[0-9]+,[0-9]+\s*(?:;|$)")


def _zip_kind(head: bytes) -> str:
    if b"xl/" in head or b"[Content_Types].xml" in head and b"xl" in head:
        return "an Excel workbook (.xlsx, a zip archive), not a CSV file"
    if b"opendocument.spreadsheet" in head:
        return "a LibreOffice/OpenDocument spreadsheet (.ods), not a CSV file"
    return "a zip archive (most likely an Excel .xlsx workbook), not a CSV file"


def binary_kind(head: bytes) -> str | None:
    """What a file is when its first bytes say it is not text, with what to do; or None."""
    if head.startswith(b"PK\x03\x04"):
        return f"{_zip_kind(head)}; {SAVE_AS_CSV}"
    for magic, kind, todo in SIGNATURES:
        if head.startswith(magic):
            return f"{kind}; {todo}"
    if head.startswith(UTF16_BOMS):
        return (
            "UTF-16 text (Excel's 'Unicode Text' export), not UTF-8; save it as "
            "'CSV UTF-8 (comma delimited)' or convert it with iconv -f UTF-16 -t UTF-8"
        )
    return None


def encoding_problem(data: bytes, offset: int = 0, line: int = 1) -> str | None:
    """The first byte that is not UTF-8, named with its line and what it reads as in
    Windows-1252/Latin-1, or None if ``data`` decodes (an incomplete last character of a
    chunk is left for the caller's next chunk)."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            return None
        start = exc.start
    bad = data[start]
    before = data[:start]
    line_no = line + before.count(b"\n")
    column = start - (before.rfind(b"\n") + 1) + 1
    line_end = data.find(b"\n", start)
    text = data[before.rfind(b"\n") + 1 : line_end if line_end >= 0 else len(data)]
    latin = text.decode("cp1252", errors="replace").strip()
    return (
        f"not UTF-8: byte 0x{bad:02X} at byte {offset + start} (line {line_no}, "
        f"character {column}) reads as {bytes([bad]).decode('cp1252', errors='replace')!r} "
        f"in Windows-1252/Latin-1, so the file is most likely Latin-1 text "
        f"(line {line_no}: {latin[:80]!r}); save it as 'CSV UTF-8' or convert it with "
        "iconv -f WINDOWS-1252 -t UTF-8"
    )


def delimiter_problem(header_line: str, second_line: str = "") -> str | None:
    """A header separated by semicolons or tabs instead of commas."""
    if "," in header_line:
        return None
    for sep, name in ((";", "semicolon"), ("\t", "tab")):
        if header_line.count(sep) >= 1:
            hint = ""
            if sep == ";" and DECIMAL_COMMA.search(second_line):
                hint = " with decimal commas (e.g. 5,5)"
            return (
                f"{name}-separated, not comma-separated: most likely a spreadsheet export in "
                f"a locale that uses {name}s{hint}; export it again as 'CSV UTF-8 (comma "
                "delimited)' with '.' as the decimal separator and no thousands separators"
            )
    return None


def head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(PREFIX_BYTES)


def first_encoding_problem(path: Path) -> str | None:
    """Scan the whole file for its first non-UTF-8 byte (only after a load failed)."""
    offset, line, carry = 0, 1, b""
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(PREFIX_BYTES), b""):
            data = carry + chunk
            problem = encoding_problem(data, offset, line)
            if problem:
                return problem
            # keep an incomplete trailing character for the next chunk
            cut = len(data) - 3 if len(data) > 3 else 0
            while cut < len(data) and (data[cut] & 0xC0) == 0x80:
                cut += 1
            carry, done = data[cut:], data[:cut]
            offset += len(done)
            line += done.count(b"\n")
    return encoding_problem(carry, offset, line) if carry else None
