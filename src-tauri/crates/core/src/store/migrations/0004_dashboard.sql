-- The dashboard counts activity per week over all timeline entries.
CREATE INDEX timeline_occurred ON timeline_entries(occurred_at, kind);
