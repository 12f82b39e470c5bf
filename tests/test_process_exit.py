"""The command line ends without tearing the interpreter down, but keeps what a normal exit does."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROGRAM = textwrap.dedent("""
    import atexit, sys, threading, time
    from compiler.process_exit import leave

    atexit.register(lambda: print("atexit ran"))
    threading.Thread(target=lambda: (time.sleep(0.2), print("thread finished"))).start()
    print("buffered", end=" ")
    sys.stderr.write("to stderr")
    leave(int(sys.argv[1]))
    print("never")
""")


def _run(code: int) -> subprocess.CompletedProcess[str]:
    # stdout is a pipe, so block-buffered: what leave() must flush itself.
    return subprocess.run([sys.executable, "-c", PROGRAM, str(code)], capture_output=True, text=True, timeout=60)


def test_the_exit_code_output_threads_and_atexit_callbacks_are_kept() -> None:
    done = _run(3)
    assert done.returncode == 3
    assert done.stdout == "buffered thread finished\natexit ran\n"
    assert done.stderr == "to stderr"


def test_success_stays_success() -> None:
    assert _run(0).returncode == 0


def test_a_reader_that_stops_early_is_not_an_error() -> None:
    # `compiler graph ... | head -1`: the pipe closes; the command still exits as it decided.
    program = ("import sys; from compiler.process_exit import leave\n"
               "sys.stdout.write('x\\n' * 200000)\n"
               "leave(0)")
    done = subprocess.run(f"{sys.executable} -c \"{program}\" | head -1", shell=True, capture_output=True,
                          text=True, timeout=60, executable="/bin/bash")
    assert done.stdout == "x\n"
    assert "Traceback" not in done.stderr
