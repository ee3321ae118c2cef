-- 0143: index orders by session without blocking v1 writes (about 25 minutes in production).
-- migrate runs this file outside a transaction, as CONCURRENTLY requires.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_session_id_idx ON orders (session_id);
