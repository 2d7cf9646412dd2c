DROP VIEW or_results;
DROP VIEW or_line_items;
