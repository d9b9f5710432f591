"""Keep freed large blocks for reuse, instead of faulting in fresh pages for the next one (Linux, glibc).

glibc serves a block of 128 KB or more with its own mmap and unmaps it when it is freed; the next such block is
new memory again, which the kernel zeroes page by page as it is first touched. ``check`` frees many: the 19 MB
sheet part before calamine reads the sheet, a column's list, the joined column, a set of IDs. On a
100,000-row check that is about 5,000 page faults, 8–12 ms of the process's system time.

glibc raises that threshold by itself, to the size of any mmapped block freed (up to 32 MB: mallopt(3),
"dynamic mmap threshold"); freeing one untouched block of just under 32 MB raises it at once. Later blocks
up to that size come from the heap and, once freed, are reused there. Elsewhere (Windows, macOS, musl) the
call is an allocation and a free, nothing more.
"""

from __future__ import annotations

# Just under glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit systems (32 MiB): the largest size the threshold
# follows. Blocks larger than this (a sheet part of a million rows) are still mapped and unmapped each time.
REUSE_UP_TO = 31 << 20


def reuse_freed_blocks() -> None:
    """Have the C allocator keep freed blocks up to ``REUSE_UP_TO`` bytes for reuse (see the module's note).

    Call once, early in a process that reads a large sheet. The block is calloc'd (``bytes(n)``), so a fresh
    mapping is never written to: it costs two system calls, not 31 MB of page faults.
    """
    bytes(REUSE_UP_TO)
