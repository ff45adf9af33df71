"""The streamed ZIP: written chunk by chunk while it is sent, never whole in memory."""

from __future__ import annotations

import io
import os
import zipfile

from mooc.certificates.archive import stream_zip


def test_the_zip_is_written_while_it_is_sent(tmp_path):
    files = []
    for number in range(3):
        path = tmp_path / f"{number}.bin"
        path.write_bytes(os.urandom(256 * 1024))  # incompressible, like a PDF's streams
        files.append((f"file-{number}.bin", str(path)))
    chunks = list(stream_zip(files))
    total = sum(len(chunk) for chunk in chunks)
    assert len(chunks) > 3 and max(len(chunk) for chunk in chunks) < total / 4
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.read("file-2.bin") == (tmp_path / "2.bin").read_bytes()
