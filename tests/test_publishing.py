"""The ways from the repository to readers: the GitHub Actions workflow and the GitLab CI
pipeline that publish the site, checked offline by the validators CI services would apply
(check-jsonschema's bundled schemas, jactionlint) and by what they must do (check before
building, publish only from the main branch, publish site/ whole); and the pre-commit hook
that runs `briefing check` for editors, run the way a user would try it (`pre-commit
try-repo`) in a throw-away repository."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import LANGUAGES, ROOT, TODAY, copy_project, publish_ready, windows_like
from test_placeholders import position

from generator.build import lock as build_lock
from generator.build.write import OUTPUT_MARKER

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
GITLAB_CI = ROOT / ".gitlab-ci.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
PRE_COMMIT_CONFIG = ROOT / ".pre-commit-config.yaml"
README = (ROOT / "README.md").read_text("utf-8")
BIN = Path(sys.executable).parent  # the project's environment, where the tools are installed

SETUP = "bash .ci/setup site"  # the README's setup command ("Two commands")
CHECK = ".venv/bin/briefing check --publish"
BUILD = ".venv/bin/mkdocs build"
# The events a run can come from, and whether it may publish.
MAIN_PUSH = {"event_name": "push", "ref": "refs/heads/main"}
MAIN_BY_HAND = {"event_name": "workflow_dispatch", "ref": "refs/heads/main"}
PULL_REQUEST = {"event_name": "pull_request", "ref": "refs/pull/7/merge"}
PULL_REQUEST_FROM_MAIN = {"event_name": "pull_request", "ref": "refs/pull/8/merge",
                          "head_ref": "main"}
BRANCH_BY_HAND = {"event_name": "workflow_dispatch", "ref": "refs/heads/new-layout"}
GITHUB_PROPERTIES = {"event_name", "ref", "head_ref", "base_ref"}


def run_tool(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / args[0]), *args[1:]], check=False, cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict), path
    return data


def workflow() -> dict[str, Any]:
    data = load(WORKFLOW)
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


# --- GitHub's expressions, as far as the workflow uses them -----------------------------

TOKEN = re.compile(r"\s*('(?:[^']|'')*'|&&|\|\||==|!=|!|\(|\)|[A-Za-z_][\w.-]*)")


def evaluate(expression: str, github: dict[str, str]) -> Any:
    """Evaluate an `if:` or `${{ }}` expression of the workflow for one run: string
    literals, `true`/`false`, `github.*` properties, `==`, `!=` (strings compare without
    regard to case, as GitHub compares them), `!`, `&&`, `||` and parentheses. Anything
    else fails the test, so that a condition cannot pass here by being misread."""
    text = expression.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    tokens: list[str] = []
    position = 0
    while text[position:].strip():
        match = TOKEN.match(text, position)
        assert match, f"cannot read {text[position:]!r} in {expression!r}"
        tokens.append(match.group(1))
        position = match.end()

    def value(token: str) -> Any:
        if token.startswith("'"):
            return token[1:-1].replace("''", "'")
        if token in ("true", "false"):
            return token == "true"
        context, _, name = token.partition(".")
        assert context == "github" and name in GITHUB_PROPERTIES, token
        return github.get(name, "")

    def same(left: Any, right: Any) -> bool:
        if isinstance(left, str) and isinstance(right, str):
            return left.casefold() == right.casefold()
        return bool(left == right)

    def joined(operator: str, operand: Callable[[], Any]) -> Any:
        """Operands joined by || or &&, left to right, each read (every token consumed)."""
        result = operand()
        while tokens and tokens[0] == operator:
            tokens.pop(0)
            right = operand()
            result = (result or right) if operator == "||" else (result and right)
        return result

    def either() -> Any:
        return joined("||", both)

    def both() -> Any:
        return joined("&&", comparison)

    def comparison() -> Any:
        left = unary()
        if tokens and tokens[0] in ("==", "!="):
            operator = tokens.pop(0)
            equal = same(left, unary())
            return equal if operator == "==" else not equal
        return left

    def unary() -> Any:
        token = tokens.pop(0)
        if token == "!":
            return not unary()
        if token == "(":
            result = either()
            assert tokens.pop(0) == ")", expression
            return result
        return value(token)

    result = either()
    assert not tokens, f"left over in {expression!r}: {tokens}"
    return result


def test_the_expression_reader_reads_what_github_would() -> None:
    assert evaluate("github.ref == 'refs/heads/MAIN'", MAIN_PUSH) is True
    assert evaluate("${{ github.event_name != 'push' }}", MAIN_PUSH) is False
    assert evaluate("!(github.ref == 'x' || github.event_name == 'push')", MAIN_PUSH) is False
    assert evaluate("github.event_name == 'push' && github.ref == 'x'", MAIN_PUSH) is False
    with pytest.raises(AssertionError):
        evaluate("contains(github.ref, 'main')", MAIN_PUSH)


# --- GitHub Actions ---------------------------------------------------------------------

def build_steps() -> list[dict[str, Any]]:
    steps = workflow()["jobs"]["build"]["steps"]
    assert steps
    return steps


def step_running(command: str) -> int:
    """The position of the one build step whose command starts with this."""
    found = [i for i, step in enumerate(build_steps())
             if str(step.get("run", "")).startswith(command)]
    assert len(found) == 1, (command, found)
    return found[0]


def step_using(action: str) -> tuple[int, dict[str, Any]]:
    found = [(i, step) for i, step in enumerate(build_steps())
             if str(step.get("uses", "")).startswith(f"{action}@")]
    assert len(found) == 1, (action, found)
    return found[0]


def test_the_workflow_is_valid_for_github() -> None:
    schema = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows",
                      str(WORKFLOW))
    assert schema.returncode == 0, schema.stdout + schema.stderr
    # jactionlint (actionlint's checks and more, offline unless asked): the actions' inputs
    # and outputs, permissions each step needs, expressions. Run steps are one command each:
    # shellcheck is left out on purpose, so that the result does not depend on whether
    # this machine has it.
    lint = run_tool("jactionlint", "--strict-exit", "--no-color", "--shellcheck=",
                    str(WORKFLOW))
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert lint.stdout == ""


def test_the_validators_refuse_a_broken_workflow(tmp_path: Path) -> None:
    text = WORKFLOW.read_text("utf-8")
    misspelt = tmp_path / "misspelt.yml"  # an input actions/checkout does not have
    misspelt.write_text(text.replace("fetch-depth: 0", "fetch-dept: 0"), "utf-8")
    lint = run_tool("jactionlint", "--no-color", "--shellcheck=", str(misspelt))
    assert lint.returncode == 1
    assert 'input "fetch-dept" is not defined in action "actions/checkout' in lint.stdout
    no_jobs = tmp_path / "no-jobs.yml"
    no_jobs.write_text(text.replace("\njobs:\n", "\njobz:\n"), "utf-8")
    schema = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows",
                      str(no_jobs))
    assert schema.returncode == 1
    assert "'jobs' is a required property" in schema.stdout


def test_the_workflow_builds_pull_requests_and_main() -> None:
    on = workflow()["on"]
    assert on["push"] == {"branches": ["main"]}
    assert "pull_request" in on and "workflow_dispatch" in on


def test_the_workflow_checks_for_publishing_before_it_builds_and_uploads() -> None:
    checkout_at, checkout = step_using("actions/checkout")
    # The history, for the comparison of key figures with git (README, "Command line").
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["with"]["persist-credentials"] is False
    python_at, python = step_using("actions/setup-python")
    assert python["with"]["python-version"] == "3.11"
    upload_at, upload = step_using("actions/upload-pages-artifact")
    assert upload["with"] == {"path": "site/"}  # site/ whole: both languages, root files
    setup_at, check_at, build_at = step_running(SETUP), step_running(CHECK), step_running(BUILD)
    assert checkout_at < python_at < setup_at < check_at < build_at < upload_at
    assert SETUP in README  # the same command a new user runs
    # Errors as annotations on their lines (run below, as the step runs it).
    assert build_steps()[check_at]["run"] == f"{CHECK} --format github"


def test_the_workflows_keep_the_picture_cache_the_build_uses() -> None:
    """GitHub's and GitLab's caches keep the folder the plugin keeps pictures in by
    default: a clean build in CI draws only pictures whose words changed."""
    from generator.engine.options import BriefingOptions

    folder = dict(BriefingOptions._schema)["picture_cache"].default
    assert folder.startswith(".cache/briefing/")
    cache_at, cache = step_using("actions/cache")
    assert folder.startswith(cache["with"]["path"].rstrip("/") + "/")
    assert cache_at < step_running(BUILD)
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))
    assert any(folder.startswith(path.rstrip("/") + "/") for path in gitlab["cache"]["paths"])


def run_the_check_step(site: Path) -> subprocess.CompletedProcess[str]:
    """The workflow's check step, its command word for word, with the project's briefing."""
    command = build_steps()[step_running(CHECK)]["run"].split()
    assert command[0] == ".venv/bin/briefing"
    env = dict(os.environ, BRIEFING_TODAY=TODAY)
    return subprocess.run([str(BIN / "briefing"), *command[1:]], check=False, cwd=site,
                          env=env, capture_output=True, text=True, timeout=120)


def test_the_check_step_annotates_a_broken_record_as_the_readme_shows(tmp_path: Path) -> None:
    site = copy_project(tmp_path / "site")
    publish_ready(site)  # the workflow is for a real site: --publish fails on placeholders
    git(site, "init", "--quiet", "--initial-branch=main")  # CI checks out the history
    git(site, "add", ".")
    git(site, "commit", "--quiet", "-m", "The site")
    passed = run_the_check_step(site)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    # The sample's editorial notices (a sentence standing twice, a status attributed to a
    # report) come and go as the sample is edited; the README shows what fails the step.
    assert without_notices(passed.stdout) == "Content is valid (0 warnings).\n"

    deal = site / "content" / "deals" / "amazon-anthropic-investment.yml"
    deal.write_text(deal.read_text("utf-8").replace('as_of: "2024-11-22"', "as_of: 22.11.2024"),
                    "utf-8")
    failed = run_the_check_step(site)
    assert failed.returncode == 1  # the step fails, and the build does not run
    section = README.split("\n### GitHub Pages\n", 1)[1].split("\n### ", 1)[0]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    assert without_notices(failed.stdout) == shown
    assert without_notices(failed.stdout).startswith(
        "::error file=content/deals/amazon-anthropic-investment.yml,line=33,col=8,title=")


def without_notices(output: str) -> str:
    return "".join(line for line in output.splitlines(keepends=True)
                   if not line.startswith("::notice file=content/"))


def test_the_workflow_publishes_from_main_only() -> None:
    jobs = workflow()["jobs"]
    upload = step_using("actions/upload-pages-artifact")[1]
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    for run in (MAIN_PUSH, MAIN_BY_HAND):
        assert evaluate(upload["if"], run) is True and evaluate(deploy["if"], run) is True
    for run in (PULL_REQUEST, PULL_REQUEST_FROM_MAIN, BRANCH_BY_HAND):
        assert evaluate(upload["if"], run) is False, run
        assert evaluate(deploy["if"], run) is False, run
    assert "if" not in jobs["build"]  # every run checks and builds


def test_the_workflow_asks_for_no_more_permission_than_each_job_needs() -> None:
    data = workflow()
    assert data["permissions"] == {}
    assert data["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert data["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_a_newer_run_cancels_a_pull_requests_older_one_but_never_a_deployment() -> None:
    concurrency = workflow()["concurrency"]
    assert "github.ref" in concurrency["group"]  # one queue per branch or pull request
    assert evaluate(concurrency["cancel-in-progress"], PULL_REQUEST) is True
    assert evaluate(concurrency["cancel-in-progress"], MAIN_PUSH) is False


def test_every_action_is_pinned_to_a_commit_and_names_its_version() -> None:
    uses = re.findall(r"uses: (\S+)(.*)", WORKFLOW.read_text("utf-8"))
    assert len(uses) == 5  # checkout, setup-python, cache, upload, deploy
    for action, comment in uses:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (action, comment)


# --- GitLab CI ----------------------------------------------------------------------------

def test_the_pipeline_is_valid_for_gitlab(tmp_path: Path) -> None:
    schema = run_tool("check-jsonschema", "--builtin-schema", "vendor.gitlab-ci",
                      str(GITLAB_CI))
    assert schema.returncode == 0, schema.stdout + schema.stderr
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(GITLAB_CI.read_text("utf-8").replace("  script:", "  scripts:", 1),
                      "utf-8")
    refused = run_tool("check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", str(broken))
    assert refused.returncode == 1
    assert "'scripts' was unexpected" in refused.stdout


def test_the_pipeline_checks_and_builds_merge_requests_and_publishes_the_default_branch(
) -> None:
    pipeline = load(GITLAB_CI)
    assert pipeline["variables"]["GIT_DEPTH"] == "0"  # the history, for the comparison
    build, pages = pipeline["build"], pipeline["pages"]
    for job in (build, pages):
        assert job["script"] == [SETUP, CHECK, BUILD]
    assert build["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert "pages" not in build and "artifacts" not in build
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["pages"] == {"publish": "site"}
    assert pages["artifacts"] == {"paths": ["site"]}
    jobs = [name for name, job in pipeline.items() if isinstance(job, dict) and "script" in job]
    assert jobs == ["build", "pages"]


def test_the_readme_shows_each_way_to_publish() -> None:
    section = README.split("\n## Publishing\n", 1)[1].split("\n## ", 1)[0]
    for text in (".github/workflows/publish.yml", ".gitlab-ci.yml", "GitHub Actions",
                 f"{CHECK} --format github", SETUP, CHECK, BUILD, "mkdocs gh-deploy",
                 ".pre-commit-config.yaml", ".pre-commit-hooks.yaml", "briefing-check",
                 "pre-commit install", "pre-commit try-repo"):
        assert text in section, text


# --- pre-commit -------------------------------------------------------------------------

def test_the_hook_runs_briefing_check_on_content_and_settings() -> None:
    [hook] = load_list(HOOKS)
    assert hook["id"] == "briefing-check"
    assert hook["entry"] == "briefing check"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("content/deals/acme.yml", "content/articles/a.de.md", "mkdocs.yml"):
        assert files.search(path), path
    for path in ("README.md", "templates/pages/deal.md.j2", "docs/mkdocs.yml.bak",
                 "tests/fixtures/minimal/content/deals/acme.yml"):
        assert not files.search(path), path


def test_the_repositorys_own_hook_is_the_one_it_offers() -> None:
    [offered] = load_list(HOOKS)
    [repo] = load(PRE_COMMIT_CONFIG)["repos"]
    assert repo["repo"] == "local"
    [own] = repo["hooks"]
    # Here the project's environment is known: the hook finds briefing in it without an
    # activated environment (a commit from an editor's git program has none).
    assert own.pop("entry") == ".venv/bin/briefing check"
    assert own == {key: value for key, value in offered.items()
                   if key not in ("entry", "description", "minimum_pre_commit_version")}


def load_list(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, list) and data, path
    return data


GIT_IDENTITY = {"GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.com",
                "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.com"}


def git(repo: Path, *args: str) -> None:
    env = dict(os.environ, **GIT_IDENTITY)
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def try_hook(site: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo <this checkout> briefing-check` in a site's repository, as a
    user tries a hook before adding it: offline, with the project's environment on PATH."""
    env = dict(os.environ, BRIEFING_TODAY=TODAY, PRE_COMMIT_HOME=str(site.parent / "cache"),
               PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    selection = ["--files", *files] if files else ["--all-files"]
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT),
                           "briefing-check", "--color", "never", *selection],
                          check=False, cwd=site, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def site_repository(tmp_path: Path) -> Path:
    site = copy_project(tmp_path / "site")
    git(site, "init", "--quiet", "--initial-branch=main")
    git(site, "add", ".")
    git(site, "commit", "--quiet", "-m", "The sample site")
    return site


