-- Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d):
-- the catalog gets its own database on the same server as Airflow's metadata.
CREATE DATABASE newsarchive OWNER airflow;
