"""Who a browser is: its ``osh-device`` cookie, given on its first response.

``voila.json`` names :class:`DeviceIdentityProvider` as ``Voila.identity_provider_class``.
On every request (jupyter_server asks it first, in ``prepare``) it:

- reads the device cookie, or mints one (``secrets.token_urlsafe(32)``; ``HttpOnly``,
  ``SameSite=Lax``, ``Path=/``, ``Max-Age`` from :attr:`~DeviceIdentityProvider.cookie_days`)
  and sets it on the response;
- writes the cookie into the request's own ``Cookie`` header, so that a browser's very first
  page request already carries it to the kernel (Voila copies the headers listed in
  ``VoilaConfiguration.http_header_envs`` into the kernel's environment, or sends them to
  a preheated kernel over ``voila/query``), and the page and its kernel agree on it;
- overwrites ``X-Osh-Client`` with the peer's address, whatever the client sent, so that a
  kernel's ``HTTP_X_OSH_CLIENT`` is the server's word; and ``X-Osh-New-Device`` with "1"
  when the device cookie was given on this request (the kernel then skips the store);
- returns the user: the device's non-secret id (:func:`widgets.server.device.device_id`).

It also adds the routes of :mod:`widgets.server.handlers` (pages that record kernel
owners, a request-info socket that only kernels can use), and has the authorizer check
Voila's page-unload shutdown (which asks no authorizer itself) and kernel websockets
(whose refusal Voila cannot render) before their handlers run.
"""

from __future__ import annotations

import os

from jupyter_server.auth.identity import IdentityProvider, User
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.websocket import WebSocketHandler
from traitlets import Int

from widgets.server import device

_KERNEL_ID = r"(?P<kernel_id>\w+-\w+-\w+-\w+-\w+)"  # as Voila's routes spell it


class DeviceIdentityProvider(IdentityProvider):
    """Know each browser by a random cookie of its own; nobody signs in to the server."""

    cookie_days = Int(
        30,
        config=True,
        help="Days the osh-device cookie lasts in the browser (renewed by each page).",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.token:
            # A token would silently stop being checked: say so instead.
            raise ValueError(
                "DeviceIdentityProvider checks no token: serve without --token on the "
                "classroom's own network (under JupyterHub, the hub's identity applies)"
            )

    @property
    def login_available(self) -> bool:
        """There is no login page: a browser is known by its cookie."""
        return False

    @property
    def logout_available(self) -> bool:
        """There is no logout page either."""
        return False

    def get_user(self, handler: web.RequestHandler) -> User:
        """Return the browser's identity; give it a device cookie if it has none."""
        headers = handler.request.headers
        token = device.token_from(headers.get_list("Cookie"))
        # A socket handshake is no place to hand out a cookie; without one it owns nothing.
        is_socket = isinstance(handler, WebSocketHandler)
        # Asked twice for one request, the second time finds the cookie written below.
        new = getattr(handler.request, "osh_new_device", False)
        if token is None and not is_socket:
            new = handler.request.osh_new_device = True  # type: ignore[attr-defined]
            token = device.new_token()
            self._set_cookie(handler, token)
        elif token is not None and self._is_page(handler):
            self._set_cookie(handler, token)  # a device in use keeps its cookie
        if token is not None:
            headers["Cookie"] = device.with_device_cookie(headers.get_list("Cookie"), token)
        headers[device.CLIENT_HEADER] = handler.request.remote_ip
        headers[device.NEW_DEVICE_HEADER] = "1" if new else "0"  # the server's word only
        user = User(username=device.device_id(token) if token else device.NO_DEVICE)
        self._refuse_foreign_kernel(handler, user)
        return user

    def get_handlers(self) -> list[tuple]:
        """Return the routes answered before Voila's own (see :mod:`widgets.server.handlers`).

        Raises
        ------
        RuntimeError
            When Voila serves a single notebook (its page route then matches every path,
            so ours could not come first without hiding Voila's other routes), or when
            its kernel manager keeps no owners.
        """
        from widgets.downloads import FOLDER_ENV, ROUTE, URL_ENV
        from widgets.server.downloads import DownloadHandler
        from widgets.server.handlers import OneShotRequestInfoHandler, OwnedPageHandler
        from widgets.server.kernels import ClassroomKernelManager

        app = self.parent
        if getattr(app, "notebook_path", None):
            raise RuntimeError(
                "kernel ownership needs Voila to serve a folder (as `make serve` does), "
                "not a single notebook"
            )
        if not isinstance(app.kernel_manager, ClassroomKernelManager):
            raise RuntimeError(
                "DeviceIdentityProvider needs VoilaConfiguration.multi_kernel_manager_class "
                "= widgets.server.kernels.ClassroomKernelManager (see voila.json)"
            )
        base = app.server_url
        page_options = {
            "template_paths": app.template_paths,
            "config": app.config,
            "voila_configuration": app.voila_configuration,
        }
        route = url_path_join(base, ROUTE)
        if os.environ.get(FOLDER_ENV):
            os.environ[URL_ENV] = route  # for the kernels started from now on
        return [
            (route + r"([A-Za-z0-9_-]+)", DownloadHandler),
            (url_path_join(base, rf"/voila/query/{_KERNEL_ID}"), OneShotRequestInfoHandler),
            (url_path_join(base, r"/voila/render/(.*)"), OwnedPageHandler, page_options),
        ]

    def _set_cookie(self, handler: web.RequestHandler, token: str) -> None:
        handler.set_cookie(
            device.DEVICE_COOKIE,
            token,
            path="/",
            max_age=self.cookie_days * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=handler.request.protocol == "https",
        )

    @staticmethod
    def _is_page(handler: web.RequestHandler) -> bool:
        from voila.handler import VoilaHandler

        return isinstance(handler, VoilaHandler)

    @staticmethod
    def _refuse_foreign_kernel(handler: web.RequestHandler, user: User) -> None:
        # Voila's page-unload shutdown handler is only @authenticated (anyone's _xsrf
        # would do): ask the authorizer for it, as jupyter_server's kernel handlers do.
        # A kernel's websocket does ask, but its 403 then fails to render an error page
        # under Voila (a traceback in the log per refusal): refuse it here, before that.
        from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
        from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

        if isinstance(handler, VoilaShutdownKernelHandler):
            action = "write"
        elif isinstance(handler, KernelWebsocketHandler):
            action = "execute"
        else:
            return
        if not handler.authorizer.is_authorized(handler, user, action, "kernels"):
            handler.set_status(403)
            raise web.Finish()
