"""The script library and editor: a facilitator prepares a workshop in the browser.

shelf.py keeps scripts (templates, files in token mode, the database with accounts),
yaml_text.py puts the form's changes into the YAML text without losing what a person wrote,
check.py runs `workshop check` for the page, web.py has the pages and the JSON.
"""
