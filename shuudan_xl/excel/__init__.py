"""The Excel entry points: xlwings UDFs and button handlers, each a thin wrapper around the services."""
