-- The event log: every webhook's outcome and every delivery try. Times are epoch milliseconds (UTC).
CREATE TABLE ponte_webhook_log (
    id             BIGSERIAL PRIMARY KEY,
    event_id       VARCHAR(80),
    outcome        VARCHAR(32)  NOT NULL,
    detail         VARCHAR(500),
    provider       VARCHAR(64),
    type           VARCHAR(128),
    order_id       VARCHAR(200),
    customer_email VARCHAR(320),
    request_id     VARCHAR(128),
    received_at    BIGINT       NOT NULL,
    answered_at    BIGINT       NOT NULL,
    remote_address VARCHAR(64),
    user_agent     VARCHAR(300),
    body_bytes     INTEGER      NOT NULL,
    event_json     TEXT
);
CREATE INDEX ponte_webhook_log_received ON ponte_webhook_log (received_at);
CREATE INDEX ponte_webhook_log_event ON ponte_webhook_log (event_id);
CREATE INDEX ponte_webhook_log_order ON ponte_webhook_log (order_id);
CREATE INDEX ponte_webhook_log_email ON ponte_webhook_log (customer_email);

CREATE TABLE ponte_delivery_log (
    id          BIGSERIAL PRIMARY KEY,
    event_id    VARCHAR(80)  NOT NULL,
    route       VARCHAR(128) NOT NULL,
    attempt     INTEGER      NOT NULL,
    outcome     VARCHAR(32)  NOT NULL,
    status      INTEGER,
    error       VARCHAR(500),
    at          BIGINT       NOT NULL,
    duration_ms BIGINT       NOT NULL
);
CREATE INDEX ponte_delivery_log_event ON ponte_delivery_log (event_id);
CREATE INDEX ponte_delivery_log_at ON ponte_delivery_log (at);
