"""io: decoding keeps every byte, writes are all or nothing."""

from __future__ import annotations

import codecs
import os
import stat

import pytest

from pixmod import io as pio


@pytest.mark.parametrize(
    "raw",
    [
        b"x = 1\n",
        b"x = 1\r\ny = 2\r\n",
        b"x = 1\r\ny = 2\n",  # mixed: held as is
        codecs.BOM_UTF8 + "s = 'é'\n".encode(),
        "# -*- coding: latin-1 -*-\ns = 'é'\n".encode("latin-1"),
        b"x = 1",  # no final newline
        b"",
        b"if x:\n\ty = 1\n        z = 2\n",  # tabs and spaces
    ],
    ids=["lf", "crlf", "mixed", "bom", "latin1-cookie", "no-final-newline", "empty", "tabs"],
)
def test_decode_encode_round_trip(raw: bytes) -> None:
    text, fmt = pio.decode_source(raw)
    assert "\r\n" not in text or not fmt.crlf
    assert pio.encode_source(text, fmt) == raw


def test_crlf_is_held_as_lf_and_written_back_as_crlf() -> None:
    text, fmt = pio.decode_source(b"a = 1\r\nb = 2\r\n")
    assert text == "a = 1\nb = 2\n" and fmt.crlf
    assert pio.encode_source(text + "c = 3\n", fmt) == b"a = 1\r\nb = 2\r\nc = 3\r\n"


def test_latin1_cookie_is_kept() -> None:
    raw = "# coding: latin-1\nname = 'Zoë'\n".encode("latin-1")
    text, fmt = pio.decode_source(raw)
    assert fmt.encoding == "iso-8859-1" and "Zoë" in text
    assert pio.encode_source(text.replace("Zoë", "Zoé"), fmt) == "# coding: latin-1\nname = 'Zoé'\n".encode("latin-1")


def test_undecodable_file_is_reported() -> None:
    with pytest.raises(pio.UndecodableFile):
        pio.decode_source(b"x = '\xff\xfe'\n")


@pytest.mark.parametrize(
    "raw, encoding",
    [
        (b"#!/usr/bin/env python\n# -*- coding: latin-1 -*-\nx = '\xe9'\n", "iso-8859-1"),  # cookie on line 2
        (b"x = 1\ny = 2\n# coding: latin-1\n", "utf-8"),  # a cookie on line 3 does not count
        (b"\xef\xbb\xbfx = '\xc3\xa9'\n", "utf-8"),
        (b"x = '\xc3\xa9'", "utf-8"),  # a single line, no newline
    ],
)
def test_encoding_is_what_python_reads(raw: bytes, encoding: str) -> None:
    import tokenize
    from io import BytesIO

    text, fmt = pio.decode_source(raw)
    assert fmt.encoding == encoding
    expected = tokenize.detect_encoding(BytesIO(raw).readline)[0]
    assert text == raw.decode(expected).lstrip("\ufeff")


@pytest.mark.parametrize("raw", [b"\xe9 = 1\n", b"# coding: nonexistent\n", b"\xef\xbb\xbf# coding: latin-1\n"])
def test_undecodable_first_lines_and_bad_cookies_are_reported(raw: bytes) -> None:
    with pytest.raises(pio.UndecodableFile):
        pio.decode_source(raw)


def _writes(tmp_path, n: int, create: bool = False):
    writes = []
    for i in range(n):
        path = tmp_path / f"f{i}.py"
        path.write_bytes(f"old{i}\n".encode())
        os.chmod(path, 0o640 if i % 2 else 0o755)
        writes.append(pio.PendingWrite(path, f"new{i}\n".encode(), pio.content_digest(f"old{i}\n".encode()), stat.S_IMODE(path.stat().st_mode)))
    if create:
        writes.append(pio.PendingWrite(tmp_path / "pkg" / "new.py", b"created\n", None, None))
    return writes


def _snapshot(tmp_path):
    return {p.relative_to(tmp_path).as_posix(): (p.read_bytes(), stat.S_IMODE(p.stat().st_mode))
            for p in sorted(tmp_path.rglob("*")) if p.is_file()}


def test_write_files_keeps_mode_bits(tmp_path) -> None:
    writes = _writes(tmp_path, 2)
    pio.write_files(writes)
    assert (tmp_path / "f0.py").read_bytes() == b"new0\n"
    assert stat.S_IMODE((tmp_path / "f0.py").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "f1.py").stat().st_mode) == 0o640


@pytest.mark.parametrize("fail_at", [0, 1, 2, 3])
def test_failed_write_restores_everything(tmp_path, monkeypatch, fail_at: int) -> None:
    writes = _writes(tmp_path, 3, create=True)
    before = _snapshot(tmp_path)
    calls = []

    def flaky_replace(src, dst):
        calls.append(dst)
        if len(calls) == fail_at + 1:
            raise OSError("disk full (injected)")
        os.replace(src, dst)

    monkeypatch.setattr(pio, "_replace", flaky_replace)
    with pytest.raises(pio.WriteFailed, match="injected"):
        pio.write_files(writes)
    assert _snapshot(tmp_path) == before  # no temp file, no created file or folder, same modes
    assert not (tmp_path / "pkg").exists()


def test_file_changed_on_disk_is_not_overwritten(tmp_path) -> None:
    writes = _writes(tmp_path, 2)
    (tmp_path / "f1.py").write_bytes(b"edited meanwhile\n")
    with pytest.raises(pio.TreeChanged):
        pio.write_files(writes)
    assert (tmp_path / "f0.py").read_bytes() == b"old0\n"
    assert (tmp_path / "f1.py").read_bytes() == b"edited meanwhile\n"


@pytest.mark.parametrize("size", [0, 1, 4095, 65536, 65537, 300_000])
def test_read_source_reads_every_byte_and_the_mode(tmp_path, size: int) -> None:
    data = (b"value = 12345\n" * (size // 14 + 1))[:size]
    path = tmp_path / "m.py"
    path.write_bytes(data)
    os.chmod(path, 0o640)
    source = pio.read_source(path)
    assert source.digest == pio.content_digest(data)
    assert source.format.mode == 0o640
    assert pio.encode_source(source.text, source.format) == data