def test_the_hook_passes_on_the_sample(site_repository: Path) -> None:
    result = try_hook(site_repository)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^briefing check\.+Passed$", result.stdout, re.MULTILINE), result.stdout


def test_the_hook_stops_a_commit_and_names_file_line_and_field(site_repository: Path) -> None:
    deal = site_repository / "content" / "deals" / "amazon-anthropic-investment.yml"
    lines = deal.read_text("utf-8").splitlines(keepends=True)
    [line] = [n for n, text in enumerate(lines, 1) if text == 'as_of: "2024-11-22"\n']
    lines[line - 1] = "as_of: 22.11.2024\n"
    deal.write_text("".join(lines), "utf-8")
    result = try_hook(site_repository)
    assert result.returncode == 1
    assert re.search(r"^briefing check\.+Failed$", result.stdout, re.MULTILINE), result.stdout
    assert (f"content/deals/amazon-anthropic-investment.yml:{line}:8: as_of: '22.11.2024' is "
            f"not valid (expected a calendar date YYYY-MM-DD)\n1 problem must be fixed."
            in result.stdout), result.stdout


def test_the_hook_stays_out_of_commits_that_touch_no_content(site_repository: Path) -> None:
    (site_repository / "content" / "deals" / "amazon-anthropic-investment.yml").write_text(
        "id: [broken\n", "utf-8")  # would fail, were the hook to run
    (site_repository / "notes.txt").write_text("A note.\n", "utf-8")
    git(site_repository, "add", "notes.txt")
    result = try_hook(site_repository, "notes.txt")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^briefing check\.+\(no files to check\)Skipped$", result.stdout,
                     re.MULTILINE), result.stdout


