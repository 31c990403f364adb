"""The classroom server's own pieces: who a browser is, which kernels it owns, how many.

Voila loads these from ``voila.json``; a participant's kernel never imports them (they
pull in tornado, jupyter_server and Voila, which a kernel has no use for).

- :mod:`widgets.server.device`: the ``osh-device`` cookie, pure.
- :mod:`widgets.server.owners`: which browser owns which kernel, and the caps, pure.
- :mod:`widgets.server.pages`: the short bilingual page a refused visitor sees.
- :mod:`widgets.server.kernels`: the kernel manager that keeps the owners.
- :mod:`widgets.server.identity`: the identity provider (cookie, headers, routes).
- :mod:`widgets.server.authorizer`: only a kernel's owner may use it.
- :mod:`widgets.server.handlers`: the page and request-info handlers that record owners.
"""
