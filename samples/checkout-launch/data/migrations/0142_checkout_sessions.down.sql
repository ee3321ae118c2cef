-- Backout of 0142. Export checkout_sessions first if v2 has taken traffic
-- (orders-db-export checkout_sessions); orders placed through v2 stay valid for v1.
ALTER TABLE orders DROP COLUMN IF EXISTS session_id;
DROP TABLE IF EXISTS checkout_sessions;
