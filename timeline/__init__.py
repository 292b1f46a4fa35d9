"""Event-timeline static-site generator: articles in, a dated, sourced timeline out."""

from pathlib import Path

__version__ = "0.1.0"

# The built-in templates and static files: inside the package when it is installed from a
# wheel, else site_templates/ at the top of the checkout (an editable install, or a run
# from the checkout).
_HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = next((p for p in (_HERE / "site_templates", _HERE.parent / "site_templates")
                      if (p / "index.html").is_file()), _HERE.parent / "site_templates")
