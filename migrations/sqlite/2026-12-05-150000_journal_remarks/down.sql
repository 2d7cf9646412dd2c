DROP TABLE journal_remark_events;
DROP TABLE journal_remarks;
