-- Backout of 0143; also cleans up an invalid index left by an aborted build.
DROP INDEX CONCURRENTLY IF EXISTS orders_session_id_idx;
