"""Turn every save of a source or layout file into a rebuilt HTML preview, served on localhost.

The brief is compiled to HTML, and to any other formats asked for, by the ordinary build
(so ``output/<brief>.html`` is kept up to date); the server hands out that page with a
small script added that polls ``/__version`` and reloads after each rebuild. The script is
added to the served page only, never to the compiled file. When a build fails, the page
lists its problems.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles

from brief_builder.errors import BriefError, Problem, ProblemsError, summary
from brief_builder.layouts.loader import search_path
from brief_builder.pipeline.project import Project
from brief_builder.pipeline.render import BatchOptions, compile_batch
from brief_builder.renderers import RenderOptions

LOGGER = logging.getLogger(__name__)

HOST = "127.0.0.1"
"""The preview is for the author only: never reachable from other machines."""
VERSION_PATH = "/__version"
POLL_MS = 500
RELOAD_SCRIPT = """<script>
/* brief watch: reload when the brief has been rebuilt (not part of the compiled file) */
(function () {{
  var shown = "{version}";
  setInterval(function () {{
    fetch("{path}", {{cache: "no-store"}})
      .then(function (response) {{ return response.text(); }})
      .then(function (version) {{ if (version.trim() !== shown) {{ location.reload(); }} }})
      .catch(function () {{}});
  }}, {poll});
}})();
</script>
"""


@dataclass(frozen=True)
class Build:
    """The outcome of one rebuild."""

    version: int
    seconds: float
    paths: tuple[Path, ...]
    """Every file written, the HTML first (unless it was kept); none when the build failed."""
    problems: list[Problem] = field(default_factory=list)
    """What stopped a failed build; for one that built, errors in files the brief does not read."""
    changed: tuple[str, ...] = ()
    """Files whose change caused the rebuild (empty for the first build)."""
    kept: tuple[Path, ...] = ()
    """Files not replaced: they changed since they were written (``pipeline/written.py``)."""

    @property
    def ok(self) -> bool:
        return bool(self.paths or self.kept)

    @property
    def path(self) -> Path | None:
        """The compiled HTML file, or None when the build failed or the file was kept."""
        return next((path for path in self.paths if path.suffix == ".html"), None)


class Preview:
    """The page currently served and its version, shared by the builder and the server threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = 0
        self._page = b""

    def publish(self, page: bytes) -> int:
        with self._lock:
            self._version += 1
            self._page = page
            return self._version

    def current(self) -> tuple[int, bytes]:
        with self._lock:
            return self._version, self._page


