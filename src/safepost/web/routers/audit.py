"""Audit your history in the browser: upload exports, watch the progress, read and act on the report.

Uploads stream to ``SAFEPOST_HOME/uploads`` under random names (see streamed.py); the audit runs
in a background thread (audit_jobs.py); the report is read back page by page (audit_results.py).
"Mark as deleted" and "Not a problem" are saved in the database and the baseline file
(audit_marks.py), so the CLI and later audits honour them. Without JavaScript the progress page
has a refresh link; with it, app.js polls the progress API and reloads when the audit is done.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select as sql_select
from starlette.responses import FileResponse, RedirectResponse, Response, StreamingResponse

from safepost.audit.baseline import Reason
from safepost.audit.records import platform_name, where_in_photo
from safepost.reporters.audit_html import segments
from safepost.reporters.audit_rows import CSV_FIELDS, csv_row
from safepost.store.models import AuditRun
from safepost.web import csrf
from safepost.web.audit_jobs import REPORT, Progress, make_judge, run_folder, valid_run_id
from safepost.web.audit_marks import REASON_WORDS, all_marks, baseline_path, set_mark, valid_fingerprint
from safepost.web.audit_results import Filters, Page, clean_filters, is_marked, matching, read_summary, select
from safepost.web.csrf import API_HEADER, require_api_write
from safepost.web.pages import render
from safepost.web.state import WebState, get_state
from safepost.web.streamed import Received, receive_files
from safepost.web.uploads import size_words

router = APIRouter()
EXPORT_SUFFIXES = (".zip", ".json", ".jsonl", ".csv", ".js")
UPLOAD_PATHS = ("/audit/new", "/api/audits")
MARK_REASONS = {"deleted": Reason.deleted, "not-a-problem": Reason.not_a_problem}
WRITE_NOTE = f" Send `Content-Type: application/json` and an `{API_HEADER}` header (any value)."


@dataclasses.dataclass
class ReportQuery:
    """A report's filters, as its links and the API pass them; ``clean_filters`` checks them."""

    verdict: str | None = None
    category: str | None = None
    platform: str | None = None
    year: str | None = None
    show: str | None = None
    page: str | None = None

    def raw(self) -> dict[str, str | None]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class _Report:
    """A finished audit's page of results, as the report page and the API both show it."""

    summary: dict[str, Any]
    filters: Filters
    marks: dict[str, tuple[Reason, datetime]]
    found: Page


def _report(state: WebState, run_id: str, query: ReportQuery) -> _Report:
    folder = run_folder(state.home, run_id)
    summary = read_summary(folder)
    filters = clean_filters(summary, query.raw())
    marks = all_marks(state.database())
    return _Report(summary, filters, marks, select(folder, filters, marks))


class MarkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(description="`deleted`, `not-a-problem`, or null to take the mark away.")


def _json(data: Any, status_code: int = 200) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False), media_type="application/json", status_code=status_code
    )


def _run_or_404(state: WebState, run_id: str) -> AuditRun:
    if not valid_run_id(run_id):
        raise HTTPException(404, "There is no audit at this address.")
    audits = state.audits()  # first: after a restart it marks audits that were cut off
    with audits.database.session() as session:
        run = session.get(AuditRun, run_id)
        if run is None:
            raise HTTPException(404, "There is no audit at this address. It may have been deleted.")
        session.expunge(run)
    return run


def _progress(state: WebState, run: AuditRun) -> Progress:
    """Live progress while it runs; after a restart, what the database says."""
    live = state.audits().progress(run.id)
    if live is not None:  # a copy: the audit thread goes on changing the original while the page renders
        return dataclasses.replace(live, sources=list(live.sources))
    state_word = run.state if run.state in ("done", "stopped", "failed") else "failed"
    return Progress(state=state_word, message=run.message, sources=json.loads(run.sources))


async def _start(request: Request, check_token: bool) -> str:
    state = get_state(request)
    audits = state.audits()  # the database first: a damaged one is reported before anything is uploaded

    def before_file(fields: dict[str, str]) -> None:
        if check_token:
            csrf.require_form_token(request, fields.get(csrf.FIELD), state.csrf_key)

    if check_token:
        csrf.check_origin(request)
    received: Received = await receive_files(
        request, state.home, state.max_upload, EXPORT_SUFFIXES, before_file
    )
    if check_token and not received.files:
        csrf.require_form_token(request, received.fields.get(csrf.FIELD), state.csrf_key)
    if not received.files:
        raise HTTPException(400, "Choose at least one export file to upload (the zip you downloaded).")
    keep = received.fields.get("keep", "") in ("yes", "true", "1")
    photos = received.fields.get("photos", "yes") in ("yes", "true", "1")
    judge = make_judge(state.checker(), state.owns_checker, state.home)
    try:
        return audits.start(received.files, keep, judge, photos)
    except BaseException:
        received.discard()
        raise


