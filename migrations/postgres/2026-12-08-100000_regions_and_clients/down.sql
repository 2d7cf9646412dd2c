DROP TABLE integration_clients;
DROP TABLE region_members;
