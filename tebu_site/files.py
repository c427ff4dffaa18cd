"""Serving a stored file only through a view that has already checked who may see it.

Documents, evidence and photos are never public media URLs; every app's download view finds the
record through its scoped selector and then answers with this response: not cached by shared
proxies or the browser, and never sniffed into another content type.
"""

from __future__ import annotations

from django.http import FileResponse, Http404


def private_file_response(
    file, *, content_type: str, filename: str = "", as_attachment: bool = True
) -> FileResponse:
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
