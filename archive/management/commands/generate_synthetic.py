"""Fill the archive with a synthetic one at national scale, or take it away again."""

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from archive import synthetic
from archive.synthetic.schema import RealRecordsDependOnSynthetic


def positive(name: str, minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise CommandError(f"--{name} must be a whole number, not {text!r}.") from None
        if value < minimum:
            raise CommandError(f"--{name} must be at least {minimum}, not {value}.")
        return value

    return parse


class Command(BaseCommand):
    help = (
        "Add a synthetic archive beside the real one, for measuring the archive at scale: "
        "ventures and funding flows as asked, with people, organisations, places, sources, "
        "roles and citations in proportion (at --ventures 200000 --flows 1000000: 110,000 "
        "people, 40,000 organisations, 50,000 sources, about 1.7 million citations). Names "
        "have romanisation variants, amounts are vague in five currencies, about 10% of "
        "records are draft or restricted, and every quote occurs in its source. The same "
        "--seed gives the same rows. Synthetic rows are marked (slugs starting "
        "'synthetic-', sources on https://synthetic.invalid/), and --remove deletes exactly "
        "them, leaving the real archive as it was. Load the real archive first "
        "(manage.py load_archive): the synthetic one reuses its sectors and countries."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--ventures",
            type=positive("ventures", 1),
            default=20_000,
            help="How many ventures (default 20,000).",
        )
        parser.add_argument(
            "--flows",
            type=positive("flows", 0),
            default=100_000,
            help="How many funding flows (default 100,000).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed gives the same rows."
        )
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Delete every synthetic row instead of adding any.",
        )

    def handle(self, *args, ventures, flows, seed, remove, **options):
        progress = synthetic.Progress(self.stderr._out) if options["verbosity"] else None
        if remove:
            try:
                summary = synthetic.remove(progress=progress)
            except RealRecordsDependOnSynthetic as error:
                raise CommandError(f"Nothing removed: {error}") from None
            except IntegrityError as error:
                raise CommandError(
                    f"Nothing removed: real records still point at synthetic ones ({error})."
                ) from None
            self.report("Removed", summary)
            return
        try:
            summary = synthetic.generate(
                ventures=ventures, flows=flows, seed=seed, progress=progress
            )
        except synthetic.AlreadyGenerated as error:
            present = ", ".join(f"{count:,} {name}" for name, count in error.args[0].items())
            raise CommandError(
                f"The database already holds synthetic data ({present}); nothing was added. "
                "Run `manage.py generate_synthetic --remove` first."
            ) from None
        self.report("Generated", summary)

    def report(self, verb: str, summary: synthetic.Summary) -> None:
        for kind, count in summary.rows.items():
            if count:
                self.stdout.write(f"  {kind:<16} {count:>12,}")
        rate = summary.total / summary.seconds if summary.seconds else 0
        self.stdout.write(
            f"{verb} {summary.total:,} rows in {summary.seconds:.1f} s ({rate:,.0f} rows/s)."
        )
