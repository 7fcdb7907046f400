"""The optional virus scan: stream a file to clamd over its unix socket (the INSTREAM command), no library needed.

clamd's protocol: send ``zINSTREAM\\0``, then chunks each prefixed by its length as 4 big-endian bytes, then a
zero-length chunk; clamd answers one NUL-terminated line, ``stream: OK`` or ``stream: <signature> FOUND`` (or an
``... ERROR`` line, for instance when the stream exceeds its ``StreamMaxLength``).
"""

import socket
import struct
from dataclasses import dataclass

CHUNK = 64 * 1024


class ScannerUnavailable(OSError):
    """clamd could not be reached or answered something that is not a verdict."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str = ""


def parse_reply(reply):
    """The verdict of clamd's answer line (bytes, NUL stripped)."""
    text = reply.decode("utf-8", "replace").strip()
    if text.endswith("FOUND"):
        return Verdict(clean=False, signature=text.removeprefix("stream:").removesuffix("FOUND").strip())
    if text.endswith(": OK") or text == "OK":
        return Verdict(clean=True)
    raise ScannerUnavailable(f"clamd answered {text[:200]!r}")


def scan_stream(fileobj, *, socket_path, timeout):
    """Scan a seekable binary file with clamd; returns a Verdict or raises ScannerUnavailable."""
    fileobj.seek(0)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(socket_path)
            conn.sendall(b"zINSTREAM\0")
            for chunk in iter(lambda: fileobj.read(CHUNK), b""):
                conn.sendall(struct.pack("!L", len(chunk)) + chunk)
            conn.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = conn.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as error:  # refused, missing socket, timeout, reset
        raise ScannerUnavailable(str(error)) from error
    finally:
        fileobj.seek(0)
    return parse_reply(reply.rstrip(b"\0"))
