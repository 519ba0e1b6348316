"""The ``digest`` command: build the site, import seeds, check front matter, fetch seeds."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mkdocs import exceptions as mkdocs_exceptions
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from digest import __version__
from digest.articles import buildlock
from digest.articles.budget import ENV as BUDGET_ENV
from digest.articles.buildlock import build_lock
from digest.articles.explain import explain
from digest.articles.importer import normalise_seed_arg
from digest.articles.store import load_articles
from digest.exceptions import DigestError
from digest.fetching.fetch import STATE_PATH as FETCH_STATE
from digest.fetching.fetch import Client, Fetcher, Limits
from digest.fetching.sources import SOURCES_FILE, load_sources, source_for
from digest.pipeline import Project, finish, run
from digest.site.plugin import DigestPlugin

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

log = logging.getLogger("digest")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    parser = _parser()
    args = parser.parse_args(argv)
    _setup_logging(args.verbose, args.quiet)
    if getattr(args, "seed_budget", None) is not None:
        # Through the environment: the plugin reads it wherever MkDocs loads it from.
        os.environ[BUDGET_ENV] = str(args.seed_budget)
    buildlock.WAIT = not getattr(args, "no_wait", False)
    try:
        status: int = args.func(args)
    except (DigestError, mkdocs_exceptions.PluginError) as exc:  # the plugin's events raise both
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digest",
        description="Turn raw news articles in seeds/ into a MkDocs Material site.",
        epilog="Exit status: 0 success, 1 problems found (or build failed), 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        type=Path,
        help="the MkDocs configuration (default: mkdocs.yml)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug messages")
    parser.add_argument("-q", "--quiet", action="store_true", help="show warnings only")
    sub = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="import seeds, write index pages, render site/")
    build.add_argument(
        "-s",
        "--strict",
        action="store_true",
        help="fail on any skipped seed, broken article or MkDocs warning",
    )
    build.add_argument("-d", "--site-dir", type=Path, help="where to write the site")
    build.add_argument(
        "--dirty",
        action="store_true",
        help="only re-render pages whose source changed (faster, see README)",
    )
    _add_run_options(build)
    build.set_defaults(func=_cmd_build)

    imp = sub.add_parser("import", help="import seeds and write index pages, without rendering")
    imp.add_argument(
        "--force",
        nargs="+",
        metavar="SEED",
        default=[],
        help="re-import these seeds even if their article was edited or deleted",
    )
    _add_run_options(imp)
    imp.set_defaults(func=_cmd_import)

    check = sub.add_parser("check", help="validate every article's front matter")
    check.set_defaults(func=_cmd_check)

    explain = sub.add_parser(
        "explain", help="show the role each line of a seed got, and the evidence for it"
    )
    explain.add_argument("seeds", nargs="+", metavar="SEED", help="seeds/FILE (or FILE)")
    explain.set_defaults(func=_cmd_explain)

    fetch = sub.add_parser(
        "fetch", help="save feeds and pages from the web into seeds/ (sources.yml, or URLs)"
    )
    fetch.add_argument("urls", nargs="*", metavar="URL", help="fetch these instead of sources.yml")
    fetch.add_argument(
        "--timeout", type=float, default=Limits.timeout, metavar="SECONDS", help="per response"
    )
    fetch.add_argument(
        "--delay",
        type=float,
        default=Limits.delay,
        metavar="SECONDS",
        help="between two requests to one host",
    )
    fetch.set_defaults(func=_cmd_fetch)
    return parser


def _add_run_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--no-wait",
        action="store_true",
        help="stop with an error if another build or import of the project is running "
        "(default: wait for it)",
    )
    command.add_argument(
        "--seed-budget",
        type=float,
        metavar="SECONDS",
        help="skip a seed whose reading takes longer (default: seed_budget in mkdocs.yml, "
        f"else 5; 0: no limit; also {BUDGET_ENV})",
    )


def _setup_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "digest"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def _load(args: argparse.Namespace, **overrides: Any) -> MkDocsConfig:
    if not args.config_file.is_file():
        raise DigestError(f"{args.config_file}: no such file (run digest in the project folder)")
    try:
        return load_config(str(args.config_file), **overrides)
    except mkdocs_exceptions.ConfigurationError as exc:
        raise DigestError(f"{args.config_file}: {exc}") from None


def _plugin(config: MkDocsConfig) -> DigestPlugin:
    plugin = config.plugins.get("digest")
    if not isinstance(plugin, DigestPlugin):
        raise DigestError(f"{config.config_file_path}: list 'digest' under 'plugins:'")
    return plugin


def _project(args: argparse.Namespace) -> Project:
    config = _load(args)
    plugin = _plugin(config)
    plugin.on_config(config)
    assert plugin.project is not None
    return plugin.project


def _cmd_build(args: argparse.Namespace) -> int:
    overrides: dict[str, Any] = {"strict": args.strict}
    if args.site_dir:
        overrides["site_dir"] = str(args.site_dir)
    config = _load(args, **overrides)
    plugin = _plugin(config)
    plugin.progress = True
    try:
        config.plugins.on_startup(command="build", dirty=args.dirty)
        # The whole build, not only the import: two builds would also share site/.
        with build_lock(Path(config.config_file_path).resolve().parent):
            build(config, dirty=args.dirty)
    except mkdocs_exceptions.Abort as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        config.plugins.on_shutdown()
    assert plugin.report is not None
    print(f"{plugin.report.summary()}; site in {os.path.relpath(config.site_dir)}/")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    report = run(_project(args), force=[normalise_seed_arg(s) for s in args.force])
    finish()
    print(report.summary())
    return EXIT_PROBLEMS if report.problems else EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    project = _project(args)
    collection = load_articles(project.docs_dir, None, project.label(project.docs_dir) + "/")
    for problem in collection.problems:
        print(problem)
    files = len(collection.articles) + len(collection.invalid)
    print(
        f"Checked {files} article files: {len(collection.invalid)} with problems, "
        f"{len(collection.problems)} problems in all"
    )
    return EXIT_PROBLEMS if collection.problems else EXIT_OK


def _cmd_explain(args: argparse.Namespace) -> int:
    project = _project(args)
    label = project.label(project.seeds_dir)
    for index, seed in enumerate(args.seeds):
        rel = normalise_seed_arg(seed)
        if index:
            print()
        print(explain(project.seeds_dir, project.ledger_file.parent, rel, label))
    return EXIT_OK


def _cmd_fetch(args: argparse.Namespace) -> int:
    project = _project(args)
    if args.urls:
        sources = [source_for(url) for url in args.urls]
    else:
        path = project.root / SOURCES_FILE
        if not path.is_file():
            raise DigestError(f"{SOURCES_FILE}: no such file (list sources there, or give URLs)")
        sources = load_sources(path)
    client = Client(Limits(timeout=args.timeout, delay=args.delay))
    fetcher = Fetcher(project.root, project.seeds_dir, project.root / FETCH_STATE, client)
    report = fetcher.run(sources)
    print(
        f"Fetched {len(sources)} sources: {report.new_entries} new entries, "
        f"{len(report.written)} files written, {len(report.failures)} failed"
    )
    return EXIT_PROBLEMS if report.failures else EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
