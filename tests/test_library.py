"""The script library and the editor's server side, in process (issue 15): what a facilitator
keeps, saves and starts, byte for byte; conflicts between two tabs; uploads that are refused;
facilitators who never see each other's scripts."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from inprocess import HOST_TOKEN, make_app

ROOT = Path(__file__).resolve().parent.parent
DUTCH = (ROOT / "sessions" / "vertrouwen.yaml").read_text(encoding="utf-8")


class Facilitator:
    """One browser of a facilitator: a test client with its cookie and the page's CSRF token."""

    def __init__(self, app):
        self.web = app.test_client()

    def token(self, url="/scripts") -> str:
        page = self.web.get(url)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
        assert found, page.get_data(as_text=True)[:300]
        return found.group(1)

    def form(self, url, **fields):
        return self.web.post(url, data={"csrf_token": self.token(), **fields})

    def api(self, method, url, body=None):
        return self.web.open(url, method=method, json=body,
                             headers={"X-CSRFToken": self.token()})

    def new_from(self, template="template.vertrouwen") -> str:
        answer = self.form("/scripts/new", template=template)
        assert answer.status_code == 303, answer.get_data(as_text=True)[:300]
        return re.search(r"/scripts/([^/]+)/edit$", answer.headers["Location"]).group(1)


@pytest.fixture
def app(tmp_path):
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    return make_app(f"sqlite:///{tmp_path / 'w.db'}", SESSIONS_DIR=sessions)


@pytest.fixture
def local(app):
    """The facilitator of token mode: the printed link logs them in."""
    person = Facilitator(app)
    assert person.web.get(f"/host?token={HOST_TOKEN}").status_code == 302
    return person


def account(app, name) -> Facilitator:
    app.extensions["workshop.store"].set_facilitator(name, generate_password_hash("pw-" + name))
    person = Facilitator(app)
    answer = person.web.post("/login", data={"csrf_token": person.token("/login"),
                                             "name": name, "password": "pw-" + name})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    return person


def test_a_template_copied_and_saved_unchanged_is_byte_for_byte_the_same(app, local):
    sid = local.new_from("template.vertrouwen")
    script = local.api("GET", f"/api/scripts/{sid}").get_json()
    assert script["text"] == DUTCH and script["valid"] and not script["template"]
    # The form sends back the data it drew, unchanged: the text comes back as it was.
    rendered = local.api("POST", "/api/scripts/render",
                         {"text": script["text"], "data": script["data"]}).get_json()
    assert rendered["text"] == DUTCH
    saved = local.api("PUT", f"/api/scripts/{sid}",
                      {"text": rendered["text"], "version": script["version"]})
    assert saved.status_code == 200
    on_disk = Path(app.config["SESSIONS_DIR"]) / f"{sid}.yaml"
    assert on_disk.read_bytes() == (ROOT / "sessions" / "vertrouwen.yaml").read_bytes()
    # The template itself is not in the facilitator's folder and not changed.
    assert sorted(p.name for p in on_disk.parent.iterdir()) == [f"{sid}.yaml"]


def test_an_edit_in_the_form_keeps_the_comments_and_the_order(local):
    sid = local.new_from("template.trust")
    script = local.api("GET", f"/api/scripts/{sid}").get_json()
    data = script["data"]
    poll = next(step for step in data["sections"][0]["steps"] if step["kind"] == "poll")
    poll["question"] = "Which word is trust, for you?"
    data["sections"][1]["steps"].reverse()
    rendered = local.api("POST", "/api/scripts/render",
                         {"text": script["text"], "data": data}).get_json()
    text = rendered["text"]
    assert "question: Which word is trust, for you?" in text
    assert rendered["data"] == data and rendered["valid"]
    comments = [line.strip() for line in script["text"].splitlines()
                if line.strip().startswith("#")]
    assert comments and all(comment in text for comment in comments)
    # Keys stay in the order the person wrote them in.
    assert text.index("title: Trust in relationships") < text.index("language: en") \
        < text.index("sections:")
    # Only the changed lines changed: the rest of the file is as it was.
    assert len(set(text.splitlines()) ^ set(script["text"].splitlines())) <= 2


def test_the_check_points_at_the_field_and_the_clock_runs(local):
    sid = local.new_from("template.trust")
    script = local.api("GET", f"/api/scripts/{sid}").get_json()
    data = script["data"]
    steps = data["sections"][1]["steps"]
    index = next(i for i, step in enumerate(steps) if step.get("type") == "scale")
    steps[index]["scale"]["min"] = 9
    checked = local.api("POST", "/api/scripts/render",
                        {"text": script["text"], "data": data}).get_json()
    assert not checked["valid"]
    [problem] = checked["problems"]
    assert problem["path"] == ["sections", 1, "steps", index, "scale", "min"]
    # The same words as `workshop check`.
    assert "min" in problem["message"] and "9" in problem["message"]
    starts = [step["start"] for step in checked["clock"]["steps"]]
    assert starts[0] == "0:00" and starts == sorted(starts)
    steps[0]["minutes"] = steps[0]["minutes"] + 60
    later = local.api("POST", "/api/scripts/render",
                      {"text": checked["text"], "data": data}).get_json()
    assert later["clock"]["total_minutes"] == checked["clock"]["total_minutes"] + 60


