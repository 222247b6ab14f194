"""Turn briefs into output files: sharded, reused from the build cache or rendered in workers.

The build's last stages, after ``validate``: every file is rendered in memory first
(in workers when ``jobs > 1``, each file of a brief a task of its own, so that one brief's
PDF and DOCX render side by side), then written, so a failed compile leaves earlier
outputs untouched. Workers only return bytes; the parent writes every file, atomically.
A brief that errors keep from compiling (its own, or those of a file it reads) is left out
and its earlier files untouched; the others are written, and the result says what was not.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from brief_builder.errors import NotCompiledError, NotFinalError, Problem, ProblemsError, UsageError, unseen
from brief_builder.layouts.fonts import THEME_FONTS, Coverage, layout_coverage
from brief_builder.layouts.loader import Layout
from brief_builder.outline import Outline
from brief_builder.pipeline.editions import with_editions
from brief_builder.pipeline.glyphs import glyph_warnings
from brief_builder.pipeline.memo import SourceCache
from brief_builder.pipeline.output import write_set
from brief_builder.pipeline.render_cache import BuildCache, layout_digest, outline_digest, render_key
from brief_builder.pipeline.validate import (
    Compiled,
    Project,
    Validation,
    Written,
    check_final,
    final_problems,
    validate,
    with_stamp,
)
from brief_builder.pipeline.written import Manifest, OutputChangedError
from brief_builder.renderers import Format, Rendered, RenderOptions, get_format
from brief_builder.sources.snapshot import take_snapshot

if TYPE_CHECKING:
    from concurrent.futures import Future

LOGGER = logging.getLogger(__name__)

BriefFiles = dict[str, Rendered]
"""Format name -> the rendered file (its bytes, its page count when known)."""


@dataclass(frozen=True)
class Shard:
    """The ``index``-th (1-based) of ``count`` slices of the briefs, sorted by id, dealt round-robin."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``2/4`` -> Shard(2, 4); anything else is a usage error."""
        left, slash, right = text.partition("/")
        if not (slash and left.strip().isdigit() and right.strip().isdigit()):
            raise UsageError(f"--shard: expected K/N such as 1/4, got {text!r}")
        index, count = int(left), int(right)
        if count < 1 or not 1 <= index <= count:
            raise UsageError(f"--shard: expected 1 <= K <= N, got {text!r}")
        return cls(index, count)

    def select(self, names: Sequence[str]) -> list[str]:
        """This shard's names: every ``count``-th of the sorted names, from the ``index``-th.

        Every name is in exactly one of the ``count`` shards, and the shards differ in size
        by at most one.
        """
        return sorted(names)[self.index - 1 :: self.count]


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs: parallelism, cache and shard."""

    jobs: int = 1
    """Worker processes; 1 renders in this process."""
    cache: Path | None = None
    """Folder of the build cache; None bypasses it."""
    shard: Shard | None = None
    language: str | None = None
    """Build only the editions in this language; None: every brief and each of its editions."""
    editions: bool = True
    """False: without ``language``, the briefs alone (``brief watch`` previews one)."""
    manifest: Path | None = None
    """The record of the outputs written (``written.py``), in the cache folder whether or not the
    build cache is used; None keeps none and replaces any file."""
    overwrite: bool = False
    """Replace output files even when they changed since they were written."""
    keep_edited: bool = False
    """Without ``overwrite``: leave each output that changed since it was written as it is and write
    the others (``brief watch``; the result's ``kept``), rather than stop before writing any
    (OutputChangedError)."""
    guarded: tuple[Path, ...] = ()
    """Files the command writes after the batch (the downloads page): one that changed since it was
    written stops the batch too, before anything is written."""


class Progress(Protocol):
    """What a batch tells about its progress (the CLI draws a bar from it)."""

    def start(self, total: int) -> None: ...

    def rendering(self, brief: str) -> None: ...

    def finished(self, brief: str) -> None: ...


@dataclass
class BatchResult:
    written: list[Written] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    """Briefs written: rendered (a file not in the cache), or a file on disk was not the cached one."""
    up_to_date: list[str] = field(default_factory=list)
    """Briefs whose every file came from the cache."""
    problems: list[Problem] = field(default_factory=list)
    """When errors kept some briefs from compiling: every problem met, warnings too."""
    not_compiled: dict[str, list[str]] = field(default_factory=dict)
    """Each brief asked for that errors kept from compiling -> the files whose errors keep it."""
    refused: dict[str, list[Problem]] = field(default_factory=dict)
    """Each brief of ``status: final`` left out -> the warnings and lint errors that keep it from final."""
    shown: list[Problem] = field(default_factory=list)
    """The problems ``on_validated`` was given to show (so a refusal does not show them twice)."""
    kept: dict[Path, bytes] = field(default_factory=dict)
    """With ``keep_edited``: each output left as it was, since it changed since it was written ->
    the bytes compiled for it, not written."""

    @property
    def briefs(self) -> list[str]:
        return [*self.rendered, *self.up_to_date]

    def raise_for_errors(self) -> None:
        """Raise NotCompiledError when some problem was an error (the briefs written stay written)."""
        if any(problem.is_error for problem in self.problems):
            raise NotCompiledError(self.problems, self.not_compiled)
        if self.refused:
            raise _not_final(self.refused, self.shown)


def all_brief_ids(sources: Path) -> list[str]:
    """Ids of the brief files under ``sources/briefs``, before they are read."""
    folder = sources / "briefs"
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix == ".yaml" and not p.name.startswith("."))


def compile_batch(
    project: Project,
    briefs: Sequence[str] | None,
    formats: Sequence[str],
    output: Path,
    options: RenderOptions,
    batch: BatchOptions | None = None,
    on_written: Callable[[Written], None] | None = None,
    on_up_to_date: Callable[[str], None] | None = None,
    progress: Progress | None = None,
    *,
    require_final: bool = False,
    refuse_unfinished: bool = False,
    on_validated: Callable[[Validation], None] | None = None,
) -> BatchResult:
    """Compile ``briefs`` (all when None, then sharded) to ``formats`` in ``output``.

    Briefs that errors keep from compiling are left out; when no brief is left, NotCompiledError is
    raised, else the result holds the problems and says which were left out (``raise_for_errors``).
    ``require_final`` refuses (NotFinalError) while any warning remains: sources, unplaced
    items, lint errors (TODO markers, images without alt text, ...). ``refuse_unfinished``
    leaves out each brief that renders as final (its ``status: final``) while a warning in a file
    it shows or a lint error remains: nothing is written for it, and ``raise_for_errors`` raises
    NotFinalError. ``on_validated`` sees the validation (warnings included) before anything is
    rendered.
    """
    batch = batch or BatchOptions()
    chosen = [get_format(name) for name in formats]
    names = list(briefs) if briefs is not None else all_brief_ids(project.sources)
    if batch.shard is not None:
        names = batch.shard.select(names)
    sources_cache = SourceCache(batch.cache) if batch.cache is not None else None
    snapshot = take_snapshot(project.sources)
    if briefs is None and batch.shard is None:
        validation = validate(project, None, sources_cache, snapshot)
    else:
        validation = validate(project, names, sources_cache, snapshot)
    if batch.editions or batch.language is not None:
        validation = with_editions(project, validation, batch.language, sources_cache, snapshot)
    validation = with_format_warnings(with_glyph_warnings(validation), chosen)
    if on_validated:
        on_validated(validation)
    compiled = validation.ready
    if validation.errors and not compiled:
        raise NotCompiledError(validation.problems, validation.not_compiled)
    if require_final:
        check_final(validation)
    refused: dict[str, list[Problem]] = {}
    if refuse_unfinished and not require_final:
        for name, item in compiled.items():
            if not options.is_draft(item.result.outline.meta):
                problems = final_problems(validation, name)
                if problems:
                    refused[name] = problems
        compiled = {name: item for name, item in compiled.items() if name not in refused}
    shown = [p for p in validation.problems if not p.is_error] if on_validated else []
    if refused and not compiled:
        if validation.errors:
            found = [*validation.problems, *(p for ps in refused.values() for p in ps)]
            raise NotCompiledError(found, {**validation.not_compiled, **_refused_files(refused)})
        raise _not_final(refused, shown)
    # the cache folder is brief-builder's own: the build cache, or only the record of outputs
    own = batch.cache if batch.cache is not None else batch.manifest.parent if batch.manifest else None
    options = with_allowed_roots(project, compiled, with_stamp(project, validation, options, own))
    cache = BuildCache(batch.cache) if batch.cache is not None else None

    keys = cache_keys(compiled, chosen, options) if cache else {}
    files: dict[str, BriefFiles] = {name: {} for name in compiled}
    todo: dict[str, list[str]] = {}
    for name in compiled:
        for fmt in chosen:
            hit = cache.get(keys[name, fmt.name]) if cache else None
            if hit is None:
                todo.setdefault(name, []).append(fmt.name)
            else:
                files[name][fmt.name] = hit

    failed = render_all(compiled, todo, options, batch.jobs, files, progress)
    problems = [
        *(validation.problems if validation.errors else []),
        *(p for ps in failed.values() for p in ps),
    ]
    not_compiled = {
        **validation.not_compiled,
        **{name: sorted({p.path for p in ps}) for name, ps in failed.items()},
    }
    if validation.errors and refused:  # the errors are what the result raises: the refusals go with them
        problems.extend(p for ps in refused.values() for p in ps)
        not_compiled.update(_refused_files(refused))
    if failed and len(failed) == len(compiled):
        raise NotCompiledError(problems, not_compiled)
    if cache:
        for name, format_names in todo.items():
            for format_name in format_names:
                if name not in failed:
                    data, pages = files[name][format_name]
                    cache.put(keys[name, format_name], data, pages)

    over = {
        name: found
        for name, item in compiled.items()
        if name not in failed
        and "pdf" in files[name]
        and (require_final or (refuse_unfinished and not options.is_draft(item.result.outline.meta)))
        and (found := item.budget_problems(files[name]["pdf"][1]))
    }
    if over and require_final:
        raise _not_final(over, shown, one_by_one=False)
    refused.update(over)
    if over and len(over) == len(compiled) - len(failed):
        raise _not_final(refused, shown)
    result = BatchResult(problems=problems, not_compiled=not_compiled, refused=refused, shown=shown)
    planned = {
        name: {output / f"{name}{fmt.suffix}": files[name][fmt.name] for fmt in chosen}
        for name in compiled
        if name not in failed and name not in over
    }
    manifest = Manifest.load(batch.manifest)
    outputs: dict[Path, bytes | None] = {
        path: data for brief_files in planned.values() for path, (data, _) in brief_files.items()
    }
    changed = [] if batch.overwrite else manifest.changed({**dict.fromkeys(batch.guarded), **outputs})
    if changed and not batch.keep_edited:
        raise OutputChangedError(changed)
    result.kept = {path: data for path, data in outputs.items() if path in changed and data is not None}
    written: list[tuple[Path, bytes]] = []
    for name, brief_files in planned.items():
        fresh = name in todo
        same = {path: _same_bytes(path, data) for path, (data, _) in brief_files.items()}
        current = not fresh and all(same.values())
        (result.up_to_date if current else result.rendered).append(name)
        done_files = []
        for fmt, (path, (data, pages)) in zip(chosen, brief_files.items(), strict=True):
            if path not in result.kept:
                done_files.append(Written(name, fmt.name, path, len(data), pages))
                written.append((path, data))
        # the brief's files all replaced, or none (a full disk half way leaves the old set)
        write_set(
            [
                (path, data)
                for path, (data, _) in brief_files.items()
                if (fresh or not same[path]) and path not in result.kept
            ]
        )
        for done in done_files:
            result.written.append(done)
            if not current and on_written:
                on_written(done)
        if current and on_up_to_date:
            on_up_to_date(name)
    manifest.record(written)
    return result


def with_glyph_warnings(validation: Validation) -> Validation:
    """``validation`` with a warning for each text of a ready brief its layout's fonts cannot draw."""
    coverages: dict[tuple, Coverage] = {}
    found: list[Problem] = []
    for compiled in validation.ready.values():
        layout = compiled.layout
        theme = {**layout.theme, **compiled.result.outline.meta.theme}
        fonts = tuple(str(theme.get(key, "")) for key in THEME_FONTS)
        key = (layout.folders, fonts, tuple(sorted(layout.fallback_fonts.items())))
        if key not in coverages:
            coverages[key] = layout_coverage(
                layout.folders, dict(zip(THEME_FONTS, fonts, strict=True)), layout.fallback_fonts
            )
        found.extend(glyph_warnings(compiled.result.outline, coverages[key]))
    return _with_problems(validation, found)


def with_format_warnings(validation: Validation, formats: Sequence[Format]) -> Validation:
    """``validation`` with what the files of ``formats`` will lose of each ready brief (a DOCX
    property cut), said before rendering so that a file the build cache serves says it too."""
    found = [
        replace(problem, edition=compiled.result.outline.meta.edition or "")
        for compiled in validation.ready.values()
        for fmt in formats
        for problem in fmt.warnings(compiled.result.outline)
    ]
    return _with_problems(validation, found)


def _with_problems(validation: Validation, found: Sequence[Problem]) -> Validation:
    """``validation`` with those of ``found`` it does not say yet (itself when there are none)."""
    added = unseen(found, validation.problems)
    return replace(validation, problems=[*validation.problems, *added]) if added else validation


def _not_final(
    refused: dict[str, list[Problem]], shown: Sequence[Problem], one_by_one: bool = True
) -> NotFinalError:
    """The refusal of the briefs ``refused`` as final (``one_by_one``: each for its own problems, by
    their ``status: final``; else the whole batch, by ``--final``)."""
    problems = [p for ps in refused.values() for p in ps]
    return NotFinalError(list(refused), problems, shown, _refused_files(refused) if one_by_one else None)


def _refused_files(refused: dict[str, list[Problem]]) -> dict[str, list[str]]:
    """Brief refused as final -> the files of the problems that refuse it."""
    return {name: sorted({p.path for p in problems}) for name, problems in refused.items()}


def with_allowed_roots(
    project: Project, compiled: dict[str, Compiled], options: RenderOptions
) -> RenderOptions:
    """``options`` allowing renderers to read the sources and every layout folder in use."""
    roots = (
        project.sources.resolve(),
        *(folder.resolve() for c in compiled.values() for folder in c.layout.folders),
    )
    return replace(options, allowed_roots=tuple(dict.fromkeys((*options.allowed_roots, *roots))))


def cache_keys(
    compiled: dict[str, Compiled], formats: Sequence[Format], options: RenderOptions
) -> dict[tuple[str, str], str]:
    """The cache key of every (brief, format); each layout's files are hashed once."""
    layout_hashes: dict[tuple[Path, ...], str] = {}
    keys = {}
    for name, item in compiled.items():
        folders = item.layout.folders
        if folders not in layout_hashes:
            layout_hashes[folders] = layout_digest(item.layout)
        outline_hash = outline_digest(item.result.outline)
        for fmt in formats:
            keys[name, fmt.name] = render_key(outline_hash, layout_hashes[folders], options, fmt.name)
    return keys


def render_all(
    compiled: dict[str, Compiled],
    todo: dict[str, list[str]],
    options: RenderOptions,
    jobs: int,
    files: dict[str, BriefFiles],
    progress: Progress | None,
) -> dict[str, list[Problem]]:
    """Render the files ``todo`` lists into ``files``, in ``jobs`` processes; return brief -> the problems
    of the briefs that failed to render (a template error, say), which are then not written.

    With one process, briefs render in turn, here. With more, every (brief, format) is a task
    of its own: a single brief's PDF and DOCX render at the same time on two cores.
    """
    problems: dict[str, list[Problem]] = {}
    workers = min(max(jobs, 1), sum(len(format_names) for format_names in todo.values()))
    if progress:
        progress.start(len(todo))
    if workers <= 1:
        for name, format_names in todo.items():
            if progress:
                progress.rendering(name)
            _collect(
                name,
                render_brief(compiled[name].result.outline, compiled[name].layout, format_names, options),
                files,
                problems,
            )
            if progress:
                progress.finished(name)
        return problems
    from concurrent.futures import ProcessPoolExecutor  # only a parallel build pays for multiprocessing

    pool = ProcessPoolExecutor(max_workers=workers, initializer=quiet_worker)
    try:
        futures: dict[str, list[Future]] = {
            name: [
                pool.submit(
                    render_brief, compiled[name].result.outline, compiled[name].layout, [format_name], options
                )
                for format_name in format_names
            ]
            for name, format_names in todo.items()
        }
        for name, brief_futures in futures.items():
            if progress:
                progress.rendering(name)
            for future in brief_futures:
                _collect(name, future.result(), files, problems)
            if progress:
                progress.finished(name)
    except BaseException:  # Ctrl-C, SIGTERM or a worker's failure: stop the workers, now
        processes = list((getattr(pool, "_processes", None) or {}).values())  # the only handle on them
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        raise
    pool.shutdown()
    return problems


def quiet_worker() -> None:
    """Run first in each worker process: Ctrl-C is the main process's to handle (it stops the
    workers), so a worker prints no KeyboardInterrupt traceback of its own; SIGTERM ends a worker
    at once (a forked worker would inherit the main process's handler)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def render_brief(
    outline: Outline, layout: Layout, format_names: Sequence[str], options: RenderOptions
) -> BriefFiles | list[Problem]:
    """Every requested file of one brief, or the problems met (run in a worker process).

    Problems are returned rather than raised: they cross the process boundary as data.
    """
    rendered: BriefFiles = {}
    try:
        for format_name in format_names:
            LOGGER.info("rendering %s as %s", outline.meta.id, format_name)
            rendered[format_name] = get_format(format_name).render(outline, layout, options)
    except ProblemsError as exc:
        return exc.problems
    return rendered


def _collect(
    name: str,
    outcome: BriefFiles | list[Problem],
    files: dict[str, BriefFiles],
    problems: dict[str, list[Problem]],
) -> None:
    if isinstance(outcome, list):
        problems.setdefault(name, []).extend(outcome)
    else:
        files[name].update(outcome)


def _same_bytes(path: Path, data: bytes) -> bool:
    """Whether ``path`` already holds exactly ``data`` (so an up-to-date file is not rewritten)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
