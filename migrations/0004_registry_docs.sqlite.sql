-- Each registry row keeps its JSON beside it (`doc`, decision 0008): a list page is its ids and
-- documents, not a column-by-column rebuild. The store writes doc with every insert and update;
-- registry_doc_format records what the documents of a table look like, so a release that changes
-- a kind's columns rewrites them at start (store::prepare_docs).
-- A row changed by other means (an operator's UPDATE) must not keep an outdated document: the
-- trigger clears doc on any update that leaves it as it was, and the store writes it again at the
-- next start; until then lists build that row from its columns.
CREATE TABLE registry_doc_format (
  table_name TEXT PRIMARY KEY,
  format TEXT NOT NULL
);

ALTER TABLE jurisdictions ADD COLUMN doc TEXT;
CREATE TRIGGER jurisdictions_doc_stale AFTER UPDATE ON jurisdictions
WHEN NEW.doc IS OLD.doc AND NEW.doc IS NOT NULL
BEGIN
  UPDATE jurisdictions SET doc = NULL WHERE id = NEW.id;
END;

ALTER TABLE enterprises ADD COLUMN doc TEXT;
CREATE TRIGGER enterprises_doc_stale AFTER UPDATE ON enterprises
WHEN NEW.doc IS OLD.doc AND NEW.doc IS NOT NULL
BEGIN
  UPDATE enterprises SET doc = NULL WHERE id = NEW.id;
END;

ALTER TABLE chemicals ADD COLUMN doc TEXT;
CREATE TRIGGER chemicals_doc_stale AFTER UPDATE ON chemicals
WHEN NEW.doc IS OLD.doc AND NEW.doc IS NOT NULL
BEGIN
  UPDATE chemicals SET doc = NULL WHERE id = NEW.id;
END;

ALTER TABLE shelters ADD COLUMN doc TEXT;
CREATE TRIGGER shelters_doc_stale AFTER UPDATE ON shelters
WHEN NEW.doc IS OLD.doc AND NEW.doc IS NOT NULL
BEGIN
  UPDATE shelters SET doc = NULL WHERE id = NEW.id;
END;

ALTER TABLE warehouses ADD COLUMN doc TEXT;
CREATE TRIGGER warehouses_doc_stale AFTER UPDATE ON warehouses
WHEN NEW.doc IS OLD.doc AND NEW.doc IS NOT NULL
BEGIN
  UPDATE warehouses SET doc = NULL WHERE id = NEW.id;
END;

ALTER TABLE stock ADD COLUMN doc TEXT;
CREATE TRIGGER stock_doc_stale AFTER UPDATE ON stock
WHEN NEW.doc IS OLD.doc AND NEW.doc IS NOT NULL
BEGIN
  UPDATE stock SET doc = NULL WHERE id = NEW.id;
END;

ALTER TABLE teams ADD COLUMN doc TEXT;
CREATE TRIGGER teams_doc_stale AFTER UPDATE ON teams
WHEN NEW.doc IS OLD.doc AND NEW.doc IS NOT NULL
BEGIN
  UPDATE teams SET doc = NULL WHERE id = NEW.id;
END;

ALTER TABLE stations ADD COLUMN doc TEXT;
CREATE TRIGGER stations_doc_stale AFTER UPDATE ON stations
WHEN NEW.doc IS OLD.doc AND NEW.doc IS NOT NULL
BEGIN
  UPDATE stations SET doc = NULL WHERE id = NEW.id;
END;

ALTER TABLE devices ADD COLUMN doc TEXT;
CREATE TRIGGER devices_doc_stale AFTER UPDATE ON devices
WHEN NEW.doc IS OLD.doc AND NEW.doc IS NOT NULL
BEGIN
  UPDATE devices SET doc = NULL WHERE id = NEW.id;
END;

ALTER TABLE cameras ADD COLUMN doc TEXT;
CREATE TRIGGER cameras_doc_stale AFTER UPDATE ON cameras
WHEN NEW.doc IS OLD.doc AND NEW.doc IS NOT NULL
BEGIN
  UPDATE cameras SET doc = NULL WHERE id = NEW.id;
END;
