"""Import and export: CSV/XLSX tables, the JSON case bundle, and GEXF/GraphML networks."""

from duiding.io.bundle import BundleError, from_bundle, read_bundle, to_bundle
from duiding.io.export import export_bytes, export_case
from duiding.io.importers import (
    ImportPreview,
    apply_import,
    import_files,
    import_incidents,
    import_members,
    import_ties,
    preview_import,
    suggest_mapping,
)
from duiding.io.tables import TableError, read_table

__all__ = [
    "BundleError",
    "ImportPreview",
    "TableError",
    "apply_import",
    "export_bytes",
    "export_case",
    "from_bundle",
    "import_files",
    "import_incidents",
    "import_members",
    "import_ties",
    "preview_import",
    "read_bundle",
    "read_table",
    "suggest_mapping",
    "to_bundle",
]
