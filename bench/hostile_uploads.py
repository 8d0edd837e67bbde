"""Benchmark: the peak memory of hostile import files, on the web side and in the job.

    make bench-uploads   (BENCH_DATABASE_URL=postgres://…/astana_bench)

Builds each hostile file at full size (registration/tests/hostile_files.py: the rows bomb, the
shared-strings bomb, huge cells, a 10 MB single line, a NUL byte, a Windows-1251 row in UTF-8, a
malformed number cell, a huge CSV cell), then, each in a fresh process so that the peak RSS
(``resource.getrusage``) is that file's alone:

- web: the admin's upload request through Django's test client (the job is only enqueued, to an
  in-memory broker: the request never runs it);
- job: the Celery task on a batch holding the stored file (also for the files the request already
  refused: the job must hold its bounds on its own);
- reader, for the two bombs: the XLSX reader with the zip directory's checks switched off, to
  show that the bounds it holds while streaming stop them too.

Each must stay under 300 MB; the job must end the batch rejected with the reason expected (the
request either does the same or leaves the batch pending for the job).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
LIMIT_MB = 300
BOMBS = ("rows-bomb.xlsx", "shared-strings-bomb.xlsx")


def _peak_mb() -> float:
    """This process's peak resident memory. ``VmHWM`` rather than ``getrusage``'s ru_maxrss:
    Linux keeps ru_maxrss across exec, so a child would report its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "astana_migration.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log in memory, as in production


def _outcome(batch) -> dict:
    code = batch.errors[0][3] if batch.errors else ""
    return {"status": batch.status, "reason": code}


def web(name: str, path: str) -> dict:
    _django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from registration.models import ImportBatch

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-staff"))
    before = ImportBatch.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    started = time.perf_counter()
    with open(path, "rb") as upload:
        response = client.post("/admin/registration/importbatch/add/", {"file": upload})
    seconds = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    batch = ImportBatch.objects.filter(pk__gt=before).get()
    return {**_outcome(batch), "batch": batch.pk, "seconds": seconds}


def job(name: str, path: str) -> dict:
    _django()
    from django.core.files import File

    from registration.models import ImportBatch
    from registration.tasks import import_batch_process_task

    batch = ImportBatch.objects.create(file_name=name, file_sha256=f"bench-{time.time_ns()}")
    with open(path, "rb") as handle:
        batch.file.save(f"bench-{batch.pk}-{name}", File(handle), save=True)
    started = time.perf_counter()
    import_batch_process_task(batch.pk)
    seconds = time.perf_counter() - started
    batch.refresh_from_db()
    return {**_outcome(batch), "batch": batch.pk, "seconds": seconds}


def reader(name: str, path: str) -> dict:
    _django()
    from registration.importing import FileProblem, Limits, read_table

    # Only the bounds the reader holds while it reads: none of the zip directory's.
    big = 10**12
    UNCHECKED_DIRECTORY = Limits(
        max_ratio=big, max_unpacked_bytes=big, max_sheet_bytes=big, max_shared_strings_xml_bytes=big
    )

    started = time.perf_counter()
    rows = 0
    try:
        with open(path, "rb") as handle:
            for _row in read_table(handle, name, UNCHECKED_DIRECTORY).rows:
                rows += 1
        reason = ""
    except FileProblem as problem:
        reason = problem.code
    seconds = time.perf_counter() - started
    return {"status": "stopped" if reason else "read", "reason": reason, "rows": rows, "seconds": seconds}


def _child(mode: str, name: str, path: Path) -> dict:
    env = {**os.environ, "CELERY_BROKER_URL": "memory://", "CELERY_TASK_ALWAYS_EAGER": "0"}
    done = subprocess.run(
        [sys.executable, __file__, f"--{mode}", name, str(path)], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode:
        return {"status": "crashed", "reason": done.stderr.strip().splitlines()[-1:], "peak_mb": float("nan")}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    from registration_common import setup

    setup()  # database, migrations, reference data and the bench user, once
    from registration.tests.hostile_files import HOSTILE, REASONS, build

    failures = []
    print(f"{'file':<26} {'size':>9}  {'web: outcome':<34} {'peak':>7}  {'job: outcome':<34} {'peak':>7}")
    with tempfile.TemporaryDirectory() as folder:
        for name in HOSTILE:
            path = Path(folder) / name
            started = time.perf_counter()
            build(name, path)
            built = time.perf_counter() - started
            size = path.stat().st_size
            results = {mode: _child(mode, name, path) for mode in ("web", "job")}
            cells = []
            for mode in ("web", "job"):
                result = results[mode]
                outcome = f"{result['status']} ({result['reason']}) {result.get('seconds', 0):.1f}s"
                cells.append(f"{outcome:<34} {result['peak_mb']:>5.0f}MB")
                if not result["peak_mb"] < LIMIT_MB:
                    failures.append(f"{name} {mode}: {result['peak_mb']:.0f} MB")
                expected = [("rejected", REASONS[name])] + ([("pending", "")] if mode == "web" else [])
                if (result["status"], result["reason"]) not in expected:  # the request may leave it to the job
                    failures.append(f"{name} {mode}: {result['status']} ({result['reason']})")
            print(f"{name:<26} {size / 1024:>7.0f}kB  {cells[0]}  {cells[1]}   (built in {built:.0f}s)")
            if name in BOMBS:
                result = _child("reader", name, path)
                print(
                    f"{'':<26} {'':>9}  reader without the ratio check: {result['status']} ({result['reason']}) "
                    f"after {result.get('rows', 0):,} rows, {result.get('seconds', 0):.1f}s, {result['peak_mb']:.0f}MB"
                )
                if not result["peak_mb"] < LIMIT_MB:
                    failures.append(f"{name} reader: {result['peak_mb']:.0f} MB")
            path.unlink()
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print(f"every hostile file rejected with its reason, every process under {LIMIT_MB} MB")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] in ("--web", "--job", "--reader"):
        mode, name, path = sys.argv[1][2:], sys.argv[2], sys.argv[3]
        result = {"web": web, "job": job, "reader": reader}[mode](name, path)
        print(json.dumps({**result, "peak_mb": _peak_mb()}))
    else:
        sys.exit(main())