# --- mkdocs gh-deploy -------------------------------------------------------------------

ROOT_OF_THE_SITE = {*LANGUAGES, "index.html", "404.html", "sitemap.xml", "robots.txt",
                    OUTPUT_MARKER}


def gh_deploy(project: Path, remote: Path,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs gh-deploy` as the README gives it, to a bare repository standing in for
    GitHub, on a branch of its own."""
    git(project, "remote", "add", "publish", str(remote))
    env = dict(env or os.environ, BRIEFING_TODAY=TODAY, NO_MKDOCS_2_WARNING="1",
               **GIT_IDENTITY)
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "--strict",
                           "--remote-name", "publish", "--remote-branch", "pages"],
                          check=False, cwd=project, env=env, capture_output=True, text=True,
                          timeout=600)


def pushed_files(remote: Path, branch: str = "pages") -> dict[str, bytes]:
    archive = subprocess.run(["git", "archive", "--format=tar", branch], cwd=remote,
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return {member.name: tar.extractfile(member).read()  # type: ignore[union-attr]
                for member in tar.getmembers() if member.isfile()}


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def project_repository(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    (project / ".gitignore").write_text("site/\nbuild/\n", "utf-8")
    git(project, "init", "--quiet", "--initial-branch=main")
    return project


def commit_all(project: Path) -> None:
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "The site")


@pytest.mark.slow
@pytest.mark.parametrize("system", ["forking", "windows-like"])
def test_gh_deploy_publishes_the_whole_site_and_leaves_nothing_behind(
        project_repository: Path, tmp_path: Path, system: str) -> None:
    """Where the system forks, the further languages are forked processes that would each
    push their part; elsewhere they are `mkdocs build` processes of their own."""
    project = project_repository
    publish_ready(project)
    commit_all(project)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    before = {path.name for path in project.iterdir()}

    env = windows_like(tmp_path / "windows-like") if system == "windows-like" else None
    result = gh_deploy(project, remote, env)
    assert result.returncode == 0, result.stderr
    pushed = pushed_files(remote)
    # Every language and the root files, in one commit: what site/ holds, and the file
    # that tells GitHub Pages to serve the folders as they are.
    assert {name.split("/")[0] for name in pushed} == ROOT_OF_THE_SITE | {".nojekyll"}
    site = files_of(project / "site")
    assert len(site) > 100
    assert pushed == {**site, ".nojekyll": b""}
    assert pushed[OUTPUT_MARKER] == b""  # the empty marker, nothing more
    for lang in LANGUAGES:
        home = pushed[f"{lang}/index.html"].decode("utf-8")
        assert f'<html lang="{lang}"' in home
        assert f'<link rel="canonical" href="https://deals.zeitung-muster.de/{lang}/">' in home
        assert f"{lang}/deals/amazon-openai-investment/index.html" in pushed
    assert b'href="https://deals.zeitung-muster.de/"' in pushed["index.html"]
    assert (b"Sitemap: https://deals.zeitung-muster.de/sitemap.xml"
            in pushed["robots.txt"])
    commits = subprocess.run(["git", "rev-list", "--count", "pages"], cwd=remote,
                             check=True, capture_output=True, text=True).stdout
    assert commits.strip() == "1"  # one push, by one process

    # Nothing left behind: no staging or old folder, the lock free; beside the output only
    # the kept link-preview pictures (build/picture_cache.py), in a folder git ignores.
    assert {path.name for path in project.iterdir()} == before | {"site", "build", ".cache"}
    lock = build_lock.BuildLock(project, 0)
    lock.acquire()
    lock.release()


def test_gh_deploy_refuses_a_site_that_is_not_ready_and_publishes_nothing(
        project_repository: Path, tmp_path: Path) -> None:
    project = project_repository  # the sample's settings: placeholders
    commit_all(project)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    before = {path.name for path in project.iterdir()}

    result = gh_deploy(project, remote)
    assert result.returncode == 1
    assert ("ERROR   -  the site is not ready to publish: fill in these settings first "
            f"(README, \"Publishing\"):\n{position('site_url')}: 'https://briefing.example/' "
            "is an example address" in result.stderr), result.stderr
    assert f"{position('plugins.briefing.impressum.publisher')}: 'TODO" in result.stderr
    assert "\nNothing was built or published.\n" in result.stderr
    assert "Traceback" not in result.stderr
    branches = subprocess.run(["git", "branch", "--list"], cwd=remote, check=True,
                              capture_output=True, text=True).stdout
    assert branches == ""
    assert {path.name for path in project.iterdir()} == before
