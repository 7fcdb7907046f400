"""Real processes for the rush benchmark and the fault tests: a throw-away PostgreSQL cluster, redis-server,
gunicorn, Celery worker and beat, and an SMTP sink. Everything binds to 127.0.0.1 on free ports, logs to a file,
and is stopped (or killed) by its owner; nothing touches the shared 5432/6379 servers.

PostgreSQL runs as the ``postgres`` user when this process is root (``runuser -u postgres --``), as the
current user otherwise.
"""

import asyncio
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from email import message_from_bytes
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def missing_tools():
    """What this machine lacks to run the real-process harness (an empty list when nothing is missing)."""
    missing = [str(PG_BIN / "initdb")] if not (PG_BIN / "initdb").exists() else []
    missing += [tool for tool in ("redis-server",) if shutil.which(tool) is None]
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        missing.append("runuser")
    return missing


def wait_for(predicate, timeout, what, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {process.returncode}")
        time.sleep(0.1)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


class Process:
    """One child process in its own session (so a kill reaches its children), output to ``log_path``."""

    def __init__(self, name, command, *, env, log_dir, cwd=ROOT):
        self.name, self.command, self.env, self.cwd = name, command, env, cwd
        self.log_path = Path(log_dir) / f"{name}.log"
        self.process = None
        self._log = None

    def start(self):
        self._log = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        return self

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def tail(self, lines=40):
        return "\n".join(self.log().splitlines()[-lines:])

    def kill(self):
        """SIGKILL the whole process group: no clean-up, as when a machine loses a process."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self, timeout=15):
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._log is not None:
            self._log.close()
            self._log = None


class Postgres:
    """A PostgreSQL cluster of its own in ``folder`` on a free port; ``stop``/``start`` simulate a restart."""

    def __init__(self):
        # Its own folder under the system temp dir: pytest's are private to root, and the server runs as postgres.
        self.folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0

    def _run(self, *args, check=True):
        command = [str(arg) for arg in args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def init(self):
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")
        self._run(PG_BIN / "initdb", "-D", self.folder / "data", "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--no-sync")
        return self.start()

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run(PG_BIN / "pg_ctl", "-D", self.folder / "data", "-o", options, "-l", self.folder / "server.log",
                  "-w", "-t", "60", "start")
        return self

    def stop(self, mode="fast"):
        self._run(PG_BIN / "pg_ctl", "-D", self.folder / "data", "-m", mode, "-w", "-t", "60", "stop", check=False)

    def remove(self):
        """Stop the server at once and delete its folder."""
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def sql(self, statement, database="postgres"):
        return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
                               "-v", "ON_ERROR_STOP=1", "-qAtc", statement], check=True, capture_output=True,
                              text=True, timeout=120).stdout.strip()


class Redis:
    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--dir", str(self.folder)]
        self.process = Process(f"redis-{self.port}", command, env=dict(os.environ), log_dir=self.folder).start()
        wait_for(lambda: "Ready to accept connections" in self.process.log(), 20, "redis", self.process.process)
        return self

    def stop(self):
        if self.process is not None:
            self.process.stop()


def cpu_seconds(match):
    """User + system CPU seconds of every live process for which ``match(pid, pgid, cmdline)`` is true (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if match(int(entry.name), int(fields[2]), cmdline):
            total += (int(fields[11]) + int(fields[12])) / tick
    return round(total, 1)


def portal_env(*, database_url, broker_url, **extra):
    """The environment of a portal process (web, worker, beat, command) against these servers."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("CELERY_TASK_ALWAYS_EAGER", "DATABASE_URL", "CELERY_BROKER_URL", "PYTEST_CURRENT_TEST")}
    env.update(DATABASE_URL=database_url, CELERY_BROKER_URL=broker_url, DJANGO_SETTINGS_MODULE="portal.settings",
               PYTHONUNBUFFERED="1", DEBUG="false", LOG_FORMAT="json", PYTHONPATH=str(ROOT))
    env.setdefault("DJANGO_ENV", "development")
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(env, *args, timeout=300):
    """Run ``manage.py`` with ``env``; returns stdout (raises with the output on failure)."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def python(env, *args, timeout=300):
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"python {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def gunicorn(env, log_dir, *, workers=2, threads=1, port=None):
    port = port or free_port()
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--threads", str(threads), "--timeout", "60", "--graceful-timeout", "5"]
    web = Process("gunicorn", command, env=env, log_dir=log_dir).start()
    web.url = f"http://127.0.0.1:{port}"

    def answers():
        try:
            with urllib.request.urlopen(web.url + "/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    wait_for(answers, 60, "gunicorn", web.process)
    return web


def celery_worker(env, log_dir, *, name="worker", concurrency=1, pool="solo", beat=False, schedule=None):
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--loglevel", "INFO", "--pool", pool,
               "--concurrency", str(concurrency), "--hostname", f"{name}-{os.getpid()}@%h",
               "--without-gossip", "--without-mingle", "--without-heartbeat"]
    if beat:
        command += ["--beat", "--schedule", str(schedule or Path(log_dir) / f"{name}-beat-schedule")]
    worker = Process(name, command, env=env, log_dir=log_dir).start()
    wait_for(lambda: " ready." in worker.log(), 90, f"celery {name}", worker.process)
    return worker


def celery_beat(env, log_dir, *, name="beat"):
    command = [sys.executable, "-m", "celery", "-A", "portal", "beat", "--loglevel", "INFO",
               "--schedule", str(Path(log_dir) / f"{name}-schedule"), "--pidfile", str(Path(log_dir) / f"{name}.pid")]
    beat = Process(name, command, env=env, log_dir=log_dir).start()
    wait_for(lambda: "beat: Starting" in beat.log(), 60, f"celery {name}", beat.process)
    return beat


class SmtpSink:
    """An SMTP server that keeps every message: ``messages`` is a list of (recipient, Message-ID, subject).

    ``on_rcpt(count)`` (optional) runs in the server's thread when a recipient is announced, with the number of
    messages already received; whatever it returns (seconds) is slept before answering.
    """

    def __init__(self, on_rcpt=None):
        from aiosmtpd.controller import Controller  # a dev dependency: only the harness needs it

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
        self.messages = []
        self.lock = threading.Lock()
        self.on_rcpt = on_rcpt
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    @property
    def email_url(self):
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.on_rcpt is not None:
            pause = self.on_rcpt(len(self.messages))
            if pause:
                await asyncio.sleep(pause)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.messages.append((recipient, parsed["Message-ID"], parsed["Subject"]))
        return "250 Message accepted for delivery"

    def per_recipient(self):
        counts = {}
        for recipient, _message_id, _subject in self.messages:
            counts[recipient] = counts.get(recipient, 0) + 1
        return counts
