-- Duplicate checks compare e-mail addresses without regard to case.
CREATE INDEX contact_points_value_nocase ON contact_points(kind, value COLLATE NOCASE);
