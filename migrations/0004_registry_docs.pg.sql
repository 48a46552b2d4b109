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

CREATE FUNCTION lakeguard_doc_stale() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF NEW.doc IS NOT DISTINCT FROM OLD.doc THEN
    NEW.doc := NULL;
  END IF;
  RETURN NEW;
END
$f$;

ALTER TABLE jurisdictions ADD COLUMN doc TEXT;
CREATE TRIGGER jurisdictions_doc_stale BEFORE UPDATE ON jurisdictions
  FOR EACH ROW EXECUTE FUNCTION lakeguard_doc_stale();

ALTER TABLE enterprises ADD COLUMN doc TEXT;
CREATE TRIGGER enterprises_doc_stale BEFORE UPDATE ON enterprises
  FOR EACH ROW EXECUTE FUNCTION lakeguard_doc_stale();

ALTER TABLE chemicals ADD COLUMN doc TEXT;
CREATE TRIGGER chemicals_doc_stale BEFORE UPDATE ON chemicals
  FOR EACH ROW EXECUTE FUNCTION lakeguard_doc_stale();

ALTER TABLE shelters ADD COLUMN doc TEXT;
CREATE TRIGGER shelters_doc_stale BEFORE UPDATE ON shelters
  FOR EACH ROW EXECUTE FUNCTION lakeguard_doc_stale();

ALTER TABLE warehouses ADD COLUMN doc TEXT;
CREATE TRIGGER warehouses_doc_stale BEFORE UPDATE ON warehouses
  FOR EACH ROW EXECUTE FUNCTION lakeguard_doc_stale();

ALTER TABLE stock ADD COLUMN doc TEXT;
CREATE TRIGGER stock_doc_stale BEFORE UPDATE ON stock
  FOR EACH ROW EXECUTE FUNCTION lakeguard_doc_stale();

ALTER TABLE teams ADD COLUMN doc TEXT;
CREATE TRIGGER teams_doc_stale BEFORE UPDATE ON teams
  FOR EACH ROW EXECUTE FUNCTION lakeguard_doc_stale();

ALTER TABLE stations ADD COLUMN doc TEXT;
CREATE TRIGGER stations_doc_stale BEFORE UPDATE ON stations
  FOR EACH ROW EXECUTE FUNCTION lakeguard_doc_stale();

ALTER TABLE devices ADD COLUMN doc TEXT;
CREATE TRIGGER devices_doc_stale BEFORE UPDATE ON devices
  FOR EACH ROW EXECUTE FUNCTION lakeguard_doc_stale();

ALTER TABLE cameras ADD COLUMN doc TEXT;
CREATE TRIGGER cameras_doc_stale BEFORE UPDATE ON cameras
  FOR EACH ROW EXECUTE FUNCTION lakeguard_doc_stale();
