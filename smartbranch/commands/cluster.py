"""`smartbranch cluster up`: a bank's whole shape on this machine, on the services running here."""

from __future__ import annotations

import os
import subprocess
import threading
import urllib.request
from pathlib import Path

import click

from shared.process_logging import configure_logging
from smartbranch.context import CliContext, CliError

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/smartbranch_cluster"


@click.group("cluster")
def cluster() -> None:
    """A bank of many branches on one machine: web tier, proxy, NATS and branch edges."""


@cluster.command("up")
@click.option("--branches", default="LDN-01,MAN-01", show_default=True,
              help="Branch codes, comma-separated: one edge (and NATS leaf node) each.")
@click.option("--web", "web_count", type=click.IntRange(min=1, max=16), default=2,
              show_default=True, help="Web processes (gunicorn) behind the proxy.")
@click.option("--port", type=click.IntRange(min=1, max=65535), default=8080, show_default=True,
              help="Where HAProxy listens: the address browsers open.")
@click.option("--stats-port", type=click.IntRange(min=1, max=65535), default=None,
              help="HAProxy's statistics page [port + 1].")
@click.option("--database-url", default=DEFAULT_DATABASE_URL, show_default=True,
              help="PostgreSQL for the whole shape; the database is created if missing, "
                   "migrated, and given the demo data when empty.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keys shared by every process, NATS stores, configs and logs "
                   "[app.data_dir/cluster].")
@click.option("--standby", is_flag=True, help="A standby agent per kiosk at every edge.")
@click.pass_obj
def up(ctx: CliContext, branches: str, web_count: int, port: int, stats_port: int | None,
       database_url: str, data_dir: Path | None, standby: bool) -> None:
    """Bring up the whole shape here; Ctrl-C (or SIGTERM) stops every part.

    Uses the PostgreSQL and Redis already running (events.redis_url) and starts: a NATS hub
    with a leaf node per branch, the central ingest, the web processes, HAProxy with sticky
    sessions in front, and one `smartbranch edge` per branch.
    """
    from smartbranch.cluster.nats_servers import start_hub, start_leaf
    from smartbranch.cluster.proxy import ProxyError, check_config, render_config
    from smartbranch.cluster.shape import central_env, web_servers
    from smartbranch.cluster.supervisor import Supervisor, run_until_signalled

    settings = ctx.settings
    configure_logging()
    codes = [code.strip() for code in branches.split(",") if code.strip()]
    if not codes:
        raise CliError("name at least one branch (--branches LDN-01,MAN-01)")
    stats_port = stats_port or port + 1
    redis_url = settings.events.redis_url
    programs = _check_prerequisites(port, stats_port, database_url, redis_url)

    data_dir = (data_dir or settings.app.data_dir / "cluster").resolve()
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    hub = start_hub(data_dir / "nats" / "hub", start=False)
    leaves = {code: start_leaf(data_dir / "nats" / f"edge-{code}", code,
                               hub_leaf_url=hub.leaf_url, start=False) for code in codes}
    env = central_env(os.environ, database_url=database_url, redis_url=redis_url,
                      data_dir=data_dir, nats_url=hub.url, profile=ctx.profile)
    _run_once(env, "db", "upgrade")
    _run_once(env, "demo", "load")
    kiosks = _branch_kiosks(ctx, env, codes)

    servers = web_servers(web_count)
    config = data_dir / "haproxy.cfg"
    config.write_text(render_config(servers, port=port, stats_port=stats_port))
    try:
        check_config(programs["haproxy"], config)
    except ProxyError as exc:
        raise CliError(str(exc)) from None
    specs = _child_specs(programs, hub, leaves, servers, config, env, log_dir, standby)

    base = f"http://127.0.0.1:{port}"
    for line in _banner(base, stats_port, servers, hub, leaves, kiosks, database_url,
                        redis_url, data_dir):
        click.echo(line)
    _print_signins(settings.demo.branches, codes)
    kiosk_codes = [k for code in codes for k in kiosks[code]]
    if kiosk_codes:
        _run_once(env, "kiosk", "tokens", *kiosk_codes, "--base-url", base)
    click.echo("Ctrl-C stops everything.")
    threading.Thread(target=_announce_ready, args=(base,), daemon=True).start()
    run_until_signalled(Supervisor(specs))
    click.echo("cluster stopped")


def _check_prerequisites(port: int, stats_port: int, database_url: str,
                         redis_url: str) -> dict[str, str]:
    """Check programs, ports, PostgreSQL (creating the database) and Redis; CliError if not."""
    from smartbranch.cluster.prerequisites import (
        MissingPrerequisite,
        require_free_port,
        require_postgres,
        require_programs,
        require_redis,
    )

    try:
        programs = require_programs()
        require_free_port(port, "--port")
        require_free_port(stats_port, "--stats-port")
        if require_postgres(database_url):
            click.echo(f"created the database of {database_url}")
        require_redis(redis_url)
    except MissingPrerequisite as exc:
        raise CliError(str(exc)) from None
    return programs


