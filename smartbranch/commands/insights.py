"""`smartbranch insights`: train the categorisation model, and score it on a labelled file.

The model's modules (scikit-learn) are imported inside the commands, so the rest of the
command line starts without them.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from smartbranch.commands.checks import migrated_session
from smartbranch.context import CliContext, CliError


@click.group()
def insights() -> None:
    """The insight engine: categories, recurring payments, warnings, offers."""


@insights.command("train")
@click.option("--rows", type=click.IntRange(min=2_000), default=None,
              help="Generated examples to train on (default: the model's own).")
@click.option("--no-corrections", is_flag=True,
              help="Train on generated data only, without reading the database.")
@click.pass_obj
def train_command(ctx: CliContext, rows: int | None, no_corrections: bool) -> None:
    """Train the categorisation model on generated data and staff corrections; save it."""
    from shared.insights.categories.categoriser import model_dir_for, read_corrections
    from shared.insights.categories.model import TrainingParams, train

    extra = []
    if not no_corrections:
        with migrated_session(ctx.settings) as session:
            extra = read_corrections(session)
    params = TrainingParams()
    if rows is not None:
        params = TrainingParams(rows=rows, calibration_rows=min(params.calibration_rows,
                                                                max(1_000, rows // 3)))
    model = train(extra, params)
    path = model.save(model_dir_for(ctx.settings))
    report = model.report
    click.echo(f"trained on {report.rows} generated rows and {report.corrections} "
               f"correction(s) in {report.seconds:.1f} s ({report.features} features, "
               f"temperature {report.temperature:.3f}): {path}")


@insights.command("eval-categories")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
def eval_categories_command(ctx: CliContext, file: Path, as_json: bool) -> None:
    """Score the model on FILE.csv (description,amount,category; money out negative).

    Prints rows, accuracy, macro_f1 and each category's recall, and the keyword-rules
    baseline's figures beside them. The model file is the app's; when there is none it is
    trained once from generated data first (it never sees FILE).
    """
    from shared.insights.categories.baseline import baseline_categories
    from shared.insights.categories.categoriser import Categoriser, model_dir_for
    from shared.insights.categories.evaluate import LabelledFileError, read_labelled, scores

    try:
        rows = read_labelled(file)
    except LabelledFileError as exc:
        raise CliError(f"{file}: {exc}") from None
    except UnicodeDecodeError:
        raise CliError(f"{file}: not a UTF-8 text file") from None
    settings = ctx.settings
    categoriser = Categoriser(model_dir_for(settings),
                              review_below=settings.insights.review_below)
    model = categoriser.model  # trained once here (and logged) when there is no model file
    descriptions = [r.description for r in rows]
    amounts = [r.amount_minor for r in rows]
    truth = [r.category for r in rows]
    predictions = categoriser.categorise(descriptions, amounts)
    result = scores(truth, [p.category for p in predictions])
    result["review"] = round(sum(p.review for p in predictions) / len(rows), 4)
    result["baseline"] = scores(truth, baseline_categories(descriptions, amounts))
    result["model"] = {"trained_rows": model.report.rows,
                       "corrections": model.report.corrections}
    if as_json:
        click.echo(json.dumps(result))
        return
    base = result["baseline"]
    click.echo(f"{result['rows']} rows: accuracy {result['accuracy']:.1%} "
               f"(baseline {base['accuracy']:.1%}), macro-F1 {result['macro_f1']:.3f} "
               f"(baseline {base['macro_f1']:.3f}); {result['review']:.1%} marked for review")
    for category, recall in result["recall"].items():
        click.echo(f"  {category:<22} recall {recall:6.1%}   "
                   f"baseline {base['recall'][category]:6.1%}")


@insights.command("refresh")
@click.option("--all", "everyone", is_flag=True,
              help="Recompute every customer (default: only those waiting, as `serve` does).")
@click.option("--fetch", is_flag=True,
              help="First fetch again under every active consent at another bank.")
@click.pass_obj
def refresh_command(ctx: CliContext, everyone: bool, fetch: bool) -> None:
    """Recompute customers' insights now (a server recomputes them by itself)."""
    import time

    from shared.customers.other_banks import refresh_all
    from shared.db import Database
    from shared.db.base import utcnow
    from shared.insights.engine import refresher_for
    from smartbranch.commands.checks import require_migrated

    database = Database(ctx.settings)
    try:
        require_migrated(database)
        if fetch:
            for result in refresh_all(database, ctx.settings, utcnow()):
                said = ("ok" if result.ok else result.error.message)
                click.echo(f"consent {result.consent_id}: {result.new_transactions} new "
                           f"transaction(s); {said}")
        started = time.perf_counter()
        refresher = refresher_for(ctx.settings, database)
        count = refresher.refresh_all() if everyone else refresher.run_once()
        click.echo(f"insights computed for {count} customers in "
                   f"{time.perf_counter() - started:.1f} s")
    finally:
        database.dispose()
