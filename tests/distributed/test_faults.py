"""A rank that dies or hangs ends the whole job with an error naming it, instead of a hang."""

from __future__ import annotations

from mpi_helpers import mpirun


def test_killed_rank_ends_the_job_naming_it(tmp_path):
    proc = mpirun(2, "kill", tmp_path, launcher=True, timeout=30)
    assert proc.returncode != 0
    assert "glassnet.distributed: rank 1 (pid" in proc.stdout and "died" in proc.stdout, proc.stdout[-3000:]


def test_hung_rank_makes_the_others_fail_within_the_timeout(tmp_path):
    proc = mpirun(2, "hang", tmp_path, timeout=30, GLASSNET_DIST_TIMEOUT="2")
    assert proc.returncode != 0
    assert "rank 0 waited 2 s" in proc.stdout and "for rank 1, which never reached it" in proc.stdout, \
        proc.stdout[-3000:]
