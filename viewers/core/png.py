"""PNG writing with the compression split across processes.

Each band of rows is deflated independently and ended with a sync flush, so the bands'
outputs concatenate into one valid zlib stream (as pigz does); the Adler-32 checksums of the
bands are combined arithmetically. The pixels are exactly those rendered.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

COMPRESSION_LEVEL = 6
_ADLER_BASE = 65521


@dataclass(frozen=True)
class EncodedRows:
    deflated: bytes   # raw deflate blocks ending in a sync flush
    adler32: int      # of the filtered rows
    length: int       # bytes of filtered rows


def encode_rows(samples: bytes, width: int, height: int, stride: int) -> EncodedRows:
    """Filters (type 0) and deflates RGB rows."""
    row_bytes = width * 3
    filtered = bytearray()
    for row in range(height):
        filtered += b"\x00"
        filtered += samples[row * stride: row * stride + row_bytes]
    compressor = zlib.compressobj(COMPRESSION_LEVEL, zlib.DEFLATED, -15)
    deflated = compressor.compress(bytes(filtered)) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return EncodedRows(deflated, zlib.adler32(filtered), len(filtered))


def adler32_combine(adler1: int, adler2: int, length2: int) -> int:
    """Adler-32 of A + B from those of A and B (zlib's adler32_combine)."""
    remainder = length2 % _ADLER_BASE
    sum1 = adler1 & 0xFFFF
    sum2 = (remainder * sum1) % _ADLER_BASE
    sum1 += (adler2 & 0xFFFF) + _ADLER_BASE - 1
    sum2 += ((adler1 >> 16) & 0xFFFF) + ((adler2 >> 16) & 0xFFFF) + _ADLER_BASE - remainder
    sum1 %= _ADLER_BASE
    sum2 %= _ADLER_BASE
    return sum1 | (sum2 << 16)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def assemble(width: int, height: int, bands: list[EncodedRows]) -> bytes:
    """A PNG (8-bit RGB) from bands of rows encoded top to bottom."""
    checksum = 1
    for band in bands:
        checksum = adler32_combine(checksum, band.adler32, band.length)
    final_block = zlib.compressobj(COMPRESSION_LEVEL, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    stream = b"\x78\x9c" + b"".join(b.deflated for b in bands) + final_block + struct.pack(
        ">I", checksum)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", stream)
            + _chunk(b"IEND", b""))