def _child_specs(programs: dict[str, str], hub, leaves: dict, servers, config: Path,
                 env: dict[str, str], log_dir: Path, standby: bool) -> list:
    """Return the shape's children in starting order: NATS, web, proxy, ingest, edges."""
    from smartbranch.cluster.shape import edge_spec, ingest_spec, nats_spec, proxy_spec, web_spec

    specs = [nats_spec(hub, programs["nats-server"])]
    specs += [nats_spec(leaf, programs["nats-server"]) for leaf in leaves.values()]
    specs += [web_spec(server, env, log_dir) for server in servers]
    specs.append(proxy_spec(programs["haproxy"], config, log_dir))
    if _has_command("ingest"):
        specs.append(ingest_spec(env, log_dir))
    else:
        click.echo("warning: this installation has no `smartbranch ingest`: edge events are "
                   "stored at the hub but nothing consumes them", err=True)
    specs += [edge_spec(code, leaf.url, env, log_dir, standby=standby)
              for code, leaf in leaves.items()]
    return specs


def _run_once(env: dict[str, str], *args: str) -> None:
    """Run a `smartbranch` command to completion with the shape's environment."""
    from smartbranch.cluster.shape import bin_path

    done = subprocess.run([bin_path("smartbranch"), *args], env=env, text=True,
                          capture_output=True)
    if done.stdout.strip():
        click.echo(done.stdout.rstrip())
    if done.returncode != 0:
        raise CliError(f"`smartbranch {' '.join(args)}` failed: {done.stderr.strip()}")


def _branch_kiosks(ctx: CliContext, env: dict[str, str], codes: list[str]) -> dict[str, list]:
    """Return each branch's kiosk codes; CliError naming the known branches for a stranger."""
    from sqlalchemy import select

    from shared.models import Branch
    from shared.settings import SettingsError, load_settings
    from smartbranch.commands.checks import migrated_session
    from smartbranch.commands.edge import branch_devices

    try:
        settings = load_settings(ctx.profile, environ=env)
    except SettingsError as exc:
        raise CliError(str(exc)) from None
    with migrated_session(settings) as session:
        known = session.scalars(select(Branch.code).order_by(Branch.code)).all()
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise CliError(f"no branch {', '.join(unknown)} in the database; it has "
                           f"{', '.join(known) or 'none'}")
        return {code: branch_devices(session, code)[0] for code in codes}


def _has_command(name: str) -> bool:
    root = click.get_current_context().find_root().command
    return isinstance(root, click.Group) and name in root.commands


def _banner(base: str, stats_port: int, servers, hub, leaves, kiosks, database_url: str,
            redis_url: str, data_dir: Path) -> list[str]:
    webs = ", ".join(f"{s.name} {s.host}:{s.port}" for s in servers)
    lines = [
        f"SmartBranch cluster at {base}/ (HAProxy, sticky sessions by the SB_WEB cookie)",
        f"  staff console  {base}/staff/",
        f"  health         {base}/healthz",
        f"  proxy stats    http://127.0.0.1:{stats_port}/",
        f"  web processes  {webs}",
        f"  NATS hub       {hub.url} (leaf nodes connect to {hub.leaf_url})",
    ]
    for code, leaf in leaves.items():
        lines.append(f"  edge {code:<9} leaf {leaf.url}; kiosks "
                     + (", ".join(kiosks[code]) or "none"))
    lines += [f"  kiosk          {base}/kiosk/{k}" for code in leaves for k in kiosks[code]]
    lines += [f"  database       {database_url}", f"  redis          {redis_url}",
              f"  keys and logs  {data_dir} (logs/ holds one file per process)"]
    return lines


def _print_signins(branch_count: int, codes: list[str]) -> None:
    """Print the demo sign-ins of the shape's branches, as `smartbranch demo signins` does."""
    from shared.demo import signins_for
    from shared.demo.catalog import area_of
    from shared.models.enums import Role

    click.echo("Demo sign-ins (username, password, role):")
    for s in signins_for(branch_count):
        if s.branch_code not in codes:
            continue
        area = area_of(s.branch_code) if s.role == Role.AREA_MANAGER else None
        where = f"of {area.name} (from {s.branch_code})" if area else f"at {s.branch_code}"
        click.echo(f"  {s.username:<16} {s.password:<22} {s.role.replace('_', ' ')} {where}")


def _announce_ready(base: str, timeout_s: float = 120.0) -> None:
    """Say once when the web tier first answers through the proxy."""
    stop = threading.Event()
    waited = 0.0
    while waited < timeout_s:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    click.echo(f"ready: {base}/ answers through the proxy")
                    return
        except OSError:
            pass  # not up yet
        stop.wait(0.5)
        waited += 0.5
    click.echo(f"warning: {base}/healthz did not answer within {timeout_s:.0f} s: see the logs",
               err=True)
