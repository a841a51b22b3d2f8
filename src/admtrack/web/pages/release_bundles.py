"""``/data/releases/{id}/...``: the static bundle of a published release, written once (at
publication, or on the first request for a release published before bundles existed) under
the data directory and then served as files. Only paths listed in the manifest are served."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse

from admtrack.errors import NotFound
from admtrack.services.dashboard import WebContext
from admtrack.services.releases import bundle_release
from admtrack.services.releases.bundle import MANIFEST
from admtrack.services.releases.bundle_meta import MEDIA_TYPES
from admtrack.web.deps import get_context

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]
_lock = threading.Lock()


def bundle_folder(request: Request, ctx: WebContext, release_id: str) -> Path:
    """The folder of the published release's bundle, written first if it is not there yet."""
    release = ctx.catalog().release(release_id)
    base: Path = request.app.state.settings.data_dir / "releases"
    with _lock:
        if not (base / release.id / MANIFEST).is_file():
            bundle_release(ctx.store.engine, release.id, base)
    return base / release.id


@router.get("/data/releases/{release_id}/{path:path}")
def bundle_file(request: Request, release_id: str, path: str, ctx: Ctx) -> FileResponse:
    folder = bundle_folder(request, ctx, release_id)
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    listed = {f["path"] for f in manifest["files"]} | {MANIFEST}
    if path not in listed:
        raise NotFound(f"no file {path!r} in the bundle of release {release_id!r}")
    media = MEDIA_TYPES.get(path[path.rfind(".") :], "application/octet-stream")
    return FileResponse(folder / path, media_type=media, filename=Path(path).name)
