"""bench/run.py's parts: settings, server, virtual environments, runner, report, chart."""
