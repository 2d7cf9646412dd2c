-- The audit log read newest first by time and filtered by person and span of days (issue 12): the
-- school's whole log by time, and one person's entries by time. Both end with seq, which breaks ties
-- of equal times and with the time is the key an export pages by.
CREATE INDEX audit_log_chain_at ON audit_log (chain, at, seq);
CREATE INDEX audit_log_chain_actor ON audit_log (chain, actor_id, at, seq);
