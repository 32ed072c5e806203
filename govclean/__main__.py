"""`python -m govclean` and the `govclean` command: the command-line tool, as a process of its own."""
import gc
import sys


def run():
    """The command line, the garbage collector held off while it starts: its imports and a
    page's first rules build tens of thousands of objects that all live to the end, and
    collecting them cost ~5-10 ms of a one-page run's ~70 (docs/speed.md, "Round 5: start-up").
    The run turns it back on before a batch of several pages (cli.collect_garbage); a run that
    never did ends at once (exit_now)."""
    gc.disable()
    from . import cli

    cli.GC_HELD[:] = [True]
    try:
        cli.main()
    except SystemExit as exc:
        if cli.GC_HELD:
            exit_now(exc.code)
        raise
    if cli.GC_HELD:
        exit_now(0)


def exit_now(code) -> None:
    """End a run of one page (or none) at once, as Python's own exit would end it but without
    tearing down every module and object one by one (~20 ms of a one-page run): standard
    output and error flushed, the atexit functions run (kept patterns, temporary files), then
    os._exit. Returns, leaving the exit to Python, when the status is not a number, a thread
    other than the main one is still running, or a flush fails (Python then reports it)."""
    import atexit
    import os

    code = 0 if code is None else code
    threading = sys.modules.get("threading")
    if not isinstance(code, int) or threading is not None and any(
            t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        return
    try:
        _flush()
        atexit._run_exitfuncs()  # each runs once: the list is emptied
        _flush()
    except Exception:  # a closed pipe, a full disk: Python's exit says so, as before
        return
    os._exit(code)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()


if __name__ == "__main__":  # not when a spawned worker process imports it
    run()