def test_a_second_tab_cannot_overwrite_the_first(app, local):
    sid = local.new_from()
    first = local.api("GET", f"/api/scripts/{sid}").get_json()
    second = local.api("GET", f"/api/scripts/{sid}").get_json()
    mine = first["text"].replace("title: Vertrouwen", "title: Vertrouwen (tab 1)", 1)
    assert local.api("PUT", f"/api/scripts/{sid}",
                     {"text": mine, "version": first["version"]}).status_code == 200
    theirs = second["text"].replace("title: Vertrouwen", "title: Vertrouwen (tab 2)", 1)
    refused = local.api("PUT", f"/api/scripts/{sid}", {"text": theirs, "version": second["version"]})
    assert refused.status_code == 409
    body = refused.get_json()
    assert "another tab" in body["message"]
    assert body["text"] == mine
    assert "-title: Vertrouwen (tab 1)" in body["diff"] and "+title: Vertrouwen (tab 2)" in body["diff"]
    on_disk = (Path(app.config["SESSIONS_DIR"]) / f"{sid}.yaml").read_text(encoding="utf-8")
    assert on_disk == mine
    # Saving over it is a choice made with the newest version in hand.
    assert local.api("PUT", f"/api/scripts/{sid}",
                     {"text": theirs, "version": body["version"]}).status_code == 200


def test_a_draft_is_kept_but_cannot_be_started(app, local):
    sid = local.new_from()
    script = local.api("GET", f"/api/scripts/{sid}").get_json()
    draft = script["text"].replace("language: nl", "language: fr", 1)
    saved = local.api("PUT", f"/api/scripts/{sid}", {"text": draft, "version": script["version"]})
    assert saved.status_code == 200 and saved.get_json()["valid"] is False
    refused = local.form(f"/scripts/{sid}/start")
    assert refused.status_code == 400 and "draft" in refused.get_data(as_text=True)
    assert not app.extensions["workshop.hub"].summaries("local")


def test_a_started_session_keeps_the_text_it_started_with(app, local):
    sid = local.new_from()
    script = local.api("GET", f"/api/scripts/{sid}").get_json()
    started = local.form(f"/scripts/{sid}/start")
    assert started.status_code == 303
    code = re.search(r"/host/(\w+)$", started.headers["Location"]).group(1)
    changed = script["text"].replace("title: Vertrouwen", "title: Iets anders", 1)
    local.api("PUT", f"/api/scripts/{sid}", {"text": changed, "version": script["version"]})
    hub = app.extensions["workshop.hub"]
    assert hub.get(code).script.title == script["data"]["title"]
    assert app.extensions["workshop.store"].session_row(code)["script_text"] == script["text"]


@pytest.mark.parametrize("content, name, says", [
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "photo.yaml", "not a YAML text file"),
    (b"title: [unclosed\n", "broken.yaml", "not valid YAML"),
    (b"title: x\nlanguage: fr\n", "wrong.yaml", "language"),
    (b"# " + b"x" * (1024 * 1024 + 10), "huge.yaml", "larger than 1 MB"),
])
def test_an_upload_that_is_not_a_valid_script_changes_nothing(app, local, content, name, says):
    folder = Path(app.config["SESSIONS_DIR"])
    before = sorted(folder.iterdir())
    answer = local.web.post("/scripts/upload", content_type="multipart/form-data", data={
        "csrf_token": local.token(), "file": (io.BytesIO(content), name)})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert says in page and "Nothing was changed" in page
    assert sorted(folder.iterdir()) == before


def test_an_uploaded_valid_script_is_kept_as_it_was_written(app, local):
    text = DUTCH.replace("title: Vertrouwen", "title: Geüpload", 1)
    answer = local.web.post("/scripts/upload", content_type="multipart/form-data", data={
        "csrf_token": local.token(), "file": (io.BytesIO(text.encode()), "avond.yaml")})
    assert answer.status_code == 303
    assert (Path(app.config["SESSIONS_DIR"]) / "avond.yaml").read_text(encoding="utf-8") == text
    assert "Geüpload" in local.web.get("/scripts").get_data(as_text=True)


def test_library_actions_on_files(app, local):
    sid = local.new_from()
    folder = Path(app.config["SESSIONS_DIR"])
    assert local.form(f"/scripts/{sid}/duplicate").status_code == 303
    assert len(list(folder.glob("*.yaml"))) == 2
    assert local.form(f"/scripts/{sid}/rename", name="Kort avondje").status_code == 303
    assert (folder / "kort-avondje.yaml").is_file() and not (folder / f"{sid}.yaml").exists()
    download = local.web.get("/scripts/kort-avondje/download")
    assert download.data == DUTCH.encode() and "attachment" in download.headers["Content-Disposition"]
    # Delete asks for the box to be ticked.
    assert local.form("/scripts/kort-avondje/delete").status_code == 400
    assert (folder / "kort-avondje.yaml").is_file()
    assert local.form("/scripts/kort-avondje/delete", confirm="yes").status_code == 303
    assert not (folder / "kort-avondje.yaml").exists()
    # A template stays as it is.
    assert local.form("/scripts/template.trust/delete", confirm="yes").status_code == 400
    assert (ROOT / "sessions" / "trust.yaml").is_file()
    # A name that climbs out of the folder names no file.
    assert local.web.get("/scripts/..%2Fsecret/download").status_code == 404