def _upload_context(state: WebState) -> dict[str, Any]:
    return {
        "runs": _runs(state),
        "limit": size_words(state.max_upload),
        "max_bytes": state.max_upload,
        "sources": json.loads,
    }


def _runs(state: WebState) -> list[AuditRun]:
    with state.audits().database.session() as session:
        runs = list(session.scalars(sql_select(AuditRun).order_by(AuditRun.created_at.desc())).all())
        for run in runs:
            session.expunge(run)
    return runs


# Pages


@router.get("/audit", include_in_schema=False)
def audit_page(request: Request) -> Response:
    state = get_state(request)
    return render(
        request,
        "audit.html",
        _upload_context(state),
    )


@router.post("/audit/new", include_in_schema=False)
async def audit_upload(request: Request) -> Response:
    try:
        run_id = await _start(request, check_token=True)
    except HTTPException as exc:
        if exc.status_code == 403:
            raise
        state = get_state(request)
        context = _upload_context(state)
        return render(request, "audit.html", {**context, "problem": exc.detail}, exc.status_code)
    return RedirectResponse(f"/audit/{run_id}", status_code=303)


@router.get("/audit/{run_id}", include_in_schema=False)
def audit_run_page(
    request: Request,
    run_id: str,
    query: Annotated[ReportQuery, Depends()],
) -> Response:
    state = get_state(request)
    run = _run_or_404(state, run_id)
    progress = _progress(state, run)
    context: dict[str, Any] = {"run": run, "progress": progress, "sources": json.loads(run.sources)}
    if progress.state in ("done", "stopped"):
        report = _report(state, run_id, query)
        context.update(
            summary=report.summary,
            filters=report.filters,
            found=report.found,
            marks=report.marks,
            reason_words=REASON_WORDS,
            segments=segments,
            where_in_photo=where_in_photo,
            platform_name=platform_name,
            is_marked=is_marked,
            baseline=baseline_path(state.home),
        )
    return render(request, "audit_run.html", context)


@router.post("/audit/{run_id}/mark", include_in_schema=False)
def audit_mark(
    request: Request,
    run_id: str,
    fingerprint: Annotated[str, Form(max_length=80)],
    reason: Annotated[str, Form(max_length=20)],
    back: Annotated[str, Form(max_length=400)] = "",
    item: Annotated[str, Form(max_length=12)] = "",
    csrf_token: Annotated[str | None, Form()] = None,
) -> Response:
    state = get_state(request)
    csrf.require_form_token(request, csrf_token, state.csrf_key)
    _run_or_404(state, run_id)
    if not valid_fingerprint(fingerprint) or (reason not in MARK_REASONS and reason != "clear"):
        raise HTTPException(400, "That mark was not understood. Reload the report and try again.")
    set_mark(state.database(), state.home, fingerprint, MARK_REASONS.get(reason))
    summary = read_summary(run_folder(state.home, run_id))
    filters = clean_filters(summary, dict(_query_pairs(back)))
    anchor = f"#item-{item}" if item.isdigit() else ""
    query = filters.query()
    return RedirectResponse(f"/audit/{run_id}{'?' + query if query else ''}{anchor}", status_code=303)


@router.post("/audit/{run_id}/delete", include_in_schema=False)
def audit_delete(request: Request, run_id: str, csrf_token: Annotated[str | None, Form()] = None) -> Response:
    state = get_state(request)
    csrf.require_form_token(request, csrf_token, state.csrf_key)
    run = _run_or_404(state, run_id)
    if _progress(state, run).state in ("waiting", "reading"):
        raise HTTPException(409, "This audit is still running. Wait for it to finish, then delete it.")
    state.audits().delete(run_id)
    return RedirectResponse("/audit", status_code=303)


@router.get("/audit/{run_id}/report.html", include_in_schema=False)
def audit_report_html(request: Request, run_id: str) -> Response:
    state = get_state(request)
    _run_or_404(state, run_id)
    path = run_folder(state.home, run_id) / REPORT
    if not path.exists():
        raise HTTPException(404, "This audit has no report yet.")
    return FileResponse(path, media_type="text/html", filename=f"safepost-audit-{run_id[:8]}.html")


