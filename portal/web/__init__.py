"""Web helpers shared by every area: access, htmx, errors, security headers, templating.
They hold no business rules."""
