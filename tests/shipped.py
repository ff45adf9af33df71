"""The content that ships in content/."""

from __future__ import annotations

import os

from mooc.config import project_root

CONTENT = os.path.join(project_root(), "content")
