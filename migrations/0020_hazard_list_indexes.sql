-- Indexes for the hidden-danger lists officers filter most (issue 10 item 7: a filtered list of
-- 100,000 hidden dangers p99 <= 20 ms). SQLite and PostgreSQL.
--
-- town + status (+ overdue, by deadline): the 逾期看板 of a town. (town_code, status, deadline)
-- answers the filter from the index and, with the rowid/ctid order after deadline, the sort
-- "deadline, id" too; it also serves every query hazards_town(town_code, status) served.
-- town + class (a town officer's 一般/重大 list, newest first): counted from the index, paged in
-- index order (id is the index's last key on SQLite).
CREATE INDEX hazards_town_deadline ON hazards(town_code, status, deadline);
CREATE INDEX hazards_town_class ON hazards(town_code, class, id);
DROP INDEX hazards_town;
