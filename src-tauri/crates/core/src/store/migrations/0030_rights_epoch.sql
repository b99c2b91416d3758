-- Office mode: a session re-reads who it is and what it may do only when something that decides
-- it changed (accounts, roles, grants, settings, sealed keys), instead of after every commit of
-- anyone's (at 50 desktops that was a re-read before nearly every request). Triggers keep the
-- count, so no service can change a right and forget to say so.
CREATE TABLE rights_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
) STRICT;
INSERT INTO rights_epoch VALUES (1, 0);

CREATE TRIGGER users_rights_insert AFTER INSERT ON users BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER users_rights_update AFTER UPDATE OF active, removed_at, may_delete, must_change_password, display_name ON users BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER users_rights_delete AFTER DELETE ON users BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER roles_rights_insert AFTER INSERT ON roles BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER roles_rights_update AFTER UPDATE ON roles BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER roles_rights_delete AFTER DELETE ON roles BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER role_grants_rights_insert AFTER INSERT ON role_grants BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER role_grants_rights_update AFTER UPDATE ON role_grants BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER role_grants_rights_delete AFTER DELETE ON role_grants BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER user_roles_rights_insert AFTER INSERT ON user_roles BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER user_roles_rights_update AFTER UPDATE ON user_roles BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER user_roles_rights_delete AFTER DELETE ON user_roles BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER settings_rights_insert AFTER INSERT ON settings BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER settings_rights_update AFTER UPDATE ON settings BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER settings_rights_delete AFTER DELETE ON settings BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER vault_secrets_rights_insert AFTER INSERT ON vault_secrets BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER vault_secrets_rights_update AFTER UPDATE ON vault_secrets BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;

CREATE TRIGGER vault_secrets_rights_delete AFTER DELETE ON vault_secrets BEGIN
    UPDATE rights_epoch SET n = n + 1;
END;