def test_a_save_without_the_csrf_token_is_refused_and_changes_nothing(app, local):
    sid = local.new_from()
    script = local.api("GET", f"/api/scripts/{sid}").get_json()
    answer = local.web.put(f"/api/scripts/{sid}", json={"text": "title: gone\n",
                                                         "version": script["version"]})
    assert answer.status_code == 400 and "reload the page" in answer.get_json()["message"]
    assert (Path(app.config["SESSIONS_DIR"]) / f"{sid}.yaml").read_text(encoding="utf-8") == DUTCH


def test_nobody_but_a_facilitator_gets_a_script(app, local):
    sid = local.new_from()
    stranger = Facilitator(app)
    assert stranger.web.get("/scripts").status_code == 302      # to the login page
    assert stranger.web.get(f"/api/scripts/{sid}").status_code == 403
    assert stranger.web.get(f"/scripts/{sid}/download").status_code in (302, 403)


def test_facilitators_never_see_or_open_each_others_scripts(app):
    ada, bo = account(app, "ada"), account(app, "bo")
    sid = ada.new_from("template.trust")
    script = ada.api("GET", f"/api/scripts/{sid}").get_json()
    assert f'data-script="{sid}"' in ada.web.get("/scripts").get_data(as_text=True)
    assert f'data-script="{sid}"' not in bo.web.get("/scripts").get_data(as_text=True)
    for method, url in [("GET", f"/api/scripts/{sid}"), ("GET", f"/scripts/{sid}/edit"),
                        ("GET", f"/scripts/{sid}/download"), ("GET", f"/scripts/{sid}/versions"),
                        ("GET", f"/api/scripts/{sid}/versions")]:
        answer = bo.web.open(url, method=method)
        assert answer.status_code == 404, url
        assert "Trust in relationships" not in answer.get_data(as_text=True)
    assert bo.api("PUT", f"/api/scripts/{sid}",
                  {"text": "title: mine\n", "version": script["version"]}).status_code == 404
    assert bo.form(f"/scripts/{sid}/delete", confirm="yes").status_code == 404
    assert bo.form(f"/scripts/{sid}/start").status_code == 404
    assert bo.form(f"/scripts/{sid}/rename", name="mine").status_code == 404
    # Ada's script is as she left it; token mode's folder holds none of it.
    assert ada.api("GET", f"/api/scripts/{sid}").get_json()["text"] == script["text"]
    assert not list(Path(app.config["SESSIONS_DIR"]).iterdir())


def test_every_save_of_an_account_is_a_version_to_restore(app):
    ada = account(app, "ada")
    sid = ada.new_from("template.trust")
    first = ada.api("GET", f"/api/scripts/{sid}").get_json()
    second = first["text"].replace("title: Trust in relationships", "title: Second", 1)
    saved = ada.api("PUT", f"/api/scripts/{sid}", {"text": second, "version": first["version"]})
    assert saved.get_json()["version"] == "2"
    versions = ada.api("GET", f"/api/scripts/{sid}/versions").get_json()["versions"]
    assert [v["version"] for v in versions] == ["2", "1"]
    assert "Version 1" in ada.web.get(f"/scripts/{sid}/versions").get_data(as_text=True)
    assert ada.form(f"/scripts/{sid}/restore", version="1").status_code == 303
    now = ada.api("GET", f"/api/scripts/{sid}").get_json()
    assert now["version"] == "3" and now["text"] == first["text"]


def test_a_new_empty_script_is_valid_and_in_the_facilitators_language(local):
    answer = local.web.post("/scripts/new", data={"csrf_token": local.token()},
                            headers={"Accept-Language": "nl"})
    sid = re.search(r"/scripts/([^/]+)/edit$", answer.headers["Location"]).group(1)
    script = local.api("GET", f"/api/scripts/{sid}").get_json()
    assert script["valid"], script["problems"]
    assert script["data"]["language"] == "nl" and script["data"]["title"] == "Nieuwe workshop"


def test_a_body_too_large_to_read_is_refused_with_a_message(app, local):
    folder = Path(app.config["SESSIONS_DIR"])
    answer = local.web.post("/scripts/upload", content_type="multipart/form-data", data={
        "csrf_token": local.token(), "file": (io.BytesIO(b"#" * (3 * 1024 * 1024)), "big.yaml")})
    assert answer.status_code == 413 and "1 MB" in answer.get_data(as_text=True)
    assert not list(folder.iterdir())
