-- The seeded pipeline stages carry a key, so every user sees their names in their own language
-- ("Offerte" or "Proposal"). Renaming a stage gives it the business's own name and drops the key.
ALTER TABLE pipeline_stages ADD COLUMN builtin TEXT;
UPDATE pipeline_stages SET builtin = lower(name)
    WHERE name IN ('Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost');
