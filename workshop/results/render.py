"""What the results page is rendered with, in the app and in `workshop results --html`."""
from __future__ import annotations

import re
from datetime import datetime

from flask import Flask, g, render_template

from ..config import ROOT
from ..training.timing import clock
from .charts import poll_chart
from .report import ResultsReport


def context(report: ResultsReport, csv_url=None, console_url=None) -> dict:
    return {"report": report, "when": datetime.fromtimestamp(report.created_at),
            "chart": poll_chart, "clock": clock, "csv_url": csv_url,
            "console_url": console_url}


def stylesheet() -> str:
    return (ROOT / "static" / "results.css").read_text(encoding="utf-8")


def _file_app() -> Flask:
    """The templates and the catalogues, without a store, a hub or a socket: one page to write."""
    from ..extensions import babel

    app = Flask("workshop.results", template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"))
    babel.init_app(app, locale_selector=lambda: getattr(g, "lang", None) or "en")
    return app


def html_file(report: ResultsReport) -> str:
    """The report as one HTML file: its stylesheet inside, no link back to a server."""
    app = _file_app()
    with app.test_request_context("/"):
        g.lang = report.language
        page = render_template("results.html", **context(report))
    # The page's one stylesheet, inside the file instead of linked (the served page keeps the
    # link: its Content-Security-Policy allows no inline style).
    link = re.search(r'<link rel="stylesheet" href="[^"]*results\.css">', page)
    return page[:link.start()] + "<style>" + stylesheet() + "</style>" + page[link.end():]
