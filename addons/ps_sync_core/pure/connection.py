# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a connection test found, and the network faults it can name."""

from dataclasses import dataclass

#: the reasons a connection test (or a job) can give, each said in plain
#: words by the connector model (translated there, not here)
OK = "ok"
MISSING_CREDENTIALS = "missing_credentials"
UNREACHABLE = "unreachable"
PROXY = "proxy"
TIMEOUT = "timeout"
TLS = "tls"
LOGIN_REFUSED = "login_refused"
SERVER_ERROR = "server_error"
REFUSED = "refused"
NOT_CONFIGURED = "not_configured"
UNKNOWN = "unknown"

REASONS = (
    OK,
    MISSING_CREDENTIALS,
    UNREACHABLE,
    PROXY,
    TIMEOUT,
    TLS,
    LOGIN_REFUSED,
    SERVER_ERROR,
    REFUSED,
    NOT_CONFIGURED,
    UNKNOWN,
)


@dataclass(frozen=True)
class ConnectionOutcome:
    """The answer of a connection test: whether it works, why not in one
    word (``reason``, one of REASONS), a sentence for the user
    (``summary``) and the technical detail for whoever fixes it."""

    ok: bool
    reason: str
    summary: str
    detail: str = ""

    def __post_init__(self):
        if self.reason not in REASONS:
            raise ValueError(f"unknown connection reason {self.reason!r}")
        if self.ok != (self.reason == OK):
            raise ValueError("a connection is ok exactly when its reason is 'ok'")


def network_reason(err):
    """The reason a ``requests`` exception (or one it wraps) means, or None.

    Checked by class name along the exception's chain, so that this module
    needs no ``requests`` import: a proxy refusal is a ``ProxyError``, a TLS
    failure an ``SSLError``, a timeout any ``*Timeout``, and any other
    connection failure (DNS, refused, reset) means the host is unreachable.
    """
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        names = {cls.__name__ for cls in type(err).__mro__}
        if "ProxyError" in names:
            return PROXY
        if "SSLError" in names:
            return TLS
        if any(name.endswith("Timeout") for name in names):
            return TIMEOUT
        if names & {"ConnectionError", "ConnectTimeout", "NewConnectionError"}:
            return UNREACHABLE
        err = err.__cause__ or err.__context__
    return None
