-- Raw delivery bodies (about 20 kB of JSON each) are stored out of line without compression:
-- pglz (the only method the embedded PostgreSQL 17 binaries have; no lz4) costs more CPU on the
-- ingest path than the disk it saves, and nothing ever reads a body on a hot path.
-- Measured in docs/performance.md. Applies to rows written from now on.
ALTER TABLE deliveries ALTER COLUMN body SET STORAGE EXTERNAL;
