"""The coder's own keys: a keys file moves bindings by id; typos are reported, never ignored or fatal."""

from __future__ import annotations

from workbench.tui.app import WorkbenchApp
from workbench.tui.keymap import binding_groups, load_keymap
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.pickers import TextPrompt

from .conftest import settle, screen_text


def test_every_binding_has_a_unique_id():
    ids = [b.id for _title, bindings in binding_groups() for b in bindings]
    assert all(ids), [b for _t, bs in binding_groups() for b in bs if not b.id]
    assert len(ids) == len(set(ids))


def test_keys_file_is_checked_against_the_binding_ids(tmp_path):
    path = tmp_path / "keys.toml"
    path.write_text('[keys]\n"nav.footnote" = "ctrl+g, f"\n"nav.serch" = "ctrl+f"\n"coding.undo" = ""\n', encoding="utf-8")
    keymap = load_keymap(path)
    assert keymap.keys == {"nav.footnote": "ctrl+g,f"}
    assert keymap.problems == (
        f"{path}: unknown binding id 'nav.serch' - did you mean nav.search?",
        f"{path}: coding.undo = '' is not a key list - write e.g. \"ctrl+f,slash\"",
    )
    path.write_text('[keys]\n"regions.all" = "ctrl+t"\n', encoding="utf-8")  # the coding dialog's keys too
    assert load_keymap(path).keys == {"regions.all": "ctrl+t"} and not load_keymap(path).problems
    path.write_text('[keys\n"nav.footnote" = "ctrl+g"\n', encoding="utf-8")
    (problem,) = load_keymap(path).problems
    assert problem.startswith(f"{path}: not valid TOML (") and "\n" not in problem
    assert load_keymap(tmp_path / "absent.toml").keys == {}


async def test_a_rebound_key_works_and_the_help_shows_it(project, tmp_path, monkeypatch):
    keys = tmp_path / "keys.toml"
    keys.write_text('[keys]\n"nav.footnote" = "ctrl+g"\n"nav.serch" = "ctrl+f"\n', encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_KEYS", str(keys))
    app = WorkbenchApp(project, coder="tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        assert any("did you mean nav.search?" in str(n.message) for n in app._notifications)
        from workbench.tui.widgets.key_bar import KeyBar

        bar = app.screen.query_one(KeyBar).plain
        assert "^g  Footnote" in bar and "#  Footnote" not in bar  # the key bar shows the coder's key
        await pilot.press("f")  # the default key no longer opens the footnote prompt
        await settle(app, pilot)
        assert not isinstance(app.screen, TextPrompt)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "ctrl+g" in screen_text(app)
