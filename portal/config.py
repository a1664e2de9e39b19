"""Default settings. Every key can be overridden by a FLASK_<KEY> environment variable
(e.g. FLASK_SECRET_KEY, FLASK_SQLALCHEMY_DATABASE_URI) or by instance/config.py."""

from datetime import timedelta

DEV_SECRET_KEY = "dev-only-not-secret"
DEMO_SERVICE_HOTLINE = "0335-2021003"   # the demo company's 客服中心 (portal/staff/demo_data.py)


class Defaults:
    SECRET_KEY = DEV_SECRET_KEY
    SQLALCHEMY_DATABASE_URI = None  # filled in by create_app: SQLite in instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    PORTAL_LOCALES = ("zh_CN", "en")
    PORTAL_TIMEZONE = "Asia/Shanghai"
    COMPANY_NAME = "昌黎县热力供应公司"
    # The departments that approve a connection application in parallel (regulation 6), by name.
    SERVICE_CONNECTION_DEPARTMENTS = ("投资发展部", "财务科", "生产运行科")
    # Return visits each customer-service operator makes a day (regulation 8; the visits page counts them).
    SERVICE_VISITS_PER_OPERATOR_DAY = 20
    # Residents' reports from one address in an hour, and wrong number/phone checks when following one.
    PUBLIC_REPORTS_PER_HOUR = 5
    PUBLIC_TRACK_FAILURES_PER_HOUR = 20
    # The customer-service phone (客服热线) on every residents' page and on the commitments poster,
    # as written there ("0335-2021003"). None: the demo's number outside production, none in
    # production until set; "" shows none anywhere.
    SERVICE_HOTLINE = None
    VEHICLES_GARAGE = "昌黎县汽车修理厂"   # the designated garage (定点维修), offered when a repair is recorded

    # Sessions: the cookie only carries a server-side session token (see auth.sessions).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # True in production (see create_app)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)  # absolute lifetime
    # The server ends a session 12 hours after login whatever the cookie says: re-signing the
    # cookie on every response to push its expiry on bought nothing (and cost each request).
    SESSION_REFRESH_EACH_REQUEST = False
    PORTAL_IDLE_TIMEOUT_MINUTES = 30

    # Failed logins allowed per window, counted in the database so all workers agree.
    PORTAL_LOGIN_WINDOW_MINUTES = 15
    PORTAL_LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    PORTAL_LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    # How many reverse proxies in front of the portal set X-Forwarded-For/-Proto (nginx in
    # front of gunicorn: 1). 0 trusts none: the address is the connection's, and forwarded
    # headers, which any client can send, are ignored. The throttle counts by this address.
    PORTAL_TRUSTED_PROXIES = 0

    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead, which expires on its own
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    PORTAL_PRODUCTION = False
