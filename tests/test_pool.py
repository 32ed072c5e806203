"""The worker pool hands pages out in chunks and still gives up a stuck page alone."""
import os
import signal
import time

import pytest

from govclean import pool
from govclean.batch import _init_worker
from govclean.pool import Pool, chunk_size

STUCK, KILLED = 13, 30  # tasks that never finish: C code ignoring the alarm, a dead worker


def double(x):
    if x == STUCK:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    if x == KILLED:
        os.kill(os.getpid(), signal.SIGKILL)
    return 2 * x


def gave_up(limit):
    return ("gave up", limit)


def run(tasks, jobs=2, limit=None):
    # the batch's worker set-up: the pool forks with Ctrl-C and SIGTERM held, a worker takes them back
    p = Pool(jobs, limit, double, gave_up, _init_worker, ([],))
    try:
        return list(p.map(tasks))
    finally:
        p.close()


@pytest.mark.parametrize("n", [0, 1, 7, 50, 333])
def test_results_come_in_task_order_whatever_the_chunks(n, monkeypatch):
    monkeypatch.setattr(pool, "CHUNK_PAGES", 5)
    tasks = [x for x in range(100, 100 + n)]
    assert run(tasks) == [2 * x for x in tasks]


def test_chunks_are_a_page_for_a_small_batch_and_capped_for_a_large_one():
    assert chunk_size(5, 2) == 1  # every page its own message: each worker has several
    assert chunk_size(0, 2) == 1
    assert chunk_size(10 ** 6, 2) == pool.CHUNK_PAGES
    for tasks in range(1, 400):
        size = chunk_size(tasks, 2)
        assert size == 1 or tasks // size >= 2 * pool.CHUNKS_PER_WORKER


@pytest.mark.parametrize("bad", [STUCK, KILLED])
def test_a_page_that_holds_back_its_chunk_is_the_only_one_given_up(bad, monkeypatch):
    monkeypatch.setattr(pool, "CHUNK_PAGES", 4)
    monkeypatch.setattr(pool, "PAGE_TIMEOUT_GRACE", 0.2)
    tasks = [x for x in range(60) if x == bad or x not in (STUCK, KILLED)]
    assert chunk_size(len(tasks), 2) == 4 and tasks.index(bad) % 4 != 0  # inside a chunk
    got = run(tasks, limit=0.5)
    assert got == [gave_up(0.5) if x == bad else 2 * x for x in tasks]


def test_after_a_stuck_chunk_the_rest_goes_in_chunks_again(monkeypatch):
    monkeypatch.setattr(pool, "CHUNK_PAGES", 4)
    monkeypatch.setattr(pool, "PAGE_TIMEOUT_GRACE", 0.2)
    sizes = []
    real = pool._chunks

    def seen(task, todo, start, end, size):
        sizes.append(size)
        return real(task, todo, start, end, size)
    monkeypatch.setattr(pool, "_chunks", seen)
    tasks = [x for x in range(60) if x != KILLED]
    assert run(tasks, limit=0.5) == [gave_up(0.5) if x == STUCK else 2 * x for x in tasks]
    assert sizes[0] == 4 and 1 in sizes and sizes[-1] == 4


def test_the_worker_handler_waits_on_changes_and_workers_not_on_results():
    """pool._quiet_pool: the stock handler also woke on the results pipe, which stays
    readable while the parent is busy, and spun polling the workers (docs/speed.md)."""
    p = Pool(2, None, double, gave_up, _init_worker, ([],))
    try:
        assert p.pool._get_sentinels() == [p.pool._change_notifier._reader]
        assert p.pool._outqueue._reader not in p.pool._get_sentinels()
        assert list(p.map([1, 2, 3])) == [2, 4, 6]
    finally:
        p.close()


def test_the_results_pipe_holds_a_whole_chunk_of_results_on_linux():
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("no pipe sizes on this system")
    with open("/proc/sys/fs/pipe-max-size") as fh:
        if int(fh.read()) < pool.RESULT_PIPE_BYTES:
            pytest.skip("this system's pipes cannot be that large")
    p = Pool(2, None, double, gave_up, _init_worker, ([],))
    try:
        size = fcntl.fcntl(p.pool._outqueue._reader.fileno(), fcntl.F_GETPIPE_SZ)
        assert size >= pool.RESULT_PIPE_BYTES
    finally:
        p.close()
