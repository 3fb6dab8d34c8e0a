"""The lab's own PostgreSQL and Redis on free ports in its folder: faults harm no one else."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
# initdb and postgres refuse to run as root; the Debian package's user runs them.
PG_USER = "postgres"


class LabServiceError(RuntimeError):
    """A lab service could not be set up or did not come back."""


def pg_binary(name: str) -> str | None:
    """Return PostgreSQL's `initdb`/`pg_ctl`, from Debian's folder or PATH."""
    candidate = PG_BIN / name
    return str(candidate) if candidate.is_file() else shutil.which(name)


class LocalPostgres:
    """A PostgreSQL cluster of our own: initdb in `directory`, pg_ctl start/restart/stop."""

    def __init__(self, directory: Path, port: int, max_connections: int = 400, *,
                 also_on: tuple[str, str] | None = None):
        """`also_on`: (an address, its subnet) where it also listens and trusts clients
        (a branch edge in a network namespace of its own)."""
        self.directory = directory
        self.port = port
        self.data_dir = directory / "data"
        self.log_path = directory / "postgres.log"
        self.max_connections = max_connections
        self.also_on = also_on

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/smartbranch"

    def init(self) -> None:
        """Create the cluster (trust auth on localhost only; the lab is throwaway)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        _owned_by_pg(self.directory)
        self._pg("initdb", "-D", str(self.data_dir), "-U", "postgres", "--auth=trust",
                 "-E", "UTF8", "--no-sync")
        if self.also_on is not None:
            with (self.data_dir / "pg_hba.conf").open("a") as hba:
                hba.write(f"host all all {self.also_on[1]} trust\n")

    def start(self) -> None:
        listen = "127.0.0.1" + (f",{self.also_on[0]}" if self.also_on else "")
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses={listen} "
                   f"-c max_connections={self.max_connections}")
        self._pg("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_path), "-w",
                 "-t", "60", "-o", options, "start")

    def restart(self) -> None:
        """Restart as an operator would (fast: clients are disconnected, nothing is lost)."""
        self._pg("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_path), "-w", "-t", "60",
                 "-m", "fast", "restart")

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._pg("pg_ctl", "-D", str(self.data_dir), "-w", "-m", "immediate", "stop",
                     check=False)

    def pid(self) -> int | None:
        """Return the postmaster's pid while it runs."""
        try:
            return int((self.data_dir / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def _pg(self, program: str, *args: str, check: bool = True) -> None:
        binary = pg_binary(program)
        if binary is None:
            raise LabServiceError(f"{program} not found (apt-get install postgresql)")
        argv = [binary, *args]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", PG_USER, "--", *argv]
        # Output to a file, not a pipe: the server pg_ctl starts would hold a pipe open.
        output = self.directory / f"{program}.out"
        with output.open("wb") as out:
            done = subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, cwd=self.directory)
        if check and done.returncode != 0:
            said = output.read_text(errors="replace").strip()[-400:]
            raise LabServiceError(f"{program} {' '.join(args[-1:])} failed: {said}")


def _owned_by_pg(directory: Path) -> None:
    """Let the postgres user own its folder (and pass through ours) when we are root."""
    if os.geteuid() != 0:
        return
    import pwd

    entry = pwd.getpwnam(PG_USER)
    os.chown(directory, entry.pw_uid, entry.pw_gid)
    for parent in directory.parents:
        if parent == Path("/"):
            break
        mode = parent.stat().st_mode
        if not mode & 0o001:
            os.chmod(parent, mode | 0o011)  # traverse only, no listing


class LocalRedis:
    """A redis-server of our own: no persistence (the bus holds nothing), restartable."""

    def __init__(self, directory: Path, port: int, *, also_on: str | None = None):
        self.directory = directory
        self.port = port
        self.also_on = also_on  # a second address to listen on (a namespaced edge's way in)
        self.log_path = directory / "redis.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout_s: float = 10.0) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise LabServiceError("redis-server not found (apt-get install redis-server)")
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", "127.0.0.1",
                 *([self.also_on] if self.also_on else []), "--save", "",
                 "--appendonly", "no", "--dir", str(self.directory)],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                process_group=0)
        self._wait_ping(timeout_s)

    def restart(self) -> None:
        self.stop()
        self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def pid(self) -> int | None:
        return self.process.pid if self.process and self.process.poll() is None else None

    def _wait_ping(self, timeout_s: float) -> None:
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + timeout_s
        try:
            while time.monotonic() < deadline:
                try:
                    if client.ping():
                        return
                except redis.RedisError:
                    time.sleep(0.05)
        finally:
            client.close()
        raise LabServiceError(f"redis-server on port {self.port} did not answer")
