"""Before and after photos of a measure: shown as thumbnails, added one file at a time."""

from __future__ import annotations

import ipywidgets as ipw

from widgets.i18n import _
from widgets.register import messages, photos
from widgets.register.errors import RegisterError
from widgets.register.model import Measure, Photo
from widgets.register.settings import settings
from widgets.register.steps.base import FAILED, Step
from widgets.ui import forms
from widgets.ui.style import esc


class PhotoSection(Step):
    """The photos of the measure chosen, with a kind, a caption and an upload."""

    def photos(self, measure: Measure, lang: str) -> list[ipw.Widget]:
        """Return the measure's thumbnails and the form that adds a photo."""
        title = _("Before and after photos")
        limit = _(
            "JPEG or PNG, up to {size} MB each; at most {count} photos per assessment."
        ).format(
            size=f"{settings().photo_max_bytes / 2**20:g}", count=settings().photos_per_assessment
        )
        shown = "".join(self._thumbnail(p) for p in measure.photos)
        self.shown = forms.testid(
            forms.html(
                f"<h4>{esc(title)}</h4>{forms.p(limit)}"
                f'<div class="osh-register-photos">{shown}</div>'
            ),
            "photos",
        )
        self.photo_kind = ipw.ToggleButtons(
            options=[(_("Before"), "before"), (_("After"), "after")],
            value="after" if measure.status == "done" else "before",
            style={"button_width": "auto"},
        )
        self.caption = forms.text(_("Caption (what the photo shows)"))
        upload = ipw.FileUpload(accept=".jpg,.jpeg,.png", multiple=False)
        upload.description = _("Add a photo")
        upload.add_class("osh-action")
        upload.observe(self._on_photo_upload, names="value")
        return [self.shown, self.photo_kind, self.caption, upload]

    def _thumbnail(self, photo: Photo) -> str:
        thumbs = self.app._thumbs
        if photo.id not in thumbs:
            thumbs[photo.id] = photos.thumbnail_uri(photo.data)
        kind = _("Before") if photo.kind == "before" else _("After")
        alt = photo.caption or photo.filename
        src = thumbs[photo.id]
        image = f'<img src="{src}" alt="{esc(alt)}">' if src else ""
        return (
            f'<figure class="osh-register-photo">{image}'
            f"<figcaption><b>{esc(kind)}</b>: {esc(alt)}</figcaption></figure>"
        )

    def _on_photo_upload(self, change: dict) -> None:
        files = forms.uploaded(change["new"])
        if not files:
            return
        app = self.app
        hazard_id, measure_id = self.picked.hazard_id, self.picked.measure_id
        kind, caption = self.photo_kind.value, self.caption.value
        added = 0
        refusals = []
        for name, data in files:
            try:
                photos.check_upload(data, name)  # its length and type, before any decoding
            except RegisterError as exc:
                app._clear()
                app._error(messages.error_text(exc))
                refusals.append(app._message.value)
                continue
            photo = app._change(
                lambda a, by, name=name, data=data: a.add_photo(
                    hazard_id, measure_id, data, name, kind, by, caption=caption
                ),
                redraw=False,
            )
            if photo is FAILED:
                refusals.append(app._message.value)
            else:
                added += 1
        app._render_body()
        if refusals:
            app._message.value = "".join(refusals)
        elif added:
            app._info(_("Photo added."))
