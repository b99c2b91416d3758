-- Totals the board and the dashboard read instead of counting deals and timeline entries on
-- every opening (issue 18: at a million contacts the dashboard's weekly activity alone read
-- some 170,000 index entries). Triggers keep them in the same transaction as every change to
-- a deal or an entry, whichever code path makes it. Restricted people's share is subtracted on
-- read: they are few, and their deals and entries are found through their own indexes.

-- Every stage's deals and value.
CREATE TABLE stage_totals (
    stage_id    INTEGER PRIMARY KEY,
    deals       INTEGER NOT NULL,
    value_cents INTEGER NOT NULL
) STRICT;
INSERT INTO stage_totals (stage_id, deals, value_cents)
    SELECT stage_id, count(*), coalesce(sum(amount_cents), 0) FROM deals GROUP BY stage_id;

-- Closed deals per month (of closed_at) and stage: won and lost per month by the stage's kind.
CREATE TABLE deal_months (
    month       TEXT NOT NULL,
    stage_id    INTEGER NOT NULL,
    deals       INTEGER NOT NULL,
    value_cents INTEGER NOT NULL,
    PRIMARY KEY (month, stage_id)
) STRICT, WITHOUT ROWID;
INSERT INTO deal_months (month, stage_id, deals, value_cents)
    SELECT substr(closed_at, 1, 7), stage_id, count(*), coalesce(sum(amount_cents), 0)
    FROM deals WHERE closed_at IS NOT NULL GROUP BY 1, 2;

-- Timeline entries per day and kind.
CREATE TABLE activity_days (
    day     TEXT NOT NULL,
    kind    TEXT NOT NULL,
    entries INTEGER NOT NULL,
    PRIMARY KEY (day, kind)
) STRICT, WITHOUT ROWID;
INSERT INTO activity_days (day, kind, entries)
    SELECT substr(occurred_at, 1, 10), kind, count(*) FROM timeline_entries GROUP BY 1, 2;

CREATE TRIGGER deals_totals_insert AFTER INSERT ON deals BEGIN
    INSERT INTO stage_totals (stage_id, deals, value_cents)
        VALUES (NEW.stage_id, 1, coalesce(NEW.amount_cents, 0))
        ON CONFLICT (stage_id) DO UPDATE SET deals = deals + 1,
            value_cents = value_cents + excluded.value_cents;
    INSERT INTO deal_months (month, stage_id, deals, value_cents)
        SELECT substr(NEW.closed_at, 1, 7), NEW.stage_id, 1, coalesce(NEW.amount_cents, 0)
        WHERE NEW.closed_at IS NOT NULL
        ON CONFLICT (month, stage_id) DO UPDATE SET deals = deals + 1,
            value_cents = value_cents + excluded.value_cents;
END;

CREATE TRIGGER deals_totals_delete AFTER DELETE ON deals BEGIN
    UPDATE stage_totals SET deals = deals - 1, value_cents = value_cents - coalesce(OLD.amount_cents, 0)
        WHERE stage_id = OLD.stage_id;
    UPDATE deal_months SET deals = deals - 1, value_cents = value_cents - coalesce(OLD.amount_cents, 0)
        WHERE OLD.closed_at IS NOT NULL AND month = substr(OLD.closed_at, 1, 7) AND stage_id = OLD.stage_id;
END;

CREATE TRIGGER deals_totals_update AFTER UPDATE OF stage_id, amount_cents, closed_at ON deals BEGIN
    UPDATE stage_totals SET deals = deals - 1, value_cents = value_cents - coalesce(OLD.amount_cents, 0)
        WHERE stage_id = OLD.stage_id;
    INSERT INTO stage_totals (stage_id, deals, value_cents)
        VALUES (NEW.stage_id, 1, coalesce(NEW.amount_cents, 0))
        ON CONFLICT (stage_id) DO UPDATE SET deals = deals + 1,
            value_cents = value_cents + excluded.value_cents;
    UPDATE deal_months SET deals = deals - 1, value_cents = value_cents - coalesce(OLD.amount_cents, 0)
        WHERE OLD.closed_at IS NOT NULL AND month = substr(OLD.closed_at, 1, 7) AND stage_id = OLD.stage_id;
    INSERT INTO deal_months (month, stage_id, deals, value_cents)
        SELECT substr(NEW.closed_at, 1, 7), NEW.stage_id, 1, coalesce(NEW.amount_cents, 0)
        WHERE NEW.closed_at IS NOT NULL
        ON CONFLICT (month, stage_id) DO UPDATE SET deals = deals + 1,
            value_cents = value_cents + excluded.value_cents;
END;

CREATE TRIGGER timeline_totals_insert AFTER INSERT ON timeline_entries BEGIN
    INSERT INTO activity_days (day, kind, entries) VALUES (substr(NEW.occurred_at, 1, 10), NEW.kind, 1)
        ON CONFLICT (day, kind) DO UPDATE SET entries = entries + 1;
END;

CREATE TRIGGER timeline_totals_delete AFTER DELETE ON timeline_entries BEGIN
    UPDATE activity_days SET entries = entries - 1
        WHERE day = substr(OLD.occurred_at, 1, 10) AND kind = OLD.kind;
END;

CREATE TRIGGER timeline_totals_update AFTER UPDATE OF occurred_at, kind ON timeline_entries BEGIN
    UPDATE activity_days SET entries = entries - 1
        WHERE day = substr(OLD.occurred_at, 1, 10) AND kind = OLD.kind;
    INSERT INTO activity_days (day, kind, entries) VALUES (substr(NEW.occurred_at, 1, 10), NEW.kind, 1)
        ON CONFLICT (day, kind) DO UPDATE SET entries = entries + 1;
END;

-- The dashboard's date index (migration 4) has no reader left.
DROP INDEX timeline_occurred;
