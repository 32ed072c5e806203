"""`python -m govclean` and the `govclean` command: the command-line tool, as a process of its own."""
import gc


def run():
    """The command line, the garbage collector held off while it starts: its imports and a
    page's first rules build tens of thousands of objects that all live to the end, and
    collecting them cost ~5-10 ms of a one-page run's ~70 (docs/speed.md, "Round 5: start-up").
    The run turns it back on before a batch of several pages (cli.collect_garbage)."""
    gc.disable()
    from . import cli

    cli.GC_HELD[:] = [True]
    cli.main()


if __name__ == "__main__":  # not when a spawned worker process imports it
    run()
