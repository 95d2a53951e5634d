"""The plan's data: what the files hold, checked once, at load.

Owns the feature schema, strict JSON reading and writing, the validation of every feature (each
problem naming file, feature and field), the catalog of a geodata folder, the progress events and
statuses as of a date (no event lost against the committed history), the promise ledger and its verdicts, the
reference layers, the WGS-84/GCJ-02/BD-09 datums and the position audit.

Imports nothing else of ``layers``: every other package reads the data through this one.
"""
