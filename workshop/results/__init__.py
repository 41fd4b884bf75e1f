"""After the session: the results report (HTML, to read and print) and its CSV.

`report.py` builds a plain data model from a session's recorded log, `charts.py` the bars'
geometry for the inline SVG, `csvfile.py` the CSV, `web.py` the pages and `render.py` the HTML
file of `workshop results`.
"""
