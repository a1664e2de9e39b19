"""gunicorn's settings for the portal: gunicorn reads this file from the working directory
(`gunicorn app:app` in the project folder, as the README and `flask bench` run it)."""


def post_fork(server, worker):
    """Each worker loads the PDF fonts and stylesheets before it takes a request."""
    from portal.web import pdf
    pdf.warm_up()
