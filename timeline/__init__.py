"""Event-timeline static-site generator: articles in, a dated, sourced timeline out."""

from pathlib import Path

__version__ = "0.1.0"

# The built-in templates and static files (site_templates/ beside the package).
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "site_templates"
