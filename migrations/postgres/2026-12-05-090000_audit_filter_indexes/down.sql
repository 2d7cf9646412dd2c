DROP INDEX audit_log_chain_actor;
DROP INDEX audit_log_chain_at;
