DROP TABLE guardian_consents;
DROP TABLE acknowledgements;
