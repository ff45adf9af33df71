"""Symbolic links in the content tree never publish server files: `content check` names every
link leaving the tree, and the media route serves only regular files the last sync recorded."""

from __future__ import annotations

import os

import pytest

from tests.trees import COURSE, MODULE

SECRET = "root:x:0:0:the server's own file\n"


@pytest.fixture
def outside(tmp_path):
    """A folder outside the content tree with a 'server file' in it."""
    folder = tmp_path / "server"
    (folder / "etc").mkdir(parents=True)
    (folder / "etc" / "passwd").write_text(SECRET)
    (folder / "lesson.md").write_text("---\ntitle: Stolen\n---\n\n" + SECRET)
    return folder


def check(runner, tree):
    return runner.invoke(args=["content", "check", str(tree.root)])


def sync(runner, tree):
    return runner.invoke(args=["content", "sync", str(tree.root)])


@pytest.mark.parametrize(
    ("link", "target"),
    [
        (f"{COURSE}/media/passwd.txt", "etc/passwd"),  # a file
        (f"{COURSE}/media/etc", "etc"),  # a whole folder
        (f"{COURSE}/media/deep/er/passwd.svg", "etc/passwd"),  # deep in media/
        (f"{MODULE}/09-stolen.md", "lesson.md"),  # a lesson published by sync
        (f"{MODULE}/09-stolen.fr.md", "lesson.md"),
        ("courses/02-stolen", "."),  # a whole course folder
    ],
)
def test_links_leaving_the_tree_are_errors_and_nothing_is_published(
    client, runner, tree, outside, link, target
):
    tree.baseline()
    path = tree.root / link
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside / target, path)
    result = check(runner, tree)
    assert result.exit_code != 0
    assert "link-outside" in result.output or "outside the content folder" in result.output
    assert link in result.output
    result = sync(runner, tree)
    assert result.exit_code != 0
    for url in (
        "/courses/demo/media/passwd.txt",
        "/courses/demo/media/etc/passwd",
        "/courses/demo/media/deep/er/passwd.svg",
        "/courses/stolen/",
    ):
        response = client.get(url)
        assert SECRET not in response.get_data(as_text=True), url


def test_a_relative_link_climbing_out_is_caught_too(runner, tree, outside):
    tree.baseline()
    path = tree.root / COURSE / "media" / "up.txt"
    os.symlink(os.path.relpath(outside / "etc" / "passwd", path.parent), path)
    result = check(runner, tree)
    assert result.exit_code != 0 and "up.txt" in result.output


def test_a_link_inside_the_tree_is_fine(runner, tree):
    tree.baseline()
    media = tree.root / COURSE / "media"
    os.symlink(media / "map.svg", media / "same-map.svg")
    result = check(runner, tree)
    assert result.exit_code == 0, result.output


def test_a_link_to_a_parent_folder_does_not_loop(runner, tree):
    tree.baseline()
    media = tree.root / COURSE / "media"
    os.symlink(media, media / "again")
    result = check(runner, tree)
    assert "again" not in result.output or result.exit_code == 0


def test_a_link_placed_after_the_sync_is_never_served(client, runner, tree, outside):
    tree.baseline()
    assert sync(runner, tree).exit_code == 0
    media = tree.root / COURSE / "media"
    os.symlink(outside / "etc" / "passwd", media / "late.txt")
    assert client.get("/courses/demo/media/late.txt").status_code == 404
    # Replacing a recorded file by a link: the route does not follow it.
    os.remove(media / "map.svg")
    os.symlink(outside / "etc" / "passwd", media / "map.svg")
    response = client.get("/courses/demo/media/map.svg")
    assert response.status_code == 404
    assert SECRET not in response.get_data(as_text=True)


def test_a_recorded_folder_replaced_by_a_link_is_not_followed(client, runner, tree, outside):
    tree.baseline()
    media = tree.root / COURSE / "media"
    (media / "figures").mkdir()
    (media / "figures" / "passwd").write_text("a figure\n")
    assert sync(runner, tree).exit_code == 0
    served = client.get("/courses/demo/media/figures/passwd")
    assert served.status_code == 200
    served.close()
    (media / "figures" / "passwd").unlink()
    (media / "figures").rmdir()
    os.symlink(outside / "etc", media / "figures")
    response = client.get("/courses/demo/media/figures/passwd")
    assert response.status_code == 404


@pytest.mark.parametrize("name", [".secret", "_draft.svg", ".git/config", "sub/.env", "_x/y.svg"])
def test_hidden_and_ignored_names_are_never_served(client, runner, tree, name):
    tree.baseline()
    path = tree.root / COURSE / "media" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("private\n")
    assert sync(runner, tree).exit_code == 0
    for variant in (name, name.replace(".", "%2e", 1), name.replace("/", "%2f")):
        response = client.get(f"/courses/demo/media/{variant}")
        assert response.status_code == 404, variant


def test_a_file_added_after_the_sync_waits_for_the_next_sync(client, runner, tree):
    tree.baseline()
    assert sync(runner, tree).exit_code == 0
    (tree.root / COURSE / "media" / "new.svg").write_text("<svg/>")
    assert client.get("/courses/demo/media/new.svg").status_code == 404
    assert sync(runner, tree).exit_code == 0
    served = client.get("/courses/demo/media/new.svg")
    assert served.status_code == 200
    served.close()
    (tree.root / COURSE / "media" / "new.svg").unlink()
    assert sync(runner, tree).exit_code == 0
    assert client.get("/courses/demo/media/new.svg").status_code == 404


def test_traversal_variants_stay_404(client, synced):
    for path in ("..%2f..%2fcourse.md", "%2e%2e/course.md", "..\\course.md", "./map.svg"):
        assert client.get(f"/courses/demo/media/{path}").status_code == 404, path
