-- Event ids of ponte.idempotency.store=jdbc, shared by every Ponte instance (JdbcIdempotencyStore).
-- A row is a claim while confirmed_at is null (its publish is in flight on the instance holding claim_token) and a
-- published event once the broker confirmed it. Times are the database's clock, never an instance's.
CREATE TABLE ponte_event_ids (
    event_id     text        PRIMARY KEY,
    claim_token  uuid        NOT NULL,
    claimed_at   timestamptz NOT NULL,
    confirmed_at timestamptz
);

-- the purge: ids past their retention, and claims their instance abandoned
CREATE INDEX ponte_event_ids_confirmed_at ON ponte_event_ids (confirmed_at) WHERE confirmed_at IS NOT NULL;
CREATE INDEX ponte_event_ids_pending ON ponte_event_ids (claimed_at) WHERE confirmed_at IS NULL;
