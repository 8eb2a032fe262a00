"""``python -m glassnet`` runs the ``glassnet`` command."""

from .cli.main import main

raise SystemExit(main())
