"""Serving a course's media files: only regular files, never through a link, with validators."""

from __future__ import annotations

import os
import stat

from flask import abort, send_file


def send_media(folder: str, name: str, max_age: int):
    """The response for the file `name` under `folder`, or 404 (see `open_regular`): a sandboxed
    download with ETag and Last-Modified from the file opened."""
    handle = open_regular(folder, name) or abort(404)
    found = os.fstat(handle.fileno())
    response = send_file(
        handle,
        download_name=os.path.basename(name),
        max_age=max_age,
        etag=f"{found.st_mtime_ns:x}-{found.st_size:x}",
        last_modified=found.st_mtime,
    )
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def open_regular(folder: str, name: str):
    """The file `name` under `folder`, opened without following a link at any step, or None
    (a link, a folder, a hidden or `_` name, `..`)."""
    parts = name.split("/")
    if any(not part or part in (".", "..") or part.startswith((".", "_")) for part in parts):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(folder, flags | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        for part in parts[:-1]:
            child = os.open(part, flags | getattr(os, "O_DIRECTORY", 0), dir_fd=descriptor)
            os.close(descriptor)
            descriptor = child
        file_descriptor = os.open(parts[-1], flags, dir_fd=descriptor)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    if not stat.S_ISREG(os.fstat(file_descriptor).st_mode):
        os.close(file_descriptor)
        return None
    return os.fdopen(file_descriptor, "rb")
