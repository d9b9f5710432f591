"""files.write_behind through xlsx_rows.write_gathered: a large member is written on a second thread, with
the same bytes in the same order, a bounded queue, and every failure raised where the XML is built."""

import threading
import zipfile

import pytest

from shuudan_xl.files import xlsx_rows
from shuudan_xl.files.xlsx_rows import write_gathered


def _writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "shuudan-xl zip writer"]


class Recording:
    """A stream that records each write and can fail at one, or hold each write until released."""

    def __init__(self, fail_at: int | None = None, gate: threading.Semaphore | None = None):
        self.writes: list[bytes] = []
        self.threads: set[bool] = set()
        self.fail_at, self.gate = fail_at, gate

    def write(self, data) -> int:
        if self.gate is not None:
            assert self.gate.acquire(timeout=5)
        self.threads.add(threading.current_thread() is threading.main_thread())
        if self.fail_at is not None and len(self.writes) == self.fail_at:
            raise OSError(28, "No space left on device")
        self.writes.append(bytes(data))
        return len(data)


def pieces(count: int, size: int = 50_000):
    for n in range(count):
        yield f"<row r=\"{n}\">{'x' * size}</row>"


def test_a_large_member_is_written_off_the_main_thread_byte_for_byte(monkeypatch):
    monkeypatch.setattr(xlsx_rows, "_FLUSH", 200_000)
    stream = Recording()
    write_gathered(stream, pieces(100))
    assert b"".join(stream.writes) == "".join(pieces(100)).encode()
    assert len(stream.writes) > 10 and stream.threads == {False}
    assert _writer_threads() == []


def test_a_member_of_one_gathering_is_written_in_the_main_thread_without_a_thread():
    stream = Recording()
    write_gathered(stream, pieces(3, 100))
    assert stream.writes == ["".join(pieces(3, 100)).encode()] and stream.threads == {True}


def test_a_zip_member_written_behind_reads_back_and_its_crc_holds(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_rows, "_FLUSH", 100_000)
    path = tmp_path / "book.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out, out.open("xl/worksheets/sheet1.xml", "w") as fh:
        write_gathered(fh, pieces(200, 7_777))
    with zipfile.ZipFile(path) as book:
        assert book.testzip() is None
        assert book.read("xl/worksheets/sheet1.xml") == "".join(pieces(200, 7_777)).encode()


def test_a_write_that_fails_is_raised_to_the_builder_and_the_thread_ends(monkeypatch):
    """A full disk in the writer thread stops the building and reaches the transaction as its OSError."""
    monkeypatch.setattr(xlsx_rows, "_FLUSH", 200_000)
    built = []

    def counted():
        for piece in pieces(200):
            built.append(1)
            yield piece

    stream = Recording(fail_at=3)
    with pytest.raises(OSError, match="No space"):
        write_gathered(stream, counted())
    assert len(stream.writes) == 3 and len(built) < 200  # it stopped building soon after the failure
    assert _writer_threads() == []


def test_a_builder_that_fails_stops_the_writer_and_its_own_error_goes_on(monkeypatch):
    monkeypatch.setattr(xlsx_rows, "_FLUSH", 200_000)

    def broken():
        yield from pieces(30)
        raise ValueError("a row the splicer cannot read")

    stream = Recording()
    with pytest.raises(ValueError, match="splicer"):
        write_gathered(stream, broken())
    assert _writer_threads() == []
    assert b"".join(stream.writes) == "".join(pieces(30)).encode()[: len(b"".join(stream.writes))]


def test_the_builder_waits_when_the_disk_is_slow_so_memory_stays_bounded(monkeypatch):
    monkeypatch.setattr(xlsx_rows, "_FLUSH", 200_000)
    gate = threading.Semaphore(0)
    built = []

    def counted():
        for piece in pieces(400):
            built.append(1)
            yield piece

    stream = Recording(gate=gate)
    worker = threading.Thread(target=write_gathered, args=(stream, counted()))
    worker.start()
    threading.Event().wait(0.3)  # the disk has written nothing yet: the builder must be waiting
    # One piece in the write, two queued and one being gathered: about four flushes of 200 kB (4 pieces each).
    assert len(built) <= 5 * 5
    for _ in range(400):
        gate.release()
    worker.join(10)
    assert not worker.is_alive() and b"".join(stream.writes) == "".join(pieces(400)).encode()


def test_bytes_pieces_are_gathered_as_bytes(monkeypatch):
    monkeypatch.setattr(xlsx_rows, "_FLUSH", 1000)
    stream = Recording()
    data = [bytes([n % 251]) * 300 for n in range(50)]
    write_gathered(stream, iter(data))
    assert b"".join(stream.writes) == b"".join(data)
