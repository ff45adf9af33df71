"""xAPI learning records: statements built from the learning events' signals, kept in an
outbox in the event's transaction, and sent in order to the LRS named by `MOOC_LRS_URL` by a
job (see docs/xapi.md)."""
