# Copy to instance/config.py (git-ignored) for settings of this installation.
# Environment variables FLASK_<NAME> override what is set here.

# SECRET_KEY = "a long random string"
# SQLALCHEMY_DATABASE_URI = "postgresql://portal:secret@127.0.0.1/portal"
# PORTAL_IDLE_TIMEOUT_MINUTES = 30
# PORTAL_PRODUCTION = True
# SERVICE_HOTLINE = "0335-2021003"   # 客服热线 on the residents' pages and the poster ("" for none)
