"""Training verbs (only click at the top: `workshop serve` must patch before other imports)."""
import click

verbs: list[click.Command] = []
