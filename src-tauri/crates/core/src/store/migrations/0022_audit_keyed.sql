-- The audit chain becomes keyed (HMAC-SHA256 under the vault's audit key, kept in
-- vault_secrets): rows from now on are version 2. Earlier rows keep their SHA-256 links, so
-- every anchor written down for them still matches.
ALTER TABLE audit_log ADD COLUMN v INTEGER NOT NULL DEFAULT 1;
