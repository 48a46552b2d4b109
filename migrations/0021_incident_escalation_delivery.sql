-- An incident task's escalation is delivered, not only recorded (issue 11 item 3: "notify the
-- assignee's superior"). After the pass commits, each new escalation goes through the incidents'
-- Notifier (log or webhook) to a person: stage 0 to the 带班领导 on duty of the incident's town
-- (else the district's), later stages to the commander who activated the plan.
-- delivery: pending (recorded, not yet handed over) | sent | failed (the channel refused;
-- delivery_error says why) | unresolved (nobody to send it to: no leader on duty).
ALTER TABLE incident_escalations ADD COLUMN notified_user_id BIGINT;
ALTER TABLE incident_escalations ADD COLUMN delivery TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE incident_escalations ADD COLUMN delivery_error TEXT;
UPDATE incident_escalations SET delivery = 'unresolved',
  delivery_error = 'recorded before escalations were delivered (migration 0021)';
