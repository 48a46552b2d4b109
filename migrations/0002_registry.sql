-- Registry (一库): jurisdictions and the located objects of F2. Every located table carries
-- town_code/community_code so scope is applied in the query (ARCHITECTURE.md §3).
-- Booleans are INTEGER 0/1; string lists and GeoJSON geometries are JSON text.

CREATE TABLE jurisdictions (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  level TEXT NOT NULL,
  parent_code TEXT,
  town_code TEXT,
  community_code TEXT,
  lon DOUBLE PRECISION,
  lat DOUBLE PRECISION,
  population BIGINT,
  approximate INTEGER NOT NULL DEFAULT 0,
  kind TEXT,
  polygon TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE enterprises (
  id @ID@,
  name TEXT NOT NULL,
  credit_code TEXT NOT NULL UNIQUE,
  scale TEXT NOT NULL,
  industry TEXT,
  address TEXT,
  lon DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  town_code TEXT NOT NULL,
  community_code TEXT,
  hazchem_user INTEGER NOT NULL DEFAULT 0,
  flags TEXT,
  contact_name TEXT,
  contact_phone TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX enterprises_town ON enterprises(town_code);
CREATE INDEX enterprises_community ON enterprises(community_code);

CREATE TABLE chemicals (
  id @ID@,
  enterprise_id BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  cas TEXT,
  table1_seq BIGINT,
  hazard_class TEXT NOT NULL,
  max_quantity_t DOUBLE PRECISION NOT NULL,
  storage_unit TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX chemicals_enterprise ON chemicals(enterprise_id);

CREATE TABLE shelters (
  id @ID@,
  name TEXT NOT NULL,
  type TEXT,
  capacity_people BIGINT NOT NULL,
  area_m2 DOUBLE PRECISION,
  town_code TEXT NOT NULL,
  community_code TEXT,
  address TEXT,
  lon DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  standardised INTEGER NOT NULL DEFAULT 0,
  video_url TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX shelters_town ON shelters(town_code);

CREATE TABLE warehouses (
  id @ID@,
  name TEXT NOT NULL,
  level TEXT NOT NULL,
  area_m2 DOUBLE PRECISION,
  town_code TEXT NOT NULL,
  community_code TEXT,
  address TEXT,
  lon DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  contact_phone TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX warehouses_town ON warehouses(town_code);

CREATE TABLE stock (
  id @ID@,
  warehouse_id BIGINT NOT NULL REFERENCES warehouses(id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  name TEXT NOT NULL,
  quantity DOUBLE PRECISION NOT NULL,
  unit TEXT NOT NULL,
  expiry TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX stock_warehouse ON stock(warehouse_id);

CREATE TABLE teams (
  id @ID@,
  name TEXT NOT NULL,
  type TEXT,
  headcount BIGINT NOT NULL,
  town_code TEXT NOT NULL,
  community_code TEXT,
  base_address TEXT,
  lon DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  capabilities TEXT,
  contact_phone TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX teams_town ON teams(town_code);

CREATE TABLE stations (
  id @ID@,
  name TEXT NOT NULL,
  town_code TEXT NOT NULL,
  community_code TEXT,
  address TEXT,
  lon DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  contact_phone TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE devices (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  metrics TEXT,
  town_code TEXT NOT NULL,
  community_code TEXT,
  lon DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX devices_town ON devices(town_code);

CREATE TABLE cameras (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  stream_url TEXT,
  town_code TEXT NOT NULL,
  community_code TEXT,
  lon DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
