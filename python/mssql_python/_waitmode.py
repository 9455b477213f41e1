"""How each thread waits for the library (``mssql_thread_set_wait``).

On POSIX systems every thread runs its calls in blocking mode: the library waits for the
server in poll(2) on the calling thread, one wake-up per round trip, instead of handing the
wait to one of Go's threads and back (several context switches, more than a local round
trip costs).

The main thread must still see Ctrl-C during a long wait. It owns Python's signal wakeup
descriptor (``signal.set_wakeup_fd``): a pipe whose read end the library watches. Python's
C-level handler writes the signal's number into it, the library cancels the running
request on SIGINT (a TDS ATTENTION), the call returns once the server has acknowledged,
and Python raises KeyboardInterrupt as usual with the connection still usable. When
someone else holds the wakeup descriptor (an asyncio loop with signal handlers), or SIGINT
has a handler of the application's own (which may not want the query cancelled), the main
thread starts its calls and waits in slices instead (``_calls.wait_hot``), as it does on
Windows.
"""

import os
import signal
import threading
from typing import Optional, Tuple

from . import _ffi

Mode = Tuple[int, int, int]  # (mode, interrupt fd, interrupt signal)
_START: Mode = (_ffi.WAIT_START, -1, 0)
_BLOCK: Mode = (_ffi.WAIT_BLOCK, -1, 0)

_supported = os.name == "posix"
_main_ident = threading.main_thread().ident
_thread = threading.local()  # .mode: the Mode last set on this thread
_pipe: Optional[Tuple[int, int]] = None  # (read end, write end) of the wakeup pipe
_pipe_lock = threading.Lock()


def prepare(recheck: bool = True) -> None:
    """Give the calling thread its wait mode before a call that may wait for the server.

    On the main thread the ownership of the wakeup descriptor is checked again unless
    ``recheck`` is False (a fetch right after its execute keeps the execute's mode).
    """
    if not _supported:
        return
    if threading.get_ident() != _main_ident:
        want = _BLOCK
    elif recheck or getattr(_thread, "mode", None) is None:
        want = _main_mode()
    else:
        return
    if getattr(_thread, "mode", None) != want:
        _set(want)


def _main_mode() -> Mode:
    """Blocking with the wakeup pipe while this package owns it and Ctrl-C raises
    KeyboardInterrupt; else start-and-wait (a handler of the application's own then
    runs between the slices of the wait and decides, as it would for any Python code)."""
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return _START
    write_end = _wakeup_pipe()[1]
    try:
        previous = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    except (ValueError, OSError):  # not the main interpreter, or a closed descriptor
        return _START
    if previous not in (-1, write_end):
        signal.set_wakeup_fd(previous)  # someone else's: leave it in place
        return _START
    return (_ffi.WAIT_BLOCK, _pipe[0], int(signal.SIGINT))


def _wakeup_pipe() -> Tuple[int, int]:
    global _pipe
    pipe = _pipe
    if pipe is not None:
        return pipe
    with _pipe_lock:
        if _pipe is None:
            read_end, write_end = os.pipe()
            for fd in (read_end, write_end):
                os.set_blocking(fd, False)
            _pipe = (read_end, write_end)
        return _pipe


def _set(want: Mode) -> None:
    global _supported
    status = _ffi.lib().mssql_thread_set_wait(*want)
    if status == _ffi.NOT_SUPPORTED:
        _supported = False
        want = _START
    _thread.mode = want
