"""heapreuse: after reuse_freed_blocks, a large block freed and asked for again is served from the memory it
had, not faulted in anew (glibc: the dynamic mmap threshold, mallopt(3))."""

import json
import platform
import subprocess
import sys

import pytest

from tests.integrity.helpers import child_env

# A fresh process (the allocator's threshold is per process and only rises): touch an 8 MB block, free it,
# touch another, and count the page faults the second one costs.
RUN = """
import resource, sys
from shuudan_xl.heapreuse import reuse_freed_blocks
if sys.argv[1] == "reuse":
    reuse_freed_blocks()
del_ = bytearray(8 << 20); del del_  # bytearray(n) writes every byte: each page is touched
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
again = bytearray(8 << 20)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""
PAGES = (8 << 20) // 4096


def faults_of_the_second_block(mode):
    done = subprocess.run([sys.executable, "-c", RUN, mode], capture_output=True, text=True, env=child_env(),
                          check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")
def test_a_freed_large_block_is_reused_instead_of_faulted_in_again():
    assert faults_of_the_second_block("plain") > PAGES * 3 // 4  # mapped anew: every page faults
    assert faults_of_the_second_block("reuse") < PAGES // 4  # the freed block's pages, already there
