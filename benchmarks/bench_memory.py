"""Peak memory of the DSL's review, measured in a fresh process of its own."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

from bench_child import child_env
from bench_results import Row, Stat

_MEMORY_CHILD = """
import os, resource, sys, json
sys.path[:0] = [sys.argv[1], os.path.join(sys.argv[1], "benchmarks")]
from bench_child import prepare_child

def high_water_kib():
    # VmHWM belongs to this program's own address space; ru_maxrss can carry the parent's
    # high-water mark over fork+exec on Linux, so it is only the fallback.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

from school_log.school import School
school = School.unlock(sys.argv[2], sys.argv[3], prepare_child())
base = high_water_kib()
n = len(school.review.items())
print(json.dumps({"peak_kib": high_water_kib(), "before_kib": base, "listed": n}))
"""


def measure_memory(root: str, url: str, dsl_login: dict[str, str], runs: int) -> Row:
    """`root` is the project directory, for the child process to import from."""
    samples, before = [], []
    env = child_env(dsl_login["passphrase"])
    for _ in range(max(1, min(runs, 3))):
        out = subprocess.run(
            [sys.executable, "-c", _MEMORY_CHILD, root, url, dsl_login["username"]],
            env=env,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            last = (out.stderr.strip().splitlines() or ["no output"])[-1]
            return Row(
                "peak memory of the review (process peak RSS)",
                "MB",
                None,
                None,
                "≤ 300 MB",
                max_value=300.0,
                note=f"skipped: the measuring process failed ({last})",
            )
        data = json.loads(out.stdout.strip().splitlines()[-1])
        samples.append(data["peak_kib"] / 1024)
        before.append(data["before_kib"] / 1024)
    return Row(
        "peak memory of the review (process peak RSS)",
        "MB",
        Stat(samples),
        None,
        "≤ 300 MB",
        max_value=300.0,
        note=f"fresh process; {statistics.median(before):.0f} MB before the review"
        " (interpreter, imports, Argon2id unlock)",
    )
