"""Bytes to text: BOMs, UTF-16 without BOM, Arabic code pages, mislabelled charsets, binary data."""

from __future__ import annotations

import codecs
import random

import pytest

from masar.errors import EncodingError, FormatError
from masar.ingest._encoding import decode, looks_binary

ARABIC = "قال وزير الخارجية الروسي سيرغي لافروف أمس الاثنين إن المحادثات مع واشنطن ستستأنف في جنيف."
ENGLISH = "Talks between Moscow and Washington will resume in Geneva next week, the ministry said."


def _random_bytes_with_nuls(seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(600)) + b"\x00\x00"


DECODES = [
    # UTF-8
    ("utf-8", ARABIC.encode("utf-8"), None, ARABIC, "utf-8"),
    ("utf-8 with BOM", codecs.BOM_UTF8 + ARABIC.encode("utf-8"), None, ARABIC, "utf-8"),
    ("ascii is utf-8", ENGLISH.encode("ascii"), None, ENGLISH, "utf-8"),
    # UTF-16 and UTF-32, with and without BOM
    ("utf-16-le with BOM", codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), None, ARABIC, "utf-16-le"),
    ("utf-16-be with BOM", codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), None, ARABIC, "utf-16-be"),
    ("utf-16-le arabic without BOM", ARABIC.encode("utf-16-le"), None, ARABIC, "utf-16-le"),
    ("utf-16-be arabic without BOM", ARABIC.encode("utf-16-be"), None, ARABIC, "utf-16-be"),
    ("utf-16-le latin without BOM", ENGLISH.encode("utf-16-le"), None, ENGLISH, "utf-16-le"),
    ("utf-16-be latin without BOM", ENGLISH.encode("utf-16-be"), None, ENGLISH, "utf-16-be"),
    ("utf-32-le with BOM", codecs.BOM_UTF32_LE + ARABIC.encode("utf-32-le"), None, ARABIC, "utf-32-le"),
    # Arabic code pages, undeclared
    ("windows-1256", ARABIC.encode("cp1256"), None, ARABIC, "cp1256"),
    ("iso-8859-6", ARABIC.encode("iso8859_6"), None, ARABIC, "iso8859_6"),
    # declared charsets
    ("windows-1256 declared", ARABIC.encode("cp1256"), "windows-1256", ARABIC, "cp1256"),
    ("iso-8859-6 declared", ARABIC.encode("iso8859_6"), "ISO-8859-6", ARABIC, "iso8859-6"),
    ("declared label in quotes", ARABIC.encode("cp1256"), '"Windows-1256"', ARABIC, "cp1256"),
    ("unknown declared label", ARABIC.encode("cp1256"), "x-arabic-legacy", ARABIC, "cp1256"),
    # mislabelled
    ("cp1256 bytes declared utf-8", ARABIC.encode("cp1256"), "utf-8", ARABIC, "cp1256"),
    ("utf-8 bytes declared windows-1256", ARABIC.encode("utf-8"), "windows-1256", ARABIC, "utf-8"),
    ("cp1256 bytes declared iso-8859-6", ARABIC.encode("cp1256"), "iso-8859-6", ARABIC, "cp1256"),
]


@pytest.mark.parametrize(
    ("data", "declared", "text", "encoding"), [r[1:] for r in DECODES], ids=[r[0] for r in DECODES]
)
def test_decode(data: bytes, declared: str | None, text: str, encoding: str) -> None:
    assert decode(data, declared=declared) == (text, encoding)


BINARY = [
    ("png header", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
    ("jpeg header", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(64)),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
    ("zip", b"PK\x03\x04\x14\x00\x00\x00"),
    ("sqlite", b"SQLite format 3\x00" + bytes(84)),
    ("random bytes with NULs, seed 1", _random_bytes_with_nuls(1)),
    ("random bytes with NULs, seed 2", _random_bytes_with_nuls(2)),
    ("NUL between text", b"\xd9\x82\xd8\xa7\xd9\x84\x00\x00\x00\x01\x02\x03\xff" * 8),
]


@pytest.mark.parametrize("data", [r[1] for r in BINARY], ids=[r[0] for r in BINARY])
def test_binary_input_is_a_format_error(data: bytes) -> None:
    assert looks_binary(data)
    with pytest.raises(FormatError) as caught:
        decode(data, name="upload.bin")
    assert caught.value.reason == "binary_input"
    assert caught.value.code == "M014"
    assert "upload.bin" in str(caught.value)


@pytest.mark.parametrize(
    "data",
    [ARABIC.encode("utf-8"), ARABIC.encode("utf-16-le"), ENGLISH.encode("utf-16-be"), b""],
    ids=["utf-8", "utf-16-le", "utf-16-be", "empty"],
)
def test_text_does_not_look_binary(data: bytes) -> None:
    assert not looks_binary(data)


UNDECODABLE = [
    ("every high byte once", b"Geneva talks " + bytes(range(0x80, 0x100))),
    ("utf-8 BOM then invalid utf-8", codecs.BOM_UTF8 + b"\xff\xfe\xfa talks"),
    ("utf-16 without BOM cut mid character", ARABIC.encode("utf-16-le")[:-1]),
]


@pytest.mark.parametrize("data", [r[1] for r in UNDECODABLE], ids=[r[0] for r in UNDECODABLE])
def test_undecodable_is_an_encoding_error(data: bytes) -> None:
    with pytest.raises(EncodingError) as caught:
        decode(data, name="dump.txt")
    assert caught.value.reason == "bad_encoding"
    assert str(caught.value).startswith("[M012] dump.txt")


def test_latin1_french_is_not_turned_into_arabic() -> None:
    data = "Le ministre a déclaré à Genève que les négociations reprendront lundi.".encode("latin-1")
    try:
        text, _ = decode(data)
    except EncodingError:
        return  # refusing it is fine too
    assert "déclaré" in text


def test_iso_8859_6_bytes_declared_windows_1256() -> None:
    assert decode(ARABIC.encode("iso8859_6"), declared="windows-1256")[0] == ARABIC
