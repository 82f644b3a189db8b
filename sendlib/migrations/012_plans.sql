-- APDR plans written by the school itself: whom the plan was agreed with, what comes next after
-- a review and the parents' and pupil's views at the review; each outcome's "by when"; and for
-- each piece of provision the outcome it serves, how long and where. ("evaluation" stays: it is
-- what worked.)
-- DuckDB alters a table only once its indexes are dropped; they are made again below.
DROP INDEX plans_pupil;
ALTER TABLE plans ADD COLUMN agreed_with VARCHAR;
ALTER TABLE plans ADD COLUMN what_next VARCHAR;
ALTER TABLE plans ADD COLUMN review_parent_views VARCHAR;
ALTER TABLE plans ADD COLUMN review_pupil_views VARCHAR;
CREATE INDEX plans_pupil ON plans (pupil_id);
DROP INDEX plan_outcomes_plan;
ALTER TABLE plan_outcomes ADD COLUMN by_when DATE;
CREATE INDEX plan_outcomes_plan ON plan_outcomes (plan_id);
DROP INDEX plan_provision_plan;
ALTER TABLE plan_provision ADD COLUMN outcome_position INTEGER;
ALTER TABLE plan_provision ADD COLUMN duration VARCHAR;
ALTER TABLE plan_provision ADD COLUMN location VARCHAR;
CREATE INDEX plan_provision_plan ON plan_provision (plan_id);
