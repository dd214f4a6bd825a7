"""Bytes to text: BOMs, declared charsets, then detection among Arabic encodings.

Arabic pages come as UTF-8, UTF-16, Windows-1256 or ISO-8859-6, often mislabelled.
A declared charset is trusted only if the bytes decode under it cleanly.
"""

from __future__ import annotations

import codecs

from masar.errors import EncodingError, FormatError

__all__ = ["decode", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Magic numbers of binary formats people drop into news folders by mistake.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"\x7fELF",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"OggS",
    b"ID3",
    b"\x1a\x45\xdf\xa3",
    b"SQLite format 3",
)
_ARABIC_CODECS = ("cp1256", "iso8859_6")


def looks_binary(data: bytes) -> bool:
    """True for known binary formats and for bytes with NULs that are not UTF-16/32 text."""
    if data.startswith(_BINARY_MAGIC):
        return True
    head = data[:4096]
    if b"\x00" not in head:
        return False
    return _utf16_without_bom(head) is None


def _utf16_without_bom(head: bytes) -> str | None:
    """The UTF-16 byte order when NULs sit on every other byte, as in UTF-16 text."""
    even = head[0::2]
    odd = head[1::2]
    if not even or not odd:
        return None
    # Arabic in UTF-16 has 0x06 high bytes, Latin has 0x00: either way one half
    # of the bytes is nearly constant and never both halves.
    for name, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        small = sum(1 for b in high if b in (0x00, 0x06, 0x20))
        if small >= 0.9 * len(high) and low.count(0) < 0.1 * len(low):
            return name
    return None


def decode(data: bytes, *, declared: str | None = None, name: str = "input") -> tuple[str, str]:
    """(text, encoding used). Raises FormatError for binary data, EncodingError if nothing fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise EncodingError(
                    f"{name}: starts with a {encoding} byte-order mark but is not {encoding}: {err.reason}",
                    reason="bad_encoding",
                ) from err
    if data.startswith(_BINARY_MAGIC):
        raise FormatError(f"{name}: binary data, not text; skipped", reason="binary_input")
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data[:4096])
        if utf16 is None:
            raise FormatError(f"{name}: binary data, not text; skipped", reason="binary_input")
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError as err:
            raise EncodingError(
                f"{name}: looks like {utf16} but does not decode: {err.reason}", reason="bad_encoding"
            ) from err
    # Valid UTF-8 is almost never an accident, so it beats a declared single-byte
    # charset (pages that say windows-1256 but were re-saved as UTF-8 are common).
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    codec = _codec_name(declared) if declared else None
    if codec in _ARABIC_CODECS:
        # Windows-1256 decodes any byte, so a declared Arabic code page proves
        # nothing: compare the two by how Arabic the result reads.
        return _detect_arabic_codepage(data, name)
    if codec:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass  # mislabelled: fall through to detection
    return _detect_arabic_codepage(data, name)


def _codec_name(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip().strip("\"'").lower()).name
    except LookupError:
        return None


def _detect_arabic_codepage(data: bytes, name: str) -> tuple[str, str]:
    """Pick between Windows-1256 and ISO-8859-6 by how Arabic the result reads."""
    best: tuple[float, str, str] | None = None
    for encoding in _ARABIC_CODECS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _arabic_plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, encoding)
    # 0.3: Arabic prose scores above 0.8 in the right code page and below 0.2 in
    # the wrong one; Latin-1 European text scores below 0.1 (tests/ingest/test_encoding.py).
    if best is not None and best[0] > 0.3:
        return best[1], best[2]
    from charset_normalizer import from_bytes

    guess = from_bytes(data[:200_000]).best()
    if guess is not None and guess.encoding:
        try:
            return data.decode(guess.encoding), guess.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise EncodingError(
        f"{name}: not UTF-8, UTF-16, Windows-1256 or ISO-8859-6; re-save it as UTF-8",
        reason="bad_encoding",
    )


def _arabic_plausibility(text: str) -> float:
    """How Arabic a decoding reads: Arabic letters among all letters, times their share of non-ASCII.

    Counting all letters keeps Latin-1 French out (its few accented letters decode
    as Arabic ones, but most letters are Latin); the second factor prefers the code
    page whose non-ASCII characters are letters rather than symbols.
    """
    sample = text[:20_000]
    letters = [ch for ch in sample if ch.isalpha()]
    non_ascii = [ch for ch in sample if ord(ch) > 127 and not ch.isspace()]
    if not letters or not non_ascii:
        return 0.0
    arabic = sum(1 for ch in letters if "\u0621" <= ch <= "\u064a")
    arabic_marks = sum(1 for ch in non_ascii if "\u0621" <= ch <= "\u0652")
    return (arabic / len(letters)) * (arabic_marks / len(non_ascii))
