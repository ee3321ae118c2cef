-- 0142: checkout-v2 sessions, and the link from an order to the session that placed it.
-- Both statements are online on PostgreSQL 15: a new table, and a nullable column without a
-- default, which changes only the catalogue.
CREATE TABLE checkout_sessions (
    id              uuid PRIMARY KEY,
    cart_id         text        NOT NULL,
    currency        char(3)     NOT NULL,
    total_minor     bigint      NOT NULL CHECK (total_minor >= 0),
    status          text        NOT NULL CHECK (status IN ('open', 'paid', 'ordered', 'expired')),
    idempotency_key text        NOT NULL UNIQUE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL
);

CREATE INDEX checkout_sessions_cart_id_idx ON checkout_sessions (cart_id);

ALTER TABLE orders ADD COLUMN session_id uuid NULL;
