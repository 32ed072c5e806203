"""Pool: worker processes that clean pages in order, each page within its time limit."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator, Optional, Sequence

# Seconds one page may take to clean (--page-timeout): six times the 10 s a page under the
# 50 MB --max-bytes may take on a 2-core machine (issue 12); a slower one is stopped with one
# line, and the rest of the batch goes on.
PAGE_TIMEOUT = 60.0
# Seconds past a page's limit before a worker that did not stop (stuck inside C code such as
# the HTML parser, or killed) is replaced: the in-worker alarm needs a moment to unwind.
PAGE_TIMEOUT_GRACE = 5.0


def too_slow(limit: float) -> str:
    """The one-line problem of a page that outlived its limit (not recorded in the index)."""
    return (f"took longer than {limit:g} s to clean (--page-timeout); not cleaned, the next "
            "run tries again")


class PageTimeout(BaseException):
    """Raised in a worker (or the one process) when a page outlives its time limit."""


@contextmanager
def time_limit(seconds: Optional[float]) -> Iterator[None]:
    """Interrupt the cleaning of one page after `seconds` (SIGALRM; POSIX main thread).
    Python code stops at once; a long call inside a C library stops when it returns, and
    in a worker pool the parent stops the worker (PAGE_TIMEOUT_GRACE later)."""
    import signal
    import threading

    if not seconds or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise PageTimeout()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Pool:
    """Worker processes that clean tasks in order, so that a page that does not finish
    (stuck in C code, or its worker killed) is given up after its limit and
    PAGE_TIMEOUT_GRACE: the workers are replaced and the batch goes on."""

    def __init__(self, jobs: int, limit: Optional[float], task: Callable, timed_out: Callable,
                 initializer: Callable, initargs: tuple):
        self.jobs, self.limit, self.task, self.timed_out = jobs, limit, task, timed_out
        self.initializer, self.initargs = initializer, initargs
        self.pool = self._start()

    def _start(self):
        import multiprocessing

        with signals_held():  # a Ctrl-C inside Pool() would leave started workers behind
            pool = _quiet_pool()(self.jobs, initializer=self.initializer, initargs=self.initargs,
                                 context=multiprocessing.get_context())
        _widen(pool._outqueue._reader)
        return pool

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()

    def map(self, todo: Sequence[tuple]) -> Iterator:
        """The tasks' results in order, handed to the workers CHUNK_PAGES at a time; a chunk
        that does not finish in time is run again a page at a time, so that the page that
        holds it back is the one given up."""
        import multiprocessing

        todo, done, alone_until = list(todo), 0, 0
        while done < len(todo):
            end = alone_until if done < alone_until else len(todo)
            size = 1 if done < alone_until else chunk_size(end - done, self.jobs)
            results = self.pool.imap(_run_chunk, _chunks(self.task, todo, done, end, size))
            try:
                for got in _waited(results, self.limit and self.limit * size):
                    done += len(got)
                    yield from got
            except multiprocessing.TimeoutError:  # a worker is stuck: replace the workers
                self.close()
                self.pool = self._start()
                if size > 1:
                    alone_until = min(done + size, len(todo))
                else:
                    done += 1
                    yield self.timed_out(self.limit)


# Pages handed to a worker in one message. Each message costs the parent a send, a receive
# and a wake-up of the thread waiting on it (three threads sharing one interpreter lock):
# on the dedup benchmark's 10k batch with -j 2 the parent's CPU through pass 1 was 2.2 s
# with a page a message, 1.0 s with 8, 0.8 s with 16 (docs/speed.md, round 6). More saves
# little more, and a stuck page is found after up to CHUNK_PAGES times its limit.
CHUNK_PAGES = 16
# ... but every worker gets at least this many chunks of a small batch (it may get none
# of a batch smaller than its jobs), so that the batch's end is not one worker's long chunk.
CHUNKS_PER_WORKER = 4


# Bytes the results pipe holds (Linux, F_SETPIPE_SZ; the default is 64 kB): a chunk's
# results (~18 kB a text dump in corpus mode, ~290 kB a chunk) then go in whole, and a
# worker does not wait on the parent's thread that reads them to start its next chunk.
# 1 MiB is Linux's default ceiling for an unprivileged process (/proc/sys/fs/pipe-max-size).
RESULT_PIPE_BYTES = 1 << 20


def _widen(conn) -> None:
    """Let the pipe behind conn hold RESULT_PIPE_BYTES, where the system allows it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return
    command = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if command is None:
        return
    try:
        fcntl.fcntl(conn.fileno(), command, RESULT_PIPE_BYTES)
    except OSError:
        pass  # above the system's ceiling: the default pipe works, only less smoothly


def chunk_size(tasks: int, jobs: int) -> int:
    return max(1, min(CHUNK_PAGES, tasks // (jobs * CHUNKS_PER_WORKER)))


def _chunks(task: Callable, todo: list, start: int, end: int, size: int) -> Iterator[tuple]:
    for i in range(start, end, size):
        yield task, todo[i:min(i + size, end)]


def _run_chunk(chunk: tuple) -> list:
    task, todo = chunk
    return [task(t) for t in todo]


def _quiet_pool() -> type:
    """multiprocessing's Pool, its worker-handler thread woken by what it acts on alone.

    The stock handler also waits on the results pipe, which is readable whenever a result
    is there and not yet taken in: while the parent is busy (filing the last page away,
    or the results thread reading a 15 kB result), the handler loops without sleeping,
    polling every worker's exit status. On the dedup benchmark's 2,000-page batch with -j 2
    it took 1.2 of the parent's 2.1 CPU s in pass 1 (and the GIL from the threads that
    do the work). It restarts workers that exit (their sentinels) and stops on a change
    of state (close, terminate, the last task done: the change notifier); neither needs
    the results pipe."""
    from multiprocessing.pool import Pool as Stock

    class QuietPool(Stock):
        def _get_sentinels(self):
            return [self._change_notifier._reader]

    return QuietPool


def _waited(results, limit: Optional[float]) -> Iterator:
    """imap's results (a chunk's), each waited for at most limit (the chunk's pages' limits)
    + PAGE_TIMEOUT_GRACE from the moment it is the oldest unfinished one (it is running by
    then: tasks start in order)."""
    while True:
        try:
            yield results.next(limit + PAGE_TIMEOUT_GRACE if limit else None)
        except StopIteration:
            return


HELD_SIGNALS = ("SIGINT", "SIGTERM")


@contextmanager
def signals_held() -> Iterator[None]:
    """Delay Ctrl-C and SIGTERM (delivered on leaving) where they cannot be handled cleanly."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {getattr(signal, name) for name in HELD_SIGNALS}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
