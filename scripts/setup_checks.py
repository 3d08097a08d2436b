"""Checks the Makefile runs before it sets up or serves, so a newcomer gets one clear sentence
instead of a pip or socket traceback.

    python scripts/setup_checks.py python NAME    may NAME (this interpreter) create .venv?
    .venv/bin/python scripts/setup_checks.py venv [NAME]
                                                  is .venv usable (and made from NAME)?
    python scripts/setup_checks.py port PORT      is 127.0.0.1:PORT free for `make serve`?

`python` and `port` exit 1 with a message on stderr; `venv` prints "ok" or the reason the
environment must be rebuilt. The `python` check runs under whatever interpreter PYTHON names,
however old, so this file avoids newer syntax (no f-strings, no annotations).
"""
import os
import socket
import subprocess
import sys

# The oldest Python the pinned requirements.txt installs on: the highest "Requires-Python"
# among the pinned packages (pymdown-extensions 13.1 and soupsieve 4.1.3 need 3.11.5;
# tests/test_setup.py keeps this in step with the installed packages).
MINIMUM = (3, 11, 5)
MINIMUM_TEXT = ".".join(str(n) for n in MINIMUM)


def _version(info):
    return ".".join(str(n) for n in tuple(info)[:3])


def identity():
    """Which installation this interpreter belongs to (a venv reports its base)."""
    return "%s %s" % (_version(sys.version_info), os.path.realpath(sys.base_prefix
                                                                   if hasattr(sys, "base_prefix")
                                                                   else sys.prefix))


def check_python(name):
    problems = []
    if tuple(sys.version_info[:3]) < MINIMUM:
        problems.append(
            "The primer needs Python %s or newer (its pinned packages in requirements.txt require "
            "it), but PYTHON=%s is Python %s (%s).\n"
            "  Install Python %s or newer and point make at it, for example:\n"
            "      make PYTHON=python3.11 serve     or     make PYTHON=/path/to/bin/python3 serve\n"
            "  Ubuntu 24.04 and Debian 13 ship a new enough python3; Ubuntu 22.04 (3.10) and "
            "Debian 12 (3.11.2) do not: use pyenv, uv or the deadsnakes PPA there."
            % (MINIMUM_TEXT, name, _version(sys.version_info), sys.executable, MINIMUM_TEXT))
    else:
        try:
            import ensurepip  # noqa: F401  (Debian/Ubuntu split it off into python3-venv)
            import venv  # noqa: F401
        except ImportError:
            minor = "python%d.%d" % sys.version_info[:2]
            problems.append(
                "PYTHON=%s (Python %s) cannot create a virtual environment: the venv/ensurepip "
                "module is missing.\n"
                "  On Debian/Ubuntu install it:  sudo apt-get install python3-venv %s-venv\n"
                "  (or run `make system-deps`, which installs every system package the primer "
                "uses)." % (name, _version(sys.version_info), minor))
    for p in problems:
        sys.stderr.write("make: " + p + "\n")
    return 1 if problems else 0


def check_venv(name=None):
    """Print "ok" when this interpreter (.venv/bin/python) may be kept, else the reason."""
    if tuple(sys.version_info[:3]) < MINIMUM:
        print("its Python is %s, older than the %s the primer needs"
              % (_version(sys.version_info), MINIMUM_TEXT))
        return 0
    if name:
        try:
            wanted = subprocess.run([name, os.path.abspath(__file__), "identity"],
                                    capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            wanted = ""
        if wanted and wanted != identity():
            print("it was made with Python %s, and PYTHON=%s is Python %s"
                  % (identity(), name, wanted))
            return 0
    print("ok")
    return 0


def check_port(port):
    try:
        number = int(port)
        if not 0 < number < 65536:
            raise ValueError
    except ValueError:
        sys.stderr.write("make serve: PORT=%s is not a port number (1-65535), e.g. "
                         "`make serve PORT=8001`.\n" % port)
        return 1
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", number))
    except OSError as err:
        sys.stderr.write(
            "make serve: port %d on 127.0.0.1 is already in use (%s), perhaps by another "
            "`make serve`.\n"
            "  Stop that program, or serve on another port:  make serve PORT=%d\n"
            % (number, err.strerror or err, number + 1 if number < 65535 else 8001))
        return 1
    finally:
        sock.close()
    return 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "python":
        return check_python(argv[2] if len(argv) > 2 else sys.executable)
    if len(argv) >= 2 and argv[1] == "venv":
        return check_venv(argv[2] if len(argv) > 2 else None)
    if len(argv) == 2 and argv[1] == "identity":
        print(identity())
        return 0
    if len(argv) == 3 and argv[1] == "port":
        return check_port(argv[2])
    sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
