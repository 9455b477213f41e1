"""setup_logging(): Microsoft's modes, file format and path rules (each in a subprocess,
since logging configuration is process-wide)."""


from _support import run_python


def _run(code, cwd):
    result = run_python("import os, mssql_python\n" + code, env_extra={"PYTHONUNBUFFERED": "1"})
    assert result.returncode == 0, result.stderr
    return result


def test_default_file_in_mssql_python_logs_with_header_and_csv_lines(tmp_path):
    code = (f"os.chdir({str(tmp_path)!r})\n"
            "log = mssql_python.setup_logging()\n"
            "mssql_python.logger.debug('hello %s', 'world')\n"
            "print(log.log_file)\n")
    path = _run(code, tmp_path).stdout.strip()
    assert path.startswith(str(tmp_path / "mssql_python_logs" / "mssql_python_trace_"))
    lines = open(path, encoding="utf-8").read().splitlines()
    assert lines[0].startswith("# MSSQL-Python Driver Log | Script: ")
    assert "Log Level: DEBUG" in lines[0]
    assert lines[1] == "Timestamp, ThreadID, Level, Location, Source, Message"
    fields = lines[2].split(", ")
    assert fields[2] == "DEBUG" and fields[4] == "Python" and fields[5] == "hello world"


def test_stdout_mode(tmp_path):
    out = _run("mssql_python.setup_logging('stdout')\nmssql_python.logger.info('to stdout')\n",
               tmp_path).stdout
    assert ", INFO, " in out and "Python, to stdout" in out


def test_custom_path_and_extension_rules(tmp_path):
    target = tmp_path / "sub" / "trace.csv"
    _run(f"mssql_python.setup_logging(log_file_path={str(target)!r})\n"
         "mssql_python.logger.warning('w')\n", tmp_path)
    assert "Python, w" in target.read_text()
    code = ("import pytest\n"
            "for bad in ('x.exe', '../outside.log'):\n"
            "    try:\n"
            "        mssql_python.setup_logging(log_file_path=bad)\n"
            "    except ValueError as e:\n"
            "        print('ValueError', e)\n"
            "try:\n"
            "    mssql_python.setup_logging('nowhere')\n"
            "except ValueError as e:\n"
            "    print('ValueError', e)\n")
    out = _run(code.replace("import pytest\n", f"os.chdir({str(tmp_path)!r})\n"), tmp_path).stdout
    assert out.count("ValueError") == 3
    assert "Invalid log file extension" in out and "outside the current working directory" in out


def test_logging_is_off_until_setup(tmp_path):
    result = _run("mssql_python.logger.warning('invisible')\nprint(mssql_python.logger.level)\n",
                  tmp_path)
    assert "invisible" not in result.stderr + result.stdout
    assert result.stdout.strip() == "50"


def test_engine_events_reach_python_logging_and_no_secret_is_logged(tmp_path, conn_str):
    from mssql_python import _connstr
    secret = "Wr0ng-Logged-Secret"
    code = (f"os.chdir({str(tmp_path)!r})\n"
            "log = mssql_python.setup_logging(log_file_path='trace.log')\n"
            f"conn = mssql_python.connect({conn_str!r})\n"
            "conn.cursor().execute('SELECT 1').fetchall()\n"
            "conn.close()\n"
            "try:\n"
            f"    mssql_python.connect({conn_str!r}, PWD={secret!r})\n"
            "except mssql_python.Error:\n"
            "    pass\n")
    _run(code, tmp_path)
    text = (tmp_path / "trace.log").read_text(encoding="utf-8")
    assert ", Go, " in text and ", Python, " in text
    assert "PWD=***" in text
    assert secret not in text
    assert _connstr.lookup(conn_str, "pwd", "password") not in text