@router.get("/audit/{run_id}/report.csv", include_in_schema=False)
def audit_report_csv(
    request: Request,
    run_id: str,
    query: Annotated[ReportQuery, Depends()],
) -> Response:
    state = get_state(request)
    _run_or_404(state, run_id)
    folder = run_folder(state.home, run_id)
    filters = clean_filters(read_summary(folder), {**query.raw(), "show": query.show or "all", "page": None})
    rows = matching(folder, filters, all_marks(state.database()))
    return StreamingResponse(
        _csv_lines(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="safepost-audit-{run_id[:8]}.csv"'},
    )


def _csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for record in rows:
        writer.writerow(csv_row(record))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _query_pairs(query: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(query.lstrip("?"), max_num_fields=10)


# API


@router.post(
    "/api/audits",
    summary="Start an audit",
    description="Multipart form: one or more `files` (export zips, or CSV/JSON/JSONL), and `keep` "
    "(`true` to keep the uploaded files afterwards) and `photos` (`false`: do not open the photo files; "
    f"default `true`). Send an `{API_HEADER}` header. "
    "Answers 202 with the audit's id and where to follow it.",
    status_code=202,
    response_model=None,
)
async def api_audit_create(request: Request) -> Response:
    csrf.check_origin(request)
    if not request.headers.get(API_HEADER):
        raise HTTPException(403, f"Add the {API_HEADER} header to API requests that change or check things.")
    run_id = await _start(request, check_token=False)
    return _json(
        {
            "id": run_id,
            "progress": f"/api/audits/{run_id}/progress",
            "results": f"/api/audits/{run_id}/results",
            "page": f"/audit/{run_id}",
        },
        202,
    )


@router.get("/api/audits", summary="Audits started here", response_model=None)
def api_audits(request: Request) -> Response:
    state = get_state(request)
    return _json([_run_to_dict(state, run) for run in _runs(state)])


@router.get("/api/audits/{run_id}/progress", summary="How far an audit has got", response_model=None)
def api_audit_progress(request: Request, run_id: str) -> Response:
    state = get_state(request)
    return _json(_progress(state, _run_or_404(state, run_id)).to_dict())


@router.get(
    "/api/audits/{run_id}/results",
    summary="An audit's summary and flagged items",
    description="Filters: `verdict` (stop, caution), `category`, `platform`, `year`, `show` (open: not yet "
    "marked, the default; marked; all), `page` (50 items a page). Items are the records of "
    "`safepost audit --format jsonl`, each finding with its `fingerprint` and `mark` "
    "(null, or the reason and date).",
    response_model=None,
)
def api_audit_results(
    request: Request,
    run_id: str,
    query: Annotated[ReportQuery, Depends()],
) -> Response:
    state = get_state(request)
    run = _run_or_404(state, run_id)
    progress = _progress(state, run)
    if progress.state not in ("done", "stopped"):
        raise HTTPException(409, "This audit has not finished yet; follow its progress and ask again.")
    report = _report(state, run_id, query)
    items = []
    for _position, record in report.found.items:
        for finding in record["findings"]:
            mark = report.marks.get(finding.get("fingerprint", ""))
            finding["mark"] = None if mark is None else {"reason": mark[0].value, "when": mark[1].isoformat()}
        items.append(record)
    return _json(
        {
            "audit": _run_to_dict(state, run),
            "summary": report.summary,
            "filters": report.filters.__dict__,
            "matched": report.found.matched,
            "pages": report.found.pages(),
            "items": items,
        }
    )


@router.put(
    "/api/audit-marks/{fingerprint}",
    dependencies=[Depends(require_api_write)],
    summary="Mark a finding as deleted or not a problem",
    description='`{"reason": "deleted"}`, `{"reason": "not-a-problem"}` or `{"reason": null}` to take '
    "the mark away. Saved for the web app and in the baseline file the CLI reads (`--baseline`)."
    + WRITE_NOTE,
    response_model=None,
)
def api_mark(request: Request, fingerprint: str, body: MarkRequest) -> Response:
    state = get_state(request)
    if not valid_fingerprint(fingerprint):
        raise HTTPException(404, "That is not a finding's fingerprint (24 letters and digits from a report).")
    if body.reason is not None and body.reason not in MARK_REASONS:
        raise HTTPException(400, "reason must be deleted, not-a-problem or null.")
    set_mark(state.database(), state.home, fingerprint, MARK_REASONS.get(body.reason or ""))
    return _json(
        {
            "fingerprint": fingerprint,
            "reason": body.reason,
            "when": datetime.now().isoformat(timespec="seconds"),
        }
    )


def _run_to_dict(state: WebState, run: AuditRun) -> dict[str, Any]:
    progress = _progress(state, run)
    return {
        "id": run.id,
        "created_at": run.created_at.isoformat(timespec="seconds"),
        "finished_at": run.finished_at.isoformat(timespec="seconds") if run.finished_at else None,
        "state": progress.state,
        "sources": json.loads(run.sources),
        "items": run.items,
        "stop": run.stop,
        "caution": run.caution,
        "message": progress.message or run.message,
        "kept_uploads": run.keep_uploads,
    }
