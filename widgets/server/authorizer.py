"""Only the browser that owns a kernel may use it: attach, read, interrupt, shut down.

jupyter_server asks the authorizer before a kernel's websocket opens
(``/api/kernels/<id>/channels``) and before its REST handlers act (``GET`` and ``DELETE
/api/kernels/<id>``; listing, starting, restarting and interrupting are not routed by
Voila, and would be refused here too). Voila's page-unload shutdown
(``POST voila/api/shutdown/<id>``) never asks an authorizer: the identity provider asks
this one for it. A refusal is a 403, logged with the client's address and the kernel id.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.auth.authorizer import Authorizer
from tornado.websocket import WebSocketHandler

KERNELS = "kernels"


def kernel_id_of(handler: Any) -> str | None:
    """Return the kernel a request is about, or ``None`` (a list, a start…)."""
    kernel_id = (getattr(handler, "path_kwargs", None) or {}).get("kernel_id")
    if kernel_id:
        return kernel_id
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

    if isinstance(handler, VoilaShutdownKernelHandler) and handler.path_args:
        return handler.path_args[0]
    return None


class KernelOwnerAuthorizer(Authorizer):
    """Allow a kernel's own browser on its kernel, and everyone on everything else."""

    def is_authorized(self, handler, user, action: str, resource: str) -> bool:
        """Whether ``user`` may do ``action`` on ``resource`` in this request."""
        if resource != KERNELS:
            return True
        kernel_id = kernel_id_of(handler)
        manager = handler.settings["kernel_manager"]
        owner = manager.owner(kernel_id) if kernel_id and hasattr(manager, "owner") else None
        device = getattr(user, "username", None)
        if owner is not None and owner == device:
            return True
        self.log.warning(
            "Refused %s %s on kernel %s to client %s (device %s): %s",
            "websocket" if isinstance(handler, WebSocketHandler) else handler.request.method,
            action,
            kernel_id or "(none)",
            handler.request.remote_ip,
            device,
            "another browser's kernel" if owner else "no page owns this kernel",
        )
        return False