class Watcher:
    """Rebuild one brief's HTML (and any other formats asked for) on every change; serve the HTML."""

    def __init__(
        self,
        project: Project,
        brief: str,
        output: Path,
        options: RenderOptions,
        cache: Path | None = None,
        formats: Sequence[str] = (),
        language: str | None = None,
        manifest: Path | None = None,
        overwrite: bool = False,
    ) -> None:
        self.project = project
        self.language = language
        """The language of the edition previewed; None: the brief itself (never its other editions)."""
        self.brief = brief
        self.output = output
        self.options = options
        self.cache = cache
        """Folder of the build cache: sources not edited since the last build are not parsed again."""
        self.formats = ("html", *(name for name in dict.fromkeys(formats) if name != "html"))
        """The HTML the preview serves first, then the other formats, rendered in this process
        so that WeasyPrint and the parsed layout stay loaded from one rebuild to the next."""
        self.manifest = manifest
        """The record of the outputs written: a file changed since is kept as it is, unless ``overwrite``."""
        self.overwrite = overwrite
        self.preview = Preview()
        self.server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def folders(self) -> list[Path]:
        """What is watched: the sources and every folder layouts are found in."""
        return [self.project.sources, *(p for p in search_path(self.project.layouts) if p.is_dir())]

    def rebuild(self, changed: Iterable[str] = (), keep_going: bool = False) -> Build:
        """Compile the brief to its formats and publish the HTML page, or a page of its problems.

        Problems in the inputs never raise; with ``keep_going`` no other BriefError does
        either (the brief's file deleted while watching, an unwritable output folder).
        """
        started = time.perf_counter()
        try:
            batch = BatchOptions(
                cache=self.cache,
                language=self.language,
                editions=False,
                manifest=self.manifest,
                overwrite=self.overwrite,
                keep_edited=True,
            )
            result = compile_batch(self.project, [self.brief], self.formats, self.output, self.options, batch)
        except ProblemsError as exc:
            return self._failed(exc.problems, started, changed)
        except BriefError as exc:
            if not keep_going:
                raise
            return self._failed([Problem(self.brief, None, "", str(exc))], started, changed)
        paths = tuple(file.path for file in result.written)
        html = next((file.path for file in result.written if file.format == "html"), None)
        if html is not None:
            page = html.read_bytes()
        else:  # an edited HTML file is kept as it is: the preview shows the page rebuilt all the same
            page = next(data for path, data in result.kept.items() if path.suffix == ".html")
        version = self.preview.publish(page)
        # errors in files the brief does not read are still problems to show
        kept = tuple(result.kept)
        return Build(version, time.perf_counter() - started, paths, result.problems, tuple(changed), kept)

    def _failed(self, problems: list[Problem], started: float, changed: Iterable[str]) -> Build:
        version = self.preview.publish(problems_page(self.brief, problems))
        return Build(version, time.perf_counter() - started, (), problems, tuple(changed))

    def serve(self, port: int) -> str:
        """Start serving on ``127.0.0.1:port`` (0 for any free port) in a thread; return the URL."""
        self.server = ThreadingHTTPServer((HOST, port), _handler(self.preview, self.brief))
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, name="brief-watch", daemon=True)
        self._thread.start()
        return f"http://{HOST}:{self.server.server_address[1]}/"

    def watch(self, on_build: Callable[[Build], None], stop: threading.Event | None = None) -> None:
        """Rebuild after every batch of saves until ``stop`` is set (or Ctrl-C)."""
        roots = [folder.resolve() for folder in self.folders()]
        for changes in watchfiles.watch(
            *roots, watch_filter=_Saves(roots), debounce=300, stop_event=stop, raise_interrupt=True
        ):
            changed = sorted({_shown(Path(path), roots) for path in _lasting(changes)})
            if not changed:
                continue
            LOGGER.info("changed: %s", ", ".join(changed))
            on_build(self.rebuild(changed, keep_going=True))

    def close(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def with_reload(page: bytes, version: int) -> bytes:
    """``page`` with the reload script before its last ``</body>`` (or at its end)."""
    script = RELOAD_SCRIPT.format(version=version, path=VERSION_PATH, poll=POLL_MS).encode("utf-8")
    at = page.lower().rfind(b"</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def problems_page(brief: str, problems: list[Problem]) -> bytes:
    """A plain page listing the problems that stopped the build, as ``brief validate`` prints them."""
    items = "\n".join(f"<li><code>{html.escape(str(problem))}</code></li>" for problem in problems)
    return (
        '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
        f"<title>{html.escape(brief)}: build failed</title></head>\n<body>\n<main>\n"
        f"<h1>{html.escape(brief)} did not build: {html.escape(summary(problems))}</h1>\n"
        f"<ul>\n{items}\n</ul>\n<p>Save a fix and this page reloads.</p>\n</main>\n</body>\n</html>\n"
    ).encode()


def _handler(preview: Preview, brief: str) -> type[BaseHTTPRequestHandler]:
    pages = {"/", "/index.html", f"/{brief}.html"}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            version, page = preview.current()
            if path == VERSION_PATH:
                self._send(str(version).encode("ascii"), "text/plain; charset=utf-8")
            elif path in pages:
                self._send(with_reload(page, version), "text/html; charset=utf-8")
            else:
                self.send_error(HTTPStatus.NOT_FOUND, f"only / and {VERSION_PATH} are served")

        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            LOGGER.debug("%s " + format, self.address_string(), *args)

    return Handler


class _Saves(watchfiles.DefaultFilter):
    """Saves worth a rebuild: not editor swap files, temporary files or anything in a dot-folder."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__()
        self.roots = roots

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        shown = _shown(Path(path), self.roots)
        name = Path(path).name
        hidden = any(part.startswith((".", "#")) for part in Path(shown).parts)
        return super().__call__(change, path) and not hidden and not name.endswith(("~", ".tmp", ".swp"))


def _lasting(changes: set[tuple[watchfiles.Change, str]]) -> set[str]:
    """Changed paths, without files created and deleted within the batch (an editor's temporary files)."""
    added = {path for change, path in changes if change is watchfiles.Change.added}
    deleted = {path for change, path in changes if change is watchfiles.Change.deleted}
    fleeting = {path for path in added & deleted if not Path(path).exists()}
    return {path for _, path in changes} - fleeting


def _shown(path: Path, roots: list[Path]) -> str:
    for root in roots:
        if path.is_relative_to(root):
            return (Path(root.name) / path.relative_to(root)).as_posix()
    return path.as_posix()
