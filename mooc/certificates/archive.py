"""ZIP archives made while they are sent: a chunk or so in memory at a time, never the archive."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator

CHUNK = 64 * 1024


class Drain(io.RawIOBase):
    """A write-only, unseekable file: `take` hands back what was written since the last take.

    Unseekable on purpose: zipfile then writes sizes and CRCs after each member (data
    descriptors) instead of seeking back, so nothing needs to stay in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        """The bytes written since the last call."""
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def stream_zip(files: Iterable[tuple[str, str]]) -> Iterator[bytes]:
    """The ZIP of (name in the archive, path on disk) files, in chunks as it is written."""
    drain = Drain()
    with zipfile.ZipFile(drain, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, path in files:
            info = zipfile.ZipInfo.from_file(path, arcname=name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as source, archive.open(info, "w") as target:
                for chunk in iter(lambda: source.read(CHUNK), b""):
                    target.write(chunk)
                    if data := drain.take():
                        yield data
            if data := drain.take():
                yield data
    if data := drain.take():  # the central directory, written when the archive closes
        yield data
