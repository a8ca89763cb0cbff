-- where each Cakto account's reconciliation has read the delivery history up to (Cakto's sentAt, epoch millis)
CREATE TABLE ponte_reconcile_checkpoint (
    account    VARCHAR(200) PRIMARY KEY,
    sent_at    BIGINT       NOT NULL,
    updated_at BIGINT       NOT NULL
);

-- what was resent: per event (its Ponte event id, or record:<history id> when the id cannot be computed)
CREATE TABLE ponte_reconcile_resend (
    account        VARCHAR(200) NOT NULL,
    event_key      VARCHAR(200) NOT NULL,
    attempts       INTEGER      NOT NULL,
    last_record    BIGINT       NOT NULL,
    last_resent_at BIGINT       NOT NULL,
    PRIMARY KEY (account, event_key)
);

CREATE INDEX ponte_reconcile_resend_age ON ponte_reconcile_resend (last_resent_at);
